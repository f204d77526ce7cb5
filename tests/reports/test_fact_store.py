"""The kept case facts (``case_facts``) give exactly what folding the event logs gives.

Over the demo district (six months up to 21 Nov 2026): for months, weeks, single days
and a town, the stored path (``fact_store.load``) returns the same ``CaseFacts`` as the
log path (``facts.load_facts``), including past months whose cases changed after the
month's end (cut at the end); and the monthly report and the statistics view built on
either path are equal. Rows are written with the events (the demo build, an action, a
stale version) and a stale row is never read as current.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from itertools import pairwise

import pytest
from sqlalchemy import delete, func, or_, select, update

from gridapp.domain.events import loads_payload
from gridapp.reports import fact_check, fact_cuts, fact_store, facts, indicators, mark_sql
from gridapp.reports import figures as fg
from gridapp.reports.model import LEVEL_COMMUNITY, LEVEL_DISTRICT, LEVEL_STREET, RegionRef
from gridapp.stats import compute as stats_compute
from gridapp.stats.model import CUSTOM
from gridapp.store.schema import case_events, case_facts, case_facts_cuts, case_marks, cases
from gridapp.workspace import Workspace

NOW = datetime(2026, 11, 21, 12, 0)
PERIODS = [
    (datetime(2026, 6, 1), datetime(2026, 7, 1)),
    (datetime(2026, 9, 1), datetime(2026, 10, 1)),
    (datetime(2026, 10, 1), datetime(2026, 11, 1)),
    (datetime(2026, 11, 1), datetime(2026, 12, 1)),  # this month: nothing happened after it
    (datetime(2026, 10, 27), datetime(2026, 11, 3)),  # a week across a month's end
    (datetime(2026, 10, 14), datetime(2026, 10, 15)),  # one day
    (datetime(2026, 11, 20), datetime(2026, 11, 21)),  # yesterday
    (datetime(2026, 11, 21), datetime(2026, 11, 22)),  # today
]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The demo store as built for 21 Nov 2026 (six months, ~4,300 cases; ~30 s)."""
    from gridapp.demo.build import build_demo_store

    ws = build_demo_store(tmp_path_factory.mktemp("demo") / "demo.db", end=date(2026, 11, 21))
    ws.clock = lambda: NOW
    ws.act_as("ducha")
    yield ws
    ws.close()


def _changed_after(ws: Workspace, end: datetime) -> int:
    with ws.db.read() as conn:
        q = (
            select(func.count())
            .select_from(case_facts.join(cases, cases.c.id == case_facts.c.case_id))
            .where(cases.c.reported_at < end, case_facts.c.last_at >= end)
        )
        return conn.execute(q).scalar_one()


def test_the_build_writes_every_row_with_its_events(demo: Workspace):
    with demo.db.read() as conn:
        assert fact_store.stale_ids(conn) == []
        n_cases = conn.execute(select(func.count()).select_from(cases)).scalar_one()
        n_rows = conn.execute(select(func.count()).select_from(case_facts)).scalar_one()
    assert n_rows == n_cases > 3000


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_sql_sums_equal_the_marks_of_every_region(demo: Workspace, start, end):
    """``mark_sql.summary_figures`` (SQL for plain cases, Python for the rest) gives what
    ``figures.region_figures`` gives, for the district, a town and a community."""
    p = fg.Period(start, end)
    with demo.db.read() as conn:
        street, community = conn.execute(
            select(cases.c.street_code, cases.c.community_code).order_by(cases.c.number)
        ).first()
        summed_in_sql = 0
        for code, level in (
            ("", LEVEL_DISTRICT),
            (street, LEVEL_STREET),
            (community, LEVEL_COMMUNITY),
        ):
            region = RegionRef(code, code, level)
            marks = fg.marks_of(fact_store.load(conn, code, start, end), p)
            expected = fg.region_figures(region, marks)
            assert mark_sql.summary_figures(conn, region, p) == expected, (code, start)
            summed_in_sql += sum(map(len, mark_sql._sql_numbers(conn, code, p).values()))
    assert summed_in_sql > 0  # the SQL path carried cases, not only the Python rest


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_stored_facts_equal_the_fold_of_the_log(demo: Workspace, start, end):
    with demo.db.read() as conn:
        old = facts.load_facts(conn, "", start, end)
        new = fact_store.load(conn, "", start, end)
    assert len(new) == len(old) > 0
    assert new == old


def test_past_months_cut_cases_that_changed_later(demo: Workspace):
    """The test above is about something: past periods hold cases changed after their end
    (folded up to the end), and those cases differ from their stored (whole) facts."""
    start, end = datetime(2026, 10, 1), datetime(2026, 11, 1)
    assert _changed_after(demo, end) > 50
    with demo.db.read() as conn:
        cut = {f.case_id: f for f in fact_store.load(conn, "", start, end)}
        rows = conn.execute(select(case_facts.c.case_id, case_facts.c.facts)).all()
    whole = {cid: fact_store.decode_facts(text) for cid, text in rows if text}
    differ = [cid for cid, f in cut.items() if whole[cid] != f]
    assert len(differ) > 30
    # e.g. closed after the month's end: open in the October fold
    assert any(whole[c].closed_at and not cut[c].closed_at for c in differ)


def test_the_fold_at_the_months_start_is_kept(demo: Workspace):
    """Cases changed after October keep their fold up to 1 November (``case_facts_cuts``;
    every month start's: ``test_fact_cuts``), and ``load`` reads it: the stored-path
    equality above then covers it (the log path folds), and no row differs from its log
    (``outdated``)."""
    cut = case_facts_cuts.c
    end = datetime(2026, 11, 1)
    with demo.db.read() as conn:
        kept = conn.execute(
            select(func.count())
            .select_from(case_facts_cuts.join(case_facts, case_facts.c.case_id == cut.case_id))
            .where(cut.cut_at == end, cut.facts.is_not(None), case_facts.c.last_at >= end)
        ).scalar_one()
        assert fact_check.outdated(conn) == []
        every = fact_cuts.held(conn)
    assert kept > 30
    assert all(a[0] < b[0] for cuts in every.values() for a, b in pairwise(cuts))


def test_month_starts_run_across_a_years_end():
    starts = list(fact_cuts.month_starts(datetime(2025, 11, 30, 23, 59), datetime(2026, 2, 1)))
    assert starts == [datetime(2025, 12, 1), datetime(2026, 1, 1), datetime(2026, 2, 1)]
    assert list(fact_cuts.month_starts(datetime(2026, 2, 3), datetime(2026, 2, 28))) == []


def test_a_town_alone(demo: Workspace):
    street = sorted(demo.reference.streets)[0]
    start, end = datetime(2026, 10, 1), datetime(2026, 11, 1)
    with demo.db.read() as conn:
        old = facts.load_facts(conn, street, start, end)
        assert fact_store.load(conn, street, start, end) == old
    assert old and all(f.street == street for f in old)


def test_codec_round_trip(demo: Workspace):
    with demo.db.read() as conn:
        folded = facts.load_facts(conn, "", datetime(2026, 6, 1), datetime(2026, 12, 1))
    rich = [f for f in folded if (f.rounds and f.suspensions) or f.supervise_orders] or folded
    for f in [*rich[:50], *folded[:50]]:
        assert fact_store.decode_facts(fact_store.encode_facts(f)) == f


def test_the_monthly_report_is_the_same_on_both_paths(demo: Workspace, monkeypatch):
    new = demo.reports.monthly("2026-10")
    monkeypatch.setattr(indicators, "load_facts", facts.load_facts)
    old = demo.reports.monthly("2026-10")
    assert new == old and new.summary.reported.value > 0


def test_the_statistics_view_is_the_same_on_both_paths(demo: Workspace, monkeypatch):
    new = demo.stats.view(CUSTOM, start=date(2026, 10, 1), end=date(2026, 10, 31))
    monkeypatch.setattr(indicators, "load_facts", facts.load_facts)
    monkeypatch.setattr(stats_compute, "load_facts", facts.load_facts)
    builder = stats_compute.StatsBuilder
    monkeypatch.setattr(builder, "build", builder.build_from_marks)  # every case in Python
    old = demo.stats.view(CUSTOM, start=date(2026, 10, 1), end=date(2026, 10, 31))
    assert new == old and new.previous.reported.value > 0


def test_an_action_rewrites_the_row_in_its_transaction(demo: Workspace):
    """督办 on an open case: its row changes at once, with no refresh by a reader."""
    with demo.db.read() as conn:
        cid = conn.execute(
            select(cases.c.id).where(cases.c.state == "dispatched").order_by(cases.c.id)
        ).scalar()
        before = conn.execute(
            select(case_facts.c.facts).where(case_facts.c.case_id == cid)
        ).scalar_one()
    demo.act_as("zhiban")
    try:
        demo.act(cid, "supervise", {"note": "请加快处置", "reply_days": 1})
    finally:
        demo.act_as("ducha")
    with demo.db.read() as conn:
        row = conn.execute(
            select(case_facts.c.facts, case_facts.c.last_at).where(case_facts.c.case_id == cid)
        ).one()
        assert fact_store.stale_ids(conn) == []
        end = datetime(2026, 12, 1)
        (logged,) = [
            f for f in facts.load_facts(conn, "", datetime(2026, 11, 1), end) if f.case_id == cid
        ] or [None]
    after = fact_store.decode_facts(row.facts)
    assert row.facts != before and after.supervises[-1] == row.last_at == NOW
    if logged is not None:
        assert after == logged


def test_a_stale_version_is_folded_from_the_log_then_rewritten(demo: Workspace):
    start, end = datetime(2026, 9, 1), datetime(2026, 10, 1)
    fact_store._current.discard(demo.db)  # rows of another version: a new process's start
    with demo.db.write() as conn:
        conn.execute(
            update(case_facts)
            .where(case_facts.c.case_id.in_(select(cases.c.id).where(cases.c.reported_at < end)))
            .values(version="old-fold", facts=None, events="[]")
        )
    with demo.db.read() as conn:
        stale = len(fact_store.stale_ids(conn))
        assert stale > 1000
        assert fact_store.load(conn, "", start, end) == facts.load_facts(conn, "", start, end)
    assert fact_store.refresh_stale(demo.db, batch=700) == stale
    with demo.db.read() as conn:
        assert fact_store.stale_ids(conn) == []
        assert fact_store.load(conn, "", start, end) == facts.load_facts(conn, "", start, end)


def test_a_missing_row_is_found_again_after_a_first_full_look(demo: Workspace):
    fact_store.refresh_stale(demo.db)  # the full look: every row current
    assert demo.db in fact_store._current
    with demo.db.read() as conn:
        cid = conn.execute(select(cases.c.id).order_by(cases.c.id).limit(1)).scalar_one()
    with demo.db.write() as conn:  # a case that arrived without its row
        conn.execute(delete(case_facts).where(case_facts.c.case_id == cid))
    assert fact_store.refresh_stale(demo.db) == 1  # the counts differ: looked again
    assert fact_store.refresh_stale(demo.db) == 0
    with demo.db.read() as conn:
        assert fact_store.stale_ids(conn) == []


def test_a_row_that_does_not_decode_is_folded_from_the_log(demo: Workspace):
    start, end = datetime(2025, 1, 1), datetime(2027, 1, 1)  # every case, as stored
    with demo.db.read() as conn:
        cid = conn.execute(
            select(cases.c.id).where(cases.c.reported_at < end).order_by(cases.c.id).limit(1)
        ).scalar_one()
        good = conn.execute(select(case_facts.c.facts).where(case_facts.c.case_id == cid))
        good = good.scalar_one()
    with demo.db.write() as conn:  # a wrongly typed value (a string for a time)
        conn.execute(
            update(case_facts).where(case_facts.c.case_id == cid).values(facts='["x","y"]')
        )
    try:
        with demo.db.read() as conn:
            assert fact_store.load(conn, "", start, end) == facts.load_facts(conn, "", start, end)
            assert cid in fact_check.outdated(conn)
    finally:
        with demo.db.write() as conn:
            conn.execute(update(case_facts).where(case_facts.c.case_id == cid).values(facts=good))


def test_a_mark_row_left_behind_is_outdated_and_never_summed(demo: Workspace):
    """A writer that rewrote a case's facts but not its marks row is found by
    ``outdated`` (the sync tests' check), and a stale marks row is not summed in SQL."""
    with demo.db.read() as conn:
        cid, filed = conn.execute(
            select(case_marks.c.case_id, case_marks.c.filed_at)
            .where(case_marks.c.filed_at.is_not(None), case_marks.c.plain.is_(True))
            .order_by(case_marks.c.case_id)
            .limit(1)
        ).one()
        assert cid not in fact_check.outdated(conn)
    with demo.db.write() as conn:
        conn.execute(update(case_marks).where(case_marks.c.case_id == cid).values(filed_at=None))
    try:
        with demo.db.read() as conn:
            assert cid in fact_check.outdated(conn)
    finally:
        with demo.db.write() as conn:
            conn.execute(
                update(case_marks).where(case_marks.c.case_id == cid).values(filed_at=filed)
            )
    p = fg.Period(datetime(2025, 1, 1), datetime(2027, 1, 1))
    with demo.db.read() as conn:
        number = conn.execute(select(cases.c.number).where(cases.c.id == cid)).scalar_one()
        assert number in mark_sql._sql_numbers(conn, "", p)["filed"]
    with demo.db.write() as conn:
        conn.execute(update(case_marks).where(case_marks.c.case_id == cid).values(version="x"))
    try:
        with demo.db.read() as conn:
            assert not any(number in n for n in mark_sql._sql_numbers(conn, "", p).values())
            assert mark_sql.summary_figures(conn, RegionRef("", "", LEVEL_DISTRICT), p) == (
                fg.region_figures(
                    RegionRef("", "", LEVEL_DISTRICT),
                    fg.marks_of(fact_store.load(conn, "", p.start, p.end), p),
                )
            )
    finally:
        with demo.db.write() as conn:
            conn.execute(
                update(case_marks)
                .where(case_marks.c.case_id == cid)
                .values(version=fact_store.FACTS_VERSION)
            )


def test_payloads_msgspec_refuses_are_read_as_json_reads_them():
    assert math.isnan(loads_payload('{"lat": NaN}')["lat"])
    assert loads_payload('{"note": "\\ud800"}') == {"note": "\ud800"}
    assert loads_payload('{"n": 1, "s": "井盖"}') == {"n": 1, "s": "井盖"}
    assert math.isinf(loads_payload('{"lat": 1e400}')["lat"])  # msgspec: out of range


def test_a_payload_out_of_msgspecs_range_folds(demo: Workspace):
    """A stored payload with a number msgspec refuses (out of a double's range) must not
    stop the facts fold of its case (``fact_check.outdated`` refolds every case)."""
    e = case_events.c
    with demo.db.read() as conn:
        cid, eid, payload = conn.execute(
            select(e.case_id, e.id, e.payload).where(e.action == "urge")
        ).first()
    try:
        with demo.db.write() as conn:
            hostile = '{"note": "快", "extra": 1e400}'
            conn.execute(update(case_events).where(e.id == eid).values(payload=hostile))
            fact_store.refresh(conn, [cid])
        with demo.db.read() as conn:
            assert cid not in fact_check.outdated(conn)
    finally:  # the store is the module's
        with demo.db.write() as conn:
            conn.execute(update(case_events).where(e.id == eid).values(payload=payload))
            fact_store.refresh(conn, [cid])


def test_facts_that_cannot_be_stored_leave_a_stale_row(demo: Workspace):
    """A lone surrogate from an escaped payload cannot be UTF-8: the row says so and the
    case is folded from its log (tested through refresh with such a fold)."""
    broken = facts.CaseFacts(
        "id", "no", "s", "c", "g", "m", "t", datetime(2026, 9, 1), "wg001", "officer",
        void_reason="\ud800",
    )  # fmt: skip
    with pytest.raises(UnicodeEncodeError):
        fact_store.encode_facts(broken)
    with demo.db.read() as conn:
        cid = conn.execute(select(cases.c.id).order_by(cases.c.id).limit(1)).scalar_one()
    real_fold = fact_store.fold_cases
    try:
        fact_store.fold_cases = lambda rows: [broken] if rows else []
        with demo.db.write() as conn:
            fact_store.refresh(conn, [cid])
    finally:
        fact_store.fold_cases = real_fold
    with demo.db.read() as conn:
        row = conn.execute(select(case_facts).where(case_facts.c.case_id == cid)).one()
        assert row.version == fact_store.UNSTORABLE and row.facts is None
        assert cid in fact_store.stale_ids(conn)
    fact_store._current.discard(demo.db)
    assert fact_store.refresh_stale(demo.db) >= 1  # the real fold stores it again


def test_the_snapshot_is_the_newest_accepted_event(demo: Workspace):
    """「数据截至」 on a store without a last sync: the newest ``at_server`` of the log, found
    among the last events in server order (an index range, not a scan of the log)."""
    from gridapp.reports.indicators import snapshot

    with demo.db.read() as conn:
        newest = conn.execute(select(func.max(case_events.c.at_server))).scalar()
        at, label = snapshot(conn, datetime(2026, 11, 21, 9, 0))
        plan = " ".join(
            r[3]
            for r in conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT max(at_server) FROM case_events WHERE seq > 5"
            )
        )
    assert at == newest and "本地库最新事件" in label
    assert "USING INDEX" in plan  # the seq range, not a scan


def test_the_events_column_is_json_dumps_text():
    """``_events_json`` encodes with msgspec for speed: the text must be what
    ``json.dumps(…, ensure_ascii=False, separators=(",", ":"))`` gives, escapes included
    (quotes, backslashes, control characters, U+2028, astral characters), and a lone
    surrogate, which msgspec refuses, still gives json's text."""
    import json

    odd = "".join(chr(c) for c in range(0x800)) + '\u2028\u2029\ufeff"\\/😀井盖'
    rows = [
        {"action": "report", "actor": "wg001", "role": "grid_officer",
         "at": datetime(2026, 9, 1, 8, 0, 0, 120), "payload": '{"d": "' + odd + '"}'},
        {"action": "accept", "actor": odd, "role": "intake", "at": datetime(2026, 9, 1),
         "payload": "{}"},
    ]  # fmt: skip
    plain = [[r["action"], r["actor"], r["role"], r["at"].isoformat(), r["payload"]] for r in rows]
    expected = json.dumps(plain, ensure_ascii=False, separators=(",", ":"))
    assert fact_store._events_json(rows) == expected
    lone = [{**rows[1], "actor": "a\ud800"}]
    assert fact_store._events_json(lone) == json.dumps(
        [["accept", "a\ud800", "intake", "2026-09-01T00:00:00", "{}"]],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def test_a_case_that_cannot_be_stored_does_not_hold_refresh_stale_forever(demo: Workspace):
    """Such a case stays stale after its fold: ``refresh_stale`` passes it (id order)
    instead of folding it again and again (it looped for ever: the statistics view and
    the report never opened on a store holding one)."""
    import threading

    broken = facts.CaseFacts(
        "id", "no", "s", "c", "g", "m", "t", datetime(2026, 9, 1), "wg001", "officer",
        void_reason="\ud800",
    )  # fmt: skip
    with demo.db.read() as conn:
        cid = conn.execute(select(cases.c.id).order_by(cases.c.id).limit(1)).scalar_one()
    with demo.db.write() as conn:
        conn.execute(update(case_facts).where(case_facts.c.case_id == cid).values(version="x"))
        conn.execute(update(case_marks).where(case_marks.c.case_id == cid).values(version="x"))
    real_fold = fact_store.fold_cases
    result: list[int] = []
    try:
        fact_store.fold_cases = lambda rows: [broken] if rows else []
        fact_store._current.discard(demo.db)
        worker = threading.Thread(target=lambda: result.append(fact_store.refresh_stale(demo.db)))
        worker.start()
        worker.join(60)
        assert not worker.is_alive() and result == [1]
    finally:
        fact_store.fold_cases = real_fold
    fact_store._current.discard(demo.db)
    assert fact_store.refresh_stale(demo.db) == 1  # the real fold stores it again
    assert fact_store.refresh_stale(demo.db) == 0


def test_a_current_store_is_known_from_two_counts_and_an_index(demo: Workspace, monkeypatch):
    """The first look of a session does not read every case's row: as many rows as
    cases and no marks row of another version (an index range) say it; a row of
    another version is still found and folded."""
    fact_store.refresh_stale(demo.db)
    fact_store._current.discard(demo.db)

    def every_row(*_a, **_k):
        raise AssertionError("looked at every case's row")

    with monkeypatch.context() as m:
        m.setattr(fact_store, "stale_ids", every_row)
        assert fact_store.refresh_stale(demo.db) == 0
    with demo.db.read() as conn:
        v = case_facts.c.version
        q = select(v).where(or_(v < fact_store.FACTS_VERSION, v > fact_store.FACTS_VERSION))
        sql = str(q.compile(dialect=conn.dialect, compile_kwargs={"literal_binds": True}))
        plan = " ".join(r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
        assert "ix_case_facts_version" in plan, plan
        cid = conn.execute(select(cases.c.id).order_by(cases.c.id.desc()).limit(1)).scalar_one()
    with demo.db.write() as conn:  # as an older version of the fold left it
        for table in (case_facts, case_marks):
            conn.execute(update(table).where(table.c.case_id == cid).values(version="old"))
    fact_store._current.discard(demo.db)
    assert fact_store.refresh_stale(demo.db) == 1  # the counts match: the index found it
    with demo.db.read() as conn:
        for table in (case_facts, case_marks):
            row = conn.execute(select(table.c.version).where(table.c.case_id == cid))
            assert row.scalar_one() == fact_store.FACTS_VERSION
