"""The case list's columns: what each shows, how it sorts, and each role's default set.

A dispatcher scans the list for what is running late, when it is due and who has
it; an intake clerk for what came in and from where. So every role opens with its
own columns (all of them with 剩余时间, 处置时限, 处置部门 and 上报时间), sized to
their content; as many as the list's width holds show (:func:`fitting_columns`: on
a 1366×768 laptop the place and then the state give way, never the deadline
columns). The user can show, hide, move and resize them, and the list keeps that
per user (``ui.cases.column_layout``).

The model's columns (logical indexes) are always all of :data:`CASE_COLUMNS` in
this order; what a user sees is the header's visual order and hidden sections.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QFontMetrics

from gridapp.domain.case import Source
from gridapp.domain.roles import Role
from gridapp.domain.stages import Stage
from ui.labels import source_label, stage_label

CONTEXT = "CaseTableModel"


@dataclass(frozen=True)
class CaseColumn:
    key: str  # stable name, saved in the user's layout
    sort: str  # the SQL sort key (gridapp.store.case_queries.SORTABLE)
    title: str  # English source, translated in CONTEXT
    tip: str  # header tooltip, English source


CASE_COLUMNS: tuple[CaseColumn, ...] = (
    CaseColumn(
        "number",
        "number",
        QT_TRANSLATE_NOOP("CaseTableModel", "Case number"),
        QT_TRANSLATE_NOOP("CaseTableModel", "Case number (provisional numbers in italics)"),
    ),
    CaseColumn("state", "state", QT_TRANSLATE_NOOP("CaseTableModel", "State"), ""),
    CaseColumn(
        "category_code", "category_code", QT_TRANSLATE_NOOP("CaseTableModel", "Category"), ""
    ),
    CaseColumn(
        "street_code", "street_code", QT_TRANSLATE_NOOP("CaseTableModel", "Street / community"), ""
    ),
    CaseColumn("address", "address", QT_TRANSLATE_NOOP("CaseTableModel", "Address"), ""),
    CaseColumn("source", "source", QT_TRANSLATE_NOOP("CaseTableModel", "Source"), ""),
    CaseColumn(
        "department_code", "department_code", QT_TRANSLATE_NOOP("CaseTableModel", "Department"), ""
    ),
    CaseColumn(
        "reported_at", "reported_at", QT_TRANSLATE_NOOP("CaseTableModel", "Reported at"), ""
    ),
    CaseColumn(
        "deadline",
        "deadline",
        QT_TRANSLATE_NOOP("CaseTableModel", "Deadline"),
        QT_TRANSLATE_NOOP("CaseTableModel", "When the handling department's time limit ends"),
    ),
    CaseColumn(
        "remaining",
        "deadline",  # the time left orders as the deadline does
        QT_TRANSLATE_NOOP("CaseTableModel", "Time left"),
        QT_TRANSLATE_NOOP(
            "CaseTableModel",
            "Working time left while a department handles the case; after the deadline, "
            "how long it is overdue",
        ),
    ),
    CaseColumn("updated_at", "updated_at", QT_TRANSLATE_NOOP("CaseTableModel", "Last change"), ""),
)
COLUMNS: tuple[str, ...] = tuple(c.key for c in CASE_COLUMNS)  # logical order
BY_KEY = {c.key: c for c in CASE_COLUMNS}
# What every role scans for: always among its default columns.
SCANNED = ("remaining", "deadline", "department_code", "reported_at")

# The narrowest list designed for: a 1366 px window less the queue panel, a case detail
# wide enough for its facts and the splitter handles leaves about 670 px; less the
# list's margins, frame and scroll bar, 645. The number and the scanned columns always
# fit in less; the others show as far as the width allows.
NARROWEST_LIST = 560
_LATE_FIRST = (
    "number",
    "state",
    "remaining",
    "deadline",
    "department_code",
    "category_code",
    "reported_at",
    "address",
)
# Left to right by what each role looks at first: dispatchers, shift leads, departments
# and supervisors at what is running late; intake and officers at what came in.
ROLE_COLUMNS: dict[Role, tuple[str, ...]] = {
    Role.DISPATCHER: _LATE_FIRST,
    Role.SHIFT_LEAD: _LATE_FIRST,
    Role.DEPARTMENT: _LATE_FIRST,
    Role.SUPERVISOR: (*_LATE_FIRST[:-1], "street_code"),
    Role.ADMIN: (*_LATE_FIRST[:-1], "street_code"),
    Role.INTAKE: (
        "number",
        "state",
        "source",
        "category_code",
        "reported_at",
        "remaining",
        "deadline",
        "department_code",
        "address",
    ),
    Role.GRID_OFFICER: (
        "number",
        "state",
        "category_code",
        "reported_at",
        "department_code",
        "deadline",
        "remaining",
        "address",
    ),
}
# When the list is narrow, these give way first (the queue mostly says the state; the
# detail and the map say the place).
GIVE_WAY = ("address", "street_code", "source", "state", "category_code")


def fitting_columns(role: Role, width: int, width_of: Callable[[str], int]) -> list[str]:
    """The role's default columns that fit ``width`` px, dropping GIVE_WAY ones first;
    the number and the scanned columns always stay."""
    keys = list(default_columns(role))
    for key in GIVE_WAY:
        if sum(width_of(k) for k in keys) <= width:
            break
        if key in keys:
            keys.remove(key)
    return keys


def title(column: CaseColumn) -> str:
    return QCoreApplication.translate(CONTEXT, column.title)


def tip(column: CaseColumn) -> str:
    return QCoreApplication.translate(CONTEXT, column.tip) if column.tip else ""


def default_columns(role: Role) -> tuple[str, ...]:
    return ROLE_COLUMNS.get(role, ROLE_COLUMNS[Role.SUPERVISOR])


# -- texts ---------------------------------------------------------------------------------


def when_text(value: datetime | None, now: datetime) -> str:
    """``11-16 09:00`` within this year (what a list needs), with the year otherwise."""
    if value is None:
        return ""
    return f"{value:%m-%d %H:%M}" if value.year == now.year else f"{value:%Y-%m-%d %H:%M}"


def _coarse(value: timedelta) -> str:
    """A span as coarse as a list needs: days and hours, days alone from ten days on,
    hours alone within the first day (the detail gives it to the minute)."""
    minutes = int(abs(value).total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days >= 10 or (days and not hours):
        return QCoreApplication.translate("CaseTableModel", "{d} d").format(d=days)
    if days:
        text = QCoreApplication.translate("CaseTableModel", "{d} d {h} h")
        return text.format(d=days, h=hours)
    return _hours(hours, 0 if hours else minutes)


def _hours(hours: int, minutes: int) -> str:
    if hours and minutes:
        text = QCoreApplication.translate("CaseTableModel", "{h} h {m} min")
        return text.format(h=hours, m=minutes)
    if hours:
        return QCoreApplication.translate("CaseTableModel", "{h} h").format(h=hours)
    return QCoreApplication.translate("CaseTableModel", "{m} min").format(m=minutes)


def remaining_text(
    left: timedelta | None, overdue_by: timedelta | None, *, on_clock: bool = False
) -> str:
    """``23 h 27 min left`` or ``overdue 3 d 4 h`` (clock time since the deadline).

    Working time is told in hours (a working day is not 24 of them); an urgent limit
    runs on the clock, so a day or more of it is told in days and hours."""
    if overdue_by is not None:
        text = QCoreApplication.translate("CaseTableModel", "overdue {time}")
        return text.format(time=_coarse(overdue_by))
    if left is None:
        return ""
    minutes = int(left.total_seconds() // 60)
    text = QCoreApplication.translate("CaseTableModel", "{time} left")
    if on_clock and minutes >= 24 * 60:
        return text.format(time=_coarse(left))
    return text.format(time=_hours(*divmod(minutes, 60)))


# -- widths --------------------------------------------------------------------------------

PADDING = 10  # the cell's margins (3 px a side) and a little air


def _samples(key: str) -> list[str]:
    """The widest text a column commonly shows, in the language the UI runs in."""
    now = datetime(2026, 11, 16, 9, 0)
    match key:
        case "number":
            return ["370306-20261116-0012", "临-20261116-1A2B3C ⟳"]
        case "state":  # the common ones: 不予立案/作废 may elide (the detail says it all)
            return [stage_label(s) for s in Stage]
        case "category_code":
            return ["道路破损坑洼"]
        case "street_code":
            return ["丝绸路街道 / 银山社区"]
        case "address":
            return ["周村区正阳路128号附近"]
        case "source":
            return [source_label(s) for s in Source]
        case "department_code":
            return ["区市政园林"]
        case "remaining":
            return [
                remaining_text(timedelta(hours=23, minutes=27), None),
                remaining_text(None, timedelta(days=9, hours=23)),
            ]
        case _:
            return [when_text(now, now)]


def default_width(key: str, metrics: QFontMetrics, header: QFontMetrics | None = None) -> int:
    """Pixels for the column's header and common content, at the font the table uses."""
    column = BY_KEY[key]
    texts = _samples(key)
    width = max(metrics.horizontalAdvance(t) for t in texts)
    head = (header or metrics).horizontalAdvance(title(column)) + 12  # + the sort arrow
    extra = 22 if key == "number" else 0  # the overdue mark before the number (16 + margins)
    return max(width + extra, head) + PADDING
