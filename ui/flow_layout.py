"""A layout that places widgets left to right and wraps to a new row when out of room.

The case list's filters take two rows on a wide screen and three on a 1366 px
laptop with the detail pane open, instead of forcing the window wider than the
screen. Qt has no such layout for widgets; this one implements ``heightForWidth``
so the parent grows by a row when the filters wrap.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QWidget


class FlowLayout(QLayout):
    """Rows of items at their size hints; an item with a horizontal stretch policy
    (Expanding) takes the rest of its row."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    # -- QLayout's item list ------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def spacing(self) -> int:
        return self._spacing

    # -- geometry ---------------------------------------------------------------------------

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        """One row of everything: the width the filters like on a wide screen."""
        width = sum(i.sizeHint().width() for i in self._visible()) + self._spacing * max(
            len(self._visible()) - 1, 0
        )
        height = max((i.sizeHint().height() for i in self._visible()), default=0)
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        """As narrow as the widest single item: everything else wraps."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def _rows(self, width: int) -> list[list[QLayoutItem]]:
        rows: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._visible():
            w = item.sizeHint().width()
            if rows[-1] and used + self._spacing + w > width:
                rows.append([])
                used = 0
            used += (self._spacing if rows[-1] else 0) + w
            rows[-1].append(item)
        return [row for row in rows if row]

    def _place(self, rect: QRect, *, move: bool) -> int:
        m = self.contentsMargins()
        inner = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        y = inner.y()
        for row in self._rows(inner.width()):
            height = max(i.sizeHint().height() for i in row)
            natural = sum(i.sizeHint().width() for i in row) + self._spacing * (len(row) - 1)
            stretchy = [_stretches(i) for i in row]  # flags, by position in the row
            extra = max(inner.width() - natural, 0) // max(sum(stretchy), 1)
            x = inner.x()
            for item, stretch in zip(row, stretchy, strict=True):
                w = min(item.sizeHint().width() + (extra if stretch else 0), inner.width())
                if move:
                    item.setGeometry(QRect(QPoint(x, y), QSize(w, height)))
                x += w + self._spacing
            y += height + self._spacing
        return max(y - self._spacing, inner.y()) - rect.y() + m.bottom()


def _stretches(item: QLayoutItem) -> bool:
    """Whether the item's widget wants the row's spare width (an Expanding policy)."""
    widget = item.widget()
    if widget is None:
        return False
    policy = widget.sizePolicy().horizontalPolicy()
    return bool(policy.value & QSizePolicy.PolicyFlag.ExpandFlag.value)
