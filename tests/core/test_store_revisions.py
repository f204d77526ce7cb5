"""The schema head and a store's revision read without Alembic agree with Alembic's."""

from __future__ import annotations

import subprocess
import sys

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from gridapp.store.database import Database, alembic_config
from gridapp.store.revisions import (
    current_revision,
    head_of,
    head_revision,
    revision_links,
    versions_dir,
)


def test_the_head_read_from_the_scripts_is_alembics():
    script = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == script.get_current_head()
    alembic_links = {r.revision: _tuple(r.down_revision) for r in script.walk_revisions()}
    assert revision_links(versions_dir()) == alembic_links


def _tuple(down):
    return () if down is None else (down,) if isinstance(down, str) else tuple(down)


def test_merges_and_branches(tmp_path):
    (tmp_path / "a.py").write_text('revision = "a"\ndown_revision = None\n')
    (tmp_path / "b.py").write_text("revision: str = 'b'\ndown_revision: str | None = 'a'\n")
    (tmp_path / "c.py").write_text('revision = "c"\ndown_revision = "a"\n')
    (tmp_path / "notes.py").write_text("# not a revision\n")
    links = revision_links(tmp_path)
    assert links == {"a": (), "b": ("a",), "c": ("a",)}
    assert head_of(links) is None  # two heads: Alembic decides
    (tmp_path / "m.py").write_text('revision = "m"\ndown_revision = ("b", "c")\n')
    assert head_of(revision_links(tmp_path)) == "m"


def test_a_stores_revision_without_alembic(tmp_path):
    db = Database(tmp_path / "s.db")
    try:
        with db.writer.connect() as conn:
            expected = MigrationContext.configure(conn).get_current_revision()
        assert current_revision(db.writer) == expected == head_revision()
    finally:
        db.close()
    import sqlalchemy

    bare = sqlalchemy.create_engine(f"sqlite:///{tmp_path / 'new.db'}")
    assert current_revision(bare) is None
    bare.dispose()


def test_opening_a_current_store_does_not_import_alembic(tmp_path):
    Database(tmp_path / "s.db").close()
    code = (
        "import sys\n"
        "from gridapp.store.database import Database\n"
        f"Database({str(tmp_path / 's.db')!r}).close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
