"""The 案卷处理单 PDF: facts, timeline and before/after photos, read back with poppler."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from gridapp.domain.case import CaseState
from gridapp.errors import NotFoundError
from tests.core.helpers import BEIJIAO, PHONE, URBAN, act, drive, report, town_case

POPPLER = all(shutil.which(t) for t in ("pdftotext", "pdftoppm"))
pytestmark = pytest.mark.skipif(not POPPLER, reason="poppler-utils not installed")
SHOTS = Path("/tmp/batch")


def _photo(color: tuple[int, int, int]) -> bytes:
    img = Image.new("RGB", (640, 480), color)
    for x in range(0, 640, 40):  # stripes: a photo, not a flat colour
        img.paste((255, 255, 255), (x, 0, x + 8, 480))
    buf = io.BytesIO()
    img.save(buf, "JPEG")
    return buf.getvalue()


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True)
    return out.stdout.decode()


def test_case_sheet_has_facts_timeline_and_photos(ws, tmp_path):
    case_id = report(
        ws,
        URBAN,
        source="hotline",
        description="路口西侧<b>暴露垃圾</b>堆放",
        address="正阳路128号",
        reporter_name="王女士",
        reporter_phone=PHONE,
        photos=[_photo((180, 40, 40))],
    )
    drive(ws, case_id, CaseState.DISPATCHED, department="D02")
    act(ws, "bm-d02", case_id, "handle", {"note": "已清运完毕"}, photos=[_photo((40, 160, 60))])
    grid = ws.record(case_id).grid_code
    officer = sorted(u.username for u in ws.reference.officers_of_grid(grid))[0]
    act(ws, officer, case_id, "check", {"result": True})
    act(ws, "zhiban", case_id, "close")
    ws.act_as("paiqian")
    pdf = ws.exports.case_sheet(case_id, tmp_path / "sheet.pdf")

    text = _text(pdf)
    number = ws.record(case_id).number
    for expected in (
        "城市管理案卷处理单", number, "<b>暴露垃圾</b>", "正阳路128号", "王女士",
        "受理", "立案", "派遣", "处置反馈", "已清运完毕", "核查", "结案",
        "处置前（上报照片，1 张）", "处置后（处置及核查照片，1 张）", "第1页/共",
    ):  # fmt: skip
        assert expected in text, expected
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    embedded = [line.split()[-5] for line in fonts.stdout.splitlines()[2:]]
    assert embedded and set(embedded) == {"yes"}, fonts.stdout  # every font embedded
    pages = text.count("\f")
    SHOTS.mkdir(exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-r", "60", "-png", str(pdf), str(SHOTS / "case-sheet")], check=True
    )
    shots = sorted(SHOTS.glob("case-sheet*.png"))
    assert len(shots) >= pages >= 1
    # the photos are drawn: a page has the handled photo's green
    greens = 0
    for shot in shots:
        with Image.open(shot) as im:
            greens += sum(
                n for n, (r, g, b) in im.convert("RGB").getcolors(1 << 20) if g > 130 and r < 80
            )
    assert greens > 500


def test_case_sheet_masks_what_the_viewer_may_not_see_and_keeps_scope(ws, tmp_path):
    case_id = report(ws, URBAN, source="hotline", reporter_name="李先生", reporter_phone=PHONE)
    drive(ws, case_id, CaseState.DISPATCHED, department="D02")
    ws.act_as("bm-d02")  # a department does not see the citizen's phone number
    text = _text(ws.exports.case_sheet(case_id, tmp_path / "dept.pdf"))
    assert PHONE not in text and "138****1234" in text
    town = town_case(ws, BEIJIAO)
    ws.act_as("bm-d02")
    with pytest.raises(NotFoundError):
        ws.exports.case_sheet(town, tmp_path / "town.pdf")
    assert not (tmp_path / "town.pdf").exists()
