"""Reading a report workbook as a supervisor would: every printed figure re-counted from the
per-case ledger 「案卷明细」 by filtering its columns, from 「部门案卷」/「人员案卷」 (a row
per department or person and case) by filtering the holder and the figure's column, or
from the per-figure trace 「考核明细」, and compared with the printed cell and with the
model's own case numbers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from gridapp.reports.model import (
    LEVEL_COMMUNITY,
    LEVEL_GRID,
    Figure,
    MonthlyReport,
    RegionFigures,
)

# What a reader filters the ledger on for each count column of 汇总 / 区域 (None: non-blank).
REGION_FILTERS: dict[str, tuple[str, str | None]] = {
    "上报数": ("上报日期", None),
    "立案数": ("立案日期", None),
    "结案数": ("结案日期", None),
    "应结案数": ("应结案", "是"),
    "按期结案数": ("按期结案", "是"),
    "返工数": ("返工", "是"),
    "超期未结数": ("超期未结", "是"),
    "督办数": ("督办", "是"),
    "作废": ("作废", "是"),
    "不予立案": ("不予立案", "是"),
    "挂账（不计入）": ("挂账", "是"),
}
TRACE_LABEL = {"挂账（不计入）": "挂账"}  # the trace names the 挂账 column shorter


def rows(ws) -> list[tuple]:
    return list(ws.iter_rows(min_row=2, values_only=True))


class Workbook:
    """The ledger as dicts, the trace as (table, row, figure) → case numbers."""

    def __init__(self, wb) -> None:
        self.wb = wb
        sheet = wb["案卷明细"]
        self.header = [c.value for c in sheet[1]]
        self.ledger = [dict(zip(self.header, r, strict=True)) for r in rows(sheet)]
        self.trace: dict[tuple[str, str, str], list[str]] = {}
        for table, row, figure, count, k, number in rows(wb["考核明细"]):
            numbers = self.trace.setdefault((table, row, figure), [])
            numbers.append(number)
            assert k == len(numbers) <= count
        # department and staff figures: a row per (holder, case), a 是 per figure
        for table, title in (("部门考核", "部门案卷"), ("人员考核", "人员案卷")):
            header = [c.value for c in wb[title][1]]
            for holder, number, *marks in rows(wb[title]):
                assert any(marks), (title, holder, number)  # no row without a figure
                for figure, mark in zip(header[2:], marks, strict=True):
                    if mark is not None:
                        assert mark == "是"
                        self.trace.setdefault((table, holder, figure), []).append(number)

    def filtered(self, **where: str | None) -> list[str]:
        return [
            r["案卷号"]
            for r in self.ledger
            if all(
                r[col] not in (None, "") if want is None else r[col] == want
                for col, want in where.items()
            )
        ]

    def cases(self, table: str, row: str, figure: str, **where: str | None) -> list[str]:
        """The figure's cases: its trace rows when it is traced, else the ledger filter."""
        traced = self.trace.get((table, row, figure))
        return traced if traced is not None else self.filtered(**where)


def _check(printed: object, cases: list[str], fig: Figure, what: object) -> int:
    assert len(cases) == len(set(cases)), what
    assert printed == len(cases) == fig.value, (what, printed, len(cases), fig.value)
    assert tuple(sorted(cases)) == fig.case_numbers, what
    return 1


def _region_figs(r: RegionFigures) -> dict[str, Figure]:
    return {
        "上报数": r.reported, "立案数": r.filed, "结案数": r.closed, "应结案数": r.due,
        "按期结案数": r.closed_on_time, "返工数": r.reworked, "超期未结数": r.overdue_open,
        "督办数": r.supervised, "作废": r.voided, "不予立案": r.not_filed,
        "挂账（不计入）": r.excluded,
    }  # fmt: skip


def check_every_figure(report: MonthlyReport, wb) -> int:
    """Assert each printed count equals its cases in the ledger or trace; return how many."""
    book = Workbook(wb)
    checked = 0
    s = report.summary
    key = f"{s.region.code} {s.region.name}"
    summary = {r[0]: r[1] for r in rows(wb["汇总"]) if r and r[0]}
    for label, fig in _region_figs(s).items():
        col, want = REGION_FILTERS[label]
        cases = book.cases("汇总", key, TRACE_LABEL.get(label, label), **{col: want})
        checked += _check(summary[label], cases, fig, ("汇总", label))

    level = report.regions[0].region.level if report.regions else None
    place = {LEVEL_COMMUNITY: "社区", LEVEL_GRID: "网格代码"}.get(level, "街道/镇")
    sheet = wb["区域"]
    header = [c.value for c in sheet[1]]
    for printed, r in zip(rows(sheet), report.regions, strict=True):
        row = dict(zip(header, printed, strict=True))
        assert (row["代码"], row["名称"]) == (r.region.code, r.region.name)
        where = row["代码"] if place == "网格代码" else row["名称"]
        for label, fig in _region_figs(r).items():
            col, want = REGION_FILTERS[label]
            cases = book.cases(
                "区域", f"{r.region.code} {r.region.name}", TRACE_LABEL.get(label, label),
                **{place: where, col: want},
            )  # fmt: skip
            checked += _check(row[label], cases, fig, ("区域", r.region.name, label))

    for printed, c in zip(rows(wb["案件分类"]), report.categories, strict=True):
        assert printed[0] == c.code
        key = f"{c.code} {c.name}"
        for at, (label, fig, day) in enumerate(
            (("上报数", c.reported, "上报日期"), ("立案数", c.filed, "立案日期"),
             ("结案数", c.closed, "结案日期")), start=4,
        ):  # fmt: skip
            cases = book.cases("案件分类", key, label, 小类代码=c.code, **{day: None})
            checked += _check(printed[at], cases, fig, ("案件分类", c.code, label))

    for printed, d in zip(rows(wb["每日趋势"]), report.daily, strict=True):
        day = printed[0].date() if isinstance(printed[0], datetime) else printed[0]
        assert day == d.day and isinstance(day, date)
        for at, (label, fig, col) in enumerate(
            (("上报数", d.reported, "上报日期"), ("立案数", d.filed, "立案日期"),
             ("结案数", d.closed, "结案日期")), start=1,
        ):  # fmt: skip
            cases = book.cases("每日趋势", d.day.isoformat(), label, **{col: d.day.isoformat()})
            checked += _check(printed[at], cases, fig, ("每日趋势", d.day, label))

    for printed, g in zip(rows(wb["网格"]), report.grid_counts, strict=True):
        assert printed[0] == g.code
        cases = book.cases("网格", f"{g.code} {g.name}", "立案数", 网格代码=g.code, 立案日期=None)
        checked += _check(printed[4], cases, g.count, ("网格", g.code))

    checked += _check_scores(report, wb, book)
    return checked


DEPT_COLUMNS = (
    ("应处置", "dispatched"), ("按时处置", "handled_on_time"), ("应结案", "due"),
    ("结案", "closed"), ("返工", "reworked"), ("立案数", "filed"), ("超期未结", "overdue_open"),
    ("应签收", "ack_due"), ("按时签收", "ack_on_time"), ("协办应处置", "co_due"),
    ("协办按时处置", "co_on_time"),
)  # fmt: skip


def _check_scores(report: MonthlyReport, wb, book: Workbook) -> int:
    """Department and staff counts: one trace row per case of the figure (none for 0)."""
    checked = 0
    sheet = wb["部门考核"]
    header = [c.value for c in sheet[1]]
    for printed, d in zip(rows(sheet), report.departments, strict=True):
        row = dict(zip(header, printed, strict=True))
        for label, attr in DEPT_COLUMNS:
            cases = book.trace.get(("部门考核", f"{d.code} {d.name}", label), [])
            checked += _check(row[label], cases, getattr(d, attr), ("部门考核", d.code, label))
    people = iter(rows(wb["人员考核"]))
    for h in report.role_holders:
        key = f"{h.username} {h.display_name}"
        for i in h.indicators:
            printed = next(people)
            assert (printed[2], printed[5]) == (h.username, i.label)
            figs: Iterable[tuple[object, str, Figure]]
            if i.rate is not None:
                figs = (
                    (printed[6], f"{i.label}·分子", i.rate.numerator),
                    (printed[7], f"{i.label}·分母", i.rate.denominator),
                )
            elif i.count is not None and i.count.value:
                figs = ((printed[8], i.label, i.count),)
            else:
                continue
            for value, label, fig in figs:
                cases = book.trace.get(("人员考核", key, label), [])
                checked += _check(value, cases, fig, ("人员考核", key, label))
    return checked
