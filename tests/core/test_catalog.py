"""The shipped category catalog is complete and realistic, and a broken one is refused."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from gridapp.domain.catalog import (
    REFERENCE_DIR,
    Catalog,
    CategoryKind,
    TimeLimitStage,
    load_catalog,
    load_departments,
)
from gridapp.domain.units import TimeUnit
from gridapp.errors import NotFoundError, ValidationError

COMPONENTS = [
    "上水井盖", "污水井盖", "雨水井盖", "电力井盖", "通讯井盖", "燃气井盖", "热力井盖",
    "消防设施", "路灯", "景观灯", "变压器(箱)", "立杆", "公交站亭", "交通信号灯", "交通标志牌",
    "交通护栏", "隔离墩", "过街天桥", "地下通道", "停车场", "公共厕所", "垃圾箱", "垃圾间(楼)",
    "报刊亭", "广告牌匾", "古树名木", "行道树", "绿地", "护树设施", "花架花钵", "雕塑",
    "健身设施", "人行道板", "盲道", "无主井盖", "电视井盖", "输油(气)井盖", "重大危险源",
]  # fmt: skip
EVENTS = [
    "暴露垃圾", "积存垃圾渣土", "道路不洁", "水域不洁", "绿地脏乱", "焚烧树叶、垃圾", "露天烧烤",
    "私搭乱建", "占道经营", "无照经营游商", "店外经营", "乱堆物堆料", "非法小广告",
    "违章张贴悬挂广告牌匾", "横幅标语", "施工扰民", "施工废弃料", "道路挖掘未恢复", "工地扬尘",
    "道路遗撒", "工地围挡不规范", "道路积水", "井盖丢失", "路面塌陷", "燃气管道破裂",
    "自来水管破裂", "树木倒伏", "机动车乱停放", "非机动车乱停放", "共享单车乱停放", "沿街晾挂",
    "犬只扰民", "商业噪音", "油烟污染", "私自饲养家禽家畜", "违规种植", "废弃车辆",
    "街头散发广告", "流浪乞讨", "道路破损", "占道废品收购", "群发性事件",
]  # fmt: skip


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def by_name(catalog: Catalog, name: str) -> Any:
    found = [c for c in catalog if c.name == name]
    assert len(found) == 1, f"{name}: {len(found)} categories"
    return found[0]


def test_counts(catalog: Catalog) -> None:
    for kind in CategoryKind:
        big = catalog.big_classes_of(kind)
        assert len(big) >= 6
        assert {c.big_code for c in catalog.by_kind(kind)} == {b.code for b in big}
    assert len(catalog) >= 90
    assert len(catalog.by_kind("component")) + len(catalog.by_kind("event")) == len(catalog)
    assert catalog.version == 2
    assert "GB/T 30428.2" in catalog.standard


def test_big_class_names(catalog: Catalog) -> None:
    names = {(b.kind, b.code): b.name for b in catalog.big_classes}
    assert names[(CategoryKind.COMPONENT, "01")] == "公用设施"
    assert names[(CategoryKind.COMPONENT, "04")] == "园林绿化"
    assert names[(CategoryKind.EVENT, "04")] == "突发事件"
    assert names[(CategoryKind.EVENT, "05")] == "街面秩序"
    assert (CategoryKind.EVENT, "06") not in names
    assert names[(CategoryKind.COMPONENT, "21")] == "扩展部件类"
    assert names[(CategoryKind.EVENT, "21")] == "扩展事件类"
    assert [b.code for b in catalog.big_classes if not b.standard] == ["21", "21"]


@pytest.mark.parametrize(("names", "kind"), [(COMPONENTS, "component"), (EVENTS, "event")])
def test_named_categories_exist_with_right_kind(
    catalog: Catalog, names: list[str], kind: str
) -> None:
    for name in names:
        assert by_name(catalog, name).kind == kind, name


def test_code_convention(catalog: Catalog) -> None:
    assert catalog.get("010101").name == "上水井盖"
    assert catalog.get("020102").name == "暴露垃圾"
    assert catalog.get("020101").name == "私搭乱建"
    assert catalog.get("010110").name == "热力井盖"
    assert catalog.get("022113").name == "共享单车乱停放"
    for cat in catalog:
        prefix = "01" if cat.kind == "component" else "02"
        assert re.fullmatch(r"0[12]\d{4}", cat.code)
        assert cat.code[:4] == prefix + cat.big_code
        assert cat.code in catalog
    assert [c.code for c in catalog] == sorted(c.code for c in catalog)


def test_every_category_is_complete(catalog: Catalog) -> None:
    district = {d.code for d in load_departments() if d.level == "district"}
    for cat in catalog:
        assert len(cat.filing_condition) >= 8, cat.code
        assert len(cat.closing_condition) >= 6, cat.code
        assert cat.default_department in district, cat.code
        assert re.fullmatch(r"[a-z]+", cat.initials), cat.code
        assert len(cat.initials) == len(re.findall(r"[\u4e00-\u9fff]", cat.name)), cat.code
        assert cat.stages_for("normal"), cat.code
        assert all(s.amount > 0 for s in cat.stages_for("urgent")), cat.code


def test_departments() -> None:
    departments = load_departments()
    assert len(departments) >= 14
    assert len({d.code for d in departments}) == len(departments)
    names = " ".join(f"{d.name} {d.short}" for d in departments)
    for word in ("环卫", "综合行政执法", "园林", "交警", "供电", "自来水", "燃气", "通信"):
        assert word in names, word


def test_all_units_are_used(catalog: Catalog) -> None:
    units = {s.unit for cat in catalog for stages in cat.limits.values() for s in stages}
    assert units == set(TimeUnit)


def test_typical_limits(catalog: Catalog) -> None:
    single = {"暴露垃圾": (2, "work_hour"), "非法小广告": (4, "work_hour"),
              "无照经营游商": (2, "work_hour"), "路灯": (3, "work_day")}  # fmt: skip
    for name, (amount, unit) in single.items():
        (stage,) = by_name(catalog, name).stages_for("normal")
        assert (stage.amount, stage.unit) == (amount, TimeUnit(unit)), name
    assert by_name(catalog, "私搭乱建").stages_for("normal")[-1].amount == 15


def test_staged_limits(catalog: Catalog) -> None:
    missing = by_name(catalog, "井盖丢失").stages_for("normal")
    assert missing == (
        TimeLimitStage("设置警示", 1, TimeUnit.URGENT_HOUR),
        TimeLimitStage("补装", 2, TimeUnit.WORK_DAY),
    )
    collapse = by_name(catalog, "路面塌陷").stages_for("normal")
    assert [(s.amount, s.unit) for s in collapse] == [(1, "urgent_hour"), (5, "work_day")]
    tree = by_name(catalog, "树木倒伏").stages_for("normal")
    assert [(s.stage, s.unit) for s in tree] == [("清障", "urgent_hour"), ("补植", "work_day")]
    gas = by_name(catalog, "燃气管道破裂").stages_for("normal")
    assert gas[-1].unit is TimeUnit.URGENT_DAY


def test_urgency_falls_back_to_normal(catalog: Catalog) -> None:
    litter = by_name(catalog, "暴露垃圾")
    assert litter.stages_for("urgent") != litter.stages_for("normal")
    ads = by_name(catalog, "非法小广告")
    assert "urgent" not in ads.limits
    assert ads.stages_for("urgent") == ads.stages_for("normal")
    assert ads.stages_for("no-such-level") == ads.stages_for("normal")


def test_process_limits(catalog: Catalog) -> None:
    limits = catalog.process_limits
    assert {"verify", "file", "dispatch", "check"} <= set(limits)
    assert (limits["verify"].amount, limits["verify"].unit) == (1, TimeUnit.WORK_HOUR)
    assert limits["file"].amount == 0.5
    assert limits["check"].label == "核查"


def test_search_by_code(catalog: Catalog) -> None:
    hits = catalog.search("0101")
    assert hits
    assert all(c.code.startswith("0101") for c in hits)
    assert hits[0].code == "010101"
    assert catalog.search("020402")[0].name == "自来水管破裂"
    assert catalog.search("022191") == []  # retired: not offered for new reports
    assert catalog.search("022191", include_retired=True)[0].name == "井盖丢失"
    assert len(catalog.search("01", limit=5)) == 5


def test_search_by_name(catalog: Catalog) -> None:
    hits = catalog.search("井盖")
    names = [c.name for c in hits]
    assert names[0] == "上水井盖"  # names containing the word, in code order
    assert {"上水井盖", "污水井盖", "燃气井盖", "无主井盖", "特殊井盖"} <= set(names)
    assert "井盖丢失" not in names  # retired
    assert names[-1] == "雨水箅子"  # found by keyword, after every name hit
    assert all("井盖" in c.name or "井盖" in c.keywords for c in hits)
    assert catalog.search("井盖", include_retired=True)[0].name == "井盖丢失"  # name prefix
    assert catalog.search("路灯")[0].name == "路灯"  # exact name first


def test_search_by_initials(catalog: Catalog) -> None:
    assert [c.name for c in catalog.search("bllj")] == ["暴露垃圾"]
    assert catalog.search("BLLJ")[0].name == "暴露垃圾"
    assert "暴露垃圾" in [c.name for c in catalog.search("lj", limit=100)]  # substring
    assert catalog.search("") == []
    assert catalog.search("zzzzzz") == []


def test_unknown_code(catalog: Catalog) -> None:
    with pytest.raises(NotFoundError) as info:
        catalog.get("019999")
    assert info.value.code == "unknown_category"
    assert info.value.details["category"] == "019999"
    assert "019999" not in catalog


def test_default_is_cached() -> None:
    assert load_catalog() is load_catalog()


# -- a broken catalog is refused ----------------------------------------------------


def broken(tmp_path: Path, change: Any) -> Path:
    """Copy the reference files into tmp_path, apply change to the catalog json."""
    shutil.copy(REFERENCE_DIR / "departments.json", tmp_path / "departments.json")
    data = json.loads((REFERENCE_DIR / "categories.json").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "categories.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def first_stage(data: dict[str, Any]) -> dict[str, Any]:
    return data["categories"][0]["time_limits"]["normal"][0]


def test_unchanged_copy_loads(tmp_path: Path) -> None:
    copy = load_catalog(broken(tmp_path, lambda data: None))
    assert len(copy) == len(load_catalog())
    assert copy is not load_catalog()


@pytest.mark.parametrize(
    ("change", "offender"),
    [
        (lambda d: first_stage(d).update(unit="work_week"), "010101"),
        (lambda d: first_stage(d).update(amount=0), "010101"),
        (lambda d: first_stage(d).update(amount=-2), "010101"),
        (lambda d: d["categories"].append(dict(d["categories"][0])), "010101"),
        (lambda d: d["categories"][1].update(default_department="D99"), "010102"),
        (lambda d: d["categories"][1].update(code="020102"), "020102"),
        (lambda d: d["categories"][1].update(code="0102"), "0102"),
        (lambda d: d["categories"][1].update(big_code="09", code="010902"), "010902"),
        (lambda d: d["categories"][2].update(filing_condition=" "), "010103"),
        (lambda d: d["categories"][2]["time_limits"].pop("normal"), "010103"),
        (lambda d: d["categories"][2].update(kind="thing"), "010103"),
        (lambda d: d["process_limits"]["verify"].update(unit="hour"), "verify"),
    ],
)
def test_broken_catalog_is_refused(tmp_path: Path, change: Any, offender: str) -> None:
    with pytest.raises(ValidationError) as info:
        load_catalog(broken(tmp_path, change))
    assert info.value.code == "catalog_invalid"
    assert info.value.details["category"] == offender


def test_broken_shape_is_refused(tmp_path: Path) -> None:
    path = broken(tmp_path, lambda d: d["categories"].append("not an object"))
    with pytest.raises(ValidationError) as info:
        load_catalog(path)
    assert info.value.code == "catalog_invalid"
    (tmp_path / "categories.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValidationError, match="catalog_invalid"):
        load_catalog(path)


def test_duplicate_department_is_refused(tmp_path: Path) -> None:
    path = broken(tmp_path, lambda d: None)
    deps = json.loads((tmp_path / "departments.json").read_text(encoding="utf-8"))
    deps["departments"].append(dict(deps["departments"][0]))
    (tmp_path / "departments.json").write_text(json.dumps(deps), encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_catalog(path)
    assert info.value.code == "catalog_invalid"
    assert info.value.details["department"] == "D01"


def test_core_does_not_import_qt() -> None:
    source = Path(__file__).resolve().parents[2] / "gridapp" / "domain" / "catalog.py"
    assert "PySide6" not in source.read_text(encoding="utf-8")
