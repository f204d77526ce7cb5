"""Department ranking and role-holder evaluation tables.

Indicator columns are taken from the report's own ``IndicatorScore`` tuples (label,
kind) rather than hard-coded, so when an admin changes the weights or the indicator
set, the printed tables follow without a code change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.platypus import CondPageBreak, Paragraph, Spacer

from gridapp.reports.model import DepartmentScore, IndicatorScore, MonthlyReport
from gridapp.reports.pdf.tables import Column, data_table, fmt_int, fmt_pct, fmt_score

Styles = dict[str, Any]
KIND_HINT = {"rate": "", "complement": "", "band": "(件)"}


def indicator_cell(ind: IndicatorScore | None) -> str:
    """The figure an indicator is about: a rate as %, a banded count as a count."""
    if ind is None:
        return "—"
    if ind.kind == "band":
        return fmt_int(ind.count.value if ind.count else None)
    return fmt_pct(ind.rate.value if ind.rate else None)


def _indicator_columns(
    holders: Sequence[Sequence[IndicatorScore]],
) -> list[tuple[str, str, float]]:
    """(key, header, weight) of every indicator seen, in first-seen order."""
    seen: dict[str, tuple[str, str, float]] = {}
    for inds in holders:
        for ind in inds:
            if ind.key not in seen:
                # A complement indicator prints its rate (返工率 7.1%), not 1 − rate.
                label = ind.label.removeprefix("1 − ").removeprefix("1 - ").strip()
                header = f"{label}{KIND_HINT.get(ind.kind, '')}\n（{ind.weight:g}%）"
                seen[ind.key] = (ind.key, header, ind.weight)
    return list(seen.values())


def department_section(report: MonthlyReport, styles: Styles) -> list[Any]:
    """二、专业部门: ranked table with composite score and grade; lowest three named.

    Departments with too few 应结案 to rank fairly follow in a table of their own
    (EVALUATION.md "样本不足"), with their score and grade but no rank.
    """
    out: list[Any] = [
        Spacer(1, 10),
        CondPageBreak(160),
        Paragraph("二、专业部门考核排名", styles["h1"]),
    ]
    depts = report.departments
    if not depts:
        out.append(Paragraph("本期无专业部门处置案件。", styles["body"]))
        return out
    ind_cols = _indicator_columns([d.indicators for d in depts])
    cols = [
        Column("排名", 0.5, "center"),
        Column("部门", 2.2),
        Column("应结案", 0.75, "right"),
        Column("结案", 0.7, "right"),
        *[Column(h, 1.0, "right") for _, h, _ in ind_cols],
        Column("综合得分", 0.8, "right"),
        Column("等级", 0.55, "center"),
    ]
    ranked = [d for d in depts if d.rank is not None]
    apart = [d for d in depts if d.rank is None]
    lowest = [d for d in ranked if d.lowest]
    if lowest:
        names = "、".join(f"{d.name}（{fmt_score(d.score)} 分，{d.grade or '—'}）" for d in lowest)
        out.append(Paragraph(escape(f"综合得分末三位：{names}。"), styles["callout"]))
    grade_col = len(cols) - 1
    if ranked:
        rows = [_department_row(d, ind_cols) for d in ranked]
        lows = [i for i, d in enumerate(ranked) if d.lowest]
        out.append(data_table(cols, rows, styles, grade_col=grade_col, highlight_rows=lows))
    else:
        out.append(Paragraph("本期没有应结案件数足以参与排名的部门。", styles["body"]))
    out.append(Spacer(1, 4))
    out.append(
        Paragraph(
            "综合得分 = Σ 指标得分 × 权重；不适用的指标（分母为零）不计，其余指标按权重重新归一。"
            "浅红底色为末三位。“—”：本期无可评价的案件。计算公式见附录。",
            styles["note"],
        )
    )
    if apart:
        minimum = report.weights.min_due_to_rank
        out.append(CondPageBreak(80))
        out.append(
            Paragraph(
                escape(f"样本不足、不参与排名的部门（应结案少于 {minimum} 件，{len(apart)} 个）"),
                styles["h2"],
            )
        )
        rows = [_department_row(d, ind_cols) for d in apart]
        out.append(data_table(cols, rows, styles, grade_col=grade_col))
        out.append(Spacer(1, 4))
        out.append(
            Paragraph(
                escape(
                    f"应结案少于 {minimum} 件时，个别案件即可决定得分，故照常计分定级但不排名、"
                    "不列入末三位。"
                ),
                styles["note"],
            )
        )
    return out


def _department_row(d: DepartmentScore, ind_cols: list[tuple[str, str, float]]) -> list[str]:
    by_key = {ind.key: ind for ind in d.indicators}
    return [
        str(d.rank) if d.rank is not None else "—",
        d.name,
        fmt_int(d.due.value),
        fmt_int(d.closed.value),
        *[indicator_cell(by_key.get(k)) for k, _, _ in ind_cols],
        fmt_score(d.score),
        d.grade or "—",
    ]


def role_holder_section(report: MonthlyReport, styles: Styles) -> list[Any]:
    """三、岗位评价: one table per role (监督员, 受理员, 值班长, 派遣员)."""
    out: list[Any] = [Paragraph("三、岗位人员评价", styles["h1"])]
    if not report.role_holders:
        out.append(Paragraph("本期无岗位人员评价数据。", styles["body"]))
        return out
    roles: dict[str, list[Any]] = {}
    for h in report.role_holders:
        roles.setdefault(h.role_label, []).append(h)
    for label, holders in roles.items():
        ind_cols = _indicator_columns([h.indicators for h in holders])
        with_street = any(h.street_name for h in holders)
        cols = [
            Column("排名", 0.5, "center"),
            Column("姓名", 1.1),
            *([Column("街道/镇", 1.1)] if with_street else []),
            *[Column(h, 1.0, "right") for _, h, _ in ind_cols],
            Column("得分", 0.7, "right"),
            Column("等级", 0.55, "center"),
        ]
        rows = []
        for h in holders:
            by_key = {ind.key: ind for ind in h.indicators}
            rows.append(
                [
                    str(h.rank) if h.rank is not None else "—",
                    h.display_name,
                    *([h.street_name or "—"] if with_street else []),
                    *[indicator_cell(by_key.get(k)) for k, _, _ in ind_cols],
                    fmt_score(h.score),
                    h.grade or "—",
                ]
            )
        out.append(CondPageBreak(90))
        out.append(Paragraph(escape(f"{label}（{len(holders)} 人）"), styles["h2"]))
        out.append(data_table(cols, rows, styles, grade_col=len(cols) - 1))
    return out
