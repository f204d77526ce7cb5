"""The standard category catalog (部件/事件 分类), shipped as data in db/reference.

Every case is filed under one small class; the class brings its 立案条件, 结案条件,
default handling department and time limits, so the catalog is read-only reference
data loaded once and validated strictly: a bad entry would silently break routing
and deadlines for every case filed under it.

Code convention (GB/T 30428.2 style, unique across both kinds), a 6-char string:

    kind prefix (2) + big class (2) + small class (2)
    部件 component: "01" + big + small, e.g. "010101" 部件/公用设施/上水井盖
    事件 event:     "02" + big + small, e.g. "020101" 事件/市容环境/暴露垃圾

Time limits: per urgency ("normal", optionally "urgent") a tuple of stages measured
from dispatch; the handling deadline is the latest stage deadline, earlier stages are
milestones (e.g. 设置警示 1 紧急工作时, then 补装 2 工作日).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache, wraps
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from gridapp.domain.units import TimeUnit
from gridapp.errors import NotFoundError, ValidationError

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "db" / "reference"
DEFAULT_URGENCY = "normal"
DEPARTMENT_LEVELS = ("district", "town")
_T = TypeVar("_T")


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
    kind: CategoryKind
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Department:
    """A handling department (专业部门); towns' own departments come from the demo generator."""

    code: str
    name: str
    short: str
    level: str


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
    limits: Mapping[str, tuple[TimeLimitStage, ...]] = field(hash=False)
    initials: str

    def stages_for(self, urgency: str) -> tuple[TimeLimitStage, ...]:
        """Stages for an urgency level; levels without their own stages use "normal"."""
        return self.limits.get(urgency) or self.limits[DEFAULT_URGENCY]


@dataclass(frozen=True, slots=True, eq=False)
class Catalog:
    """All categories by code plus the step limits; iterates in code order."""

    categories: Mapping[str, Category]
    big_classes: tuple[BigClass, ...]
    process_limits: Mapping[str, ProcessLimit]
    version: int
    standard: str = ""

    def get(self, code: str) -> Category:
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

    def by_kind(self, kind: str) -> tuple[Category, ...]:
        return tuple(c for c in self if c.kind == kind)

    def big_classes_of(self, kind: str) -> tuple[BigClass, ...]:
        return tuple(b for b in self.big_classes if b.kind == kind)

    def search(self, text: str, limit: int = 20) -> list[Category]:
        """Quick pick for the report form: by code, name or pinyin initials, best first."""
        needle = text.strip().lower()
        if not needle or limit <= 0:
            return []
        hits = [(rank, cat) for cat in self if (rank := _match_rank(cat, needle)) is not None]
        hits.sort(key=lambda hit: hit[0])  # stable: code order within one rank
        return [cat for _, cat in hits[:limit]]


def _match_rank(cat: Category, needle: str) -> int | None:
    """Lower is better: exact code, code prefix, name (exact, prefix, part), initials."""
    hits = (
        cat.code == needle,
        cat.code.startswith(needle),
        cat.name == needle,
        cat.name.startswith(needle),
        needle in cat.name,
        cat.initials.startswith(needle),
        needle in cat.initials,
    )
    return next((rank for rank, hit in enumerate(hits) if hit), None)


def _invalid(message: str, **details: Any) -> ValidationError:
    return ValidationError("catalog_invalid", message, **details)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _invalid(f"无法读取参考数据：{path}（{exc}）", path=str(path)) from exc


def _unit(raw: Any, where: str) -> TimeUnit:
    try:
        return TimeUnit(raw)
    except ValueError:
        raise _invalid(f"{where}：未知的时限单位 {raw!r}", category=where) from None


def _amount(raw: Any, where: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not raw > 0:
        raise _invalid(f"{where}：时限必须为正数，实际为 {raw!r}", category=where)
    return float(raw)


def _structural(parse: Callable[..., _T]) -> Callable[..., _T]:
    """Turn a wrong json shape (list for object, missing key) into catalog_invalid."""

    @wraps(parse)
    def wrapper(*args: Any, **kwargs: Any) -> _T:
        try:
            return parse(*args, **kwargs)
        except (AttributeError, TypeError, KeyError) as exc:
            raise _invalid(f"参考数据结构无效：{exc!r}", category="") from exc

    return wrapper


@_structural
def parse_departments(data: Mapping[str, Any]) -> tuple[Department, ...]:
    """Build departments from the departments.json shape (also used for sync snapshots)."""
    result: list[Department] = []
    seen: set[str] = set()
    for raw in data.get("departments", ()):
        code = str(raw.get("code", ""))
        if not code or code in seen:
            raise _invalid(f"部门代码为空或重复：{code!r}", department=code)
        if not raw.get("name") or raw.get("level") not in DEPARTMENT_LEVELS:
            raise _invalid(f"部门 {code} 缺少名称或层级无效", department=code)
        seen.add(code)
        result.append(Department(code, raw["name"], raw.get("short") or raw["name"], raw["level"]))
    if not result:
        raise _invalid("部门列表为空", department="")
    return tuple(result)


def _parse_category(
    raw: Mapping[str, Any], big_names: Mapping[tuple[str, str], str], district_departments: set[str]
) -> Category:
    code = str(raw.get("code", ""))
    try:
        kind = CategoryKind(raw.get("kind"))
    except ValueError:
        raise _invalid(f"{code}：未知的分类类型 {raw.get('kind')!r}", category=code) from None
    big_code = str(raw.get("big_code", ""))
    if not re.fullmatch(r"\d{6}", code) or code[:4] != kind.prefix + big_code:
        raise _invalid(f"{code}：代码不符合“类型2位+大类2位+小类2位”规则", category=code)
    if big_names.get((kind, big_code)) != raw.get("big_name"):
        raise _invalid(f"{code}：大类 {big_code} {raw.get('big_name')} 不存在", category=code)
    texts = [raw.get(k) for k in ("name", "filing_condition", "closing_condition")]
    if not all(isinstance(t, str) and t.strip() for t in texts):
        raise _invalid(f"{code}：名称、立案条件、结案条件不能为空", category=code)
    if raw.get("default_department") not in district_departments:
        department = raw.get("default_department")
        raise _invalid(f"{code}：未知的区级处置部门 {department!r}", category=code)
    initials = raw.get("initials", "")
    if not isinstance(initials, str) or not re.fullmatch(r"[a-z0-9]*", initials):
        raise _invalid(f"{code}：拼音首字母须为小写字母", category=code)
    limits: dict[str, tuple[TimeLimitStage, ...]] = {}
    for urgency, stages in (raw.get("time_limits") or {}).items():
        if not stages:
            raise _invalid(f"{code}：{urgency} 时限为空", category=code)
        limits[urgency] = tuple(
            TimeLimitStage(
                str(s.get("stage") or "处置"),
                _amount(s.get("amount"), code),
                _unit(s.get("unit"), code),
            )
            for s in stages
        )
    if DEFAULT_URGENCY not in limits:
        raise _invalid(f"{code}：缺少 normal 时限", category=code)
    return Category(
        code, raw["name"], kind, big_code, raw["big_name"], raw["filing_condition"],
        raw["closing_condition"], raw["default_department"], MappingProxyType(limits), initials,
    )  # fmt: skip


@_structural
def parse_catalog(data: Mapping[str, Any], departments: Iterable[Department]) -> Catalog:
    """Build and validate a catalog from the categories.json shape (also for snapshots)."""
    big_classes: list[BigClass] = []
    for raw in data.get("big_classes", ()):
        try:
            big_classes.append(BigClass(CategoryKind(raw["kind"]), raw["code"], raw["name"]))
        except (KeyError, ValueError):
            raise _invalid(f"大类定义无效：{raw!r}", category=str(raw.get("code"))) from None
    big_names = {(b.kind, b.code): b.name for b in big_classes}
    if len(big_names) != len(big_classes):
        raise _invalid("大类代码重复", category="")
    district = {d.code for d in departments if d.level == "district"}
    categories: dict[str, Category] = {}
    for raw in data.get("categories", ()):
        category = _parse_category(raw, big_names, district)
        if category.code in categories:
            raise _invalid(f"{category.code}：分类代码重复", category=category.code)
        categories[category.code] = category
    process_limits = {
        step: ProcessLimit(
            _amount(raw.get("amount"), step),
            _unit(raw.get("unit"), step),
            str(raw.get("label", "")),
        )
        for step, raw in (data.get("process_limits") or {}).items()
    }
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _invalid(f"目录版本无效：{version!r}", category="")
    return Catalog(
        categories=MappingProxyType(dict(sorted(categories.items()))),
        big_classes=tuple(big_classes),
        process_limits=MappingProxyType(process_limits),
        version=version,
        standard=str(data.get("standard", "")),
    )


def load_departments(path: Path | None = None) -> tuple[Department, ...]:
    """Read departments.json (default: the shipped reference file)."""
    return parse_departments(_read_json(path or REFERENCE_DIR / "departments.json"))


def load_catalog(path: Path | None = None, departments_path: Path | None = None) -> Catalog:
    """Read and validate categories.json; the shipped default is cached for the process.

    Departments are read from departments_path, else from the departments.json next to
    the catalog file.
    """
    if path is None and departments_path is None:
        return _load_default()
    catalog_path = Path(path) if path is not None else REFERENCE_DIR / "categories.json"
    deps_path = departments_path or catalog_path.with_name("departments.json")
    return parse_catalog(_read_json(catalog_path), load_departments(deps_path))


@lru_cache(maxsize=1)
def _load_default() -> Catalog:
    return parse_catalog(
        _read_json(REFERENCE_DIR / "categories.json"),
        load_departments(REFERENCE_DIR / "departments.json"),
    )
