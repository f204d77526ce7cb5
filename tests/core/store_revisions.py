"""Putting a test store back to an older Alembic revision, as older software left it:
each later revision undone by its own downgrade, so a test of one migration does not
have to know what the revisions after it add."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from gridapp.store.database import alembic_config


def store_at_revision(path: Path, revision: str) -> None:
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
    engine.dispose()


def revision_before(revision: str) -> str:
    """The revision ``revision`` upgrades from (the chain is re-ordered at merges)."""
    from alembic.script import ScriptDirectory

    down = ScriptDirectory.from_config(alembic_config()).get_revision(revision).down_revision
    assert isinstance(down, str)
    return down
