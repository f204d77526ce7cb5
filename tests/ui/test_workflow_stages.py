"""The screens read as the workflow: a case the desk accepted and had verified shows as
待立案 (not 待受理), sits in the shift lead's 待立案 queue, and the desk is not offered
派发核实 again. Checked on the real widgets over a real store (labels in English here:
the stage, not a translation, is what is compared)."""

from __future__ import annotations

from gridapp.domain.actions import Action
from gridapp.domain.stages import Stage
from tests.core.helpers import URBAN, act, report
from tests.ui.detail_helpers import buttons, make_view, open_case
from ui.cases.case_list import CaseListView
from ui.cases.case_table_model import COLUMNS
from ui.cases.queue_panel import QueuePanel
from ui.labels import stage_label
from ui.tasks import TaskRunner


def verified_report(ws) -> str:
    cid = report(ws, URBAN, index=2, source="public")
    act(ws, "shouli", cid, "accept")
    act(ws, "shouli", cid, "request_verify")
    act(ws, ws.record(cid).verify_assignee, cid, "verify_report", {"result": True})
    return cid


def test_verified_case_reads_to_file_and_is_not_sent_to_verify_again(qtbot, ws):
    cid = verified_report(ws)
    fresh = report(ws, URBAN, index=1)  # nobody accepted it: that one is 待受理

    view = open_case(qtbot, make_view(qtbot, ws), "shouli", cid)
    assert view.state.text() == stage_label(Stage.AWAITING_FILING) == "To file"
    desk = buttons(view)
    assert Action.REQUEST_VERIFY not in desk and Action.ACCEPT not in desk
    open_case(qtbot, view, "shouli", fresh)
    assert view.state.text() == stage_label(Stage.AWAITING_INTAKE)
    assert Action.ACCEPT in buttons(view) and Action.REQUEST_VERIFY in buttons(view)
    open_case(qtbot, view, "zhiban", cid)
    assert Action.FILE in buttons(view)  # the shift lead's step now

    ws.act_as("zhiban")
    runner = TaskRunner(inline=True)
    panel = QueuePanel(ws, runner)
    qtbot.addWidget(panel)
    assert panel.counts["to_file"] == 1 and panel.counts["inbox"] == 1
    tip = panel.list.item([q.id for q in panel.queues].index("to_file")).toolTip()
    assert tip  # says what the shift lead does next
    cases = CaseListView(ws, runner)
    qtbot.addWidget(cases)
    cases.set_query(panel.queue("to_file").query)
    qtbot.waitUntil(lambda: cases.model.rowCount() == 1)
    row = cases.model.index(0, COLUMNS.index("state"))
    assert cases.model.case_at(0).id == cid
    assert row.data() == stage_label(Stage.AWAITING_FILING)
