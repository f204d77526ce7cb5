"""Asking the service whether a password is right, before a store key is made under it.

A laptop's first login on an encrypted store wraps the new data key under the
password typed; a mistyped one would lock the store for good, so it is checked with
the service first (a login and an immediate logout). The password is never logged.
"""

from __future__ import annotations

import contextlib

from gridapp.errors import DomainError
from gridapp.sync.transport import SyncError, TransientError, Transport


def check_login(server_url: str, username: str, password: str) -> None:
    """Returns when the service accepts the login; DomainError otherwise."""
    transport = Transport(server_url, timeout=15.0)
    try:
        transport.login(username, password)
        with contextlib.suppress(SyncError):  # else the session expires on its own
            transport.logout()
    except TransientError as exc:
        if exc.code == "locked_out":
            raise DomainError(exc.code, exc.message) from None
        raise DomainError(
            "offline_first_login",
            "无法连接同步服务，且该用户从未在本机登录过：首次登录需要联网",
        ) from None
    except SyncError as exc:
        raise DomainError(exc.code, exc.message) from None
    finally:
        transport.close()
