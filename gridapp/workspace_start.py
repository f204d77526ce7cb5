"""How the desktop starts: the embedded demo store and its sync service.

Mixed into ``Workspace`` (the UI's one facade) so the UI reaches them as
``Workspace.start_demo_service(...)`` and the like; kept apart from the facade's own
module, which is about cases.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gridapp.demo.local_service import DemoService
    from gridapp.workspace import Workspace


class WorkspaceStart:
    """Static entry points used before (or while) a store is opened."""

    @staticmethod
    def open_demo(data_dir: Path) -> Workspace:
        """The embedded demo store under ``data_dir`` (built on first use, ~25 s)."""
        from gridapp.demo.store import open_demo

        return open_demo(data_dir)

    @staticmethod
    def start_demo_service(data_dir: Path, port: int = 0, **kwargs: Any) -> DemoService:
        """A sync service on 127.0.0.1 over the demo central store (built on first use)."""
        from gridapp.demo.local_service import start_demo_service

        return start_demo_service(data_dir, port=port, **kwargs)

    @staticmethod
    def known_map_page(data_dir: Path) -> Path | None:
        """The map page a client store under ``data_dir`` used last (the newest built),
        known before any store is open: the desktop loads it in the browser while the
        store is unlocked. None before the first; a page built since is loaded anew."""
        pages = Path(data_dir, "clients", "map").glob("map-*.html")
        return max(pages, key=lambda p: p.stat().st_mtime_ns, default=None)

    @staticmethod
    def next_demo_url(data_dir: Path) -> str | None:
        """The address the demo service will take when started now, if already known."""
        from gridapp.demo.service_port import next_demo_url

        return next_demo_url(data_dir)
