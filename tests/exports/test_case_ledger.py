"""The filtered case list as a workbook: every matching case, the visible columns, text only."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from gridapp.domain.case import CaseState
from gridapp.errors import ValidationError
from gridapp.exports import case_ledger
from gridapp.store.case_queries import CaseQuery
from tests.core.helpers import BEIJIAO, URBAN, drive, report, town_case

HOSTILE = '=HYPERLINK("http://x","点我")'


def _read(path: Path) -> list[list]:
    wb = load_workbook(path)
    ws = wb["案卷台账"]
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate  # no formula anywhere
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_ledger_has_the_visible_columns_and_every_filtered_case(ws, tmp_path, monkeypatch):
    monkeypatch.setattr(case_ledger, "PAGE", 2)  # several keyset pages
    ids = [report(ws, URBAN, index=i) for i in range(5)]
    hostile = report(ws, URBAN, index=6, address=HOSTILE)
    for case_id in ids[:3]:
        drive(ws, case_id, CaseState.DISPATCHED)
    drive(ws, ids[3], CaseState.FILED)  # 待派遣: filtered out below
    ws.act_as("zhiban")
    query = CaseQuery(states=(CaseState.DISPATCHED, CaseState.REPORTED), sort="number")
    columns = ["number", "address", "state", "department_code", "remaining"]
    path = tmp_path / "台账.xlsx"
    written = ws.exports.case_ledger(query, columns, path)

    rows = _read(path)
    assert rows[0] == ["案卷号", "地址", "状态", "处置部门", "剩余时间"]
    expected = ws.list_rows_for_list(CaseQuery(**{**query.__dict__, "limit": 1000}))
    assert written == ws.count_cases(query) == len(expected) == len(rows) - 1 == 5
    assert [r[0] for r in rows[1:]] == [e.number for e in expected]  # the list's order
    by_number = {r[0]: r for r in rows[1:]}
    dispatched = by_number[ws.record(ids[0]).number]
    assert dispatched[3] and dispatched[4].startswith("剩余")
    assert by_number[ws.record(hostile).number][1] == HOSTILE  # typed text, kept as text
    assert all(isinstance(v, str) for r in rows for v in r if v is not None)


def test_ledger_keeps_to_the_users_scope(ws, tmp_path):
    report(ws, URBAN)
    town = town_case(ws, BEIJIAO)
    ws.act_as("bj-shouli")
    path = tmp_path / "town.xlsx"
    assert ws.exports.case_ledger(CaseQuery(), ["number", "street_code"], path) == 1
    rows = _read(path)
    assert rows[1][0] == ws.record(town).number and "北郊" in rows[1][1]


def test_unknown_column_is_refused_before_writing(ws, tmp_path):
    ws.act_as("zhiban")
    path = tmp_path / "x.xlsx"
    with pytest.raises(ValidationError):
        ws.exports.case_ledger(CaseQuery(), ["number", "photos"], path)
    assert not path.exists()
