"""The report as a workbook (台账): the same tables as the PDF, one sheet each, with the
case numbers behind every figure.

Rendered from the :class:`MonthlyReport` (and, for the ledger's descriptive columns, the
cases' places and classes at the period end: ``ledger_cases``). Each table sheet has a
frozen header row; figures are plain numbers (so a supervisor can sort and sum). The
cases behind them: 「案卷明细」 (excel_ledger.py) has one row per case with its street,
community, grid, category, days and a 是 per summary figure, so a region, category, day
or grid figure is re-counted by an autofilter; figures the ledger cannot show (department
and staff figures, whose responsibility rules differ per case) are listed case by case
on 「考核明细」 (table, row, figure, count, position, case number). No cell of thousands
of joined numbers. The workbook is written in openpyxl's write-only mode (rows streamed
in order, formats set as each row is written); past Excel's row limit a long sheet
continues on 「…（续2）」.

Exports are data, never code: every row goes through ``safe_cells.append_row``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from gridapp.reports.excel_bulk import BulkRows, LongSheet, splice
from gridapp.reports.excel_callbacks import write_callbacks
from gridapp.reports.excel_ledger import (
    HOLDER_SHEETS,
    LEDGER,
    Where,
    region_where,
    write_holders,
    write_ledger,
    write_trace,
)
from gridapp.reports.excel_supervise import write_supervise_replies
from gridapp.reports.ledger_cases import CaseInfo
from gridapp.reports.model import (
    CaseLine,
    Figure,
    MonthlyReport,
    Rate,
    RegionFigures,
)
from gridapp.reports.safe_cells import Formats, append_row, text_cell

# A department works for the whole district (区级) or for one town or street (镇街).
DEPARTMENT_LEVELS_ZH = {"district": "区级", "town": "镇街"}

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
PERCENT = "0.0%"
TIME = "yyyy-mm-dd hh:mm"
DAY = "yyyy-mm-dd"
DETAIL = "考核明细"
DETAIL_HEADER = ["表", "行", "指标", "数量", "序", "案卷号"]
# Excel's 1,048,576 rows less the header: the detail continues on a new sheet past it.
MAX_DATA_ROWS = 1_048_575


SHEETS = (
    "汇总",
    "部门考核",
    "区域",
    "人员考核",
    "案件分类",
    "每日趋势",
    "网格",
    "超期案卷",
    "返工案卷",
    "督办案卷",
    "不计入统计",
    "指标与权重",
    LEDGER,
    *(title for title, _who in HOLDER_SHEETS.values()),
    DETAIL,
)

# A spreadsheet reads a text starting with one of these as a formula (OWASP CSV injection).
REGION_HEADER = [
    "代码", "名称", "上报数", "立案数", "结案数", "应结案数", "按期结案数", "结案率",
    "按期结案率", "返工数", "返工率", "超期未结数", "督办数", "作废", "不予立案", "挂账（不计入）",
]  # fmt: skip


def header_lines(name: str, width: float) -> int:
    """Lines a header takes in a column ``width`` characters wide (a Chinese character is
    two: the width unit is a digit of the default font)."""
    need = sum(2 if ord(c) > 0x2E7F else 1 for c in name) + 1
    return max(1, -(-need // max(1, int(width))))


class Sheet:
    """A write-only sheet and its row count (openpyxl's ``max_row`` does not exist there)."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        self.ws = ws
        self.rows = 1  # the header

    def append(self, values: Sequence[Any], formats: Formats = {}) -> None:  # noqa: B006
        append_row(self.ws, values, formats)
        self.rows += 1

    def filter_all(self, columns: int) -> None:
        """An autofilter over the header and every row written."""
        self.ws.auto_filter.ref = f"A1:{get_column_letter(columns)}{self.rows}"


class Book:
    """A workbook being filled: sheets with headers, and the figures to trace to cases."""

    def __init__(self) -> None:
        self.wb = Workbook(write_only=True)
        self.detail: list[tuple[str, str, str, tuple[str, ...]]] = []
        # figures the ledger may show by a filter, checked when it is written
        self.ledger_figures: list[tuple[str, str, str, tuple[str, ...], Where]] = []
        self.bulk: list[tuple[WriteOnlyWorksheet, BulkRows]] = []  # spliced in after saving

    def sheet(
        self, title: str, header: Sequence[str], widths: Sequence[int] = (), freeze: str = "A2"
    ) -> Sheet:
        ws = self.wb.create_sheet(title)
        ws.freeze_panes = freeze  # widths and panes before the first row: written first
        lines = 1
        for i, name in enumerate(header, start=1):
            width = widths[i - 1] if i - 1 < len(widths) else max(10, 2 * len(name) + 2)
            ws.column_dimensions[get_column_letter(i)].width = width
            lines = max(lines, header_lines(name, width))
        if lines > 1:  # Excel keeps a row's stored height: a wrapped header needs room
            ws.row_dimensions[1].height = 15 * lines
        cells = []
        for name in header:
            cell = text_cell(ws, name)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            cells.append(cell)
        ws.append(cells)
        return Sheet(ws)

    def trace(
        self, table: str, row: str, figure: str, fig: Figure, where: Where | None = None
    ) -> int:
        """Record the case numbers behind ``fig`` and return its value for the cell.

        ``where``: the ledger filter that should give exactly these cases; the figure
        is listed on the trace sheet only when it does not (or without a filter).
        """
        if fig.case_numbers:
            if where is None:
                self.detail.append((table, row, figure, fig.case_numbers))
            else:
                self.ledger_figures.append((table, row, figure, fig.case_numbers, where))
        return fig.value


def _rate(rate: Rate) -> float | None:
    return None if rate.value is None else round(rate.value, 4)


def _region_row(book: Book, table: str, r: RegionFigures) -> list[Any]:
    key = f"{r.region.code} {r.region.name}"

    def t(label: str, fig: Figure) -> int:
        return book.trace(table, key, label, fig, region_where(r, label))

    return [
        r.region.code, r.region.name, t("上报数", r.reported), t("立案数", r.filed),
        t("结案数", r.closed), t("应结案数", r.due), t("按期结案数", r.closed_on_time),
        _rate(r.close_rate), _rate(r.on_time_close_rate), t("返工数", r.reworked),
        _rate(r.rework_rate), t("超期未结数", r.overdue_open), t("督办数", r.supervised),
        t("作废", r.voided), t("不予立案", r.not_filed), t("挂账", r.excluded),
    ]  # fmt: skip


def _summary(book: Book, r: MonthlyReport) -> None:
    ws = book.sheet("汇总", ["项目", "本期", "上期", "环比变化"], [22, 16, 16, 14])
    info = [
        ("报告编号", r.report_id),
        ("区域", f"{r.region.name}（{r.region.code}）"),
        ("统计期", f"{r.period_label}（{r.period_start} 至 {r.period_end}）"),
        ("对比期", f"{r.previous_start} 至 {r.previous_end}"),
        ("生成时间", r.generated_at.strftime("%Y-%m-%d %H:%M")),
        ("生成人", r.generated_by),
        ("数据快照", r.snapshot_label),
        ("本期无案件", "是" if r.empty else "否"),
    ]
    for label, value in info:
        ws.append([label, value])
    ws.append([])
    rows = _summary_rows(r.summary)
    prev = dict(_summary_rows(r.previous)) if r.previous else {}
    for label, value in rows:
        before = prev.get(label)
        change = None
        if isinstance(value, (int, float)) and isinstance(before, (int, float)):
            change = round(value - before, 4)
        rate = {1: PERCENT, 2: PERCENT, 3: PERCENT} if label.endswith("率") else {}
        ws.append([label, value, before, change], rate)
    s = r.summary
    key = f"{s.region.code} {s.region.name}"
    for label, fig in (
        ("上报数", s.reported), ("立案数", s.filed), ("结案数", s.closed), ("应结案数", s.due),
        ("按期结案数", s.closed_on_time), ("返工数", s.reworked), ("超期未结数", s.overdue_open),
        ("督办数", s.supervised), ("作废", s.voided), ("不予立案", s.not_filed),
        ("挂账", s.excluded),
    ):  # fmt: skip
        book.trace("汇总", key, label, fig, region_where(s, label, summary=True))


def _summary_rows(s: RegionFigures) -> list[tuple[str, float | int | None]]:
    return [
        ("上报数", s.reported.value), ("立案数", s.filed.value), ("结案数", s.closed.value),
        ("应结案数", s.due.value), ("按期结案数", s.closed_on_time.value),
        ("结案率", _rate(s.close_rate)), ("按期结案率", _rate(s.on_time_close_rate)),
        ("返工数", s.reworked.value), ("返工率", _rate(s.rework_rate)),
        ("超期未结数", s.overdue_open.value), ("督办数", s.supervised.value),
        ("作废", s.voided.value), ("不予立案", s.not_filed.value),
        ("挂账（不计入）", s.excluded.value),
    ]  # fmt: skip


def _departments(book: Book, r: MonthlyReport) -> None:
    items = next(w.items for w in r.weights.roles if w.role == "department")
    header = [
        "排名", "代码", "部门", "层级", "应处置", "按时处置", "应结案", "结案", "返工",
        "立案数", "超期未结", *[f"{i.label}得分" for i in items], "综合得分", "等级", "末三位",
        "不参与排名", "应签收", "按时签收", "协办应处置", "协办按时处置",
    ]  # fmt: skip
    ws = book.sheet("部门考核", header, [6, 8, 26])
    for d in r.departments:
        key = f"{d.code} {d.name}"
        figs = [
            book.trace("部门考核", key, label, fig)
            for label, fig in (
                ("应处置", d.dispatched), ("按时处置", d.handled_on_time), ("应结案", d.due),
                ("结案", d.closed), ("返工", d.reworked), ("立案数", d.filed),
                ("超期未结", d.overdue_open),
            )
        ]  # fmt: skip
        scores = [i.score for i in d.indicators]
        ws.append(
            [
                d.rank,
                d.code,
                d.name,
                DEPARTMENT_LEVELS_ZH.get(d.level, d.level),
                *figs,
                *scores,
                d.score,
                d.grade,
                "是" if d.lowest else "",
                f"样本不足（应结案少于 {r.weights.min_due_to_rank} 件）" if d.small_sample else "",
                *[
                    book.trace("部门考核", key, label, fig)
                    for label, fig in (
                        ("应签收", d.ack_due),
                        ("按时签收", d.ack_on_time),
                        ("协办应处置", d.co_due),
                        ("协办按时处置", d.co_on_time),
                    )
                ],
            ],
        )


def _regions(book: Book, r: MonthlyReport) -> None:
    ws = book.sheet("区域", REGION_HEADER, [16, 20])
    for reg in r.regions:
        ws.append(_region_row(book, "区域", reg), {7: PERCENT, 8: PERCENT, 10: PERCENT})


def _role_holders(book: Book, r: MonthlyReport) -> None:
    header = [
        "角色",
        "排名",
        "账号",
        "姓名",
        "街道/镇",
        "指标",
        "分子",
        "分母",
        "比率/数量",
        "得分",
    ]
    header += ["权重%", "综合得分", "等级"]
    ws = book.sheet("人员考核", header, [10, 6, 12, 12, 14, 16])
    for h in r.role_holders:
        for i in h.indicators:
            key = f"{h.username} {h.display_name}"
            if i.rate is not None:
                num = book.trace("人员考核", key, f"{i.label}·分子", i.rate.numerator)
                den = book.trace("人员考核", key, f"{i.label}·分母", i.rate.denominator)
                value: float | int | None = _rate(i.rate)
            else:
                num = den = None
                value = book.trace("人员考核", key, i.label, i.count) if i.count else None
            ws.append(
                [
                    h.role_label,
                    h.rank,
                    h.username,
                    h.display_name,
                    h.street_name,
                    i.label,
                    num,
                    den,
                    value,
                    i.score,
                    i.weight,
                    h.score,
                    h.grade,
                ],
            )


def _categories(book: Book, r: MonthlyReport) -> None:
    header = ["代码", "小类", "大类", "部件/事件", "上报数", "立案数", "结案数", "立案占比"]
    ws = book.sheet("案件分类", header, [10, 20, 12])
    for c in r.categories:
        key = f"{c.code} {c.name}"

        def t(label: str, fig: Figure, day: str, key: str = key, code: str = c.code) -> int:
            return book.trace("案件分类", key, label, fig, (("小类代码", code), (day, None)))

        ws.append(
            [
                c.code,
                c.name,
                c.big_class,
                c.kind,
                t("上报数", c.reported, "上报日期"),
                t("立案数", c.filed, "立案日期"),
                t("结案数", c.closed, "结案日期"),
                round(c.share, 4),
            ],
            {7: PERCENT},
        )


def _daily(book: Book, r: MonthlyReport) -> None:
    ws = book.sheet("每日趋势", ["日期", "上报数", "立案数", "结案数"], [12])
    for d in r.daily:
        key = d.day.isoformat()
        ws.append(
            [d.day]
            + [
                book.trace("每日趋势", key, label, fig, ((column, key),))
                for label, fig, column in (
                    ("上报数", d.reported, "上报日期"),
                    ("立案数", d.filed, "立案日期"),
                    ("结案数", d.closed, "结案日期"),
                )
            ],
            {0: DAY},
        )


def _grids(book: Book, r: MonthlyReport) -> None:
    ws = book.sheet("网格", ["网格代码", "网格", "街道/镇代码", "社区代码", "立案数"], [18, 20])
    for g in r.grid_counts:
        key = f"{g.code} {g.name}"
        ws.append(
            [
                g.code,
                g.name,
                g.street_code,
                g.community_code,
                book.trace(
                    "网格", key, "立案数", g.count, (("网格代码", g.code), ("立案日期", None))
                ),
            ],
        )


def _cases(book: Book, title: str, lines: Sequence[CaseLine]) -> None:
    header = ["案卷号", "小类", "处置部门", "街道/镇", "处置时限", "超期时长", "单位", "状态"]
    header += ["说明"]
    sheet = LongSheet(book, title, header, [24, 18, 24, 12, 18, 10, 8], formats={4: TIME})
    for c in lines:
        sheet.append(
            [
                c.number,
                c.category_name,
                c.department_name,
                c.street_name,
                c.deadline,
                c.late,
                c.late_unit,
                c.state_label,
                c.note,
            ],
        )
    sheet.close()


def _exclusions(book: Book, r: MonthlyReport) -> None:
    header = ["案卷号", "类别", "小类", "处置部门", "申请人", "申请时间", "批准/决定人"]
    header += ["批准/决定时间", "理由"]
    widths = [24, 10, 18, 24, 10, 18, 12, 18, 30]
    sheet = LongSheet(book, "不计入统计", header, widths, formats={5: TIME, 7: TIME})
    for e in r.exclusions:
        sheet.append(
            [
                e.number,
                e.kind,
                e.category_name,
                e.department_name,
                e.requested_by,
                e.requested_at,
                e.approved_by,
                e.approved_at,
                e.reason,
            ],
        )
    sheet.close()


def _formulas(book: Book, r: MonthlyReport) -> None:
    ws = book.sheet(
        "指标与权重", ["角色", "指标", "权重%", "类型", "计算公式"], [12, 18, 8, 10, 60]
    )
    kinds = {"rate": "比率", "complement": "1−比率", "band": "分档"}
    for role in r.weights.roles:
        for i in role.items:
            ws.append([role.role_label, i.label, i.weight, kinds.get(i.kind, i.kind), i.formula])
    ws.append([])
    ws.append(["分档", "最小数量（每30天）", "得分"])
    for band in r.weights.count_bands:
        for minimum, score in band.bands:
            ws.append([band.label, minimum, score])
    ws.append([])
    ws.append(["等级", "分数下限", "分数上限"])
    for g in r.grade_bands:
        ws.append([g.grade, g.min_score, g.max_score])
    ws.append([])
    ws.append(["统计口径"])
    for note in r.notes:
        ws.append([note])
    ws.append([f"权重来源：{r.weights.source}"])


def write_workbook(
    report: MonthlyReport, path: Path, cases: Mapping[str, CaseInfo] | None = None
) -> Path:
    """Write the workbook to ``path`` (through a temporary file, then renamed).

    ``cases``: each case's places and classes at the period end (``ledger_cases``);
    without them the ledger has only days and marks, and the region, category and grid
    figures are traced case by case instead.
    """
    book = Book()
    _summary(book, report)
    _departments(book, report)
    _regions(book, report)
    _role_holders(book, report)
    _categories(book, report)
    _daily(book, report)
    _grids(book, report)
    _cases(book, "超期案卷", report.overdue_cases)
    _cases(book, "返工案卷", report.rework_cases)
    _cases(book, "督办案卷", report.supervised_cases)
    write_supervise_replies(book, report)  # only when a 督办 asked for a reply
    write_callbacks(book, report)  # only with 回访 / 智能派单 figures in the period
    _exclusions(book, report)
    _formulas(book, report)
    book.detail += write_ledger(book, report, cases or {})
    for table in HOLDER_SHEETS:
        write_holders(book, table, [d for d in book.detail if d[0] == table])
    book.detail = [d for d in book.detail if d[0] not in HOLDER_SHEETS]
    write_trace(book, DETAIL, DETAIL_HEADER)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".partial")  # a write-only book is saved once
    try:
        book.wb.save(tmp)
        splice(book, tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
