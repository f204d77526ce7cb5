"""Login: server address, username, password; the demo's users of every role to pick from.

The login itself goes over the network (or falls back to the local verifier), so it
runs on the runner's "net" lane; the dialog stays responsive and says what happened:
wrong password, locked account, or "logged in offline" when the service is away.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.domain.roles import Actor, Role
from ui.labels import role_label
from ui.screen_fit import fit_to_screen
from ui.tasks import TaskRunner

DEMO_PASSWORD = "demo1234"


class DemoUserLike(Protocol):
    """What the dialog reads of a demo user (``DemoService.users`` items)."""

    username: str
    display_name: str
    role: Role
    organisation: str


LoginFn = Callable[[str, str, str], "Actor | tuple[Actor, bool]"]


class LoginDialog(QDialog):
    """Log in through ``login_fn(server_url, username, password)`` on the "net" lane.

    ``login_fn`` may return the Actor, ``(Actor, online)``, or a Workspace whose
    ``ws.sync`` just logged in (its ``online`` flag and user are read). Whatever it
    returned is emitted by ``logged_in`` once the dialog is accepted.
    """

    logged_in = Signal(object)

    def __init__(
        self,
        parent: QWidget | None,
        *,
        server_url: str,
        login_fn: LoginFn,
        runner: TaskRunner,
        demo_users: Sequence[DemoUserLike] | None = None,
        demo_password: str = DEMO_PASSWORD,
        username: str = "",
    ) -> None:
        super().__init__(parent)
        self.login_fn = login_fn
        self.runner = runner
        self.demo_password = demo_password
        self.actor: Actor | None = None
        self.outcome: Any = None  # what login_fn returned
        self.online = False
        self._offline_ready = False
        self.setWindowTitle(self.tr("Log in — gridapp"))
        self.server_edit = QLineEdit(server_url)
        self.user_edit = QLineEdit(username)
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(self.tr("Server address:"), self.server_edit)
        form.addRow(self.tr("Username:"), self.user_edit)
        form.addRow(self.tr("Password:"), self.password_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.login_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.login_button.setText(self.tr("Log in"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.demo_list: QTreeWidget | None = None
        if demo_users:
            layout.addWidget(
                QLabel(self.tr("Demo users (password {password}):").format(password=demo_password))
            )
            self.demo_list = self._demo_tree(demo_users)
            layout.addWidget(self.demo_list, 1)
            fit_to_screen(self, 560, 560)
        else:
            self.resize(420, 200)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        for edit in (self.server_edit, self.user_edit, self.password_edit):
            edit.textEdited.connect(self._inputs_changed)
        (self.password_edit if username else self.user_edit).setFocus()

    # -- demo users -----------------------------------------------------------------------

    def _demo_tree(self, users: Sequence[DemoUserLike]) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setColumnCount(3)
        tree.setHeaderLabels([self.tr("Name"), self.tr("Username"), self.tr("Works at")])
        groups: dict[Role, QTreeWidgetItem] = {}
        for role in Role:
            members = [u for u in users if u.role is role]
            if not members:
                continue
            group = QTreeWidgetItem([f"{role_label(role)} ({len(members)})"])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            tree.addTopLevelItem(group)
            groups[role] = group
            for u in members:
                item = QTreeWidgetItem([u.display_name, u.username, u.organisation])
                item.setData(0, Qt.ItemDataRole.UserRole, u.username)
                group.addChild(item)
        for group in groups.values():  # big groups (grid officers) folded, so every role shows
            group.setExpanded(group.childCount() <= 12)
        tree.setColumnWidth(0, 150)
        tree.setColumnWidth(1, 110)
        tree.itemClicked.connect(self._demo_clicked)
        tree.itemDoubleClicked.connect(self._demo_double_clicked)
        return tree

    def _demo_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> bool:
        username = item.data(0, Qt.ItemDataRole.UserRole)
        if not username:
            return False
        self.user_edit.setText(username)
        self.password_edit.setText(self.demo_password)
        self._inputs_changed()
        return True

    def _demo_double_clicked(self, item: QTreeWidgetItem, column: int = 0) -> None:
        if self._demo_clicked(item, column):
            self._submit()

    # -- logging in -----------------------------------------------------------------------

    def _inputs_changed(self, *_args: Any) -> None:
        if self._offline_ready:
            self._offline_ready = False
            self.actor = None
            self.login_button.setText(self.tr("Log in"))
        self.message.clear()

    def _busy(self, busy: bool) -> None:
        for w in (self.server_edit, self.user_edit, self.password_edit, self.login_button):
            w.setEnabled(not busy)
        if self.demo_list is not None:
            self.demo_list.setEnabled(not busy)

    def _submit(self) -> None:
        if self._offline_ready:  # the user read the offline notice and goes on
            self._finish()
            return
        url = self.server_edit.text().strip()
        username = self.user_edit.text().strip()
        password = self.password_edit.text()
        if not url or not username or not password:
            self._say(self.tr("Enter the server address, your username and your password."))
            return
        self._busy(True)
        self._say(self.tr("Logging in…"))
        self.runner.submit(
            lambda: self.login_fn(url, username, password), self._done, self._failed, lane="net"
        )

    def _done(self, result: Any) -> None:
        self.outcome = result
        self.actor, self.online = _actor_and_online(result)
        actor = self.actor
        self._busy(False)
        if self.online:
            self._finish()
            return
        name = actor.display_name or actor.username
        self._say(
            self.tr(
                "The sync service is unreachable — logged in offline as {name}. "
                "Your work is saved on this computer and sent when the service answers."
            ).format(name=name),
            warn=True,
        )
        self._offline_ready = True
        self.login_button.setText(self.tr("Continue offline"))
        self.login_button.setFocus()

    def _finish(self) -> None:
        self.accept()
        self.logged_in.emit(self.outcome)

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        self._say(self.error_text(exc), error=True)
        self.password_edit.clear()
        self.password_edit.setFocus()

    def error_text(self, exc: BaseException) -> str:
        code = getattr(exc, "code", None)
        texts = {
            "bad_credentials": self.tr("Wrong username or password."),
            "locked_out": self.tr(
                "Too many failed attempts from this computer. "
                "Wait a little and try again; the wait grows with each failure."
            ),
            "account_disabled": self.tr("This account is disabled. Ask an administrator."),
            "offline_first_login": self.tr(
                "The sync service is unreachable and this user has not logged in on this "
                "computer before: the first login needs the network."
            ),
        }
        if code in texts:
            return texts[code]
        message = getattr(exc, "message", None)
        return message or self.tr("Login failed: {error}").format(error=type(exc).__name__)

    def _say(self, text: str, *, error: bool = False, warn: bool = False) -> None:
        colour = "#b00020" if error else "#8a5a00" if warn else "palette(text)"
        self.message.setStyleSheet(f"color: {colour};")
        self.message.setText(text)


def _actor_and_online(result: Any) -> tuple[Actor | None, bool]:
    """Read the user and the online flag from what ``login_fn`` returned."""
    if isinstance(result, tuple):
        return result[0], bool(result[1])
    session = getattr(result, "sync", None)
    if session is not None:  # a Workspace
        return result.user, bool(session.online)
    return result, True
