"""The checker behind "the Chinese interface shows no English" on widgets that must (not)
be reported; the walk over every role's screens under zh_CN is in test_screenshots.py."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from ui.screen_checks import english, fit_problems, language_problems, translated_sources


def test_the_checker_reports_english_and_passes_chinese(qtbot, chinese):
    assert "On time" in translated_sources()
    assert english("On time") and english("Overdue by 3 d 4 h") and english("Work queues")
    assert not english("正常") and not english("已超期 3天4小时") and not english("wg001")
    assert not english("https://t0.tianditu.gov.cn/{z}/{x}/{y}") and not english("PDF")
    window = QWidget()
    qtbot.addWidget(window)
    box = QComboBox()
    box.addItems(["一般", "Urgent"])
    layout = QVBoxLayout(window)
    layout.addWidget(QLabel("剩余 2小时"))
    layout.addWidget(QLabel("Red: overdue"))
    layout.addWidget(box)
    window.setWindowTitle("网格化管理")
    window.show()
    found = language_problems("probe", window)
    assert any("Red: overdue" in p for p in found) and any("Urgent" in p for p in found)
    assert not any("剩余" in p or "一般" in p for p in found)


def test_the_checker_reports_a_window_too_big_and_a_clipped_label(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    label = QLabel("处置时限 2026-12-08 10:42（紧急工作日）")
    label.setFixedWidth(60)
    QVBoxLayout(window).addWidget(label)
    screen = window.screen().availableGeometry()
    window.resize(screen.width() + 200, 300)
    window.show()
    found = fit_problems("probe", window)
    assert any("does not fit the screen" in p for p in found)
    assert any("clipped" in p and "处置时限" in p for p in found)
    window.resize(400, 300)
    label.setFixedWidth(380)
    assert fit_problems("probe", window) == []
