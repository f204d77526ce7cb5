"""A case's facts as they stood at each month start it lived through (``case_facts_cuts``).

A past month's view or report needs every case that changed after the month as it stood
at the month's end. Only the fold at the start of the month of a case's last event was
kept before; a case that changed two months or more after a past month was folded up to
its end at every view. Now the fold at every month start after a case's first event, up
to the month of its last, is kept and decoded instead (a case lives through one or two
month starts, a 挂账 case a few more). Beside it, the marks a period's flags read
(``SUMMARY_MARKS``, as ``case_marks`` names them), so a comparison period (环比, 同比)
counts the case in SQL as it stood then (``mark_sql.cut_numbers``), not in Python.

The rows are written with the case's ``case_facts`` row (``fact_store``), in the same
transaction; that row's version says whether they are current. A cut whose facts cannot
be stored is left out: the case is then folded from its events when read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from gridapp.reports.fact_codec import decode_or_none, encoded_or_none
from gridapp.reports.facts import CaseFacts, fold_cases
from gridapp.reports.mark_rows import mark_columns
from gridapp.store.fast_rows import TableRows
from gridapp.store.schema import case_facts_cuts

# What ``mark_sql._flag_conditions`` reads of a case (``mark_rows.mark_columns``' names)
SUMMARY_MARKS = (
    "reported_at",
    "filed_at",
    "closed_at",
    "voided_at",
    "rejected_at",
    "deadline",
    "handled_at",
    "reworked",
    "open_now",
    "plain",
    "supervised_first",
    "supervised_last",
)
# a month's start, the fold before it (None: no case yet), its ``SUMMARY_MARKS``
Cut = tuple[datetime, str | None, tuple[Any, ...]]
_ROWS = TableRows(case_facts_cuts, ("case_id", "cut_at", "facts", *SUMMARY_MARKS))


def month_start(t: datetime) -> datetime:
    return t.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def month_starts(after: datetime, last: datetime) -> Iterator[datetime]:
    """Every month start later than ``after``, up to the start of the month of ``last``."""
    at, end = month_start(after), month_start(last)
    while at < end:
        at = (
            at.replace(year=at.year + 1, month=1)
            if at.month == 12
            else at.replace(month=at.month + 1)
        )
        yield at


def _summary(f: CaseFacts | None) -> tuple[Any, ...]:
    marks = mark_columns(f)
    return tuple(marks[name] for name in SUMMARY_MARKS)


def cut(at: datetime, f: CaseFacts | None) -> Cut | None:
    """The cut at ``at`` of the fold ``f`` (None: the facts cannot be stored)."""
    text = encoded_or_none(f) if f is not None else None
    if f is not None and text is None:
        return None
    return at, text, _summary(f)


def cuts_of(rows: list[dict], last: datetime | None) -> list[Cut]:
    """The fold of ``rows`` (a case's fold input, log order) before each month start
    after its first row, up to the month of ``last`` (the case's last event)."""
    if last is None or not rows:
        return []
    out: list[Cut] = []
    for at in month_starts(min(r["at"] for r in rows), last):
        folded = fold_cases([r for r in rows if r["at"] < at])
        made = cut(at, folded[0] if folded else None)
        if made is not None:  # else folded from the events when read
            out.append(made)
    return out


def continued(
    held_last: datetime, held_text: str, tail_first: datetime, last: datetime
) -> list[Cut] | None:
    """The cuts a case's later rows add when none of them is before the start of the
    month of ``last``: the held facts (stored as ``held_text``) at each month start they
    moved past; the held cuts stay. None when some row is earlier, or the held facts do
    not decode: the cuts are made again from all rows."""
    if tail_first < month_start(last):
        return None
    starts = list(month_starts(held_last, last))
    if not starts:
        return []
    held = decode_or_none(held_text)  # again: the caller folds the tail onto its copy
    if held is None:
        return None
    summary = _summary(held)
    return [(at, held_text, summary) for at in starts]


def replace(conn: Connection, ids: list[str], cuts: Mapping[str, list[Cut]]) -> None:
    """Rewrite the cuts of ``ids`` (≤ ``fast_rows.CHUNK``) with ``cuts``."""
    if ids:
        _ROWS.delete_in(conn, "case_id", ids)
    add(conn, cuts)


def add(conn: Connection, cuts: Mapping[str, list[Cut]]) -> None:
    rows = [
        (case_id, at, text, *marks) for case_id, kept in cuts.items() for at, text, marks in kept
    ]
    if rows:
        _ROWS.insert(conn, rows)


def held(conn: Connection, ids: Iterable[str] | None = None) -> dict[str, list[Cut]]:
    """The stored cuts of ``ids`` (every case's when None), each case's in time order."""
    c = case_facts_cuts.c
    q = select(c.case_id, c.cut_at, c.facts, *(c[name] for name in SUMMARY_MARKS))
    q = q.order_by(c.case_id, c.cut_at)
    if ids is not None:
        q = q.where(c.case_id.in_(list(ids)))
    out: dict[str, list[Cut]] = {}
    for case_id, at, text, *marks in conn.execute(q):
        out.setdefault(case_id, []).append((at, text, tuple(marks)))
    return out
