"""Helpers of the admin tests: a client store logged in to a live service, with ws.admin.

Until ``ws.sync`` (a SyncSession) is wired by the sync area, the AdminClient gets the
SyncClient's transport explicitly; the path through ``ws.sync.client.transport`` is
the same object.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gridapp.admin_client import AdminClient
from gridapp.sync.client import SyncClient
from gridapp.sync.tokens import TokenStore
from gridapp.workspace import Workspace
from tests.live_server import PASSWORD, LiveServer


@dataclass
class AdminSession:
    ws: Workspace
    sync: SyncClient
    admin: AdminClient

    def close(self) -> None:
        self.admin.close()
        self.sync.transport.close()
        self.ws.close()


def admin_session(server: LiveServer, folder: Path, username: str = "admin") -> AdminSession:
    """A desktop client's store for ``username``, logged in online (reference pulled)."""
    folder.mkdir(parents=True, exist_ok=True)
    ws = Workspace.open_client(folder / f"{username}.db")
    sync = SyncClient(ws, server.url, TokenStore(folder / "tokens", use_keyring=False))
    sync.login(username, PASSWORD)
    admin = AdminClient(ws, transport=sync.transport)
    ws.__dict__["admin"] = admin  # the cached_property's slot: ws.admin is this client
    return AdminSession(ws, sync, admin)
