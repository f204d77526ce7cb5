"""督办回复: 按时回复率 = 督办 replied by their reply deadline / 督办 with a reply deadline
in the period (EVALUATION.md, "Figures added"), per department, the late ones named.

Counted per case, like every Figure of the report (a figure is the case numbers behind
it): a case counts for a department when a 督办 sent to it while it held the case has
its reply deadline in the period, and counts as on time when every such 督办 was
answered (督办回复) by its deadline. One reply answers every open 督办 of the case. A
督办 without a reply deadline (made before 督办单 existed) asks for nothing and is not
counted. Returns None when no 督办 of the period asked for a reply, so the report of
such a month is what it was before this figure existed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from gridapp.domain.units import TimeUnit
from gridapp.reports.facts import CaseFacts
from gridapp.reports.figures import Lateness, Period
from gridapp.reports.model import (
    LATE_WORK_DAYS,
    DepartmentReplies,
    Figure,
    Rate,
    ReplyLine,
    SuperviseReplies,
)

NO_DEPARTMENT = ""

COUNTING_NOTE = (
    "按时回复率 = 督办回复期限落在统计期内、且全部在期限前回复的案卷"
    " / 督办回复期限落在统计期内的案卷；"
    "按督办时案卷所在部门统计，逾期回复和期末未回复的逐件列出（逾期按工作日计）；未设回复期限的督办不计。"
)


def supervise_replies(
    facts: Iterable[CaseFacts],
    p: Period,
    late: Lateness,
    department: Callable[[str | None], str],
    user: Callable[[str | None], str],
) -> SuperviseReplies | None:
    """The figure for ``p``; ``department``/``user`` give display names."""
    due: dict[str, set[str]] = defaultdict(set)
    late_cases: dict[str, set[str]] = defaultdict(set)
    lines: dict[str, list[ReplyLine]] = defaultdict(list)
    for f in facts:
        for order in f.supervise_orders:
            if not p.has(order.due):
                continue
            dept = order.dept or NO_DEPARTMENT
            due[dept].add(f.number)
            replied = order.replied_at  # the fold stopped at the period end
            if replied is not None and replied <= order.due:
                continue
            late_cases[dept].add(f.number)
            lines[dept].append(
                ReplyLine(
                    number=f.number,
                    department_name=department(order.dept),
                    supervised_at=order.at,
                    supervised_by=user(order.by),
                    reply_due=order.due,
                    replied_at=replied,
                    late=late.of(order.due, replied or p.end, TimeUnit.WORK_DAY.value)[0],
                    late_unit=LATE_WORK_DAYS,
                )
            )
    if not due:
        return None
    rows = []
    for dept, numbers in due.items():
        d_due = Figure.of(numbers)
        d_on = Figure.of(numbers - late_cases[dept])
        rows.append(
            DepartmentReplies(
                code=dept,
                name=department(dept or None) or "（无部门）",
                due=d_due,
                on_time=d_on,
                rate=Rate.of(d_on, d_due),
                late=_ordered(lines[dept]),
            )
        )
    rows.sort(key=lambda r: (r.rate.value if r.rate.value is not None else 1.0, r.code))
    # a case may be due for two departments (改派 between two 督办): the total counts it once
    total_due = Figure.of(n for ns in due.values() for n in ns)
    late_any = {n for ns in late_cases.values() for n in ns}
    total_on = Figure.of(n for n in total_due.case_numbers if n not in late_any)
    return SuperviseReplies(
        due=total_due,
        on_time=total_on,
        rate=Rate.of(total_on, total_due),
        departments=tuple(rows),
        late=_ordered([line for ls in lines.values() for line in ls]),
    )


def _ordered(lines: list[ReplyLine]) -> tuple[ReplyLine, ...]:
    return tuple(sorted(lines, key=lambda x: (-x.late, x.number, x.supervised_at)))
