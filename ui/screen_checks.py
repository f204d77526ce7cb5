"""Checks on a screen as drawn: it fits the screen, nothing is clipped, no English is left.

``python -m ui.screenshots --check fit,language`` runs them on every screen of
``ui.screen_walk``; each returns human-readable problems (empty when all is well).

- fit: the window is no larger than the screen's available area; no label or
  button is cut short; no pane scrolls sideways (the case detail must show its
  facts without a horizontal scroll bar); no column header is elided; the
  timeline's short columns (time, who, role, action, photos) show their text whole.
- language: in the Chinese interface every visible text (labels, buttons, tabs,
  combo items, headers, cells, placeholders, tooltips, titles) is Chinese: a text
  equal to a translatable English source, or with English words and no Chinese
  at all, is reported, except for names and codes in ``ALLOWED_WORDS``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from functools import cache

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QFontMetrics, QTextDocumentFragment
from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui's Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QStyle,
    QStyleOptionComboBox,
    QTabBar,
    QTableView,
    QTextEdit,
    QTreeView,
    QWidget,
)

from gridapp.paths import resources_dir
from ui.screen_fit import usable_size

ROWS_CHECKED = 30  # item-view rows whose texts are read
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
WORD = re.compile(r"[A-Za-z]{3,}")
# Names, formats and codes that stay as they are in a Chinese interface.
ALLOWED_WORDS = {
    w.lower()
    for w in [
        "gridapp",
        "PDF",
        "Excel",
        "xlsx",
        "GeoJSON",
        "MBTiles",
        "mbtiles",
        "OpenStreetMap",
        "OSM",
        "Leaflet",
        "WGS",
        "CGCS",
        "GCJ",
        "JPEG",
        "JPG",
        "PNG",
        "WebP",
        "webp",
        "jpeg",
        "jpg",
        "png",
        "SHA",
        "XYZ",
        "URL",
        "http",
        "https",
        "localhost",
        "tile",
        "tiles",
        "png",
        "zxy",
        "TMS",
        "WMTS",
        "tianditu",
        "key",
        "tk",
    ]
}
# Addresses, file names and hashes: data, not interface text.
CODE_LIKE = re.compile(
    r"^(\S*://\S*|[0-9a-f]{16,}(\.\w+)?|[\w.-]+\.(jpe?g|png|webp|pdf|xlsx|mbtiles))$"
)
TIMELINE_SHORT_COLUMNS = (0, 1, 2, 3, 5)


# -- what is on screen --------------------------------------------------------------------


def shown(widget: QWidget, window: QWidget) -> bool:
    return widget.isVisibleTo(window) and not widget.visibleRegion().isEmpty()


def plain(text: str) -> str:
    if "<" in text and GuiQt.mightBeRichText(text):
        text = QTextDocumentFragment.fromHtml(text).toPlainText()
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def visible_texts(window: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text a user can read in ``window`` now."""
    yield "window title", window.windowTitle()
    for w in [window, *window.findChildren(QWidget)]:
        if w is not window and not shown(w, window):
            continue
        kind = type(w).__name__
        if w.toolTip():
            yield f"{kind} tooltip", w.toolTip()
        if isinstance(w, QLabel | QAbstractButton):
            yield kind, w.text()
        elif isinstance(w, QGroupBox):
            yield kind, w.title()
        elif isinstance(w, QDockWidget):
            yield kind, w.windowTitle()
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                yield kind, w.tabText(i)
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                yield f"{kind} item", w.itemText(i)
        elif isinstance(w, QLineEdit | QPlainTextEdit | QTextEdit):
            yield f"{kind} placeholder", w.placeholderText()
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            yield from _view_texts(w)


def _view_texts(view: QAbstractItemView) -> Iterator[tuple[str, str]]:
    model, kind = view.model(), type(view).__name__
    header = _header(view)
    columns = _count(model, columns=True)
    for col in range(columns):
        if header is not None and (header.isSectionHidden(col) or header.isHidden()):
            continue
        title = model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if title:
            yield f"{kind} header", str(title)
    for row in range(min(_count(model, columns=False), ROWS_CHECKED)):
        for col in range(columns):
            if header is not None and header.isSectionHidden(col):
                continue
            index = model.index(row, col)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(index, role)
                if isinstance(value, str) and value:
                    yield f"{kind} cell", value


def _count(model: QAbstractItemModel, *, columns: bool) -> int:
    """Rows or columns of a model; Qt's list models hide columnCount (one column)."""
    call = model.columnCount if columns else model.rowCount
    for args in ((), (QModelIndex(),)):
        try:
            return call(*args)
        except TypeError:
            continue
    return 1 if columns else 0


def _header(view: QAbstractItemView) -> QHeaderView | None:
    if isinstance(view, QTableView):
        return view.horizontalHeader()
    if isinstance(view, QTreeView):
        return view.header()
    return None


# -- fit ------------------------------------------------------------------------------------


def fit_problems(name: str, widget: QWidget) -> list[str]:
    window = widget.window()
    room = usable_size(window)
    problems = []
    # A full-screen window (the wall display) covers the whole screen, task bar included.
    screen = window.screen().geometry() if window.screen() else None
    if window.isFullScreen() and screen is not None:
        room = screen.size()
    if window.width() > room.width() or window.height() > room.height():
        problems.append(
            f"{name}: {window.width()}×{window.height()} does not fit the screen "
            f"({room.width()}×{room.height()} usable)"
        )
    for w in window.findChildren(QWidget):
        if not shown(w, window):
            continue
        if isinstance(w, QLabel):
            problems += _label_problems(name, w)
        elif isinstance(w, QAbstractButton) and w.text():
            text = plain(w.text())
            need = w.fontMetrics().horizontalAdvance(text)
            if w.width() < need:
                problems.append(f"{name}: button {text!r} clipped ({w.width()} < {need} px)")
        elif isinstance(w, QLineEdit) and not w.text() and _hint_is_text(w.placeholderText()):
            need = w.fontMetrics().horizontalAdvance(w.placeholderText()) + 8
            if w.width() < need:
                problems.append(
                    f"{name}: hint {w.placeholderText()!r} clipped ({w.width()} < {need} px)"
                )
        elif isinstance(w, QComboBox) and not w.isEditable() and w.currentText():
            problems += _combo_problems(name, w)
        elif isinstance(w, QScrollArea) and w.horizontalScrollBar().isVisible():
            problems.append(
                f"{name}: {w.objectName() or type(w.widget()).__name__} scrolls sideways "
                f"(content {w.widget().width()} px, view {w.viewport().width()} px)"
            )
        if isinstance(w, QAbstractItemView):
            problems += _header_problems(name, w)
            if type(w).__name__ == "TimelineView":
                problems += _timeline_problems(name, w)
    return problems


def _label_problems(name: str, label: QLabel) -> list[str]:
    text = label.text()
    if not text or (label.pixmap() is not None and not label.pixmap().isNull()):
        return []
    if label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text)
    ):
        return []  # laid out as a document; wrapping rich labels hold links and headers
    room = label.contentsRect().width() - 2 * label.margin() - max(label.indent(), 0)
    room = min(room, label.visibleRegion().boundingRect().width())
    if label.wordWrap():
        need_h = label.heightForWidth(label.width())
        if need_h > label.height() + 2:
            return [
                f"{name}: label {text[:40]!r} cut at the bottom ({label.height()} < {need_h} px)"
            ]
        return []
    metrics = QFontMetrics(label.font())
    need = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
    if need > room + 1:
        return [f"{name}: label {text[:40]!r} clipped ({room} < {need} px)"]
    return []


def _hint_is_text(hint: str) -> bool:
    """A placeholder that is words to read (a long example address may be cut)."""
    return bool(hint) and not CODE_LIKE.match(hint)


def _combo_problems(name: str, combo: QComboBox) -> list[str]:
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    text = combo.currentText()
    need = combo.fontMetrics().horizontalAdvance(text)
    if field.width() + 1 < need:
        return [f"{name}: choice {text!r} clipped ({field.width()} < {need} px)"]
    return []


def _header_problems(name: str, view: QAbstractItemView) -> list[str]:
    header = _header(view)
    if header is None or header.isHidden() or view.model() is None:
        return []
    margin = 2 * header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    problems = []
    for col in range(_count(view.model(), columns=True)):
        if header.isSectionHidden(col) or header.sectionSize(col) == 0:
            continue
        title = view.model().headerData(col, Qt.Orientation.Horizontal)
        if not title:
            continue
        need = header.fontMetrics().horizontalAdvance(str(title)) + margin
        if header.sectionSize(col) < need:
            problems.append(
                f"{name}: column {str(title)!r} too narrow ({header.sectionSize(col)} < {need} px)"
            )
    return problems


def _timeline_problems(name: str, view: QAbstractItemView) -> list[str]:
    """The timeline's short columns show every row whole (the note may wrap or tip)."""
    header, model = _header(view), view.model()
    problems: list[str] = []
    if view.horizontalScrollBar().isVisible():
        problems.append(f"{name}: the timeline scrolls sideways")
    metrics = view.fontMetrics()
    for col in TIMELINE_SHORT_COLUMNS:
        if col >= _count(model, columns=True) or header.isSectionHidden(col):
            continue
        for row in range(_count(model, columns=False)):
            text = str(model.index(row, col).data() or "")
            need = metrics.horizontalAdvance(text) + 4
            if text and header.sectionSize(col) < need:
                problems.append(
                    f"{name}: timeline {text!r} cut ({header.sectionSize(col)} < {need} px)"
                )
                break
    return problems


# -- language -------------------------------------------------------------------------------


@cache
def translated_sources() -> frozenset[str]:
    """English source strings the Chinese catalogue translates to something else."""
    path = resources_dir() / "translations" / "gridapp_zh_CN.ts"
    sources = set()
    for message in ET.parse(path).iter("message"):
        source = message.findtext("source") or ""
        translation = message.findtext("translation") or ""
        if source and translation and translation != source:
            sources.add(source)
            sources.add(plain(source))
    return frozenset(sources)


def english(text: str, allowed: frozenset[str] = frozenset()) -> bool:
    """Whether ``text`` is English a Chinese user would see: a translatable source, or
    words of three letters or more with no Chinese character."""
    text = plain(text)
    if not text or text in allowed or CODE_LIKE.match(text):
        return False
    if text in translated_sources():
        return True
    if CJK.search(text):
        return False
    words = [w for w in WORD.findall(text) if w.lower() not in ALLOWED_WORDS]
    return bool(words) and not all(w in allowed for w in words)


def language_problems(
    name: str, widget: QWidget, allowed: frozenset[str] = frozenset()
) -> list[str]:
    window = widget.window()
    seen: set[tuple[str, str]] = set()
    problems = []
    for where, text in visible_texts(window):
        if (where, text) in seen or not english(text, allowed):
            continue
        seen.add((where, text))
        problems.append(f"{name}: English {where}: {plain(text)[:80]!r}")
    return problems
