"""Opening the client store of a sync service and logging in: the login dialog's ``login_fn``.

A laptop keeps one client store per service URL (``Workspace.open_client_store``),
so switching server in the login dialog never mixes two services' cases.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gridapp import Workspace
from gridapp.domain.roles import Actor


def normalise_url(url: str) -> str:
    url = url.strip().rstrip("/")
    if url and "://" not in url:
        url = "http://" + url
    return url


class Connector:
    """Runs on the "net" lane: opens (once per URL) the client store, connects, logs in."""

    def __init__(self, data_dir: Path, token_dir: Path | None = None, **session: Any) -> None:
        self.data_dir = Path(data_dir)
        self.token_dir = Path(token_dir) if token_dir else self.data_dir / "tokens"
        self.session_kwargs = session  # e.g. interval=, use_keyring= (tests)
        self.workspaces: dict[str, Workspace] = {}
        self.ws: Workspace | None = None  # the one the last successful login used

    def login(self, server_url: str, username: str, password: str) -> tuple[Actor, bool]:
        """(actor, online): offline when the service did not answer (local verifier)."""
        url = normalise_url(server_url)
        ws = self.workspaces.get(url)
        if ws is None:
            ws = Workspace.open_client_store(
                self.data_dir,
                url,
                username=username,
                password=password,
                use_keyring=self.session_kwargs.get("use_keyring", True),
            )
            ws.connect(url, self.token_dir, **self.session_kwargs)
            self.workspaces[url] = ws
        elif ws.store_keys is not None:  # already open: a user new here gets a key slot
            ws.store_keys.unlock(username, password)
        assert ws.sync is not None
        actor = ws.sync.login(username, password)
        self.ws = ws
        return actor, ws.sync.online

    def close(self) -> None:
        for ws in self.workspaces.values():
            ws.close()
        self.workspaces.clear()
        self.ws = None
