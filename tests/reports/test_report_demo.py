"""The demo district's last full month (October 2026): sensible totals, every department
scored, and the workbook (and the PDF when the renderer is there) written from it."""

from __future__ import annotations

import importlib.util
from datetime import date, datetime
from pathlib import Path

import pytest

from gridapp.reports.model import Figure, MonthlyReport, Rate
from gridapp.workspace import Workspace
from tests.core.test_report_month import every_figure


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The demo store as built for 21 Nov 2026 (six months, ~4,300 cases; ~30 s)."""
    from gridapp.demo.build import build_demo_store

    ws = build_demo_store(tmp_path_factory.mktemp("demo") / "demo.db", end=date(2026, 11, 21))
    ws.clock = lambda: datetime(2026, 11, 21, 12, 0)
    ws.act_as("ducha")
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def october(demo: Workspace) -> MonthlyReport:
    return demo.reports.monthly()  # the last full month by default


def every_rate(obj: object):
    if isinstance(obj, Rate):
        yield obj
    elif isinstance(obj, (tuple, list)):
        for item in obj:
            yield from every_rate(item)
    elif hasattr(obj, "__dataclass_fields__"):
        for name in obj.__dataclass_fields__:
            yield from every_rate(getattr(obj, name))


def test_totals_are_sensible(october: MonthlyReport):
    r = october
    assert r.period_label == "2026年10月" and not r.empty
    s = r.summary
    assert 400 < s.reported.value < 1200 and 0 < s.filed.value <= s.reported.value + 50
    assert s.closed.value > 0 and s.due.value > 0
    assert sum(x.filed.value for x in r.regions) == s.filed.value
    assert sum(x.reported.value for x in r.regions) == s.reported.value
    assert sum(d.filed.value for d in r.daily) == s.filed.value
    assert sum(g.count.value for g in r.grid_counts) == s.filed.value
    for f in every_figure(r):
        assert f.value >= 0 and len(f.case_numbers) == f.value
    for rate in every_rate(r):
        assert rate.numerator.value <= rate.denominator.value
        assert rate.value is None or 0.0 <= rate.value <= 1.0
        assert set(rate.numerator.case_numbers) <= set(rate.denominator.case_numbers)
    assert r.previous is not None and r.previous.filed.value > 0


def test_every_department_and_role_holder_scored(october: MonthlyReport):
    r = october
    scored = [d for d in r.departments if d.score is not None]
    assert len(scored) >= 20
    minimum = r.weights.min_due_to_rank
    for d in r.departments:
        if d.dispatched.value or d.due.value:
            assert d.score is not None and 0 <= d.score <= 100 and d.grade in "ABCDE"
            assert (d.rank is None) == d.small_sample == (d.due.value < minimum)
        else:  # nothing to judge this month (a small department, a round sent back)
            assert d.score is None and d.rank is None and not d.lowest
    ranked = [d for d in r.departments if d.rank is not None]
    assert len(ranked) >= 10 and r.departments[: len(ranked)] == tuple(ranked)
    lowest = [d for d in ranked if d.lowest]
    assert len(lowest) == sum(d.lowest for d in r.departments) == 3
    assert max(d.score for d in lowest) <= min(d.score for d in ranked if not d.lowest)
    roles = {h.role for h in r.role_holders}
    assert roles == {"grid_officer", "intake", "shift_lead", "dispatcher"}
    assert all(h.score is None or 0 <= h.score <= 100 for h in r.role_holders)
    assert len(r.categories) == 10 and r.overdue_cases and r.exclusions


def test_workbook_and_pdf(
    demo: Workspace, october: MonthlyReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.load_workbook(demo.reports.write_xlsx(october, tmp_path / "demo.xlsx"))
    header, *depts = wb["部门考核"].iter_rows(values_only=True)
    assert [row[1] for row in depts] == [d.code for d in october.departments]
    score = header.index("综合得分")
    assert [row[score] for row in depts] == [d.score for d in october.departments]
    from tests.reports.workbook_trace import Workbook, check_every_figure

    # every printed count of a real month is exactly its cases in the ledger or the trace
    assert check_every_figure(october, wb) > 1000
    # the ledger shows every region, category, day and grid figure (none fell back)
    traced = {t for t, _r, _f in Workbook(wb).trace}
    assert not traced & {"汇总", "区域", "案件分类", "每日趋势", "网格"}
    if importlib.util.find_spec("gridapp.reports.pdf") is None:
        pytest.skip("no PDF renderer")
    from tests.reports.test_pdf_glyphs import drawn_texts, face_cmap

    texts = drawn_texts(monkeypatch)
    pdf = demo.reports.write_pdf(october, tmp_path / "demo.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    cmap = face_cmap()  # every character of a real month's PDF has a glyph
    assert {c for c in "".join(texts) if ord(c) not in cmap} == set()
    assert len(texts) > 1000


def test_a_street_month_of_the_demo(demo: Workspace, october: MonthlyReport, tmp_path: Path):
    street = demo.reports.monthly("2026-10", region="370306101")  # 北郊镇
    assert street.region.name == "北郊镇"
    row = next(x for x in october.regions if x.region.code == "370306101")
    assert street.summary.filed == row.filed and street.summary.due == row.due
    assert isinstance(street.summary.reported, Figure)
    openpyxl = pytest.importorskip("openpyxl")
    from tests.reports.workbook_trace import Workbook, check_every_figure

    # a street's rows are its communities: the ledger's 社区 column re-counts them
    wb = openpyxl.load_workbook(demo.reports.write_xlsx(street, tmp_path / "street.xlsx"))
    assert check_every_figure(street, wb) > 100
    book = Workbook(wb)
    assert {r["街道/镇"] for r in book.ledger} == {"北郊镇"}
    assert not {t for t, _r, _f in book.trace} & {"汇总", "区域", "案件分类", "每日趋势", "网格"}
    # a community's rows are its grids: the ledger's 网格代码 column re-counts them
    code = next(c for c in demo.reference.communities if c.startswith("370306101"))
    community = demo.reports.monthly("2026-10", region=code)
    wb = openpyxl.load_workbook(demo.reports.write_xlsx(community, tmp_path / "c.xlsx"))
    assert check_every_figure(community, wb) > 50
    assert {r["社区"] for r in Workbook(wb).ledger} <= {demo.reference.communities[code].name}
