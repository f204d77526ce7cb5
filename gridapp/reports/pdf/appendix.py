"""七、附录: the formulas and weights used, grade bands, and the exclusions.

Printed from the report's own ``Weights`` (not the defaults in code), so a report made
with admin-tuned weights documents exactly the weights it was scored with.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.platypus import CondPageBreak, Paragraph, Spacer

from gridapp.reports.model import MonthlyReport
from gridapp.reports.pdf.tables import Column, data_table

Styles = dict[str, Any]
KIND_LABELS = {"rate": "比率", "complement": "1 − 比率", "band": "分档计分"}


def _t(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"


def appendix_section(report: MonthlyReport, styles: Styles) -> list[Any]:
    out: list[Any] = [Paragraph("七、附录", styles["h1"])]
    w = report.weights
    src = "默认权重" if w.source == "default" else f"管理员设定（{w.source}）"
    out.append(Paragraph(escape(f"（一）评价指标、计算公式与权重 — {src}"), styles["h2"]))
    cols = [
        Column("指标", 1.6),
        Column("计算公式", 3.2),
        Column("计分方式", 1.0, "center"),
        Column("权重", 0.6, "right"),
    ]
    for role in w.roles:
        rows = [
            [i.label, i.formula, KIND_LABELS.get(i.kind, i.kind), f"{i.weight:g}%"]
            for i in role.items
        ]
        out.append(CondPageBreak(80))
        out.append(Paragraph(escape(role.role_label), styles["body"]))
        out.append(data_table(cols, rows, styles))
        out.append(Spacer(1, 6))
    if w.count_bands:
        out.append(CondPageBreak(80))
        out.append(
            Paragraph("（二）计数分档（每 30 天的最低件数 → 得分，按统计期长度折算）", styles["h2"])
        )
        rows = [
            [b.label, "；".join(f"≥{lo} 件 → {score:g} 分" for lo, score in b.bands)]
            for b in w.count_bands
        ]
        out.append(data_table([Column("计数项", 1.4), Column("分档", 4.6)], rows, styles))
    bands = report.grade_bands or w.grade_bands
    if bands:
        out.append(CondPageBreak(80))
        out.append(Paragraph("（三）等级划分", styles["h2"]))
        rows = [
            [
                b.grade,
                f"{b.min_score:g} ≤ 得分 < {b.max_score:g}"
                if b.max_score < 100
                else f"{b.min_score:g} ≤ 得分 ≤ 100",
            ]
            for b in bands
        ]
        out.append(
            data_table(
                [Column("等级", 0.6, "center"), Column("得分区间", 3.0)],
                rows,
                styles,
                grade_col=0,
                width=220,
            )
        )
    if report.notes:
        out.append(CondPageBreak(60))
        out.append(Paragraph("（四）统计口径", styles["h2"]))
        for note in report.notes:
            out.append(Paragraph(escape(f"· {note}"), styles["body"]))
    out.append(CondPageBreak(80))
    out.append(
        Paragraph(
            escape(f"（五）不计入与不予处置的案件（{len(report.exclusions)} 件）"), styles["h2"]
        )
    )
    if report.exclusions:
        rows = [
            [
                e.number,
                e.kind,
                e.category_name,
                e.department_name or "—",
                f"{e.requested_by}\n{_t(e.requested_at)}" if e.requested_by else "—",
                f"{e.approved_by}\n{_t(e.approved_at)}",
                e.reason,
            ]
            for e in report.exclusions
        ]
        cols = [  # points: the case number and the times stay on one line
            Column("案卷号", 112, fit=True),
            Column("类型", 42, "center"),
            Column("类别", 56),
            Column("部门", 64),
            Column("申请", 80),
            Column("批准/决定", 80),
            Column("理由", 59),
        ]
        out.append(data_table(cols, rows, styles))
        out.append(Spacer(1, 4))
        out.append(
            Paragraph(
                "缓办/挂账经批准的案件不计入应结案等分母；作废、不予立案不作为处置"
                "案件，计入上报质量。",
                styles["note"],
            )
        )
    else:
        out.append(Paragraph("本期无。", styles["body"]))
    return out
