"""A small catalog-v2 file for tests of 细类, retired classes, keywords and file_after.

Tests build on this instead of the shipped catalog, which is being rewritten: the
fields follow the v2 contract (docs of gridapp.domain.catalog). Departments are the
shipped ones, so a workspace on the demo district routes these classes as usual.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gridapp.domain.catalog import REFERENCE_DIR, Catalog, load_catalog, load_departments

COVER_WATER = "010101"  # 上水井盖
COVER_SEWAGE = "010102"  # 污水井盖
COVER_UNOWNED = "010114"  # 无主井盖
STREETLIGHT = "010118"  # 路灯: no cover
BUILDING = "020101"  # 私搭乱建: three 细类
GARBAGE = "020102"  # 暴露垃圾
DIRTY_ROAD = "020104"  # 道路不洁: file after 08:00
BIKES = "022101"  # 共享单车乱停放: a local class
OLD_COVER_EVENT = "022191"  # 井盖丢失: retired, use the cover classes
COVER_CODES = (COVER_WATER, COVER_SEWAGE, COVER_UNOWNED)


def _stages(*stages: tuple[str, float, str]) -> list[dict[str, Any]]:
    return [{"stage": s, "amount": a, "unit": u} for s, a, u in stages]


def _category(code: str, name: str, initials: str, dept: str, **extra: Any) -> dict[str, Any]:
    kind = "component" if code[:2] == "01" else "event"
    big_code = code[2:4]
    big_name = {
        ("component", "01"): "公用设施",
        ("component", "21"): "扩展部件类",
        ("event", "01"): "市容环境",
        ("event", "21"): "扩展事件类",
    }[(kind, big_code)]
    raw = {
        "code": code,
        "name": name,
        "kind": kind,
        "big_code": big_code,
        "big_name": big_name,
        "filing_condition": f"{name}：立案条件",
        "closing_condition": f"{name}：结案条件",
        "default_department": dept,
        "time_limits": {"normal": _stages(("处置", 2, "work_day"))},
        "initials": initials,
        "standard": big_code != "21",
    }
    raw.update(extra)
    return raw


def catalog_data() -> dict[str, Any]:
    dept = next(d.code for d in load_departments() if d.level == "district")
    cover_limits = {
        "normal": _stages(("设置警示", 0.5, "urgent_hour"), ("修复", 6, "urgent_hour")),
    }
    cover_source = "广州《井盖设施管理办法》(2021)"
    return {
        "version": 2,
        "standard": "GB/T 30428.2-2013",
        "process_limits": {},
        "big_classes": [
            {"kind": "component", "code": "01", "name": "公用设施", "standard": True},
            {"kind": "component", "code": "21", "name": "扩展部件类", "standard": False},
            {"kind": "event", "code": "01", "name": "市容环境", "standard": True},
            {"kind": "event", "code": "21", "name": "扩展事件类", "standard": False},
        ],
        "categories": [
            _category(
                COVER_WATER, "上水井盖", "ssjg", dept, keywords=["井盖"],
                marking="井盖上印有“上水”“给水”“自来水”字样",
                time_limits=cover_limits, limits_source=cover_source,
            ),
            _category(
                COVER_SEWAGE, "污水井盖", "wsjg", dept, keywords=["井盖"],
                marking="井盖上印有“污水”字样",
                time_limits=cover_limits, limits_source=cover_source,
            ),
            _category(
                COVER_UNOWNED, "无主井盖", "wzjg", dept, keywords=["井盖"],
                marking="井盖上无标识或无法辨认",
                time_limits=cover_limits, limits_source=cover_source,
            ),
            _category(STREETLIGHT, "路灯", "ld", dept),
            _category(
                BUILDING, "私搭乱建", "sdlj", dept, keywords=["违建", "违法建设"],
                subclasses=[
                    {
                        "code": "01", "name": "无规划许可",
                        "filing_condition": "未取得建设工程规划许可证进行建设",
                        "closing_condition": "停止建设并拆除",
                        "time_limits": {"normal": _stages(
                            ("责令停工", 4, "work_hour"), ("拆除", 15, "work_day"))},
                        "limits_source": "某区事件类立结案标准",
                    },
                    {
                        "code": "02", "name": "超出许可",
                        "filing_condition": "未按规划许可内容建设",
                        "closing_condition": "超出部分拆除",
                        "time_limits": {"normal": _stages(
                            ("责令停工", 4, "work_hour"), ("拆除", 20, "work_day"))},
                        "limits_source": "",
                    },
                    {
                        "code": "03", "name": "临时建设逾期未拆",
                        "filing_condition": "临时建设超过批准期限未拆除",
                        "closing_condition": "临时建筑拆除",
                        "time_limits": {"normal": _stages(("拆除", 7, "work_day"))},
                    },
                ],
            ),
            _category(GARBAGE, "暴露垃圾", "blj", dept, keywords=["垃圾"]),
            _category(DIRTY_ROAD, "道路不洁", "dlbj", dept, file_after="08:00"),
            _category(BIKES, "共享单车乱停放", "gxdcltf", dept, keywords=["单车"]),
            _category(
                OLD_COVER_EVENT, "井盖丢失", "jgds", dept, keywords=["井盖"],
                retired=True, use_instead=list(COVER_CODES),
            ),
        ],
    }  # fmt: skip


def write_catalog(folder: Path, data: dict[str, Any] | None = None) -> Path:
    """categories.json (this fixture, or ``data``) in ``folder``; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "categories.json"
    path.write_text(json.dumps(data or catalog_data(), ensure_ascii=False), encoding="utf-8")
    return path


def fixture_catalog(folder: Path) -> Catalog:
    return load_catalog(write_catalog(folder), REFERENCE_DIR / "departments.json")
