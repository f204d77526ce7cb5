"""Translatable names of the work queues (gridapp.queues keeps English labels only).

Each label is a literal ``translate`` call so that lupdate finds it; a queue added
in the core without a line here still shows, with its English label.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from gridapp.queues import Queue


def _t(text: str) -> str:
    return QCoreApplication.translate("queues", text)


def queue_label(queue: Queue) -> str:
    labels = {
        "my_reports": QCoreApplication.translate("queues", "My reports"),
        "verify_tasks": QCoreApplication.translate("queues", "Verification tasks"),
        "check_tasks": QCoreApplication.translate("queues", "Cases to check"),
        "inbox": QCoreApplication.translate("queues", "To accept"),
        "to_verify": QCoreApplication.translate("queues", "To send for verification"),
        "awaiting_verify": QCoreApplication.translate("queues", "Being verified"),
        "not_confirmed": QCoreApplication.translate("queues", "Not confirmed on site"),
        "to_file": QCoreApplication.translate("queues", "To file"),
        "to_close": QCoreApplication.translate("queues", "To close"),
        "extension_requests": QCoreApplication.translate("queues", "Extension requests"),
        "suspension_requests": QCoreApplication.translate("queues", "Suspension requests"),
        "to_dispatch": QCoreApplication.translate("queues", "To dispatch"),
        "returned": QCoreApplication.translate("queues", "Returned (to reassign)"),
        "suspended": QCoreApplication.translate("queues", "Suspended"),
        "overdue": QCoreApplication.translate("queues", "Overdue board"),
        "my_tasks": QCoreApplication.translate("queues", "My tasks"),
        "rework": QCoreApplication.translate("queues", "Rework"),
        "my_requests": QCoreApplication.translate("queues", "My pending requests"),
        "supervise_replies": QCoreApplication.translate("queues", "Supervision to answer"),
        "to_acknowledge": QCoreApplication.translate("queues", "To acknowledge"),
        "co_handling": QCoreApplication.translate("queues", "Co-handling tasks"),
        "supervised": QCoreApplication.translate("queues", "Supervised cases"),
        "all": QCoreApplication.translate("queues", "All cases"),
        "to_call_back": QCoreApplication.translate("queues", "To call back"),
        "auto_dispatched": QCoreApplication.translate("queues", "Dispatched automatically"),
    }
    return labels.get(queue.id) or _t(queue.label)


def queue_hint(queue: Queue) -> str:
    """What the role does next with the cases of this queue (the item's tooltip)."""
    hints = {
        "inbox": QCoreApplication.translate(
            "queues", "Not accepted yet: accept, send for verification, merge or turn down"
        ),
        "to_verify": QCoreApplication.translate(
            "queues", "Accepted citizen reports: send a grid officer to verify on site"
        ),
        "awaiting_verify": QCoreApplication.translate(
            "queues", "A grid officer is verifying on site: wait for the answer"
        ),
        "not_confirmed": QCoreApplication.translate(
            "queues", "The officer found it untrue: turn down, or send for verification again"
        ),
        "to_file": QCoreApplication.translate(
            "queues", "Accepted (and verified where needed): file or turn down"
        ),
        "to_close": QCoreApplication.translate("queues", "The on-site check passed: close"),
        "to_dispatch": QCoreApplication.translate(
            "queues", "Filed: send to the handling department"
        ),
        "returned": QCoreApplication.translate(
            "queues", "Given back by a department: send to the right one"
        ),
        "verify_tasks": QCoreApplication.translate(
            "queues", "Verify these reports on site and answer"
        ),
        "check_tasks": QCoreApplication.translate(
            "queues", "Handled by the department: check on site (pass or rework)"
        ),
        "supervise_replies": QCoreApplication.translate(
            "queues", "Supervised by the centre: answer before the reply deadline"
        ),
        "to_call_back": QCoreApplication.translate(
            "queues", "Closed citizen cases: call the citizen back and record the satisfaction"
        ),
        "auto_dispatched": QCoreApplication.translate(
            "queues", "Sent by an automatic routing rule: look them over, reassign if wrong"
        ),
    }
    return hints.get(queue.id, "")
