"""Whether the kept rows of every case are what folding its log gives now.

A check for tests and for anyone doubting the rows (``fact_store`` keeps them in the
transaction that writes the events; here they are compared with a fold of the log).
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from gridapp.reports import fact_cuts
from gridapp.reports.fact_codec import decode_or_none
from gridapp.reports.fact_store import CHUNK, FACTS_VERSION, _as_time, log_rows_per_case
from gridapp.reports.facts import fold_cases
from gridapp.reports.mark_rows import NO_MARKS, dept_items, mark_columns
from gridapp.store.schema import case_facts, case_mark_items, case_marks, cases


def outdated(conn: Connection) -> list[str]:
    """Cases whose rows are not what folding their log now gives (a check for tests and
    for anyone doubting the rows; an empty list when every writer kept them up to date).
    Every row of a case is checked: its facts (whole and cut at each month's start), its
    marks (``case_marks``) and its department items (``case_mark_items``)."""
    rows = {
        r.case_id: r
        for r in conn.execute(
            select(
                case_facts.c.case_id,
                case_facts.c.version,
                case_facts.c.last_at,
                case_facts.c.facts,
            )
        )
    }
    mark_names = list(NO_MARKS)
    marks = {
        r[0]: dict(zip(["version", "last_at", *mark_names], r[1:], strict=True))
        for r in conn.execute(
            select(
                case_marks.c.case_id,
                case_marks.c.version,
                case_marks.c.last_at,
                *[case_marks.c[n] for n in mark_names],
            )
        )
    }
    items: dict[str, list[tuple]] = {}
    i = case_mark_items.c
    q = select(i.case_id, i.kind, i.dept, i.due, i.done).order_by(i.case_id, i.n)
    for case_id, *item in conn.execute(q):
        items.setdefault(case_id, []).append(tuple(item))
    cuts = fact_cuts.held(conn)
    ids = sorted(set(conn.execute(select(cases.c.id)).scalars()).union(rows, marks, items, cuts))
    wrong = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        per_case = log_rows_per_case(conn, chunk)
        folded = {f.case_id: f for r in per_case.values() for f in fold_cases(r)}
        for case_id in chunk:
            row = rows.get(case_id)
            # the row's own last event: a writer may have stopped at one this version
            # cannot read (``fold_cases`` does too)
            last = None if row is None or row.last_at is None else _as_time(row.last_at)
            expected_cuts = fact_cuts.cuts_of(per_case[case_id], last)
            stored = decode_or_none(row.facts) if row is not None and row.facts else None
            current = row is not None and row.version == FACTS_VERSION
            expected_marks = {
                "version": FACTS_VERSION,
                "last_at": row.last_at if row is not None else None,
                **mark_columns(folded.get(case_id)),
            }
            expected_items = dept_items(folded.get(case_id))
            if (
                not current
                or stored != folded.get(case_id)
                or cuts.get(case_id, []) != expected_cuts
                or marks.get(case_id) != expected_marks
                or items.get(case_id, []) != expected_items
            ):
                wrong.append(case_id)
    return wrong
