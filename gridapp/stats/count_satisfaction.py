"""The view's 回访 figures (回访率, 满意率, 重办数) with the SQL cases summed, not decoded.

``satisfaction.py`` is the definition, shared with the monthly report; it reads a case's
结案 and 回访 lists. A case counted in SQL with at most one 结案 and one 回访, never
reopened (``mark_rows.callback_one``), has them as ``case_marks`` columns; such cases
(≈95,000 of a year's) were handed to ``satisfaction`` as stand-in facts, 2.7 s a year.
Here ``view_counts``' scan sums them per (结案 department, 回访 department, street) by
the conditions below — ``callback_pairs`` and ``satisfaction_pairs`` for one 结案 and
one 回访 — and each figure's SQL cases are fetched when its list is read. The cases
loaded in Python still go through ``satisfaction.py`` (and only they can be reopened).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from sqlalchemy import and_, or_

from gridapp.reports import figures as fg
from gridapp.reports.facts import CaseFacts
from gridapp.reports.mark_sql import _in, cf
from gridapp.reports.model import Figure
from gridapp.reports.satisfaction import (
    CITIZEN_SOURCES,
    SATISFIED,
    GroupOf,
    Satisfaction,
    SatisfactionRow,
    _worst_first,
    by_department,
    by_street,
    callback_pairs,
    in_total,
    reopened_numbers,
    satisfaction_pairs,
)
from gridapp.stats.case_lists import Cond, Lists, Row, Spec, key_is

# The sums of a satisfaction group, in ``conditions`` order; a group's key is
# (结案 department, 回访 department, street) at 0, 1, 2 and its sums from 3 (``SUMS_AT``).
CLOSED, CALLED, REACHED, SATISFIED_AT = range(4)
SUMS_AT = 3


def conditions(p: fg.Period) -> list[Cond]:
    """A citizen's case with one 结案 and one 回访 at most: closed in the period (应回访),
    called back after it (已回访), reached in the period (联系上), last verdict 满意/基本满意."""
    one = and_(
        cf.source.in_(sorted(CITIZEN_SOURCES)),
        cf.callbacks.is_(True),
        cf.callback_one.is_(True),
    )
    closed = and_(one, _in(cf.closing_at, p))
    called = and_(closed, cf.callback_at.is_not(None), cf.callback_at >= cf.closing_at)
    reached = and_(one, cf.callback_reached.is_(True), _in(cf.callback_at, p))
    satisfied = and_(reached, cf.callback_verdict.in_(sorted(SATISFIED)))
    return [closed, called, reached, satisfied]


def sum_is(index: int, p: fg.Period) -> Cond:
    return conditions(p)[index]


def dept_is(column: Any, code: str, _p: fg.Period) -> Cond:
    """``by_department``: no department is the group ""."""
    return or_(column.is_(None), column == "") if code == "" else column == code


_SUM = [partial(sum_is, i) for i in range(4)]


class _Grouping:
    """One way of grouping (total, department, street): its key of a Python case and,
    for the SQL groups, its key and list condition by 结案 (回访率) and by 回访 (满意率)."""

    def __init__(
        self,
        group: GroupOf,
        call_key: Callable[[Row], str],
        verdict_key: Callable[[Row], str],
        call_spec: Callable[[str], tuple[Spec, ...]],
        verdict_spec: Callable[[str], tuple[Spec, ...]],
    ) -> None:
        self.group = group
        self.call_key, self.verdict_key = call_key, verdict_key
        self.call_spec, self.verdict_spec = call_spec, verdict_spec


_TOTAL = _Grouping(in_total, lambda _r: "", lambda _r: "", lambda _k: (), lambda _k: ())
_DEPARTMENT = _Grouping(
    by_department,
    lambda r: r[0] or "",
    lambda r: r[1] or "",
    lambda k: (partial(dept_is, cf.closing_dept, k),),
    lambda k: (partial(dept_is, cf.callback_dept, k),),
)
_STREET = _Grouping(
    by_street,
    lambda r: r[2],
    lambda r: r[2],
    lambda k: (partial(key_is, cf.street, k),),
    lambda k: (partial(key_is, cf.street, k),),
)


def _rows(
    facts: list[CaseFacts],
    groups: list[Row],
    lists: Lists,
    how: _Grouping,
    name: Callable[[str], str],
) -> list[SatisfactionRow]:
    p = lists.p
    calls = callback_pairs(facts, p, how.group)
    verdicts = satisfaction_pairs(facts, p, how.group)
    reopens = reopened_numbers(facts, p, how.group)
    counted: dict[Any, list[int]] = {}
    for g in groups:
        by_call = counted.setdefault(how.call_key(g), [0, 0, 0, 0])
        by_call[CLOSED] += g[SUMS_AT + CLOSED]
        by_call[CALLED] += g[SUMS_AT + CALLED]
        by_verdict = counted.setdefault(how.verdict_key(g), [0, 0, 0, 0])
        by_verdict[REACHED] += g[SUMS_AT + REACHED]
        by_verdict[SATISFIED_AT] += g[SUMS_AT + SATISFIED_AT]
    keys = set(calls) | set(verdicts) | set(reopens)
    keys |= {k for k, s in counted.items() if s[CLOSED] or s[REACHED]}
    rows = []
    for key in sorted(keys):
        s = counted.get(key, [0, 0, 0, 0])

        def fig(i: int, numbers: set[str], spec: tuple[Spec, ...], s: list[int] = s) -> Figure:
            return lists.figure(s[i], (_SUM[i], *spec), sorted(numbers))

        called, closed = calls.get(key, (set(), set()))
        satisfied, reached = verdicts.get(key, (set(), set()))
        call_spec, verdict_spec = how.call_spec(key), how.verdict_spec(key)
        closed_f, called_f = fig(CLOSED, closed, call_spec), fig(CALLED, called, call_spec)
        reached_f = fig(REACHED, reached, verdict_spec)
        satisfied_f = fig(SATISFIED_AT, satisfied, verdict_spec)
        rows.append(
            SatisfactionRow.of(
                key,
                name(key),
                closed=closed_f,
                called_back=called_f,
                reached=reached_f,
                satisfied=satisfied_f,
                reopened=Figure.of(reopens.get(key, ())),
            )
        )
    return rows


def satisfaction_counts(
    facts: list[CaseFacts],
    groups: list[Row],
    lists: Lists,
    department: Callable[[str | None], str],
    street: Callable[[str], str],
) -> Satisfaction | None:
    """``satisfaction.satisfaction`` of the loaded ``facts`` and the SQL ``groups``."""
    facts = [f for f in facts if f.closings or f.callbacks]
    total = _rows(facts, groups, lists, _TOTAL, lambda _k: "合计")
    if not total:
        return None
    depts = _rows(
        facts, groups, lists, _DEPARTMENT, lambda k: department(k or None) or "（无部门）"
    )
    depts.sort(key=lambda r: (_worst_first(r.satisfaction_rate), r.code))
    return Satisfaction(total[0], tuple(depts), tuple(_rows(facts, groups, lists, _STREET, street)))
