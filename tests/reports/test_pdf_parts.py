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
    Column,
    data_table,
    fmt_change,
    fmt_int,
    fmt_pct,
    fmt_point_change,
    fmt_score,
    wrap_lines,
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


def test_plain_table_cells_wrap_inside_their_column_in_rows_of_known_height() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from gridapp.reports.pdf.fonts import FONT_NAME
    from gridapp.reports.pdf.page import make_styles

    styles = make_styles()
    name = "国网淄博供电公司周村供电中心城区运维抢修班（第二班组）"
    lines = wrap_lines(f"{name}\n备注", 50, 8.5)
    assert "".join(lines) == f"{name}备注" and lines[-1] == "备注"  # nothing lost
    assert len(lines) > 3 and all(stringWidth(x, FONT_NAME, 8.5) <= 50 for x in lines)
    columns = [Column("案卷号", 100, fit=True), Column("责任部门", 62), Column("超期", 40, "right")]
    number = "370306-20261003-190C9D~m1-很长的临时编号"
    rows = [[number, name, "1.0 小时"], ["短", "短", "—"]]
    table = data_table(columns, rows, styles, width=202)  # widths in points
    table.wrap(202, 800)
    leading = styles["cell"].leading
    heights = table._rowHeights  # given, not measured by reportlab on each page
    wrapped = wrap_lines(name, 62 - 6.5, 8.5)
    assert heights[1] == len(wrapped) * leading + 5 and heights[2] == leading + 5
    cells = table._cellvalues
    assert cells[1][1] == "\n".join(wrapped) and cells[1][0] == number  # a number never wraps…
    assert table._cellStyles[1][0].fontsize < styles["cell"].fontSize  # …it is set smaller
    assert all(isinstance(c, str) for row in cells for c in row)  # no Paragraph per cell


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
