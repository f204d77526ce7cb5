"""A plain laptop store converted to SQLCipher keeps its text search exact.

The rowids of ``cases`` key the bigram index (gridapp/store/case_search.py).
``sqlcipher_export`` copies tables with ``INSERT … SELECT *``, which keeps rowids only
while SQLite's transfer optimisation applies (same schema, no foreign-key checks): the
copy is indexed afresh before it is used, and this store has a gap in its rowids (a
case deleted before the last one), the case a plain row-by-row copy would renumber.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import delete, insert, select, text

from gridapp.store import case_search
from gridapp.store.case_queries import CaseQuery, page_statements, read_page
from gridapp.store.schema import cases
from gridapp.store.store_key import StoreKeys
from gridapp.workspace import Workspace
from tests.core.helpers import GARBAGE, point_of
from tests.live_server import PASSWORD

OFFICER = "wg001"


def _report(ws: Workspace, k: int) -> str:
    x, y = point_of(ws, ws.user.username, k)
    changes = ws.report(
        source="patrol", category_code=GARBAGE, lon=x, lat=y, description=f"暴露垃圾 #{k}号"
    )
    (case_id,) = changes.case_ids
    return case_id


def test_search_after_the_conversion_finds_what_like_finds(reference_template, tmp_path: Path):
    path = tmp_path / "clients" / "laptop.db"
    path.parent.mkdir()
    shutil.copyfile(reference_template, path)
    ws = Workspace.open_client(path)
    ws.act_as(OFFICER)
    for k in range(3):
        _report(ws, k)
    with ws.db.write() as conn:  # a row that will leave a gap in the rowids
        row = dict(conn.execute(select(cases).limit(1)).mappings().one())
        row["id"], row["number"], row["search_text"] = "gap", "gap", "gap 井盖"
        conn.execute(insert(cases).values(row))
    for k in range(3, 6):
        _report(ws, k)
    with ws.db.write() as conn:
        conn.execute(delete(cases).where(cases.c.id == "gap"))
        rowids = [r[0] for r in conn.execute(text("SELECT rowid FROM cases ORDER BY rowid"))]
    assert rowids != list(range(rowids[0], rowids[0] + len(rowids)))  # a gap
    ws.close()

    key = StoreKeys(path, use_keyring=False).unlock(OFFICER, PASSWORD)
    ws = Workspace.open_client(path, key=key)  # converts: sqlcipher_export
    try:
        actor = ws.act_as(OFFICER)
        with ws.db.read() as conn:
            assert case_search.in_step(conn)
            for words in ("#4", "#4号", "垃圾", "井盖", "#0 垃圾"):
                q = CaseQuery(text=words)
                like = [
                    r[0]
                    for s in page_statements(q, actor, ws.clock(), [cases.c.id], grams=False)
                    for r in conn.execute(s)
                ]
                found = [r[0] for r in read_page(conn, q, actor, ws.clock(), [cases.c.id])]
                assert found == like, words
        assert len(ws.list_cases(CaseQuery(text="#4号"))) == 1
        assert ws.count_cases(CaseQuery(text="垃圾")) == 6
    finally:
        ws.close()
