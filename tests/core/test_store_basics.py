"""The store opens durably, its migrated schema matches the code, photos are content-addressed."""

from __future__ import annotations

import hashlib
import io

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from PIL import Image

from gridapp.errors import ValidationError
from gridapp.store.case_search import include_name
from gridapp.store.database import Database, current_revision, head_revision
from gridapp.store.files import FileStore, inspect_photo
from gridapp.store.schema import metadata


def _jpeg(colour=(200, 30, 30), size=(64, 48)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, "JPEG")
    return buf.getvalue()


def test_pragmas_and_schema(tmp_path):
    db = Database(tmp_path / "s.db")
    try:
        with db.read() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10_000
        assert current_revision(db.writer) == head_revision()
        with db.writer.connect() as conn:
            opts = {"include_name": include_name}  # the FTS5 tables are not in schema.py
            diff = compare_metadata(MigrationContext.configure(conn, opts=opts), metadata)
        assert diff == [], f"schema.py and the migrations disagree: {diff}"
        assert db.integrity_check() == "ok"
    finally:
        db.close()


def test_reopening_does_not_migrate_again(tmp_path):
    Database(tmp_path / "s.db").close()
    db = Database(tmp_path / "s.db")
    try:
        assert current_revision(db.writer) == head_revision()
    finally:
        db.close()


def test_photos_are_content_addressed_and_idempotent(tmp_path):
    files = FileStore(tmp_path / "files")
    data = _jpeg()
    info = files.put_photo(data)
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    assert (info.mime, info.width, info.height) == ("image/jpeg", 64, 48)
    path = files.path_for(info.sha256)
    assert path.read_bytes() == data
    assert path.parent.name == info.sha256[:2]
    mtime = path.stat().st_mtime_ns
    assert files.put_photo(data) == info
    assert path.stat().st_mtime_ns == mtime  # not rewritten
    assert not list(path.parent.glob(".tmp-*"))


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "not_an_image"),
        (b"GIF89a not really", "not_an_image"),
        (b"%PDF-1.4\n" + b"0" * 100, "not_an_image"),
    ],
)
def test_non_images_are_refused(data, code):
    with pytest.raises(ValidationError) as err:
        inspect_photo(data)
    assert err.value.code == code


def test_a_gif_is_an_image_but_not_an_allowed_type():
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "GIF")
    with pytest.raises(ValidationError) as err:
        inspect_photo(buf.getvalue())
    assert err.value.code == "unsupported_image"


def test_bad_sha_cannot_escape_the_folder(tmp_path):
    with pytest.raises(ValidationError):
        FileStore(tmp_path).path_for("../../etc/passwd")
