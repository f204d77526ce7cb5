"""细类 through the core, 立案 time of day, and migration 0005, on real SQLite stores.

A small catalog-v2 fixture (tests/catalog_v2_fixture.py) is used rather than the
shipped catalog: 私搭乱建 has three 细类 with their own limits, 道路不洁 is filed
only after 08:00, and a retired class is kept for past cases.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, time
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine

from gridapp.casework.deadlines import handling_deadline
from gridapp.domain.case import CaseState
from gridapp.domain.catalog import REFERENCE_DIR, load_catalog
from gridapp.domain.workflow import apply_event
from gridapp.errors import ValidationError
from gridapp.store import case_log
from gridapp.store.database import Database, alembic_config, head_revision
from gridapp.workspace import Workspace
from tests.catalog_v2_fixture import (
    BUILDING,
    COVER_UNOWNED,
    COVER_WATER,
    DIRTY_ROAD,
    GARBAGE,
    OLD_COVER_EVENT,
    catalog_data,
    fixture_catalog,
    write_catalog,
)
from tests.core.helpers import URBAN, act, centre, drive, report

S = CaseState


@pytest.fixture
def catalog(tmp_path: Path):
    return fixture_catalog(tmp_path / "catalog")


@pytest.fixture
def cws(store_path: Path, clock, catalog):
    workspace = Workspace.open(store_path, clock=clock, catalog=catalog)
    yield workspace
    workspace.close()


def stored_subclass(ws: Workspace, case_id: str) -> str | None:
    with sqlite3.connect(ws.db.path) as conn:
        return conn.execute("SELECT subclass FROM cases WHERE id = ?", (case_id,)).fetchone()[0]


# -- the catalog's v2 fields ------------------------------------------------------------------


def test_fixture_catalog_parses_the_v2_fields(catalog):
    building = catalog.get(BUILDING)
    assert [s.code for s in building.subclasses] == ["01", "02", "03"]
    assert catalog.subclass(BUILDING, "02").name == "超出许可"
    assert [s.stage for s in building.stages_for("normal", "01")] == ["责令停工", "拆除"]
    assert building.stages_for("normal") == building.limits["normal"]  # no 细类: the class's
    assert building.stages_for("urgent", "03")[0].amount == 7  # urgent falls back to normal
    assert catalog.get(DIRTY_ROAD).file_after == time(8, 0)
    assert catalog.get(COVER_WATER).marking.startswith("井盖上印有")
    assert catalog.get(OLD_COVER_EVENT).retired
    assert catalog.get(OLD_COVER_EVENT).use_instead[-1] == COVER_UNOWNED
    assert not catalog.get("022101").standard and catalog.get(GARBAGE).standard


def test_search_finds_keywords_and_hides_retired_classes(catalog):
    assert [c.code for c in catalog.search("违建")] == [BUILDING]
    covers = [c.code for c in catalog.search("井盖")]
    assert OLD_COVER_EVENT not in covers and COVER_UNOWNED in covers
    assert OLD_COVER_EVENT in [c.code for c in catalog.search("井盖", include_retired=True)]
    assert catalog.search("jgds") == []


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"subclasses": [{"code": "1", "name": "x", "filing_condition": "x",
                          "closing_condition": "x", "time_limits": {}}]}, "细类代码"),
        ({"retired": True}, "use_instead"),
        ({"file_after": "8:00"}, "HH:MM"),
        ({"keywords": ["井盖", ""]}, "keywords"),
        ({"standard": False}, "standard"),
    ],
)  # fmt: skip
def test_bad_v2_fields_are_refused(tmp_path, change, message):
    data = catalog_data()
    data["categories"][0].update(change)
    path = write_catalog(tmp_path, data)
    with pytest.raises(ValidationError) as err:
        load_catalog(path, REFERENCE_DIR / "departments.json")
    assert err.value.code == "catalog_invalid"
    assert message in err.value.message


# -- 细类 on report, 立案 and deadlines ----------------------------------------------------------


def test_report_carries_a_subclass_and_dispatch_uses_its_limits(cws, catalog):
    cid = report(cws, URBAN, category=BUILDING, subclass="02", description="楼顶加盖")
    assert cws.record(cid).subclass == "02"
    assert stored_subclass(cws, cid) == "02"
    drive(cws, cid, S.DISPATCHED)
    record = cws.record(cid)
    start = record.clock_start
    by_subclass = handling_deadline(
        cws.reference.calendar, catalog.get(BUILDING), "normal", start, "02"
    )
    by_class = handling_deadline(cws.reference.calendar, catalog.get(BUILDING), "normal", start)
    assert by_subclass.deadline != by_class.deadline  # 20 工作日 against the class's 2
    assert record.deadline == by_subclass.deadline
    assert [s.stage for s in by_subclass.stages] == ["责令停工", "拆除"]


def test_unknown_subclass_is_refused_clearly(cws):
    with pytest.raises(ValidationError) as err:
        report(cws, URBAN, category=BUILDING, subclass="09")
    assert err.value.code == "unknown_subclass"
    assert err.value.details["field"] == "subclass"
    assert "09" in err.value.message
    with pytest.raises(ValidationError) as err:
        report(cws, URBAN, category=GARBAGE, subclass="01")  # a class without 细类
    assert err.value.code == "unknown_subclass"
    with pytest.raises(ValidationError):
        report(cws, URBAN, category=BUILDING, subclass=1)


def test_filing_sets_changes_or_drops_the_subclass(cws):
    lead = "zhiban"
    plain = report(cws, URBAN, category=BUILDING)
    act(cws, centre(cws, plain)["intake"], plain, "accept")
    act(cws, lead, plain, "file", {"subclass": "03"})
    assert cws.record(plain).subclass == "03"

    moved = report(cws, URBAN, category=BUILDING, subclass="01")
    act(cws, "shouli", moved, "accept")
    with pytest.raises(ValidationError) as err:  # GARBAGE has no 细类 01
        act(cws, lead, moved, "file", {"category_code": GARBAGE, "subclass": "01"})
    assert err.value.code == "unknown_subclass"
    assert cws.record(moved).state is S.REPORTED
    act(cws, lead, moved, "file", {"category_code": GARBAGE})
    record = cws.record(moved)
    assert (record.category_code, record.subclass) == (GARBAGE, None)
    assert stored_subclass(cws, moved) is None


def test_replay_gives_the_stored_subclass(cws):
    cid = report(cws, URBAN, category=BUILDING, subclass="01")
    act(cws, "shouli", cid, "accept")
    act(cws, "zhiban", cid, "file", {"subclass": "02"})
    with cws.db.read() as conn:
        events = case_log.events_of(conn, cid)
        stored = case_log.load_case(conn, cid)
    record = None
    for event in events:
        record = apply_event(record, event)
    assert record == stored and stored.subclass == "02"


# -- 立案 time of day ----------------------------------------------------------------------------


def test_dirty_road_is_filed_only_after_the_morning_sweep(cws, clock):
    clock.now = datetime(2026, 11, 16, 7, 30)
    cid = report(cws, URBAN, category=DIRTY_ROAD, description="路面有泥")
    act(cws, "shouli", cid, "accept")
    with pytest.raises(ValidationError) as err:
        act(cws, "zhiban", cid, "file")
    assert err.value.code == "filing_too_early"
    assert err.value.message == "道路不洁须在早间清扫时段结束（08:00）后立案"
    assert cws.record(cid).state is S.REPORTED
    # Filing a garbage report as 道路不洁 is held to the same hour.
    other = report(cws, URBAN, category=GARBAGE)
    act(cws, "shouli", other, "accept")
    with pytest.raises(ValidationError) as err:
        act(cws, "zhiban", other, "file", {"category_code": DIRTY_ROAD})
    assert err.value.code == "filing_too_early"
    act(cws, "zhiban", other, "file")  # as what it is: no time of day
    clock.now = datetime(2026, 11, 16, 8, 0)
    act(cws, "zhiban", cid, "file")
    assert cws.record(cid).state is S.FILED


# -- migration 0005 ------------------------------------------------------------------------------


def test_migration_0005_adds_and_removes_the_column_keeping_cases(cws, clock):
    cid = report(cws, URBAN, category=BUILDING, subclass="01")
    path = Path(cws.db.path)
    cws.close()
    assert head_revision() is not None
    engine = create_engine(f"sqlite:///{path}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
    engine.dispose()
    with sqlite3.connect(path) as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(cases)")]
        assert "subclass" not in columns
        assert conn.execute("SELECT count(*) FROM cases").fetchone()[0] == 1

    db = Database(path)  # opening upgrades (after a backup) to the head revision
    try:
        with sqlite3.connect(path) as conn:
            version = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            columns = {r[1]: r[2] for r in conn.execute("PRAGMA table_info(cases)")}
        assert version == head_revision()
        assert columns["subclass"].upper().startswith("VARCHAR(2)")
        with db.read() as conn:
            record = case_log.load_case(conn, cid)
        assert record is not None and record.subclass is None  # the old row had none
        assert record.category_code == BUILDING
    finally:
        db.close()
