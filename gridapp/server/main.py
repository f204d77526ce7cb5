"""``gridapp serve`` and ``gridapp restore``: running and restoring the central store."""

from __future__ import annotations

import argparse
import os
import shutil
import uuid
from pathlib import Path

from sqlalchemy import delete, insert, make_url

from gridapp.server.settings import ServerSettings
from gridapp.store.database import Database
from gridapp.store.schema import meta
from gridapp.sync.protocol import SERVICE_KEEP_ALIVE_S


def default_files_dir(db_url: str) -> Path:
    """Next to a SQLite file (``central.db`` → ``central-files``); else ``var/central-files``."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite" and url.database:
        path = Path(url.database)
        return path.with_name(path.stem + "-files")
    return Path("var/central-files")


def settings_from(args: argparse.Namespace) -> ServerSettings:
    db_url = args.db if "://" in args.db else f"sqlite:///{Path(args.db).resolve()}"
    files = Path(args.files) if args.files else default_files_dir(db_url)
    return ServerSettings(db_url=db_url, files_dir=files, db_schema=args.schema)


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from gridapp.server.logs import log_config

    settings = settings_from(args)
    url = make_url(settings.db_url)
    if args.demo and url.get_backend_name() == "sqlite" and not Path(url.database or "").exists():
        from gridapp.demo.build import build_demo_store

        print(f"building the demo district into {url.database} …", flush=True)
        build_demo_store(
            Path(url.database or ""),
            per_day=args.demo_per_day,
            on_progress=lambda step: print(step, flush=True),  # a minute or two: say where
        ).close()
    # Migrate and give a new store its epoch once, before the workers start.
    from gridapp.server.central import Central

    Central(settings).close()
    _export(settings)
    uvicorn.run(
        "gridapp.server.main:app_from_env",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
        log_config=log_config(args.log_level),
        access_log=False,
        timeout_keep_alive=SERVICE_KEEP_ALIVE_S,  # longer than a client keeps one
        # Client addresses come from deps.client_ip, which believes X-Forwarded-For only
        # from GRIDAPP_TRUSTED_PROXIES; uvicorn's own handling would trust 127.0.0.1.
        proxy_headers=False,
    )
    return 0


def _export(settings: ServerSettings) -> None:
    """Worker processes read their settings from the environment (12-factor)."""
    import os

    os.environ["GRIDAPP_DB"] = settings.db_url
    os.environ["GRIDAPP_FILES"] = str(settings.files_dir)
    if settings.db_schema:
        os.environ["GRIDAPP_DB_SCHEMA"] = settings.db_schema


def app_from_env():  # type: ignore[no-untyped-def]
    from gridapp.server.app import create_app

    return create_app(ServerSettings())


def new_epoch(db_url: str, schema: str | None = None) -> str:
    """Give the store a new epoch: clients then resend what it may have lost."""
    epoch = str(uuid.uuid4())
    db = Database(db_url, schema=schema)
    with db.write() as conn:
        conn.execute(delete(meta).where(meta.c.key == "epoch"))
        conn.execute(insert(meta).values(key="epoch", value=epoch))
    db.close()
    return epoch


def restore(args: argparse.Namespace) -> int:
    """Put a SQLite backup in place (or, after pg_restore, only) start a new epoch."""
    if args.new_epoch_only:
        settings = settings_from(args)
        epoch = new_epoch(settings.db_url, settings.db_schema)
        print(f"new epoch {epoch}: clients will resend what the restored store lacks")
        return 0
    if not args.backup:
        raise SystemExit("restore needs --backup FILE (or --new-epoch-only after pg_restore)")
    target = Path(args.db)
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copyfile(args.backup, target)
    epoch = new_epoch(f"sqlite:///{target.resolve()}")
    print(f"restored {target} from {args.backup}; new epoch {epoch}")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="运行中心同步服务 / run the central sync service")
    _db_args(p)  # --db, --schema, --files; defaults from GRIDAPP_DB, _DB_SCHEMA, _FILES
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--workers", type=int, default=int(os.environ.get("GRIDAPP_WORKERS", "1")))
    p.add_argument("--demo", action="store_true", help="build the demo district if the db is new")
    p.add_argument("--demo-per-day", type=float, default=24.0)
    p.add_argument("--log-level", default="info")
    p.set_defaults(run=serve)
    from gridapp.server import ops

    ops.add_commands(sub, _db_args)
    r = sub.add_parser("restore", help="从备份恢复中心库 / restore the central store from a backup")
    _db_args(r)
    r.add_argument("--backup", help="the SQLite backup copy to put in place of --db")
    r.add_argument(
        "--new-epoch-only",
        action="store_true",
        help="after pg_restore: only give the store a new epoch (clients resend)",
    )
    r.set_defaults(run=restore)


def _db_args(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        default=os.environ.get("GRIDAPP_DB", "var/central.db"),
        help="SQLite file or database URL (default: GRIDAPP_DB)",
    )
    p.add_argument("--schema", default=os.environ.get("GRIDAPP_DB_SCHEMA"))
    p.add_argument("--files", default=os.environ.get("GRIDAPP_FILES"))
