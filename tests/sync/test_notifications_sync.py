"""A 催办 made at the centre reaches a department's laptop by sync and becomes a
notification there, from the pulled event alone (real service, real client stores)."""

from __future__ import annotations

from gridapp.notifications import Kind
from tests.sync.helpers import make_client


def test_a_pulled_urge_is_a_notification_for_the_department(live_server, tmp_path):
    url = live_server.url
    wg001 = make_client(tmp_path, url, "wg001", "wg001")
    shouli = make_client(tmp_path, url, "shouli", "shouli")
    zhiban = make_client(tmp_path, url, "zhiban", "zhiban")
    paiqian = make_client(tmp_path, url, "paiqian", "paiqian")
    d02 = make_client(tmp_path, url, "bm-d02", "bm-d02")
    d02.run()
    assert d02.ws.notifications.check() == []  # first look: the watermark only

    cid = wg001.report(0)
    wg001.run()
    for client, action, payload in (
        (shouli, "accept", None),
        (zhiban, "file", None),
        (paiqian, "dispatch", {"department_code": "D02"}),
    ):
        client.run()
        client.ws.act(cid, action, payload)
        client.run()

    d02.run()
    found = d02.ws.notifications.check()
    assert [(n.kind, n.queue, n.case_id) for n in found] == [(Kind.TASK, "my_tasks", cid)]

    paiqian.ws.act(cid, "urge", {"note": "群众反映强烈，请尽快处置"})
    paiqian.run()
    assert d02.ws.notifications.check() == []  # not pulled yet: nothing to tell
    d02.run()
    found = d02.ws.notifications.check()
    assert [(n.kind, n.case_id, n.note) for n in found] == [
        (Kind.URGE, cid, "群众反映强烈，请尽快处置")
    ]
    assert found[0].case_number == d02.ws.record(cid).number
    assert d02.ws.notifications.unread_count() == 2
    for c in (wg001, shouli, zhiban, paiqian, d02):
        c.close()
