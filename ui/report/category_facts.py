"""What the chosen small class means for this report: 细类, 立案条件, time limit, hour.

An officer who picks 私搭乱建 must say which of its three kinds it is, because each
has its own conditions and limits; one who picks a cover class should see how its
owner is recognised. The limit is shown with the source it follows (a city's
published rule) or as a local default, so nobody mistakes a local habit for law.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from gridapp.domain.catalog import Catalog, Category, Limits, Subclass, TimeLimitStage
from ui.detail.texts import unit_label
from ui.plain import plain_label


class CategoryFacts(QWidget):
    """The chosen class, its 细类 combo (when it has 细类) and the facts that follow."""

    subclass_changed = Signal(object)  # the 2-digit code, or None

    def __init__(self, catalog: Catalog | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._catalog = catalog  # to name the classes a retired one points to
        self._category: Category | None = None

        self.chosen = plain_label(self.tr("No category chosen"))
        self.chosen.setObjectName("category_chosen")
        self.chosen.setWordWrap(True)
        self.chosen.setStyleSheet("font-weight: bold;")

        self.subclass = QComboBox()
        self.subclass.setObjectName("subclass")
        self.subclass.currentIndexChanged.connect(self._subclass_picked)
        self.subclass_label = QLabel(self.tr("Subclass"))

        self.conditions = plain_label()
        self.conditions.setObjectName("category_conditions")
        self.conditions.setWordWrap(True)
        self.limit = plain_label()
        self.limit.setObjectName("category_limit")
        self.limit.setWordWrap(True)
        self.notes = plain_label()  # the cover marking, the hour 立案 waits for
        self.notes.setObjectName("category_notes")
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #8a4b00;")

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.subclass_label, self.subclass)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.chosen)
        layout.addLayout(form)
        layout.addWidget(self.conditions)
        layout.addWidget(self.limit)
        layout.addWidget(self.notes)
        layout.addStretch(1)  # top-aligned when the facts are short
        self.show_category(None)

    # -- what the picker uses ---------------------------------------------------------------

    def show_category(self, category: Category | None, subclass: str | None = None) -> None:
        """Show ``category`` (None: nothing chosen), with ``subclass`` selected if given."""
        self._category = category
        self.subclass.blockSignals(True)
        self.subclass.clear()
        if category is not None and category.subclasses:
            self.subclass.addItem(self.tr("Not sure (the centre decides when filing)"), None)
            for sub in category.subclasses:
                self.subclass.addItem(f"{sub.code} {sub.name}", sub.code)
            self.subclass.setCurrentIndex(max(0, self.subclass.findData(subclass)))
        self.subclass.blockSignals(False)
        has_subclasses = self.subclass.count() > 0
        self.subclass.setVisible(has_subclasses)
        self.subclass_label.setVisible(has_subclasses)
        if category is None:
            self.chosen.setText(self.tr("No category chosen"))
        else:
            self.chosen.setText(
                f"{category.code} {category.name}（{category.kind.label_zh} / {category.big_name}）"
            )
        self._refresh()

    def subclass_code(self) -> str | None:
        return self.subclass.currentData() if self.subclass.count() else None

    def set_subclass(self, code: str | None) -> None:
        if self.subclass.count():
            self.subclass.setCurrentIndex(max(0, self.subclass.findData(code)))

    # -- the facts ----------------------------------------------------------------------------

    def _subclass_picked(self, _index: int) -> None:
        self._refresh()
        self.subclass_changed.emit(self.subclass_code())

    def _chosen_subclass(self) -> Subclass | None:
        code = self.subclass_code()
        if self._category is None or not code:
            return None
        return next((s for s in self._category.subclasses if s.code == code), None)

    def _refresh(self) -> None:
        category = self._category
        for label in (self.conditions, self.limit, self.notes):
            label.setVisible(category is not None)
        if category is None:
            return
        sub = self._chosen_subclass()
        own = sub or category  # a 细类 has its own, narrower conditions and limits
        self.conditions.setText(
            self.tr("Filing condition: {0}").format(own.filing_condition)
            + "\n"
            + self.tr("Closing condition: {0}").format(own.closing_condition)
        )
        self.limit.setText(self._limit_text(own.limits, own.limits_source))
        notes = []
        if category.retired:
            notes.append(
                self.tr("No longer used for new cases; use instead: {0}").format(
                    "、".join(self._names(category.use_instead))
                )
            )
        if category.marking:
            notes.append(self.tr("Cover marking: {0}").format(category.marking))
        if category.file_after is not None:
            notes.append(
                self.tr("Filed only after {0} (when the morning sweeping is over)").format(
                    category.file_after.strftime("%H:%M")
                )
            )
        if category.subclasses and sub is None:
            notes.append(self.tr("Choose the subclass if you can: each has its own limit."))
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))

    def _names(self, codes: tuple[str, ...]) -> list[str]:
        return (
            list(codes)
            if self._catalog is None
            else [
                f"{code} {self._catalog.categories[code].name}" if code in self._catalog else code
                for code in codes
            ]
        )

    def _limit_text(self, limits: Limits, source: str) -> str:
        parts = []
        for urgency, stages in limits.items():
            if len(limits) == 1:  # one set of stages for every urgency: no need to name it
                parts.append(_stages_text(stages))
                continue
            name = self.tr("urgent") if urgency == "urgent" else self.tr("normal")
            parts.append(f"{name}：{_stages_text(stages)}")
        origin = self.tr("source: {0}").format(source) if source else self.tr("local default")
        return self.tr("Time limit: {0} ({1})").format("；".join(parts), origin)


def _stages_text(stages: tuple[TimeLimitStage, ...]) -> str:
    """ "设置警示 0.5 紧急工作时 → 修复 6 紧急工作时": each stage counted from dispatch."""
    return " → ".join(f"{s.stage} {_amount(s.amount)} {unit_label(s.unit)}" for s in stages)


def _amount(value: float) -> str:
    return f"{value:g}"
