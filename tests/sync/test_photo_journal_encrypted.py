"""The photo journal on an encrypted store (SQLCipher is not in the core test venv)."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

import pytest

from gridapp.store.sealed_files import is_sealed, unseal
from gridapp.store.store_key import DataKey
from gridapp.workspace import Workspace
from tests.core.helpers import jpeg
from tests.core.test_photo_journal import journal_rows, report

pytest.importorskip("sqlcipher3")


def test_encrypted_store_journals_inside_sqlcipher_and_settles_sealed(store_path: Path, clock):
    key = DataKey(secrets.token_bytes(32))
    photo = jpeg(6)
    sha = hashlib.sha256(photo).hexdigest()
    with Workspace.open_client(store_path, key=key, clock=clock) as ws:
        ws.journal.background = False
        ws.act_as("wg001")
        report(ws, photo)
        assert photo not in store_path.read_bytes()  # the journal row is encrypted too
        wal = store_path.with_name(store_path.name + "-wal")
        assert not wal.exists() or photo[100:200] not in wal.read_bytes()
        assert journal_rows(store_path, key) == {sha: photo}
        assert ws.files.read(sha) == photo  # from the journal
        ws.journal.settle()
        path = ws.files.path_for(sha)
        assert is_sealed(path) and unseal(key.photo_key, sha, path.read_bytes()) == photo
        assert ws.files.read(sha) == photo
        assert journal_rows(store_path, key) == {}
