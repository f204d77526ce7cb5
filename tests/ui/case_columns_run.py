"""Run by tests/ui/test_case_columns.py in its own process, on an offscreen screen of
a given size (the platform takes its screens at start-up): the main window of each
user on a copy of the case-list store, as the app shows it (zh_CN, CJK font), and
what its case list shows, as JSON on stdout.

    python -m tests.ui.case_columns_run STORE SCREEN_JSON USER...
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def main(store: Path, screen: Path, users: list[str]) -> None:
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem

    from ui.map.schemes import register_schemes

    register_schemes()
    app = QApplication([])
    app.setOrganizationName("gridapp")
    app.setApplicationName("gridapp")
    from gridapp.domain.case import CaseState
    from gridapp.workspace import CaseQuery, Workspace
    from tests.ui.cases_helpers import NOW
    from ui.app import install_translation, use_cjk_font
    from ui.cases.case_columns import COLUMNS
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner

    install_translation(app, "zh_CN")
    use_cjk_font(app)
    out = {}
    ws = Workspace.open(store, clock=lambda: NOW)
    for user in users:
        ws.act_as(user)
        window = MainWindow(ws, TaskRunner(inline=True))
        window.show()
        app.processEvents()
        cases = window.cases
        cases.set_query(CaseQuery(states=(CaseState.DISPATCHED,)))
        app.processEvents()
        table, header = cases.table, cases.table.horizontalHeader()
        style = table.style()
        icon = style.pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, table)
        margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
        clipped = []
        for row in range(cases.model.rowCount()):
            for key in cases.columns.visible()[:-1]:  # the last one stretches
                index = cases.model.index(row, COLUMNS.index(key))
                option = QStyleOptionViewItem()
                option.initFrom(table)
                table.itemDelegateForIndex(index).initStyleOption(option, index)
                option.decorationSize = QSize(icon, icon)
                option.rect = table.visualRect(index)
                room = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, table)
                text = index.data() or ""
                if table.fontMetrics().horizontalAdvance(text) > room.width() - 2 * margin:
                    clipped.append([key, text])
        shown = cases.columns.visible()
        column = COLUMNS.index("remaining")
        remaining = {
            cases.model.index(r, column).data() or "" for r in range(cases.model.rowCount())
        }
        out[user] = {
            "screen": app.primaryScreen().availableGeometry().width(),
            "window": window.width(),
            "viewport": table.viewport().width(),
            "shown": shown,
            "right": max(
                header.sectionViewportPosition(COLUMNS.index(k))
                + header.sectionSize(COLUMNS.index(k))
                for k in shown
            ),
            "rows": cases.model.rowCount(),
            "clipped": clipped[:5],
            "texts": sorted(remaining)[:5],
        }
        window.map.close()
        window.close()
    ws.close()
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3:])
