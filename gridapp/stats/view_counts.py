"""The statistics view's period counted in SQL with ``GROUP BY``; lists fetched when opened.

``view_rows.period_rows`` brought one row per case out of SQL and grouped them in
Python: ≈10 µs a case, 4 s of a 500,000-case year before any figure was made. Here the
cases SQL marks (``mark_sql._summed_in_sql``) are summed in SQL instead, per
(stage now, street, community, grid, category, source, charged department) and per
(day reported, day filed, day closed) — every breakdown of the view is a sum over one
of those two groupings — and each figure's SQL cases are fetched only when its list is
read (``case_lists.FigureCases``, by re-running that figure's own condition). The flag
and department conditions are the ones the rows used (``mark_sql._flag_conditions``,
``view_rows._dept_conditions``), so the counts and the fetched lists are the rows' by
construction; tests/stats/test_view_counts.py checks every figure's list against the
all-Python view.

The cases marked in Python (cut by a later event, 督办/挂账, a stale row) stay rows as
before (``view_rows._row_of``) with their lists kept, and so do the few SQL cases whose
details other figures need: departments of the cases that are not simple
(``case_mark_items``, joined in the same scan), the overdue board's stand-ins
(``view_items``); 回访 of the SQL cases is summed too (``count_satisfaction``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import partial
from operator import add, itemgetter
from typing import Any, Protocol

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    not_,
    or_,
    select,
    true,
    union_all,
)

from gridapp.reports import figures as fg
from gridapp.reports.facts import CaseFacts, period_cases
from gridapp.reports.mark_sql import FLAGS, _flag_conditions, _summed_in_sql, cf, cut_numbers
from gridapp.reports.model import RegionFigures, RegionRef
from gridapp.stats.case_lists import Cond, Lists, Opener, Row
from gridapp.stats.count_satisfaction import conditions as satisfied
from gridapp.stats.side_reads import SideReads, id_parts
from gridapp.stats.view_items import (
    ITEM_MEASURES,
    it,
    item_counts,
    item_flags,
    stand_ins,
)
from gridapp.stats.view_rows import (
    _EXTRA,
    DEPT_MEASURES,
    ROW_CATEGORY,
    ROW_COMMUNITY,
    ROW_DEPT,
    ROW_GRID,
    ROW_NUMBER,
    ROW_SOURCE,
    ROW_STREET,
    _dept_conditions,
    _flag,
    _row_of,
    load_ids,
    stages,
)
from gridapp.store.case_queries import stage_column
from gridapp.store.schema import case_mark_items, case_marks, cases

# A group's key: the stage now (of a case reported in the period, else None), then the
# place, category, source and charged department at their ``view_rows.ROW_*`` indexes;
# then its sums: the mark flags at ``view_rows.FLAG_AT``, a simple case's department
# measures (``SUM_DEPT``) and its 立案 (``SUM_SIMPLE_FILED``). Every figure of the view
# is a sum by one key, so the cases are grouped per ``GROUPINGS`` (the place together:
# a grid lies in one community and town) with only the sums read by that key's figures
# (the others NULL): grouped by all seven keys at once, a month's 45,000 cases made
# ≈45,000 groups, and every sum of every grouping cost ≈35 ms a month.
KEY_STAGE = 0
SUM_DEPT = {name: 19 + i for i, name in enumerate(DEPT_MEASURES)}
SUM_SIMPLE_FILED = 23
FIRST_SUM = 7
_FLAG_SUM = {name: i for i, name in enumerate(FLAGS)}  # a flag's place among the sums
GROUPINGS: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...] = (
    ((ROW_STREET, ROW_COMMUNITY, ROW_GRID), tuple(range(len(FLAGS)))),
    ((ROW_CATEGORY,), tuple(_FLAG_SUM[k] for k in ("reported", "filed", "closed"))),
    ((ROW_SOURCE,), (_FLAG_SUM["reported"],)),
    ((KEY_STAGE,), (_FLAG_SUM["reported"],)),
    (
        (ROW_DEPT,),
        (
            *(_FLAG_SUM[k] for k in ("due", "closed_due", "overdue_open")),
            *(at - FIRST_SUM for at in SUM_DEPT.values()),
            SUM_SIMPLE_FILED - FIRST_SUM,
        ),
    ),
)
Groups = dict[int, list[Row]]  # key index (``KEY_STAGE``, ``ROW_*``) → its grouping's rows


def flag_is(name: str, p: fg.Period) -> Cond:
    cond = _flag_conditions(p)[name]
    assert cond is not None, name  # a flag SQL has no condition for sums to 0
    return cond


def on_day(column: Any, day: date, _p: fg.Period) -> Cond:
    """The column's time falls on ``day`` (as ``date(column)`` groups it)."""
    start = datetime.combine(day, time())
    return and_(column.is_not(None), column >= start, column < start + timedelta(days=1))


def simple_is(_p: fg.Period) -> Cond:
    return cf.simple.is_(True)


def dept_measure_is(measure: str, p: fg.Period) -> Cond:
    """A simple case's department measure (``view_rows._dept_conditions``)."""
    return _dept_conditions(p)[DEPT_MEASURES.index(measure)]


def stage_is(stage: str | None, _p: fg.Period) -> Cond:
    column = stage_column()
    return column.is_(None) if stage is None else column == stage


FLAG = {name: partial(flag_is, name) for name in FLAGS}


@dataclass
class PeriodCounts:
    """One period: SQL groups and sums, the Python-marked cases as rows, and the facts
    and lists the figures that are not sums read."""

    lists: Lists
    groups: Groups  # the SQL-marked cases' sums by each key alone
    days: list[Row]  # (day reported, day filed, day closed, cases) of the SQL-marked cases
    rest: list[Row]  # the cases marked in Python as ``view_rows`` rows, number order
    rest_stage: dict[str, str | None]  # their 上报 numbers → workflow stage now
    marks: list[fg.Marks]  # marked in Python, and overdue-board stand-ins
    dept_marks: list[fg.Marks]  # whose department figures are tallied in Python
    item_sums: dict[tuple[str, str], int]  # (department, ``ITEM_MEASURES``) → SQL cases
    facts: list[CaseFacts]  # what 回访 reads of the loaded cases
    satisfy: list[Row]  # 回访 sums of the SQL cases (``count_satisfaction``)


# The arms of the one scan (``_scan``): each row starts with its arm, then 7 text keys
# and 17 integer sums, padded with NULL (PostgreSQL wants one type a column). ARM_CUBE
# stands for one arm a grouping (``ARM_BY`` + its place in ``GROUPINGS``).
ARM_CUBE, ARM_DAYS, ARM_DETAIL, ARM_HEAVY, ARM_TOTAL, ARM_ITEMS, ARM_SATISFY = range(7)
ARM_BY = 10
_KEYS, _SUMS = 7, 17


def scan_conditions(p: fg.Period, arms: tuple[int, ...]) -> dict[str, ColumnElement[bool]]:
    """The 0/1 columns of ``_scan``'s period rows by name, as conditions on a case's
    ``case_marks`` row: ``summed`` (SQL marks it), ``heavy`` (loaded in Python),
    ``detail`` (the overdue board or 回访 reads it), the mark flags ``f0``…, a simple
    case's department measures ``d0``… and its 立案 ``sf``, ``simple``, ``one`` (one
    结案 and 回访), ``extra`` and the 回访 sums ``s0``…: one definition for SQL and for
    the column store's count (``column_scan``)."""
    flags = _flag_conditions(p)
    summed = _summed_in_sql(p)
    simple = cf.simple.is_(True)
    filed = flags["filed"]
    assert filed is not None

    def is_true(name: str) -> ColumnElement[bool]:
        cond = flags[name]
        assert cond is not None
        return cond.is_(true())

    out: dict[str, ColumnElement[bool] | None] = {
        "summed": summed,
        "heavy": or_(cf.case_id.is_(None), not_(summed), *([_EXTRA] if ARM_DETAIL in arms else [])),
        "detail": or_(
            _EXTRA,
            is_true("overdue_open"),
            and_(is_true("closed_due"), is_true("on_time").is_not(true())),
        ),
        **{f"f{i}": flags[name] for i, name in enumerate(FLAGS)},
        **{f"d{i}": and_(simple, cond) for i, cond in enumerate(_dept_conditions(p))},
        "sf": and_(simple, filed),
        "simple": simple,
        "one": and_(cf.callbacks.is_(True), cf.callback_one.is_(True)),
        "extra": _EXTRA,
        **{f"s{i}": cond for i, cond in enumerate(satisfied(p))},
    }
    return out  # type: ignore[return-value]  # a flag with no condition is 0 (``_flag``)


def _scan(
    conn: Connection,
    region: str,
    p: fg.Period,
    arms: tuple[int, ...],
    part: Cond | None = None,
) -> dict[int, list[Row]]:
    """The period's cases read once (a materialized CTE, one flag per column), then
    summed or listed per ``arms`` in the same statement: each pass over the period's
    cases, join and filter cost ≈5 µs a case (0.27 s for October's 51,000), more than
    the sums themselves.

    ARM_CUBE: by each of stage now if reported, street, community, grid, category,
    source, charged department, and by none → the 12 flags, a simple case's 4 department
    measures and its 立案 (grouped by all seven at once, a month's 45,000 cases made
    ≈45,000 groups: fetching them cost more than the scan); ARM_DAYS: (day reported,
    filed, closed) → cases; ARM_DETAIL: (id, number, department) → flags, simple, 回访
    from columns, 回访 from facts, of the SQL cases the overdue board reads or whose 回访
    needs their facts; ARM_ITEMS: (department of an item) → each of
    ``view_items.ITEM_MEASURES``: how many of the SQL cases that are not simple count
    for it (their items grouped per case and department, ``item_measures``; the lists
    are fetched when opened); ARM_HEAVY: (id) of the cases marked in Python, and of the
    SQL ones whose 回访 needs their facts; ARM_TOTAL: the 12 flags summed (a comparison
    period); ARM_SATISFY: (结案 department, 回访 department, street) →
    ``count_satisfaction.conditions``.

    ``part``: only the cases it holds (``side_reads.id_parts``; ``ScanParts`` joins
    the parts)."""
    flags = _flag_conditions(p)
    conds = scan_conditions(p, arms)

    def day(kind: str, column: Any) -> ColumnElement[Any]:
        return case((flags[kind], cast(func.date(column), String)), else_=None)  # type: ignore[arg-type]

    columns = [
        cases.c.id.label("id"),
        cases.c.number.label("number"),
        case((flags["reported"], stage_column()), else_=None).label("stage"),  # type: ignore[arg-type]
        cf.street.label("street"),
        cf.community.label("community"),
        cf.grid.label("grid"),
        cf.category.label("category"),
        cf.source.label("source"),
        cf.department.label("dept"),
        *[_flag(cond).label(name) for name, cond in conds.items()],
        day("reported", cf.reported_at).label("rday"),
        day("filed", cf.filed_at).label("fday"),
        day("closed", cf.closed_at).label("cday"),
        cf.closing_dept.label("cdept"),
        cf.callback_dept.label("vdept"),
    ]
    if set(arms) <= {ARM_TOTAL, ARM_HEAVY}:  # a comparison period: the rest unread
        read = {"id", "summed", "heavy", *(f"f{i}" for i in range(len(FLAGS)))}
        columns = [column for column in columns if column.name in read]
    v = (
        select(*columns)
        .select_from(cases.outerjoin(case_marks, cf.case_id == cases.c.id))
        .where(period_cases(region, p.start, p.end), *([] if part is None else [part]))
        .cte("v")
        .prefix_with("MATERIALIZED")
    )
    c = v.c
    fl = [c[f"f{i}"] for i in range(len(FLAGS))]
    null = literal(None, String)
    zero = literal(None, Integer)

    def arm(n: int, keys: list[Any], values: list[Any]) -> list[Any]:
        keys = [*keys, *[null] * (_KEYS - len(keys))]
        return [literal(n), *keys, *values, *[zero] * (_SUMS - len(values))]

    def by(n: int) -> Any:
        """The sums the ``n``-th of ``GROUPINGS`` reads, grouped by its keys."""
        at, read = GROUPINGS[n]
        cube_keys = [c.stage, c.street, c.community, c.grid, c.category, c.source, c.dept]
        sums = [*fl, *(c[f"d{i}"] for i in range(len(DEPT_MEASURES))), c.sf]
        keys = [key if i in at else null for i, key in enumerate(cube_keys)]
        values = [func.sum(x) if i in read else zero for i, x in enumerate(sums)]
        q = select(*arm(ARM_BY + n, keys, values)).where(c.summed == 1)
        return q.group_by(*(cube_keys[i] for i in at))

    def items() -> Any:
        """Per department, how many SQL cases that are not simple count for each measure
        (their items grouped per case and department first)."""
        filed_flag, due_flag = fl[FLAGS.index("filed")], fl[FLAGS.index("due")]
        charged_due = _flag(and_(due_flag == 1, it.dept == c.dept))
        g = (
            select(
                it.dept.label("dept"),
                filed_flag.label("filed"),
                charged_due.label("charged_due"),
                *[flag.label(f"i{k}") for k, flag in enumerate(item_flags(p))],
            )
            .select_from(v.join(case_mark_items, it.case_id == c.id))
            .where(c.summed == 1, c.simple == 0)
            .group_by(c.id, it.dept, filed_flag, due_flag, c.dept)
            .subquery()
            .c
        )
        counts = item_counts(g)
        return select(*arm(ARM_ITEMS, [g.dept], [func.sum(_flag(x)) for x in counts])).group_by(
            g.dept
        )

    def satisfy() -> Any:
        keys, sat = [c.cdept, c.vdept, c.street], [c[f"s{i}"] for i in range(4)]
        return (
            select(*arm(ARM_SATISFY, keys, [func.sum(x) for x in sat]))
            .where(c.summed == 1, or_(*(x == 1 for x in sat)))
            .group_by(*keys)
        )

    day_keys = [c.rday, c.fday, c.cday] if "rday" in c else []
    queries: dict[int, Callable[[], Any]] = {
        ARM_DAYS: lambda: (
            select(*arm(ARM_DAYS, day_keys, [func.count()]))
            .where(c.summed == 1)
            .group_by(*day_keys)
        ),
        ARM_DETAIL: lambda: select(
            *arm(ARM_DETAIL, [c.id, c.number, c.dept], [*fl, c.simple, c.one, c.extra])
        ).where(c.summed == 1, c.detail == 1),
        ARM_HEAVY: lambda: select(*arm(ARM_HEAVY, [c.id], [])).where(c.heavy == 1),
        ARM_ITEMS: items,
        ARM_SATISFY: satisfy,
        ARM_TOTAL: lambda: select(*arm(ARM_TOTAL, [], [func.sum(x) for x in fl])).where(
            c.summed == 1
        ),
    }
    chosen = [queries[n]() for n in arms if n != ARM_CUBE]
    out: dict[int, list[Row]] = {n: [] for n in arms}
    if ARM_CUBE in arms:
        chosen += [by(n) for n in range(len(GROUPINGS))]
        out.update((ARM_BY + n, []) for n in range(len(GROUPINGS)))
    for row in conn.execute(union_all(*chosen)):
        out[row[0]].append(tuple(row[1:]))
    return out


# the arms that list cases (the others are sums by their keys)
_LISTING = (ARM_DETAIL, ARM_HEAVY)
VIEW_ARMS = (ARM_CUBE, ARM_DAYS, ARM_DETAIL, ARM_HEAVY, ARM_ITEMS, ARM_SATISFY)


def _plus(a: int | None, b: int | None) -> int | None:
    return a if b is None else b if a is None else a + b


def _merged(scans: list[dict[int, list[Row]]]) -> dict[int, list[Row]]:
    """The parts' scans as one: lists joined, sums added per key (a key may have cases
    in several parts)."""
    out: dict[int, list[Row]] = {}
    for arm in scans[0]:
        rows = [r for scan in scans for r in scan[arm]]
        if arm in _LISTING:
            out[arm] = rows
            continue
        held: dict[Row, Row] = {}
        for r in rows:
            key, sums = r[:_KEYS], r[_KEYS:]
            before = held.get(key)
            held[key] = sums if before is None else tuple(map(_plus, before, sums))
        out[arm] = [(*key, *sums) for key, sums in held.items()]
    return out


class ScanParts:
    """One period's ``_scan`` split into parts by case id, every part after the first
    started at once on ``side`` reads; the first runs on the caller's connection when
    the result is asked for, beside them."""

    def __init__(
        self,
        region: str,
        p: fg.Period,
        arms: tuple[int, ...],
        parts: int = 1,
        side: SideReads | None = None,
    ) -> None:
        self.region, self.p, self.arms = region, p, arms
        first, *rest = id_parts(parts if side is not None else 1)
        self.first = first
        self.ahead = [side.submit(partial(self._part, part=c)) for c in rest] if side else []

    def _part(self, conn: Connection, part: Cond | None) -> dict[int, list[Row]]:
        return _scan(conn, self.region, self.p, self.arms, part)

    def result(self, conn: Connection) -> dict[int, list[Row]]:
        first = self._part(conn, self.first)
        if not self.ahead:
            return first
        return _merged([first, *(f.result() for f in self.ahead)])

    stand_ins = staticmethod(stand_ins)
    stages = staticmethod(stages)


# ARM_DETAIL rows: id, number, department, (4 NULL keys), flags, simple, 回访, extra
_D_ID, _D_NUMBER, _D_DEPT, _D_FLAGS = 0, 1, 2, _KEYS
_D_SIMPLE, _D_CALLBACK, _D_EXTRA = (_KEYS + len(FLAGS) + i for i in range(3))


def _flag_of(row: Row, name: str) -> bool:
    return bool(row[_D_FLAGS + FLAGS.index(name)])


def _overdue_line(row: Row) -> bool:
    """``view_rows._overdue_line`` of a details row."""
    return _flag_of(row, "overdue_open") or (
        _flag_of(row, "closed_due") and not _flag_of(row, "on_time")
    )


class Scanned(Protocol):
    """A period's ``VIEW_ARMS`` scan, started (``ScanParts``, ``column_scan.ColumnScan``)."""

    def result(self, conn: Connection) -> dict[int, list[Row]]: ...

    def stand_ins(self, conn: Connection, numbers: dict[str, str]) -> list[CaseFacts]:
        """``view_items.stand_ins`` of cases of the result's detail rows."""
        ...

    def stages(self, conn: Connection, ids: list[str]) -> dict[str, str | None]:
        """``view_rows.stages`` of cases of the result's heavy rows."""
        ...


def counts_of(
    conn: Connection,
    region: str,
    p: fg.Period,
    open_read: Opener,
    parts: Scanned | None = None,
) -> PeriodCounts:
    """Every case of the region's period counted: SQL sums for the cases SQL marks, rows
    for the rest; ``open_read`` opens a read of the same store for the lists; ``parts``:
    the scan already started (in parts, or over the column store)."""
    scanned = parts or ScanParts(region, p, VIEW_ARMS)
    scan = scanned.result(conn)
    details = scan[ARM_DETAIL]
    extra_ids = {r[_D_ID] for r in details if r[_D_EXTRA]}
    rest: list[fg.Marks] = []
    extra: list[fg.Marks] = []
    for f in load_ids(conn, region, p, sorted(r[0] for r in scan[ARM_HEAVY])):
        (extra if f.case_id in extra_ids else rest).append(fg.mark(f, p))
    loaded = {m.f.case_id for m in extra}
    wanted = {
        r[_D_ID]: r[_D_NUMBER] for r in details if _overdue_line(r) and r[_D_ID] not in loaded
    }
    by_id = {r[_D_ID]: r for r in details}
    standing = scanned.stand_ins(conn, wanted)
    overdue = [
        fg.Marks(f, *(_flag_of(by_id[f.case_id], name) for name in FLAGS))
        for f in standing
        if _overdue_line(by_id[f.case_id])
    ]
    item_sums = {
        (r[0], m): n
        for r in scan[ARM_ITEMS]
        for m, n in zip(ITEM_MEASURES, r[_KEYS:], strict=False)
        if n
    }
    now = scanned.stages(conn, [m.f.case_id for m in rest if m.reported])
    rest_stage = {m.f.number: now.get(m.f.case_id) for m in rest if m.reported}
    rows = sorted((_row_of(m) for m in rest), key=itemgetter(ROW_NUMBER))
    return PeriodCounts(
        lists=Lists(region, p, open_read),
        groups={i: scan[ARM_BY + n] for n, (at, _) in enumerate(GROUPINGS) for i in at},
        days=[(r[0], r[1], r[2], r[_KEYS]) for r in scan[ARM_DAYS]],
        rest=rows,
        rest_stage=rest_stage,
        marks=[*rest, *extra, *overdue],
        dept_marks=rest,
        item_sums=item_sums,
        facts=[*(m.f for m in rest), *(m.f for m in extra)],
        satisfy=[(*r[:3], *r[_KEYS : _KEYS + 4]) for r in scan[ARM_SATISFY]],
    )


def sums_by(groups: Groups, index: int) -> dict[Any, list[int]]:
    """The sums per value of the key at ``index`` (a sum its figures do not read: 0)."""
    out: dict[Any, list[int]] = {}
    for g in groups[index]:
        key, sums = g[index], [x or 0 for x in g[FIRST_SUM:]]
        held = out.get(key)
        out[key] = sums if held is None else list(map(add, held, sums))
    return out


def total(groups: Groups) -> list[int]:
    """The mark flags' sums of every case (the other sums 0)."""
    out = [0] * (SUM_SIMPLE_FILED + 1 - FIRST_SUM)
    for sums in sums_by(groups, ROW_STREET).values():
        out = list(map(add, out, sums))
    return out


Scan = Callable[[Connection, str, fg.Period, tuple[int, ...]], dict[int, list[Row]]]


def summary_counts(
    conn: Connection, region: RegionRef, p: fg.Period, open_read: Opener, scan_of: Scan = _scan
) -> RegionFigures:
    """``mark_sql.summary_figures`` (a comparison period's totals: 环比, 同比) with the
    SQL cases summed and their lists fetched when read; ``scan_of``: ``_scan`` or its
    twin over the column store."""
    scan = scan_of(conn, region.code, p, (ARM_TOTAL, ARM_HEAVY))
    sums = scan[ARM_TOTAL][0][_KEYS:]
    # cases changed after the period: marked in SQL as they stood at its end, if cut there
    listed, ids = cut_numbers(conn, p, sorted(r[0] for r in scan[ARM_HEAVY]))
    for m in fg.marks_of(load_ids(conn, region.code, p, ids), p):
        for name in FLAGS:
            if getattr(m, name):
                listed[name].append(m.f.number)
    lists = Lists(region.code, p, open_read)
    at = {name: i for i, name in enumerate(FLAGS)}
    return fg.figures_of(
        region,
        lambda flag: lists.figure(sums[at[flag]] or 0, (FLAG[flag],), sorted(listed[flag])),
    )
