"""What ``figures.mark``, ``scoring.tally_departments`` and the 回访 figures read of a case,
as plain columns and rows kept beside its facts (``case_marks``, ``case_mark_items``).

``fact_store`` writes these with each case's facts row; ``FACTS_VERSION`` hashes this
module too, so a change here makes every row stale (rewritten by ``refresh_stale``).
The SQL that reads them lives in ``mark_sql.py`` and ``stats/view_rows.py``; the
definitions stay in figures.py, scoring.py and satisfaction.py, and the tests compare
the two over the demo and the hand-worked month.
"""

from __future__ import annotations

from datetime import datetime

from gridapp.reports.facts import CaseFacts
from gridapp.reports.satisfaction import CITIZEN_SOURCES

NO_MARKS: dict[str, object] = {
    "reported_at": None,
    "filed_at": None,
    "closed_at": None,
    "voided_at": None,
    "rejected_at": None,
    "deadline": None,
    "handled_at": None,
    "reworked": False,
    "open_now": False,
    "plain": False,
    "source": None,
    "category": None,
    "grid": None,
    "community": None,
    "street": None,
    "department": None,
    "simple": False,
    "ack_due": None,
    "acked_at": None,
    "callbacks": False,
    "callback_one": False,
    "closing_at": None,
    "closing_dept": None,
    "callback_at": None,
    "callback_dept": None,
    "callback_reached": None,
    "callback_verdict": None,
    "verified_at": None,
    "last_dept": None,
    "last_unit": None,
    "last_check_ok": None,
    "last_returned_at": None,
    "supervised_first": None,
    "supervised_last": None,
}


def mark_columns(f: CaseFacts | None) -> dict[str, object]:
    """What ``figures.mark`` reads of a case, as ``case_marks`` columns (``mark_sql``)."""
    if f is None:
        return dict(NO_MARKS)
    last = f.last_round
    plain = is_plain(f)
    ack = f.acks[0] if len(f.acks) == 1 else None
    closing = f.closings[0] if f.closings else None
    call = f.callbacks[0] if f.callbacks else None
    return {
        "reported_at": f.reported_at,
        "filed_at": f.filed_at,
        "closed_at": f.closed_at,
        "voided_at": f.voided_at,
        "rejected_at": f.rejected_at,
        "deadline": f.deadline,
        "handled_at": last.handled_at if last else None,
        "reworked": any(r.check_ok is False for r in f.rounds),
        "open_now": f.is_open and not f.suspended_now,
        "plain": plain,
        "source": f.source,
        "category": f.category,
        "grid": f.grid,
        "community": f.community,
        "street": f.street,
        "department": f.department,
        "simple": plain and simple(f),
        "ack_due": ack.due if ack else None,
        "acked_at": ack.acked_at if ack else None,
        "callbacks": bool(f.closings or f.callbacks)
        and (f.source in CITIZEN_SOURCES or any(r.kind == "reopen" for r in f.rounds)),
        "callback_one": callback_one(f),
        "closing_at": closing.at if closing else None,
        "closing_dept": closing.dept if closing else None,
        "callback_at": call.at if call else None,
        "callback_dept": call.dept if call else None,
        "callback_reached": call.reached if call else None,
        "callback_verdict": call.satisfaction if call else None,
        # what a line of the overdue board reads (``figures.overdue_lines``)
        "verified_at": f.verified_at,
        "last_dept": last.dept if last else None,
        "last_unit": last.unit if last else None,
        "last_check_ok": last.check_ok if last else None,
        "last_returned_at": last.returned_at if last else None,
        # what the 督办 flag reads (``figures.mark``: one of them in the period)
        "supervised_first": min(f.supervises) if plain and f.supervises else None,
        "supervised_last": max(f.supervises) if plain and f.supervises else None,
    }


# A plain case's 督办 are all in two columns (``supervised_first``/``_last``)
MAX_SUPERVISES = 2


def is_plain(f: CaseFacts) -> bool:
    """Never 挂账/缓办 (the exclusions look at intervals) and at most ``MAX_SUPERVISES``
    督办: ``figures.mark`` and ``scoring.tally_departments`` then read only columns."""
    return not f.suspensions and len(f.supervises) <= MAX_SUPERVISES


def simple(f: CaseFacts) -> bool:
    """At most one round, never returned, suspended or reworked, no 协办, and at most the
    round's own lead 签收, still owed or done: ``scoring.department_scores`` then charges
    one department from the marks columns alone (``stats/view_rows.py`` says it in SQL)."""
    if f.co_tasks or len(f.rounds) > 1 or len(f.acks) > 1:
        return False
    if not f.rounds:
        return not f.acks
    r = f.rounds[0]
    if r.returned_at is not None or r.suspended or r.check_ok is False:
        return False
    return all(a.dept == r.dept and a.lead and a.ended_at is None for a in f.acks)


def callback_one(f: CaseFacts) -> bool:
    """At most one 结案 and one 回访, never reopened: the ``closing_*``/``callback_*``
    columns are all the 回访 figures (``satisfaction.py``) read of the case."""
    return (
        len(f.closings) <= 1
        and len(f.callbacks) <= 1
        and not any(r.kind == "reopen" for r in f.rounds)
    )


# ``case_mark_items`` kinds: what ``scoring.tally_departments`` reads of a case that is
# not simple, one row a round, 协办 task, 签收 or department (``view_rows`` groups them).
ITEM_ROUND = "r"  # a round still its department's (not 回退, not 挂账): due, done = 处置反馈
ITEM_CO = "c"  # a 协办 task not dropped: due, done = its feedback
ITEM_ACK = "a"  # a 签收 still owed or done: due = acknowledge-by, done = acknowledged
ITEM_FILED = "d"  # a department of any round (立案数 counts the case for each)
ITEM_REWORK = "w"  # a department with a failed 核查 (返工数 when it is the charged one)

Item = tuple[str, str, datetime | None, datetime | None]  # kind, department, due, done


def dept_items(f: CaseFacts | None) -> list[Item]:
    """The department rows of a plain case that is not simple (none for any other: a
    simple case's measures are ``case_marks`` columns, a case that is not plain is
    counted in Python). Period-free: ``view_rows`` applies the period in SQL."""
    if f is None or not is_plain(f) or simple(f):
        return []
    items: list[Item] = []
    for r in f.rounds:
        if r.dept and r.returned_at is None and not r.suspended:
            items.append((ITEM_ROUND, r.dept, r.deadline, r.handled_at))
    for task in f.co_tasks:
        if task.dept and task.ended_at is None:
            items.append((ITEM_CO, task.dept, task.deadline, task.fed_back_at))
    for ack in f.acks:
        dropped = ack.ended_at is not None and ack.ended_at <= ack.due and ack.acked_at is None
        if ack.dept and not dropped:
            items.append((ITEM_ACK, ack.dept, ack.due, ack.acked_at))
    for dept in sorted({r.dept for r in f.rounds if r.dept}):
        items.append((ITEM_FILED, dept, None, None))
    for dept in sorted({r.dept for r in f.rounds if r.dept and r.check_ok is False}):
        items.append((ITEM_REWORK, dept, None, None))
    return items
