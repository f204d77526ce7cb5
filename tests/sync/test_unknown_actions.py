"""Events a newer service wrote, with an action or role this version does not know.

They arrive in a pull like any other. The pull must store them and go on: the pages
behind them, and every other case of their page, are applied as usual; the case they
belong to is shown as it stood before the first of them, its timeline stops there, it
says how many records it cannot show, and it offers no action (they would rest on old
state). The demo month's log is pulled in small pages with such events put in.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gridapp.domain.actions import Action
from gridapp.domain.events import event_of
from gridapp.domain.workflow import replay
from gridapp.notifications import derive
from gridapp.reports import fact_check
from gridapp.store import case_log
from gridapp.store.schema import case_events
from gridapp.sync import local, projections
from gridapp.sync.engine import SyncEngine
from gridapp.sync.protocol import EventOut
from gridapp.sync.round_outcome import SyncReport
from tests.sync.test_page_apply import PagesTransport, client_store, pages_of
from tests.sync.test_page_apply import demo_log as demo_log

PAGE = 97


def _with_seqs(events: list[EventOut]) -> list[EventOut]:
    """The log numbered 1.. in its order (events put in take their place)."""
    return [ev.model_copy(update={"seq": i}) for i, ev in enumerate(events, start=1)]


def _future(ev: EventOut, suffix: str, **changes: str) -> EventOut:
    return ev.model_copy(update={"id": f"{ev.id}-{suffix}", **changes})


@pytest.fixture
def hostile_log(demo_log: tuple[Path, list[EventOut]]):
    """The demo log with: an unknown action in the middle of case A's history; an unknown
    role on the last event of case B; case C's report written by an unknown role."""
    template, events = demo_log
    by_case: dict[str, list[EventOut]] = defaultdict(list)
    for ev in events:
        by_case[ev.case_id].append(ev)
    long_cases = sorted(c for c, evs in by_case.items() if len(evs) >= 5)
    a, b, c = long_cases[0], long_cases[1], long_cases[2]
    a_at = by_case[a][2]  # A: two events before it, the rest after
    out: list[EventOut] = []
    for ev in events:
        if ev.id == a_at.id:
            out.append(_future(ev, "x", action="escalate_to_city"))
        if ev.case_id == b and ev.id == by_case[b][-1].id:
            ev = ev.model_copy(update={"role": "city_inspector"})
        if ev.case_id == c and ev.action == Action.REPORT.value:
            ev = ev.model_copy(update={"role": "robot"})
        out.append(ev)
    return template, _with_seqs(out), {"A": a, "B": b, "C": c}, by_case


def test_pull_goes_past_unknown_actions_and_roles(hostile_log, tmp_path: Path) -> None:
    template, events, named, by_case = hostile_log
    ws = client_store(tmp_path / "client.db", template)
    engine = SyncEngine(ws, PagesTransport(pages_of(events, PAGE)))  # type: ignore[arg-type]
    engine.pull(SyncReport())

    with ws.db.read() as conn:
        stored = conn.execute(select(func.count()).select_from(case_events)).scalar_one()
        cursor = int(local.get_state(conn)[f"cursor:{ws.user.username}"])
        records = {cid: case_log.load_case(conn, cid) for cid in by_case}
    assert stored == len(events), "every pulled event is kept, readable or not"
    assert cursor == events[-1].seq, "the pull reached the head"

    def folded(case_id: str) -> list[EventOut]:
        """The case's events up to the first this version cannot read."""
        out = []
        for ev in events:
            if ev.case_id != case_id:
                continue
            if event_of(ev.id, ev.case_id, ev.action, ev.actor, ev.role, ev.at_server, {}) is None:
                break
            out.append(ev)
        return out

    a, b, c = named["A"], named["B"], named["C"]
    assert len(folded(a)) == 2
    assert len(folded(b)) == len(by_case[b]) - 1
    assert folded(c) == []
    for case_id in by_case:
        record = records[case_id]
        want = folded(case_id)
        if not want:
            assert record is None, case_id
            continue
        assert record is not None, case_id
        assert record.version == len(want), case_id
        expected = replay(
            event_of(e.id, e.case_id, e.action, e.actor, e.role, e.at_server, e.payload)
            for e in want
        )
        assert (record.state, record.deadline) == (expected.state, expected.deadline), case_id

    # The case detail stops before the unknown record, says how many it hides, offers no action.
    ws.act_as("zhiban")
    hidden = len(by_case[a]) + 1 - 2  # the unknown event and the three or more after it
    detail = ws.case(a)
    assert detail.unreadable == hidden
    assert len(detail.timeline) == 2
    assert detail.actions == ()
    plain = next(cid for cid in sorted(by_case) if cid not in named.values())
    assert ws.case(plain).unreadable == 0
    # The facts of every case fold (an unknown action counts for nothing there).
    with ws.db.read() as conn:
        assert fact_check.outdated(conn) == []
    ws.close()


def test_histories_stop_at_the_first_unreadable_event(hostile_log, tmp_path: Path) -> None:
    template, events, named, by_case = hostile_log
    ws = client_store(tmp_path / "client.db", template)
    engine = SyncEngine(ws, PagesTransport(pages_of(events, len(events))))  # type: ignore[arg-type]
    engine.pull(SyncReport())
    a = named["A"]
    with ws.db.read() as conn:
        history = projections.read_histories(conn, [a])[a]
        logged = case_log.events_of(conn, a)
    assert [e.id for _, e, _ in history] == [e.id for e in by_case[a][:2]]
    assert [e.id for e in logged] == [e.id for e in by_case[a][:2]]
    ws.close()


def test_notifications_take_unknown_actions(hostile_log, tmp_path: Path) -> None:
    """The news derived from pulled events (new tasks, 催办/督办 received) reads past an
    event with an unknown action."""
    template, events, _named, _ = hostile_log
    ws = client_store(tmp_path / "client.db", template)
    SyncEngine(ws, PagesTransport(pages_of(events, len(events)))).pull(SyncReport())  # type: ignore[arg-type]
    ws.act_as("zhiban")
    now = events[-1].at_server
    with ws.db.read() as conn:
        pulled = derive.events_after(conn, 0, ws.user)
        assert "escalate_to_city" in {ev.action for ev in pulled}
        tasks = derive.new_tasks(conn, ws.user, pulled, now)
        derive.received(conn, ws.user, pulled, now)
    assert tasks, "the readable events behind it still make news"
    ws.close()
