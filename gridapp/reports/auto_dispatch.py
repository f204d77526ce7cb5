"""智能派单 per rule: how many automatic 派遣 of the period were later reassigned (改派),
so an administrator sees a rule that sends cases to the wrong department.

An automatic 派遣 counts in the period it was made; it counts as reassigned when the
case's next handling round is a 改派 (by the shift lead at once, or by a dispatcher
after the department's 回退), as the case stood at the period's end. Returns None when
no automatic 派遣 was made in the period, so such a month's report is as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from gridapp.reports.facts import CaseFacts
from gridapp.reports.figures import Period
from gridapp.reports.model import Figure, Rate

COUNTING_NOTE = (
    "智能派单改派率 = 统计期内自动派遣、且下一轮处置为改派（含回退后改派）的案卷"
    " / 统计期内自动派遣的案卷，按自动派遣规则统计。"
)


@dataclass(frozen=True)
class AutoRuleRow:
    rule_id: int
    label: str  # category · where → department (or "已删除")
    dispatched: Figure  # 自动派遣
    reassigned: Figure  # 其后被改派
    share: Rate  # 改派率 = reassigned / dispatched


def auto_dispatch_pairs(facts: Iterable[CaseFacts], p: Period) -> dict[int, tuple[set, set]]:
    """rule id → (reassigned, dispatched) case numbers for automatic 派遣 made in ``p``."""
    out: dict[int, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for f in facts:
        for i, r in enumerate(f.rounds):
            if r.auto_rule is None or not p.has(r.start):
                continue
            reassigned, dispatched = out[int(r.auto_rule)]
            dispatched.add(f.number)
            following = f.rounds[i + 1] if i + 1 < len(f.rounds) else None
            if following is not None and following.kind == "reassign":
                reassigned.add(f.number)
    return out


def auto_dispatch_rows(
    facts: Iterable[CaseFacts], p: Period, label: Callable[[int], str]
) -> tuple[AutoRuleRow, ...] | None:
    """One row per rule, the most often reassigned first; None without automatic 派遣."""
    pairs = auto_dispatch_pairs(facts, p)
    if not pairs:
        return None
    rows = []
    for rule_id, (moved, sent) in pairs.items():
        dispatched, reassigned = Figure.of(sent), Figure.of(moved)
        rows.append(
            AutoRuleRow(
                rule_id, label(rule_id), dispatched, reassigned, Rate.of(reassigned, dispatched)
            )
        )
    rows.sort(key=lambda r: (-(r.share.value or 0.0), r.rule_id))
    return tuple(rows)
