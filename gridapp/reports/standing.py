"""One user's own standing (我的考评): month-to-date indicators, score, grade and rank.

A grid officer (监督员) and a handling department (专业部门) see the figures the monthly
report gives them, computed by the very same functions (``staff_tally`` +
``role_holder_scores`` for an officer, ``department_scores`` for a department) over the
same period, so the two can never disagree. Nothing here has a formula of its own: it
picks the user's own row out of what the report computes.

Where it is computed, and why:
- The user's own figures need only events of the user's own cases, which the user's
  scope holds (an officer: cases in their grids, their reports, their 核实 tasks; a
  department: cases ever dispatched to it). So a laptop computes them offline from its
  store (``peers`` is then None).
- The rank needs every peer's figures, which only the service holds. The service
  computes the standing of the caller only (there is no parameter naming someone else)
  and adds the rank table *without names*: rank, score and grade per peer, the caller's
  row marked. Peers are individuals (officers) or units judged for the district's
  command staff; the monthly report with names stays with those who may read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection

from gridapp.reports import figures as fg
from gridapp.reports.fact_store import load as load_facts
from gridapp.reports.indicators import ReportBuilder, snapshot
from gridapp.reports.model import Figure, IndicatorScore, Rate
from gridapp.reports.scoring import (
    Scorer,
    Tally,
    _role_inputs,
    department_scores,
    role_holder_scores,
    staff_tally,
)
from gridapp.reports.weights import ROLE_LABELS

OFFICER = "grid_officer"
DEPARTMENT = "department"
SUBJECTS = (OFFICER, DEPARTMENT)


@dataclass(frozen=True)
class PeerRow:
    """One row of the rank table: no name, no username, no case numbers."""

    rank: int | None
    score: float | None
    grade: str | None
    mine: bool
    small_sample: bool = False


@dataclass(frozen=True)
class Standing:
    subject: str  # OFFICER | DEPARTMENT
    code: str  # the officer's username or the department's code
    name: str
    role_label: str  # 监督员 / 专业部门
    period_start: date
    period_end: date  # inclusive
    snapshot_label: str
    indicators: tuple[IndicatorScore, ...]
    score: float | None
    grade: str | None
    rank: int | None  # None: not ranked (nothing to judge, 样本不足, or not computed here)
    small_sample: bool
    peers: tuple[PeerRow, ...] | None  # None: computed on a laptop (no peers' figures)

    @property
    def ranked_count(self) -> int:
        return sum(1 for p in self.peers or () if p.rank is not None)


def month_to_date(today: date) -> tuple[date, date]:
    return today.replace(day=1), today


def compute(
    builder: ReportBuilder,
    conn: Connection,
    *,
    subject: str,
    code: str,
    start: date,
    end: date,
    now: datetime,
    with_peers: bool,
) -> Standing:
    """The standing of one officer (``code`` = username) or department (``code`` = its code)."""
    p = fg.Period(
        datetime.combine(start, datetime.min.time()),
        datetime.combine(end + timedelta(days=1), datetime.min.time()),
    )
    facts = load_facts(conn, "", p.start, p.end)
    scorer = Scorer(builder.weights, p.days)
    _at, label = snapshot(conn, now)
    if subject == OFFICER:
        tally = staff_tally(facts, p, builder.timer, builder.officers_of_grid)
        rows = [
            r for r in role_holder_scores(tally, builder.holders(), scorer) if r.role == OFFICER
        ]
        own = next((r for r in rows if r.username == code), None)
        if own is not None:
            items, score, grade, rank = own.indicators, own.score, own.grade, own.rank
        else:  # nothing of theirs in the period: every indicator "—"
            items = scorer.indicators(OFFICER, *_role_inputs(OFFICER, Tally(), code))
            score, grade, rank = None, None, None
        peers = tuple(PeerRow(r.rank, r.score, r.grade, r.username == code) for r in rows)
        small = False
        name = builder.user_name(code)
    elif subject == DEPARTMENT:
        marks = fg.marks_of(facts, p)
        depts = department_scores(marks, p, scorer, builder.dept_info)
        mine = next((d for d in depts if d.code == code), None)
        if mine is not None:
            items, score, grade = mine.indicators, mine.score, mine.grade
            rank, small = mine.rank, mine.small_sample
        else:
            empty = Rate.of(Figure(0), Figure(0))
            rates = {
                "close_rate": empty,
                "on_time_rate": empty,
                "rework_rate": empty,
                "ack_on_time_rate": empty,
            }
            items = tuple(
                IndicatorScore(i.key, i.label, i.weight, i.kind, i.rate, i.count, None)
                for i in scorer.indicators(DEPARTMENT, rates, {"filed_count": Figure(0)})
            )
            score, grade, rank, small = None, None, None, False
        peers = tuple(
            PeerRow(d.rank, d.score, d.grade, d.code == code, d.small_sample)
            for d in depts
            if d.score is not None
        )
        name = builder.dept_info(code)[0]
    else:
        raise ValueError(f"no standing for {subject}")
    return Standing(
        subject,
        code,
        name,
        ROLE_LABELS[subject],
        start,
        end,
        label,
        tuple(items),
        score,
        grade,
        rank if with_peers else None,
        small,
        peers if with_peers else None,
    )


# -- on the wire (the service's /standing answer) -------------------------------------------


def _fig(f: Figure | None) -> list[str] | None:
    return None if f is None else list(f.case_numbers)


def _unfig(v: list[str] | None) -> Figure | None:
    return None if v is None else Figure.of(v)


def to_json(s: Standing) -> dict[str, Any]:
    return {
        "subject": s.subject,
        "code": s.code,
        "name": s.name,
        "role_label": s.role_label,
        "period_start": s.period_start.isoformat(),
        "period_end": s.period_end.isoformat(),
        "snapshot_label": s.snapshot_label,
        "indicators": [
            {
                "key": i.key,
                "label": i.label,
                "weight": i.weight,
                "kind": i.kind,
                "numerator": _fig(i.rate.numerator) if i.rate else None,
                "denominator": _fig(i.rate.denominator) if i.rate else None,
                "count": _fig(i.count),
                "score": i.score,
            }
            for i in s.indicators
        ],
        "score": s.score,
        "grade": s.grade,
        "rank": s.rank,
        "small_sample": s.small_sample,
        "peers": None
        if s.peers is None
        else [
            {
                "rank": r.rank,
                "score": r.score,
                "grade": r.grade,
                "mine": r.mine,
                "small_sample": r.small_sample,
            }
            for r in s.peers
        ],
    }


def from_json(d: dict[str, Any]) -> Standing:
    items = []
    for i in d["indicators"]:
        num, den = _unfig(i["numerator"]), _unfig(i["denominator"])
        rate = Rate.of(num, den) if num is not None and den is not None else None
        items.append(
            IndicatorScore(
                i["key"], i["label"], i["weight"], i["kind"], rate, _unfig(i["count"]), i["score"]
            )
        )
    peers = d.get("peers")
    return Standing(
        d["subject"],
        d["code"],
        d["name"],
        d["role_label"],
        date.fromisoformat(d["period_start"]),
        date.fromisoformat(d["period_end"]),
        d["snapshot_label"],
        tuple(items),
        d["score"],
        d["grade"],
        d["rank"],
        bool(d["small_sample"]),
        None
        if peers is None
        else tuple(
            PeerRow(r["rank"], r["score"], r["grade"], bool(r["mine"]), bool(r["small_sample"]))
            for r in peers
        ),
    )
