"""Sync rules for events that name photos, against a real service.

An event whose photo is not on the service yet waits, with the later events of its
case; it is never refused for that.
"""

from __future__ import annotations

import hashlib

from gridapp.sync.engine import pending_events, refused_events
from gridapp.sync.protocol import EventStatusOut
from tests.core.helpers import GARBAGE, jpeg, point_of
from tests.sync.helpers import PHONE, event, hotline_event, make_client, server_case, transport

S = EventStatusOut


def accepted_hotline_case(shouli, photo: bytes) -> str:
    """A hotline report with one photo, accepted, on the intake's client store (not synced)."""
    x, y = point_of(shouli.ws, "wg001")
    (case_id,) = shouli.ws.report(
        source="hotline",
        category_code=GARBAGE,
        lon=x,
        lat=y,
        description="热线",
        reporter_phone=PHONE,
        photos=[photo],
    ).case_ids
    shouli.ws.act(case_id, "accept")
    return case_id


# -- photos --------------------------------------------------------------------------------


def test_event_whose_photo_is_missing_waits_with_the_later_events_of_its_case(live_server):
    central = live_server.central
    t = transport(live_server, "shouli")
    photo = jpeg(1)
    sha = hashlib.sha256(photo).hexdigest()
    hot = hotline_event(central, photos=[sha])
    acc = event(hot.case_id, "accept")
    other = hotline_event(central, k=1)
    results = t.push([hot, acc, other]).results
    assert [r.status for r in results] == [S.RETRY, S.RETRY, S.ACCEPTED]
    assert results[0].code == "files_missing" and results[1].code == "earlier_event_waiting"
    assert server_case(central, hot.case_id) is None
    assert t.upload(sha, photo).present
    results = t.push([hot, acc]).results
    assert [r.status for r in results] == [S.ACCEPTED, S.ACCEPTED]
    assert server_case(central, hot.case_id).photos == (sha,)
    assert server_case(central, hot.case_id).accepted


def test_client_keeps_events_waiting_for_a_photo_pending(live_server, tmp_path):
    shouli = make_client(tmp_path, live_server.url, "shouli", "shouli")
    case_id = accepted_hotline_case(shouli, photo=jpeg(2))
    real_upload = shouli.sync.transport.upload
    shouli.sync.transport.upload = lambda sha, data, **kw: None  # the photo does not arrive
    report = shouli.run()
    assert (report.accepted, report.rejected, report.waiting) == (0, 0, 2)
    assert pending_events(shouli.ws) == 2 and not refused_events(shouli.ws)
    assert shouli.ws.record(case_id).accepted  # still shown with the pending accept
    shouli.sync.transport.upload = real_upload
    report = shouli.run()
    assert (report.accepted, report.rejected, report.waiting) == (2, 0, 0)
    assert pending_events(shouli.ws) == 0
    assert live_server.central.files.has(shouli.ws.record(case_id).photos[0])


def test_later_events_of_a_waiting_case_are_not_refused_in_a_later_batch(live_server, tmp_path):
    shouli = make_client(tmp_path, live_server.url, "shouli", "shouli", batch_size=1)
    case_id = accepted_hotline_case(shouli, photo=jpeg(3))
    real_upload = shouli.sync.transport.upload
    shouli.sync.transport.upload = lambda sha, data, **kw: None
    shouli.run()
    shouli.sync.transport.upload = real_upload
    shouli.run()
    assert not refused_events(shouli.ws), refused_events(shouli.ws)[0]["reject_code"]
    assert server_case(live_server.central, case_id).accepted


def test_upload_sends_a_photo_still_in_the_journal_byte_for_byte(live_server, tmp_path):
    """Saved but not settled into the client's file store yet: sync reads the journal."""
    shouli = make_client(tmp_path, live_server.url, "shouli", "shouli")
    shouli.ws.journal.background = False  # nothing settles until the test says so
    photo = jpeg(3)
    sha = hashlib.sha256(photo).hexdigest()
    case_id = accepted_hotline_case(shouli, photo=photo)
    assert not shouli.ws.files.path_for(sha).exists()
    assert shouli.ws.journal.pending() == [sha]
    report = shouli.run()
    assert (report.accepted, report.rejected, report.waiting) == (2, 0, 0)
    assert live_server.central.files.read(sha) == photo
    assert server_case(live_server.central, case_id).photos == (sha,)
    shouli.ws.journal.settle()
    assert shouli.ws.files.path_for(sha).read_bytes() == photo
