"""回访 figures (EVALUATION.md, "Figures added"): 回访率, 满意率 and 重办数, per department
and per street, shared by the monthly report and the statistics view.

- 回访率 = 回访 recorded / hotline and public cases closed in the period: a case counts
  once per period, in the denominator when a 结案 of it falls in the period, in the
  numerator when a 回访 (reached or not) was recorded after that 结案 by the period end.
- 满意率 = (满意 + 基本满意) / 回访 reached: the cases whose citizen was reached in the
  period, judged by the last verdict given in it.
- 重办数 = cases reopened (重办) in the period after a 不满意 回访.
A department is charged with the closure it handled (the department holding the case
at 结案); a street with its own cases. Each figure is its own function over the folded
facts, giving the case numbers behind it per group.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from gridapp.reports.facts import CaseFacts
from gridapp.reports.figures import Period
from gridapp.reports.model import Figure, Rate

CITIZEN_SOURCES = frozenset({"hotline", "public"})
SATISFIED = frozenset({"satisfied", "basic"})
NO_DEPARTMENT = ""
# Which group a case counts in: (facts, the department charged) → group key.
GroupOf = Callable[[CaseFacts, "str | None"], str]
Pairs = dict[str, tuple[set[str], set[str]]]  # group → (numerator, denominator) numbers

COUNTING_NOTE = (
    "回访率 = 统计期内结案的12345热线和公众举报案卷中、结案后已回访（无论是否联系上）的件数"
    " / 统计期内结案的12345热线和公众举报案卷；满意率 = 统计期内联系上的回访中以最后一次评价为"
    "满意或基本满意的件数 / 统计期内联系上的回访件数；重办数 = 统计期内因回访不满意重办的案卷。"
    "按结案时的处置部门和案卷所在街道统计。"
)


def by_department(_f: CaseFacts, dept: str | None) -> str:
    return dept or NO_DEPARTMENT


def by_street(f: CaseFacts, _dept: str | None) -> str:
    return f.street


def in_total(_f: CaseFacts, _dept: str | None) -> str:
    return ""


def _citizen(facts: Iterable[CaseFacts]) -> Iterable[CaseFacts]:
    return (f for f in facts if f.source in CITIZEN_SOURCES)


def callback_pairs(facts: Iterable[CaseFacts], p: Period, group: GroupOf) -> Pairs:
    """回访率: (called back after the 结案, closed in the period) per group."""
    out: Pairs = defaultdict(lambda: (set(), set()))
    for f in _citizen(facts):
        for closing in f.closings:
            if not p.has(closing.at):
                continue
            called, due = out[group(f, closing.dept)]
            due.add(f.number)
            if any(cb.at >= closing.at for cb in f.callbacks):
                called.add(f.number)
    return out


def satisfaction_pairs(facts: Iterable[CaseFacts], p: Period, group: GroupOf) -> Pairs:
    """满意率: (last verdict 满意/基本满意, reached in the period) per group."""
    out: Pairs = defaultdict(lambda: (set(), set()))
    for f in _citizen(facts):
        reached = [cb for cb in f.callbacks if cb.reached and p.has(cb.at)]
        if not reached:
            continue
        last = reached[-1]
        satisfied, due = out[group(f, last.dept)]
        due.add(f.number)
        if last.satisfaction in SATISFIED:
            satisfied.add(f.number)
    return out


def reopened_numbers(facts: Iterable[CaseFacts], p: Period, group: GroupOf) -> dict[str, set]:
    """重办数: cases reopened in the period, charged to the department that handled them."""
    out: dict[str, set[str]] = defaultdict(set)
    for f in facts:
        for r in f.rounds:
            if r.kind == "reopen" and p.has(r.start):
                out[group(f, r.dept)].add(f.number)
    return out


@dataclass(frozen=True)
class SatisfactionRow:
    code: str  # department or street code ("" for the total)
    name: str
    closed: Figure  # 应回访: citizens' cases closed in the period
    called_back: Figure  # 已回访
    callback_rate: Rate  # 回访率
    reached: Figure  # 联系上
    satisfied: Figure  # 满意 + 基本满意
    satisfaction_rate: Rate  # 满意率
    reopened: Figure  # 重办数

    @classmethod
    def of(
        cls,
        code: str,
        name: str,
        *,
        closed: Figure,
        called_back: Figure,
        reached: Figure,
        satisfied: Figure,
        reopened: Figure,
    ) -> SatisfactionRow:
        """A row with its two rates made from its figures (the one place they are)."""
        return cls(
            code=code,
            name=name,
            closed=closed,
            called_back=called_back,
            callback_rate=Rate.of(called_back, closed),
            reached=reached,
            satisfied=satisfied,
            satisfaction_rate=Rate.of(satisfied, reached),
            reopened=reopened,
        )


@dataclass(frozen=True)
class Satisfaction:
    total: SatisfactionRow
    departments: tuple[SatisfactionRow, ...]  # by 满意率 ascending (worst first), then code
    streets: tuple[SatisfactionRow, ...]


def _rows(facts: list[CaseFacts], p: Period, group: GroupOf, name: Callable[[str], str]):
    calls = callback_pairs(facts, p, group)
    verdicts = satisfaction_pairs(facts, p, group)
    reopens = reopened_numbers(facts, p, group)
    rows = []
    for key in sorted(set(calls) | set(verdicts) | set(reopens)):
        called, closed = (Figure.of(s) for s in calls.get(key, (set(), set())))
        satisfied, reached = (Figure.of(s) for s in verdicts.get(key, (set(), set())))
        rows.append(
            SatisfactionRow.of(
                key,
                name(key),
                closed=closed,
                called_back=called,
                reached=reached,
                satisfied=satisfied,
                reopened=Figure.of(reopens.get(key, ())),
            )
        )
    return rows


def satisfaction(
    facts: Iterable[CaseFacts],
    p: Period,
    department: Callable[[str | None], str],
    street: Callable[[str], str],
) -> Satisfaction | None:
    """The figures for ``p``; None when no citizen's case was closed, called back or
    reopened in it (so such a month's report is what it was before)."""
    # Only closed cases are called back or reopened (a 重办 follows a 结案): one pass
    # keeps them, and the nine passes below skip the rest of a big month.
    facts = [f for f in facts if f.closings or f.callbacks]
    total = _rows(facts, p, in_total, lambda _k: "合计")
    if not total:
        return None
    depts = _rows(facts, p, by_department, lambda k: department(k or None) or "（无部门）")
    depts.sort(key=lambda r: (_worst_first(r.satisfaction_rate), r.code))
    return Satisfaction(total[0], tuple(depts), tuple(_rows(facts, p, by_street, street)))


def _worst_first(rate: Rate) -> float:
    return rate.value if rate.value is not None else 2.0
