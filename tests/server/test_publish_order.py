"""Server order given at commit (``gridapp.store.event_order``): what a pull may rely on.

A push's events get their seq only after the push committed, from one publisher at a
time. So a pull taken while a slow push is still open never hands out a cursor past a
seq that push could still take: its events come later, after it commits, exactly once
and in order. Runs on SQLite and, with GRIDAPP_TEST_PG_URL set, on PostgreSQL.

On SQLite the slow push holds the (global) writer lock, so the other push waits for
it; on PostgreSQL the other push commits and is pulled meanwhile: the test checks both.
"""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from sqlalchemy import select, update

from gridapp.domain.case import Tier
from gridapp.server.central import Central
from gridapp.server.sync_pull import pull
from gridapp.server.sync_push import push
from gridapp.store.case_log import events_of
from gridapp.store.schema import case_events, counters
from gridapp.sync.protocol import EventIn
from tests.sync.helpers import event, report_event, server_case

MORNING = datetime(2026, 11, 16, 9, 30)


@pytest.fixture
def central(central_settings):
    store = Central(central_settings, clock=lambda: MORNING)
    yield store
    store.close()


def _actor(central: Central, username: str):
    return central.reference().users[username].to_actor()


def _push(central: Central, username: str, *events: EventIn):
    return push(central, _actor(central, username), [ev.model_dump(mode="json") for ev in events])


def _pull_all(central: Central, username: str, since: int) -> tuple[list, int]:
    """Every page from ``since`` on, as a client would follow the cursor."""
    got = []
    actor = _actor(central, username)
    while True:
        page = pull(central, actor, since, limit=3)
        got += page.events
        since = page.cursor
        if not page.more:
            return got, since


def _seqs(central: Central) -> dict[str, int | None]:
    with central.db.read() as conn:
        return dict(conn.execute(select(case_events.c.id, case_events.c.seq)).all())


def test_a_slow_push_is_pulled_after_it_commits_never_skipped(central):
    first = report_event(central, k=0)
    assert _push(central, "wg001", first)[0].seq == 1
    seen, cursor = _pull_all(central, "wg001", 0)
    assert [e.id for e in seen] == [first.id]

    slow_report = report_event(central, k=1)
    slow_case: list[str] = []
    opened, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def slow_push() -> None:  # a push whose transaction stays open (a slow photo store…)
        try:
            service = central.service()
            with service.batch():
                changes = service.report(
                    _actor(central, "wg001"),
                    **{k: v for k, v in slow_report.payload.items() if k != "catalog"},
                )
                slow_case.extend(changes.case_ids)
                opened.set()
                assert release.wait(60)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
            opened.set()

    fast_report = report_event(central, k=2)
    fast_results: list = []
    slow = threading.Thread(target=slow_push)
    slow.start()
    assert opened.wait(30)
    fast = threading.Thread(
        target=lambda: fast_results.extend(_push(central, "wg001", fast_report))
    )
    fast.start()
    fast.join(5 if central.db.is_sqlite else 30)

    # While the slow push is open: its event has no seq, and no pull gets past it.
    during, cursor_during = _pull_all(central, "wg001", cursor)
    if central.db.is_sqlite:
        assert fast.is_alive() and during == []  # the writer lock: the fast push waits
    else:
        assert not fast.is_alive(), "a push waited for another push's transaction"
        assert fast_results[0].status.value == "accepted" and fast_results[0].seq == 2
        assert [e.id for e in during] == [fast_report.id]
        assert cursor_during == 2
    release.set()
    slow.join(30)
    fast.join(30)
    assert errors == [] and not slow.is_alive() and not fast.is_alive()
    assert fast_results[0].status.value == "accepted"

    after, end = _pull_all(central, "wg001", cursor_during)
    everything = seen + during + after
    ids = [e.id for e in everything]
    assert len(ids) == len(set(ids)), "an event was pulled twice"
    assert fast_report.id in ids
    slow_ids = {e.id for e in everything if e.case_id in slow_case}
    assert len(slow_ids) == 1, "the slow push's event was skipped"
    assert [e.seq for e in everything] == sorted(e.seq for e in everything)
    assert end == max(e.seq for e in everything) == 3
    # a client starting from 0 now gets the same events in the same order
    again, _ = _pull_all(central, "wg001", 0)
    assert [e.id for e in again] == ids
    assert None not in _seqs(central).values()


def test_events_a_dead_process_left_unnumbered_are_published_by_the_next_pull(central):
    """Committed, not numbered: what a process that died between its push's commit and
    its publish leaves. The next pull numbers them (or the next push, see below)."""
    reports = [report_event(central, k=k) for k in range(3)]
    assert [r.seq for r in _push(central, "wg001", *reports)] == [1, 2, 3]
    _, cursor = _pull_all(central, "wg001", 0)
    late = [report_event(central, k=k) for k in (3, 4)]
    _push(central, "wg001", *late)
    with central.db.write() as conn:  # as if the publish after the commit never ran
        conn.execute(
            update(case_events).where(case_events.c.id.in_([e.id for e in late])).values(seq=None)
        )
    got, end = _pull_all(central, "wg001", cursor)
    assert [e.id for e in got] == [e.id for e in late]  # in append order
    assert [e.seq for e in got] == [4, 5] and end == 5
    assert None not in _seqs(central).values()

    # A resend answered "duplicate" also carries a seq, whoever publishes first.
    with central.db.write() as conn:
        conn.execute(update(case_events).where(case_events.c.id == late[0].id).values(seq=None))
    (result,) = _push(central, "wg001", late[0])
    assert (result.status.value, result.seq) == ("duplicate", 6)


def test_a_push_publishes_what_an_earlier_one_left(central):
    stranded = report_event(central, k=0)
    _push(central, "wg001", stranded)
    with central.db.write() as conn:
        conn.execute(update(case_events).values(seq=None))
    newer = report_event(central, k=1)
    (result,) = _push(central, "wg001", newer)
    seqs = _seqs(central)
    assert seqs[stranded.id] == 1 and seqs[newer.id] == result.seq == 2


def _centre(central: Central, case_id: str) -> str:
    """The prefix of the usernames of the centre that handles the case (demo district)."""
    rec = server_case(central, case_id)
    if rec.tier is not Tier.TOWN:
        return ""
    return {"370306101": "bj-", "370306102": "nj-", "370306103": "wc-"}[rec.street_code]


def _filed_case(central: Central) -> tuple[str, str]:
    report = report_event(central)
    assert _push(central, "wg001", report)[0].status.value == "accepted"
    prefix = _centre(central, report.case_id)
    for who, action in (("shouli", "accept"), ("zhiban", "file"), ("paiqian", "dispatch")):
        (result,) = _push(central, prefix + who, event(report.case_id, action))
        assert result.status.value == "accepted", result
    return report.case_id, prefix


def test_concurrent_pushes_to_one_case_keep_its_order(central):
    case_id, prefix = _filed_case(central)
    notes = [event(case_id, "supervise", {"note": f"督办{i}", "reply_days": 2}) for i in range(8)]
    results: list = []
    barrier = threading.Barrier(len(notes))

    def one(ev: EventIn) -> None:
        barrier.wait()
        results.extend(_push(central, prefix + "zhiban", ev))

    threads = [threading.Thread(target=one, args=(ev,)) for ev in notes]
    [t.start() for t in threads]
    [t.join(60) for t in threads]
    assert [r.status.value for r in results] == ["accepted"] * len(notes)
    with central.db.read() as conn:
        rows = conn.execute(
            select(case_events.c.n, case_events.c.seq).where(case_events.c.case_id == case_id)
        ).all()
        history = events_of(conn, case_id)
    # the case's append order (its row lock) is its server order
    assert [seq for _, seq in sorted(rows)] == sorted(seq for _, seq in rows)
    assert server_case(central, case_id).supervise_count == len(notes)
    assert [e.action.value for e in history[-len(notes) :]] == ["supervise"] * len(notes)
    pulled, _ = _pull_all(central, "wg001", 0)
    mine = [e.seq for e in pulled if e.case_id == case_id]
    assert mine == sorted(mine) and len(mine) == len(set(mine))


def test_case_numbers_filed_at_once_are_unique(central):
    cases = [report_event(central, k=k) for k in range(6)]
    assert all(r.status.value == "accepted" for r in _push(central, "wg001", *cases))
    prefixes = {r.case_id: _centre(central, r.case_id) for r in cases}
    for report in cases:
        accept = event(report.case_id, "accept")
        (accepted,) = _push(central, prefixes[report.case_id] + "shouli", accept)
        assert accepted.status.value == "accepted"
    barrier = threading.Barrier(len(cases))
    results: list = []

    def file(case_id: str) -> None:
        barrier.wait()
        results.extend(_push(central, prefixes[case_id] + "zhiban", event(case_id, "file")))

    threads = [threading.Thread(target=file, args=(r.case_id,)) for r in cases]
    [t.start() for t in threads]
    [t.join(60) for t in threads]
    assert [r.status.value for r in results] == ["accepted"] * len(cases)
    numbers = sorted(server_case(central, r.case_id).number for r in cases)
    assert len(set(numbers)) == len(numbers)
    day = f"{central.county_code}-{MORNING:%Y%m%d}-"
    assert all(n.startswith(day) for n in numbers)
    serials = [int(n.rsplit("-", 1)[1]) for n in numbers]
    # gaps are allowed (a day's first numbers drawn at once), duplicates and 0 are not
    assert serials[0] == 1 and len(set(serials)) == len(serials), numbers


def test_numbers_continue_a_day_counted_before_the_upgrade(central):
    """A store upgraded mid-day (revision 0016) had given 0001–0007 from its counter row:
    the next number is 0008 on both backends, then 0009."""
    with central.db.write() as conn:
        conn.execute(
            counters.insert().values(name=f"case_no:{central.county_code}:20261116", value=7)
        )
    numbers = []
    for k in range(2):
        report = report_event(central, k=k)
        assert _push(central, "wg001", report)[0].status.value == "accepted"
        prefix = _centre(central, report.case_id)
        for who, action in (("shouli", "accept"), ("zhiban", "file")):
            (result,) = _push(central, prefix + who, event(report.case_id, action))
            assert result.status.value == "accepted", result
        numbers.append(server_case(central, report.case_id).number)
    day = f"{central.county_code}-20261116"
    assert numbers == [f"{day}-0008", f"{day}-0009"]


def test_a_restarted_service_numbers_what_a_killed_one_left(central, central_settings):
    """A service killed between a push's commit and its publish: the next one to start
    serves a numbered log at once (the SIGKILL convergence test reads it right away)."""
    reports = [report_event(central, k=k) for k in range(3)]
    _push(central, "wg001", *reports)
    with central.db.write() as conn:  # as if the publish after the commit never ran
        conn.execute(
            update(case_events)
            .where(case_events.c.id.in_([e.id for e in reports[1:]]))
            .values(seq=None)
        )
    assert list(_seqs(central).values()).count(None) == 2
    restarted = Central(central_settings)
    try:
        assert sorted(_seqs(restarted).values()) == [1, 2, 3]
    finally:
        restarted.close()
