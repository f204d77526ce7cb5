"""Bad input is refused with a stable code, and a refusal writes nothing at all.

"Nothing" is checked on disk: rows in cases / case_events / attachments, the meta
counters (case numbers), and the files under the store's photo folder.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
from pathlib import Path

import pytest
from PIL import Image

from gridapp.domain.case import CaseState
from gridapp.errors import GridappError, NotFoundError, ValidationError
from gridapp.store.files import MAX_PHOTO_BYTES
from tests.core.helpers import (
    GARBAGE,
    PHONE,
    URBAN,
    act,
    drive,
    grid_in,
    officer_of,
    photo_files,
    png,
    point_in,
    report,
    snapshot,
)

S = CaseState


@pytest.fixture
def spot(ws):
    """An urban grid, a point inside it and its officer, logged in as that officer."""
    grid = grid_in(ws, URBAN)
    officer = officer_of(ws, grid.code)
    ws.act_as(officer)
    lon, lat = point_in(grid)
    return {"lon": lon, "lat": lat, "officer": officer}


def good_report(spot, **over):
    fields = {
        "source": "patrol",
        "category_code": GARBAGE,
        "lon": spot["lon"],
        "lat": spot["lat"],
        "description": "暴露垃圾",
    }
    fields.update(over)
    return fields


def refused(ws, call, error=GridappError):
    """Run ``call``; it must raise ``error``; nothing on disk may change. Returns the error."""
    before = snapshot(ws)
    with pytest.raises(error) as err:
        call()
    assert snapshot(ws) == before
    return err.value


REPORT_REFUSALS = [
    ("unknown category", {"category_code": "999999"}, NotFoundError, "unknown_category"),
    ("no category", {"category_code": ""}, NotFoundError, "unknown_category"),
    ("outside grids", {"lon": 116.0, "lat": 39.9}, ValidationError, "point_outside_grids"),
    ("nan point", {"lon": math.nan}, ValidationError, "bad_point"),
    ("inf point", {"lat": math.inf}, ValidationError, "bad_point"),
    ("latitude > 90", {"lat": 91.0}, ValidationError, "bad_point"),
    ("text point", {"lon": "东经"}, ValidationError, "bad_point"),
    ("none point", {"lat": None}, ValidationError, "bad_point"),
    ("empty description", {"description": ""}, ValidationError, "missing_field"),
    ("blank description", {"description": " \n\t "}, ValidationError, "missing_field"),
    ("long description", {"description": "长" * 2001}, ValidationError, "text_too_long"),
    ("bad phone", {"reporter_phone": "12ab"}, ValidationError, "bad_phone"),
    ("short phone", {"reporter_phone": "123"}, ValidationError, "bad_phone"),
    ("unknown source", {"source": "sms"}, ValidationError, "bad_field"),
    ("unknown urgency", {"urgency": "very"}, ValidationError, "bad_field"),
]


@pytest.mark.parametrize(
    ("fields", "error", "code"),
    [r[1:] for r in REPORT_REFUSALS],
    ids=[r[0] for r in REPORT_REFUSALS],
)
def test_report_refusals_write_nothing(ws, spot, fields, error, code):
    exc = refused(ws, lambda: ws.report(**good_report(spot, **fields), photos=[png()]), error)
    assert exc.code == code
    assert photo_files(ws) == []


def test_good_report_is_written(ws, spot):
    before = snapshot(ws)[0]
    ws.report(**good_report(spot, reporter_phone=PHONE), photos=[png()])
    after = snapshot(ws)[0]
    assert after == {k: v + 1 for k, v in before.items()}
    assert len(photo_files(ws)) == 1


def test_pasted_text_is_cleaned_so_the_service_never_refuses_it(ws, spot):
    """CR LF from a Windows paste and stray control characters are cleaned at save time:
    the service refuses such text (sync.wire_types), which would lose the case later."""
    import json

    from sqlalchemy import select

    from gridapp.store.schema import case_events
    from gridapp.sync.wire_types import text_problem

    changes = ws.report(
        **good_report(
            spot,
            description="路面\r\n破损\x1b[31m\x00",
            address="\x07中心路\r12号",
            reporter_name="\u0085王\tfive",
        )
    )
    (case_id,) = changes.case_ids
    with ws.db.read() as conn:
        raw = conn.execute(
            select(case_events.c.payload).where(case_events.c.case_id == case_id)
        ).scalar_one()
    payload = json.loads(raw)
    assert payload["description"] == "路面\n破损[31m"
    assert payload["address"] == "中心路\n12号"
    assert payload["reporter_name"] == "王\tfive"
    assert all(text_problem(v) is None for v in payload.values() if isinstance(v, str))


PHOTO_REFUSALS = [  # (name, how to make the bytes, code): big buffers made per test only
    ("not an image", lambda: b"hello", "not_an_image"),
    ("empty file", lambda: b"", "not_an_image"),
    ("100 MB", lambda: bytes(100 * 1024 * 1024), "file_too_large"),
    ("just over the cap", lambda: bytes(MAX_PHOTO_BYTES + 1), "file_too_large"),
    ("png header then junk", lambda: png()[:40] + b"x" * 100, "not_an_image"),
]


@pytest.mark.parametrize(
    ("data", "code"), [p[1:] for p in PHOTO_REFUSALS], ids=[p[0] for p in PHOTO_REFUSALS]
)
def test_bad_photo_on_report(ws, spot, data, code):
    photo = data()
    exc = refused(ws, lambda: ws.report(**good_report(spot), photos=[photo]), ValidationError)
    assert exc.code == code


def test_unsupported_image_format(ws, spot):
    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, "GIF")
    exc = refused(ws, lambda: ws.report(**good_report(spot), photos=[buf.getvalue()]))
    assert exc.code == "unsupported_image"


def test_bad_photo_on_an_action(ws, spot):
    cid = report(ws, URBAN)
    drive(ws, cid, S.DISPATCHED)
    ws.act_as("bm-d02")
    exc = refused(ws, lambda: ws.act(cid, "handle", {"note": "ok"}, photos=[b"hello"]))
    assert exc.code == "not_an_image"
    assert ws.record(cid).state is S.DISPATCHED


class SpyPath(type(Path())):
    """A real path that remembers whether anyone opened it for reading."""

    reads: list[str] = []  # noqa: RUF012 - one list per test, reset below

    def read_bytes(self):
        SpyPath.reads.append("read_bytes")
        return super().read_bytes()

    def open(self, *args, **kwargs):
        SpyPath.reads.append("open")
        return super().open(*args, **kwargs)


def test_too_large_photo_path_is_refused_before_reading(ws, spot, tmp_path):
    big = tmp_path / "huge.jpg"
    with open(big, "wb") as fh:
        fh.truncate(100 * 1024 * 1024)  # sparse: 100 MB by size, nothing on disk
    spy = SpyPath(big)
    SpyPath.reads = []
    exc = refused(ws, lambda: ws.report(**good_report(spot), photos=[spy]), ValidationError)
    assert exc.code == "file_too_large"
    assert SpyPath.reads == []
    # the same spy does get read when the file is a fine photo: the probe works
    small = tmp_path / "ok.png"
    small.write_bytes(png())
    ws.report(**good_report(spot), photos=[SpyPath(small)])
    assert SpyPath.reads  # read_bytes (which opens the file)


def test_missing_photo_path(ws, spot, tmp_path):
    exc = refused(ws, lambda: ws.report(**good_report(spot), photos=[tmp_path / "nope.jpg"]))
    assert exc.code == "unreadable_file"


# -- act() ------------------------------------------------------------------------------------


@pytest.fixture
def dispatched(ws):
    cid = report(ws, URBAN)
    drive(ws, cid, S.DISPATCHED)
    return cid


ACT_REFUSALS = [
    ("unknown action", "paiqian", "teleport", None, "unknown_action"),
    ("report via act", "paiqian", "report", None, "unknown_action"),
    ("empty action", "paiqian", "", None, "unknown_action"),
    ("unknown key", "paiqian", "urge", {"colour": "red"}, "unknown_field"),
    ("computed key", "paiqian", "urge", {"deadline": "2026-12-01T09:00:00"}, "unknown_field"),
    ("number is not user input", "bm-d02", "handle", {"note": "x", "number": "1"}, "unknown_field"),
    ("missing reason", "bm-d02", "return", {}, "missing_field"),
    ("blank reason", "bm-d02", "return", {"reason": "  "}, "missing_field"),
    ("long note", "paiqian", "urge", {"note": "x" * 2001}, "text_too_long"),
    (
        "bad deadline",
        "bm-d02",
        "request_extension",
        {"deadline": "明天", "reason": "r"},
        "missing_field",
    ),
    (
        "earlier deadline",
        "bm-d02",
        "request_extension",
        {"deadline": "2026-11-16T10:00:00", "reason": "r"},
        "bad_deadline",
    ),
    (
        "unknown department",
        "paiqian",
        "reassign",
        {"department_code": "D99", "reason": "r"},
        "unknown_department",
    ),
    ("wrong role", "bm-d02", "urge", None, "role_not_allowed"),
    ("wrong state", "paiqian", "dispatch", None, "wrong_state"),
    ("check while dispatched", None, "check", {"result": True}, "wrong_state"),
]


@pytest.mark.parametrize(
    ("who", "action", "payload", "code"),
    [r[1:] for r in ACT_REFUSALS],
    ids=[r[0] for r in ACT_REFUSALS],
)
def test_act_refusals_write_nothing(ws, dispatched, who, action, payload, code):
    ws.act_as(who or officer_of(ws, ws.record(dispatched).grid_code))
    exc = refused(ws, lambda: ws.act(dispatched, action, payload))
    assert exc.code == code


def test_unknown_case(ws):
    ws.act_as("zhiban")
    exc = refused(ws, lambda: ws.act("no-such-case", "accept"), NotFoundError)
    assert exc.code == "unknown_case"


def test_check_result_must_be_boolean(ws, dispatched):
    act(ws, "bm-d02", dispatched, "handle", {"note": "ok"})
    ws.act_as(officer_of(ws, ws.record(dispatched).grid_code))
    exc = refused(ws, lambda: ws.act(dispatched, "check", {"result": "no"}), ValidationError)
    assert exc.code == "bad_field"
    assert ws.record(dispatched).state is S.HANDLED


def test_refused_file_uses_no_number(ws):
    cid = report(ws, URBAN)
    ws.act_as("zhiban")
    exc = refused(ws, lambda: ws.act(cid, "file"))
    assert exc.code == "not_accepted"


# -- known gaps (bugs in non-test code) ---------------------------------------------------------


def test_refused_action_leaves_no_photo_file(ws, dispatched):
    ws.act_as("paiqian")  # a dispatcher may not report 处置
    refused(ws, lambda: ws.act(dispatched, "handle", {"note": "x"}, photos=[png()]))


def test_report_refused_for_second_photo_leaves_no_file(ws, spot):
    refused(ws, lambda: ws.report(**good_report(spot), photos=[png(), b"hello"]))


def test_report_refused_by_the_rules_leaves_no_file(ws, spot):
    refused(ws, lambda: ws.report(**good_report(spot, source="hotline"), photos=[png()]))


def test_unknown_case_with_photo_leaves_no_file(ws):
    ws.act_as("bm-d02")
    refused(ws, lambda: ws.act("no-such-case", "handle", {"note": "x"}, photos=[png()]))


def test_file_with_unknown_urgency(ws):
    cid = report(ws, URBAN)
    act(ws, "shouli", cid, "accept")
    ws.act_as("zhiban")
    exc = refused(ws, lambda: ws.act(cid, "file", {"urgency": "super"}), Exception)
    assert isinstance(exc, ValidationError) and exc.code == "bad_field"


def test_extension_deadline_with_timezone(ws, dispatched):
    ws.act_as("bm-d02")
    payload = {"deadline": "2026-11-20T17:00:00+08:00", "reason": "r"}
    exc = refused(ws, lambda: ws.act(dispatched, "request_extension", payload), Exception)
    assert isinstance(exc, ValidationError)


def test_phone_given_as_a_number(ws, spot):
    ws.act_as("shouli")
    fields = good_report(spot, source="hotline", reporter_phone=13812341234)
    exc = refused(ws, lambda: ws.report(**fields), Exception)
    assert isinstance(exc, ValidationError)


def test_photo_given_as_a_string_path_is_read(ws, spot, tmp_path):
    path = tmp_path / "ok.png"
    path.write_bytes(png())
    (case_id,) = ws.report(**good_report(spot), photos=[str(path)]).case_ids
    assert ws.record(case_id).photos == (hashlib.sha256(png()).hexdigest(),)


def test_photo_given_as_something_else_is_refused(ws, spot):
    exc = refused(ws, lambda: ws.report(**good_report(spot), photos=[12345]), GridappError)
    assert exc.code == "bad_photo"


def test_store_photo_folder_is_next_to_the_store(ws, spot):
    ws.report(**good_report(spot), photos=[png()])
    (path,) = photo_files(ws)
    assert Path(path).parent.parent == ws.db.path.with_name("store-files")
    assert os.path.getsize(path) == len(png())


def _motion_photo() -> tuple[bytes, bytes]:
    """(the JPEG a phone shows, the file it saved: that JPEG followed by a video)."""
    buf = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 120, 200)).save(buf, "JPEG")
    still = buf.getvalue()
    return still, still + b"\x00\x00\x00\x18ftypmp42" + os.urandom(4096)


def test_motion_photo_picked_on_the_laptop_keeps_its_photo(ws, spot, tmp_path):
    still, motion = _motion_photo()
    path = tmp_path / "MVIMG_20261203_101010.jpg"
    path.write_bytes(motion)
    assert ws.check_photo(path).sha256 == hashlib.sha256(still).hexdigest()
    ws.report(**good_report(spot), photos=[path])
    sha = hashlib.sha256(still).hexdigest()
    assert ws.files.has(sha)
    assert ws.files.read(sha) == still


def test_trailing_data_from_elsewhere_is_refused(ws, spot):
    """Bytes that did not come from a file picked here (the wire, a draft) are judged as
    they are: the service refuses trailing data, and so does the core."""
    _still, motion = _motion_photo()
    err = refused(ws, lambda: ws.report(**good_report(spot), photos=[motion]))
    assert err.code == "image_trailing_data"
