"""Per-user preferences: saved filters round-trip, stay private, survive reopening and
the upgrade of a store made at revision 0001."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine

from gridapp.domain.case import CaseState, Tier
from gridapp.domain.worktime import OverdueLevel
from gridapp.errors import ValidationError
from gridapp.prefs import query_from_json, query_to_json
from gridapp.store.database import alembic_config, head_revision
from gridapp.workspace import CaseQuery, Workspace
from tests.core.helpers import URBAN, report

FULL = CaseQuery(
    states=(CaseState.DISPATCHED, CaseState.HANDLED),
    category_codes=("020102", "010101"),
    street_code="370306001",
    community_code="370306001001",
    grid_code="370306001001001",
    department_code="D02",
    overdue=OverdueLevel.RED,
    overdue_levels=(OverdueLevel.YELLOW, OverdueLevel.RED),
    tier=Tier.DISTRICT,
    sources=("patrol", "hotline"),
    text="井盖 丝绸路",
    reported_from=datetime(2026, 11, 1),
    reported_to=datetime(2026, 11, 16, 23, 59, 30),
    reported_by="wg001",
    verify_assignee="wg002",
    verify_open=True,
    case_officer="wg003",
    returned=False,
    reworked=True,
    supervised=False,
    has_request=True,
    pending_request="extension",
    sort="deadline",
    descending=False,
    limit=50,
)


def test_query_round_trips_through_json():
    back = query_from_json(query_to_json(FULL))
    assert back == FULL
    assert isinstance(back.states[0], CaseState) and isinstance(back.overdue, OverdueLevel)
    assert isinstance(back.reported_from, datetime) and isinstance(back.tier, Tier)
    assert query_from_json(query_to_json(CaseQuery())) == CaseQuery()
    assert query_from_json('{"states": ["filed"], "gone_field": 1}') == CaseQuery(
        states=(CaseState.FILED,)
    )


def test_saved_filters_are_per_user(ws):
    ws.act_as("paiqian")
    ws.prefs.save("红色超期", FULL)
    ws.prefs.save("已立案", CaseQuery(states=(CaseState.FILED,)))
    assert ws.prefs.list() == sorted(["红色超期", "已立案"])
    assert ws.prefs.load("红色超期") == FULL
    ws.prefs.save("已立案", CaseQuery(states=(CaseState.CLOSED,)))  # overwrite
    assert ws.prefs.load("已立案").states == (CaseState.CLOSED,)

    ws.act_as("paiqian2")
    assert ws.prefs.list() == []
    assert ws.prefs.load("红色超期") is None
    assert ws.prefs.delete("红色超期") is False
    ws.prefs.set("columns", [100, 200])

    ws.act_as("paiqian")
    assert ws.prefs.get("columns") is None
    assert ws.prefs.delete("红色超期") is True
    assert ws.prefs.list() == ["已立案"]
    with pytest.raises(ValidationError):
        ws.prefs.save("  ", CaseQuery())


def test_settings_survive_reopening(store_path, clock):
    with Workspace.open(store_path, clock=clock) as ws:
        ws.act_as("zhiban")
        ws.prefs.set("column_widths", {"number": 170, "address": 230})
        ws.prefs.set("last_queue", "inbox")
        ws.prefs.set("last_queue", "to_close")
        ws.prefs.save("mine", CaseQuery(text="垃圾", offset=400))
    with Workspace.open(store_path, clock=clock) as ws:
        ws.act_as("zhiban")
        assert ws.prefs.get("column_widths") == {"number": 170, "address": 230}
        assert ws.prefs.get("last_queue") == "to_close"
        assert ws.prefs.get("missing", 7) == 7
        assert ws.prefs.load("mine") == CaseQuery(text="垃圾")  # paging is not saved
        assert ws.prefs.remove("last_queue") and ws.prefs.get("last_queue") is None


def test_store_at_0001_upgrades_with_data_intact(store_path: Path, tmp_path: Path, clock):
    """A store made by revision 0001 (cases in it) opens at head with user_settings."""
    with Workspace.open(store_path, clock=clock) as ws:
        cid = report(ws, URBAN, description="旧库里的案卷")
    # take the store back to 0001 as an older gridapp left it
    engine = create_engine(f"sqlite:///{store_path}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0001")
    engine.dispose()
    raw = sqlite3.connect(store_path)
    tables = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "user_settings" not in tables
    assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    raw.close()

    with Workspace.open(store_path, clock=clock) as ws:
        ws.act_as("zhiban")
        rec = ws.record(cid)
        assert rec.description == "旧库里的案卷" and rec.state is CaseState.REPORTED
        ws.prefs.save("after upgrade", CaseQuery(states=(CaseState.REPORTED,)))
        assert ws.prefs.list() == ["after upgrade"]
    raw = sqlite3.connect(store_path)
    assert raw.execute("SELECT version_num FROM alembic_version").fetchone() == (head_revision(),)
    raw.close()
    assert head_revision() != "0001"
