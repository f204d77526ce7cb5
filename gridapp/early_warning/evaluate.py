"""Evaluating the early-warning rules on a store, within what the user may see.

Counts of reports come from the case projection (``cases``: where and what each case is
now; rejected, voided and merged reports are not problems on the ground). The rising
overdue count needs the past, so it replays the dispatch events of the cases that could
have been overdue in the window: at each compared moment a case is overdue for its
department when it is with that department, being handled (派遣, not 处置/挂账/回退) and
past the deadline in force then, the same test as the case list's red mark.
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Connection, and_, case, func, select

from gridapp.domain.case import CaseState
from gridapp.domain.events import loads_payload, parse_time
from gridapp.domain.warning_rules import WarningRules
from gridapp.early_warning.model import EarlyWarning, WarningKind
from gridapp.store.schema import case_events, cases

NOT_PROBLEMS = (CaseState.REJECTED.value, CaseState.MERGED.value)
FINISHED = (CaseState.CLOSED.value, CaseState.REJECTED.value, CaseState.MERGED.value)
CHUNK = 500
# Events that change whether (and for whom, until when) a case is being handled.
TIMELINE_ACTIONS = (
    "dispatch",
    "reassign",
    "return",
    "handle",
    "approve_extension",
    "approve_suspension",
    "resume",
    "check",
    "close",
    "void",
    "merge",
    "reject",
)


# The payload of the events whose payload ``_timeline`` reads (a handling report's note
# and photos are neither read from the store nor parsed).
_TIMELINE_PAYLOAD = case(
    (
        case_events.c.action.in_(("dispatch", "reassign", "resume", "approve_extension", "check")),
        case_events.c.payload,
    ),
    else_=None,
).label("payload")


def evaluate(
    conn: Connection, rules: WarningRules, now: datetime, scope: ColumnElement[bool]
) -> list[EarlyWarning]:
    """Every warning at ``now`` over the cases ``scope`` selects, most pressing rule first."""
    out: list[EarlyWarning] = []
    if rules.rework_on:
        out += rework(conn, rules, scope)
    if rules.overdue_on:
        out += overdue_rising(conn, rules, now, scope)
    if rules.recurring_on:
        out += recurring(conn, rules, now, scope)
    if rules.surge_on:
        out += surges(conn, rules, now, scope)
    return out


def _reports(
    conn: Connection, since: datetime, now: datetime, scope: ColumnElement[bool], *columns
) -> Iterable:
    c = cases.c
    q = (
        select(c.id, c.reported_at, *columns)
        .where(c.reported_at >= since, c.reported_at < now, c.state.not_in(NOT_PROBLEMS), scope)
        .order_by(c.reported_at, c.id)
    )
    return conn.execute(q)


def recurring(
    conn: Connection, rules: WarningRules, now: datetime, scope: ColumnElement[bool]
) -> list[EarlyWarning]:
    """高发/顽疾: grid × small class with at least ``recurring_min`` reports in the window."""
    since = now - timedelta(days=rules.recurring_days)
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    community: dict[str, str] = {}
    for row in _reports(conn, since, now, scope, cases.c.grid_code, cases.c.category_code,
                        cases.c.community_code):  # fmt: skip
        groups[(row.grid_code, row.category_code)].append(row.id)
        community[row.grid_code] = row.community_code
    out = [
        EarlyWarning(
            WarningKind.RECURRING,
            f"recurring:{grid}:{category}",
            grid_code=grid,
            community_code=community[grid],
            category_code=category,
            count=len(ids),
            since=since,
            case_ids=tuple(ids),
        )
        for (grid, category), ids in groups.items()
        if len(ids) >= rules.recurring_min
    ]
    return sorted(out, key=lambda w: (-w.count, w.key))


def surges(
    conn: Connection, rules: WarningRules, now: datetime, scope: ColumnElement[bool]
) -> list[EarlyWarning]:
    """激增: the last 7 days against the weekly average of the ``surge_weeks`` weeks before."""
    weeks = rules.surge_weeks
    since = now - timedelta(days=7 * (weeks + 1))
    this_week = now - timedelta(days=7)
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * (weeks + 1))
    recent: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in _reports(conn, since, now, scope, cases.c.grid_code, cases.c.community_code):
        week = min(int((now - row.reported_at) / timedelta(days=7)), weeks)
        for level in rules.surge_levels:
            key = (level, row.grid_code if level == "grid" else row.community_code)
            counts[key][week] += 1
            if row.reported_at >= this_week:
                recent[key].append(row.id)
    out = []
    for (level, code), per_week in counts.items():
        current, average = per_week[0], sum(per_week[1:]) / weeks
        if current < rules.surge_min or current < rules.surge_ratio * average:
            continue
        out.append(
            EarlyWarning(
                WarningKind.SURGE,
                f"surge:{level}:{code}",
                grid_code=code if level == "grid" else None,
                community_code=code if level == "community" else None,
                count=current,
                baseline=average,
                since=this_week,
                case_ids=tuple(recent[(level, code)]),
            )
        )
    return sorted(out, key=lambda w: (-(w.count - (w.baseline or 0)), w.key))


def rework(conn: Connection, rules: WarningRules, scope: ColumnElement[bool]) -> list[EarlyWarning]:
    """多次返工: each unfinished case whose 核查 failed at least ``rework_min`` times."""
    c = cases.c
    q = (
        select(
            c.id, c.grid_code, c.community_code, c.category_code, c.department_code, c.rework_count
        )
        .where(c.rework_count >= rules.rework_min, c.state.not_in(FINISHED), scope)
        .order_by(c.rework_count.desc(), c.id)
    )
    return [
        EarlyWarning(
            WarningKind.REWORK,
            f"rework:{r.id}",
            grid_code=r.grid_code,
            community_code=r.community_code,
            category_code=r.category_code,
            department_code=r.department_code,
            count=r.rework_count,
            case_ids=(r.id,),
        )
        for r in conn.execute(q)
    ]


# -- overdue counts in the past ---------------------------------------------------------------

Span = tuple[datetime, str | None, datetime | None]  # from then: department being handled, deadline


def _timeline(events: Sequence[tuple[str, datetime, str]]) -> list[Span]:
    """(time, department or None when not being handled, deadline) changes of one case."""
    spans: list[Span] = []
    dept: str | None = None
    deadline: datetime | None = None
    running = False
    for action, at, payload in events:
        p = loads_payload(payload) if payload else {}  # only the actions below read it
        match action:
            case "dispatch" | "reassign":
                dept, deadline, running = (
                    str(p.get("department_code")),
                    parse_time(p.get("deadline")),
                    True,
                )
            case "resume":
                deadline, running = parse_time(p.get("deadline")), True
                dept = str(p.get("department_code") or dept or "")
            case "approve_extension":
                deadline = parse_time(p.get("deadline")) or deadline
            case "check" if not p.get("result"):
                deadline, running = parse_time(p.get("deadline")), True
            case "return":
                dept, running = None, False
            case _:
                running = False
        spans.append((at, dept if running else None, deadline))
    return spans


def _changed_since(conn: Connection, since: datetime, scope: ColumnElement[bool]) -> list[str]:
    """Dispatched cases changed since ``since``: their past needs their events (those
    after ``now``, when evaluating a past moment, are left out when read)."""
    c = cases.c
    q = select(c.id).where(
        c.dispatch_count > 0,
        c.updated_at >= since,  # every event sets it (gridapp.domain.workflow)
        scope,
    )
    return [r.id for r in conn.execute(q)]


def _unchanged_handling(conn: Connection, since: datetime, scope: ColumnElement[bool]) -> Iterable:
    """Cases with a department, untouched since ``since``: with it all along, at the
    deadline the projection holds (no events needed)."""
    c = cases.c
    q = select(c.department_code, c.deadline).where(
        c.state == CaseState.DISPATCHED.value, c.updated_at < since, scope
    )
    return conn.execute(q)


def _events_of(conn: Connection, ids: list[str], now: datetime) -> dict[str, list]:
    e = case_events.c
    by_case: dict[str, list] = defaultdict(list)
    for start in range(0, len(ids), CHUNK):
        q = (
            select(e.case_id, e.action, e.at_server, e.at_client, _TIMELINE_PAYLOAD)
            .where(
                e.case_id.in_(ids[start : start + CHUNK]),
                e.action.in_(TIMELINE_ACTIONS),
                e.status != "rejected",
                func.coalesce(e.at_server, e.at_client) <= now,
            )
            .order_by(e.case_id, e.seq.is_(None), e.seq, e.n)
        )
        for r in conn.execute(q):
            when = r.at_server or r.at_client
            if when <= now:
                by_case[r.case_id].append((r.action, when, r.payload))
    return by_case


def overdue_counts(
    conn: Connection, moments: Sequence[datetime], scope: ColumnElement[bool]
) -> dict[str, list[int]]:
    """Per department, how many of its cases were overdue at each of ``moments``."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0] * len(moments))
    since, now = min(moments), max(moments)
    for r in _unchanged_handling(conn, since, scope):
        if r.department_code and r.deadline is not None:
            for i, moment in enumerate(moments):
                counts[r.department_code][i] += moment > r.deadline
    ids = _changed_since(conn, since, scope)
    for events in _events_of(conn, ids, now).values():
        spans = _timeline(events)
        times = [s[0] for s in spans]
        for i, moment in enumerate(moments):
            k = bisect.bisect_right(times, moment) - 1
            if k < 0:
                continue
            _, dept, deadline = spans[k]
            if dept and deadline is not None and moment > deadline:
                counts[dept][i] += 1
    return counts


def overdue_rising(
    conn: Connection, rules: WarningRules, now: datetime, scope: ColumnElement[bool]
) -> list[EarlyWarning]:
    """超期攀升: departments whose overdue count rose on each of the last ``overdue_days``."""
    days = rules.overdue_days
    moments = [now - timedelta(days=days - i) for i in range(days + 1)]  # oldest → now
    out = []
    for dept, series in overdue_counts(conn, moments, scope).items():
        if all(a < b for a, b in itertools.pairwise(series)):
            out.append(
                EarlyWarning(
                    WarningKind.OVERDUE_RISING,
                    f"overdue_rising:{dept}",
                    department_code=dept,
                    count=series[-1],
                    baseline=float(series[0]),
                    series=tuple(series),
                    since=moments[0],
                    case_ids=tuple(_overdue_now(conn, dept, now, scope)),
                )
            )
    return sorted(out, key=lambda w: (-w.count, w.key))


def _overdue_now(
    conn: Connection, dept: str, now: datetime, scope: ColumnElement[bool]
) -> list[str]:
    c = cases.c
    q = (
        select(c.id)
        .where(
            and_(c.department_code == dept, c.state == CaseState.DISPATCHED.value),
            c.deadline < now,
            scope,
        )
        .order_by(c.deadline, c.id)
    )
    return [r.id for r in conn.execute(q)]
