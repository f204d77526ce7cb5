"""``column_eval.truth`` keeps exactly the rows SQLite's ``WHERE cond`` keeps.

The reference is a real SQLite database: random ``cases``, ``case_marks`` and
``case_mark_items`` rows whose times sit on the edges of a year, a month and a day (at
the start and end, one microsecond either side, equal pairs such as handled_at ==
deadline) with NULLs often, read back as SQLite stores them (datetime text, 0/1). Each
condition the statistics view counts with is evaluated both ways, row for row; small
hand-made tables pin down the three-valued logic (NOT, OR and AND over UNKNOWN, IN ()).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import (
    Boolean,
    Column,
    ColumnElement,
    Connection,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    and_,
    case,
    column,
    create_engine,
    false,
    func,
    insert,
    literal,
    literal_column,
    not_,
    or_,
    select,
    true,
)

from gridapp.reports import mark_sql
from gridapp.reports.fact_store import FACTS_VERSION
from gridapp.reports.facts import period_cases
from gridapp.reports.indicators import _period
from gridapp.reports.mark_rows import ITEM_ACK, ITEM_CO, ITEM_FILED, ITEM_REWORK, ITEM_ROUND
from gridapp.reports.satisfaction import CITIZEN_SOURCES, SATISFIED
from gridapp.stats import column_eval, count_satisfaction, view_items, view_rows
from gridapp.stats.column_eval import Strings, Values, column_key, micros, truth, values_of
from gridapp.store.schema import case_mark_items, case_marks, cases

PERIODS = {
    "year": _period(date(2026, 1, 1), date(2026, 12, 31)),
    "month": _period(date(2026, 10, 1), date(2026, 10, 31)),
    "day": _period(date(2026, 10, 15), date(2026, 10, 15)),
}
US = timedelta(microseconds=1)
EDGES = sorted({t for p in PERIODS.values() for t in (p.start, p.end)})
TIMES = [t + d for t in EDGES for d in (-US, timedelta(0), US)] + [
    datetime(2026, 10, 15, 12, 30),
    datetime(2026, 6, 1, 8),
    datetime(2025, 6, 1, 8),
]
STREETS, COMMUNITIES = ["370303001", "370303002"], ["370303001001", "370303002003"]
TEXTS = {  # column name → the texts it draws from (besides NULL where nullable)
    "source": [*sorted(CITIZEN_SOURCES), "patrol", "video"],
    "callback_verdict": [*sorted(SATISFIED), "unsatisfied", "unreached"],
    "kind": [ITEM_ROUND, ITEM_CO, ITEM_ACK, ITEM_FILED, ITEM_REWORK, "x"],
    "version": [FACTS_VERSION, "old"],
    "state": ["suspended", "open", "closed"],
    "street": STREETS,
    "street_code": STREETS,
    "community": COMMUNITIES,
    "community_code": COMMUNITIES,
}
EQUAL_PAIRS = [("handled_at", "deadline"), ("acked_at", "ack_due"), ("done", "due")]
EQUAL_PAIRS += [("callback_at", "closing_at"), ("callback_at", "closed_at")]


def _kind(col: Column[Any]) -> column_eval.Kind | None:
    return next((kind for cls, kind in column_eval._KINDS if isinstance(col.type, cls)), None)


def _value(col: Column[Any], rnd: random.Random) -> Any:
    if col.nullable and rnd.random() < 0.3:
        return None
    kind = _kind(col)
    if kind == "datetime":
        return rnd.choice(TIMES)
    if kind == "bool":
        return rnd.random() < 0.6
    if kind == "text":
        return rnd.choice(TEXTS.get(col.name, ["a", "b", ""]))
    return rnd.choice([0, 1, 2]) if kind == "int" else 0.5


def _row(table: Table, i: int, rnd: random.Random) -> dict[str, Any]:
    row = {c.name: _value(c, rnd) for c in table.c}
    row.update({c.name: f"c{i}" if c.name != "n" else i for c in table.primary_key})
    for a, b in EQUAL_PAIRS:
        if a in row and b in row and rnd.random() < 0.3:
            row[a] = row[b]
    return row


def _columns(conn: Connection, table: Table, strings: Strings) -> dict[str, Values]:
    """The table's columns as SQLite stores them (datetime text, 0/1), encoded."""
    cols = [(c, kind) for c in table.c if (kind := _kind(c)) is not None]
    names = ", ".join(f'"{c.name}"' for c, _ in cols)
    rows = conn.exec_driver_sql(f"SELECT {names} FROM {table.name} ORDER BY rowid").all()
    return {
        column_key(c): values_of([r[i] for r in rows], kind, strings)
        for i, (c, kind) in enumerate(cols)
    }


def _sqlite(conn: Connection, table: Table, cond: ColumnElement[Any]) -> np.ndarray:
    q = select(case((cond, 1), else_=0)).select_from(table).order_by(literal_column("rowid"))
    return np.array(conn.execute(q).scalars().all(), dtype=bool)


def _texts(conn: Connection, tables: list[Table]) -> Strings:
    found = {
        v
        for t in tables
        for c in t.c
        if _kind(c) == "text"
        for (v,) in conn.execute(select(c).distinct())
        if v is not None
    }
    return Strings([*sorted(found), "not stored"])


@contextmanager
def _sqlite_db(path: Path, rows: dict[Table, list[dict[str, Any]]]) -> Iterator[Connection]:
    """A real SQLite database holding these rows."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        for table, table_rows in rows.items():
            table.metadata.create_all(conn, tables=[table])
            conn.execute(insert(table), table_rows)
    with engine.connect() as conn:
        yield conn
    engine.dispose()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connection]:
    rnd = random.Random(20261015)
    rows = {t: [_row(t, i, rnd) for i in range(500)] for t in (cases, case_marks, case_mark_items)}
    with _sqlite_db(tmp_path_factory.mktemp("eval") / "eval.db", rows) as conn:
        yield conn


def _conditions(p: Any) -> Iterator[tuple[str, Table, ColumnElement[Any]]]:
    """Every condition the view counts with, and the table it is about."""
    for name, cond in mark_sql._flag_conditions(p).items():
        if cond is not None:
            yield f"flag {name}", case_marks, cond
    yield "summed_in_sql", case_marks, mark_sql._summed_in_sql(p)
    yield "_in filed_at", case_marks, mark_sql._in(case_marks.c.filed_at, p)
    for i, cond in enumerate(view_rows._dept_conditions(p)):
        yield f"dept {i}", case_marks, cond
    yield "_EXTRA", case_marks, view_rows._EXTRA
    for i, cond in enumerate(count_satisfaction.conditions(p)):
        yield f"satisfaction {i}", case_marks, cond
    for region in ["370303", STREETS[0], COMMUNITIES[1]]:
        yield f"period_cases {region}", cases, period_cases(region, p.start, p.end)
    for i, cond in enumerate(view_items.item_conditions(p)):
        yield f"item {i}", case_mark_items, cond


@pytest.mark.parametrize("period", list(PERIODS))
def test_view_conditions_match_sqlite(store: Connection, period: str) -> None:
    tables = [cases, case_marks, case_mark_items]
    strings = _texts(store, tables)
    columns = {t.name: _columns(store, t, strings) for t in tables}
    wrong, constant = [], []
    for name, table, cond in _conditions(PERIODS[period]):
        expected = _sqlite(store, table, cond)
        got = truth(cond, columns[table.name], strings, len(expected))
        assert got.dtype == bool and got.shape == expected.shape
        if not np.array_equal(got, expected):
            wrong.append(f"{name}: {np.flatnonzero(got != expected)[:5]}")
        if expected.all() or not expected.any():
            constant.append(name)
    assert not wrong
    assert len(constant) <= 2, constant  # the data tells the conditions apart


def test_item_measures_match_sqlite(tmp_path: Path) -> None:
    flags = Table("flags", MetaData(), *[Column(f"i{k}", Integer) for k in range(9)])
    rnd = random.Random(7)
    rows = [{f"i{k}": rnd.choice([0, 1, 1, None]) for k in range(9)} for _ in range(300)]
    strings = Strings([])
    columns = {f"i{k}": values_of([r[f"i{k}"] for r in rows], "int", strings) for k in range(9)}
    measures = view_items.item_measures([column(f"i{k}") for k in range(9)])
    with _sqlite_db(tmp_path / "flags.db", {flags: rows}) as conn:
        for cond in measures:
            expected = _sqlite(conn, flags, cond)
            assert np.array_equal(truth(cond, columns, strings, len(rows)), expected), cond


# a small table by hand: row 0 all NULL, then known values
T = Table(
    "t",
    MetaData(),
    Column("at", DateTime),
    Column("flag", Boolean),
    Column("txt", String),
    Column("num", Integer),
)
X = datetime(2026, 10, 1)
HAND = [
    {"at": None, "flag": None, "txt": None, "num": None},
    {"at": None, "flag": True, "txt": "a", "num": 0},
    {"at": None, "flag": False, "txt": "b", "num": 1},
    {"at": X - US, "flag": True, "txt": "a", "num": 2},
    {"at": X, "flag": False, "txt": "", "num": 1},
]
CASES = [  # condition, expected truth per row of HAND
    (not_(T.c.at < X), [0, 0, 0, 0, 1]),  # SQLAlchemy says at >= X: never for NULL
    (not_(and_(T.c.at < X, T.c.flag)), [0, 0, 1, 0, 1]),  # NOT (unknown AND false)
    (~and_(T.c.at >= X, T.c.flag.is_(True)), [1, 0, 1, 1, 1]),  # IS is never unknown
    (or_(T.c.at < X, T.c.flag.is_(True)), [0, 1, 0, 1, 0]),
    (not_(or_(T.c.at < X, T.c.flag)), [0, 0, 0, 0, 1]),
    (T.c.flag.is_(False), [0, 0, 1, 0, 1]),
    (T.c.flag.is_not(True), [1, 0, 1, 0, 1]),
    (not_(T.c.flag), [0, 0, 1, 0, 1]),
    (and_(T.c.flag, T.c.num != 0), [0, 0, 0, 1, 0]),
    (T.c.flag == true(), [0, 1, 0, 1, 0]),
    (T.c.at.is_(None), [1, 1, 1, 0, 0]),
    (literal(X) > T.c.at, [0, 0, 0, 1, 0]),  # bind on the left
    (T.c.txt.in_([]), [0, 0, 0, 0, 0]),  # false even for NULL
    (T.c.txt.not_in([]), [1, 1, 1, 1, 1]),
    (T.c.txt.in_(["a", "not stored"]), [0, 1, 0, 1, 0]),
    (not_(T.c.txt.in_(["a", ""])), [0, 0, 1, 0, 0]),
    (T.c.txt == "not stored", [0, 0, 0, 0, 0]),
    (T.c.txt != "zzz", [0, 1, 1, 1, 1]),  # a text outside the vocabulary
    (T.c.txt == None, [1, 0, 0, 0, 0]),  # noqa: E711 (IS NULL, as SQLAlchemy renders it)
    (or_(T.c.num > 1, and_(T.c.txt == "b", T.c.at.is_(None))), [0, 0, 1, 1, 0]),
    (and_(true(), T.c.num >= 1), [0, 0, 1, 1, 1]),
    (or_(false(), T.c.num < 1), [0, 1, 0, 0, 0]),
    (true(), [1, 1, 1, 1, 1]),
]


@pytest.fixture(scope="module")
def hand(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connection]:
    with _sqlite_db(tmp_path_factory.mktemp("hand") / "hand.db", {T: HAND}) as conn:
        yield conn


@pytest.mark.parametrize(("cond", "expected"), CASES, ids=[str(i) for i in range(len(CASES))])
def test_three_valued_logic(hand: Connection, cond: Any, expected: list[int]) -> None:
    strings = _texts(hand, [T])
    got = truth(cond, _columns(hand, T, strings), strings, len(HAND))
    assert got.tolist() == [bool(e) for e in expected]
    assert np.array_equal(got, _sqlite(hand, T, cond))  # the hand-made truth is SQLite's


@pytest.mark.parametrize(
    "cond",
    [
        func.coalesce(T.c.at, X) < X,
        case((T.c.flag, 1), else_=0) == 1,
        T.c.txt < "b",  # texts are codes: only equality means anything
        T.c.txt.like("a%"),
        T.c.at == "2026-10-01",
        T.c.num.in_(select(T.c.num)),
        literal_column("num") > 1,  # literal SQL: not a column it can look up
    ],
)
def test_unsupported_constructs_raise(cond: Any) -> None:
    strings = Strings(["a", "b"])
    columns = {column_key(c): Values(np.zeros(2, dtype=np.int64), None) for c in T.c}
    with pytest.raises(TypeError):
        truth(cond, columns, strings, 2)


def test_encodings() -> None:
    assert micros(datetime(1970, 1, 1, 0, 0, 0, 1)) == 1
    assert micros(X) == int(np.datetime64(X, "us").astype(np.int64))
    v = values_of(["2026-10-01 00:00:00.000001", None, X], "datetime", Strings([]))
    assert v.data[0] == micros(X) + 1 and v.data[2] == micros(X)
    assert v.null is not None and v.null.tolist() == [False, True, False]
    assert values_of([1, 0], "bool", Strings([])).null is None
    assert column_key(case_marks.c.filed_at) == "case_marks.filed_at"
    assert column_key(column("i3")) == "i3"
    assert Strings(["a", "b"]).code_of("b") == 1 and Strings(["a"]).code_of("z") == -1
    with pytest.raises(ValueError, match="vocabulary"):
        values_of(["a", "q"], "text", Strings(["a"]))
    with pytest.raises(ValueError, match="stores"):  # SQLite would compare it as text
        values_of(["2026-10-01 00:00:00"], "datetime", Strings([]))
