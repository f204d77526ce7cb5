"""TileSourceDialog: choose the map's base layer (none, online XYZ, offline MBTiles).

The choice is per laptop (kept in the local store, never synced): an office with
internet may use a web map, a laptop in the field a file copied onto it. Everything is
checked before saving, because a wrong template or a damaged file would otherwise only
show as a grey map with no hint why. Saving emits ``changed(TileSource)``; the map
swaps its base layer in place.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gridapp import Workspace
from gridapp.domain.roles import Role
from gridapp.errors import GridappError
from gridapp.maps.mbtiles import MBTilesInfo, describe_mbtiles
from gridapp.maps.presets import PRESETS, key_of, preset
from gridapp.maps.tiles import DEFAULT_SUBDOMAINS, TileSource
from ui.error_texts import error_text
from ui.plain import plain_label

log = logging.getLogger(__name__)

AMAP_EXAMPLE = (
    "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8"
    "&x={x}&y={y}&z={z}"
)


class TileSourceDialog(QDialog):
    changed = Signal(object)  # the saved TileSource

    def __init__(self, ws: Workspace, runner: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.runner = ws, runner
        self.info: MBTilesInfo | None = None  # of the file in path_edit, once read
        self.setWindowTitle(self.tr("Base map"))
        self.setMinimumWidth(560)

        self.none_radio = QRadioButton(self.tr("None: grid polygons on a plain background"))
        self.xyz_radio = QRadioButton(self.tr("Online tiles (XYZ address)"))
        self.mbtiles_radio = QRadioButton(self.tr("Offline tiles (MBTiles file)"))
        self.kinds = QButtonGroup(self)
        for i, radio in enumerate((self.none_radio, self.xyz_radio, self.mbtiles_radio)):
            self.kinds.addButton(radio, i)
        self.kinds.idToggled.connect(lambda _id, on: on and self._kind_changed())

        self.preset_combo = QComboBox()
        self.preset_combo.addItem(self.tr("Custom address"), "")
        for p in PRESETS:
            self.preset_combo.addItem(p.name, p.id)
        self.preset_combo.currentIndexChanged.connect(self._preset_changed)
        self.key_edit = QLineEdit()
        self.key_edit.setPlaceholderText(self.tr("Key (tk) from the 天地图 site, 32 characters"))
        self.key_edit.setMaxLength(64)
        self.url_edit = QLineEdit()
        self.url_edit.setPlaceholderText(AMAP_EXAMPLE)
        self.url_edit.setToolTip(
            self.tr("Use {z}, {x}, {y} for the tile and {s} for a server letter or digit")
        )
        self.subdomains_edit = QLineEdit(DEFAULT_SUBDOMAINS)
        self.subdomains_edit.setMaxLength(16)
        self.attribution_edit = QLineEdit()
        self.attribution_edit.setPlaceholderText(self.tr("e.g. © 高德地图"))
        self.max_zoom_spin = QSpinBox()
        self.max_zoom_spin.setRange(1, 24)
        self.max_zoom_spin.setValue(18)
        self.xyz_box = QGroupBox(self.tr("Online tiles"))
        form = QFormLayout(self.xyz_box)
        form.addRow(self.tr("Ready map:"), self.preset_combo)
        form.addRow(self.tr("天地图 key:"), self.key_edit)
        form.addRow(self.tr("Address template:"), self.url_edit)
        form.addRow(self.tr("Servers for {s}:"), self.subdomains_edit)
        form.addRow(self.tr("Attribution:"), self.attribution_edit)
        form.addRow(self.tr("Deepest zoom with tiles:"), self.max_zoom_spin)

        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText(self.tr("Path of a .mbtiles file"))
        self.path_edit.editingFinished.connect(self._path_edited)
        self.browse_button = QPushButton(self.tr("Choose…"))
        self.browse_button.clicked.connect(self.browse)
        self.info_label = plain_label()  # names and attribution come from the file
        self.info_label.setWordWrap(True)
        # room for the three lines up front: a shown dialog does not grow by itself
        self.info_label.setMinimumHeight(self.info_label.fontMetrics().lineSpacing() * 3 + 4)
        self.mbtiles_box = QGroupBox(self.tr("Offline tiles"))
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        box = QVBoxLayout(self.mbtiles_box)
        box.addLayout(row)
        box.addWidget(self.info_label)

        self.gcj_check = QCheckBox(
            self.tr("Coordinates are GCJ-02 (most Chinese web maps: 高德/腾讯)")
        )
        self.gcj_check.setToolTip(
            self.tr("Grids and cases are shifted to match the tiles; stored points stay WGS-84")
        )
        # An administrator may make online tiles (and their key) the whole district's.
        self.district_check = QCheckBox(
            self.tr("Also make this the district's base map (sent to every laptop)")
        )
        self.district_check.setVisible(self._is_admin())
        self.error_label = plain_label()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b91c1c;")
        self.error_label.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        for widget in (self.none_radio, self.xyz_radio, self.xyz_box, self.mbtiles_radio):
            layout.addWidget(widget)
        for widget in (self.mbtiles_box, self.gcj_check, self.district_check):
            layout.addWidget(widget)
        for widget in (self.error_label, self.buttons):
            layout.addWidget(widget)
        self.none_radio.setChecked(True)
        self._kind_changed()
        self._preset_changed()
        self.runner.submit(self.ws.maps.tile_source, self._fill, self._show_error, lane="db")

    # -- showing -------------------------------------------------------------------------

    def kind(self) -> str:
        return ("none", "xyz", "mbtiles")[max(0, self.kinds.checkedId())]

    def _fill(self, source: TileSource) -> None:
        """Show the saved choice so the dialog edits it rather than starting over."""
        radio = {"xyz": self.xyz_radio, "mbtiles": self.mbtiles_radio}.get(source.kind)
        (radio or self.none_radio).setChecked(True)
        self.gcj_check.setChecked(source.crs == "gcj02")
        if source.kind == "xyz":
            index = self.preset_combo.findData(source.preset)
            self.preset_combo.setCurrentIndex(max(0, index))
            self.key_edit.setText(key_of(source) if source.preset else "")
            self.url_edit.setText(source.url)
            self.subdomains_edit.setText(source.subdomains)
            self.attribution_edit.setText(source.attribution)
            self.max_zoom_spin.setValue(source.max_zoom)
        elif source.kind == "mbtiles":
            self.path_edit.setText(source.url)
            self.inspect(source.url)

    def _kind_changed(self) -> None:
        kind = self.kind()
        self.xyz_box.setEnabled(kind == "xyz")
        self.mbtiles_box.setEnabled(kind == "mbtiles")
        preset_on = kind == "xyz" and bool(self.preset_combo.currentData())
        self.gcj_check.setEnabled(kind != "none" and not preset_on)  # a ready map knows
        self.error_label.hide()

    def _preset_changed(self) -> None:
        """A ready map fills in its address, servers, zoom, datum and credit (read-only:
        only the 天地图 key is the user's to give); "custom" leaves them editable."""
        pid = self.preset_combo.currentData() or ""
        chosen = preset(pid) if pid else None
        for edit in (self.url_edit, self.subdomains_edit, self.attribution_edit):
            edit.setReadOnly(chosen is not None)
        self.max_zoom_spin.setReadOnly(chosen is not None)
        self.key_edit.setEnabled(bool(chosen and chosen.needs_key))
        if chosen is None:
            self._kind_changed()
            return
        shown = chosen.source("0" * 32) if chosen.needs_key else chosen.source()
        self.url_edit.setText(shown.url.replace("tk=" + "0" * 32, "tk=…"))
        self.url_edit.setCursorPosition(0)  # the host is what tells the maps apart
        self.subdomains_edit.setText(shown.subdomains)
        self.attribution_edit.setText(shown.attribution)
        self.max_zoom_spin.setValue(shown.max_zoom)
        self.gcj_check.setChecked(shown.crs == "gcj02")
        self._kind_changed()

    def _show_error(self, exc: BaseException) -> None:
        if isinstance(exc, GridappError):
            text = error_text(exc)
        else:
            log.error("base map dialog", exc_info=exc)
            text = self.tr("Something went wrong. The details were written to the log.")
        self.error_label.setText(text)
        self.error_label.show()

    # -- MBTiles file --------------------------------------------------------------------

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose an MBTiles file"),
            self.path_edit.text(),
            self.tr("MBTiles files (*.mbtiles);;All files (*)"),
        )
        if path:
            self.mbtiles_radio.setChecked(True)
            self.path_edit.setText(path)
            self.inspect(path)

    def _path_edited(self) -> None:
        if self.path_edit.text().strip() != (self.info.path if self.info else ""):
            self.inspect(self.path_edit.text().strip())

    def inspect(self, path: str) -> None:
        """Read the file's metadata (off the GUI thread) and show what it holds."""
        self.info = None
        self.info_label.setText(self.tr("Reading…") if path else "")
        if not path:
            return

        def shown(info: MBTilesInfo) -> None:
            if self.path_edit.text().strip() != info.path:
                return  # another file was chosen meanwhile
            self.info = info
            self.error_label.hide()
            self.info_label.setText(self._describe(info))

        def failed(exc: BaseException) -> None:
            self.info_label.setText("")
            self._show_error(exc)

        self.runner.submit(lambda: describe_mbtiles(path), shown, failed, lane="db")

    def _describe(self, info: MBTilesInfo) -> str:
        if info.bounds is None:
            bounds = self.tr("not stated")
        else:
            bounds = "{:.4f}, {:.4f} – {:.4f}, {:.4f}".format(*info.bounds)
        return "\n".join(
            (
                f"{info.name} ({info.format.upper()})",
                self.tr("Zoom levels {lo}–{hi}").format(lo=info.min_zoom, hi=info.max_zoom),
                self.tr("Bounds (W, S – E, N): {bounds}").format(bounds=bounds),
            )
        )

    # -- saving --------------------------------------------------------------------------

    def source(self) -> TileSource:
        """The TileSource the fields describe; ValidationError if they do not make one."""
        crs = "gcj02" if self.gcj_check.isChecked() else "wgs84"
        kind = self.kind()
        pid = self.preset_combo.currentData() or ""
        if kind == "xyz" and pid:
            return preset(pid).source(self.key_edit.text())
        if kind == "xyz":
            return TileSource(
                kind="xyz",
                url=self.url_edit.text().strip(),
                attribution=self.attribution_edit.text().strip(),
                max_zoom=self.max_zoom_spin.value(),
                crs=crs,
                subdomains=self.subdomains_edit.text().strip(),
            )
        if kind == "mbtiles":
            return TileSource(kind="mbtiles", url=self.path_edit.text().strip(), crs=crs)
        return TileSource()

    def _is_admin(self) -> bool:
        try:
            return self.ws.user.role is Role.ADMIN
        except GridappError:  # nobody logged in (a store on its own)
            return False

    def save(self) -> None:
        """Check, then save on the db lane; the dialog stays open with the reason if not."""
        self.error_label.hide()
        try:
            source = self.source()
        except GridappError as exc:
            self._show_error(exc)
            return

        def check_and_save() -> TileSource:
            final = source
            if source.kind == "mbtiles":  # read again: the file may have changed since
                info = describe_mbtiles(source.url)
                final = TileSource(
                    kind="mbtiles", url=source.url, crs=source.crs,
                    max_zoom=max(1, info.max_zoom),
                )  # fmt: skip
            if self.district_check.isVisible() and self.district_check.isChecked():
                if final.kind != "xyz":
                    raise GridappError(
                        "bad_tile_source", "全区默认底图只能是在线瓦片（MBTiles 文件在各终端本地）"
                    )
                self.ws.admin.set_base_map(final)
            self.ws.maps.set_tile_source(final)
            return final

        def saved(final: TileSource) -> None:
            self.changed.emit(final)
            self.accept()

        self.buttons.setEnabled(False)

        def failed(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            self._show_error(exc)

        self.runner.submit(check_and_save, lambda f: (self.buttons.setEnabled(True), saved(f)),
                           failed, lane="db")  # fmt: skip
