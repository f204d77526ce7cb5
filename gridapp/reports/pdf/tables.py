"""Report tables: repeated header, zebra rows, right-aligned numbers, coloured grades.

Tables are reportlab ``LongTable`` with ``repeatRows=1`` so a case list running over
several pages repeats its header on each (a supervisor reading page 3 must still
know which column is "days late").  Cells are plain text broken into lines by the
font's widths (long department / category names wrap instead of overflowing the
column) in rows of known height: no Paragraph per cell.
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


class _Widths:
    """Advance widths of characters in the report font at size 1, measured once each."""

    def __init__(self) -> None:
        self._known: dict[str, float] = {}

    def char(self, c: str) -> float:
        w = self._known.get(c)
        if w is None:
            w = self._known[c] = stringWidth(c, FONT_NAME, 1)
        return w

    def text(self, text: str, size: float) -> float:
        return sum(map(self.char, text)) * size


_WIDTHS = _Widths()


def wrap_lines(text: str, width: float, size: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (at ``size``), by character.

    Chinese text breaks between any two characters (what ``wordWrap="CJK"`` did in the
    Paragraphs); a newline in the text always breaks. Measured with the font's own
    widths, so a line drawn as plain text never runs past its column.
    """
    lines: list[str] = []
    limit = width / size
    for part in text.split("\n"):
        start, used = 0, 0.0
        for i, c in enumerate(part):
            w = _WIDTHS.char(c)
            if used + w > limit and i > start:
                lines.append(part[start:i])
                start, used = i, 0.0
            used += w
        lines.append(part[start:])
    return lines


def _fit_size(text: str, width: float, size: float) -> float:
    """The font size at which ``text`` fits ``width`` on one line (never below 5 pt).

    A case number broken over two lines is easy to misread (and to mistype when a
    supervisor looks it up), so such columns shrink instead of wrapping.
    """
    need = _WIDTHS.text(text, size)
    return size if need <= width else max(5.0, size * width / need)


def _para(text: Any, style: ParagraphStyle) -> Paragraph:
    """Escape markup in data (a reason may contain "<"); a newline is a line break."""
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


PAD_X, PAD_Y = 3.0, 2.5  # cell padding (points) left/right and top/bottom


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

    Every cell is plain text broken into lines here (:func:`wrap_lines`) and every
    row's height is given: reportlab then neither builds a Paragraph per cell nor
    measures each row again on every page it splits (a month's 300-line case lists and
    3,000 exclusions were most of the PDF's time).
    """
    total = sum(c.width for c in columns)
    widths = [width * c.width / total for c in columns]
    body = styles["cell"]
    size, leading = body.fontSize, body.leading
    inner = [w - 2 * PAD_X - 0.5 for w in widths]
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), FONT_NAME),
        ("FONTSIZE", (0, 0), (-1, -1), size),
        ("LEADING", (0, 0), (-1, -1), leading),
        ("TEXTCOLOR", (0, 1), (-1, -1), body.textColor),
        ("TEXTCOLOR", (0, 0), (-1, 0), styles["head"].textColor),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        *[("ALIGN", (i, 1), (i, -1), c.align.upper()) for i, c in enumerate(columns)],
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, GRID_LINE),
        ("BOX", (0, 0), (-1, -1), 0.5, GRID_LINE),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_Y),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_Y),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD_X),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X),
    ]
    data: list[list[str]] = []
    heights: list[float] = []
    for r, row in enumerate([[c.header for c in columns], *rows]):
        cells: list[str] = []
        lines = 1
        for i, (c, w, v) in enumerate(zip(columns, inner, row, strict=True)):
            text = str(v)
            if c.fit and r and "\n" not in text:
                fit = _fit_size(text, w, size)
                if fit < size:
                    commands.append(("FONTSIZE", (i, r), (i, r), fit))
                cells.append(text)
                continue
            broken = wrap_lines(text, w, size)
            lines = max(lines, len(broken))
            cells.append("\n".join(broken))
        data.append(cells)
        heights.append(lines * leading + 2 * PAD_Y)
    for i in range(2, len(data), 2):
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
    table = LongTable(data, colWidths=widths, rowHeights=heights, repeatRows=1, hAlign="LEFT")
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
