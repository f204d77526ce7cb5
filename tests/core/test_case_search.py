"""The bigram index finds exactly the cases ``LIKE '%word%'`` finds, on a real store.

Texts and queries are hostile on purpose: FTS5 syntax (quotes, ``*``, ``NEAR``, ``OR``,
``-``, ``:``, parentheses), LIKE's own ``%``/``_``/``\\``, single characters, Latin
words in mixed case (İ and ß change length when lowered), digits, emoji, tabs, and
words of three characters and more. Rows reach the index through every path that
writes ``cases``: the case service's insert, a plain UPDATE of ``search_text`` and a
DELETE, each noted by the triggers and flushed before the commit.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select, update

from gridapp.domain.case import CaseState
from gridapp.domain.worktime import OverdueLevel
from gridapp.store import case_search, case_text
from gridapp.store.case_queries import (
    CaseQuery,
    count_rows,
    filter_conditions,
    page_statements,
    read_page,
)
from gridapp.store.schema import case_departments, cases
from gridapp.workspace import Workspace
from tests.core.helpers import GARBAGE, HYDRANT, STREETS, Clock, drive, report

ALPHABET = list('井盖垃圾桶路灯 "*-:()^+ab AB İß%_\\\t1 😀NEAROR')
HOSTILE = [
    "井盖",
    "垃圾",
    "垃圾桶",
    "井",
    "圾",
    "井盖 垃圾",
    '"',
    '""',
    '"井盖"',
    "*",
    "井*",
    "NEAR",
    "near(井盖",
    "OR",
    "井盖 OR 垃圾",
    "-",
    "-垃圾",
    ":",
    "grams:ab",
    "AB",
    "aB",
    "İ",
    "i̇",
    "SS",
    "ß",
    "%",
    "_",
    "\\",
    "%_",
    "1",
    "12",
    "😀",
    "😀井",
    "^",
    "()",
    "丝绸路",
    "370306",
    "路灯 ab",
    "zzz",
]
N = 48


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 24)))


@pytest.fixture(scope="module")
def store(reference_template, tmp_path_factory):
    """Cases with odd texts, written by the service, then by hand (UPDATE, DELETE)."""
    path = tmp_path_factory.mktemp("search") / "store.db"
    path.write_bytes(reference_template.read_bytes())
    ws = Workspace.open(path, clock=Clock(datetime(2026, 11, 16, 9, 0)))
    rng = random.Random(15)
    ids = []
    for i in range(N):
        cid = report(
            ws,
            STREETS[i % len(STREETS)],
            index=i // len(STREETS),
            category=GARBAGE if i % 2 else HYDRANT,
            description=f"井盖{i}" if i % 3 else "垃圾桶满了",
        )
        if i % 4 == 1:
            drive(ws, cid, CaseState.DISPATCHED)
        ids.append(cid)
    with ws.db.write() as conn:
        for cid in ids[::2]:
            value = _text(rng).lower()
            conn.execute(update(cases).where(cases.c.id == cid).values(search_text=value))
        gone = ids[-1]
        conn.execute(delete(case_departments).where(case_departments.c.case_id == gone))
        conn.execute(delete(cases).where(cases.c.id == gone))
    yield ws
    ws.close()


def _like_and_grams(ws: Workspace, q: CaseQuery, user: str) -> tuple[list[str], list[str]]:
    """The page by LIKE, and the page as the list reads it (the index, when it can)."""
    actor = ws.act_as(user)
    now = ws.clock()
    q = replace(q, limit=10_000)
    with ws.db.read() as conn:
        assert case_search.in_step(conn)
        stmts = page_statements(q, actor, now, [cases.c.id], grams=False)
        like = [r[0] for s in stmts for r in conn.execute(s)]
        listed = [r[0] for r in read_page(conn, q, actor, now, [cases.c.id])]
    return like, listed


def _like_count(ws: Workspace, q: CaseQuery) -> int:
    with ws.db.read() as conn:
        conds = filter_conditions(q, ws.user, ws.clock(), grams=False)
        return int(conn.execute(select(func.count()).select_from(cases).where(*conds)).scalar())


@pytest.fixture(params=["driven by the matches", "matches tested per row"])
def plan(request, monkeypatch):
    """Both plans of the index: few matches read first, or rows tested against them."""
    if request.param == "matches tested per row":
        monkeypatch.setattr(case_text, "DRIVE_MAX", -1)
    return request.param


@pytest.mark.parametrize("words", HOSTILE)
def test_hostile_words_find_what_like_finds(store, plan, words):
    for user, extra in (
        ("ducha", {}),
        ("ducha", {"states": (CaseState.DISPATCHED,)}),
        ("bm-d02", {}),
        ("bm-d02", {"category_codes": (GARBAGE,)}),
        ("bj-paiqian", {}),  # a town centre: its street's token
        ("bj-paiqian", {"states": (CaseState.DISPATCHED,)}),
        ("wg001", {}),
    ):
        q = CaseQuery(text=words, **extra)
        like, grams = _like_and_grams(store, q, user)
        assert grams == like, (words, user, extra)
        with store.db.read() as conn:
            assert count_rows(conn, q, store.user, store.clock()) == len(like)
        assert _like_count(store, q) == len(like)


def test_the_words_searched_are_found_at_all(store):
    """The comparison above is not all-empty: common words match many cases."""
    store.act_as("ducha")
    assert store.count_cases(CaseQuery(text="井盖")) >= N // 4
    assert store.count_cases(CaseQuery(text="垃圾桶")) >= 5


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=6).map("".join))
def test_any_query_finds_what_like_finds(store, words):
    like, grams = _like_and_grams(store, CaseQuery(text=words), "ducha")
    assert grams == like
    with store.db.read() as conn:
        assert count_rows(conn, CaseQuery(text=words), store.user, store.clock()) == len(like)


def test_a_note_left_unflushed_falls_back_to_like(store):
    """Rows written outside ``Database.write`` (no flush) are searched with LIKE."""
    with store.db.writer.begin() as conn:  # a raw transaction: triggers note, nobody flushes
        cid = conn.execute(select(cases.c.id).limit(1)).scalar()
        conn.execute(update(cases).where(cases.c.id == cid).values(search_text="独一无二"))
    with store.db.read() as conn:
        assert not case_search.in_step(conn)
    store.act_as("ducha")
    assert [c.id for c in store.list_cases(CaseQuery(text="独一无二"))] == [cid]
    with store.db.write():
        pass  # the next write flushes
    with store.db.read() as conn:
        assert case_search.in_step(conn)
    assert store.count_cases(CaseQuery(text="独一无二")) == 1


def test_every_department_token_is_its_case_departments(store):
    """The index's department tokens say exactly what ``case_departments`` says."""
    with store.db.read() as conn:
        wanted = conn.execute(
            select(case_departments.c.department_code, func.count()).group_by(
                case_departments.c.department_code
            )
        ).all()
        assert wanted
        for code, n in wanted:
            token = case_search.department_token(code)
            found = conn.exec_driver_sql(
                "SELECT count(*) FROM case_grams WHERE case_grams MATCH ?", (token,)
            ).scalar()
            assert found == n, code


def test_a_redispatched_case_is_found_by_both_departments(store):
    """A case given back and sent on stays in the first department's scope (a token
    added by the case_departments trigger, the old tokens dropped exactly)."""
    store.act_as("ducha")
    first = store.list_cases(CaseQuery(text="垃圾桶", states=(CaseState.DISPATCHED,)))
    assert first
    case = first[0]
    with store.db.write() as conn:  # as a pull would: the row sent to one more department
        conn.execute(case_departments.insert().values(case_id=case.id, department_code="D07"))
    for user in ("bm-d07", f"bm-{case.department_code.lower()}"):
        like, grams = _like_and_grams(store, CaseQuery(text="垃圾桶"), user)
        assert case.id in grams and grams == like
    test_every_department_token_is_its_case_departments(store)


def test_a_case_moved_to_another_street_moves_in_the_index(store):
    """A changed street_code is noted too (the town centres' scope token)."""
    store.act_as("ducha")
    town = "370306101"  # 北郊镇 (bj-paiqian)
    case = next(c for c in store.list_cases(CaseQuery(text="垃圾桶")) if c.street_code != town)
    with store.db.write() as conn:
        conn.execute(update(cases).where(cases.c.id == case.id).values(street_code=town))
    like, listed = _like_and_grams(store, CaseQuery(text="垃圾桶"), "bj-paiqian")
    assert case.id in listed and listed == like
    with store.db.read() as conn:
        for street, n in conn.execute(
            select(cases.c.street_code, func.count()).group_by(cases.c.street_code)
        ):
            found = conn.exec_driver_sql(
                "SELECT count(*) FROM case_grams WHERE case_grams MATCH ?",
                (case_search.street_token(street),),
            ).scalar()
            assert found == n, street


def _unhinted_ids(conn, q, actor, now) -> list[str]:
    """The page's ids as the plain statements give them (no text index, no hints)."""
    return [
        r[0]
        for s in page_statements(q, actor, now, [cases.c.id], grams=False)
        for r in conn.execute(s)
    ]


def _hinted_plan(conn, q, actor, now) -> str:
    """SQLite's plan of the page's statement with the planner hints."""
    (stmt,) = page_statements(q, actor, now, [cases.c.id], hints=True)
    sql = str(stmt.compile(conn, compile_kwargs={"literal_binds": True}))
    return " ".join(r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))


@pytest.mark.parametrize(
    "q",
    [
        CaseQuery(states=(CaseState.DISPATCHED,)),
        CaseQuery(states=(CaseState.REPORTED, CaseState.DISPATCHED)),
        CaseQuery(overdue=OverdueLevel.RED),
        CaseQuery(overdue=OverdueLevel.YELLOW),
        CaseQuery(overdue=OverdueLevel.NONE),
        CaseQuery(states=(CaseState.DISPATCHED,), text="井盖"),
    ],
    ids=repr,
)
def test_a_grid_officers_planner_hints_change_no_row(store, q):
    """``half_likely`` only steers SQLite's plan: the officer's rows are the unhinted ones."""
    store.clock.advance(days=3)  # some dispatched cases late, some not yet
    try:
        with store.db.read() as conn:  # an officer who reported a dispatched case
            officer = conn.execute(
                select(cases.c.reported_by).where(cases.c.state == CaseState.DISPATCHED.value)
            ).scalar()
        actor = store.act_as(officer)
        now = store.clock()
        q = replace(q, limit=10_000)
        with store.db.read() as conn:
            plain = _unhinted_ids(conn, q, actor, now)
            hinted = [r[0] for r in read_page(conn, q, actor, now, [cases.c.id])]
            assert count_rows(conn, q, actor, now) == len(plain)
            plan = _hinted_plan(conn, q, actor, now)
        assert hinted == plain
        if q.states == (CaseState.DISPATCHED,) and not q.text:
            assert plain  # the comparison is not of two empty lists
            # the hint leaves the state term to the scope's (column, state, …) ranges
            assert "grid_code=? AND state=?" in plan, plan
    finally:
        store.clock.advance(days=-3)


@pytest.mark.parametrize("sort", ["reported_at", "updated_at", "number", "deadline"])
def test_the_overdue_page_walks_the_sort_and_lists_the_same_rows(store, sort):
    """``mostly_true`` steers the planner for a page of overdue cases (not a count): it
    walks the running cases in the page's order instead of sorting every overdue one,
    and lists exactly the unhinted rows, in order, deep pages included."""
    store.clock.advance(days=3)  # some dispatched cases late, some not yet
    try:
        actor = store.act_as("zhiban")
        now = store.clock()
        q = CaseQuery(overdue=OverdueLevel.RED, sort=sort, limit=10_000)
        with store.db.read() as conn:
            plain = _unhinted_ids(conn, q, actor, now)
            hinted = [r[0] for r in read_page(conn, q, actor, now, [cases.c.id])]
            plan = _hinted_plan(conn, q, actor, now)
            assert count_rows(conn, q, actor, now) == len(plain)
            third = plain[len(plain) // 3]  # a keyset page from a third of the way down
            after = conn.execute(select(cases.c[sort]).where(cases.c.id == third)).scalar()
            deep = replace(q, after=(after, third))
            rest = [r[0] for r in read_page(conn, deep, actor, now, [cases.c.id])]
        assert len(plain) > 5 and hinted == plain
        assert rest == plain[len(plain) // 3 + 1 :]
        if sort == "deadline":  # the (state, deadline) range is already in order
            assert "ix_cases_state_deadline_id" in plan and "TEMP B-TREE" not in plan
        elif sort == "reported_at":
            assert "ix_cases_state_reported_id" in plan and "TEMP B-TREE" not in plan
    finally:
        store.clock.advance(days=-3)


@pytest.mark.parametrize("text", ["", "井", "井盖 破损!", "ab\x1fc😀d", "重复重复重复"])
def test_grams_are_the_pairs_of_adjacent_characters(text, monkeypatch):
    """One ``<hex>g<hex>`` token per pair of adjacent characters, in order, also for
    characters the per-character table has not seen yet."""
    monkeypatch.setattr(case_search, "_HEX", case_search._Hex())
    pairs = [f"{ord(text[i]):x}g{ord(text[i + 1]):x}" for i in range(len(text) - 1)]
    assert case_search.grams(text) == " ".join(pairs)
    assert case_search.grams(text) == " ".join(pairs)  # the table filled
