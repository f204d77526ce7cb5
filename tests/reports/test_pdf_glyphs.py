"""Every character the monthly PDF draws exists in the embedded font.

A character the face has no glyph for is drawn by reportlab as glyph 0: a gap on paper
and nothing when the text is copied (the appendix read "(立案 作废) / 立案"). The test
records every string reportlab encodes for the embedded font while a real month's
report is written (the one place text meets the font: ``TTFont.splitString``) and
checks each character against the face's cmap; the PDF is then read back with poppler.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

pytest.importorskip("reportlab")

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from gridapp.reports.model import MonthlyReport
from gridapp.reports.pdf import fonts, render_pdf
from gridapp.reports.pdf.glyphs import CoveredTTFont, substitute
from tests.core import test_report_month as hand

MONTH = hand.MONTH
month = hand.month  # the hand-built October (a fixture)
needs_poppler = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdftotext", "pdffonts")), reason="poppler-utils missing"
)
HOSTILE = "理由：井盖 − 破损 • 已报 😀 ‐ 𠮷 ½"  # minus, bullet, emoji, rare ideograph, ½


def drawn_texts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text reportlab encodes for a TrueType font from now on (after substitution)."""
    seen: list[str] = []
    original = TTFont.splitString

    def recording(self, text, doc, encoding="utf-8"):
        seen.append(text if isinstance(text, str) else text.decode("utf-8"))
        return original(self, text, doc, encoding)

    monkeypatch.setattr(TTFont, "splitString", recording)
    return seen


def face_cmap() -> frozenset[int]:
    fonts.register_cjk_font()
    return frozenset(pdfmetrics.getFont(fonts.FONT_NAME).face.charToGlyph)


def with_hostile_text(report: MonthlyReport) -> MonthlyReport:
    """The report with user text the face cannot fully draw (a reason, a name)."""
    exclusions = tuple(replace(e, reason=HOSTILE) for e in report.exclusions)
    depts = tuple(replace(d, name=f"{d.name}•二队") for d in report.departments)
    return replace(report, exclusions=exclusions, departments=depts)


@pytest.fixture
def drawn(ws, month, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    report = with_hostile_text(ws.reports.monthly(MONTH))
    texts = drawn_texts(monkeypatch)
    pdf = render_pdf(report, tmp_path / "october.pdf")
    assert texts, "nothing was drawn with the TrueType face"
    return pdf, "".join(texts)


def test_every_character_drawn_is_in_the_embedded_font(drawn: tuple[Path, str]) -> None:
    _pdf, text = drawn
    cmap = face_cmap()
    missing = sorted({c for c in text if ord(c) not in cmap})
    assert missing == [], [f"U+{ord(c):04X} {c}" for c in missing]
    # the formulas and hostile text really were drawn (else the check proves nothing)
    assert "准确立案率" in text and "理由：井盖" in text


@needs_poppler
def test_the_formulas_read_back_with_their_minus(drawn: tuple[Path, str]) -> None:
    pdf, _text = drawn
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", "", out)
    assert "(立案－作废)/立案" in flat  # was "(立案作废)/立案"
    assert "(派遣－回退改派)/派遣" in flat
    assert "1－比率" in flat  # the 计分方式 of a complement indicator
    assert "－破损·已报" in flat and "□" in flat  # minus, bullet → ·, emoji → a visible box
    assert "·二队" in flat  # a department name with a bullet
    cmap = face_cmap()
    printed = {c for c in out if not c.isspace()}
    assert {c for c in printed if ord(c) not in cmap} == set()
    fonts_out = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    assert all(row.split()[-5] == "yes" for row in fonts_out.splitlines()[2:])  # embedded


def test_substitution_rules() -> None:
    cmap = face_cmap()
    assert ord("\u2212") not in cmap  # wqy-zenhei lacks the minus sign: the reason for this
    assert substitute("\u2212", cmap) == "\uff0d"
    assert substitute("第", cmap) == "第"
    assert substitute("½", cmap) in ("½", "1⁄2", "□")  # kept, or its NFKC form, or a box
    assert substitute("😀", cmap) == "□"
    assert substitute("\u2212", {ord("-")}) == "-"  # a face without － gets the ASCII one


def test_measuring_and_drawing_agree() -> None:
    fonts.register_cjk_font()
    font = pdfmetrics.getFont(fonts.FONT_NAME)
    assert isinstance(font, CoveredTTFont)
    # the width of what is drawn, not of the missing glyph's default width
    assert font.stringWidth("1 − 比率", 9) == font.stringWidth("1 － 比率", 9)
    assert font.printable("370306-20261016-0001") == "370306-20261016-0001"
