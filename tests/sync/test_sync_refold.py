"""An upgrade's refold runs in a sync, not in the first view or report after it.

A new version of the fold leaves every ``case_facts`` row stale (a year's store takes
minutes to fold again). The sync's thread does it: after the sync, no row is stale and
a statistics user's column store is built from the refolded marks, so the view that
follows waits for neither.
"""

from __future__ import annotations

from sqlalchemy import select, update

from gridapp.reports import fact_store
from gridapp.store.schema import case_facts, mark_columns, mark_columns_dirty
from tests.sync.helpers import make_client


def test_a_sync_refolds_stale_rows_and_builds_the_columns(live_server, tmp_path):
    officer = make_client(tmp_path, live_server.url, "officer", "wg001")
    lead = make_client(tmp_path, live_server.url, "lead", "zhiban")
    try:
        for k in range(3):
            officer.report(k)
        officer.run()
        lead.run()
        db = lead.ws.db
        with db.write() as conn:  # as a new version of the fold finds the store
            assert conn.execute(update(case_facts).values(version="another fold")).rowcount == 3
        fact_store._current.discard(db)  # a new process
        lead.run()  # nothing new to pull
        with db.read() as conn:
            assert fact_store.stale_ids(conn) == []
            assert conn.execute(select(mark_columns_dirty.c.day)).first() is None
            built = conn.execute(select(mark_columns.c.day)).scalars().all()
        assert len(built) == 1
    finally:
        officer.close()
        lead.close()
