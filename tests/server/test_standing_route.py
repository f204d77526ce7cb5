"""``GET /standing`` on a real service: the caller's own standing with a rank table that
names nobody; the same figures as the monthly report; other roles refused."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from gridapp.reports.standing import to_json
from gridapp.server.settings import ServerSettings
from gridapp.workspace import Workspace
from tests.core.helpers import Clock
from tests.core.test_report_month import MONTH, hand_worked_month
from tests.live_server import PASSWORD, LiveServer, start_server

OCTOBER = {"start": "2026-10-01", "end": "2026-10-31"}


@pytest.fixture(scope="module")
def served(tmp_path_factory, reference_template: Path):
    """The hand-worked October on a central SQLite store, served (its clock: 21 Nov)."""
    folder = tmp_path_factory.mktemp("standing")
    db = folder / "central.db"
    db.write_bytes(reference_template.read_bytes())
    clock = Clock(datetime(2026, 11, 21, 8, 0))
    ws = Workspace.open(db, clock=clock)
    month = hand_worked_month(ws, clock)
    ws.act_as("ducha")
    report = ws.reports.monthly(MONTH)
    expected = {}
    for who in (month["officer"], "bm-d02"):
        ws.act_as(who)
        expected[who] = to_json(ws.standing.local((date(2026, 10, 1), date(2026, 10, 31))))
    ws.close()
    settings = ServerSettings(db_url=f"sqlite:///{db}", files_dir=folder / "files")
    server = start_server(settings, clock=clock)
    yield server, month, report, expected
    server.stop()


def _get(server: LiveServer, who: str, **params: str):
    with server.client(server.login(who)) as c:
        return c.get("/standing", params=params)


def test_the_officer_gets_their_own_figures_and_a_nameless_rank_table(served):
    server, month, report, expected = served
    officer = month["officer"]
    r = _get(server, officer, **OCTOBER)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["code"] == officer and body["subject"] == "grid_officer"
    # the laptop's figures are the service's; the service adds the rank
    assert {k: v for k, v in body.items() if k not in ("rank", "peers", "snapshot_label")} == {
        k: v for k, v in expected[officer].items() if k not in ("rank", "peers", "snapshot_label")
    }
    row = next(h for h in report.role_holders if h.username == officer)
    assert (body["score"], body["grade"], body["rank"]) == (row.score, row.grade, row.rank)
    peers = body["peers"]
    assert [p["mine"] for p in peers].count(True) == 1
    assert all(set(p) == {"rank", "score", "grade", "mine", "small_sample"} for p in peers)
    others = [h for h in report.role_holders if h.username != officer]
    text = json.dumps(body, ensure_ascii=False)
    assert others and all(h.username not in text and h.display_name not in text for h in others)


def test_no_parameter_reaches_another_users_detail(served):
    server, month, _report, _expected = served
    r = _get(server, "bm-d02", username=month["officer"], department="D12", **OCTOBER)
    assert r.status_code == 200 and r.json()["code"] == "D02"
    body = r.json()
    # the hand-worked 72.67 (tests/core/test_report_month.py::test_departments_by_hand)
    assert (body["score"], body["grade"], body["rank"]) == (pytest.approx(72.67, abs=0.005), "C", 1)
    assert [(p["rank"], p["small_sample"], p["mine"]) for p in body["peers"]] == [
        (1, False, True), (None, True, False), (None, True, False),
    ]  # fmt: skip


def test_month_to_date_by_default(served):
    server, month, _report, _expected = served
    body = _get(server, month["officer"]).json()
    assert (body["period_start"], body["period_end"]) == ("2026-11-01", "2026-11-21")


@pytest.mark.parametrize("who", ["shouli", "zhiban", "paiqian", "ducha", "admin"])
def test_other_roles_are_refused(served, who):
    server, *_ = served
    r = _get(server, who, **OCTOBER)
    assert r.status_code == 403 and r.json()["code"] == "forbidden"


def test_a_bad_period_is_refused(served):
    server, month, *_ = served
    r = _get(server, month["officer"], start="2026-10-31", end="2026-10-01")
    assert r.status_code == 422 and r.json()["code"] == "bad_period"
    assert _get(server, month["officer"], start="2026-13-01").status_code == 422
    far = _get(server, month["officer"], start="9999-12-30", end="9999-12-31")
    assert far.status_code == 422 and far.json()["code"] == "bad_period"


@pytest.mark.parametrize("who", ["officer", "bm-d02"])
def test_a_laptop_computes_its_users_figures_from_its_own_store(served, tmp_path, who):
    """What the user's scope brings to the laptop is enough for their own figures; the
    rank comes from the service (ws.standing.from_service)."""
    server, month, _report, expected = served
    username = month["officer"] if who == "officer" else who
    clock = Clock(datetime(2026, 11, 21, 8, 0))
    laptop = Workspace.open_client(tmp_path / "laptop.db", clock=clock)
    try:
        session = laptop.connect(server.url, tmp_path / "tokens", use_keyring=False)
        session.login(username, PASSWORD)
        for _ in range(5):
            session.sync_now()
        october = (date(2026, 10, 1), date(2026, 10, 31))
        mine = laptop.standing.local(october)
        assert mine.peers is None and mine.rank is None  # no peers' figures on a laptop
        same = ("indicators", "score", "grade", "code", "small_sample")
        assert {k: to_json(mine)[k] for k in same} == {k: expected[username][k] for k in same}
        online = laptop.standing.from_service()  # month to date, with the rank table
        assert online.peers is not None and online.period_start == date(2026, 11, 1)
        assert online.indicators == laptop.standing.local().indicators
        session.close()
    finally:
        laptop.close()
