"""Operations commands for the district IT officer: first admin, sessions, backups.

They run on the service host against the same settings as ``gridapp serve``
(``--db`` or ``GRIDAPP_DB``), with no service running needed. Passwords come
from a prompt or ``GRIDAPP_ADMIN_PASSWORD``, never from the command line, so they
do not end up in shell history or the process list.
"""

from __future__ import annotations

import argparse
import getpass
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import make_url

from gridapp import clock
from gridapp.domain.roles import Role
from gridapp.errors import DomainError, ValidationError
from gridapp.security.password_policy import check_new_password
from gridapp.security.passwords import hash_password
from gridapp.server import auth
from gridapp.server.central import Central
from gridapp.server.settings import ServerSettings
from gridapp.store.counters import bump
from gridapp.store.database import copy_sqlite
from gridapp.store.reference import UserRecord, upsert_users

MIN_PASSWORD = 10


def _settings(args: argparse.Namespace) -> ServerSettings:
    from gridapp.server.main import settings_from

    return settings_from(args)


def _password(prompt: str, username: str) -> str:
    password = os.environ.get("GRIDAPP_ADMIN_PASSWORD")
    if password is None:
        password = getpass.getpass(prompt)
        if getpass.getpass("再输入一次 / again: ") != password:
            raise ValidationError("password_mismatch", "两次输入的密码不一致")
    if len(password) < MIN_PASSWORD:
        raise ValidationError("password_too_short", f"密码至少 {MIN_PASSWORD} 位")
    check_new_password(password, username=username)
    return password


def create_admin(args: argparse.Namespace) -> int:
    """The first administrator of a new store (or another one, on the host itself)."""
    central = Central(_settings(args))
    try:
        password = _password(f"{args.username} 的密码 / password: ", args.username)
        user = UserRecord(
            username=args.username,
            display_name=args.display_name or args.username,
            role=Role.ADMIN,
            street_code=None,
            department_code=None,
            grid_codes=frozenset(),
            password_hash=hash_password(password),
            active=True,
        )
        with central.db.write() as conn:
            if auth.load_user(conn, args.username) is not None:
                raise DomainError("user_exists", f"用户名已存在：{args.username}")
            upsert_users(conn, [user])
            bump(conn, "reference_version")
            auth.audit(
                conn,
                at=central.clock(),
                username="(host)",
                action="cli_create_admin",
                detail={"target": args.username},
                ip=None,
            )
    finally:
        central.close()
    print(f"administrator {args.username} created")
    return 0


def list_sessions(args: argparse.Namespace) -> int:
    central = Central(_settings(args))
    try:
        rows = auth.list_sessions(central, active_only=args.active)
    finally:
        central.close()
    print(f"{'user':<16} {'client':<20} {'created':<19}  {'last seen':<19}  state")
    for r in rows:
        state = "active" if r["active"] else ("revoked" if r["revoked_at"] else "expired")
        print(
            f"{r['username']:<16} {(r['client'] or '')[:20]:<20} "
            f"{r['created_at']:%Y-%m-%d %H:%M:%S}  {r['last_seen']:%Y-%m-%d %H:%M:%S}  {state}"
        )
    print(f"{len(rows)} sessions")
    return 0


def revoke_sessions(args: argparse.Namespace) -> int:
    central = Central(_settings(args))
    try:
        with central.db.read() as conn:
            if auth.load_user(conn, args.user) is None:
                raise DomainError("unknown_user", f"用户不存在：{args.user}")
        count = auth.revoke_user_sessions(central, args.user, by="(host)", ip=None)
    finally:
        central.close()
    print(f"{count} sessions of {args.user} revoked")
    return 0


def backup(args: argparse.Namespace) -> int:
    """A consistent copy of the central store while the service runs.

    SQLite: the online backup API. PostgreSQL: ``pg_dump --format=custom``
    (restore with ``pg_restore`` and then ``gridapp restore --new-epoch``).
    """
    settings = _settings(args)
    url = make_url(settings.db_url)
    stamp = clock.stamp()
    out = Path(args.out) if args.out else Path(f"gridapp-backup-{stamp}")
    if url.get_backend_name() == "sqlite":
        target = copy_sqlite(url.database or "", out if out.suffix else out.with_suffix(".db"))
    else:
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise DomainError(
                "pg_dump_missing",
                "未找到 pg_dump：请安装 postgresql-client（apt-get install postgresql-client）",
            )
        target = out if out.suffix else out.with_suffix(".dump")
        # Connection details through libpq's environment: no password on a command line.
        env = dict(os.environ)
        for key, value in (
            ("PGHOST", url.host),
            ("PGPORT", url.port),
            ("PGUSER", url.username),
            ("PGPASSWORD", url.password),
            ("PGDATABASE", url.database),
        ):
            if value:
                env[key] = str(value)
        command = [pg_dump, "--format=custom", "--file", str(target)]
        if settings.db_schema:
            command += ["--schema", settings.db_schema]
        subprocess.run(command, check=True, env=env)
    print(f"backup written to {target} ({target.stat().st_size:,} bytes)")
    if settings.files_dir.exists():
        print(f"photos are in {settings.files_dir}: copy that folder too (rsync -a)")
    return 0


def add_commands(
    sub: argparse._SubParsersAction, db_args: Callable[[argparse.ArgumentParser], None]
) -> None:
    a = sub.add_parser("create-admin", help="创建管理员账号 / create an administrator account")
    db_args(a)
    a.add_argument("--username", required=True)
    a.add_argument("--display-name", default=None)
    a.set_defaults(run=create_admin)
    s = sub.add_parser("sessions", help="查看或注销登录会话 / list or revoke login sessions")
    db_args(s)
    ss = s.add_subparsers(dest="sessions_command", required=True)
    sl = ss.add_parser("list", help="sessions, newest activity first")
    sl.add_argument("--active", action="store_true", help="only sessions still valid")
    sl.set_defaults(run=list_sessions)
    sr = ss.add_parser("revoke", help="end every session of a user (a lost laptop)")
    sr.add_argument("--user", required=True)
    sr.set_defaults(run=revoke_sessions)
    b = sub.add_parser("backup", help="备份中心库 / a consistent backup copy of the central store")
    db_args(b)
    b.add_argument("--out", default=None, help="target file (default: gridapp-backup-<time>)")
    b.set_defaults(run=backup)
