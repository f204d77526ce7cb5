"""Pick the small category (小类) of a new case: search or browse, then see its conditions.

Officers know categories by short pinyin initials ("ljt"), by code from the paper
catalogue, or by name, so one search box takes all three (``catalog.search``). The
tree is for when they do not know what to type. The chosen category's 立案条件 is
shown because it decides whether the report will be filed at all.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.domain.catalog import Catalog, Category, CategoryKind
from ui.plain import plain_tip

CODE_ROLE = Qt.ItemDataRole.UserRole


class CategoryPicker(QWidget):
    """Search box + results list + browse tree; emits ``category_chosen`` (Category or None)."""

    category_chosen = Signal(object)

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self._category: Category | None = None

        self.search = QLineEdit()
        self.search.setObjectName("category_search")
        self.search.setPlaceholderText(self.tr("Name, code or pinyin initials (e.g. ljt)"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._refresh_results)
        self.search.installEventFilter(self)

        self.results = QListWidget()
        self.results.setObjectName("category_results")
        self.results.itemActivated.connect(self._pick_item)
        self.results.installEventFilter(self)

        self.tree = QTreeWidget()
        self.tree.setObjectName("category_tree")
        self.tree.setHeaderHidden(True)
        self.tree.itemActivated.connect(self._pick_tree_item)
        self._fill_tree()

        self.tabs = QTabWidget()
        self.tabs.addTab(self.results, self.tr("Search results"))
        self.tabs.addTab(self.tree, self.tr("Browse"))

        self.chosen = QLabel(self.tr("No category chosen"))
        self.chosen.setObjectName("category_chosen")
        self.chosen.setWordWrap(True)
        self.chosen.setTextFormat(Qt.TextFormat.RichText)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.chosen)

    # -- what the dialog uses ---------------------------------------------------------------

    def category(self) -> Category | None:
        return self._category

    def set_category(self, code: str | None) -> None:
        """Choose a category by code (a draft being restored); unknown codes clear it."""
        category = self.catalog.categories.get(code) if code else None
        self._choose(category)

    # -- search ---------------------------------------------------------------------------

    def _refresh_results(self, text: str) -> None:
        self.results.clear()
        hits = self.catalog.search(text, limit=50)
        for cat in hits:
            item = QListWidgetItem(
                f"{cat.code}  {cat.name}　·　{cat.kind.label_zh} / {cat.big_name}"
            )
            item.setData(CODE_ROLE, cat.code)
            item.setToolTip(plain_tip(cat.filing_condition))
            self.results.addItem(item)
        if hits:
            self.results.setCurrentRow(0)
            self.tabs.setCurrentWidget(self.results)
        elif text.strip():
            self.results.addItem(self._no_match_item())

    def _no_match_item(self) -> QListWidgetItem:
        item = QListWidgetItem(self.tr("No category matches; try the Browse tab"))
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        return item

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Type, arrow down into the results, Enter picks: no mouse needed."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        enter = key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if watched is self.search:
            if key == Qt.Key.Key_Down and self.results.count():
                self.tabs.setCurrentWidget(self.results)
                self.results.setFocus()
                if self.results.currentRow() < 0:
                    self.results.setCurrentRow(0)
                return True
            if enter:
                item = self.results.currentItem() or self.results.item(0)
                if item is not None:
                    self._pick_item(item)
                return True  # never let Enter fall through to the dialog's buttons
        elif watched is self.results:
            if enter:
                if (item := self.results.currentItem()) is not None:
                    self._pick_item(item)
                return True
            if key == Qt.Key.Key_Up and self.results.currentRow() <= 0:
                self.search.setFocus()
                return True
        return super().eventFilter(watched, event)

    # -- browse ---------------------------------------------------------------------------

    def _fill_tree(self) -> None:
        for kind in CategoryKind:
            kind_item = QTreeWidgetItem([kind.label_zh])
            kind_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(kind_item)
            for big in self.catalog.big_classes_of(kind):
                big_item = QTreeWidgetItem([f"{big.code} {big.name}"])
                big_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                kind_item.addChild(big_item)
                for cat in self.catalog.by_kind(kind):
                    if cat.big_code == big.code:
                        leaf = QTreeWidgetItem([f"{cat.code} {cat.name}"])
                        leaf.setData(0, CODE_ROLE, cat.code)
                        leaf.setToolTip(0, plain_tip(cat.filing_condition))
                        big_item.addChild(leaf)

    def _pick_tree_item(self, item: QTreeWidgetItem) -> None:
        code = item.data(0, CODE_ROLE)
        if code:
            self._choose(self.catalog.get(code))
        else:
            item.setExpanded(not item.isExpanded())

    def _pick_item(self, item: QListWidgetItem) -> None:
        code = item.data(CODE_ROLE)
        if code:
            self._choose(self.catalog.get(code))

    # -- the choice -----------------------------------------------------------------------

    def _choose(self, category: Category | None) -> None:
        self._category = category
        if category is None:
            self.chosen.setText(self.tr("No category chosen"))
        else:
            self.chosen.setText(
                f"<b>{_esc(category.code)} {_esc(category.name)}</b>"
                f"（{category.kind.label_zh} / {_esc(category.big_name)}）<br>"
                + self.tr("Filing condition: {0}").format(_esc(category.filing_condition))
                + "<br>"
                + self.tr("Closing condition: {0}").format(_esc(category.closing_condition))
            )
        self.category_chosen.emit(category)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
