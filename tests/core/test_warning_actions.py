"""A warning turned into 督办 on its cases, or into a 专项整治 with its own deadline."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from gridapp.domain.case import CaseState
from gridapp.early_warning.model import WarningKind
from gridapp.errors import ValidationError
from tests.core.helpers import URBAN, act, drive, officer_of, report

S = CaseState
NOW = datetime(2026, 11, 19, 16, 0)


def _recurring(ws, clock) -> tuple[object, list[str]]:
    """Four 暴露垃圾 in one grid this week: two dispatched, one reported, one closed."""
    ids = []
    for n, target in ((4, S.CLOSED), (3, S.DISPATCHED), (2, S.DISPATCHED), (1, S.REPORTED)):
        clock.now = NOW - timedelta(days=n)
        cid = report(ws, URBAN, index=0, source="camera")
        drive(ws, cid, target, department="D02")
        ids.append(cid)
    clock.now = NOW
    ws.act_as("zhiban")
    (warning,) = [w for w in ws.warnings.evaluate() if w.kind is WarningKind.RECURRING]
    assert set(warning.case_ids) == set(ids)
    return warning, ids


def test_warning_to_supervise_each_case_checked_on_its_own(ws, clock):
    warning, (closed, d1, d2, fresh) = _recurring(ws, clock)
    ws.act_as("ducha")
    outcome = ws.warnings.supervise(warning.case_ids, note="限期处置")
    assert set(outcome.done) == {d1, d2}
    assert set(outcome.refused) == {closed, fresh}  # 督办 is for cases being handled
    assert all("督办" in why for why in outcome.refused.values())
    assert [ws.record(c).supervise_count for c in (closed, d1, d2, fresh)] == [0, 1, 1, 0]
    detail = ws.case(d1)
    assert [e.text for e in detail.timeline if e.action == "supervise"] == ["限期处置"]
    # one chosen case only
    assert ws.warnings.supervise([d2]).done == (d2,)
    assert ws.record(d2).supervise_count == 2
    # a department may not 督办
    ws.act_as("bm-d02")
    assert ws.warnings.supervise([d1]).refused.keys() == {d1}


def test_warning_to_campaign_with_deadline_and_progress(ws, clock):
    warning, (closed, d1, d2, fresh) = _recurring(ws, clock)
    ws.act_as("zhiban")
    with pytest.raises(ValidationError) as err:
        ws.warnings.start_campaign(" ", date(2026, 12, 31), warning.case_ids)
    assert err.value.code == "bad_campaign"
    outcome = ws.warnings.start_campaign(
        "丝绸路暴露垃圾专项整治", date(2026, 11, 30), warning.case_ids, warning=warning
    )
    assert set(outcome.done) == {d1, d2} and set(outcome.refused) == {closed, fresh}
    (camp,) = ws.warnings.campaigns()
    assert (camp.id, camp.name, camp.deadline) == (
        outcome.campaign_id,
        "丝绸路暴露垃圾专项整治",
        date(2026, 11, 30),
    )
    assert camp.warning == warning.key and camp.started_by == "zhiban"
    assert set(camp.case_ids) == {d1, d2} and (camp.closed, camp.total) == (0, 2)
    assert ws.record(d1).supervise_count == 1  # it is a 督办 too
    (entry,) = [e for e in ws.case(d1).timeline if e.action == "supervise"]
    assert entry.text == "专项整治「丝绸路暴露垃圾专项整治」，期限 2026-11-30"
    # progress follows the cases
    officer = officer_of(ws, ws.record(d1).grid_code)
    act(ws, "bm-d02", d1, "handle", {"note": "已清运"})
    act(ws, officer, d1, "check", {"result": True})
    act(ws, "zhiban", d1, "close")
    (camp,) = ws.warnings.campaigns()
    assert (camp.closed, camp.total, camp.progress) == (1, 2, 0.5)
    assert not camp.late(date(2026, 11, 30)) and camp.late(date(2026, 12, 1))
    # scope: a town centre sees no campaign of the urban street
    ws.act_as("bj-zhiban")
    assert ws.warnings.campaigns() == []


def test_campaign_tag_is_checked_in_the_event_payload(ws, clock):
    _warning, (_closed, d1, _d2, _fresh) = _recurring(ws, clock)
    for bad in (
        {"id": "x", "name": "a", "deadline": "2026-12-01"},
        {"id": "12345678-aaaa", "name": "a", "deadline": "soon"},
        {"id": "12345678-aaaa", "name": "a", "deadline": "2026-12-01", "extra": 1},
        "整治",
    ):
        with pytest.raises(ValidationError):
            act(ws, "zhiban", d1, "supervise", {"campaign": bad})
    assert ws.record(d1).supervise_count == 0
