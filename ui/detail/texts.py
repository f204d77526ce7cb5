"""Display texts the detail area needs beyond ``ui.labels``: actions, units, durations.

Action and unit names come from the domain's own Chinese labels when the app runs
in Chinese (so the buttons say exactly what the rule book says) and from the
English table otherwise; everything else goes through Qt's translation.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, QLocale

from gridapp.domain.actions import Action
from gridapp.domain.case import Urgency
from gridapp.domain.units import TimeUnit
from gridapp.domain.worktime import OverdueLevel

ACTION_EN: dict[Action, str] = {
    Action.REPORT: "Report",
    Action.ACCEPT: "Accept",
    Action.REQUEST_VERIFY: "Request verification",
    Action.VERIFY_REPORT: "Verify report",
    Action.FILE: "File",
    Action.REJECT: "Do not file",
    Action.VOID: "Void",
    Action.MERGE: "Merge",
    Action.DISPATCH: "Dispatch",
    Action.REASSIGN: "Reassign",
    Action.RETURN: "Return",
    Action.HANDLE: "Report handling",
    Action.REQUEST_EXTENSION: "Request extension",
    Action.APPROVE_EXTENSION: "Approve extension",
    Action.DENY_EXTENSION: "Deny extension",
    Action.REQUEST_SUSPENSION: "Request suspension",
    Action.APPROVE_SUSPENSION: "Approve suspension",
    Action.DENY_SUSPENSION: "Deny suspension",
    Action.RESUME: "Resume",
    Action.URGE: "Urge",
    Action.SUPERVISE: "Supervise",
    Action.SUPERVISE_REPLY: "Reply to supervision",
    Action.CHECK: "Check",
    Action.CLOSE: "Close",
    Action.ESCALATE: "Escalate to district",
    Action.HAND_DOWN: "Hand down to town",
    Action.CALLBACK: "Call back",
    Action.REOPEN: "Reopen",
    Action.FLAG_DUPLICATE: "Possible duplicate",
    Action.ACKNOWLEDGE: "Acknowledge receipt",
    Action.CO_FEEDBACK: "Co-handling feedback",
}

UNIT_EN: dict[TimeUnit, str] = {
    TimeUnit.WORK_HOUR: "working hours",
    TimeUnit.WORK_DAY: "working days",
    TimeUnit.URGENT_HOUR: "urgent hours",
    TimeUnit.URGENT_DAY: "urgent days",
}


def chinese() -> bool:
    """Whether the UI runs in Chinese (ui.app sets the default locale with the .qm)."""
    return QLocale().language() == QLocale.Language.Chinese


def action_label(action: Action) -> str:
    return action.label_zh if chinese() else ACTION_EN[action]


def unit_label(unit: TimeUnit | str) -> str:
    unit = TimeUnit(unit)
    return unit.label_zh if chinese() else UNIT_EN[unit]


# Every text below is a literal translate() call: lupdate only finds literals, and a
# wrapper such as _tr(text) left these out of the .ts (they showed in English).


def urgency_label(urgency: Urgency) -> str:
    if urgency is Urgency.URGENT:
        return QCoreApplication.translate("detail", "Urgent")
    return QCoreApplication.translate("detail", "Normal")


def level_label(level: OverdueLevel) -> str:
    return {
        OverdueLevel.NONE: QCoreApplication.translate("detail", "On time"),
        OverdueLevel.YELLOW: QCoreApplication.translate("detail", "Yellow: 80% of the limit used"),
        OverdueLevel.RED: QCoreApplication.translate("detail", "Red: overdue"),
    }[level]


LEVEL_STYLE: dict[OverdueLevel, str] = {
    OverdueLevel.NONE: "",
    OverdueLevel.YELLOW: "background:#f5c518;color:#222;padding:2px 6px;border-radius:3px;",
    OverdueLevel.RED: "background:#d9363e;color:white;padding:2px 6px;border-radius:3px;",
}


def when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"


def duration(value: timedelta) -> str:
    """A span of (working) time: days and hours from a day up, else hours and minutes."""
    minutes = int(abs(value).total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    days, day_hours = divmod(hours, 24)
    if days:
        if day_hours:
            return QCoreApplication.translate("detail", "{d} d {h} h").format(d=days, h=day_hours)
        return QCoreApplication.translate("detail", "{d} d").format(d=days)
    if hours and minutes:
        return QCoreApplication.translate("detail", "{h} h {m} min").format(h=hours, m=minutes)
    if hours:
        return QCoreApplication.translate("detail", "{h} h").format(h=hours)
    return QCoreApplication.translate("detail", "{m} min").format(m=minutes)


def counting_label(unit: TimeUnit | str) -> str:
    """How the time left is counted: working time, or clock time for urgent limits."""
    if TimeUnit(unit) in (TimeUnit.URGENT_HOUR, TimeUnit.URGENT_DAY):
        return QCoreApplication.translate("detail", "clock time")
    return QCoreApplication.translate("detail", "working time")


def remaining_text(remaining: timedelta, overdue: bool, unit: TimeUnit | str) -> str:
    """ "3 h 20 min left (working time)" or "Overdue by 1 d 4 h"."""
    if overdue or remaining < timedelta(0):
        return QCoreApplication.translate("detail", "Overdue by {time}").format(
            time=duration(remaining)
        )
    return QCoreApplication.translate("detail", "{time} left ({unit})").format(
        time=duration(remaining), unit=counting_label(unit)
    )
