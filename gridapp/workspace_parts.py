"""The Workspace's parts: each area behind the facade, made on first use.

Kept apart from gridapp/workspace.py so the facade's own module stays about cases; each
part lives in its area's module and is imported lazily, so opening a store does not load
the report, map or statistics code.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gridapp.admin_client import AdminClient
    from gridapp.casework.batch import BatchActions
    from gridapp.casework.supervision import Supervision
    from gridapp.early_warning.facade import EarlyWarnings
    from gridapp.exports.facade import Exports
    from gridapp.intake.hotline_import import HotlineImports
    from gridapp.maps.data import MapData
    from gridapp.notifications.facade import Notifications
    from gridapp.prefs import Preferences
    from gridapp.reports.service import Reports
    from gridapp.reports.standing_facade import MyStanding
    from gridapp.stats.facade import Statistics
    from gridapp.workspace import Workspace


class WorkspaceParts:
    """Mixed into Workspace: ``self`` is the Workspace each part is made for."""

    @cached_property
    def maps(self) -> MapData:
        """Grid polygons, case points and tile settings for the map view."""
        from gridapp.maps.data import MapData

        return MapData(self._as_workspace())

    @cached_property
    def prefs(self) -> Preferences:
        """Per-user settings kept in the local store (saved filters, column widths)."""
        from gridapp.prefs import Preferences

        return Preferences(self._as_workspace())

    @cached_property
    def reports(self) -> Reports:
        """Monthly supervision and evaluation report: indicators, PDF, Excel."""
        from gridapp.reports.service import Reports

        return Reports(self._as_workspace())

    @cached_property
    def batch(self) -> BatchActions:
        """One action (受理/立案/派遣) over several cases, each its own event."""
        from gridapp.casework.batch import BatchActions

        return BatchActions(self._as_workspace())

    @cached_property
    def exports(self) -> Exports:
        """The case ledger, the 延期/回退/挂账 ledgers and the case sheet PDF."""
        from gridapp.exports.facade import Exports

        return Exports(self._as_workspace())

    @cached_property
    def standing(self) -> MyStanding:
        """The signed-in officer's or department's own standing (我的考评)."""
        from gridapp.reports.standing_facade import MyStanding

        return MyStanding(self._as_workspace())

    @cached_property
    def supervision(self) -> Supervision:
        """督办单: reply deadline previews, the 督办 awaiting a reply, late replies."""
        from gridapp.casework.supervision import Supervision

        return Supervision(self._as_workspace())

    @cached_property
    def notifications(self) -> Notifications:
        """What is new for the acting user: tasks, 催办/督办, deadlines, refusals."""
        from gridapp.notifications.facade import Notifications

        return Notifications(self._as_workspace())

    @cached_property
    def stats(self) -> Statistics:
        """The 统计分析 view's figures (the monthly report's definitions, any period)."""
        from gridapp.stats.facade import Statistics

        return Statistics(self._as_workspace())

    @cached_property
    def warnings(self) -> EarlyWarnings:
        """预警预判: warnings from the event logs, 督办 and 专项整治 on them."""
        from gridapp.early_warning.facade import EarlyWarnings

        return EarlyWarnings(self._as_workspace())

    @cached_property
    def hotline(self) -> HotlineImports:
        """12345 work orders: import with a column mapping, the rows waiting for a place."""
        from gridapp.intake.hotline_import import HotlineImports

        return HotlineImports(self._as_workspace())

    @cached_property
    def admin(self) -> AdminClient:
        """Administration of reference data through the sync service (admin role)."""
        from gridapp.admin_client import AdminClient

        return AdminClient(self._as_workspace())

    def _as_workspace(self) -> Workspace:
        return self  # type: ignore[return-value]
