"""The headline figures of the statistics view as large buttons with 环比 and 同比.

A tile shows one count or rate of ``StatsView.summary``; clicking it opens the cases
behind it (for a rate: its numerator, the cases the rate counts, as the tooltip says).
Used by the view and, larger and dark, by the wall display.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from gridapp.reports.model import Figure, Rate, RegionFigures
from gridapp.stats.model import StatsView
from ui.plain import plain_label, set_plain

OnFigure = Callable[[str, Figure], None]


@dataclass(frozen=True)
class TileSpec:
    key: str  # a RegionFigures field
    name: str  # shown, translated
    is_rate: bool = False


def _percent(rate: Rate) -> str:
    return "—" if rate.value is None else f"{rate.value * 100:.1f}%"


def _points(now: Rate, earlier: Rate) -> str:
    if now.value is None or earlier.value is None:
        return "—"
    return f"{(now.value - earlier.value) * 100:+.1f}"


class StatsTiles(QWidget):
    """A grid of tiles; ``show_view`` fills them, a click calls ``on_figure``."""

    def __init__(
        self,
        on_figure: OnFigure,
        *,
        columns: int = 9,
        dark: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.on_figure = on_figure
        self.dark = dark
        self.specs = self.tile_specs()
        self.buttons: dict[str, QPushButton] = {}
        self._figures: dict[str, tuple[str, Figure]] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6 if not dark else 16)
        for i, spec in enumerate(self.specs):
            button = _tile(spec.key, dark)
            # No lambda with a default argument for the checked flag: PySide6 then
            # releases the bool it passes once too often (a crash at interpreter exit).
            button.clicked.connect(self._on_click(spec.key))
            grid.addWidget(button, i // columns, i % columns)
            self.buttons[spec.key] = button

    def tile_specs(self) -> list[TileSpec]:
        """The tiles in order (tr() in this class: the translation's context is StatsTiles)."""
        return [
            TileSpec("reported", self.tr("Reported")),
            TileSpec("filed", self.tr("Filed")),
            TileSpec("closed", self.tr("Closed")),
            TileSpec("due", self.tr("Due to close")),
            TileSpec("overdue_open", self.tr("Overdue, open")),
            TileSpec("supervised", self.tr("Supervised")),
            TileSpec("close_rate", self.tr("Close rate"), True),
            TileSpec("on_time_close_rate", self.tr("On-time close rate"), True),
            TileSpec("rework_rate", self.tr("Rework rate"), True),
        ]

    def _on_click(self, key: str) -> Callable[[], None]:
        return lambda: self._clicked(key)

    def _clicked(self, key: str) -> None:
        if key in self._figures:
            name, figure = self._figures[key]
            self.on_figure(name, figure)

    def show_view(self, view: StatsView) -> None:
        for spec in self.specs:
            now = getattr(view.summary, spec.key)
            self._show(self.buttons[spec.key], spec, view, now)
            if spec.is_rate:
                self._figures[spec.key] = (spec.name, now.numerator)
                self.buttons[spec.key].setToolTip(
                    self.tr("{0}: {1} of {2}; click to list those {1} cases").format(
                        spec.name, now.numerator.value, now.denominator.value
                    )
                )
            else:
                self._figures[spec.key] = (spec.name, now)
                self.buttons[spec.key].setToolTip(self.tr("Click to list these cases"))

    def _show(
        self, button: QPushButton, spec: TileSpec, view: StatsView, now: Figure | Rate
    ) -> None:
        prev: RegionFigures = view.previous
        year: RegionFigures = view.last_year
        if isinstance(now, Rate):
            value = _percent(now)
            mom = _points(now, getattr(prev, spec.key))
            yoy = _points(now, getattr(year, spec.key))
        else:
            value = f"{now.value:,}"
            mom = view.change(spec.key, prev).text()
            yoy = view.change(spec.key, year).text()
        name, number, change = button.findChildren(QLabel)[:3]
        set_plain(name, spec.name)
        set_plain(number, value)
        # One line on the laptop; two on the wall, where the type is large.
        gap = "\n" if self.dark else "  "
        set_plain(change, self.tr("MoM {0}").format(mom) + gap + self.tr("YoY {0}").format(yoy))
        button.setAccessibleName(f"{spec.name} {value}")

    def text_of(self, key: str) -> str:
        """What a tile says, as one line (tests, screen checks)."""
        return " ".join(lab.text() for lab in self.buttons[key].findChildren(QLabel))


def _tile(key: str, dark: bool) -> QPushButton:
    """A button with three labels: the name, the value in large type, 环比 and 同比."""
    button = QPushButton()
    button.setObjectName(f"tile_{key}")
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    sizes = (22, 52, 18) if dark else (12, 20, 11)
    color = "#e2e8f0" if dark else "#1f2937"
    if dark:
        button.setStyleSheet(
            "QPushButton{background:#12294a;border:1px solid #1e3a5f;border-radius:8px;}"
            "QPushButton:hover{background:#183865;}"
        )
    box = QVBoxLayout(button)
    box.setContentsMargins(6, 4, 6, 4)
    box.setSpacing(0 if not dark else 6)
    for n, size in enumerate(sizes):
        label = plain_label()
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        weight = "bold" if n == 1 else "normal"
        tone = "#7dd3fc" if dark and n == 1 else ("#2563eb" if n == 1 else color)
        label.setStyleSheet(f"font-size:{size}px;font-weight:{weight};color:{tone};")
        box.addWidget(label)
    button.setMinimumHeight(sum(sizes) + (42 if dark else 24))
    return button
