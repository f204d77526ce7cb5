"""The pull tells its total (the log's head) to clients that ask, and only to them; the
client knows whether its first pull completed, across an interruption."""

from __future__ import annotations

import pytest

from gridapp.sync.engine import SyncEngine, first_pull_done, pulled_all_key
from gridapp.sync.protocol import EventOut, Model
from gridapp.sync.round_outcome import SyncReport
from gridapp.sync.transport import TransientError, Transport
from tests.live_server import PASSWORD
from tests.sync.helpers import event, make_client, report_event, server_events, transport


class PullResponseBefore(Model):
    """The pull answer as clients before ``head`` parse it (unknown fields forbidden)."""

    epoch: str
    events: list[EventOut]
    cursor: int
    more: bool


def fill(live_server, n: int = 6) -> int:
    central = live_server.central
    officer = transport(live_server, "wg001")
    reports = [report_event(central, k=k) for k in range(n)]
    officer.push(reports)
    transport(live_server, "shouli").push([event(r.case_id, "accept") for r in reports])
    return len(server_events(central))


def test_head_only_for_clients_that_ask(live_server):
    head = fill(live_server)
    token = live_server.login("zhiban")
    with live_server.client(token) as http:
        v = {"catalog": 2}  # the catalog version the client reads codes in
        old = http.get("/sync/pull", params={"since": 0, "limit": 3, **v})
        new = http.get("/sync/pull", params={"since": 0, "limit": 3, "with_head": "true", **v})
        empty = http.get("/sync/pull", params={"since": head, "with_head": "true", **v})
    assert old.status_code == new.status_code == empty.status_code == 200
    assert set(old.json()) == {"epoch", "events", "cursor", "more"}  # exactly as before
    PullResponseBefore.model_validate(old.json())  # a client from before still reads it
    assert new.json()["head"] == head and new.json()["cursor"] == 3
    assert empty.json()["head"] == head and empty.json()["events"] == []
    page = transport(live_server, "zhiban").pull(0, 2)  # this client always asks
    assert page.head == head and page.more


class Interrupted(Transport):
    """A network that drops after ``pages`` pull pages."""

    def __init__(self, url: str, pages: int) -> None:
        super().__init__(url)
        self.pages = pages

    def pull(self, since: int, limit: int | None = None, catalog: int | None = None):
        if self.pages <= 0:
            raise TransientError("network", "connection lost")
        self.pages -= 1
        return super().pull(since, limit, catalog)


def test_first_pull_done_only_after_the_last_page(live_server, tmp_path):
    head = fill(live_server, 8)
    client = make_client(tmp_path / "laptop", live_server.url, "lead", "zhiban")
    ws = client.ws
    engine = SyncEngine(ws, Interrupted(live_server.url, pages=2))
    engine.transport.login("zhiban", PASSWORD)
    engine.pull_limit = 3
    seen = []
    engine.on_pulled = seen.append
    assert not engine.first_pull_done()
    with pytest.raises(TransientError):
        engine.pull(SyncReport())
    assert [p.cursor for p in seen] == [3, 6] and {p.head for p in seen} == {head}
    assert seen[-1].fraction == pytest.approx(6 / head)
    assert not engine.first_pull_done()  # a part of the log: still the first pull
    engine.transport.pages = 100
    seen.clear()
    engine.pull(SyncReport())  # resumes where it stopped
    assert seen[0].start == 6 and seen[-1].cursor == head and seen[-1].fraction == 1.0
    assert engine.first_pull_done()


def test_store_from_before_the_flag_counts_as_pulled():
    assert first_pull_done({"cursor:u": "120"}, "u")  # was syncing before the flag existed
    assert not first_pull_done({}, "u")  # new here
    assert not first_pull_done({"cursor:u": "120", pulled_all_key("u"): "0"}, "u")
    assert first_pull_done({"cursor:u": "0", pulled_all_key("u"): "1"}, "u")
