"""Where the session token lives: the OS keyring when there is one, else a private file.

The file fallback is created with mode 0600 (readable by the user only) and
replaced atomically. A token is never logged.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from gridapp.store.store_key import os_keyring

SERVICE = "gridapp"


class TokenStore:
    def __init__(self, folder: Path, *, use_keyring: bool = True) -> None:
        self.folder = Path(folder)
        self.keyring = os_keyring() if use_keyring else None

    def _file(self, account: str) -> Path:
        safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in account)
        return self.folder / f"token-{safe}"

    def save(self, account: str, token: str) -> None:
        if self.keyring is not None:
            self.keyring.set_password(SERVICE, account, token)  # type: ignore[attr-defined]
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self._file(account)
        tmp = target.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(token)
        os.replace(tmp, target)

    def load(self, account: str) -> str | None:
        if self.keyring is not None:
            return self.keyring.get_password(SERVICE, account)  # type: ignore[attr-defined]
        try:
            return self._file(account).read_text().strip() or None
        except FileNotFoundError:
            return None

    def forget(self, account: str) -> None:
        if self.keyring is not None:
            with contextlib.suppress(Exception):
                self.keyring.delete_password(SERVICE, account)  # type: ignore[attr-defined]
            return
        self._file(account).unlink(missing_ok=True)
