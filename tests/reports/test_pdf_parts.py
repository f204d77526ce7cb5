"""PDF building blocks: font lookup and its error, colour classes, number formats, and
the real ``ws.reports`` model rendering (an empty month of the demo district)."""

from __future__ import annotations

import itertools
import shutil
import subprocess
from pathlib import Path

import pytest

pytest.importorskip("reportlab")

from gridapp.reports.pdf import fonts
from gridapp.reports.pdf.choropleth import classify
from gridapp.reports.pdf.tables import (
    fmt_change,
    fmt_int,
    fmt_pct,
    fmt_point_change,
    fmt_score,
)


def test_no_font_gives_a_clear_error_naming_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "wqy-zenhei.ttc").write_bytes(b"not a font")
    monkeypatch.setattr(fonts, "_registered", None)
    monkeypatch.setattr(fonts, "_bundle_font_dirs", lambda: [tmp_path])
    monkeypatch.setattr(fonts, "_system_font_dirs", lambda: [tmp_path / "none"])
    monkeypatch.delenv(fonts.ENV_VAR, raising=False)
    with pytest.raises(fonts.FontNotFoundError) as err:
        fonts.register_cjk_font()
    message = str(err.value)
    assert "fonts-wqy-zenhei" in message and fonts.ENV_VAR in message
    assert "not a loadable TrueType" in message


def test_env_variable_comes_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fonts.ENV_VAR, "/somewhere/font.ttc#2")
    first = fonts.candidate_files()[0]
    assert first == fonts.FontFile(Path("/somewhere/font.ttc"), 2)


def test_registered_font_is_a_truetype_cjk_face() -> None:
    used = fonts.register_cjk_font()
    assert used.path.is_file()
    assert fonts.register_cjk_font() is used  # once per process
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(fonts.FONT_NAME).face
    assert ord("第") in face.charWidths and ord("▲") in face.charWidths


def test_classes_cover_every_count_without_overlap() -> None:
    counts = [0] * 50 + [1] * 30 + [2] * 10 + [3, 4, 5, 7, 9, 12, 30]
    classes = classify(counts)
    assert len(classes) == 5
    assert classes[0].label == "0"
    for a, b in itertools.pairwise(classes):
        assert b.low == a.high + 1
    assert classes[-1].high == 30
    for c in counts:
        assert sum(k.low <= c <= k.high for k in classes) == 1
    assert [k.label for k in classify([0, 0])] == ["0"]
    assert [k.label for k in classify([3, 3, 3])] == ["3"]


def test_formats() -> None:
    assert fmt_int(12345) == "12,345" and fmt_int(None) == "—"
    assert fmt_pct(0.9143) == "91.4%" and fmt_pct(None) == "—" and fmt_pct(1) == "100.0%"
    assert fmt_score(84.46) == "84.5"
    assert fmt_change(128, 100) == "▲ 28.0%"
    assert fmt_change(80, 100) == "▼ 20.0%"
    assert fmt_change(5, 5) == "持平"
    assert fmt_change(5, 0) == "▲ 新增" and fmt_change(0, 0) == "—"
    assert fmt_change(5, None) == "—"
    assert fmt_point_change(0.838, 0.737) == "▲ 10.1 个百分点"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_the_real_model_of_an_empty_month_renders(ws, tmp_path: Path) -> None:
    report = ws.reports.monthly("2026-10")
    assert report.empty
    pdf = ws.reports.write_pdf(report, tmp_path / "r.pdf")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "本期无案件" in text.replace(" ", "")
    assert report.report_id in text
