"""回访率, 满意率, 重办数 and the 智能派单 改派 share on a month worked by hand.

November 2026. Citizens' cases (hotline/public) in 丝绸路街道 (U1) and 大街街道 (U2);
暴露垃圾 goes to D02, 消防设施 to D12.
  P  hotline U1, closed 3 Nov; 回访 3 Nov not reached, 4 Nov reached 满意.
  Q  public U1, closed 5 Nov; 回访 不满意 → 重办 5 Nov; closed again 6 Nov; 回访 9 Nov 基本满意.
  R  hotline U2 消防设施 (D12), closed 10 Nov; never called back.
  S  patrol U1, closed 11 Nov: not a citizen's case, counted nowhere.
  T  hotline U1, closed 30 Oct; 回访 2 Nov reached 不满意 (no 重办).
  U  hotline U1, closed 28 Nov; 回访 1 Dec (after the month).
回访率 = called back after a 结案 in Nov / closed in Nov = {P, Q} / {P, Q, R, U} = 2/4.
满意率 = last verdict 满意/基本满意 / reached in Nov = {P, Q} / {P, Q, T} = 2/3.
重办数 = {Q}. D02: 2/3 called back, 2/3 satisfied, 1 重办; D12: 0/1, no verdict.
U1: 2/3 and 2/3; U2: 0/1.
智能派单: a rule 暴露垃圾 · 大街街道 → D03 (automatic) from 12 Nov. V filed 12 Nov (auto →
D03, 改派 to D02 by the shift lead), W filed 13 Nov (auto → D03, stays):
dispatched {V, W}, reassigned {V}: 1/2.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert

from gridapp.domain.case import CaseState
from gridapp.reports.model import Figure
from gridapp.store.schema import routing_rules
from tests.core.helpers import GARBAGE, HYDRANT, URBAN, URBAN2, act, drive, report

U1, U2 = URBAN, URBAN2


def at(clock, text: str) -> None:
    clock.now = datetime.fromisoformat(f"2026-{text}")


def _closed(ws, clock, when: str, source: str, street: str = U1, category: str = GARBAGE):
    at(clock, when)
    cid = report(ws, street, source=source, category=category, reporter_phone="13812341234")
    drive(ws, cid, CaseState.CLOSED)
    return cid


def _call(ws, clock, when: str, cid: str, verdict: str | None) -> None:
    at(clock, when)
    payload = {"reached": verdict is not None}
    if verdict:
        payload["satisfaction"] = verdict
    act(ws, "shouli", cid, "callback", payload)


def _numbers(ws, ids: dict[str, str], *letters: str) -> Figure:
    return Figure.of(ws.record(ids[x]).number for x in letters)


def callback_month(ws, clock) -> tuple[dict[str, str], int]:
    """The cases P–W above (ids by letter) and the automatic rule's id."""
    ids = {}
    ids["T"] = _closed(ws, clock, "10-30T09:00", "hotline")
    ids["P"] = _closed(ws, clock, "11-03T09:00", "hotline")
    _call(ws, clock, "11-03T15:00", ids["P"], None)
    _call(ws, clock, "11-04T09:00", ids["P"], "satisfied")
    _call(ws, clock, "11-02T10:00", ids["T"], "unsatisfied")
    ids["Q"] = _closed(ws, clock, "11-05T09:00", "public")
    _call(ws, clock, "11-05T10:00", ids["Q"], "unsatisfied")
    act(ws, "shouli", ids["Q"], "reopen", {"reason": "群众不满意"})
    at(clock, "11-06T09:00")
    drive(ws, ids["Q"], CaseState.CLOSED)
    _call(ws, clock, "11-09T09:00", ids["Q"], "basic")
    ids["R"] = _closed(ws, clock, "11-10T09:00", "hotline", U2, HYDRANT)
    ids["S"] = _closed(ws, clock, "11-11T09:00", "patrol")
    ids["U"] = _closed(ws, clock, "11-28T09:00", "hotline")
    _call(ws, clock, "12-01T09:00", ids["U"], "satisfied")
    # 智能派单
    with ws.db.write() as conn:
        rule = conn.execute(
            insert(routing_rules)
            .values(category_code=GARBAGE, street_code=U2, department_code="D03", automatic=True)
            .returning(routing_rules.c.id)
        ).scalar_one()
    ws.reload_reference()
    at(clock, "11-12T09:00")
    ids["V"] = report(ws, U2)
    drive(ws, ids["V"], CaseState.FILED)
    assert ws.record(ids["V"]).department_code == "D03"
    act(ws, "zhiban", ids["V"], "reassign", {"department_code": "D02", "reason": "规则有误"})
    at(clock, "11-13T09:00")
    ids["W"] = report(ws, U2)
    drive(ws, ids["W"], CaseState.FILED)
    at(clock, "12-02T09:00")
    return ids, rule


def test_callback_figures_by_hand(ws, clock):
    ids, rule = callback_month(ws, clock)

    rep = ws.reports.monthly("2026-11")
    s = rep.satisfaction
    assert s is not None
    n = lambda *xs: _numbers(ws, ids, *xs)  # noqa: E731
    assert s.total.closed == n("P", "Q", "R", "U")
    assert s.total.called_back == n("P", "Q")
    assert s.total.callback_rate.value == 0.5
    assert s.total.reached == n("P", "Q", "T")
    assert s.total.satisfied == n("P", "Q")
    assert abs(s.total.satisfaction_rate.value - 2 / 3) < 1e-9
    assert s.total.reopened == n("Q")
    depts = {r.code: r for r in s.departments}
    assert set(depts) == {"D02", "D12"}
    assert (depts["D02"].closed, depts["D02"].called_back) == (n("P", "Q", "U"), n("P", "Q"))
    assert depts["D02"].satisfied == n("P", "Q") and depts["D02"].reached == n("P", "Q", "T")
    assert depts["D02"].reopened == n("Q")
    assert depts["D12"].closed == n("R") and depts["D12"].callback_rate.value == 0.0
    assert depts["D12"].satisfaction_rate.value is None
    assert [r.code for r in s.departments] == ["D02", "D12"]  # worst 满意率 first, none last
    streets = {r.code: r for r in s.streets}
    assert streets[U1].callback_rate.value == 2 / 3
    assert abs(streets[U1].satisfaction_rate.value - 2 / 3) < 1e-9
    assert streets[U2].closed == n("R") and streets[U2].called_back == Figure.of(())
    assert any("回访率" in note for note in rep.notes)

    (row,) = rep.auto_dispatch
    assert row.rule_id == rule and "大街街道" in row.label and "规则" in row.label
    assert row.dispatched == n("V", "W") and row.reassigned == n("V")
    assert row.share.value == 0.5

    # October: T's closure counts there (not called back by 31 Oct); no 智能派单 then
    octo = ws.reports.monthly("2026-10")
    assert octo.satisfaction.total.closed == n("T")
    assert octo.satisfaction.total.called_back == Figure.of(())
    assert octo.auto_dispatch is None
