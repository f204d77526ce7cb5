"""QtCharts charts of the statistics figures, each bar clickable (opens its cases).

Every chart is built from :class:`~gridapp.stats.model.Slice` rows or the daily counts:
one bar per row, the bar's click hands back the row's Figure with a name for the case
list's filter chip. ``dark`` switches to the wall display's theme and larger type.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter

from gridapp.reports.model import DailyCount, Figure
from gridapp.stats.model import Slice

# (figure name for the chip, the figure) when a bar is clicked
OnFigure = Callable[[str, Figure], None]

INTAKE_COLOR = QColor("#3b82f6")
CLOSED_COLOR = QColor("#16a34a")
BAR_COLOR = QColor("#2563eb")


def _chart(title: str, dark: bool) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setVisible(False)
    if dark:
        chart.setTheme(QChart.ChartTheme.ChartThemeDark)
        chart.setBackgroundBrush(QColor("#0b1a2e"))
        font = QFont(chart.titleFont())
        font.setPointSize(18)
        font.setBold(True)
        chart.setTitleFont(font)
        legend = QFont()
        legend.setPointSize(14)
        chart.legend().setFont(legend)
    return chart


def _axis_font(axis: object, dark: bool) -> None:
    if dark:
        font = QFont()
        font.setPointSize(13)
        axis.setLabelsFont(font)  # type: ignore[attr-defined]


def chart_view(chart: QChart, dark: bool = False) -> QChartView:
    view = QChartView(chart)
    if dark:
        view.setBackgroundBrush(QColor("#061325"))
        view.setStyleSheet("background:#061325;border:none;")
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(180)
    return view


def slice_chart(
    title: str,
    rows: Sequence[Slice],
    on_figure: OnFigure,
    *,
    horizontal: bool = True,
    top: int = 12,
    dark: bool = False,
) -> QChartView:
    """One bar per row (the first ``top``), largest first; a click opens its cases."""
    shown = list(rows[:top])
    if horizontal:
        shown.reverse()  # Qt draws horizontal bars bottom-up: largest at the top
    chart = _chart(title, dark)
    bars = QBarSet(title)
    bars.setColor(BAR_COLOR if not dark else QColor("#38bdf8"))
    if dark:
        big = QFont()
        big.setPointSize(14)
        bars.setLabelFont(big)
        bars.setLabelColor(QColor("#e2e8f0"))
    for row in shown:
        bars.append(row.figure.value)
    series = QHorizontalBarSeries() if horizontal else QBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
    chart.addSeries(series)
    names = QBarCategoryAxis()
    names.append([row.label for row in shown] or [""])
    values = QValueAxis()
    values.setLabelFormat("%d")
    values.setRange(0, max([row.figure.value for row in shown] + [1]) * 1.15)
    values.applyNiceNumbers()
    _axis_font(names, dark)
    _axis_font(values, dark)
    if horizontal and not dark and len(shown) > 8:
        # QtCharts elides a category's name ("…") once the rows are lower than its
        # type: a smaller type keeps ten names readable on a laptop.
        small = QFont(names.labelsFont())
        small.setPointSizeF(max(small.pointSizeF() - 2, 7))
        names.setLabelsFont(small)
    if horizontal:
        chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    else:
        chart.addAxis(names, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(names)
    series.attachAxis(values)
    bars.clicked.connect(
        lambda i: (
            on_figure(f"{title} · {shown[i].label}", shown[i].figure)
            if 0 <= i < len(shown)
            else None
        )
    )
    view = chart_view(chart, dark)
    view.setObjectName("chart_" + title)
    return view


def daily_chart(
    title: str,
    intake_name: str,
    closed_name: str,
    days: Sequence[DailyCount],
    on_figure: OnFigure,
    *,
    dark: bool = False,
) -> QChartView:
    """Intake (上报) against closed (结案) per day, two bars a day; a click opens the day's."""
    chart = _chart(title, dark)
    chart.legend().setVisible(True)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
    intake, closed = QBarSet(intake_name), QBarSet(closed_name)
    intake.setColor(INTAKE_COLOR)
    closed.setColor(CLOSED_COLOR)
    for d in days:
        intake.append(d.reported.value)
        closed.append(d.closed.value)
    series = QBarSeries()
    series.append(intake)
    series.append(closed)
    chart.addSeries(series)
    axis = QBarCategoryAxis()
    # Category names must be unique: the day of the month within a month, else MM-DD.
    short = len(days) <= 31
    axis.append([str(d.day.day) if short else f"{d.day:%m-%d}" for d in days] or [""])
    values = QValueAxis()
    values.setLabelFormat("%d")
    top = max([max(d.reported.value, d.closed.value) for d in days] + [1])
    values.setRange(0, top * 1.1)
    values.applyNiceNumbers()
    _axis_font(axis, dark)
    _axis_font(values, dark)
    chart.addAxis(axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis)
    series.attachAxis(values)
    intake.clicked.connect(
        lambda i: on_figure(f"{intake_name} {days[i].day:%m-%d}", days[i].reported)
    )
    closed.clicked.connect(
        lambda i: on_figure(f"{closed_name} {days[i].day:%m-%d}", days[i].closed)
    )
    view = chart_view(chart, dark)
    view.setObjectName("chart_daily")
    return view
