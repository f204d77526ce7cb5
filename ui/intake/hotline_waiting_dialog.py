"""12345 work orders waiting for a place or a category: intake picks both, then places.

The address of such an order named nothing the district's data knows (or only a street),
or its text named no single category. Intake reads the caller's words, clicks the point
on the map (the map's pick mode, as in the report form) and chooses the class; "Place"
makes the order a report, and it leaves this list in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp import Workspace
from gridapp.intake.hotline_import import WaitingOrder
from ui.errors import show_error
from ui.plain import plain_label
from ui.report.category_picker import CategoryPicker
from ui.screen_fit import fit_to_screen
from ui.tasks import TaskRunner

MapFactory = Callable[[QWidget], QWidget]


class HotlineWaitingDialog(QDialog):
    changed = Signal(object)  # Changes
    loaded = Signal(int)  # orders listed

    def __init__(
        self,
        ws: Workspace,
        runner: TaskRunner,
        parent: QWidget | None = None,
        map_factory: MapFactory | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws, self.runner = ws, runner
        self.orders: list[WaitingOrder] = []
        self.point: tuple[float, float] | None = None
        self.setWindowTitle(self.tr("Work orders waiting for a place"))
        self.list = QTableWidget(0, 4)
        self.list.setObjectName("waiting_orders")
        self.list.setHorizontalHeaderLabels(
            [self.tr("Work order"), self.tr("Needs"), self.tr("Address"), self.tr("Request")]
        )
        self.list.verticalHeader().setVisible(False)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.horizontalHeader().setStretchLastSection(True)
        self.detail = plain_label("")
        self.detail.setWordWrap(True)
        self.point_label = plain_label(self.tr("Click the point on the map."))
        self.picker = CategoryPicker(ws.catalog)
        self.place_button = QPushButton(self.tr("Place"))
        self.place_button.setObjectName("place_order")
        self.place_button.setEnabled(False)
        self.discard_button = QPushButton(self.tr("Discard"))
        self.close_button = QPushButton(self.tr("Close"))
        self.map = map_factory(self) if map_factory is not None else None
        if self.map is not None:
            self.map.point_picked.connect(self.set_point)  # type: ignore[attr-defined]

        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.list, 2)
        column.addWidget(self.detail)
        column.addWidget(self.picker, 3)
        split = QSplitter()
        split.addWidget(left)
        if self.map is not None:
            right = QWidget()
            box = QVBoxLayout(right)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(self.point_label)
            box.addWidget(self.map, 1)
            split.addWidget(right)
        split.setSizes([560, 640])
        buttons = QHBoxLayout()
        buttons.addWidget(self.discard_button)
        buttons.addStretch(1)
        buttons.addWidget(self.place_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.list.itemSelectionChanged.connect(self._selected)
        self.picker.category_chosen.connect(lambda _c: self._update_button())
        self.place_button.clicked.connect(self.place)
        self.discard_button.clicked.connect(self.discard)
        self.close_button.clicked.connect(self.reject)
        fit_to_screen(self, 1300, 740)

    def reload(self) -> None:
        self.runner.submit(self.ws.hotline.waiting, self._fill, lambda e: show_error(self, e))

    def _fill(self, orders: list[WaitingOrder]) -> None:
        self.orders = orders
        needs = {"place": self.tr("place"), "category": self.tr("category")}
        self.list.setRowCount(len(orders))
        for r, o in enumerate(orders):
            cells = (o.number, "、".join(needs[n] for n in o.needs), o.address, o.description)
            for c, text in enumerate(cells):
                self.list.setItem(r, c, QTableWidgetItem(text[:120]))
        self.list.resizeColumnsToContents()
        self.list.setColumnWidth(3, 220)
        self._selected()
        self.loaded.emit(len(orders))

    def current(self) -> WaitingOrder | None:
        rows = self.list.selectionModel().selectedRows()
        return self.orders[rows[0].row()] if rows else None

    def _selected(self) -> None:
        order = self.current()
        self.point = None
        if order is None:
            self.detail.setText("")
            self._update_button()
            return
        self.detail.setText(
            f"{order.number}　{order.called_at:%Y-%m-%d %H:%M}　{order.caller} {order.phone}\n"
            f"{order.address}\n{order.description}"
        )
        if order.lon is not None and order.lat is not None:
            self.set_point(order.lon, order.lat)
        if order.category_code:
            self.picker.set_category(order.category_code)
        if self.map is not None:
            self.map.start_pick(order.lon, order.lat)  # type: ignore[attr-defined]
        self._update_button()

    def set_point(self, lon: float, lat: float) -> None:
        self.point = (lon, lat)
        grid = self.ws.locate(lon, lat)
        where = f"{grid.street_name}／{grid.community_name}／{grid.name}" if grid else ""
        self.point_label.setText(
            self.tr("Point: {lon:.6f}, {lat:.6f} {where}").format(lon=lon, lat=lat, where=where)
        )
        self._update_button()

    def _update_button(self) -> None:
        ok = self.current() is not None and self.point is not None
        self.place_button.setEnabled(ok and self.picker.category() is not None)

    def place(self) -> None:
        order, category = self.current(), self.picker.category()
        if order is None or self.point is None or category is None:
            return
        lon, lat = self.point
        hotline = self.ws.hotline

        def done(changes: object) -> None:
            self.changed.emit(changes)
            self.reload()

        self.runner.submit(
            lambda: hotline.place(order.number, lon, lat, category.code),
            done,
            lambda e: show_error(self, e),
        )

    def discard(self) -> None:
        order = self.current()
        if order is not None:
            number, hotline = order.number, self.ws.hotline
            self.runner.submit(
                lambda: hotline.discard(number), lambda _d: self.reload(), self._failed
            )

    def _failed(self, exc: BaseException) -> None:
        show_error(self, exc)
