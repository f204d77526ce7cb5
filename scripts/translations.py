"""Refresh the Chinese translation: run lupdate over ui/, fill known strings, run lrelease.

Usage: .venv/bin/python scripts/translations.py
New strings without a Chinese text are listed; add them to ZH below or to a JSON file
under resources/translations/zh_CN/ (one per UI area: {"English source": "中文"}); a key
"Context::English source" translates the source in that context only.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "gridapp_zh_CN.ts"
BIN = Path(sys.executable).parent

ZH = {
    "Case number": "案卷号",
    "State": "状态",
    "Category": "类别",
    "Street / town": "街道/镇",
    "Address": "地址",
    "Source": "来源",
    "Department": "处置部门",
    "Reported at": "上报时间",
    "Deadline": "处置时限",
    "gridapp — urban grid management": "gridapp 网格化城市管理",
    "All states": "全部状态",
    "Any deadline": "全部时限",
    "Yellow: 80% used": "黄灯：时限已用80%",
    "Red: overdue": "红灯：已超期",
    "Search number, address, description": "搜索案卷号、地址、问题描述",
    "Filters": "筛选",
    "User:": "用户：",
    "Opening the demo store…": "正在打开演示数据…",
    "Building the demo district (first start, about half a minute)…": (
        "首次启动，正在生成演示辖区数据（约半分钟）…"
    ),
    "{total} cases in scope of {name}; showing the newest {shown}": (
        "{name} 可见案卷共 {total} 件，显示最新 {shown} 件"
    ),
    "Something went wrong. The details were written to the log.": "操作失败，详细信息已写入日志。",
    "Awaiting intake": "待受理",
    "Filed": "已立案",
    "In handling": "处置中",
    "Awaiting check": "待核查",
    "Awaiting closure": "待结案",
    "Closed": "已结案",
    "Not filed / void": "不予立案/作废",
    "Merged": "已合并",
    "Suspended": "挂账",
    "Grid officer": "网格员",
    "Intake": "受理员",
    "Shift lead": "值班长",
    "Dispatcher": "派遣员",
    "Supervisor": "督查员",
    "Administrator": "系统管理员",
    "Patrol": "巡查上报",
    "12345 hotline": "12345热线",
    "Public": "公众举报",
    "Camera": "视频监控",
}


def known_translations() -> dict[str, str]:
    merged = dict(ZH)
    for path in sorted((TS.parent / "zh_CN").glob("*.json")):
        merged.update(json.loads(path.read_text(encoding="utf-8")))
    return merged


def main() -> int:
    zh = known_translations()
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))
    subprocess.run([BIN / "pyside6-lupdate", *sources, "-ts", str(TS)], cwd=ROOT, check=True)
    tree = ET.parse(TS)
    missing = []
    for context in tree.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            if translation is None:
                continue
            # "Context::Source" wins over "Source": one English word, two meanings
            # (a department's Name is 名称, a person's 姓名).
            text = zh.get(f"{name}::{source}", zh.get(source))
            if text is not None:
                translation.text = text
                translation.attrib.pop("type", None)
                continue
            if translation.attrib.get("type") == "unfinished":
                missing.append(source)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    subprocess.run([BIN / "pyside6-lrelease", str(TS)], cwd=ROOT, check=True)
    for source in missing:
        print(f"untranslated: {source}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
