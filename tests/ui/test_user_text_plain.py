"""Markup in case text is shown as text, in every widget that shows a case.

A month whose description, address, reporter name, notes, reasons and names are
``<h1>【系统通知】…</h1><img src="file:///etc/passwd">`` (and ``=HYPERLINK(…)``) is built
through the real workflow (``tests/reports/hostile.py``). The real widgets are opened
offscreen and walked: every QLabel, widget tooltip, item view cell and item tooltip,
and text edit. Text is *displayed* literally when Qt takes it as plain text, or when
the rich text it renders reads back as the same characters; a label or tooltip that
renders the markup (a heading, an image: U+FFFC in the read-back) fails.
"""

from __future__ import annotations

import json

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from sqlalchemy import select

from gridapp.domain.actions import Action
from gridapp.store.schema import case_events
from gridapp.sync.local import mark_rejected
from gridapp.sync.session import RefusedItem
from gridapp.workspace import CaseQuery
from tests.reports import hostile
from tests.ui.detail_helpers import make_view, open_case
from ui.cases.case_list import CaseListView
from ui.detail.action_forms import FORMS, dialog_for
from ui.report.duplicates import DuplicateWarning
from ui.sync.refused_panel import RefusedPanel
from ui.tasks import TaskRunner

REFUSED = "<h1>服务端拒绝</h1>" + hostile.IMG  # a reason quoting what was sent


def _renders_rich(text: str, fmt: Qt.TextFormat) -> bool:
    return fmt == Qt.TextFormat.RichText or (
        fmt == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    )


def displayed(text: str, fmt: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """What the user reads: the text itself, or what its rich-text rendering shows.
    A rich text that loads an image fails here (Qt would fetch its source)."""
    if not text or not _renders_rich(text, fmt):
        return text or ""
    doc = QTextDocument()
    doc.setHtml(text)
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            assert not fragment.charFormat().isImageFormat(), ("image in", text)
            it += 1
        block = block.next()
    return doc.toPlainText()


def _model_texts(model, parent: QModelIndex = QModelIndex()) -> list[tuple[str, str]]:  # noqa: B008
    out = []
    try:
        columns = max(1, model.columnCount(parent))
    except TypeError:  # a list widget's model keeps columnCount private: one column
        columns = 1
    for row in range(model.rowCount(parent)):
        for column in range(columns):
            index = model.index(row, column, parent)
            for role, kind in ((Qt.ItemDataRole.DisplayRole, "cell"),
                               (Qt.ItemDataRole.ToolTipRole, "tip")):  # fmt: skip
                value = index.data(role)
                if isinstance(value, str) and value:
                    # a cell is painted as plain text; a tooltip is auto-detected
                    out.append((kind, value if kind == "cell" else displayed(value)))
            if column == 0:
                out.extend(_model_texts(model, index))
    return out


def shown_texts(root: QWidget) -> list[str]:
    """Every text ``root`` and its children show, as the user reads it."""
    widgets = [root, *root.findChildren(QWidget)]
    texts: list[str] = []
    for w in widgets:
        if isinstance(w, QLabel):
            texts.append(displayed(w.text(), w.textFormat()))
        if w.toolTip():
            texts.append(displayed(w.toolTip()))
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            texts.extend(text for _kind, text in _model_texts(w.model()))
        if isinstance(w, QTextEdit):
            texts.append(displayed(w.toHtml(), Qt.TextFormat.RichText))
        if isinstance(w, QPlainTextEdit):
            texts.append(w.toPlainText())
    return texts


def assert_literal(texts: list[str], *expected: str) -> None:
    """Each expected text is shown, character for character; nothing shows the
    markup's rendering (its text without the tags) instead."""
    blob = "\n".join(texts)
    for text in expected:
        assert text in blob, f"not shown literally: {text!r}"
    for text in texts:
        if "【系统通知】" in text or "passwd" in text:
            assert "<" in text, f"markup rendered instead of shown: {text!r}"


@pytest.fixture
def month(ws, clock) -> dict[str, str]:
    ids = hostile.build_month(ws, clock)
    # a refused event in the log (the timeline shows it red, its reason as a tooltip)
    ws.act_as("shouli")
    ws.act(ids["open"], Action.ACCEPT, {"note": hostile.ACCEPT_NOTE})
    with ws.db.write() as conn:
        event_id = conn.execute(
            select(case_events.c.id)
            .where(case_events.c.case_id == ids["open"])
            .order_by(case_events.c.n.desc())
        ).first()[0]
        mark_rejected(conn, event_id, "bad_event", REFUSED)
    return ids


def test_detail_view_shows_every_field_and_timeline_literally(qtbot, ws, month):
    view = make_view(qtbot, ws)
    open_case(qtbot, view, "zhiban", month["worked"])
    v = view.values
    assert view.description.text() == hostile.DESCRIPTION
    assert v["address"].text() == hostile.ADDRESS
    assert v["reporter"].text() == hostile.REPORTER
    for label in (view.description, *v.values()):
        assert label.textFormat() == Qt.TextFormat.PlainText
    texts = shown_texts(view)
    assert_literal(
        texts,
        hostile.DESCRIPTION,
        hostile.ADDRESS,
        hostile.REPORTER,
        hostile.ACCEPT_NOTE,
        hostile.RETURN_REASON,
        hostile.EXTENSION_REASON,
        hostile.SUPERVISE_NOTE,
        hostile.HANDLE_NOTE,
        hostile.CHECK_NOTE,
        hostile.DEPT_NAME,  # department field and the timeline's "to …"
        hostile.OFFICER_NAME,  # reported by, and the timeline's who
        hostile.DUCHA_NAME,
        hostile.GRID_NAME,
    )
    note_tips = [
        view.timeline.topLevelItem(r).toolTip(4) for r in range(view.timeline.topLevelItemCount())
    ]
    assert any(hostile.CHECK_NOTE in displayed(tip) for tip in note_tips)


@pytest.mark.parametrize("key", ["rejected", "voided", "suspended", "open"])
def test_reasons_and_refused_events_in_the_timeline(qtbot, ws, month, key):
    view = make_view(qtbot, ws)
    open_case(qtbot, view, "zhiban", month[key])
    expected = {
        "rejected": [hostile.REJECT_REASON, hostile.ACCEPT_NOTE, hostile.SHOULI_NAME],
        "voided": [hostile.VOID_REASON, hostile.ZHIBAN_NAME],
        "suspended": [hostile.SUSPEND_REASON, hostile.DEPT_USER_NAME, hostile.PAIQIAN_NAME],
        "open": [hostile.DESCRIPTION, REFUSED],  # REFUSED: the status column's tooltip
    }[key]
    assert_literal(shown_texts(view), *expected)


def test_every_action_dialog_shows_case_text_literally(qtbot, ws, month):
    ws.act_as("zhiban")
    detail = ws.case(month["worked"])
    runner = TaskRunner(inline=True)
    for action in FORMS:
        dialog = dialog_for(ws, runner, detail, action)
        qtbot.addWidget(dialog)
        if action is Action.MERGE:  # the other open cases found by a search
            dialog.search.setText("地址")
            dialog.run_search()
        texts = shown_texts(dialog)
        assert_literal(texts, hostile.ADDRESS)  # the header every dialog has
        if action is Action.VERIFY_REPORT:
            assert_literal(texts, hostile.DESCRIPTION)
        if action is Action.MERGE:
            assert_literal(texts, hostile.ADDRESS + "　" + hostile.DESCRIPTION[:40])
        dialog.close()


def test_case_list_cells_and_tooltips(qtbot, ws, month):
    ws.act_as("zhiban")
    view = CaseListView(ws, TaskRunner(inline=True))
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.set_query(CaseQuery())
    qtbot.waitUntil(lambda: view.model.rowCount() >= 4, timeout=5000)
    assert_literal(shown_texts(view), hostile.ADDRESS, hostile.DEPT_NAME)


def test_refused_panel_shows_the_service_reason_literally(qtbot, ws, month):
    panel = RefusedPanel(ws, TaskRunner(inline=True))
    qtbot.addWidget(panel)
    item = RefusedItem(
        event_id="e1",
        case_id=month["open"],
        number="临-20261020-000001",
        action="accept",
        action_label="受理",
        at=ws.clock(),
        code="bad_event",
        message=REFUSED,
        hint_code="fix_and_redo",
        hint="修改后重做",
        case_exists=True,
        can_recreate=False,
    )
    panel._show(([item], []))
    tips = [panel.table.item(0, c).toolTip() for c in range(panel.table.columnCount())]
    assert REFUSED in displayed(tips[3])
    assert_literal(shown_texts(panel), REFUSED)


def test_duplicate_warning_quotes_addresses_literally(qtbot, ws, clock, month):
    hostile.at(clock, "10-20T10:00")  # the warning looks back 72 hours
    ws.act_as("zhiban")
    warning = DuplicateWarning(ws, TaskRunner(inline=True))
    qtbot.addWidget(warning)
    case = ws.record(month["open"])
    with qtbot.waitSignal(warning.checked, timeout=5000):
        warning.check(case.category_code, (case.lon, case.lat))
    assert_literal(shown_texts(warning), hostile.ADDRESS[:40])


def test_map_popup_and_grid_tooltip_are_text(qtbot, ws, month):
    from tests.ui.map_helpers import dispose, js, open_map, show, stats

    ws.act_as("zhiban")
    view = open_map(qtbot, ws)
    try:
        show(qtbot, view)
        view.select_case(month["open"])
        qtbot.waitUntil(
            lambda: hostile.ADDRESS in (stats(qtbot, view)["popupText"] or ""), timeout=10_000
        )
        count = "document.querySelectorAll('.leaflet-popup-content {}').length"
        assert js(qtbot, view, count.format("img")) == 0
        assert js(qtbot, view, count.format("h1")) == 0
        grid = ws.record(month["open"]).grid_code
        tip = js(
            qtbot,
            view,
            "(function(){var t=null;GridMap.grids.eachLayer(function(l){"
            f"if(l.feature.properties.code==={json.dumps(grid)}){{l.openTooltip();"
            "t=l.getTooltip().getElement();}});"
            "return JSON.stringify(t?{text:t.textContent,img:t.querySelectorAll('img').length,"
            "h3:t.querySelectorAll('h3').length}:null);})()",
        )
        assert tip is not None and hostile.GRID_NAME in tip["text"], tip
        assert tip["img"] == 0 and tip["h3"] == 0
    finally:
        dispose(view)


def test_monthly_dialog_texts(qtbot, ws, month):
    from ui.monthly.report_dialog import MonthlyReportDialog

    ws.act_as("ducha")
    dialog = MonthlyReportDialog(ws, TaskRunner(inline=True))
    qtbot.addWidget(dialog)
    dialog.month.setCurrentText(hostile.MONTH)
    with qtbot.waitSignal(dialog.generated, timeout=30_000):
        qtbot.mouseClick(dialog.generate_button, Qt.MouseButton.LeftButton)
    assert dialog.status.textFormat() == Qt.TextFormat.PlainText
    assert_literal(shown_texts(dialog))


def test_error_message_box_quotes_the_message_literally(qtbot):
    from PySide6.QtWidgets import QMessageBox

    from gridapp.errors import DomainError
    from ui.errors import show_error

    parent = QWidget()
    qtbot.addWidget(parent)
    show_error(parent, DomainError("bad_event", REFUSED))
    (box,) = parent.findChildren(QMessageBox)
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert_literal(shown_texts(box), REFUSED)
    box.close()
