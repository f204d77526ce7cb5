"""Play the version-1 software: its catalog, and stores as it left them.

Version 1 wrote its own codes and no ``catalog`` mark in payloads; a Workspace on the
version-1 catalog (tests/core/data/categories-v1.json, the file version 1 shipped)
does exactly that. ``as_v1_store`` then puts a store back to the schema revision
before the catalog upgrade, as version-1 software would have left it, so opening it
with today's program runs the real migration.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine, text

from gridapp.domain.catalog import REFERENCE_DIR, Catalog, load_catalog
from gridapp.store.database import alembic_config

V1_CATALOG_FILE = Path(__file__).with_name("data") / "categories-v1.json"
CATALOG_REVISION = "0006"  # db/migrations/versions/*_catalog_v2_codes.py

# Version-1 codes whose meaning the upgrade must keep (codes reused with other meanings).
GARBAGE_V1 = "020101"  # 暴露垃圾 → 020102
WASTE_V1 = "020102"  # 积存垃圾渣土 → 020103
ILLEGAL_BUILDING_V1 = "020108"  # 私搭乱建 → 020101 (v1's 暴露垃圾 code)
HEAT_COVER_V1 = "010108"  # 热力井盖 → 010110 (v1's 公安井盖 code)
POLICE_COVER_V1 = "010110"  # 公安井盖 → 010112
STREET_TRADE_V1 = "020501"  # 占道经营 → retired extension class 022192
HYDRANT_V1 = "010112"  # 消防栓 → 010113 消防设施


def v1_catalog() -> Catalog:
    return load_catalog(V1_CATALOG_FILE, REFERENCE_DIR / "departments.json")


def revision_before_catalog_upgrade() -> str:
    script = ScriptDirectory.from_config(alembic_config())
    down = script.get_revision(CATALOG_REVISION).down_revision
    assert isinstance(down, str)
    return down


def as_v1_connection(conn: Connection) -> None:
    """Step the store on ``conn`` down to the revision before the upgrade (later revisions
    undone; the catalog one keeps its data) and drop the catalog mark from meta."""
    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    command.downgrade(cfg, revision_before_catalog_upgrade())
    conn.execute(text("DELETE FROM meta WHERE key = 'catalog_version'"))


def as_v1_store(path: Path) -> None:
    """A laptop's or the demo's SQLite store as version-1 software left it."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        as_v1_connection(conn)
    engine.dispose()
