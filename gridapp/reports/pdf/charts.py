"""Vector charts drawn with ``reportlab.graphics``: daily trend and top categories.

Vector drawings (not images) keep the PDF small and sharp when printed, and use the
same embedded CJK font as the text, so axis labels read the same in every viewer.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from gridapp.reports.pdf.fonts import FONT_NAME, register_cjk_font

SERIES_COLOURS = (
    colors.HexColor("#1d4e89"),  # 上报
    colors.HexColor("#f28e2b"),  # 立案
    colors.HexColor("#2e7d32"),  # 结案
)


def _count_axis(axis: Any, top: float) -> None:
    """A count axis from 0 with round steps, light grid lines and the CJK font."""
    step = _nice_step(top)
    axis.valueMin = 0
    axis.valueMax = max(step, (int(top / step) + 1) * step)
    axis.valueStep = step
    axis.labels.fontName = FONT_NAME
    axis.labels.fontSize = 7
    axis.visibleGrid = True
    axis.gridStrokeColor = colors.HexColor("#e3e8ee")


def _nice_step(maximum: float, ticks: int = 5) -> float:
    """A round axis step (1, 2, 5 × 10ⁿ) so the value axis reads naturally."""
    if maximum <= 0:
        return 1
    raw = maximum / ticks
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    for m in (1, 2, 5, 10):
        if raw <= m * magnitude:
            return max(1, m * magnitude)
    return 10 * magnitude


def daily_trend_chart(
    days: Sequence[date],
    series: Sequence[tuple[str, Sequence[int]]],
    width: float,
    height: float = 190,
) -> Drawing:
    """Per-day lines (上报 / 立案 / 结案) over the period, x = day of the month.

    ``series`` is ``[(label, counts per day), …]`` aligned with ``days``.
    """
    register_cjk_font()
    drawing = Drawing(width, height, initialFontName=FONT_NAME)  # no stray Helvetica
    plot = LinePlot()
    plot.x, plot.y = 42, 42
    plot.width, plot.height = width - 60, height - 72
    n = len(days)
    plot.data = [[(i + 1, v) for i, v in enumerate(values)] for _, values in series] or [[(1, 0)]]
    _count_axis(plot.yValueAxis, max((max(v) for _, v in series if v), default=0))
    plot.yValueAxis.gridStrokeWidth = 0.4
    plot.xValueAxis.valueMin = 1
    plot.xValueAxis.valueMax = max(2, n)
    label_every = 1 if n <= 16 else (2 if n <= 31 else max(1, n // 15))
    plot.xValueAxis.valueSteps = list(range(1, max(2, n) + 1, label_every))
    plot.xValueAxis.labels.fontName = FONT_NAME
    plot.xValueAxis.labels.fontSize = 7
    plot.xValueAxis.labelTextFormat = lambda v: f"{days[int(v) - 1].day}" if 0 < int(v) <= n else ""
    for i in range(len(plot.data)):
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        plot.lines[i].strokeColor = colour
        plot.lines[i].strokeWidth = 1.3
        plot.lines[i].symbol = makeMarker("FilledCircle", size=2.2, fillColor=colour)
    drawing.add(plot)
    drawing.add(
        String(
            plot.x + plot.width / 2,
            14,
            "日期（日）",
            fontName=FONT_NAME,
            fontSize=8,
            textAnchor="middle",
        )
    )
    drawing.add(
        String(10, plot.y + plot.height + 8, "案件数（件）", fontName=FONT_NAME, fontSize=8)
    )
    legend = Legend()
    legend.fontName = FONT_NAME
    legend.fontSize = 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 60
    legend.dx = legend.dy = 7
    legend.x = plot.x + plot.width - 60 * len(series) + 10
    legend.y = height - 6
    legend.colorNamePairs = [
        (SERIES_COLOURS[i % len(SERIES_COLOURS)], label) for i, (label, _) in enumerate(series)
    ]
    drawing.add(legend)
    return drawing


def category_bar_chart(
    items: Sequence[tuple[str, int]], width: float, title: str = "立案数（件）"
) -> Drawing:
    """Horizontal bars for the top small categories, largest at the top.

    Horizontal so long Chinese category names fit as axis labels.
    """
    register_cjk_font()
    bar_h = 15
    height = max(60, bar_h * len(items) + 46)
    drawing = Drawing(width, height, initialFontName=FONT_NAME)  # no stray Helvetica
    chart = HorizontalBarChart()
    label_w = 130
    chart.x, chart.y = label_w, 24
    chart.width, chart.height = width - label_w - 30, height - 40
    values = [v for _, v in reversed(items)] or [0]
    chart.data = [values]
    chart.categoryAxis.categoryNames = [_clip(n, 12) for n, _ in reversed(items)] or [""]
    chart.categoryAxis.labels.fontName = FONT_NAME
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    _count_axis(chart.valueAxis, max(values))
    chart.bars[0].fillColor = SERIES_COLOURS[1]
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = FONT_NAME
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    drawing.add(
        String(
            chart.x + chart.width / 2, 4, title, fontName=FONT_NAME, fontSize=8, textAnchor="middle"
        )
    )
    return drawing


def _clip(text: str, n: int) -> str:
    """Keep axis labels to one line; the table next to the chart has the full name."""
    return text if len(text) <= n else text[: n - 1] + "…"
