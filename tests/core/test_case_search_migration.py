"""Revision 0015_search_case_grams: a store with cases gets its bigram index backfilled."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from sqlalchemy import func, select

from gridapp.store import case_search
from gridapp.store.case_queries import CaseQuery, filter_conditions
from gridapp.store.database import Database, current_revision, head_revision
from gridapp.store.schema import cases
from gridapp.workspace import Workspace
from tests.core.helpers import GARBAGE, HYDRANT, STREETS, Clock, report
from tests.core.store_revisions import revision_before, store_at_revision

REVISION = "0015_search_case_grams"


def test_upgrade_backfills_the_index_and_downgrade_removes_it(store_path):
    ws = Workspace.open(store_path, clock=Clock(datetime(2026, 11, 16, 9, 0)))
    for i in range(12):
        report(
            ws,
            STREETS[i % 3],
            index=i,
            category=GARBAGE if i % 2 else HYDRANT,
            description=f"井盖松动{i}" if i % 3 else "垃圾满溢",
        )
    ws.close()
    store_at_revision(store_path, revision_before(REVISION))
    db = Database(store_path)  # upgrades to head
    try:
        assert current_revision(db.writer) == head_revision()
        with db.read() as conn:
            assert case_search.in_step(conn)
            for word in ("井盖", "垃圾", "松动1"):
                found = conn.exec_driver_sql(
                    "SELECT count(*) FROM case_grams WHERE case_grams MATCH ?",
                    (case_search.phrase(word),),
                ).scalar()
                like = (
                    select(func.count())
                    .select_from(cases)
                    .where(*filter_conditions(CaseQuery(text=word), _everyone(), datetime.now()))
                )
                assert found == conn.execute(like).scalar() > 0, word
    finally:
        db.close()
    store_at_revision(store_path, revision_before(REVISION))
    conn = sqlite3.connect(store_path)  # only look: opening a Database would upgrade again
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()
    assert not names & case_search.FTS_TABLES
    assert not {n for n in names if n.startswith("case_grams")}


def _everyone():
    from gridapp.domain.roles import Actor, Role

    return Actor("ducha", Role.SUPERVISOR)
