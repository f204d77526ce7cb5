"""The shipped catalog held against the national table (GB/T 30428.2 部件/事件 codes).

The table is parsed from docs/reference/standard-classes.md, the mapping from
db/reference/category-codes-v1-v2.json; nothing here repeats their contents.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gridapp.domain.catalog import REFERENCE_DIR, Catalog, Category, CategoryKind, load_catalog
from gridapp.domain.units import TimeUnit

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "docs" / "reference" / "standard-classes.md"
CODE_MAP = REFERENCE_DIR / "category-codes-v1-v2.json"
KIND = {"部件": CategoryKind.COMPONENT, "事件": CategoryKind.EVENT}
LINE = re.compile(r"- \*\*(部件|事件) (\d\d) (\S+)\*\*（(\d+)）：(.*)")


def national_table() -> dict[str, tuple[str, CategoryKind, str, str]]:
    """code -> (name, kind, big code, big name) from the table's class lines."""
    table: dict[str, tuple[str, CategoryKind, str, str]] = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        match = LINE.match(line)
        if not match:
            continue
        kind = KIND[match[1]]
        classes = re.findall(r"(\d{4}) (\S+)", match[5])
        assert len(classes) == int(match[4]), line  # the table's own count
        for code, name in classes:
            assert code[:2] == match[2], line
            table[kind.prefix + code] = (name, kind, match[2], match[3])
    return table


STANDARD = national_table()
MAPPING = json.loads(CODE_MAP.read_text(encoding="utf-8"))["classes"]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def cover_classes(catalog: Catalog) -> list[Category]:
    """Manhole covers: the 0101xx 部件 named 井盖, plus the 雨水箅子 grate."""
    return [
        c for c in catalog if c.code[:4] == "0101" and ("井盖" in c.name or c.name == "雨水箅子")
    ]


def test_the_table_is_complete() -> None:
    assert len(STANDARD) == 135
    assert STANDARD["010118"][0] == "路灯"
    assert STANDARD["020102"][0] == "暴露垃圾"


def test_every_standard_class_is_exact(catalog: Catalog) -> None:
    for code, (name, kind, big_code, big_name) in STANDARD.items():
        assert code in catalog, f"{code} {name} missing"
        cat = catalog.get(code)
        assert (cat.name, cat.kind, cat.big_code, cat.big_name) == (
            name, kind, big_code, big_name,
        ), code  # fmt: skip
        assert cat.standard and not cat.retired, code


def test_standard_big_classes_hold_only_standard_classes(catalog: Catalog) -> None:
    standard_big = {(k, b) for _, k, b, _ in STANDARD.values()}
    big = {(b.kind, b.code): b for b in catalog.big_classes}
    assert {key for key, b in big.items() if b.standard} == standard_big
    for cat in catalog:
        if (cat.kind, cat.big_code) in standard_big:
            assert cat.code in STANDARD, f"{cat.code} {cat.name} inside a standard big class"
        else:
            assert cat.big_code == "21" and not cat.standard, cat.code
    assert (CategoryKind.EVENT, "06") not in big
    assert big[(CategoryKind.COMPONENT, "21")].name == "扩展部件类"
    assert big[(CategoryKind.EVENT, "21")].name == "扩展事件类"


def test_every_v1_code_resolves_to_a_v2_class(catalog: Catalog) -> None:
    olds = [row["old"] for row in MAPPING]
    assert len(olds) == len(set(olds)) == 131
    news = [row["new"] for row in MAPPING]
    assert len(news) == len(set(news))  # nothing merged: past statistics keep apart
    for row in MAPPING:
        cat = catalog.get(row["new"])
        assert cat.name == row["new_name"], row
        assert cat.retired == (row["change"] == "retired"), row
        assert (cat.big_code == "21") == (row["change"] in ("local", "retired")), row
        assert cat.kind.prefix == row["old"][:2], row  # a 部件 stays a 部件
    every = {c.code for c in catalog}
    assert every == set(STANDARD) | set(news), "a class neither standard nor mapped"


def test_retired_classes_point_to_active_ones(catalog: Catalog) -> None:
    retired = [c for c in catalog if c.retired]
    assert retired
    for cat in retired:
        assert re.fullmatch(r"0[12]219\d", cat.code), cat.code
        assert cat.use_instead, cat.code
        for code in cat.use_instead:
            assert not catalog.get(code).retired, (cat.code, code)
    missing_cover = next(c for c in retired if c.name == "井盖丢失")
    assert set(missing_cover.use_instead) == {c.code for c in cover_classes(catalog)}


def test_covers_have_hour_limits_and_owner_markings(catalog: Catalog) -> None:
    covers = cover_classes(catalog)
    assert len(covers) == 17
    for cover in covers:
        assert cover.marking, cover.code
        assert "井盖" in cover.keywords, cover.code
        subs = {s.code: s for s in cover.subclasses}
        assert subs["01"].name == "丢失、破损、移位", cover.code
        assert subs["02"].name == "沉陷、高差、响动", cover.code
        warning, repair = subs["01"].stages_for("normal")
        assert (warning.stage, warning.unit) == ("设置警示", TimeUnit.URGENT_HOUR)
        assert warning.amount <= 0.5 and repair.unit is TimeUnit.URGENT_HOUR
        assert repair.amount <= 6, cover.code
        for urgency in ("normal", "urgent"):
            assert all(s.unit.on_clock for s in cover.stages_for(urgency)), cover.code
        assert cover.stages_for("normal") == subs["01"].stages_for("normal")  # the strict
    unowned = next(c for c in covers if c.name == "无主井盖")
    assert "无字样" in unowned.marking


def test_every_limit_names_a_source_or_is_a_local_default(catalog: Catalog) -> None:
    sourced = 0
    for cat in catalog:
        for holder in (cat, *cat.subclasses):
            # "" is the flag for a local default an admin may change; else a named rule
            if holder.limits_source:
                sourced += 1
                assert re.search(r"《.+》|标准", holder.limits_source), cat.code
    assert sourced >= 17 * 3
    building = next(c for c in catalog if c.name == "私搭乱建")
    assert "7工作日" in building.limits_source and "15–20工作日" in building.limits_source
