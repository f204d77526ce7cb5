"""Report tables: repeated header, zebra rows, right-aligned numbers, coloured grades.

Tables are reportlab ``LongTable`` with ``repeatRows=1`` so a case list running over
several pages repeats its header on each (a supervisor reading page 3 must still
know which column is "days late").  Text cells are Paragraphs in the CJK style so
long department / category names wrap instead of overflowing the column.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import LongTable, Paragraph, TableStyle

from gridapp.reports.pdf.fonts import FONT_NAME
from gridapp.reports.pdf.page import ACCENT, FRAME_WIDTH

DASH = "—"
ZEBRA = colors.HexColor("#eef2f7")
GRID_LINE = colors.HexColor("#c5ccd6")

#: Grade → (background, text) colours; A good … E bad.
GRADE_COLOURS: dict[str, tuple[colors.Color, colors.Color]] = {
    "A": (colors.HexColor("#2e7d32"), colors.white),
    "B": (colors.HexColor("#7cb342"), colors.white),
    "C": (colors.HexColor("#f9a825"), colors.black),
    "D": (colors.HexColor("#ef6c00"), colors.white),
    "E": (colors.HexColor("#c62828"), colors.white),
}

Number = int | float | Decimal


def fmt_int(value: Number | None) -> str:
    """Thousands separators keep big district totals readable; ``None`` → a dash."""
    if value is None:
        return DASH
    return f"{int(value):,}"


def fmt_pct(ratio: Number | None) -> str:
    """A ratio 0..1 as a percentage with one decimal ("93.4%"); ``None`` (0/0) → a dash."""
    if ratio is None:
        return DASH
    return f"{float(ratio) * 100:.1f}%"


def fmt_score(score: Number | None) -> str:
    """Composite scores are points out of 100 with one decimal."""
    if score is None:
        return DASH
    return f"{float(score):.1f}"


def fmt_change(current: Number | None, previous: Number | None) -> str:
    """Month-on-month change as "▲ 12.3%" / "▼ 4.0%" / "持平"; no base → a dash."""
    if current is None or previous is None:
        return DASH
    cur, prev = float(current), float(previous)
    if prev == 0:
        return DASH if cur == 0 else "▲ 新增"
    change = (cur - prev) / prev * 100
    if abs(change) < 0.05:
        return "持平"
    return f"{'▲' if change > 0 else '▼'} {abs(change):.1f}%"


def fmt_point_change(current: Number | None, previous: Number | None) -> str:
    """Change of a rate in percentage points ("▲ 2.1 个百分点") — a % of a % misleads."""
    if current is None or previous is None:
        return DASH
    diff = (float(current) - float(previous)) * 100
    if abs(diff) < 0.05:
        return "持平"
    return f"{'▲' if diff > 0 else '▼'} {abs(diff):.1f} 个百分点"


@dataclass(frozen=True)
class Column:
    """One table column: header text, relative width, alignment."""

    header: str
    width: float = 1.0  # relative; scaled to the frame width
    align: str = "left"  # left | right | center
    fit: bool = False  # one line always: shrink the font rather than wrap (case numbers)


_ORDINALS = "一二三四五六七八九十"


def sub_headings() -> Callable[[], str]:
    """（一）, （二）, … in turn: a part a month leaves out leaves no gap in the numbers."""
    counter = itertools.count()
    return lambda: f"（{_ORDINALS[next(counter)]}）"


def _fitted(text: str, style: ParagraphStyle, width: float) -> ParagraphStyle:
    """``style`` or a smaller copy so ``text`` fits ``width`` on one line.

    A case number broken over two lines is easy to misread (and to mistype when
    a supervisor looks it up), so such columns shrink instead of wrapping.
    """
    need = stringWidth(text, style.fontName, style.fontSize)
    if need <= width:
        return style
    size = max(5.0, style.fontSize * width / need)
    return ParagraphStyle(f"{style.name}_fit", parent=style, fontSize=size, leading=style.leading)


def _para(text: Any, style: ParagraphStyle) -> Paragraph:
    """Escape markup in data (a reason may contain "<"); a newline is a line break."""
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def data_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Any]],
    styles: dict[str, ParagraphStyle],
    *,
    width: float = FRAME_WIDTH,
    grade_col: int | None = None,
    highlight_rows: Sequence[int] = (),
    bold_last_row: bool = False,
) -> LongTable:
    """A table whose header repeats on every page it runs over.

    ``rows`` hold already formatted strings (formatting lives with the caller that
    knows whether a figure is a count, a rate or a score).  ``grade_col`` colours
    that column by grade letter; ``highlight_rows`` (0-based data rows) get a red
    tint — used for the three lowest departments.
    """
    total = sum(c.width for c in columns)
    widths = [width * c.width / total for c in columns]
    cell_style = {
        "left": styles["cell"],
        "right": styles["cell_right"],
        "center": styles["cell_center"],
    }
    data: list[list[Any]] = [[_para(c.header, styles["head"]) for c in columns]]
    pad = 6  # LEFTPADDING + RIGHTPADDING below
    body = cell_style["left"]
    for row in rows:
        cells: list[Any] = []
        for c, w, v in zip(columns, widths, row, strict=True):
            text = str(v)
            style = cell_style[c.align]
            if c.fit:
                style = _fitted(text, style, w - pad - 0.5)
            if (
                style.fontSize == body.fontSize
                and "\n" not in text
                and stringWidth(text, FONT_NAME, body.fontSize) <= w - pad - 0.5
            ):
                # A plain string is ~10x cheaper than a Paragraph: a 3,000-line overdue
                # list stays a few seconds. Only text that must wrap pays for a Paragraph.
                cells.append(text)
            else:
                cells.append(_para(text, style))
        data.append(cells)
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),  # cells set a font even for Paragraphs
        ("FONTSIZE", (0, 1), (-1, -1), body.fontSize),
        ("LEADING", (0, 1), (-1, -1), body.leading),
        ("TEXTCOLOR", (0, 1), (-1, -1), body.textColor),
        *[("ALIGN", (i, 1), (i, -1), c.align.upper()) for i, c in enumerate(columns)],
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, GRID_LINE),
        ("BOX", (0, 0), (-1, -1), 0.5, GRID_LINE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for i in range(1, len(data)):
        if i % 2 == 0:
            commands.append(("BACKGROUND", (0, i), (-1, i), ZEBRA))
    for r in highlight_rows:
        commands.append(("BACKGROUND", (0, r + 1), (-1, r + 1), colors.HexColor("#fde2e1")))
    if bold_last_row and len(data) > 1:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, ACCENT))
        commands.append(("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#dde5ef")))
    if grade_col is not None:
        for i, row in enumerate(rows, start=1):
            grade = str(row[grade_col]).strip()[:1].upper()
            if grade in GRADE_COLOURS:
                bg, fg = GRADE_COLOURS[grade]
                commands.append(("BACKGROUND", (grade_col, i), (grade_col, i), bg))
                commands.append(("TEXTCOLOR", (grade_col, i), (grade_col, i), fg))
                data[i][grade_col] = str(row[grade_col])
    table = LongTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def key_value_table(
    pairs: Sequence[tuple[str, str]], styles: dict[str, ParagraphStyle], width: float
) -> LongTable:
    """Two-column label/value block (cover metadata, weights) without a header row."""
    data = [[_para(k, styles["cell"]), _para(v, styles["cell"])] for k, v in pairs]
    table = LongTable(data, colWidths=[width * 0.35, width * 0.65], hAlign="CENTER")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, GRID_LINE),
                ("TEXTCOLOR", (0, 0), (0, -1), colors.grey),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table
