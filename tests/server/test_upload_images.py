"""Images are decoded before acceptance: bombs, truncated files and polyglots are refused.

Against a real service on SQLite and PostgreSQL, whole and in resumable parts: each
hostile file is refused with its code (a 4xx the client shows, never a 5xx), and
nothing of it stays in the store (no photo, no partial, no receipt). Genuine photos
of every accepted kind still go through, and a normal one end to end.
"""

from __future__ import annotations

import hashlib

import pytest

from gridapp.errors import ValidationError
from gridapp.store.files import inspect_photo
from gridapp.store.object_store import owner_key
from tests.live_server import LiveServer
from tests.server.hostile_images import genuine_images, hostile_images
from tests.server.test_upload_ownership import get, push, put, report

HOSTILE = hostile_images()
GENUINE = genuine_images()
STATUS = {"image_too_large": 413, "not_an_image": 415}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_the_photo_check_refuses_hostile_files_with_a_code(name: str) -> None:
    data, code = HOSTILE[name]
    with pytest.raises(ValidationError) as refused:
        inspect_photo(data)
    assert refused.value.code == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in refused.value.message)  # Chinese


@pytest.mark.parametrize("name", sorted(GENUINE))
def test_genuine_photos_of_every_kind_are_accepted(name: str) -> None:
    info = inspect_photo(GENUINE[name])
    assert info.size == len(GENUINE[name]) and info.width > 0


def test_the_service_refuses_hostile_uploads_and_keeps_nothing(live_server: LiveServer) -> None:
    token = live_server.login("wg001")
    files, owner = live_server.central.files, owner_key("wg001")
    for name, (data, code) in HOSTILE.items():
        sha = hashlib.sha256(data).hexdigest()
        half = len(data) // 2
        attempts = {
            "whole": [(data, None)],
            "in parts": [
                (data[:half], f"bytes 0-{half - 1}/{len(data)}"),
                (data[half:], f"bytes {half}-{len(data) - 1}/{len(data)}"),
            ],
        }
        for how, parts in attempts.items():
            for body, rng in parts:
                r = put(live_server, token, sha, body, rng)
            assert r.status_code == STATUS.get(code, 422), (name, how, r.text)
            assert r.json()["code"] == code, (name, how, r.text)
            assert not files.has(sha), (name, how)
            assert files.partial_offset(owner, sha) == 0, (name, how)
            assert files.receipt_time(owner, sha) is None, (name, how)
            status = get(live_server, token, f"/files/{sha}/status").json()
            assert status["present"] is False and status["offset"] == 0
    assert list(files.photos()) == [] and list(files.receipts()) == []


def test_a_genuine_photo_goes_end_to_end(live_server: LiveServer) -> None:
    token = live_server.login("wg001")
    shas = []
    for name in ("jpeg_exif_thumbnail", "png", "webp"):
        data = GENUINE[name]
        sha = hashlib.sha256(data).hexdigest()
        half = len(data) // 2
        assert put(
            live_server, token, sha, data[:half], f"bytes 0-{half - 1}/{len(data)}"
        ).is_success
        r = put(live_server, token, sha, data[half:], f"bytes {half}-{len(data) - 1}/{len(data)}")
        assert r.json()["present"] is True, (name, r.text)
        shas.append(sha)
    assert push(live_server, token, report(live_server, "wg001", shas))["status"] == "accepted"
    for name, sha in zip(("jpeg_exif_thumbnail", "png", "webp"), shas, strict=True):
        r = get(live_server, token, f"/files/{sha}")
        assert r.content == GENUINE[name]
        assert r.headers["content-type"] == f"image/{name.split('_')[0]}"
