"""``view_counts._scan`` counted with numpy over the column store (``mark_columns``).

The SQL scan evaluates the period's conditions case by case: ≈13 µs a case, 6–8 s for
a year of 590,000 on two cores. Here the same conditions (``scan_conditions``,
``period_cases``, ``item_conditions``, ``item_counts``) are evaluated over whole
columns (``column_eval.truth``) and grouped with ``np.unique``/``np.bincount``. The
rows it returns are the SQL scan's, arm by arm (tests/stats/test_column_scan.py checks
it on stores and periods with every kind of case), so everything after the scan
(``counts_of``, ``summary_counts``) is unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from sqlalchemy import column

from gridapp.reports import figures as fg
from gridapp.reports.facts import CaseFacts, period_cases
from gridapp.reports.mark_sql import FLAGS, cf
from gridapp.stats.case_lists import Row
from gridapp.stats.column_eval import Values, column_key, truth
from gridapp.stats.mark_columns import ITEM_CASE, STAGE, Batch
from gridapp.stats.view_counts import (
    _KEYS,
    _SUMS,
    ARM_BY,
    ARM_CUBE,
    ARM_DAYS,
    ARM_DETAIL,
    ARM_HEAVY,
    ARM_ITEMS,
    ARM_SATISFY,
    ARM_TOTAL,
    GROUPINGS,
    scan_conditions,
)
from gridapp.stats.view_items import STAND_IN, item_conditions, item_counts, stand_in
from gridapp.stats.view_rows import DEPT_MEASURES

_DAY_US = 86_400_000_000
# When the period holds more than this share of the batch's rows, the columns are read
# whole and every 0/1 column is kept to the period instead (a year: 87 % of the rows)
WHOLE_FROM = 0.5
# Groups are counted in an array of every possible key up to this many keys (O(n));
# beyond, by sorting (``np.unique``)
DENSE_KEYS = 1 << 22
_ITEM_PREFIX = "case_mark_items."
_CUBE_KEYS = ("stage", *(column_key(c) for c in (cf.street, cf.community, cf.grid)))
_CUBE_KEYS += tuple(column_key(c) for c in (cf.category, cf.source, cf.department))


class _Period:
    """The period's rows of a batch, their columns and their 0/1 columns (evaluated when
    first read)."""

    def __init__(self, batch: Batch, region: str, p: fg.Period, arms: tuple[int, ...]) -> None:
        self.batch, self.p = batch, p
        inside = truth(period_cases(region, p.start, p.end), batch.columns, batch.strings, batch.n)
        self.rows = np.flatnonzero(inside)
        self.n = len(self.rows)
        self.inside: np.ndarray | None = None
        if self.n > WHOLE_FROM * batch.n:  # most rows: a copy of each column costs more
            self.rows, self.n, self.inside = np.arange(batch.n), batch.n, inside
            self.columns = batch.columns
        else:
            self.columns = {
                key: Values(v.data[self.rows], None if v.null is None else v.null[self.rows])
                for key, v in batch.columns.items()
                if not key.startswith(_ITEM_PREFIX) and key != ITEM_CASE
            }
        self.conditions = scan_conditions(p, arms)
        self._flags: dict[str, np.ndarray] = {}
        self.memo: dict[tuple[Any, ...], Any] = {}  # comparisons evaluated (``truth``)
        self.found: dict[str, int] = {}  # case id → batch row, of the detail and heavy rows

    def flag(self, name: str) -> np.ndarray:
        """The 0/1 column ``name`` of ``scan_conditions`` (bool)."""
        got = self._flags.get(name)
        if got is None:
            cond = self.conditions[name]
            if cond is None:
                got = np.zeros(self.n, dtype=bool)
            else:
                got = truth(cond, self.columns, self.batch.strings, self.n, self.memo)
                if self.inside is not None:
                    got &= self.inside
            self._flags[name] = got
        return got

    def codes(self, key: str) -> np.ndarray:
        """A text key's codes (-1: NULL); ``stage`` only for a case reported in the period."""
        if key == "stage":
            return np.where(self.flag("f0"), self.columns[STAGE].data, -1)
        v = self.columns[key]
        return v.data if v.null is None else np.where(v.null, -1, v.data)

    def text(self, codes: np.ndarray) -> list[str | None]:
        vocab = [*self.batch.strings.vocab, None]  # code -1: NULL
        return [vocab[c] for c in codes.tolist()]


def _compact(k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Codes (≥ -1) as 0..distinct-1, and the codes each stands for."""
    shifted = k + 1
    present = np.bincount(shifted) > 0
    return (np.cumsum(present) - 1)[shifted], np.flatnonzero(present) - 1


def _groups(keys: list[np.ndarray], chosen: np.ndarray) -> tuple[np.ndarray, list[np.ndarray], int]:
    """The groups of the chosen rows by ``keys`` (ints ≥ -1): each chosen row's group,
    each key's value per group, and how many groups."""
    compact = [_compact(k[chosen]) for k in keys]
    sizes = [len(values) for _, values in compact]
    combined = np.zeros(int(chosen.sum()), dtype=np.int64)
    for (k, _), size in zip(compact, sizes, strict=True):
        combined = combined * size + k
    span = int(np.prod(sizes, dtype=np.int64))
    if span <= DENSE_KEYS:
        present = np.bincount(combined, minlength=span) > 0
        unique = np.flatnonzero(present)
        inverse = (np.cumsum(present) - 1)[combined]
    else:
        unique, inverse = np.unique(combined, return_inverse=True)
    values, rest = [], unique
    for (_, codes), size in zip(compact[::-1], sizes[::-1], strict=True):  # last key first
        values.append(codes[rest % size])
        rest = rest // size
    return inverse, values[::-1], len(unique)


def _sums(inverse: np.ndarray, size: int, values: np.ndarray) -> list[int]:
    return np.bincount(inverse, weights=values, minlength=size).astype(np.int64).tolist()


def _padded(keys: list[Any], sums: list[Any]) -> Row:
    return (*keys, *[None] * (_KEYS - len(keys)), *sums, *[None] * (_SUMS - len(sums)))


def _summed_groups(
    v: _Period,
    keys: list[np.ndarray],
    chosen: np.ndarray,
    sums: list[np.ndarray | None],
    key_at: list[int],
) -> list[Row]:
    """One row a group: its keys at ``key_at`` (the others NULL), then a sum of each of
    ``sums`` (None: NULL, a sum the key's figures do not read)."""
    if not chosen.any():
        return []
    inverse, values, size = _groups(keys, chosen)
    texts = [v.text(k) for k in values]
    columns = [None if s is None else _sums(inverse, size, s[chosen]) for s in sums]
    out = []
    for g in range(size):
        row_keys: list[Any] = [None] * _KEYS
        for i, at in enumerate(key_at):
            row_keys[at] = texts[i][g]
        out.append(_padded(row_keys, [None if c is None else c[g] for c in columns]))
    return out


def _cube(v: _Period, n: int) -> list[Row]:
    at, read = GROUPINGS[n]
    summed = v.flag("summed")
    names = [*(f"f{i}" for i in range(len(FLAGS))), *(f"d{i}" for i in range(len(DEPT_MEASURES)))]
    sums = [v.flag(name) if i in read else None for i, name in enumerate([*names, "sf"])]
    keys = [v.codes(_CUBE_KEYS[i]) for i in at]
    return _summed_groups(v, keys, summed, sums, list(at))


def _days(v: _Period) -> list[Row]:
    """(day reported, filed, closed) of the summed cases, a day when its flag holds."""
    keys = []
    for flag, c in (("f0", cf.reported_at), ("f1", cf.filed_at), ("f2", cf.closed_at)):
        day = v.columns[column_key(c)].data // _DAY_US
        keys.append(np.where(v.flag(flag), day, -1))
    summed = v.flag("summed")
    if not summed.any():
        return []
    lowest = min(int(k[summed].min()) for k in keys)
    shifted = [np.where(k < 0, -1, k - lowest + 1) for k in keys]  # -1 stays NULL
    inverse, values, size = _groups(shifted, summed)
    counts = np.bincount(inverse, minlength=size).tolist()

    def day_text(k: np.ndarray) -> list[str | None]:
        days = (k + lowest - 1).astype("datetime64[D]").astype(str).tolist()
        return [None if raw < 0 else d for raw, d in zip(k.tolist(), days, strict=True)]

    texts = [day_text(k) for k in values]
    return [_padded([t[g] for t in texts], [counts[g]]) for g in range(size)]


def _detail(v: _Period) -> list[Row]:
    """(id, number, department) → flags, simple, 回访 from columns, extra."""
    at = np.flatnonzero(v.flag("summed") & v.flag("detail"))
    full = v.rows[at]
    ids, numbers = v.batch.texts("cases.id", full), v.batch.texts("cases.number", full)
    v.found.update(zip(ids, full.tolist(), strict=True))
    dept = v.text(v.codes(column_key(cf.department))[at])
    names = [*(f"f{i}" for i in range(len(FLAGS))), "simple", "one", "extra"]
    flags = np.stack([v.flag(name)[at] for name in names], axis=1).astype(np.int64).tolist()
    rows = zip(ids, numbers, dept, flags, strict=True)
    return [_padded([i, number, d], f) for i, number, d, f in rows]


def _heavy(v: _Period) -> list[Row]:
    rows = v.rows[np.flatnonzero(v.flag("heavy"))]
    ids = v.batch.texts("cases.id", rows)
    v.found.update(zip(ids, rows.tolist(), strict=True))
    return [_padded([i], []) for i in ids]


def _total(v: _Period) -> list[Row]:
    summed = v.flag("summed")
    if not summed.any():
        return [_padded([], [None] * len(FLAGS))]  # SUM over no rows is NULL
    return [_padded([], [int(v.flag(f"f{i}")[summed].sum()) for i in range(len(FLAGS))])]


def _satisfy(v: _Period) -> list[Row]:
    sums = [v.flag(f"s{i}") for i in range(4)]
    chosen = v.flag("summed") & np.logical_or.reduce(sums)
    keys = [v.codes(column_key(c)) for c in (cf.closing_dept, cf.callback_dept, cf.street)]
    return _summed_groups(v, keys, chosen, list(sums), [0, 1, 2])


def _items(v: _Period) -> list[Row]:
    """Per department, how many summed cases that are not simple count for each measure
    (their items grouped per case and department first, as in SQL)."""
    batch = v.batch
    position = np.full(batch.n, -1, dtype=np.int64)
    position[v.rows] = np.arange(v.n)
    case_of = position[batch.columns[ITEM_CASE].data]
    counted = v.flag("summed") & ~v.flag("simple")
    chosen = case_of >= 0
    chosen[chosen] = counted[case_of[chosen]]
    if not chosen.any():
        return []
    items = {
        key: Values(x.data[chosen], None if x.null is None else x.null[chosen])
        for key, x in batch.columns.items()
        if key.startswith(_ITEM_PREFIX)
    }
    m = int(chosen.sum())
    conds = [truth(c, items, batch.strings, m) for c in item_conditions(v.p)]
    case_at, dept = case_of[chosen], items[_ITEM_PREFIX + "dept"].data
    every = np.ones(m, dtype=bool)
    inverse, (group_case, group_dept), size = _groups([case_at, dept], every)
    g = {f"i{k}": np.bincount(inverse, weights=c, minlength=size) > 0 for k, c in enumerate(conds)}
    g["filed"] = v.flag("f1")[group_case]
    charged = v.codes(column_key(cf.department))[group_case]
    g["charged_due"] = v.flag("f4")[group_case] & (charged >= 0) & (charged == group_dept)
    columns = {name: Values(x.astype(np.int64), None) for name, x in g.items()}
    counts = [
        truth(c, columns, batch.strings, size)
        for c in item_counts({name: column(name) for name in columns})
    ]
    groups = np.ones(size, dtype=bool)
    return _summed_groups(v, [group_dept], groups, counts, [0])


def column_scan(
    batch: Batch, region: str, p: fg.Period, arms: tuple[int, ...]
) -> dict[int, list[Row]]:
    """``view_counts._scan(conn, region, p, arms)`` from the batch's arrays."""
    return _arms(_Period(batch, region, p, arms), arms)


def _arms(v: _Period, arms: tuple[int, ...]) -> dict[int, list[Row]]:
    arm: dict[int, Callable[[], list[Row]]] = {
        ARM_DAYS: lambda: _days(v),
        ARM_DETAIL: lambda: _detail(v),
        ARM_HEAVY: lambda: _heavy(v),
        ARM_ITEMS: lambda: _items(v),
        ARM_SATISFY: lambda: _satisfy(v),
        ARM_TOTAL: lambda: _total(v),
    }
    out = {n: arm[n]() for n in arms if n != ARM_CUBE}
    if ARM_CUBE in arms:
        out[ARM_CUBE] = []
        out.update((ARM_BY + n, _cube(v, n)) for n in range(len(GROUPINGS)))
    return out


class ColumnScan:
    """A period's scan over a batch (``view_counts.Scanned``), counted when asked for."""

    def __init__(self, batch: Batch, region: str, p: fg.Period, arms: tuple[int, ...]) -> None:
        self.batch, self.region, self.p, self.arms = batch, region, p, arms
        self._period: _Period | None = None

    def result(self, _conn: Any) -> dict[int, list[Row]]:
        self._period = _Period(self.batch, self.region, self.p, self.arms)
        return _arms(self._period, self.arms)

    def _rows(self, ids: list[str]) -> np.ndarray:
        assert self._period is not None, "after result()"
        found = self._period.found
        return np.array([found[i] for i in ids], dtype=np.int64)

    def stand_ins(self, _conn: Any, numbers: dict[str, str]) -> list[CaseFacts]:
        """``view_items.stand_ins`` of cases the scan found, from the batch's columns."""
        ids = sorted(numbers)
        rows = self._rows(ids)
        columns = [ids, *(self.batch.values(column_key(c), rows) for c in STAND_IN[1:])]
        return [stand_in(numbers[r[0]], r) for r in zip(*columns, strict=True)]

    def stages(self, _conn: Any, ids: list[str]) -> dict[str, str | None]:
        """``view_rows.stages`` of cases the scan found, from the batch."""
        return dict(zip(ids, self.batch.values(STAGE, self._rows(ids)), strict=True))

    def scan_of(self, _conn: Any, region: str, p: fg.Period, arms: tuple[int, ...]) -> Any:
        """``view_counts._scan``'s twin for another period of the same batch (the
        comparison periods end before this one: the batch holds their cases)."""
        assert p.end <= self.p.end
        return column_scan(self.batch, region, p, arms)
