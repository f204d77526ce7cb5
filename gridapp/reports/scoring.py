"""Scores of handling departments and of command-centre staff (监督员, 受理员, 值班长, 派遣员).

Each indicator is a Rate (or a banded count) over case Figures, so a score can be taken
apart down to case numbers. Process limits (核实, 立案, 派遣, 核查, 结案) come from the
catalog and run on the working calendar, like handling deadlines.

The composite is the weighted mean of the indicators that apply (denominator > 0): a
dispatcher who sent nothing this month is not punished with zeros, and is not ranked at
all when nothing applies (score None).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from gridapp.domain.worktime import WorkCalendar
from gridapp.reports.facts import CaseFacts, Round
from gridapp.reports.figures import Marks, Period
from gridapp.reports.model import (
    DepartmentScore,
    Figure,
    IndicatorScore,
    Rate,
    RoleHolderScore,
    Weights,
)
from gridapp.reports.weights import ROLE_LABELS, band_score, grade_of, role_weights

ProcessLimits = dict[str, tuple[float, str]]  # step -> (amount, unit)
DEFAULT_LIMITS: ProcessLimits = {
    "verify": (1, "work_hour"),
    "file": (0.5, "work_hour"),
    "dispatch": (0.5, "work_hour"),
    "check": (1, "work_hour"),
    "close": (0.5, "work_hour"),
}


class Timer:
    """On-time checks against process limits on the working calendar (memoised)."""

    def __init__(self, calendar: WorkCalendar, limits: ProcessLimits) -> None:
        self.calendar = calendar
        self.limits = {**DEFAULT_LIMITS, **limits}
        self._memo: dict[tuple[str, datetime], datetime] = {}

    def due(self, step: str, start: datetime) -> datetime:
        key = (step, start)
        hit = self._memo.get(key)
        if hit is None:
            amount, unit = self.limits[step]
            hit = self._memo[key] = self.calendar.deadline_for(start, amount, unit)
        return hit

    def on_time(self, step: str, start: datetime, done: datetime | None) -> bool:
        return done is not None and done <= self.due(step, start)


class Tally:
    """Case numbers per (holder, measure): sets, so one case counts once per measure."""

    def __init__(self) -> None:
        self.sets: dict[tuple[str, str], set[str]] = defaultdict(set)

    def add(self, holder: str | None, measure: str, number: str) -> None:
        if holder:
            self.sets[(holder, measure)].add(number)

    def fig(self, holder: str, measure: str) -> Figure:
        return Figure.of(self.sets.get((holder, measure), ()))

    def holders(self) -> set[str]:
        return {h for h, _ in self.sets}


def _composite(items: Sequence[IndicatorScore]) -> float | None:
    applicable = [i for i in items if i.score is not None and i.weight > 0]
    total = sum(i.weight for i in applicable)
    if not applicable or total <= 0:
        return None
    return round(sum(i.weight * i.score for i in applicable) / total, 2)  # type: ignore[operator]


@dataclass(frozen=True)
class Scorer:
    weights: Weights
    period_days: int

    def indicators(
        self, role: str, rates: dict[str, Rate], counts: dict[str, Figure]
    ) -> tuple[IndicatorScore, ...]:
        out = []
        for item in role_weights(self.weights, role).items:
            if item.kind == "band":
                count = counts[item.key]
                score = band_score(self.weights, item.key, count.value, self.period_days)
                out.append(
                    IndicatorScore(item.key, item.label, item.weight, "band", None, count, score)
                )
                continue
            rate = rates[item.key]
            score = None
            if rate.value is not None:
                v = 1 - rate.value if item.kind == "complement" else rate.value
                score = round(100 * v, 2)
            out.append(
                IndicatorScore(item.key, item.label, item.weight, item.kind, rate, None, score)
            )
        return tuple(out)

    def total(self, items: Sequence[IndicatorScore]) -> tuple[float | None, str | None]:
        score = _composite(items)
        return score, grade_of(self.weights, score)


def _ranks(scores: Sequence[float | None]) -> list[int | None]:
    """Competition ranking (1, 2, 2, 4) by score descending; None stays unranked."""
    ordered = sorted((s for s in scores if s is not None), reverse=True)
    return [None if s is None else ordered.index(s) + 1 for s in scores]


def department_scores(
    marks: Sequence[Marks],
    p: Period,
    scorer: Scorer,
    dept_info: Callable[[str], tuple[str, str, str]],
) -> tuple[DepartmentScore, ...]:
    """Departments with anything to judge in the period, ranked; the lowest three flagged."""
    t = tally_departments(marks, p)
    return department_rows(t.fig, t.holders(), scorer, dept_info)


def tally_departments(marks: Iterable[Marks], p: Period) -> Tally:
    """Each department's case numbers per measure over ``marks`` (``department_scores``'
    counting; the statistics view adds the cases it counted in SQL, ``stats/view_rows``)."""
    t = Tally()
    for m in marks:
        f, n = m.f, m.f.number
        mine: dict[str, list[Round]] = defaultdict(list)
        for r in f.rounds:
            if r.returned_at is None and not r.suspended:
                mine[r.dept].append(r)
        for dept, rounds in mine.items():
            in_period = [r for r in rounds if p.has(r.deadline) or p.has(r.handled_at)]
            if in_period and not m.excluded:
                t.add(dept, "dispatched", n)
                ok = all(
                    r.handled_at is not None
                    and r.deadline is not None
                    and r.handled_at <= r.deadline
                    for r in in_period
                )
                if ok:
                    t.add(dept, "on_time", n)
        if m.filed:
            for dept in {r.dept for r in f.rounds}:
                t.add(dept, "filed", n)
        # charged: the department holding the case at the period end (or that closed it);
        # a case returned (回退) and not yet re-dispatched is charged to nobody
        dept = f.department
        if m.due:
            t.add(dept, "due", n)
            if m.closed_due:
                t.add(dept, "closed", n)
            if any(r.check_ok is False and r.dept == dept for r in f.rounds):
                t.add(dept, "reworked", n)
        if m.overdue_open:
            t.add(dept, "overdue_open", n)
        if not m.excluded:
            _tally_co_and_ack(t, f, p)
    return t


DepartmentFigure = Callable[[str, str], Figure]  # (department, measure) → its cases


def department_rows(
    figure: DepartmentFigure,
    holders: Iterable[str],
    scorer: Scorer,
    dept_info: Callable[[str], tuple[str, str, str]],
) -> tuple[DepartmentScore, ...]:
    """The ranked rows of ``holders`` from each one's figures (``Tally.fig``'s measures)."""
    rows = []
    for code in sorted(holders):
        fig = {k: figure(code, k) for k in ("dispatched", "on_time", "due", "closed", "reworked")}
        rates = {
            "close_rate": Rate.of(fig["closed"], fig["due"]),
            "on_time_rate": Rate.of(fig["on_time"], fig["dispatched"]),
            "rework_rate": Rate.of(fig["reworked"], fig["due"]),
            "ack_on_time_rate": Rate.of(figure(code, "ack_on_time"), figure(code, "ack_due")),
        }
        filed = figure(code, "filed")
        items = scorer.indicators("department", rates, {"filed_count": filed})
        # Nothing to handle in the period: neither the 立案数 band nor 签收 alone scores a
        # department (a case it returned at once would give it 100); the figures stay listed.
        alone = ("band", "ack_on_time_rate")
        handling = [i for i in items if i.kind != "band" and i.key != "ack_on_time_rate"]
        if all(i.score is None for i in handling):
            items = tuple(_void(i) if i.kind in alone or i.key in alone else i for i in items)
        score, grade = scorer.total(items)
        name, short, level = dept_info(code)
        rows.append(
            DepartmentScore(
                code,
                name,
                short,
                level,
                fig["dispatched"],
                fig["on_time"],
                fig["due"],
                fig["closed"],
                fig["reworked"],
                filed,
                figure(code, "overdue_open"),
                items,
                score,
                grade,
                None,
                ack_due=figure(code, "ack_due"),
                ack_on_time=figure(code, "ack_on_time"),
                co_due=figure(code, "co_due"),
                co_on_time=figure(code, "co_on_time"),
            )
        )
    return ranked_departments(rows, scorer.weights.min_due_to_rank)


def _tally_co_and_ack(t: Tally, f: CaseFacts, p: Period) -> None:
    """协办 and 签收 figures of one case (EVALUATION.md "Figures added").

    协办: a co-department's task is 应处置 for it when its own deadline or its feedback
    falls in the period, 按时处置 when fed back by that deadline; a task dropped by a 改派
    before it fed back is not charged. 签收: 应签收 when the acknowledge-by time or the
    acknowledgement falls in the period (a dispatch taken away before its time was up is
    owed no more); on time when acknowledged by then. One case counts once per figure: on
    time only when every such task of the department in the period was.
    """
    n = f.number
    co_late: set[str] = set()
    for task in f.co_tasks:
        if task.ended_at is not None or not (p.has(task.deadline) or p.has(task.fed_back_at)):
            continue
        t.add(task.dept, "co_due", n)
        t.add(task.dept, "dispatched", n)
        ok = task.fed_back_at is not None and task.deadline is not None
        if ok and task.fed_back_at <= task.deadline:  # type: ignore[operator]
            t.add(task.dept, "co_on_time", n)
        else:
            co_late.add(task.dept)
    for dept in {task.dept for task in f.co_tasks} - co_late:
        if n in t.sets.get((dept, "co_on_time"), ()):
            t.add(dept, "on_time", n)
    ack_late: set[str] = set()
    for ack in f.acks:
        if ack.ended_at is not None and ack.ended_at <= ack.due and ack.acked_at is None:
            continue
        if not (p.has(ack.due) or p.has(ack.acked_at)):
            continue
        t.add(ack.dept, "ack_due", n)
        if ack.acked_at is None or ack.acked_at > ack.due:
            ack_late.add(ack.dept)
    for dept in {a.dept for a in f.acks} - ack_late:
        if n in t.sets.get((dept, "ack_due"), ()):
            t.add(dept, "ack_on_time", n)


def _void(item: IndicatorScore) -> IndicatorScore:
    """A band alone must not score a department with nothing due: 立案数 band not applied."""
    return IndicatorScore(item.key, item.label, item.weight, item.kind, item.rate, item.count, None)


def ranking_note(min_due: int) -> str:
    """The rule above as printed in the appendix (统计口径)."""
    return (
        f"专业部门排名：本期应结案少于 {min_due} 件的部门为“样本不足”，照常计分定级，"
        "但单列、不参与排名，也不列入末三位，以免个别案件决定名次。"
    )


def ranked_departments(
    rows: Sequence[DepartmentScore], min_due: int
) -> tuple[DepartmentScore, ...]:
    """Rank the departments with enough cases; the rest are listed apart, unranked.

    A department with fewer than ``min_due`` 应结案 keeps its score and grade but gets no
    rank and cannot be one of the lowest three (EVALUATION.md, "样本不足"): with one case
    handled well it would otherwise top the ranking. Order: ranked by rank, then the
    small samples by score, then those with nothing to judge.
    """
    marked = [replace(r, small_sample=r.due.value < min_due) for r in rows]
    eligible = [r.score if not r.small_sample else None for r in marked]
    ranks = _ranks(eligible)
    scored = sorted((r.score, r.code) for r in marked if r.score is not None and not r.small_sample)
    lowest = {code for _, code in scored[:3]} if len(scored) > 3 else set()
    out = [
        replace(r, rank=rank, lowest=r.code in lowest)
        for r, rank in zip(marked, ranks, strict=True)
    ]
    out.sort(key=lambda r: (r.rank is None, r.score is None, r.rank or 0, -(r.score or 0), r.code))
    return tuple(out)


def judged_at(f: CaseFacts) -> datetime | None:
    """When a report was judged valid (立案) or not (不予立案, 作废, 合并), if it was.

    EVALUATION.md: a report not yet accepted or rejected at the period's end is left out
    of the officer's 有效上报率 and counted in the period it is judged in.
    """
    times = [t for t in (f.filed_at, f.rejected_at, f.voided_at, f.merged_at) if t is not None]
    return min(times) if times else None


def staff_tally(
    facts: Iterable[CaseFacts],
    p: Period,
    timer: Timer,
    officers_of_grid: Callable[[str], list[str]],
) -> Tally:
    """Every staff measure of the period, per username.

    A case counts once per measure; it is on time only when every step of it that the
    measure covers was on time (so ``X_late`` holds the cases with any late step).
    """
    t = Tally()

    def timed(who: str | None, measure: str, n: str, ok: bool) -> None:
        t.add(who, measure, n)
        if not ok:
            t.add(who, f"{measure}_late", n)

    for f in facts:
        n = f.number
        # 监督员: reports, verifications, checks, and what the public found in their grids
        # (a report counts in the period it is judged in: not yet judged → left out)
        if f.reporter_role == "grid_officer" and p.has(judged_at(f)):
            t.add(f.reported_by, "reports", n)
            if f.filed_at is not None and f.voided_at is None:
                t.add(f.reported_by, "reports_valid", n)
        if p.has(f.filed_at):
            for officer in officers_of_grid(f.grid):
                t.add(officer, "grid_filed", n)
                if f.source in ("public", "hotline") and any(v.result for v in f.verifies):
                    t.add(officer, "grid_missed", n)
        for v in f.verifies:
            if p.has(v.requested_at):
                timed(v.assignee, "verify", n, timer.on_time("verify", v.requested_at, v.done_at))
                # 受理员: 核实派发 within the 派遣 limit from the report
                ok = timer.on_time("dispatch", f.reported_at, v.requested_at)
                timed(v.requested_by, "verify_sent", n, ok)
        for r in f.rounds:
            if p.has(r.handled_at):
                assert r.handled_at is not None
                checkers = [r.check_by] if r.check_by else officers_of_grid(f.grid)[:1]
                ok = timer.on_time("check", r.handled_at, r.check_at)
                for officer in checkers:
                    timed(officer, "check", n, ok)
                timed(f.accepted_by, "check_sent", n, ok)
            # 派遣员
            if r.kind in ("dispatch", "reassign") and p.has(r.start):
                timed(r.by, "dispatched", n, timer.on_time("dispatch", r.ready_at, r.start))
                if r.returned_at is not None:
                    t.add(r.by, "dispatch_returned", n)
        if p.has(f.accepted_at):
            t.add(f.accepted_by, "accepted", n)
        # 值班长
        if p.has(f.filed_at) and f.filed_by:
            ready = f.file_ready_at or f.reported_at
            timed(f.filed_by, "filed", n, timer.on_time("file", ready, f.filed_at))
            if f.voided_at is not None:
                t.add(f.filed_by, "filed_voided", n)
        if p.has(f.closed_at) and f.closed_by:
            ok = f.verified_at is not None and timer.on_time("close", f.verified_at, f.closed_at)
            timed(f.closed_by, "closed", n, ok)
    return t


def _minus(a: Figure, b: Figure) -> Figure:
    return Figure.of(set(a.case_numbers) - set(b.case_numbers))


def _role_inputs(role: str, t: Tally, u: str) -> tuple[dict[str, Rate], dict[str, Figure]]:
    f = t.fig

    def on_time(measure: str) -> Rate:
        done = f(u, measure)
        return Rate.of(_minus(done, f(u, f"{measure}_late")), done)

    if role == "grid_officer":
        return {
            "valid_report_rate": Rate.of(f(u, "reports_valid"), f(u, "reports")),
            "missed_rate": Rate.of(f(u, "grid_missed"), f(u, "grid_filed")),
            "verify_on_time_rate": on_time("verify"),
            "check_on_time_rate": on_time("check"),
        }, {}
    if role == "intake":
        return {
            "verify_dispatch_rate": on_time("verify_sent"),
            "check_dispatch_rate": on_time("check_sent"),
        }, {"intake_count": f(u, "accepted")}
    if role == "shift_lead":
        filed = f(u, "filed")
        return {
            "file_on_time_rate": on_time("filed"),
            "file_accuracy_rate": Rate.of(_minus(filed, f(u, "filed_voided")), filed),
            "close_on_time_rate": on_time("closed"),
        }, {}
    sent = f(u, "dispatched")
    return {
        "dispatch_on_time_rate": on_time("dispatched"),
        "dispatch_accuracy_rate": Rate.of(_minus(sent, f(u, "dispatch_returned")), sent),
    }, {"dispatch_count": sent}


@dataclass(frozen=True)
class Holder:
    username: str
    display_name: str
    role: str
    street_name: str


def role_holder_scores(
    t: Tally, holders: Iterable[Holder], scorer: Scorer
) -> tuple[RoleHolderScore, ...]:
    """Staff of the four evaluated roles who did anything in the period, ranked per role."""
    active = t.holders()
    by_role: dict[str, list[RoleHolderScore]] = defaultdict(list)
    for h in holders:
        if h.role not in ("grid_officer", "intake", "shift_lead", "dispatcher"):
            continue
        if h.username not in active:
            continue
        rates, counts = _role_inputs(h.role, t, h.username)
        items = scorer.indicators(h.role, rates, counts)
        nothing = all(i.score is None for i in items if i.kind != "band")
        if nothing and not any(c.value for c in counts.values()):
            continue
        score, grade = scorer.total(items)
        label = "监督员" if h.role == "grid_officer" else ROLE_LABELS[h.role]
        by_role[h.role].append(
            RoleHolderScore(
                h.username, h.display_name, h.role, label, h.street_name, items, score, grade, None
            )
        )
    out: list[RoleHolderScore] = []
    for role in ("grid_officer", "intake", "shift_lead", "dispatcher"):
        rows = by_role.get(role, [])
        ranks = _ranks([r.score for r in rows])
        ranked = [replace(r, rank=k) for r, k in zip(rows, ranks, strict=True)]
        ranked.sort(key=lambda r: (r.rank is None, r.rank or 0, r.username))
        out.extend(ranked)
    return tuple(out)
