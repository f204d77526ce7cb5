"""How a warning reads: its rule, its subject and its figures (translatable)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from gridapp import Workspace
from gridapp.early_warning.acks import AckState
from gridapp.early_warning.model import EarlyWarning, WarningKind


def kind_label(kind: WarningKind) -> str:
    return {
        WarningKind.RECURRING: QCoreApplication.translate("warnings", "Recurring problem"),
        WarningKind.SURGE: QCoreApplication.translate("warnings", "Surge of new cases"),
        WarningKind.OVERDUE_RISING: QCoreApplication.translate("warnings", "Overdue keeps rising"),
        WarningKind.REWORK: QCoreApplication.translate("warnings", "Reworked again and again"),
    }[kind]


def _grid(ws: Workspace, code: str | None) -> str:
    grid = ws.reference.grids.get(code or "")
    return f"{grid.community_name} {grid.name}" if grid else (code or "")


def _category(ws: Workspace, code: str | None) -> str:
    try:
        return ws.catalog.get(code or "").name
    except Exception:  # a class no longer in the catalog: its code
        return code or ""


def subject(ws: Workspace, w: EarlyWarning) -> str:
    """What the warning is about: a grid and class, a community, a department, a case."""
    if w.kind is WarningKind.OVERDUE_RISING:
        dept = ws.reference.departments.get(w.department_code or "")
        return dept.name if dept else (w.department_code or "")
    if w.kind is WarningKind.SURGE and w.grid_code is None:
        comm = ws.reference.communities.get(w.community_code or "")
        return comm.name if comm else (w.community_code or "")
    if w.kind is WarningKind.SURGE:
        return _grid(ws, w.grid_code)
    return f"{_grid(ws, w.grid_code)} · {_category(ws, w.category_code)}"


def figures(w: EarlyWarning) -> str:
    """The numbers that tripped the rule."""
    if w.kind is WarningKind.RECURRING:
        return QCoreApplication.translate("warnings", "{0} reports since {1}").format(
            w.count, f"{w.since:%m-%d}" if w.since else ""
        )
    if w.kind is WarningKind.SURGE:
        return QCoreApplication.translate(
            "warnings", "{0} new cases in 7 days, weekly average before {1:.1f}"
        ).format(w.count, w.baseline or 0.0)
    if w.kind is WarningKind.OVERDUE_RISING:
        return QCoreApplication.translate("warnings", "Overdue day by day: {0}").format(
            " → ".join(str(n) for n in w.series)
        )
    return QCoreApplication.translate("warnings", "Check failed {0} times").format(w.count)


def campaign_name(ws: Workspace, w: EarlyWarning) -> str:
    """A suggested name for a campaign started from the warning."""
    text = QCoreApplication.translate("warnings", "{0} {1} campaign")
    return text.format(subject(ws, w), kind_label(w.kind))[:40]


def ack_text(ws: Workspace, ack: Any, covers: bool) -> str:
    """The "Handled" column: who acknowledged or dismissed it, when, and the note; for an
    acknowledgement a new case has outgrown, that it is open again (note kept)."""
    if ack is None:
        return ""
    user = ws.reference.users.get(ack.by)
    who = user.display_name if user else ack.by
    if ack.state is AckState.DISMISSED:
        text = QCoreApplication.translate("warnings", "Dismissed by {0} {1}")
    else:
        text = QCoreApplication.translate("warnings", "Acknowledged by {0} {1}")
    line = text.format(who, f"{ack.at:%m-%d %H:%M}")
    if ack.note:
        line = f"{line}: {ack.note}"
    if not covers:
        line = QCoreApplication.translate("warnings", "New cases since — {0}").format(line)
    return line
