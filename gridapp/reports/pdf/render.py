"""``render_pdf``: the monthly supervision report as an A4 PDF in Simplified Chinese.

Renders ONLY from a :class:`~gridapp.reports.model.MonthlyReport` — no store access,
no indicator arithmetic here — so the PDF, the workbook and the screen always agree.
Sections follow ../shared/EVALUATION.md; an empty month still prints every section
with a "本期无案件" line so the supervisor gets a valid, signed-off report.
The file is written atomically (temp file in the same folder, fsync, rename): a
crash or a full disk never leaves a half PDF under the final name.
"""

from __future__ import annotations

import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.platypus import CondPageBreak, PageBreak, Paragraph, Spacer

from gridapp.reports.model import (
    LEVEL_LABELS_ZH,
    LEVEL_STREET,
    CaseLine,
    MonthlyReport,
    RegionFigures,
)
from gridapp.reports.pdf.appendix import appendix_section
from gridapp.reports.pdf.callbacks import callback_section
from gridapp.reports.pdf.charts import category_bar_chart, daily_trend_chart
from gridapp.reports.pdf.choropleth import choropleth
from gridapp.reports.pdf.co_handling import co_handling_section
from gridapp.reports.pdf.page import FRAME_WIDTH, PageInfo, ReportDocument, make_styles
from gridapp.reports.pdf.scores import department_section, role_holder_section
from gridapp.reports.pdf.supervise_replies import supervise_reply_section
from gridapp.reports.pdf.tables import (
    Column,
    data_table,
    fmt_change,
    fmt_int,
    fmt_pct,
    fmt_point_change,
    key_value_table,
    sub_headings,
)

Styles = dict[str, Any]


def fmt_time(value: datetime | None) -> str:
    """Minutes are enough to trace a printout; seconds only add noise."""
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"


def report_title(report: MonthlyReport) -> str:
    return f"{report.region.name}城市管理监督评价月报"


def _footer_snapshot(report: MonthlyReport) -> str:
    label = report.snapshot_label.strip()
    if label.startswith("数据截至"):
        label = label[len("数据截至") :].strip()
    return label or fmt_time(report.snapshot_at)


def render_pdf(report: MonthlyReport, path: Path) -> Path:
    """Write the report to ``path`` (atomically) and return it.

    Raises :class:`~gridapp.reports.pdf.fonts.FontNotFoundError` when no CJK font
    can be found (the message names the package to install).
    """
    path = Path(path)
    styles = make_styles()  # registers the font first: fail before touching the disk
    info = PageInfo(
        title=report_title(report),
        region=report.region.name,
        period=report.period_label,
        report_id=report.report_id,
        snapshot=_footer_snapshot(report),
    )
    story = build_story(report, styles)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        # mkstemp makes the file 0600; a saved report is an ordinary document.
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        with os.fdopen(fd, "wb") as fh:
            ReportDocument(fh, info).build_story(story)  # type: ignore[arg-type]
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def build_story(report: MonthlyReport, styles: Styles) -> list[Any]:
    """The flowables of every section, in the order of EVALUATION.md.

    Each section starts a new page, except in an empty month: there every section is
    one line ("本期无…"), so they run on together and the report stays short.
    """

    def section_break() -> Any:
        return Spacer(1, 14) if report.empty else PageBreak()

    story: list[Any] = []
    story += cover(report, styles)
    story.append(PageBreak())
    story += summary_section(report, styles)
    story += department_section(report, styles)
    story += co_handling_section(report, styles)
    for section in (
        role_holder_section,
        region_section,
        category_section,
        case_list_section,
        appendix_section,
    ):
        story.append(section_break())
        story += section(report, styles)
    return story


def _p(text: str, style: Any) -> Paragraph:
    return Paragraph(escape(text), style)


def cover(report: MonthlyReport, styles: Styles) -> list[Any]:
    """District, month, generated at, by whom — and the traceability data up front."""
    level = LEVEL_LABELS_ZH.get(report.region.level, "")
    meta = [
        ("区域", f"{report.region.name}（{level} {report.region.code}）"),
        ("统计期", f"{report.period_label}（{report.period_start} 至 {report.period_end}）"),
        ("生成时间", fmt_time(report.generated_at)),
        ("生成人", report.generated_by or "—"),
        ("数据快照", report.snapshot_label or fmt_time(report.snapshot_at)),
        ("报告编号", report.report_id),
        ("评价权重", "默认权重" if report.weights.source == "default" else report.weights.source),
    ]
    out: list[Any] = [
        Spacer(1, 150),
        _p(report_title(report), styles["cover_title"]),
        Spacer(1, 12),
        _p(f"{report.period_label}", styles["cover_sub"]),
        Spacer(1, 60),
        key_value_table(meta, styles, FRAME_WIDTH * 0.7),
    ]
    if report.empty:
        out += [Spacer(1, 30), _p("本期无案件", styles["cover_sub"])]
    out += [
        Spacer(1, 80),
        _p("依据 CJ/T 292、GB/T 30428.4 数字化城市管理绩效评价方法编制", styles["cover_meta"]),
    ]
    return out


_SUMMARY_ROWS: tuple[tuple[str, str, bool], ...] = (
    ("上报数", "reported", False),
    ("立案数", "filed", False),
    ("结案数", "closed", False),
    ("应结案数", "due", False),
    ("按期结案数", "closed_on_time", False),
    ("结案率", "close_rate", True),
    ("按期结案率", "on_time_close_rate", True),
    ("返工率", "rework_rate", True),
    ("超期未结数", "overdue_open", False),
    ("督办数", "supervised", False),
    ("作废数", "voided", False),
    ("不予立案数", "not_filed", False),
    ("缓办/挂账（不计入分母）", "excluded", False),
)


def _value(fig: RegionFigures | None, attr: str, rate: bool) -> Any:
    if fig is None:
        return None
    item = getattr(fig, attr)
    return item.value


def summary_section(report: MonthlyReport, styles: Styles) -> list[Any]:
    """The totals with the change against the previous period (▲/▼)."""
    s, prev = report.summary, report.previous
    out: list[Any] = [_p("一、总体情况", styles["h1"])]
    if report.empty:
        out.append(
            _p(
                f"本期无案件：{report.period_label}内{report.region.name}没有上报、"
                "立案、结案或到期的案件。以下各部分均为空。",
                styles["callout"],
            )
        )
    else:
        out.append(
            _p(
                f"{report.period_label}，{report.region.name}共上报案件 "
                f"{fmt_int(s.reported.value)} 件，"
                f"立案 {fmt_int(s.filed.value)} 件，结案 {fmt_int(s.closed.value)} 件；"
                f"应结案 {fmt_int(s.due.value)} 件，结案率 {fmt_pct(s.close_rate.value)}，"
                f"按期结案率 {fmt_pct(s.on_time_close_rate.value)}，返工率 "
                f"{fmt_pct(s.rework_rate.value)}；超期未结 {fmt_int(s.overdue_open.value)} 件，"
                f"督办 {fmt_int(s.supervised.value)} 件。",
                styles["callout"],
            )
        )
    prev_label = f"上期（{report.previous_start} 至 {report.previous_end}）"
    rows = []
    for label, attr, rate in _SUMMARY_ROWS:
        cur, before = _value(s, attr, rate), _value(prev, attr, rate)
        fmt = fmt_pct if rate else fmt_int
        change = fmt_point_change(cur, before) if rate else fmt_change(cur, before)
        rows.append([label, fmt(cur), fmt(before) if prev else "—", change])
    cols = [
        Column("指标", 2.2),
        Column("本期", 1, "right"),
        Column(prev_label, 1.6, "right"),
        Column("环比", 1.3, "right"),
    ]
    out.append(data_table(cols, rows, styles))
    out.append(Spacer(1, 4))
    out.append(
        _p(
            "环比：件数为相对上期的增减百分比；比率为增减的百分点。▲ 上升，▼ 下降。"
            "“—”表示分母为零或无上期数据。",
            styles["note"],
        )
    )
    return out


def _region_row(f: RegionFigures, name: str | None = None) -> list[str]:
    return [
        name or f.region.name,
        fmt_int(f.reported.value),
        fmt_int(f.filed.value),
        fmt_int(f.closed.value),
        fmt_int(f.due.value),
        fmt_pct(f.close_rate.value),
        fmt_pct(f.on_time_close_rate.value),
        fmt_pct(f.rework_rate.value),
        fmt_int(f.overdue_open.value),
        fmt_int(f.supervised.value),
    ]


def region_section(report: MonthlyReport, styles: Styles) -> list[Any]:
    """Per street/town (or community) table and the cases-per-grid choropleth."""
    level = report.regions[0].region.level if report.regions else LEVEL_STREET
    level_label = LEVEL_LABELS_ZH.get(level, "区域")
    out: list[Any] = [_p(f"四、区域情况（{level_label}）", styles["h1"])]
    cols = [Column(level_label, 1.8)] + [
        Column(h, 1, "right")
        for h in (
            "上报",
            "立案",
            "结案",
            "应结案",
            "结案率",
            "按期结案率",
            "返工率",
            "超期未结",
            "督办",
        )
    ]
    if report.regions:
        rows = [_region_row(r) for r in report.regions]
        rows.append(_region_row(report.summary, "合计"))
        out.append(data_table(cols, rows, styles, bold_last_row=True))
    else:
        out.append(_p("本期无区域数据。", styles["body"]))
    has_map = any(g.count.value for g in report.grid_counts)
    out.append(CondPageBreak(400 if has_map else 60))  # keep the title with its map
    out.append(_p("案件分布图（按单元网格）", styles["h2"]))
    if has_map:
        names = {r.region.code: r.region.name for r in report.regions}
        names.setdefault(report.region.code, report.region.name)
        out.append(choropleth(report.grid_counts, names, FRAME_WIDTH, 360))
        out.append(
            _p(
                "颜色按立案数分级（分位数分级）；粗线为街道/镇界；底图为单元网格，不使用在线瓦片。",
                styles["note"],
            )
        )
    else:
        out.append(_p("本期无立案案件，不绘制分布图。", styles["body"]))
    return out


def category_section(report: MonthlyReport, styles: Styles) -> list[Any]:
    """Top 10 small categories (table + bars) and the per-day trend chart."""
    out: list[Any] = [_p("五、案件类别与趋势", styles["h1"]), _p("立案数前十的小类", styles["h2"])]
    top = report.categories[:10]
    if top:
        rows = [
            [
                str(i),
                c.name,
                c.big_class,
                c.kind,
                fmt_int(c.reported.value),
                fmt_int(c.filed.value),
                fmt_int(c.closed.value),
                fmt_pct(c.share),
            ]
            for i, c in enumerate(top, start=1)
        ]
        cols = [
            Column("序号", 0.5, "center"),
            Column("小类", 2.2),
            Column("大类", 1.4),
            Column("部件/事件", 0.9, "center"),
            Column("上报", 0.8, "right"),
            Column("立案", 0.8, "right"),
            Column("结案", 0.8, "right"),
            Column("占立案比", 0.9, "right"),
        ]
        out.append(data_table(cols, rows, styles))
        out.append(Spacer(1, 8))
        out.append(category_bar_chart([(c.name, c.filed.value) for c in top], FRAME_WIDTH))
    else:
        out.append(_p("本期无立案案件。", styles["body"]))
    out.append(CondPageBreak(240))
    out.append(_p("每日案件趋势", styles["h2"]))
    if report.daily and not report.empty:
        series = [
            ("上报", [d.reported.value for d in report.daily]),
            ("立案", [d.filed.value for d in report.daily]),
            ("结案", [d.closed.value for d in report.daily]),
        ]
        out.append(daily_trend_chart([d.day for d in report.daily], series, FRAME_WIDTH))
    else:
        out.append(_p("本期无案件，无趋势数据。", styles["body"]))
    return out


def _case_rows(lines: tuple[CaseLine, ...]) -> list[list[str]]:
    return [
        [
            str(i),
            c.number,
            c.category_name,
            c.department_name or "—",
            c.street_name or "—",
            fmt_time(c.deadline),
            c.late_text,
            c.state_label,
            c.note,
        ]
        for i, c in enumerate(lines, start=1)
    ]


CASE_COLUMNS = (  # points of a 493 pt frame: one line per case (300 overdue = few pages)
    Column("序号", 24, "right"),
    Column("案卷号", 100, fit=True),
    Column("类别", 48),
    Column("责任部门", 62),
    Column("街道/镇", 49),
    Column("处置时限", 78, "center"),
    Column("超期时长", 58, "right", fit=True),  # "16.3 工作日" / "68.0 小时"
    Column("状态", 32, "center"),
    Column("备注", 42),
)


# A printed list stops here: a big district's month has thousands of overdue cases, which
# would be a hundred pages nobody reads; the workbook (台账) keeps every one.
PRINTED_CASES = 300


def case_list_section(report: MonthlyReport, styles: Styles) -> list[Any]:
    """Overdue / 返工 / 督办 cases by number with department and days late."""
    out: list[Any] = [_p("六、重点案件清单", styles["h1"])]
    numbered = sub_headings()
    for title, lines, sheet in (
        ("超期案件", report.overdue_cases, "超期案卷"),
        ("返工案件", report.rework_cases, "返工案卷"),
        ("督办案件", report.supervised_cases, "督办案卷"),
    ):
        out.append(CondPageBreak(90))
        out.append(_p(f"{numbered()}{title}（{len(lines)} 件）", styles["h2"]))
        if lines:
            shown = lines[:PRINTED_CASES]
            out.append(data_table(CASE_COLUMNS, _case_rows(shown), styles))
            if len(lines) > len(shown):
                out.append(
                    _p(
                        f"以上为超期时间最长的 {len(shown)} 件；另有 {len(lines) - len(shown)} 件"
                        f"未列出，完整清单见 Excel 台账「{sheet}」。",
                        styles["note"],
                    )
                )
        else:
            out.append(_p("本期无。", styles["body"]))
    out += supervise_reply_section(report, styles, numbered)  # none: no 督办 asked a reply
    out += callback_section(report, styles, numbered)  # none: no 回访 / 智能派单 in the period
    out.append(Spacer(1, 4))
    out.append(
        _p(
            "超期时长：处置时限至处置反馈（未处置的至统计期末）。工作日、工作时时限按工作日历"
            "计工作日，紧急时限按自然小时计；向上取整到 0.1，超期不足 0.1 的记 0.1。"
            "“—”：未超期。各清单按超期时长由长到短排列（工作日按每日工作时长折算为小时比较）。",
            styles["note"],
        )
    )
    return out
