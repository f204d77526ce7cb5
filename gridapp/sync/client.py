"""A client's connection to the central store: online and offline login, sync rounds.

Online login checks the password with the service, stores the session token
(keyring or a private file) and a local Argon2id verifier, so that the same user
can log in later without a network ("offline" state, clearly reported).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import update

from gridapp.domain.roles import Actor
from gridapp.errors import DomainError
from gridapp.security.passwords import hash_password
from gridapp.store.schema import users
from gridapp.sync.engine import SyncEngine
from gridapp.sync.round_outcome import LocalDiskFull, SyncReport
from gridapp.sync.tokens import TokenStore
from gridapp.sync.transport import AuthError, SyncError, TransientError, Transport
from gridapp.workspace import Workspace


class SyncClient:
    def __init__(
        self,
        ws: Workspace,
        server_url: str,
        tokens: TokenStore,
        *,
        transport: Transport | None = None,
    ) -> None:
        self.ws = ws
        self.server_url = server_url.rstrip("/")
        self.tokens = tokens
        self.transport = transport or Transport(self.server_url)
        self.engine = SyncEngine(ws, self.transport)
        self.online = False
        self.failures = 0

    def _account(self, username: str) -> str:
        return f"{self.server_url}|{username}"

    def login(self, username: str, password: str) -> Actor:
        """Log in online when the service answers; else offline against the local verifier."""
        try:
            self.transport.login(username, password)
        except TransientError as exc:
            if exc.code == "locked_out":
                # 429 is "try later" on the wire, but for a login it is the account
                # that is locked: an offline login would quietly go round the lockout.
                raise DomainError(exc.code, exc.message) from None
            self.online = False
            actor = self.ws.login(username, password)  # raises bad_credentials if unknown here
            self.resume_offline(username)
            return actor
        except (AuthError, SyncError) as exc:
            raise DomainError(exc.code, exc.message) from None
        self.online = True
        assert self.transport.token is not None
        self.tokens.save(self._account(username), self.transport.token)
        self.engine.refresh_reference(SyncReport(), for_user=username)
        with self.ws.db.write() as conn:
            conn.execute(
                update(users)
                .where(users.c.username == username)
                .values(password_hash=hash_password(password))
            )
        self.ws.reload_reference()
        return self.ws.act_as(username)

    def resume_offline(self, username: str) -> None:
        """``username`` logged in offline: rounds carry the session token saved at their
        last online login (the service says when it has expired)."""
        self.online = False
        self.transport.token = self.tokens.load(self._account(username))

    def logout(self) -> None:
        user = self.ws.user
        try:
            if self.online:
                self.transport.logout()
        except SyncError:
            pass
        self.tokens.forget(self._account(user.username))
        self.transport.token = None

    def sync(self) -> SyncReport:
        """One round; a temporary failure counts (for backoff). Only a service that did not
        answer marks the client offline: one answering 503 is reachable, just busy, and a
        full local disk says nothing about the network."""
        try:
            report = self.engine.sync()
        except TransientError as exc:
            if exc.code == "locked_out":
                # 429 is "try later" on the wire, but for a login it is the account
                # that is locked: an offline login would quietly go round the lockout.
                raise DomainError(exc.code, exc.message) from None
            if not isinstance(exc, LocalDiskFull):
                self.online = exc.answered
            self.failures += 1
            raise
        self.online = True
        self.failures = 0
        return report

    @staticmethod
    def tokens_in(folder: Path) -> TokenStore:
        return TokenStore(folder)
