"""The monthly supervision report as plain frozen values: the contract between the
indicator code and every renderer.

The PDF (``gridapp.reports.pdf``) and the workbook (``gridapp.reports.excel``) render
ONLY from a :class:`MonthlyReport`: they never query the store and never compute an
indicator themselves, so a printed page, the workbook and the screen always agree and
a figure can always be traced back to the cases behind it.

Conventions renderers can rely on:

- Every figure that counts cases is a :class:`Figure`: ``value`` plus the case numbers
  (案卷号) behind it, sorted; ``len(case_numbers) == value`` always.
- A rate is a :class:`Rate`: numerator and denominator Figures and ``value`` in 0..1,
  or ``None`` when the denominator is 0 (render "—", never 0 % or 100 %).
- Scores are 0..100 floats; ``grade`` is one of ``GRADES``.
- Periods are whole days: ``period_start`` .. ``period_end`` inclusive (China time).
- Lists come sorted the way they should be printed (ranking, counts descending, days
  ascending, case lists by days late descending).
- ``empty`` is True when nothing was reported, filed, closed or due in the period:
  the renderer then says so (e.g. "本期无案件") and still prints every section.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # they build on Figure and Rate from here
    from gridapp.reports.auto_dispatch import AutoRuleRow
    from gridapp.reports.satisfaction import Satisfaction

GRADES: tuple[str, ...] = ("A", "B", "C", "D", "E")

# Region levels (行政层级) a report or a row can be about.
LEVEL_DISTRICT = "district"  # 区/县 (6 digits)
LEVEL_STREET = "street"  # 街道/镇 (9 digits)
LEVEL_COMMUNITY = "community"  # 社区/村 (12 digits)
LEVEL_GRID = "grid"  # 单元网格 (15 digits): the rows of a community's report
LEVEL_LABELS_ZH: dict[str, str] = {
    LEVEL_DISTRICT: "区",
    LEVEL_STREET: "街道/镇",
    LEVEL_COMMUNITY: "社区",
    LEVEL_GRID: "网格",
}


@dataclass(frozen=True)
class Figure:
    """A count of cases and the case numbers behind it (traceable: 可追溯)."""

    value: int
    case_numbers: tuple[str, ...] = ()

    @staticmethod
    def of(numbers: object) -> Figure:
        """A Figure from any iterable of case numbers (deduplicated, sorted).

        Deduplicated in the order given, so numbers that come sorted (marks are kept in
        number order) sort in linear time.
        """
        unique = tuple(sorted(dict.fromkeys(numbers)))  # type: ignore[call-overload]
        return Figure(len(unique), unique)


EMPTY_FIGURE = Figure(0, ())


@dataclass(frozen=True)
class Rate:
    """numerator / denominator; ``value`` None when the denominator is 0."""

    numerator: Figure
    denominator: Figure
    value: float | None

    @staticmethod
    def of(numerator: Figure, denominator: Figure) -> Rate:
        value = numerator.value / denominator.value if denominator.value else None
        return Rate(numerator, denominator, value)


@dataclass(frozen=True)
class RegionRef:
    code: str
    name: str
    level: str  # LEVEL_*


@dataclass(frozen=True)
class RegionFigures:
    """The totals of one region (or of the whole report: ``MonthlyReport.summary``).

    应结案 (``due``) = cases whose handling deadline falls in the period plus cases
    closed in the period, without approved 缓办/挂账 cases (those are in ``excluded``).
    """

    region: RegionRef
    reported: Figure  # 上报数: reports made in the period
    filed: Figure  # 立案数: 立案 in the period
    closed: Figure  # 结案数: 结案 in the period
    due: Figure  # 应结案数
    closed_on_time: Figure  # 按期结案数 (of ``due``)
    reworked: Figure  # 返工 (核查不通过) among ``due``
    close_rate: Rate  # 结案率 = closed∩due / due
    on_time_close_rate: Rate  # 按期结案率 = closed_on_time / due
    rework_rate: Rate  # 返工率 = reworked / due
    overdue_open: Figure  # 超期未结数: past the deadline and still open at period end
    supervised: Figure  # 督办数: cases with a 督办 in the period
    voided: Figure  # 作废 in the period
    not_filed: Figure  # 不予立案 in the period
    excluded: Figure  # 缓办/挂账 approved, left out of the denominators


@dataclass(frozen=True)
class IndicatorScore:
    """One weighted indicator of a role holder or department.

    ``kind``: "rate" (score = rate × 100), "complement" (score = (1 − rate) × 100, e.g.
    1 − 返工率) or "band" (score from ``CountBand`` for ``count``). ``score`` is None when
    the indicator does not apply (denominator 0); the composite then re-weights the
    indicators that do apply (see ``Formula`` texts).
    """

    key: str
    label: str  # e.g. "按期处置率"
    weight: float  # percent, the weights of one role sum to 100
    kind: str  # "rate" | "complement" | "band"
    rate: Rate | None = None
    count: Figure | None = None
    score: float | None = None


@dataclass(frozen=True)
class DepartmentScore:
    """专业部门: figures, composite score, grade and rank (1 = best)."""

    code: str
    name: str
    short: str
    level: str  # district / town
    dispatched: Figure  # 应处置: cases with this department whose deadline is in the period
    handled_on_time: Figure  # 按时处置
    due: Figure  # 应结案 (as in RegionFigures, for this department)
    closed: Figure  # 结案 among due
    reworked: Figure
    filed: Figure  # 立案数 of cases sent to this department (for the band)
    overdue_open: Figure
    indicators: tuple[IndicatorScore, ...]
    score: float | None  # None: nothing to judge this period
    grade: str | None
    rank: int | None  # None: nothing to judge, or too few cases to rank (``small_sample``)
    lowest: bool = False  # one of the lowest three (末三位) of the ranked departments
    small_sample: bool = False  # 应结案 below ``Weights.min_due_to_rank``: ranked apart
    # 签收: dispatches this department had to acknowledge in the period, and those on time
    ack_due: Figure = EMPTY_FIGURE
    ack_on_time: Figure = EMPTY_FIGURE
    # 协办: co-handling tasks due (deadline or feedback in the period), and on time; they
    # are also in ``dispatched`` / ``handled_on_time`` (EVALUATION.md "协办")
    co_due: Figure = EMPTY_FIGURE
    co_on_time: Figure = EMPTY_FIGURE


@dataclass(frozen=True)
class RoleHolderScore:
    """监督员 / 受理员 / 值班长 / 派遣员 with their indicators."""

    username: str
    display_name: str
    role: str  # gridapp.domain.roles.Role value
    role_label: str  # 监督员, 受理员, 值班长, 派遣员
    street_name: str  # "" for district staff
    indicators: tuple[IndicatorScore, ...]
    score: float | None
    grade: str | None
    rank: int | None  # within the role


@dataclass(frozen=True)
class CategoryFigures:
    code: str
    name: str
    big_class: str  # e.g. 市容环境
    kind: str  # 部件 / 事件
    reported: Figure
    filed: Figure
    closed: Figure
    share: float  # filed / all filed in the report (0..1)


@dataclass(frozen=True)
class DailyCount:
    day: date
    reported: Figure
    filed: Figure
    closed: Figure


@dataclass(frozen=True)
class GridCount:
    """Cases filed per unit grid, for the choropleth. ``wkt`` is WGS-84 lon/lat."""

    code: str
    name: str
    street_code: str
    community_code: str
    wkt: str
    count: Figure


# Units days late are told in (EVALUATION.md: working days to 0.1 for 工作日/工作时
# limits, clock hours for 紧急 limits), always printed with the number.
LATE_WORK_DAYS = "工作日"
LATE_HOURS = "小时"


@dataclass(frozen=True)
class CaseLine:
    """One case in a list (超期 / 返工 / 督办)."""

    number: str
    category_code: str
    category_name: str
    department_code: str | None
    department_name: str
    street_name: str
    deadline: datetime | None
    late: float  # how late (handled, or at period end), in ``late_unit``; 0 = not late
    late_unit: str  # LATE_WORK_DAYS (工作日/工作时 limits) or LATE_HOURS (紧急 limits)
    state_label: str  # e.g. 处置中
    note: str = ""  # e.g. "返工 2 次", "督办 1 次"

    @property
    def late_text(self) -> str:
        """ "0.2 工作日" / "3.5 小时"; "—" when not late."""
        return f"{self.late:.1f} {self.late_unit}" if self.late > 0 else "—"


@dataclass(frozen=True)
class ReplyLine:
    """One 督办 whose reply was late or is missing (listed by name in the report)."""

    number: str
    department_name: str
    supervised_at: datetime
    supervised_by: str  # display name
    reply_due: datetime
    replied_at: datetime | None  # None: not answered by the period end
    late: float  # past the reply deadline (to the reply, or the period end), to 0.1
    late_unit: str  # LATE_WORK_DAYS: reply deadlines run in working days

    @property
    def state_text(self) -> str:
        return "期末未回复" if self.replied_at is None else "逾期回复"

    @property
    def late_text(self) -> str:
        return f"{self.late:.1f} {self.late_unit}"


@dataclass(frozen=True)
class DepartmentReplies:
    """按时回复率 of one department: cases whose 督办 reply deadline fell in the period."""

    code: str
    name: str
    due: Figure  # 应回复: cases with a 督办 reply deadline in the period
    on_time: Figure  # 按时回复: every such 督办 answered by its deadline
    rate: Rate  # 按时回复率 = on_time / due
    late: tuple[ReplyLine, ...]


@dataclass(frozen=True)
class SuperviseReplies:
    """督办回复 (EVALUATION.md "Figures added"): the total, per department, late ones named."""

    due: Figure
    on_time: Figure
    rate: Rate
    departments: tuple[DepartmentReplies, ...]  # by rate ascending (worst first), then name
    late: tuple[ReplyLine, ...]  # every late or missing reply, most overdue first


@dataclass(frozen=True)
class Exclusion:
    """A case left out of the denominators (缓办/挂账) or out of handling (作废/不予立案)."""

    number: str
    kind: str  # "挂账" | "作废" | "不予立案"
    category_name: str
    department_name: str
    requested_by: str  # display name ("" when not requested, e.g. 作废)
    requested_at: datetime | None
    approved_by: str  # display name of who approved / decided
    approved_at: datetime
    reason: str


@dataclass(frozen=True)
class WeightItem:
    key: str
    label: str
    weight: float  # percent
    kind: str  # "rate" | "complement" | "band"
    formula: str  # e.g. "按时处置 / 应处置"


@dataclass(frozen=True)
class RoleWeights:
    role: str  # "grid_officer" | "intake" | "shift_lead" | "dispatcher" | "department"
    role_label: str
    items: tuple[WeightItem, ...]


@dataclass(frozen=True)
class CountBand:
    """Banded score for a count: the score of the highest band whose minimum is reached.

    Minimums are per 30 days and scale with the period length.
    """

    key: str  # "intake_count" | "dispatch_count" | "filed_count"
    label: str
    bands: tuple[tuple[int, float], ...]  # (minimum count, score), ascending


@dataclass(frozen=True)
class GradeBand:
    grade: str
    min_score: float  # inclusive
    max_score: float  # exclusive (100 inclusive for A)


@dataclass(frozen=True)
class Weights:
    roles: tuple[RoleWeights, ...]
    count_bands: tuple[CountBand, ...]
    grade_bands: tuple[GradeBand, ...]
    source: str = "default"  # "default" | "meta" | a file path
    # A department with fewer 应结案 than this in the period is listed apart as 样本不足
    # (EVALUATION.md): one case handled well must not top the ranking.
    min_due_to_rank: int = 5


@dataclass(frozen=True)
class MonthlyReport:
    report_id: str  # e.g. "JD-370306-202610-1a2b3c" (printed on every page)
    region: RegionRef
    period_start: date
    period_end: date  # inclusive
    period_label: str  # "2026年10月" or "2026-10-01 至 2026-10-15"
    previous_start: date
    previous_end: date
    previous: RegionFigures | None  # the same region's totals over the previous period
    generated_at: datetime
    generated_by: str  # display name (username)
    snapshot_at: datetime | None  # last sync time (client store) or store time
    snapshot_label: str  # e.g. "数据截至 2026-11-21 08:00（最后同步）"
    summary: RegionFigures
    regions: tuple[
        RegionFigures, ...
    ]  # streets/towns; communities of a street; grids of a community
    departments: tuple[DepartmentScore, ...]  # ranked
    role_holders: tuple[RoleHolderScore, ...]  # by role, then rank
    categories: tuple[CategoryFigures, ...]  # top small categories by filed
    daily: tuple[DailyCount, ...]
    grid_counts: tuple[GridCount, ...]
    overdue_cases: tuple[CaseLine, ...]
    rework_cases: tuple[CaseLine, ...]
    supervised_cases: tuple[CaseLine, ...]
    exclusions: tuple[Exclusion, ...]
    weights: Weights
    grade_bands: tuple[GradeBand, ...]
    empty: bool
    notes: tuple[str, ...] = field(default=())  # counting rules to print in the appendix
    # 督办回复; None when no 督办 of the period asked for a reply (old reports unchanged)
    supervise_replies: SuperviseReplies | None = None
    # 回访率/满意率/重办数; None when no citizen's case was closed or called back
    satisfaction: Satisfaction | None = None
    # 智能派单 per rule; None when nothing was dispatched automatically
    auto_dispatch: tuple[AutoRuleRow, ...] | None = None
