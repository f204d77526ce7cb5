"""Pick the small category (小类) of a new case: search or browse, then see its conditions.

Officers know categories by short pinyin initials ("ljt"), by code from the paper
catalogue, by name or by a common word ("违建", "井盖"), so one search box takes them
all (``catalog.search``). The tree (部件/事件 → 大类 → 小类) is for when they do not know
what to type; typing 井盖 opens the cover helper, which sorts covers by owner. Retired
classes are never offered. The chosen class's 细类, 立案条件 and time limit are shown
(``CategoryFacts``) because they decide whether and how fast the case is handled.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.domain.catalog import Catalog, Category, CategoryKind
from ui.plain import plain_tip
from ui.report.category_facts import CategoryFacts
from ui.report.cover_helper import COVER_WORD, CoverHelper, is_cover

CODE_ROLE = Qt.ItemDataRole.UserRole
FACTS_MIN_HEIGHT = 140  # px: the class, its 细类 and two lines of conditions at least


class CategoryPicker(QWidget):
    """Search box + results list + browse tree + cover helper, and the chosen class's facts.

    Emits ``category_chosen`` (Category or None) and ``subclass_changed`` (code or None).
    """

    category_chosen = Signal(object)
    subclass_changed = Signal(object)

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self._category: Category | None = None

        self.search = QLineEdit()
        self.search.setObjectName("category_search")
        self.search.setPlaceholderText(
            self.tr("Name, code, pinyin initials or a word (e.g. ljt, 井盖, 违建)")
        )
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

        self.covers = CoverHelper(catalog)
        self.covers.setObjectName("cover_helper")
        self.covers.cover_chosen.connect(lambda code: self._choose(self.catalog.get(code)))

        self.tabs = QTabWidget()
        self.tabs.setObjectName("category_tabs")
        self.tabs.addTab(self.results, self.tr("Search results"))
        self.tabs.addTab(self.tree, self.tr("Browse"))
        if self.covers.codes():
            self.tabs.addTab(self.covers, self.tr("Manhole covers"))

        self.facts = CategoryFacts(catalog)
        self.facts.subclass_changed.connect(self.subclass_changed)
        self.chosen = self.facts.chosen
        # The facts can run long (conditions, staged limits with their source): they
        # scroll within their share of the height rather than squeeze into each other.
        self.facts_area = QScrollArea()
        self.facts_area.setObjectName("category_facts")
        self.facts_area.setWidget(self.facts)
        self.facts_area.setWidgetResizable(True)
        self.facts_area.setFrameShape(QFrame.Shape.NoFrame)
        self.facts_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.facts_area.setMinimumHeight(FACTS_MIN_HEIGHT)
        self.facts_area.viewport().setAutoFillBackground(False)  # the group box's colour
        self.facts.setAutoFillBackground(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.tabs, 3)
        layout.addWidget(self.facts_area, 2)

    # -- what the dialog uses ---------------------------------------------------------------

    def category(self) -> Category | None:
        return self._category

    def subclass(self) -> str | None:
        """The chosen 细类 code, or None (none chosen, or the class has none)."""
        return self.facts.subclass_code()

    def set_category(self, code: str | None, subclass: str | None = None) -> None:
        """Choose a category by code (a draft being restored); unknown codes clear it.

        A retired class is shown when asked for by code (an old case being filed),
        though search and the tree never offer one.
        """
        category = self.catalog.categories.get(code) if code else None
        self._choose(category, subclass)

    def show_covers(self) -> None:
        """Bring the cover helper forward (typed 井盖, or a cover class chosen)."""
        if self.covers.codes():
            self.tabs.setCurrentWidget(self.covers)

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
        if COVER_WORD in text:
            self.show_covers()
        elif hits:
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
        if watched is self.search and self.tabs.currentWidget() is self.covers:
            if key == Qt.Key.Key_Down or enter:  # covers: the owner is chosen, not guessed
                self.covers.choices.setFocus()
                if self.covers.choices.currentRow() < 0:
                    self.covers.choices.setCurrentRow(0)
                return True
        elif watched is self.search:
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
        """部件/事件 → 大类 → 小类, retired classes (and big classes left empty) skipped."""
        for kind in CategoryKind:
            kind_item = QTreeWidgetItem([kind.label_zh])
            kind_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(kind_item)
            offered = [c for c in self.catalog.by_kind(kind) if not c.retired]
            for big in self.catalog.big_classes_of(kind):
                leaves = [c for c in offered if c.big_code == big.code]
                if not leaves:
                    continue
                big_item = QTreeWidgetItem([f"{big.code} {big.name}"])
                big_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                kind_item.addChild(big_item)
                for cat in leaves:
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

    def _choose(self, category: Category | None, subclass: str | None = None) -> None:
        self._category = category
        self.facts.show_category(category, subclass)
        self.covers.mark(category.code if category else None)
        if is_cover(category):
            self.show_covers()  # the owner may be another: the markings side by side
        self.category_chosen.emit(category)
