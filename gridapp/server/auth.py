"""Accounts and sessions of the sync service: login, tokens, expiry, throttling, audit.

Tokens are opaque random strings; the server keeps only their sha-256, so a copy
of the database does not let anyone act as a user. Every login, failure, throttled attempt,
permission refusal and admin action leaves an ``audit_log`` row; neither a
password nor a token (not even its hash) ever goes into that row or into a log.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, and_, insert, select, update

from gridapp.domain.roles import Actor, Role
from gridapp.errors import DomainError, ValidationError
from gridapp.security.password_policy import check_new_password
from gridapp.security.passwords import hash_password, needs_rehash, verify_password
from gridapp.server.central import Central
from gridapp.server.login_throttle import THROTTLED, throttle_for
from gridapp.store.counters import bump
from gridapp.store.reference import UserRecord
from gridapp.store.schema import audit_log, sessions, user_grids, users

log = logging.getLogger("gridapp.server.auth")

LAST_SEEN_EVERY_S = 60  # last_seen is written at most this often per session
TOKEN_BYTES = 32
MAX_TOKEN_CHARS = 256  # longer is not one of ours: refuse without hashing megabytes
_SECRET_KEYS = ("password", "token", "secret", "hash")


def token_hash(token: str) -> str:
    """The only form of a token the server stores."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash to verify against for unknown users, so they cost as much as real ones."""
    return hash_password(secrets.token_urlsafe(16))


# --- audit ---------------------------------------------------------------------------


def _clean(detail: dict[str, Any]) -> dict[str, Any]:
    """Drop anything that looks secret: a caller's mistake must not end up in the log."""
    return {k: v for k, v in detail.items() if not any(s in k.lower() for s in _SECRET_KEYS)}


def audit(
    conn: Connection,
    *,
    at: datetime,
    username: str | None,
    action: str,
    detail: dict[str, Any],
    ip: str | None,
) -> None:
    """Append one audit row in the caller's transaction (so it commits with the change)."""
    text = json.dumps(_clean(detail), ensure_ascii=False, sort_keys=True, default=str)
    conn.execute(
        insert(audit_log).values(
            at=at,
            username=username[:64] if username else None,
            action=action[:32],
            detail=text,
            ip=ip[:64] if ip else None,
        )
    )


def audit_row(
    conn: Connection,
    at: datetime,
    username: str | None,
    ip: str | None,
    action: str,
    /,
    **detail: Any,
) -> None:
    """:func:`audit` with the detail as keywords."""
    audit(conn, at=at, username=username, action=action, detail=detail, ip=ip)


def audit_alone(
    central: Central,
    at: datetime,
    username: str | None,
    ip: str | None,
    action: str,
    /,
    **detail: Any,
) -> None:
    """One audit row in a transaction of its own (a refusal, a failure, a read)."""
    with central.db.write() as conn:
        audit_row(conn, at, username, ip, action, **detail)


def record_refusal(central: Central, actor: Actor, path: str, *, ip: str | None) -> None:
    """Audit a permission refusal (403): who, with which role, tried what."""
    role, path = actor.role.value, path[:256]
    audit_alone(central, central.clock(), actor.username, ip, "forbidden", role=role, path=path)
    log.info("forbidden: %s (%s) %s", actor.username, role, path)


# --- users -----------------------------------------------------------------------------


def _user_from_row(conn: Connection, row: Any) -> UserRecord:
    codes = conn.execute(
        select(user_grids.c.grid_code).where(user_grids.c.username == row.username)
    ).scalars()
    return UserRecord(
        username=row.username,
        display_name=row.display_name,
        role=Role(row.role),
        street_code=row.street_code,
        department_code=row.department_code,
        grid_codes=frozenset(codes),
        password_hash=row.password_hash,
        active=bool(row.active),
    )


def load_user(conn: Connection, username: str) -> UserRecord | None:
    """The user as the table holds it now (not the cached reference data)."""
    row = conn.execute(select(users).where(users.c.username == username)).first()
    return _user_from_row(conn, row) if row is not None else None


def _set_password_hash(conn: Connection, username: str, password_hash: str) -> None:
    conn.execute(
        update(users).where(users.c.username == username).values(password_hash=password_hash)
    )
    bump(conn, "reference_version")  # users are reference data: other processes reload


# --- throttling ------------------------------------------------------------------------


def _refuse_if_throttled(
    central: Central, username: str, now: datetime, ip: str | None, *, what: str
) -> None:
    """Raise ``locked_out`` (429, Retry-After) when this attempt comes too early; audited.

    Only this (account, address) pair or this address waits: see login_throttle.
    """
    with central.db.read() as conn:
        throttle = throttle_for(conn, central.settings, username, ip, now)
    if throttle is None:
        return
    audit_alone(
        central,
        now,
        username,
        ip,
        THROTTLED,
        retry_after=throttle.retry_after,
        scope=throttle.scope,
        failures=throttle.failures,
        attempt=what,
    )
    log.warning(
        "%s throttled: %s from %s (%s, %d failures, %ss)",
        what,
        username,
        ip,
        throttle.scope,
        throttle.failures,
        throttle.retry_after,
    )
    raise DomainError(
        "locked_out",
        f"尝试过于频繁，请 {throttle.retry_after} 秒后再试",
        retry_after=throttle.retry_after,
    )


# --- login and sessions ------------------------------------------------------------


def login(
    central: Central, username: str, password: str, *, client: str, ip: str | None
) -> tuple[str, datetime, UserRecord]:
    """Check the password and open a session: (token, absolute expiry, user).

    An unknown user and a wrong password get the same answer after the same work
    (one Argon2 verification), so the answer does not tell which usernames exist.
    """
    now = central.clock()
    _refuse_if_throttled(central, username, now, ip, what="login")
    with central.db.read() as conn:
        user = load_user(conn, username)
    stored = user.password_hash if user is not None and user.password_hash else None
    ok = verify_password(stored or _dummy_hash(), password)
    if not ok or user is None or stored is None:
        reason = "unknown_user" if user is None else "wrong_password"
        audit_alone(central, now, username, ip, "login_failed", reason=reason, client=client)
        log.info("login failed: %s (%s)", username, reason)
        raise DomainError("bad_credentials", "用户名或密码错误")
    if not user.active:
        reason = "account_disabled"
        audit_alone(central, now, username, ip, "login_failed", reason=reason, client=client)
        log.info("login refused, account disabled: %s", username)
        raise DomainError("account_disabled", "该账号已停用，请联系系统管理员")
    token = secrets.token_urlsafe(TOKEN_BYTES)
    expires_at = now + timedelta(seconds=central.settings.absolute_timeout_s)
    with central.db.write() as conn:
        if needs_rehash(stored):
            _set_password_hash(conn, username, hash_password(password))
        conn.execute(
            insert(sessions).values(
                token_hash=token_hash(token),
                username=username,
                created_at=now,
                last_seen=now,
                expires_at=expires_at,
                revoked_at=None,
                client=client[:128],
            )
        )
        audit_row(conn, now, username, ip, "login_ok", client=client)
    log.info("login ok: %s", username)
    return token, expires_at, user


def authenticate(central: Central, token: str | None, *, ip: str | None) -> UserRecord:
    """The user behind a bearer token, or the reason it is no longer good (401/403).

    Checked at every request, so a revoked session (a lost laptop) or a disabled
    account is cut off at its next request.
    """
    if not token:
        raise DomainError("missing_token", "请先登录")
    if len(token) > MAX_TOKEN_CHARS:
        raise DomainError("invalid_token", "登录已失效，请重新登录")
    digest = token_hash(token)
    now = central.clock()
    with central.db.read() as conn:
        row = conn.execute(
            select(
                sessions.c.last_seen,
                sessions.c.expires_at,
                sessions.c.revoked_at,
                users,
            )
            .join(users, users.c.username == sessions.c.username)
            .where(sessions.c.token_hash == digest)
        ).first()
        user = _user_from_row(conn, row) if row is not None else None
    if row is None or user is None:
        raise DomainError("invalid_token", "登录已失效，请重新登录")
    if row.revoked_at is not None:
        raise DomainError("session_revoked", "此登录已被注销，请重新登录")
    idle = timedelta(seconds=central.settings.idle_timeout_s)
    if now >= row.expires_at or now - row.last_seen > idle:
        raise DomainError("session_expired", "登录已过期，请重新登录")
    if not user.active:
        with central.db.write() as conn:
            conn.execute(
                update(sessions)
                .where(and_(sessions.c.token_hash == digest, sessions.c.revoked_at.is_(None)))
                .values(revoked_at=now)
            )
        raise DomainError("account_disabled", "该账号已停用，请联系系统管理员")
    if (now - row.last_seen).total_seconds() >= LAST_SEEN_EVERY_S:
        with central.db.write() as conn:
            conn.execute(
                update(sessions)
                .where(and_(sessions.c.token_hash == digest, sessions.c.last_seen < now))
                .values(last_seen=now)
            )
    return user


def logout(central: Central, token: str, *, ip: str | None = None) -> None:
    """End one session (the caller's own)."""
    now = central.clock()
    digest = token_hash(token)
    with central.db.write() as conn:
        username = conn.execute(
            select(sessions.c.username).where(sessions.c.token_hash == digest)
        ).scalar()
        if username is None:
            return
        conn.execute(
            update(sessions)
            .where(and_(sessions.c.token_hash == digest, sessions.c.revoked_at.is_(None)))
            .values(revoked_at=now)
        )
        audit_row(conn, now, username, ip, "logout")
    log.info("logout: %s", username)


def revoke_sessions(
    conn: Connection, username: str, now: datetime, *, keep: str | None = None
) -> int:
    """Revoke every open session of ``username`` except ``keep`` (a token hash)."""
    cond = and_(sessions.c.username == username, sessions.c.revoked_at.is_(None))
    if keep is not None:
        cond = and_(cond, sessions.c.token_hash != keep)
    return int(conn.execute(update(sessions).where(cond).values(revoked_at=now)).rowcount or 0)


def revoke_user_sessions(central: Central, username: str, *, by: str, ip: str | None) -> int:
    """An admin cuts a user off (a lost laptop): every session ends at its next request."""
    now = central.clock()
    with central.db.write() as conn:
        count = revoke_sessions(conn, username, now)
        audit_row(conn, now, by, ip, "admin_revoke_sessions", target=username, count=count)
    log.info("sessions of %s revoked by %s: %d", username, by, count)
    return count


def list_sessions(
    central: Central, *, active_only: bool = False, limit: int = 500
) -> list[dict[str, Any]]:
    """Sessions for the admin, newest activity first; never a token hash."""
    now = central.clock()
    idle = timedelta(seconds=central.settings.idle_timeout_s)
    stmt = select(
        sessions.c.username,
        sessions.c.created_at,
        sessions.c.last_seen,
        sessions.c.expires_at,
        sessions.c.revoked_at,
        sessions.c.client,
    ).order_by(sessions.c.last_seen.desc(), sessions.c.created_at.desc())
    if active_only:
        stmt = stmt.where(
            and_(
                sessions.c.revoked_at.is_(None),
                sessions.c.expires_at > now,
                sessions.c.last_seen >= now - idle,
            )
        )
    with central.db.read() as conn:
        rows = conn.execute(stmt.limit(limit)).all()
    result = []
    for r in rows:
        item = r._asdict()
        item["active"] = r.revoked_at is None and r.expires_at > now and now - r.last_seen <= idle
        result.append(item)
    return result


def change_password(
    central: Central,
    username: str,
    old: str,
    new: str,
    *,
    ip: str | None,
    keep_session: str | None = None,
) -> int:
    """Change one's own password; every other session of the user ends. Returns that count.

    ``keep_session`` is the token hash of the session doing the change. A wrong old
    password counts as a login failure, so a stolen session cannot guess passwords.
    """
    check_new_password(new, username=username)
    if new == old:
        raise ValidationError("password_unchanged", "新密码不能与原密码相同")
    now = central.clock()
    _refuse_if_throttled(central, username, now, ip, what="password_change")
    with central.db.read() as conn:
        user = load_user(conn, username)
    if user is None or not verify_password(user.password_hash, old):
        audit_alone(central, now, username, ip, "login_failed", reason="password_change")
        log.info("password change refused (wrong old password): %s", username)
        raise DomainError("wrong_password", "原密码错误")
    new_hash = hash_password(new)
    with central.db.write() as conn:
        _set_password_hash(conn, username, new_hash)
        count = revoke_sessions(conn, username, now, keep=keep_session)
        audit_row(conn, now, username, ip, "password_changed", revoked_sessions=count)
    log.info("password changed: %s", username)
    return count
