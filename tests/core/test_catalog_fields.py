"""Catalog v2 fields: subclasses and their limits, retired classes, keywords, file_after.

The shipped data is read through the parser; each refusal case breaks a copy of it.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime, time
from pathlib import Path
from typing import Any

import pytest

from gridapp.casework.deadlines import handling_deadline
from gridapp.domain.catalog import (
    REFERENCE_DIR,
    Catalog,
    Subclass,
    TimeLimitStage,
    load_catalog,
)
from gridapp.domain.units import TimeUnit
from gridapp.domain.worktime import WorkCalendar
from gridapp.errors import NotFoundError, ValidationError

UPPER_WATER = "010101"  # 上水井盖
GARBAGE = "020102"  # 暴露垃圾
STREET = "020104"  # 道路不洁
HEAPS = "020103"  # 积存垃圾渣土
BUILDING = "020101"  # 私搭乱建
MISSING_COVER = "022191"  # 井盖丢失 (retired)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_cover_subclasses_carry_their_own_limits(catalog: Catalog) -> None:
    cover = catalog.get(UPPER_WATER)
    assert [s.code for s in cover.subclasses] == ["01", "02"]
    missing = catalog.subclass(UPPER_WATER, "01")
    assert isinstance(missing, Subclass)
    assert missing.name == "丢失、破损、移位"
    assert missing.stages_for("normal") == (
        TimeLimitStage("设置警示", 0.5, TimeUnit.URGENT_HOUR),
        TimeLimitStage("修复", 6, TimeUnit.URGENT_HOUR),
    )
    assert "广州" in missing.limits_source and "天津" in missing.limits_source
    assert "南宁" in missing.limits_source
    level = cover.stages_for("normal", subclass="02")
    assert level == (TimeLimitStage("修复", 3, TimeUnit.URGENT_DAY),)
    assert "天津" in cover.subclass("02").limits_source
    # without a subclass the class's own limits apply: the strict ones
    assert cover.stages_for("normal") == missing.stages_for("normal")
    assert cover.stages_for("urgent", subclass="01") == missing.stages_for("normal")
    assert cover.stages_for("urgent", subclass=None) == cover.stages_for("normal")


def test_a_missing_cover_runs_on_the_clock_at_night(catalog: Catalog) -> None:
    """Friday 22:00 before a weekend: warning by 22:30, repaired by Saturday 04:00."""
    start = datetime(2026, 11, 20, 22, 0)
    due = handling_deadline(WorkCalendar(), catalog.get(UPPER_WATER), "normal", start)
    assert [s.deadline for s in due.stages] == [
        datetime(2026, 11, 20, 22, 30), datetime(2026, 11, 21, 4, 0),
    ]  # fmt: skip
    assert due.deadline == datetime(2026, 11, 21, 4, 0) and due.unit is TimeUnit.URGENT_HOUR


def test_unknown_subclass_is_refused(catalog: Catalog) -> None:
    with pytest.raises(NotFoundError) as info:
        catalog.get(UPPER_WATER).stages_for("normal", subclass="09")
    assert info.value.code == "unknown_subclass"
    assert info.value.details == {"category": UPPER_WATER, "subclass": "09"}
    with pytest.raises(NotFoundError) as info:
        catalog.subclass(GARBAGE, "01")  # a class without subclasses
    assert info.value.code == "unknown_subclass"
    with pytest.raises(NotFoundError) as info:
        catalog.subclass("019999", "01")
    assert info.value.code == "unknown_category"


def test_heaps_and_illegal_building_subclasses(catalog: Catalog) -> None:
    heaps = catalog.get(HEAPS)
    assert [s.name for s in heaps.subclasses] == ["建筑垃圾", "渣土堆"]
    assert heaps.stages_for("normal", "01") == (TimeLimitStage("清运", 4, TimeUnit.WORK_HOUR),)
    assert [(s.amount, s.unit) for s in heaps.stages_for("normal", "02")] == [(4, "work_day")]
    assert [(s.amount, s.unit) for s in heaps.stages_for("urgent", "02")] == [(2, "work_day")]
    building = catalog.get(BUILDING)
    assert [s.name for s in building.subclasses] == [
        "无规划许可建设", "超出规划许可建设", "临时建设逾期未拆除",
    ]  # fmt: skip
    no_permit = building.stages_for("normal", "01")
    assert [(s.stage, s.amount, s.unit) for s in no_permit] == [
        ("制止", 4, "work_hour"), ("限期改正", 7, "work_day"), ("拆除", 20, "work_day"),
    ]  # fmt: skip
    assert building.stages_for("normal", "03")[0].stage == "限期改正"  # nothing left to stop
    assert all(s.limits_source for s in building.subclasses)


def test_file_after_the_morning_sweep(catalog: Catalog) -> None:
    street = catalog.get(STREET)
    assert street.file_after == time(8, 0)
    assert not street.can_file_at(time(7, 59))
    assert street.can_file_at(time(8, 0))
    assert "08:00" in street.limits_source
    assert catalog.get(GARBAGE).file_after is None
    assert catalog.get(GARBAGE).can_file_at(time(5, 0))


def test_garbage_has_a_size_threshold(catalog: Catalog) -> None:
    garbage = catalog.get(GARBAGE)
    assert "成堆、成片" in garbage.filing_condition
    assert "1平方米" in garbage.filing_condition
    assert garbage.limits_source == ""  # a local default: stricter than published practice


def test_retired_classes_stay_readable_but_are_not_offered(catalog: Catalog) -> None:
    old = catalog.get(MISSING_COVER)
    assert old.retired and not old.standard
    assert UPPER_WATER in old.use_instead and "010114" in old.use_instead
    assert old.stages_for("normal")  # past cases keep their limits
    assert old not in catalog.active()
    assert catalog.get(UPPER_WATER) in catalog.active()
    assert len(catalog.active()) == len(catalog) - sum(c.retired for c in catalog)
    street_trade = catalog.get("022192")  # 占道经营
    assert street_trade.use_instead == ("020501", "020503", "020504")
    assert catalog.search("占道经营")[0].code == "020501"  # by keyword, retired skipped
    assert {c.code for c in catalog.search("占道经营")} == {"020501", "020503", "020504"}


def test_search_by_keyword_and_old_name(catalog: Catalog) -> None:
    assert [c.code for c in catalog.search("窨井盖")][:1] == [UPPER_WATER]
    assert catalog.search("停车泊位")[0].name == "停车场"  # the v1 name is a keyword
    assert catalog.search("消防栓")[0].name == "消防设施"
    assert catalog.search("ssjg")[0].code == UPPER_WATER  # initials still work


def test_markings_only_on_covers(catalog: Catalog) -> None:
    assert "上水" in catalog.get(UPPER_WATER).marking
    assert "无字样" in catalog.get("010114").marking
    assert catalog.get(GARBAGE).marking == ""


# -- a broken v2 catalog is refused -----------------------------------------------------


def broken(tmp_path: Path, change: Any) -> Path:
    shutil.copy(REFERENCE_DIR / "departments.json", tmp_path / "departments.json")
    data = json.loads((REFERENCE_DIR / "categories.json").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "categories.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def entry(data: dict[str, Any], code: str) -> dict[str, Any]:
    return next(c for c in data["categories"] if c["code"] == code)


def big(data: dict[str, Any], kind: str, code: str) -> dict[str, Any]:
    return next(b for b in data["big_classes"] if b["kind"] == kind and b["code"] == code)


@pytest.mark.parametrize(
    ("change", "offender"),
    [
        (lambda d: entry(d, GARBAGE).update(keyword=["x"]), GARBAGE),  # unknown key
        (lambda d: entry(d, GARBAGE).update(standard=False), GARBAGE),
        (lambda d: entry(d, GARBAGE).update(retired=True), GARBAGE),  # no use_instead
        (lambda d: entry(d, GARBAGE).update(retired="yes", use_instead=["020101"]), GARBAGE),
        (lambda d: entry(d, GARBAGE).update(use_instead=["020101"]), GARBAGE),  # not retired
        (lambda d: entry(d, MISSING_COVER).update(use_instead=["019999"]), MISSING_COVER),
        (lambda d: entry(d, MISSING_COVER).update(use_instead=["022192"]), MISSING_COVER),
        (lambda d: entry(d, GARBAGE).update(keywords="垃圾"), GARBAGE),
        (lambda d: entry(d, GARBAGE).update(keywords=["垃圾", "垃圾"]), GARBAGE),
        (lambda d: entry(d, GARBAGE).update(keywords=[""]), GARBAGE),
        (lambda d: entry(d, GARBAGE).update(marking=None), GARBAGE),
        (lambda d: entry(d, GARBAGE).update(limits_source=3), GARBAGE),
        (lambda d: entry(d, STREET).update(file_after="8:00"), STREET),
        (lambda d: entry(d, STREET).update(file_after="24:00"), STREET),
        (lambda d: entry(d, STREET).update(file_after=800), STREET),
        (lambda d: entry(d, UPPER_WATER)["subclasses"][1].update(code="01"), "010101/01"),
        (lambda d: entry(d, UPPER_WATER)["subclasses"][1].update(code="2"), "010101/2"),
        (lambda d: entry(d, UPPER_WATER)["subclasses"][0].update(name=""), "010101/01"),
        (lambda d: entry(d, UPPER_WATER)["subclasses"][0].update(limit="x"), "010101/01"),
        (lambda d: entry(d, UPPER_WATER)["subclasses"][0].pop("time_limits"), "010101/01"),
        (
            lambda d: entry(d, UPPER_WATER)["subclasses"][0]["time_limits"]["normal"][0].update(
                unit="minute"
            ),
            "010101/01",
        ),
        (lambda d: entry(d, UPPER_WATER).update(subclasses={}), UPPER_WATER),
        (lambda d: big(d, "event", "21").update(standard=True), "21"),
        (lambda d: big(d, "event", "05").update(standard=False), "05"),
    ],
)
def test_broken_v2_catalog_is_refused(tmp_path: Path, change: Any, offender: str) -> None:
    with pytest.raises(ValidationError) as info:
        load_catalog(broken(tmp_path, change))
    assert info.value.code == "catalog_invalid"
    assert info.value.details["category"] == offender


def test_a_v1_shaped_catalog_still_parses(tmp_path: Path) -> None:
    """A snapshot without the v2 fields (an older service) loads with their defaults."""

    def strip(data: dict[str, Any]) -> None:
        for raw in data["big_classes"]:
            raw.pop("standard")
        data["big_classes"] = [b for b in data["big_classes"] if b["code"] != "21"]
        data["categories"] = [c for c in data["categories"] if c["big_code"] != "21"]
        for raw in data["categories"]:
            for key in ("standard", "keywords", "marking", "limits_source", "subclasses"):
                raw.pop(key, None)
            raw.pop("file_after", None)

    copy = load_catalog(broken(tmp_path, strip))
    cover = copy.get(UPPER_WATER)
    assert cover.standard and not cover.retired and cover.subclasses == ()
    assert cover.keywords == () and cover.marking == "" and cover.file_after is None
    assert len(copy) == 135
