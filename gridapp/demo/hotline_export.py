"""A made-up 12345 platform export, for the import's tests, bench and demos.

Rows are built to a known outcome so a test can check the import's counts against the
recipe rather than against the importer's own code: placeable addresses written the way
the district's addresses are (``address_at`` on a point of a grid), a category text
naming exactly one class, and on purpose repeated numbers, addresses no place name
places, vague categories and malformed rows.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import shapely

from gridapp.demo.district import build_demo_geography
from gridapp.demo.roads import address_at, on_road
from gridapp.domain.geo import GridIndex

HEADER = (
    "工单编号",
    "来电时间",
    "诉求人",
    "联系电话",
    "诉求内容",
    "诉求地址",
    "诉求类别",
    "办理时限",
)
# (诉求类别 as a platform writes it, what the caller said): each names one small class.
REQUESTS = (
    ("城市管理/市容环境/无照经营游商", "有流动摊贩在人行道上摆摊，行人无法通行"),
    ("城市管理/道路不洁", "路面有大量垃圾，道路不洁，请尽快清扫"),
    ("城市管理/暴露垃圾", "小区门口有暴露垃圾，气味很大"),
    ("城市管理/非法小广告", "楼道和墙面上贴满了非法小广告"),
    ("城市管理/私搭乱建", "有人在楼顶私搭乱建，属于违建"),
    ("公用设施/路灯", "路灯不亮，晚上出行不安全"),
    ("公用设施/消防栓", "消防栓被撞坏，一直在漏水"),
    ("园林绿化/行道树", "行道树倒伏，挡住了半条路"),
)
VAGUE = (("其他", "反映情况，请相关部门处理"), ("咨询", "想咨询一下办事流程"))
UNPLACEABLE = ("周村区某小区附近", "丝绸路街道", "正阳路", "不详", "城区东边的菜市场门口")
FORMULA = "=cmd|' /C calc'!A0"


@dataclass
class SampleExport:
    """The rows and what the import must make of them."""

    rows: list[list[str]] = field(default_factory=list)
    expected: dict[str, int] = field(default_factory=dict)

    def write_csv(self, path: Path, encoding: str = "gb18030") -> Path:
        with path.open("w", encoding=encoding, newline="") as f:
            out = csv.writer(f)
            out.writerow(HEADER)
            out.writerows(self.rows)
        return path

    def write_xlsx(self, path: Path) -> Path:
        from openpyxl import Workbook

        from gridapp.reports.safe_cells import append_row

        book = Workbook(write_only=True)
        sheet = book.create_sheet("工单")
        append_row(sheet, HEADER)
        for row in self.rows:
            append_row(sheet, row)  # string cells, as a platform exports its text
        book.save(path)
        return path


def sample_export(
    rows: int = 1000, *, start: datetime = datetime(2026, 11, 2, 8, 0), seed: int = 12345
) -> SampleExport:
    """``rows`` rows: 80 % good (1.5 % of them with formula-like text), 6 % repeats of an
    earlier number, 5 % unplaceable, 2 % vague, 2 % each missing number, bad time,
    over-long text (the last few rows are good ones to fill up)."""
    rng = random.Random(seed)
    geo = build_demo_geography(370306)
    index = GridIndex(geo.grids)
    parts = {
        "duplicate": rows * 6 // 100,
        "unplaceable": rows * 5 // 100,
        "vague": rows * 2 // 100,
        "missing_number": rows * 2 // 100,
        "bad_time": rows * 2 // 100,
        "too_long": rows * 2 // 100,
    }
    parts["good"] = rows - sum(parts.values())
    kinds = [k for k, n in parts.items() for _ in range(n)]
    rng.shuffle(kinds)
    while kinds and kinds[0] == "duplicate":  # a repeat needs an earlier row
        kinds.append(kinds.pop(0))
    out = SampleExport()
    numbers: list[str] = []
    at = start

    def place() -> str:
        while True:
            grid = rng.choice(geo.grids)
            p = shapely.from_wkt(grid.wkt).representative_point()
            lon, lat = on_road(p.x, p.y, rng)
            found = index.locate(lon, lat)
            if found is not None:
                return address_at(lon, lat, found, rng)

    for n, kind in enumerate(kinds):
        at += timedelta(minutes=rng.randint(1, 9))
        number = f"ZB{at:%Y%m%d}{n:05d}"
        category, content = rng.choice(REQUESTS)
        address = place()
        when = f"{at:%Y-%m-%d %H:%M:%S}"
        phone = f"13{rng.randint(0, 9)}{rng.randint(10_000_000, 99_999_999)}"
        caller = rng.choice(("王先生", "李女士", "张先生", "刘女士", "市民"))
        if kind == "duplicate":
            number = rng.choice(numbers)
        elif kind == "unplaceable":
            address = rng.choice(UNPLACEABLE)
        elif kind == "vague":
            category, content = rng.choice(VAGUE)
        elif kind == "missing_number":
            number = ""
        elif kind == "bad_time":
            when = rng.choice(("2026-13-45 25:61", "昨天下午", "2026/02/30 10:00", ""))
        elif kind == "too_long":
            content = content + "。" + "情况非常紧急" * 400
        elif n % 60 == 0:
            content = f"{FORMULA} {content}"
            caller = '=HYPERLINK("http://x")'
        if kind in ("good", "unplaceable", "vague"):
            numbers.append(number)  # a repeat of a refused row would be the first good one
        out.rows.append([number, when, caller, phone, content, address, category, "3个工作日"])
    out.expected = {
        "rows": rows,
        "imported": parts["good"],
        "waiting": parts["unplaceable"] + parts["vague"],
        "duplicates": parts["duplicate"],
        "bad": parts["missing_number"] + parts["bad_time"] + parts["too_long"],
    }
    return out
