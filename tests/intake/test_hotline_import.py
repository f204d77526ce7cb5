"""12345 work-order import on a real SQLite store: counts, re-import, rows, places."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from gridapp.demo.hotline_export import FORMULA, HEADER, sample_export
from gridapp.domain.case import Source
from gridapp.errors import DomainError, ValidationError
from gridapp.intake.hotline_file import read_work_orders
from gridapp.intake.hotline_rows import guess_mapping, parse_call_time
from tests.core.helpers import act, dept_user, drive, png


@pytest.fixture
def intake(ws):
    ws.act_as("shouli")  # the district centre's intake: every street is in scope
    return ws


def _cases(ws) -> int:
    with ws.db.read() as conn:
        return conn.exec_driver_sql("select count(*) from cases").scalar()


def test_sample_of_1000_imports_with_the_right_counts_and_twice_adds_nothing(intake, tmp_path):
    sample = sample_export(1000)
    table = intake.hotline.read(sample.write_csv(tmp_path / "orders.csv", "gb18030"))
    assert table.encoding == "gb18030" and len(table.rows) == 1000
    mapping = intake.hotline.guess_mapping(table.headers)
    result = intake.hotline.run(table, mapping)
    assert result.counts() == sample.expected
    assert sum(v for k, v in result.counts().items() if k != "rows") == 1000
    assert _cases(intake) == sample.expected["imported"]
    assert len(intake.hotline.waiting()) == sample.expected["waiting"]
    reasons = {p.code for p in result.bad}
    assert reasons == {"missing_number", "bad_time", "too_long"}
    assert all(p.reason for p in result.bad + result.duplicates)

    again = intake.hotline.run(intake.hotline.read(tmp_path / "orders.csv"), mapping)
    assert again.imported == [] and again.waiting == []
    assert len(again.duplicates) == 1000 - sample.expected["bad"]
    assert _cases(intake) == sample.expected["imported"]
    assert len(intake.hotline.waiting()) == sample.expected["waiting"]


def test_each_case_carries_source_number_and_text_as_written(intake, tmp_path):
    sample = sample_export(200)
    table = intake.hotline.read(sample.write_xlsx(tmp_path / "orders.xlsx"))
    assert table.encoding == "xlsx"
    result = intake.hotline.run(table, intake.hotline.guess_mapping(table.headers))
    records = [intake.record(i) for i in result.imported]
    assert {r.source for r in records} == {Source.HOTLINE}
    assert len({r.work_order for r in records}) == len(records)
    by_number = {r.work_order: r for r in records}
    formula_rows = [row for row in sample.rows if row[4].startswith(FORMULA)]
    assert formula_rows, "the sample has formula-like text"
    for row in formula_rows:
        if row[0] in by_number:
            r = by_number[row[0]]
            assert r.description.startswith(FORMULA)  # words, kept as the caller's
            assert r.reporter_name == row[2]
    # The work-order number finds the case in the list's search.
    from gridapp.store.case_queries import CaseQuery

    some = records[0]
    assert [c.id for c in intake.list_cases(CaseQuery(text=some.work_order))] == [some.id]


def test_csv_with_utf8_bom_and_gbk_read_alike(tmp_path):
    rows = [["A1", "2026-11-02 08:00", "王", "13800000000", "路灯不亮", "周村区正阳路12号", "路灯"]]
    for enc in ("utf-8-sig", "gbk", "gb18030", "utf-8"):
        path = tmp_path / f"{enc}.csv"
        with path.open("w", encoding=enc, newline="") as f:
            csv.writer(f).writerows([list(HEADER[:7]), *rows])
        table = read_work_orders(path)
        assert table.headers == HEADER[:7], enc
        assert table.rows[0][4] == "路灯不亮"


def test_mapping_is_guessed_from_names_and_remembered_per_user(intake, ws):
    headers = ["序号", "诉求单号", "登记时间", "来电人姓名", "来电号码", "问题描述", "事发地址"]
    guessed = guess_mapping(headers)
    assert guessed["work_order"] == 1 and guessed["called_at"] == 2 and guessed["content"] == 5
    assert guessed["address"] == 6 and guessed["phone"] == 4
    odd = ["单据", "日期", "内容说明", "位置"]
    assert "work_order" not in intake.hotline.guess_mapping(odd)
    intake.hotline.remember_mapping(odd, {"work_order": 0, "called_at": 1, "content": 2})
    assert intake.hotline.guess_mapping(odd)["work_order"] == 0
    ws.act_as("bj-shouli")
    assert "work_order" not in ws.hotline.guess_mapping(odd)


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("2026-11-02 08:30:00", True),
        ("2026/11/2 8:30", True),
        ("2026年11月2日 8时30分", True),
        ("2026-11-02T08:30", True),
        ("46328.354", True),
        ("2026-13-45 25:61", False),
        ("2026/02/30 10:00", False),
        ("昨天下午", False),
        ("", False),
    ],
)
def test_call_times(text, ok):
    assert (parse_call_time(text) is not None) is ok


def test_waiting_order_placed_on_the_map_becomes_one_report(intake, tmp_path):
    sample = sample_export(100)
    table = intake.hotline.read(sample.write_csv(tmp_path / "o.csv", "utf-8-sig"))
    intake.hotline.run(table, intake.hotline.guess_mapping(table.headers))
    waiting = intake.hotline.waiting()
    assert waiting and {"place"} <= {n for w in waiting for n in w.needs}
    first = waiting[0]
    grid = next(iter(intake.reference.grids.values()))
    p = grid.polygon.representative_point()
    changes = intake.hotline.place(first.number, p.x, p.y, "020102")
    (case_id,) = changes.case_ids
    assert intake.record(case_id).work_order == first.number
    assert first.number not in {w.number for w in intake.hotline.waiting()}
    with pytest.raises(DomainError) as refused:  # the same number again
        intake.report(
            source="hotline", category_code="020102", lon=p.x, lat=p.y,
            description="x", work_order=first.number,
        )  # fmt: skip
    assert refused.value.code == "duplicate_work_order"


def test_phone_masked_for_roles_that_do_not_call_back(intake, tmp_path):
    sample = sample_export(30)
    table = intake.hotline.read(sample.write_csv(tmp_path / "o.csv"))
    case_id = intake.hotline.run(table, intake.hotline.guess_mapping(table.headers)).imported[0]
    phone = intake.case(case_id).case.reporter_phone
    assert phone and "*" not in phone
    viewers = [u for u, r in intake.reference.users.items() if r.role.value == "supervisor"]
    intake.act_as(viewers[0])
    assert "*" in intake.case(case_id).case.reporter_phone


def test_only_intake_imports(ws, tmp_path):
    ws.act_as("wg001")
    table = read_work_orders(sample_export(5).write_csv(tmp_path / "o.csv"))
    with pytest.raises(DomainError):
        ws.hotline.run(table, guess_mapping(table.headers))


def test_incomplete_mapping_is_refused(intake, tmp_path):
    table = read_work_orders(sample_export(5).write_csv(tmp_path / "o.csv"))
    with pytest.raises(ValidationError) as refused:
        intake.hotline.run(table, {"work_order": 0})
    assert refused.value.code == "mapping_incomplete"
    assert _cases(intake) == 0


def test_feedback_file_xlsx_and_csv_text_never_formulas(intake, tmp_path):
    sample = sample_export(40)
    table = intake.hotline.read(sample.write_csv(tmp_path / "o.csv"))
    result = intake.hotline.run(table, intake.hotline.guess_mapping(table.headers))
    case_id = result.imported[0]
    drive(intake, case_id, "dispatched")
    dept = dept_user(intake.record(case_id).department_code)
    act(intake, dept, case_id, "handle", {"note": FORMULA}, [png()])
    intake.act_as("shouli")
    record = intake.record(case_id)
    assert record.handled_at is not None
    xlsx = tmp_path / "反馈.xlsx"
    n = intake.hotline.write_feedback(xlsx)
    assert n == len(result.imported)
    sheet = load_workbook(xlsx).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("工单编号", "案卷号", "办理状态", "办理结果", "处置部门")
    line = next(r for r in rows if r[0] == record.work_order)
    assert line[6]  # 处置时间
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f"
    assert line[3] == FORMULA  # the department's words, as a string cell
    assert line[8].endswith(".png") and (tmp_path / "反馈_照片" / line[8]).is_file()
    csv_path = tmp_path / "反馈.csv"
    intake.hotline.write_feedback(csv_path)
    lines = list(csv.reader(csv_path.open(encoding="utf-8-sig", newline="")))
    line = next(r for r in lines if r[0] == record.work_order)
    assert line[3] == "'" + FORMULA


def test_feedback_csv_quotes_formula_like_results():
    from gridapp.intake.hotline_feedback import csv_cell

    assert csv_cell(FORMULA) == "'" + FORMULA
    assert csv_cell("+1") == "'+1" and csv_cell("已处理") == "已处理"


def test_work_order_numbers_are_checked_where_reports_are_recorded(intake):
    grid = next(iter(intake.reference.grids.values()))
    p = grid.polygon.representative_point()
    base = dict(category_code="020102", lon=p.x, lat=p.y, description="x")
    for bad in ("=cmd|' /C calc'!A0", "A" * 41, "-1", " "):
        with pytest.raises(ValidationError) as refused:
            intake.report(source="hotline", work_order=bad, **base)
        assert refused.value.code == "bad_work_order", bad
    with pytest.raises(ValidationError):  # only a hotline report carries one
        intake.report(source="camera", work_order="ZB1", **base)
    (case_id,) = intake.report(source="hotline", work_order="ZB1", **base).case_ids
    row = next(r for r in intake.list_rows_for_list() if r.id == case_id)
    assert row.work_order == "ZB1"  # the list shows it with the source
    assert _cases(intake) == 1
