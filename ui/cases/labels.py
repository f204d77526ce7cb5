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
        "inbox": QCoreApplication.translate("queues", "New reports"),
        "awaiting_verify": QCoreApplication.translate("queues", "Awaiting verification"),
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
        "supervised": QCoreApplication.translate("queues", "Supervised cases"),
        "all": QCoreApplication.translate("queues", "All cases"),
    }
    return labels.get(queue.id) or _t(queue.label)
