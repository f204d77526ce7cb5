"""A store of the version-1 catalog upgrades to the national codes without changing any case.

The month is built by the version-1 program (its catalog, no version marks), the store
put back to the revision before the upgrade, and opened with today's program: every
case keeps its class under the new code, every payload is marked, what was sent stays
as sent, and the month's report gives the same figures — only the codes and names of
the classes printed differ.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from datetime import date, datetime

import pytest
from sqlalchemy import select

from gridapp.demo.build import build_demo_store
from gridapp.domain.case import CaseState
from gridapp.domain.catalog import load_catalog
from gridapp.domain.catalog_versions import CATALOG_KEY, codes_as_current, v1_to_v2
from gridapp.errors import ValidationError
from gridapp.store.schema import cases
from gridapp.workspace import Workspace
from tests.core.catalog_v1 import (
    GARBAGE_V1,
    HEAT_COVER_V1,
    HYDRANT_V1,
    ILLEGAL_BUILDING_V1,
    POLICE_COVER_V1,
    STREET_TRADE_V1,
    WASTE_V1,
    as_v1_store,
    v1_catalog,
)
from tests.core.helpers import URBAN, act, drive, report
from tests.core.test_report_month import hand_worked_month

MONTH = "2026-10"


def test_the_map_gives_every_old_code_one_new_code_of_the_catalog():
    old = {c.code for c in v1_catalog()}
    code_map = v1_to_v2()
    assert set(code_map) == old
    assert len(set(code_map.values())) == len(code_map)  # nothing merged
    current = load_catalog()
    assert current.version == 2
    assert set(code_map.values()) <= set(current.categories)
    # The codes reused with another meaning are mapped by meaning, not by code.
    assert code_map[ILLEGAL_BUILDING_V1] == "020101" and code_map[GARBAGE_V1] == "020102"
    assert current.get(code_map[HEAT_COVER_V1]).name == "热力井盖"
    assert current.get(code_map[POLICE_COVER_V1]).name == "公安井盖"


def test_payload_codes_are_read_in_the_version_they_were_made_in():
    unmarked = {"category_code": GARBAGE_V1, "description": "x"}
    assert codes_as_current(unmarked, 2)["category_code"] == "020102"
    marked = {"category_code": "020101", CATALOG_KEY: 2}
    assert codes_as_current(marked, 2) == {"category_code": "020101"}  # 私搭乱建, unchanged
    with pytest.raises(ValidationError) as err:
        codes_as_current({"category_code": "020101", CATALOG_KEY: 3}, 2)
    assert err.value.code == "catalog_too_new"
    for bad in ("2", True, 0, None):
        with pytest.raises(ValidationError):
            codes_as_current({"category_code": "020101", CATALOG_KEY: bad}, 2)


def _month_by_version_1(store_path, clock) -> dict[str, str]:
    """October cases in every state the report counts, under codes whose meaning moves."""
    ws = Workspace.open(store_path, clock=clock, catalog=v1_catalog())
    ids: dict[str, str] = {}
    try:
        plan = [
            ("closed_garbage", GARBAGE_V1, CaseState.CLOSED, "10-12T09:00"),
            ("closed_building", ILLEGAL_BUILDING_V1, CaseState.CLOSED, "10-13T09:00"),
            ("open_heat", HEAT_COVER_V1, CaseState.DISPATCHED, "10-14T09:00"),
            ("closed_police", POLICE_COVER_V1, CaseState.CLOSED, "10-15T09:00"),
            ("filed_trade", STREET_TRADE_V1, CaseState.FILED, "10-16T09:00"),
            ("reported_garbage", GARBAGE_V1, CaseState.REPORTED, "10-19T09:00"),
            ("rejected_heat", HEAT_COVER_V1, CaseState.REJECTED, "10-20T09:00"),
        ]
        for key, code, target, when in plan:
            clock.now = datetime.fromisoformat(f"2026-{when}")
            ids[key] = report(ws, URBAN, category=code)
            clock.now = clock.now.replace(hour=9, minute=5)
            drive(ws, ids[key], target)
        # 立案 moves a case to another class: the FILE payload names the new class.
        clock.now = datetime(2026, 10, 21, 9, 0)
        ids["refiled"] = report(ws, URBAN, category=GARBAGE_V1)
        act(ws, "shouli", ids["refiled"], "accept")
        act(ws, "zhiban", ids["refiled"], "file", {"category_code": WASTE_V1})
        drive(ws, ids["refiled"], CaseState.CLOSED)
        clock.now = datetime(2026, 11, 20, 8, 0)
    finally:
        ws.close()
    return ids


def _report(path, clock, catalog=None):
    ws = Workspace.open(path, clock=clock, catalog=catalog)
    try:
        ws.act_as("ducha")
        return ws.reports.monthly(MONTH), {c.id: c.category_code for c in _cases(ws)}
    finally:
        ws.close()


def _cases(ws):
    with ws.db.read() as conn:
        return conn.execute(select(cases.c.id, cases.c.category_code)).all()


def _without_class_names(value, code_map):
    """The report as data, with class codes mapped and class names (which changed) left out."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in ("category_name", "big", "big_name"):
                continue
            if key == "category_code":
                item = code_map.get(item, item)
            out[key] = _without_class_names(item, code_map)
        return out
    if isinstance(value, (list, tuple)):
        return [_without_class_names(v, code_map) for v in value]
    return value


def _drop(rows, keys):
    return [{k: v for k, v in row.items() if k not in keys} for row in rows]


def test_a_version_1_month_upgrades_with_the_same_figures(store_path, clock):
    ids = _month_by_version_1(store_path, clock)
    before, codes_before = _report(store_path, clock, catalog=v1_catalog())
    with sqlite3.connect(store_path) as conn:
        payloads_before = dict(conn.execute("SELECT id, payload FROM case_events"))
    as_v1_store(store_path)

    after, codes_after = _report(store_path, clock)  # opening migrates

    code_map = v1_to_v2()
    assert codes_after == {cid: code_map[code] for cid, code in codes_before.items()}
    current = load_catalog()
    assert current.get(codes_after[ids["closed_building"]]).name == "私搭乱建"
    assert current.get(codes_after[ids["closed_garbage"]]).name == "暴露垃圾"
    assert current.get(codes_after[ids["open_heat"]]).name == "热力井盖"
    assert current.get(codes_after[ids["refiled"]]).name == "积存垃圾渣土"
    assert current.get(codes_after[ids["filed_trade"]]).retired
    # Every payload that names a class: mapped and marked; every other payload untouched.
    with sqlite3.connect(store_path) as conn:
        rows = dict(conn.execute("SELECT id, payload FROM case_events"))
        meta = dict(conn.execute("SELECT key, value FROM meta"))
    assert meta["catalog_version"] == "2"
    assert rows.keys() == payloads_before.keys()
    for event_id, text in rows.items():
        old, new = json.loads(payloads_before[event_id]), json.loads(text)
        if "category_code" in old:
            assert new.pop(CATALOG_KEY) == 2
            assert new.pop("category_code") == code_map[old.pop("category_code")]
        assert new == old
    # The report: the same figures; the categories the same counts under the new codes.
    b = _without_class_names(before, code_map)
    a = _without_class_names(after, {})
    for row in b["categories"]:
        row["code"] = code_map[row["code"]]
    labels = ("name", "kind", "big_class")  # the class's own wording, renamed in places
    assert sorted(_drop(b.pop("categories"), labels), key=lambda c: c["code"]) == sorted(
        _drop(a.pop("categories"), labels), key=lambda c: c["code"]
    )
    assert a == b


def test_a_store_opened_again_is_not_mapped_twice(store_path, clock):
    _month_by_version_1(store_path, clock)
    as_v1_store(store_path)
    _, first = _report(store_path, clock)
    _, second = _report(store_path, clock)
    assert first == second


def test_the_demo_store_of_version_1_migrates_class_by_class(tmp_path):
    path = tmp_path / "demo.db"
    ws = build_demo_store(path, end=date(2026, 11, 20), months=1, per_day=12, catalog=v1_catalog())
    ws.close()
    with sqlite3.connect(path) as conn:
        before = dict(conn.execute("SELECT id, category_code FROM cases"))
    as_v1_store(path)

    ws = Workspace.open(path)  # the migration runs
    try:
        after = {cid: code for cid, code in _cases(ws)}
    finally:
        ws.close()
    code_map = v1_to_v2()
    assert len(before) > 200
    assert after == {cid: code_map[code] for cid, code in before.items()}
    with sqlite3.connect(path) as conn:
        unmarked = conn.execute(
            "SELECT count(*) FROM case_events WHERE payload LIKE '%category_code%'"
            " AND payload NOT LIKE '%\"catalog\": 2%'"
        ).fetchone()[0]
    assert unmarked == 0


def test_the_hand_worked_month_gives_the_same_report_after_the_upgrade(store_path, clock):
    """tests/core/test_report_month.py's October, built in version-1 codes."""
    ws = Workspace.open(store_path, clock=clock, catalog=v1_catalog())
    try:
        hand_worked_month(ws, clock, garbage=GARBAGE_V1, hydrant=HYDRANT_V1)
    finally:
        ws.close()
    before, _ = _report(store_path, clock, catalog=v1_catalog())
    as_v1_store(store_path)
    after, _ = _report(store_path, clock)

    code_map = v1_to_v2()
    b, a = _without_class_names(before, code_map), _without_class_names(after, {})
    for row in b["categories"]:
        row["code"] = code_map[row["code"]]
    labels = ("name", "kind", "big_class")
    assert _drop(b.pop("categories"), labels) == _drop(a.pop("categories"), labels)
    assert a == b
    assert after.summary.filed.value == 8 and after.summary.closed.value == 6  # as by hand
