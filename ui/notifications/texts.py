"""How a notification reads on screen (kind names and one line per notification).

Each text is a literal ``QCoreApplication.translate`` call so lupdate finds it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from gridapp.notifications import Kind, Notification
from gridapp.queues import Queue


def kind_label(kind: Kind) -> str:
    """The kind's name, as the mute checkboxes and the list's second column show it."""
    return {
        Kind.TASK: QCoreApplication.translate("notifications", "New task"),
        Kind.URGE: QCoreApplication.translate("notifications", "Urged (催办)"),
        Kind.SUPERVISE: QCoreApplication.translate("notifications", "Supervised (督办)"),
        Kind.YELLOW: QCoreApplication.translate("notifications", "Yellow: 80% of the limit used"),
        Kind.RED: QCoreApplication.translate("notifications", "Red: overdue"),
        Kind.REFUSED: QCoreApplication.translate("notifications", "Refused by the service"),
        Kind.REPLY_SOON: QCoreApplication.translate("notifications", "Supervision reply due soon"),
        Kind.REPLY_LATE: QCoreApplication.translate("notifications", "Supervision reply overdue"),
    }[kind]


def line_text(n: Notification, queues: dict[str, Queue]) -> str:
    """One line: what happened to which case (user text, shown as plain text)."""
    from ui.cases.labels import queue_label

    number = n.case_number or QCoreApplication.translate("notifications", "(no number yet)")
    if n.kind is Kind.TASK:
        queue = queues.get(n.queue)
        where = queue_label(queue) if queue is not None else n.queue
        return QCoreApplication.translate("notifications", "Case {0} is waiting in {1}").format(
            number, where
        )
    if n.kind is Kind.URGE:
        text = QCoreApplication.translate("notifications", "Case {0} was urged").format(number)
    elif n.kind is Kind.SUPERVISE:
        text = QCoreApplication.translate("notifications", "Case {0} is under supervision").format(
            number
        )
    elif n.kind is Kind.YELLOW:
        text = QCoreApplication.translate(
            "notifications", "Case {0} has used 80% of its limit"
        ).format(number)
    elif n.kind is Kind.RED:
        text = QCoreApplication.translate("notifications", "Case {0} is overdue").format(number)
    elif n.kind in (Kind.REPLY_SOON, Kind.REPLY_LATE):
        due = str(n.extra.get("reply_due", "")).replace("T", " ")[:16]
        if n.kind is Kind.REPLY_SOON:
            text = QCoreApplication.translate(
                "notifications", "Case {0}: the supervision reply is due by {1}"
            ).format(number, due)
        else:
            text = QCoreApplication.translate(
                "notifications", "Case {0}: the supervision reply was due by {1} and is late"
            ).format(number, due)
    else:
        text = QCoreApplication.translate(
            "notifications", "Your action on case {0} was refused"
        ).format(number)
    if not n.note:
        return text
    return QCoreApplication.translate("notifications", "{0}: {1}").format(text, n.note)


def popup_text(new: list[Notification], queues: dict[str, Queue]) -> tuple[str, str]:
    """Title and message of the desktop notification for a batch of new ones (newest
    first, three lines at most)."""
    if len(new) == 1:
        return kind_label(new[0].kind), line_text(new[0], queues)
    title = QCoreApplication.translate("notifications", "{0} new notifications").format(len(new))
    newest = sorted(new, key=lambda n: n.at, reverse=True)
    lines = [line_text(n, queues) for n in newest[:3]]
    if len(new) > 3:
        lines.append("…")
    return title, "\n".join(lines)
