"""The catalog's values: kinds, big and small classes, subclasses, limits, search.

What the data means (code convention, extension class 21, retired classes, subclasses,
file_after, limits_source) is described in gridapp.domain.catalog, which parses and
validates db/reference/categories.json into these values.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import time
from enum import StrEnum

from gridapp.domain.units import TimeUnit
from gridapp.errors import NotFoundError

DEFAULT_URGENCY = "normal"


class CategoryKind(StrEnum):
    """部件 (a physical asset) or 事件 (an occurrence); the value is the json string."""

    COMPONENT = "component"
    EVENT = "event"

    @property
    def prefix(self) -> str:
        return "01" if self is CategoryKind.COMPONENT else "02"

    @property
    def label_zh(self) -> str:
        return "部件" if self is CategoryKind.COMPONENT else "事件"


@dataclass(frozen=True, slots=True)
class TimeLimitStage:
    """One milestone of a handling limit, counted from the moment of dispatch."""

    stage: str
    amount: float
    unit: TimeUnit


@dataclass(frozen=True, slots=True)
class ProcessLimit:
    """Limit for one command-centre step (核实, 立案, 派遣, 核查, 结案) used in evaluation."""

    amount: float
    unit: TimeUnit
    label: str = ""


@dataclass(frozen=True, slots=True)
class BigClass:
    """A big class (大类); ``standard`` is False for the extension class "21"."""

    kind: CategoryKind
    code: str
    name: str
    standard: bool = True


@dataclass(frozen=True, slots=True)
class Department:
    """A handling department (专业部门); towns' own departments come from the demo generator."""

    code: str
    name: str
    short: str
    level: str


Limits = Mapping[str, tuple[TimeLimitStage, ...]]


def _stages(limits: Limits, urgency: str) -> tuple[TimeLimitStage, ...]:
    return limits.get(urgency) or limits[DEFAULT_URGENCY]


@dataclass(frozen=True, slots=True)
class Subclass:
    """A 细类 of a small class (e.g. 井盖 01 丢失、破损、移位) with its own limits."""

    code: str
    name: str
    filing_condition: str
    closing_condition: str
    limits: Limits = field(hash=False)
    limits_source: str = ""

    def stages_for(self, urgency: str) -> tuple[TimeLimitStage, ...]:
        """Stages for an urgency level; levels without their own stages use "normal"."""
        return _stages(self.limits, urgency)


@dataclass(frozen=True, slots=True)
class Category:
    """A small class (小类): what a case is, who handles it by default and how fast."""

    code: str
    name: str
    kind: CategoryKind
    big_code: str
    big_name: str
    filing_condition: str
    closing_condition: str
    default_department: str
    limits: Limits = field(hash=False)
    initials: str
    standard: bool = True
    retired: bool = False
    use_instead: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    marking: str = ""
    limits_source: str = ""
    subclasses: tuple[Subclass, ...] = ()
    file_after: time | None = None

    def subclass(self, code: str) -> Subclass:
        """The 细类 with this 2-digit code; unknown ones are refused (unknown_subclass)."""
        for sub in self.subclasses:
            if sub.code == code:
                return sub
        raise NotFoundError(
            "unknown_subclass",
            f"分类 {self.code} {self.name} 没有细类 {code}",
            category=self.code,
            subclass=code,
        )

    def stages_for(self, urgency: str, subclass: str | None = None) -> tuple[TimeLimitStage, ...]:
        """Stages for an urgency level (falling back to "normal"), of the subclass if given.

        A case without a subclass gets the class's own limits, the strictest ones.
        """
        if subclass:
            return self.subclass(subclass).stages_for(urgency)
        return _stages(self.limits, urgency)

    def can_file_at(self, moment: time) -> bool:
        """False before ``file_after`` (e.g. 道路不洁 before the 08:00 sweeping window)."""
        return self.file_after is None or moment >= self.file_after


@dataclass(frozen=True, slots=True, eq=False)
class Catalog:
    """All categories by code plus the step limits; iterates in code order."""

    categories: Mapping[str, Category]
    big_classes: tuple[BigClass, ...]
    process_limits: Mapping[str, ProcessLimit]
    version: int
    standard: str = ""

    def get(self, code: str) -> Category:
        """Any class by code, retired ones included (past cases keep their class)."""
        try:
            return self.categories[code]
        except KeyError:
            raise NotFoundError(
                "unknown_category", f"未知的分类代码：{code}", category=code
            ) from None

    def __contains__(self, code: object) -> bool:
        return code in self.categories

    def __iter__(self) -> Iterator[Category]:
        return iter(self.categories.values())

    def __len__(self) -> int:
        return len(self.categories)

    def subclass(self, code: str, sub: str) -> Subclass:
        """The 细类 ``sub`` of class ``code`` (unknown_category / unknown_subclass)."""
        return self.get(code).subclass(sub)

    def active(self) -> tuple[Category, ...]:
        """The classes offered for new reports: every class that is not retired."""
        return tuple(c for c in self if not c.retired)

    def by_kind(self, kind: str) -> tuple[Category, ...]:
        return tuple(c for c in self if c.kind == kind)

    def big_classes_of(self, kind: str) -> tuple[BigClass, ...]:
        return tuple(b for b in self.big_classes if b.kind == kind)

    def search(self, text: str, limit: int = 20, include_retired: bool = False) -> list[Category]:
        """Quick pick for the report form: by code, name, keyword or pinyin initials.

        Best first; retired classes are skipped unless include_retired (old cases).
        """
        needle = text.strip().lower()
        if not needle or limit <= 0:
            return []
        hits = [
            (rank, cat)
            for cat in self
            if (include_retired or not cat.retired)
            and (rank := _match_rank(cat, needle)) is not None
        ]
        hits.sort(key=lambda hit: hit[0])  # stable: code order within one rank
        return [cat for _, cat in hits[:limit]]


def _match_rank(cat: Category, needle: str) -> int | None:
    """Lower is better: code (exact, prefix), name (exact, prefix, part), keyword, initials."""
    hits = (
        cat.code == needle,
        cat.code.startswith(needle),
        cat.name == needle,
        cat.name.startswith(needle),
        needle in cat.name,
        needle in cat.keywords,
        any(needle in word for word in cat.keywords),
        cat.initials.startswith(needle),
        needle in cat.initials,
    )
    return next((rank for rank, hit in enumerate(hits) if hit), None)
