"""Which cover class a manhole cover belongs to, read from the words cast on it.

A missing or broken cover is filed under the cover 部件 of its owner (上水, 污水,
燃气 …), because the owner repairs it; there is no separate 井盖丢失 event. An officer
who types 井盖 sees every cover class with its marking ("上水/给水/自来水 → 上水井盖")
and, set apart, the answer when nothing can be read: 无主井盖.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gridapp.domain.catalog import Catalog, Category, CategoryKind
from ui.plain import plain_tip

CODE_ROLE = Qt.ItemDataRole.UserRole
COVER_WORD = "井盖"
UNOWNED_WORD = "无主"
_QUOTED = re.compile(r"[“\"「]([^”\"」]+)[”\"」]")


def cover_classes(catalog: Catalog) -> list[Category]:
    """The cover 部件 classes offered for new reports (retired ones left out)."""
    return [
        c
        for c in catalog.by_kind(CategoryKind.COMPONENT)
        if not c.retired and (COVER_WORD in c.name or COVER_WORD in c.keywords)
    ]


def is_cover(category: Category | None) -> bool:
    return (
        category is not None
        and category.kind is CategoryKind.COMPONENT
        and (COVER_WORD in category.name or COVER_WORD in category.keywords)
    )


def marking_words(category: Category) -> str:
    """The words to look for ("上水/给水/自来水"), else the marking as written."""
    words = _QUOTED.findall(category.marking)
    return "/".join(words) if words else category.marking


class CoverHelper(QWidget):
    """A list of the cover classes by their owner markings; emits ``cover_chosen(code)``."""

    cover_chosen = Signal(str)

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel(
            self.tr(
                "A missing or broken cover goes to its owner's cover class. "
                "Read the words on the cover:"
            )
        )
        self.intro.setWordWrap(True)
        self.choices = QListWidget()
        self.choices.setObjectName("cover_choices")
        self.choices.itemActivated.connect(self._activated)
        self.choices.itemClicked.connect(self._activated)
        # 无主井盖 is a button below the list, never scrolled out of sight.
        self.unowned = QPushButton()
        self.unowned.setObjectName("cover_unowned")
        self.unowned.setAutoDefault(False)
        self.unowned.setStyleSheet("font-weight: bold; text-align: left; padding: 3px 8px;")
        self.unowned.hide()
        self.unowned_code: str | None = None
        for category in cover_classes(catalog):
            if UNOWNED_WORD in category.name and self.unowned_code is None:
                self.unowned_code = category.code
                self.unowned.setText(
                    self.tr("Cannot read it / no marking") + f" → {category.code} {category.name}"
                )
                self.unowned.setToolTip(plain_tip(category.marking or category.filing_condition))
                self.unowned.show()
                continue
            words = marking_words(category)
            name = f"{category.code} {category.name}"
            self._add(f"{words} → {name}" if words else name, category)
        self.unowned.clicked.connect(self._unowned_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.intro)
        layout.addWidget(self.choices, 1)
        layout.addWidget(self.unowned)

    def _add(self, text: str, category: Category) -> None:
        item = QListWidgetItem(text)
        item.setData(CODE_ROLE, category.code)
        item.setToolTip(plain_tip(category.marking or category.filing_condition))
        self.choices.addItem(item)

    def codes(self) -> list[str]:
        """Every cover class offered: those by marking, then 无主井盖."""
        listed = [self.choices.item(i).data(CODE_ROLE) for i in range(self.choices.count())]
        return listed + ([self.unowned_code] if self.unowned_code else [])

    def _unowned_clicked(self) -> None:
        if self.unowned_code:
            self.cover_chosen.emit(self.unowned_code)

    def mark(self, code: str | None) -> None:
        """Highlight the chosen class (picked elsewhere) without choosing anew."""
        for i in range(self.choices.count()):
            item = self.choices.item(i)
            if item.data(CODE_ROLE) == code:
                self.choices.setCurrentItem(item)
                return
        self.choices.clearSelection()

    def _activated(self, item: QListWidgetItem) -> None:
        code = item.data(CODE_ROLE)
        if code:
            self.cover_chosen.emit(code)
