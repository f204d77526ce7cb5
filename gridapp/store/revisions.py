"""Which schema revision the code expects, and which one a store holds, without Alembic.

Opening a store that is already current is the common case (every start of the app),
and Alembic's import and its loading of every revision script cost a few tenths of a
second of a laptop's cold start. So the head is read from the revision files' own
``revision``/``down_revision`` lines, and a SQLite store's revision with one query;
Alembic is imported only when there is an upgrade to run (``database.migrate``).
A test keeps this reading equal to Alembic's.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from gridapp.paths import db_dir

_ASSIGNMENT = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+?)\s*$", re.MULTILINE)


def versions_dir() -> Path:
    return db_dir() / "migrations" / "versions"


def revision_links(folder: Path) -> dict[str, tuple[str, ...]]:
    """Revision id → the ids it comes down from, read from each script's assignments."""
    links: dict[str, tuple[str, ...]] = {}
    for script in sorted(folder.glob("*.py")):
        found = dict(m.groups() for m in _ASSIGNMENT.finditer(script.read_text("utf-8")))
        if "revision" not in found:
            continue
        down = ast.literal_eval(found.get("down_revision", "None"))
        parents = () if down is None else (down,) if isinstance(down, str) else tuple(down)
        links[ast.literal_eval(found["revision"])] = parents
    return links


def head_of(links: dict[str, tuple[str, ...]]) -> str | None:
    """The one revision nothing comes down from; None when there is none or several
    (Alembic would refuse to upgrade to "head" then, so the caller asks it)."""
    below = {parent for parents in links.values() for parent in parents}
    heads = [rev for rev in links if rev not in below]
    return heads[0] if len(heads) == 1 else None


@cache
def head_revision() -> str | None:
    """The code's schema head (the scripts do not change while the program runs)."""
    return head_of(revision_links(versions_dir()))


def current_revision(engine: Engine) -> str | None:
    """The revision a store holds (None for a new store)."""
    if engine.dialect.name != "sqlite":
        from alembic.runtime.migration import MigrationContext  # schema-aware on PostgreSQL

        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    with engine.connect() as conn:
        try:
            rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
        except DBAPIError:  # no such table: a store never migrated
            return None
    if len(rows) > 1:
        raise ValueError("store holds several schema heads")
    return str(rows[0][0]) if rows else None
