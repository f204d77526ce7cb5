"""Which dialog each action opens: the one table the detail view reads.

Every action a user can be offered (everything in the rule book but 上报, which
has its own report dialog) has an entry; a test checks the table is complete.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from gridapp import Workspace
from gridapp.domain.actions import Action
from gridapp.workspace import CaseDetail
from ui.detail.action_dialog import ActionDialog
from ui.detail.assign_dialog import AssignDialog
from ui.detail.callback_dialog import CallbackDialog
from ui.detail.check_dialog import CheckDialog
from ui.detail.dispatch_dialog import DispatchDialog
from ui.detail.file_dialog import FileDialog
from ui.detail.handle_dialog import HandleDialog
from ui.detail.merge_dialog import MergeDialog
from ui.detail.note_dialog import NoteDialog
from ui.detail.request_dialog import RequestDialog
from ui.detail.supervise_dialog import SuperviseDialog
from ui.detail.supervise_reply_dialog import SuperviseReplyDialog
from ui.tasks import TaskRunner

A = Action
FORMS: dict[Action, type[ActionDialog]] = {
    A.ACCEPT: NoteDialog,
    A.REQUEST_VERIFY: AssignDialog,
    A.VERIFY_REPORT: CheckDialog,
    A.FILE: FileDialog,
    A.REJECT: NoteDialog,
    A.VOID: NoteDialog,
    A.MERGE: MergeDialog,
    A.DISPATCH: DispatchDialog,
    A.REASSIGN: DispatchDialog,
    A.RETURN: RequestDialog,
    A.HANDLE: HandleDialog,
    A.REQUEST_EXTENSION: RequestDialog,
    A.APPROVE_EXTENSION: RequestDialog,
    A.DENY_EXTENSION: NoteDialog,
    A.REQUEST_SUSPENSION: RequestDialog,
    A.APPROVE_SUSPENSION: RequestDialog,
    A.DENY_SUSPENSION: NoteDialog,
    A.RESUME: NoteDialog,
    A.URGE: NoteDialog,
    A.SUPERVISE: SuperviseDialog,
    A.SUPERVISE_REPLY: SuperviseReplyDialog,
    A.CHECK: CheckDialog,
    A.CLOSE: NoteDialog,
    A.ESCALATE: NoteDialog,
    A.HAND_DOWN: NoteDialog,
    A.CALLBACK: CallbackDialog,
    A.REOPEN: NoteDialog,
    A.ACKNOWLEDGE: NoteDialog,  # 签收
    A.CO_FEEDBACK: HandleDialog,  # 协办反馈: note and photos, as 处置反馈
}


def dialog_for(
    ws: Workspace,
    runner: TaskRunner,
    detail: CaseDetail,
    action: Action,
    parent: QWidget | None = None,
) -> ActionDialog:
    """The dialog for ``action`` on the shown case (not yet opened)."""
    return FORMS[action](ws, runner, detail, action, parent)
