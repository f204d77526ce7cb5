"""The PDF read back: totals, department names and scores, embedded CJK font, every
page renders and is not blank, long lists repeat their header, empty month.

The report is built by hand here (small, known figures) so these tests do not depend
on the indicator code: they check the renderer prints what the model says.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("reportlab")

from gridapp.reports.model import (
    EMPTY_FIGURE,
    LEVEL_DISTRICT,
    LEVEL_STREET,
    CaseLine,
    CategoryFigures,
    CountBand,
    DailyCount,
    DepartmentScore,
    Exclusion,
    Figure,
    GradeBand,
    GridCount,
    IndicatorScore,
    MonthlyReport,
    Rate,
    RegionFigures,
    RegionRef,
    RoleHolderScore,
    RoleWeights,
    WeightItem,
    Weights,
)
from gridapp.reports.pdf import render_pdf

POPPLER = all(shutil.which(t) for t in ("pdftotext", "pdffonts", "pdftoppm"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils not installed")

DISTRICT = RegionRef("370306", "周村区", LEVEL_DISTRICT)
STREETS = (
    RegionRef("370306001", "丝绸路街道", LEVEL_STREET),
    RegionRef("370306002", "大街街道", LEVEL_STREET),
)


def num(i: int, prefix: str = "C") -> str:
    """A case number in the store's format (county-date-serial); prefix keeps lists apart."""
    day = {"C": 10, "R": 11, "S": 12}.get(prefix, 13)
    return f"370306-202610{day:02d}-{i:04d}"


def fig(n: int, prefix: str = "C") -> Figure:
    return Figure.of(num(i, prefix) for i in range(n))


def region(
    ref: RegionRef,
    reported: int,
    filed: int,
    closed: int,
    due: int,
    on_time: int,
    rework: int,
    overdue: int,
    supervised: int,
) -> RegionFigures:
    d, c, ot, rw = fig(due), fig(closed), fig(on_time), fig(rework)
    return RegionFigures(
        region=ref,
        reported=fig(reported),
        filed=fig(filed),
        closed=c,
        due=d,
        closed_on_time=ot,
        reworked=rw,
        close_rate=Rate.of(c, d),
        on_time_close_rate=Rate.of(ot, d),
        rework_rate=Rate.of(rw, d),
        overdue_open=fig(overdue),
        supervised=fig(supervised),
        voided=fig(2),
        not_filed=fig(3),
        excluded=fig(1),
    )


def dept(
    code: str,
    name: str,
    due: int,
    closed: int,
    on_time: int,
    rework: int,
    score: float | None,
    grade: str | None,
    rank: int | None,
    lowest: bool = False,
) -> DepartmentScore:
    d = fig(due)
    inds = (
        IndicatorScore(
            "close_rate",
            "结案率",
            30,
            "rate",
            rate=Rate.of(fig(closed), d),
            score=None if not due else closed / due * 100,
        ),
        IndicatorScore("on_time_rate", "按期处置率", 30, "rate", rate=Rate.of(fig(on_time), d)),
        IndicatorScore("rework_rate", "返工率", 30, "complement", rate=Rate.of(fig(rework), d)),
        IndicatorScore("filed_count", "立案数", 10, "band", count=fig(due), score=80.0),
    )
    return DepartmentScore(
        code=code,
        name=name,
        short=name[:4],
        level="district",
        dispatched=d,
        handled_on_time=fig(on_time),
        due=d,
        closed=fig(closed),
        reworked=fig(rework),
        filed=d,
        overdue_open=fig(due - closed),
        indicators=inds,
        score=score,
        grade=grade,
        rank=rank,
        lowest=lowest,
    )


DEPARTMENTS = (
    dept("D01", "区城市管理局", 40, 39, 38, 1, 96.3, "A", 1),
    dept("D02", "区住房和城乡建设局", 30, 27, 24, 2, 84.5, "B", 2),
    dept("D03", "区交通运输局", 20, 15, 12, 3, 68.2, "C", 3),
    dept("D04", "区园林绿化服务中心", 12, 7, 5, 2, 51.7, "D", 4, lowest=True),
    dept("D05", "区水务局", 9, 4, 2, 3, 37.4, "E", 5, lowest=True),
    dept("D06", "国网周村供电公司", 6, 2, 1, 1, 22.9, "E", 6, lowest=True),
    dept("D07", "区市场监督管理局", 0, 0, 0, 0, None, None, None),
)


def square(lon: float, lat: float, d: float = 0.01) -> str:
    return (
        f"POLYGON(({lon} {lat}, {lon + d} {lat}, {lon + d} {lat + d}, "
        f"{lon} {lat + d}, {lon} {lat}))"
    )


def grids() -> tuple[GridCount, ...]:
    out = []
    for i in range(6):
        for j in range(4):
            street = STREETS[0] if i < 3 else STREETS[1]
            out.append(
                GridCount(
                    code=f"{street.code}001{i}{j}",
                    name=f"网格{i}{j}",
                    street_code=street.code,
                    community_code=f"{street.code}001",
                    wkt=square(117.84 + i * 0.01, 36.78 + j * 0.01),
                    count=fig((i * 7 + j * 3) % 11),
                )
            )
    return tuple(out)


def case_lines(n: int, prefix: str = "C") -> tuple[CaseLine, ...]:
    return tuple(
        CaseLine(
            number=num(i, prefix),
            category_code="010101",
            category_name="暴露垃圾",
            department_code="D01",
            department_name="区城市管理局",
            street_name="丝绸路街道",
            deadline=datetime(2026, 10, 20, 17, 30),
            late=float(n - i) / 2,
            late_unit="小时" if i % 2 else "工作日",
            state_label="处置中",
            note="督办 1 次" if i % 3 == 0 else "",
        )
        for i in range(n)
    )


def weights() -> Weights:
    dept_items = (
        WeightItem("close_rate", "结案率", 30, "rate", "结案 / 应结案"),
        WeightItem("on_time_rate", "按期处置率", 30, "rate", "按时处置 / 应处置"),
        WeightItem("rework_rate", "返工率", 30, "complement", "1 − 返工 / 应结案"),
        WeightItem("filed_count", "立案数", 10, "band", "立案数分档"),
    )
    bands = (
        GradeBand("A", 90, 100),
        GradeBand("B", 75, 90),
        GradeBand("C", 60, 75),
        GradeBand("D", 40, 60),
        GradeBand("E", 0, 40),
    )
    return Weights(
        roles=(RoleWeights("department", "专业部门", dept_items),),
        count_bands=(CountBand("filed_count", "立案数", ((0, 60.0), (10, 80.0), (30, 100.0))),),
        grade_bands=bands,
    )


def make_report(overdue: int = 5, empty: bool = False) -> MonthlyReport:
    days = [date(2026, 10, 1) + timedelta(days=i) for i in range(31)]
    summary = region(DISTRICT, 128, 117, 96, 105, 88, 7, 9, 4)
    w = weights()
    return MonthlyReport(
        report_id="JD-370306-202610-a1b2c3",
        region=DISTRICT,
        period_start=date(2026, 10, 1),
        period_end=date(2026, 10, 31),
        period_label="2026年10月",
        previous_start=date(2026, 9, 1),
        previous_end=date(2026, 9, 30),
        previous=region(DISTRICT, 100, 90, 80, 95, 70, 9, 5, 4),
        generated_at=datetime(2026, 11, 2, 9, 15),
        generated_by="张监督（zhangjd）",
        snapshot_at=datetime(2026, 11, 2, 8, 0),
        snapshot_label="数据截至 2026-11-02 08:00（最后同步）",
        summary=summary,
        regions=(
            region(STREETS[0], 70, 65, 52, 60, 50, 4, 5, 3),
            region(STREETS[1], 58, 52, 44, 45, 38, 3, 4, 1),
        ),
        departments=DEPARTMENTS,
        role_holders=(
            RoleHolderScore(
                "li",
                "李网格",
                "grid_officer",
                "监督员",
                "丝绸路街道",
                (IndicatorScore("valid", "有效上报率", 40, "rate", rate=Rate.of(fig(9), fig(10))),),
                91.0,
                "A",
                1,
            ),
            RoleHolderScore(
                "wang",
                "王网格",
                "grid_officer",
                "监督员",
                "大街街道",
                (IndicatorScore("valid", "有效上报率", 40, "rate", rate=Rate.of(fig(5), fig(10))),),
                50.0,
                "D",
                2,
            ),
        ),
        categories=tuple(
            CategoryFigures(
                f"01{i:04d}",
                name,
                "市容环境",
                "事件",
                fig(20 - i),
                fig(18 - i),
                fig(15 - i),
                (18 - i) / 117,
            )
            for i, name in enumerate(
                [
                    "暴露垃圾",
                    "乱堆物堆料",
                    "道路破损",
                    "占道经营",
                    "非法小广告",
                    "积存垃圾渣土",
                    "井盖破损",
                    "绿地脏乱",
                    "违章接坡",
                    "店外经营",
                    "无照经营游商",
                ]
            )
        ),
        daily=tuple(
            DailyCount(d, fig(4 + i % 5), fig(3 + i % 4), fig(2 + i % 3))
            for i, d in enumerate(days)
        ),
        grid_counts=grids(),
        overdue_cases=case_lines(overdue),
        rework_cases=case_lines(3, "R"),
        supervised_cases=case_lines(4, "S"),
        exclusions=(
            Exclusion(
                "370306-20261004-0099",
                "挂账",
                "道路破损",
                "区交通运输局",
                "赵派遣",
                datetime(2026, 10, 5, 10, 0),
                "钱值班长",
                datetime(2026, 10, 6, 9, 0),
                "需列入年度大修计划",
            ),
        ),
        weights=w,
        grade_bands=w.grade_bands,
        empty=empty,
        notes=("立案数按立案时间计入当月。", "应结案 = 处置时限在本期的案件 + 本期结案的案件。"),
    )


def empty_report() -> MonthlyReport:
    z = RegionFigures(
        DISTRICT,
        *([EMPTY_FIGURE] * 6),
        Rate.of(EMPTY_FIGURE, EMPTY_FIGURE),
        Rate.of(EMPTY_FIGURE, EMPTY_FIGURE),
        Rate.of(EMPTY_FIGURE, EMPTY_FIGURE),
        *([EMPTY_FIGURE] * 5),
    )
    return replace(
        make_report(),
        summary=z,
        previous=None,
        regions=(),
        departments=(),
        role_holders=(),
        categories=(),
        daily=(),
        grid_counts=(),
        overdue_cases=(),
        rework_cases=(),
        supervised_cases=(),
        exclusions=(),
        empty=True,
    )


def pdftext(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-layout"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", out).group(1))  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_pdf(make_report(), tmp_path_factory.mktemp("pdf") / "report.pdf")


@needs_poppler
def test_totals_departments_and_scores_are_in_the_text(rendered: Path) -> None:
    text = pdftext(rendered)
    flat = re.sub(r"\s+", "", text)
    assert "周村区城市管理监督评价月报" in flat
    assert "2026年10月" in flat
    for fragment in (
        "上报案件128件",
        "立案117件",
        "结案96件",
        "应结案105件",
        "结案率91.4%",
        "按期结案率83.8%",
    ):
        assert fragment in flat, fragment
    for d in DEPARTMENTS:
        assert d.name in flat, d.name
        if d.score is not None:
            assert f"{d.score:.1f}" in flat
    assert "综合得分末三位：区园林绿化服务中心（51.7分，D）、区水务局" in flat
    assert "▲28.0%" in flat  # 上报 128 vs 100
    assert "丝绸路街道" in flat and "大街街道" in flat
    assert "暴露垃圾" in flat and "370306-20261004-0099" in flat and "需列入" in flat


@needs_poppler
def test_footer_on_every_page(rendered: Path) -> None:
    n = page_count(rendered)
    assert n >= 6
    for page in range(1, n + 1):
        flat = re.sub(r"\s+", "", pdftext(rendered, page, page))
        assert f"第{page}页/共{n}页" in flat, page
        assert "JD-370306-202610-a1b2c3" in flat
        assert "数据截至2026-11-0208:00" in flat


@needs_poppler
def test_cjk_font_embedded_and_nothing_else(rendered: Path) -> None:
    out = subprocess.run(
        ["pdffonts", str(rendered)], capture_output=True, text=True, check=True
    ).stdout
    rows = out.splitlines()[2:]
    assert rows, out
    assert any("WenQuanYi" in r or "GridappCJK" in r for r in rows), out
    for row in rows:
        cols = row.split()
        # name type [encoding] emb sub uni object ID: emb is the 5th field from the end
        assert cols[-5] == "yes", row


@needs_poppler
def test_every_page_renders_and_is_not_blank(rendered: Path, tmp_path: Path) -> None:
    from PIL import Image, ImageStat

    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", str(rendered), str(tmp_path / "p")],
        check=True,
        capture_output=True,
    )
    pngs = sorted(tmp_path.glob("p-*.png"))
    assert len(pngs) == page_count(rendered)
    for png in pngs:
        with Image.open(png) as im:
            stat = ImageStat.Stat(im.convert("L"))
        assert stat.stddev[0] > 5, png.name


@needs_poppler
def test_long_list_spans_pages_and_repeats_header(tmp_path: Path) -> None:
    pdf = render_pdf(make_report(overdue=300), tmp_path / "long.pdf")
    pages = [re.sub(r"\s+", "", pdftext(pdf, p, p)) for p in range(1, page_count(pdf) + 1)]
    holding = [i for i, t in enumerate(pages) if num(150) in t or num(299) in t]
    assert holding
    first_list = min(i for i, t in enumerate(pages) if "（一）超期案件（300件）" in t)
    later = [i for i, t in enumerate(pages) if i > first_list and num(299) in t]
    assert later, "300 lines should run past the first page of the list"
    for i in range(first_list, later[0] + 1):
        assert "案卷号" in pages[i] and "超期时长" in pages[i], i


@needs_poppler
def test_empty_month_is_a_valid_short_report(tmp_path: Path) -> None:
    pdf = render_pdf(empty_report(), tmp_path / "empty.pdf")
    flat = re.sub(r"\s+", "", pdftext(pdf))
    assert "本期无案件" in flat
    assert page_count(pdf) <= 8
    subprocess.run(
        ["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "e")],
        check=True,
        capture_output=True,
    )


def test_write_is_atomic_and_leaves_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "out" / "r.pdf"
    target.parent.mkdir()
    target.write_bytes(b"old")
    bad = replace(make_report(), departments=("not a department",))  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        render_pdf(bad, target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in target.parent.iterdir()] == ["r.pdf"]
    assert render_pdf(make_report(), target) == target
    assert target.read_bytes().startswith(b"%PDF")


@needs_poppler
def test_a_printed_case_list_stops_at_the_most_overdue_and_points_to_the_workbook(
    tmp_path: Path,
) -> None:
    from gridapp.reports.pdf.render import PRINTED_CASES

    total = PRINTED_CASES + 40
    pdf = render_pdf(make_report(overdue=total), tmp_path / "capped.pdf")
    flat = re.sub(r"\s+", "", pdftext(pdf))
    assert f"（一）超期案件（{total}件）" in flat
    assert num(0) in flat and num(PRINTED_CASES - 1) in flat  # the most overdue first
    assert num(PRINTED_CASES) not in flat and num(total - 1) not in flat
    assert f"另有{total - PRINTED_CASES}件未列出" in flat and "台账「超期案卷」" in flat
