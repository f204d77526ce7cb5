"""分层分级 through the Workspace, on a real SQLite store.

Town-tier cases handled by their own town centre, 上报区级 (escalate), 下派 (hand down).
"""

from __future__ import annotations

import pytest

from gridapp.domain.case import CaseState, Tier
from gridapp.errors import DomainError, NotFoundError, ValidationError
from tests.core.helpers import (
    BEIJIAO,
    NUMBER,
    URBAN,
    act,
    drive,
    officer_of,
    report,
    snapshot,
    state,
    town_case,
)

S = CaseState


# -- 分层分级: the town tier ------------------------------------------------------------------


def test_town_case_is_handled_by_its_town_centre(ws):
    cid = town_case(ws)
    rec = ws.record(cid)
    assert rec.tier is Tier.TOWN and rec.street_code == BEIJIAO
    with pytest.raises(DomainError) as err:
        act(ws, "shouli", cid, "accept")
    assert err.value.code == "out_of_scope"
    with pytest.raises(NotFoundError) as nf:
        act(ws, "nj-shouli", cid, "accept")
    assert nf.value.code == "unknown_case"  # another town does not even see it
    act(ws, "bj-shouli", cid, "accept")
    act(ws, "bj-zhiban", cid, "file")
    assert NUMBER.match(ws.record(cid).number)

    ws.act_as("bj-paiqian")
    suggested, options = ws.dispatch_options(cid)
    assert suggested.code == "T101HW"  # the town's 环卫 for a district default of D02
    assert {d.code for d in options} == {"T101ZF", "T101HW", "T101CJ", "T101LH"}

    with pytest.raises(DomainError) as err:
        act(ws, "paiqian", cid, "dispatch")
    assert err.value.code == "out_of_scope"
    before = snapshot(ws)
    for dept in ("D02", "T102HW"):
        with pytest.raises(DomainError) as err:
            act(ws, "bj-paiqian", cid, "dispatch", {"department_code": dept})
        assert err.value.code == "department_not_allowed"
    assert snapshot(ws) == before
    act(ws, "bj-paiqian", cid, "dispatch", {"department_code": "T101ZF"})
    assert ws.record(cid).department_code == "T101ZF"
    act(ws, "bm-t101zf", cid, "handle", {"note": "ok"})
    act(ws, officer_of(ws, rec.grid_code), cid, "check", {"result": True})
    with pytest.raises(DomainError) as err:
        act(ws, "zhiban", cid, "close")
    assert err.value.code == "out_of_scope"
    act(ws, "bj-zhiban", cid, "close")
    assert state(ws, cid) is S.CLOSED


def test_district_dispatch_of_town_case_is_out_of_scope_whatever_the_department(ws):
    cid = town_case(ws)
    drive(ws, cid, S.FILED)
    with pytest.raises(DomainError) as err:
        act(ws, "paiqian", cid, "dispatch", {"department_code": "D02"})
    assert err.value.code == "out_of_scope"


def test_escalate_and_hand_down(ws):
    cid = town_case(ws, index=2)
    act(ws, "bj-shouli", cid, "accept")
    with pytest.raises(ValidationError) as err:
        act(ws, "bj-shouli", cid, "escalate")
    assert err.value.code == "missing_field"  # escalate needs a reason
    act(ws, "bj-zhiban", cid, "escalate", {"reason": "跨镇街，需区级协调"})
    rec = ws.record(cid)
    assert rec.tier is Tier.DISTRICT and rec.street_code == BEIJIAO
    with pytest.raises(DomainError) as err:
        act(ws, "bj-zhiban", cid, "file")
    assert err.value.code == "out_of_scope"
    act(ws, "zhiban", cid, "file")
    ws.act_as("paiqian")
    suggested, _options = ws.dispatch_options(cid)
    assert suggested.code == "D02"

    # a district case in a town goes back down
    act(ws, "shouli", cid, "hand_down", {"note": "属镇街职责"})
    assert ws.record(cid).tier is Tier.TOWN
    with pytest.raises(DomainError) as err:
        act(ws, "paiqian", cid, "dispatch")
    assert err.value.code == "out_of_scope"
    act(ws, "bj-paiqian", cid, "dispatch")
    assert ws.record(cid).department_code == "T101HW"
    with pytest.raises(DomainError) as err:
        act(ws, "bj-zhiban", cid, "escalate", {"reason": "x"})
    assert err.value.code == "wrong_state"


def test_hand_down_refused_where_there_is_no_town_centre(ws):
    cid = report(ws, URBAN)
    with pytest.raises(DomainError):
        act(ws, "shouli", cid, "hand_down")
