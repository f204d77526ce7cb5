"""Uploads belong to their uploader, and a photo's hash opens nothing by itself.

Against a real service on SQLite and PostgreSQL: a partial upload is its sender's
own (another user can neither read its offset nor overwrite its bytes); the status
and the download answer only for photos of cases in the caller's scope or the
caller's own uploads, exactly as for an absent photo otherwise; an event may not name
somebody else's photo to reach it (it waits as "not uploaded", like an absent one),
but the user may upload the same bytes themselves and then use them.
"""

from __future__ import annotations

import hashlib
import uuid

from sqlalchemy import func, select

from gridapp import clock
from gridapp.store.schema import cases
from gridapp.sync.transport import Transport
from tests.core.helpers import jpeg
from tests.live_server import PASSWORD, LiveServer

A, B, SEES_ALL = "wg001", "wg002", "shouli"  # wg002 works in another community


def sha_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def put(server: LiveServer, token: str, sha: str, body: bytes, rng: str | None = None):
    headers = {"Content-Range": rng} if rng else {}
    with server.client(token) as c:
        return c.put(f"/files/{sha}", content=body, headers=headers)


def get(server: LiveServer, token: str, path: str):
    with server.client(token) as c:
        return c.get(path)


def report(server: LiveServer, username: str, shas: list[str]) -> dict:
    """A REPORT of ``username`` in their first grid naming the photos (wire form)."""
    reference = server.central.reference()
    grid = sorted(reference.users[username].grid_codes)[0]
    p = reference.grids[grid].polygon.representative_point()
    return {
        "id": str(uuid.uuid4()),
        "case_id": str(uuid.uuid4()),
        "action": "report",
        "at_client": clock.now().replace(microsecond=0).isoformat(),
        "payload": {
            "source": "patrol",
            "category_code": "020102",
            "catalog": 2,
            "lon": p.x,
            "lat": p.y,
            "description": "照片归属测试",
            "photos": shas,
        },
    }


def push(server: LiveServer, token: str, event: dict) -> dict:
    with server.client(token) as c:
        r = c.post("/sync/push", json={"events": [event]})
    assert r.status_code == 200, r.text
    (result,) = r.json()["results"]
    return result


def absent(sha: str) -> dict:
    return {"sha256": sha, "present": False, "size": None, "offset": 0}


def transport(server: LiveServer, username: str) -> Transport:
    t = Transport(server.url, timeout=30)
    t.login(username, PASSWORD)
    return t


def test_a_partial_upload_is_its_senders_own(live_server: LiveServer) -> None:
    data = jpeg(11, (160, 120))
    sha, total, half = sha_of(data), len(data), len(data) // 2
    a, b = live_server.login(A), live_server.login(B)
    r = put(live_server, a, sha, data[:half], f"bytes 0-{half - 1}/{total}")
    assert r.status_code == 200 and r.json()["offset"] == half
    # B learns nothing of A's upload: offset 0, as for a photo nobody sends.
    assert get(live_server, b, f"/files/{sha}/status").json() == absent(sha)
    # B's bytes at the start (garbage of the right length) land in B's own partial...
    r = put(live_server, b, sha, b"\0" * half, f"bytes 0-{half - 1}/{total}")
    assert r.status_code == 200 and r.json()["offset"] == half
    # ... and B cannot append to A's upload either: B's own partial ends in a mismatch.
    r = put(live_server, b, sha, data[half:], f"bytes {half}-{total - 1}/{total}")
    assert r.status_code == 422 and r.json()["code"] == "sha_mismatch"
    assert get(live_server, a, f"/files/{sha}/status").json()["offset"] == half
    # A's upload completes from where A left it, untouched.
    r = put(live_server, a, sha, data[half:], f"bytes {half}-{total - 1}/{total}")
    assert r.status_code == 200 and r.json()["present"] is True, r.text
    assert live_server.central.files.read(sha) == data
    assert get(live_server, a, f"/files/{sha}").content == data
    # Still nothing for B: A's photo is on no case B can see.
    assert get(live_server, b, f"/files/{sha}/status").json() == absent(sha)
    assert get(live_server, b, f"/files/{sha}").status_code == 404


def test_two_users_upload_the_same_photo_at_once_without_disturbing_each_other(
    live_server: LiveServer,
) -> None:
    data = jpeg(12, (160, 120))
    sha, total, third = sha_of(data), len(data), len(data) // 3
    a, c = live_server.login(A), live_server.login(SEES_ALL)
    for token in (a, c):  # interleaved: A's first part, C's first part
        r = put(live_server, token, sha, data[:third], f"bytes 0-{third - 1}/{total}")
        assert r.json()["offset"] == third
    r = put(live_server, c, sha, data[third:], f"bytes {third}-{total - 1}/{total}")
    assert r.json()["present"] is True  # C completes first
    # A's partial is A's: the status A sees is A's own offset, and A completes it.
    assert get(live_server, a, f"/files/{sha}/status").json() == {
        "sha256": sha,
        "present": False,
        "size": None,
        "offset": third,
    }
    r = put(live_server, a, sha, data[third:], f"bytes {third}-{total - 1}/{total}")
    assert r.json()["present"] is True
    assert get(live_server, a, f"/files/{sha}/status").json()["present"] is True


def test_status_and_download_answer_only_within_scope_or_for_ones_own_upload(
    live_server: LiveServer,
) -> None:
    data, unknown = jpeg(13), sha_of(b"never uploaded")
    sha = sha_of(data)
    a, b, c = live_server.login(A), live_server.login(B), live_server.login(SEES_ALL)
    assert put(live_server, a, sha, data).json()["present"] is True
    # Pending (no case yet): the uploader sees it, nobody else, not even the district.
    assert get(live_server, a, f"/files/{sha}/status").json()["present"] is True
    assert get(live_server, a, f"/files/{sha}").content == data
    for token in (b, c):
        assert get(live_server, token, f"/files/{sha}/status").json() == absent(sha)
        r = get(live_server, token, f"/files/{sha}")
        assert r.status_code == 404 and r.json()["code"] == "unknown_file"
    # On A's case: whoever sees the case sees its photo; B (another community) does not,
    # and B's answers are the very answers for a hash nobody ever uploaded.
    assert push(live_server, a, report(live_server, A, [sha]))["status"] == "accepted"
    assert get(live_server, c, f"/files/{sha}/status").json()["present"] is True
    r = get(live_server, c, f"/files/{sha}")
    assert r.content == data and r.headers["x-content-type-options"] == "nosniff"
    for path in (f"/files/{sha}/status", f"/files/{sha}"):
        mine, never = get(live_server, b, path), get(live_server, b, path.replace(sha, unknown))
        assert (mine.status_code, mine.text) == (
            never.status_code,
            never.text.replace(unknown, sha),
        )


def test_naming_somebody_elses_photo_in_ones_own_report_does_not_reach_it(
    live_server: LiveServer,
) -> None:
    pending, filed = jpeg(14), jpeg(15)
    a, b = live_server.login(A), live_server.login(B)
    for data in (pending, filed):
        assert put(live_server, a, sha_of(data), data).json()["present"] is True
    result = push(live_server, a, report(live_server, A, [sha_of(filed)]))
    assert result["status"] == "accepted"
    for data in (pending, filed):
        sha = sha_of(data)
        event = report(live_server, B, [sha])
        # As if the photo were absent: the event waits for an upload, no case is made.
        result = push(live_server, b, event)
        assert (result["status"], result["code"]) == ("retry", "files_missing"), result
        with live_server.central.db.read() as conn:
            made = select(func.count()).select_from(cases).where(cases.c.id == event["case_id"])
            assert conn.execute(made).scalar() == 0
        assert get(live_server, b, f"/files/{sha}").status_code == 404
        # Having the bytes is what counts: B uploads the same photo whole, then may use it.
        t = transport(live_server, B)
        try:
            assert t.upload(sha, data, chunk=4096).present
        finally:
            t.close()
        assert push(live_server, b, event)["status"] == "accepted"
        assert get(live_server, b, f"/files/{sha}").content == data
