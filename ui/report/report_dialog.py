"""Report a new case (上报): what, where, photos, text; saved durably at once.

The officer is often offline on the street, so the save goes to the local store
(``ws.report`` on the db lane) and on a client store the case then waits for sync;
the dialog says which. Nothing the user typed is ever lost to an error: a refusal
from the core (a point outside the grids, a bad phone number) or a failed write
keeps the dialog open with every field as it was, and says what to fix.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gridapp import Workspace
from gridapp.domain.actions import RULES, Action
from gridapp.domain.case import Source, Urgency
from gridapp.domain.catalog import Category
from gridapp.domain.roles import Role
from gridapp.errors import GridappError, StorageError
from ui.error_texts import code_text, error_text
from ui.errors import show_error
from ui.labels import source_label
from ui.plain import plain_label
from ui.report.category_picker import CategoryPicker
from ui.report.duplicates import DuplicateWarning
from ui.report.location_box import LocationBox
from ui.report.photo_list import PhotoList
from ui.screen_fit import fit_to_screen
from ui.tasks import TaskRunner

MapFactory = Callable[[QWidget], Any]  # -> ui.map.map_view.MapView
# Which field a core error is about, so the cursor goes where the fix is.
ERROR_FIELDS = {
    "point_outside_grids": "lon",
    "bad_point": "lon",
    "bad_phone": "reporter_phone",
    "unknown_category": "category",
    "unknown_subclass": "category",
}


def sources_for(role: Role) -> list[Source]:
    """Officers report what they saw on patrol; intake staff record calls and cameras.

    Mirrors the workflow's rule so the form never offers a source the core refuses.
    """
    if role not in RULES[Action.REPORT].roles:
        return []
    if role is Role.GRID_OFFICER:
        return [Source.PATROL]
    return [s for s in Source if s is not Source.PATROL]


class ReportDialog(QDialog):
    changed = Signal(object)  # Changes, once the case is saved
    open_case = Signal(str)  # a likely duplicate the user wants to look at
    saved = Signal(str)  # the new case id

    def __init__(
        self,
        ws: Workspace,
        runner: TaskRunner,
        parent: QWidget | None = None,
        map_factory: MapFactory | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws, self.runner, self.map_factory = ws, runner, map_factory
        self.map: Any = None
        self.case_id: str | None = None
        self._saving = False
        self.setWindowTitle(self.tr("Report a case"))
        fit_to_screen(self, 920, 700)

        self.picker = CategoryPicker(ws.catalog)
        self.picker.category_chosen.connect(self._recheck)
        self.location = LocationBox(ws, can_pick=map_factory is not None)
        self.location.point_changed.connect(self._recheck)
        self.location.pick_requested.connect(self.pick_on_map)
        self.photos = PhotoList(ws, runner)
        self.photos.use_location.connect(
            lambda lon, lat: self.location.set_point(lon, lat, self.tr("from the photo"))
        )
        self.photos.busy_changed.connect(lambda _busy: self._update_buttons())
        self.duplicates = DuplicateWarning(ws, runner)
        self.duplicates.open_case.connect(self.open_case)

        self.address = QLineEdit()
        self.address.setObjectName("address")
        self.address.setPlaceholderText(self.tr("Street, number, landmark"))
        self.description = QPlainTextEdit()
        self.description.setObjectName("description")
        self.description.setPlaceholderText(self.tr("What is wrong, how big, since when"))
        self.description.setTabChangesFocus(True)
        self.urgency = QComboBox()
        self.urgency.setObjectName("urgency")
        self.urgency.addItem(self.tr("Normal"), Urgency.NORMAL)
        self.urgency.addItem(self.tr("Urgent"), Urgency.URGENT)
        self.source = QComboBox()
        self.source.setObjectName("source")
        for source in sources_for(ws.user.role):
            self.source.addItem(source_label(source), source)
        self.source.setEnabled(self.source.count() > 1)
        self.source.currentIndexChanged.connect(self._source_changed)
        self.reporter_name = QLineEdit()
        self.reporter_name.setObjectName("reporter_name")
        self.reporter_phone = QLineEdit()
        self.reporter_phone.setObjectName("reporter_phone")
        self.reporter_phone.setPlaceholderText(self.tr("Citizen's phone, for the call back"))
        hint = self.reporter_phone.placeholderText()  # the hint is read whole, never clipped
        self.reporter_phone.setMinimumWidth(
            self.reporter_phone.fontMetrics().horizontalAdvance(hint) + 16
        )

        self.status = plain_label()  # messages may quote what was typed
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Report"))  # 上报: what the officer does
        self.save_button.setObjectName("save")
        self.save_button.clicked.connect(self.save)
        self.another_button = QPushButton(self.tr("Report another"))
        self.another_button.clicked.connect(self.start_another)
        self.another_button.hide()
        self.close_button = QPushButton(self.tr("Cancel"))
        self.close_button.clicked.connect(self._close_clicked)
        for button in (self.save_button, self.another_button, self.close_button):
            button.setAutoDefault(False)  # Enter belongs to the search box and the fields

        self._build_layout()
        self._source_changed()
        if not self.source.count():
            self._say(self.tr("Your role does not report cases."), error=True)
        self._update_buttons()
        self.picker.search.setFocus()

    def _build_layout(self) -> None:
        """Two columns (what | where, details, photos), the map as a third pane once asked for.

        Fits a 1366x768 laptop: nothing scrolls, the map pane opens beside the form.
        """
        what = QGroupBox(self.tr("Category"))
        QVBoxLayout(what).addWidget(self.picker)
        details = QGroupBox(self.tr("Details"))
        self.form = QFormLayout(details)
        self.form.addRow(self.tr("Address"), self.address)
        self.form.addRow(self.tr("Description"), self.description)
        # Pairs share a row, so an intake form with the citizen's fields still fits 768 px.
        self.form.addRow(
            self.tr("Urgency"), _pair(self.urgency, QLabel(self.tr("Source")), self.source)
        )
        self.citizen_row = _pair(
            self.reporter_name, QLabel(self.tr("Citizen's phone")), self.reporter_phone
        )
        self.form.addRow(self.tr("Citizen's name"), self.citizen_row)
        self.description.setMinimumHeight(48)  # two to three lines; it grows with the dialog
        where = QGroupBox(self.tr("Location"))
        QVBoxLayout(where).addWidget(self.location)
        pictures = QGroupBox(self.tr("Photos"))
        # One line, not word-wrapped: a wrapping label would make the dialog's height
        # follow its width (height-for-width) and grow past a 768-pixel screen.
        self.photo_hint = QLabel(self.tr("Wanted: a close-up and a wide shot with a landmark"))
        self.photo_hint.setObjectName("photo_hint")
        self.photo_hint.setStyleSheet("color: #555;")
        photo_column = QVBoxLayout(pictures)
        photo_column.addWidget(self.photo_hint)
        photo_column.addWidget(self.photos)

        # The category column holds the picker and what the chosen class means (细类,
        # conditions, limit), which can run to several lines: it gets the full height.
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(what, 1)
        column.addWidget(self.duplicates)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(where)
        column.addWidget(details)
        column.addWidget(pictures, 1)

        self.map_panel = QWidget()
        QVBoxLayout(self.map_panel).setContentsMargins(0, 0, 0, 0)
        self.map_hint = QLabel(self.tr("Click the map where the problem is."))
        self.map_panel.layout().addWidget(self.map_hint)
        self.map_panel.setMinimumWidth(420)
        self.map_panel.hide()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for pane in (left, right, self.map_panel):
            self.splitter.addWidget(pane)
            self.splitter.setCollapsible(self.splitter.indexOf(pane), False)
        self.splitter.setStretchFactor(2, 1)

        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.another_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(buttons)

    # -- the form -----------------------------------------------------------------------------

    def _source_changed(self, *_: object) -> None:
        """Citizen name/phone only make sense for calls and public reports."""
        source = self.source.currentData()
        citizen = source is not None and Source(source).needs_verification
        self.citizen_row.setVisible(citizen)
        label = self.form.labelForField(self.citizen_row)
        if label is not None:
            label.setVisible(citizen)
        # The details box's size is cached by the column around it: without this, the
        # first show keeps the height with the citizen rows and grows past 768 pixels.
        details = self.form.parentWidget()
        if details is not None:
            details.updateGeometry()

    def _recheck(self, *_: object) -> None:
        category = self.picker.category()
        self.duplicates.check(category.code if category else None, self.location.point())

    def pick_on_map(self) -> None:
        """Show the map (made on first use: a web page costs a second) and start picking."""
        if self.map_factory is None:
            return
        if self.map is None:
            self.map = self.map_factory(self.map_panel)
            self.map.point_picked.connect(self._map_picked)
            self.map_panel.layout().addWidget(self.map)
        if self.map_panel.isHidden():
            self.map_panel.show()
            fit_to_screen(self, max(self.width(), 1340), self.height())
        point = self.location.point()
        self.map.start_pick(*(point if point else (None, None)))

    def _map_picked(self, lon: float, lat: float) -> None:
        self.location.set_point(lon, lat, self.tr("picked on the map"))

    def fields(self) -> dict[str, Any]:
        """What ``ws.report`` gets (photos aside), read from the widgets."""
        category: Category | None = self.picker.category()
        point = self.location.point()
        source = self.source.currentData()
        citizen = source is not None and Source(source).needs_verification
        return {
            "source": Source(source).value if source else "",
            "category_code": category.code if category else "",
            "subclass": self.picker.subclass() if category else None,
            "lon": point[0] if point else None,
            "lat": point[1] if point else None,
            "address": self.address.text().strip(),
            "description": self.description.toPlainText().strip(),
            "urgency": Urgency(self.urgency.currentData()).value,
            "reporter_name": self.reporter_name.text().strip() or None if citizen else None,
            "reporter_phone": self.reporter_phone.text().strip() or None if citizen else None,
        }

    def _missing(self, fields: Mapping[str, Any]) -> tuple[str, QWidget] | None:
        """The first thing the user still has to give, checked before bothering the core."""
        if not fields["source"]:
            return self.tr("Your role does not report cases."), self.close_button
        if not fields["category_code"]:
            return self.tr("Choose a category."), self.picker.search
        if fields["lon"] is None:
            return self.tr("Give the point: pick it on the map or type it."), self.location.lon_edit
        if not fields["description"]:
            return self.tr("Describe the problem."), self.description
        return None

    # -- saving -------------------------------------------------------------------------------

    def save(self) -> None:
        if self._saving or self.case_id is not None:
            return
        fields = self.fields()
        if (missing := self._missing(fields)) is not None:
            text, widget = missing
            self._say(text, error=True)
            widget.setFocus()
            return
        if self.photos.is_busy():
            self._say(self.tr("Wait until the photos are checked."), error=True)
            return
        photos = [p.data for p in self.photos.photos()]
        ws = self.ws

        def work() -> tuple[Any, str]:
            changes = ws.report(photos=photos, **fields)
            (case_id,) = changes.case_ids
            try:
                number = ws.record(case_id).number
            except GridappError:
                number = ""  # saved, but outside the user's own scope: never say "not saved"
            return changes, number

        self._saving = True
        self._update_buttons()
        self._say(self.tr("Saving…"))
        self.runner.submit(work, self._saved, self._failed, lane="db")

    def _saved(self, result: tuple[Any, str]) -> None:
        changes, number = result
        (self.case_id,) = changes.case_ids
        self._saving = False
        pending = getattr(changes, "pending", None)
        if pending is None:
            pending = not self.ws.authority  # a client store: the service has not seen it yet
        if pending:
            text = self.tr("Saved as {0}, waiting to sync.").format(number or "—")
        else:
            text = self.tr("Saved as {0}.").format(number or "—")
        if shiboken6.isValid(self):
            self._say(text)
            self._set_form_enabled(False)
            self._update_buttons()
        self.changed.emit(changes)
        self.saved.emit(self.case_id)

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        if not shiboken6.isValid(self):
            return
        self._update_buttons()
        if isinstance(exc, GridappError):
            self._say(self.tr("Not saved: {0}").format(error_text(exc)), error=True)
            self.status.setToolTip(code_text(exc))
            target = ERROR_FIELDS.get(exc.code) or exc.details.get("field")
            widget = {
                "lon": self.location.lon_edit,
                "category": self.picker.search,
                "description": self.description,
                "address": self.address,
                "reporter_name": self.reporter_name,
                "reporter_phone": self.reporter_phone,
            }.get(str(target))
            if widget is not None:
                widget.setFocus()
            if isinstance(exc, StorageError):
                show_error(self, exc)
        else:
            self._say(self.tr("Not saved; your report is still here. Try again."), error=True)
            show_error(self, exc)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020" if error else "color: #1b5e20")

    def _set_form_enabled(self, enabled: bool) -> None:
        for widget in (self.picker, self.location, self.photos, self.address, self.description,
                       self.urgency, self.reporter_name, self.reporter_phone):  # fmt: skip
            widget.setEnabled(enabled)
        self.source.setEnabled(enabled and self.source.count() > 1)

    def _update_buttons(self) -> None:
        done = self.case_id is not None
        self.save_button.setVisible(not done)
        self.save_button.setEnabled(
            not self._saving and not self.photos.is_busy() and self.source.count() > 0
        )
        self.another_button.setVisible(done)
        self.close_button.setText(self.tr("Close") if done else self.tr("Cancel"))

    def start_another(self) -> None:
        """A fresh form after a save; source and urgency stay (a patrol reports in a row)."""
        self.case_id = None
        self.picker.search.clear()
        self.picker.set_category(None)
        self.location.clear()
        self.photos.clear()
        self.address.clear()
        self.description.clear()
        self.reporter_name.clear()
        self.reporter_phone.clear()
        self.status.clear()
        self._set_form_enabled(True)
        self._update_buttons()
        self.picker.search.setFocus()

    # -- drafts and closing -------------------------------------------------------------------

    def load_draft(self, draft: Mapping[str, Any]) -> None:
        """Fill the form from a report payload (a refused report being made again)."""
        if code := draft.get("category_code"):
            category = self.ws.catalog.categories.get(str(code))
            if category is not None and category.retired:
                # Not offered for new reports: the officer chooses among its successors.
                self.picker.search.setText(category.name)
                catalog = self.ws.catalog
                instead = "、".join(
                    catalog.categories[c].name for c in category.use_instead if c in catalog
                )
                self._say(
                    self.tr("{0} is no longer used; choose one of: {1}").format(
                        category.name, instead
                    ),
                    error=True,
                )
            else:
                self.picker.set_category(str(code), draft.get("subclass"))
        if draft.get("lon") is not None and draft.get("lat") is not None:
            self.location.set_point(float(draft["lon"]), float(draft["lat"]))
        self.address.setText(str(draft.get("address") or ""))
        self.description.setPlainText(str(draft.get("description") or ""))
        for box, key in ((self.urgency, "urgency"), (self.source, "source")):
            if (index := box.findData(draft.get(key))) >= 0:
                box.setCurrentIndex(index)
        self.reporter_name.setText(str(draft.get("reporter_name") or ""))
        self.reporter_phone.setText(str(draft.get("reporter_phone") or ""))
        shas = [str(s) for s in draft.get("photos") or ()]
        if shas:
            ws = self.ws
            self.runner.submit(
                lambda: [p for s in shas if (p := ws.photo_file(s)) is not None],
                self._draft_photos,
                lambda exc: self._say(self.tr("The draft's photos could not be fetched.")),
                lane="net",
            )

    def _draft_photos(self, paths: list[Path]) -> None:
        if shiboken6.isValid(self):
            self.photos.add_files(paths)

    def has_draft(self) -> bool:
        """Something typed that is not saved yet (closing would lose it)."""
        if self.case_id is not None:
            return False
        return bool(
            self.picker.category()
            or self.location.point()
            or self.address.text().strip()
            or self.description.toPlainText().strip()
            or self.photos.photos()
        )

    def _close_clicked(self) -> None:
        if self.case_id is not None:
            self._close_map()
            self.accept()
        else:
            self.reject()

    def reject(self) -> None:
        """Ask before throwing away an unsaved report; never while it is being saved."""
        if self._saving:
            return
        if not self.has_draft():
            self._close_map()
            super().reject()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.windowTitle(),
            self.tr("Discard this unsaved report?"),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("discard_box")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(self._discard_answer)
        self.discard_box = box
        box.open()

    def _discard_answer(self, answer: int) -> None:
        if answer == QMessageBox.StandardButton.Discard:
            self._close_map()
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._saving or self.has_draft():
            event.ignore()
            self.reject()
        else:
            self._close_map()
            super().closeEvent(event)

    def _close_map(self) -> None:
        if self.map is not None and hasattr(self.map, "cancel_pick"):
            self.map.cancel_pick()


def _pair(first: QWidget, label: QLabel, second: QWidget) -> QWidget:
    """Two fields on one form row, the second with its own label."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(first, 1)
    layout.addWidget(label)
    layout.addWidget(second, 1)
    return row
