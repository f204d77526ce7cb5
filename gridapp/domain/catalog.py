"""The standard category catalog (部件/事件 分类), shipped as data in db/reference.

Every case is filed under one small class; the class brings its 立案条件, 结案条件,
default handling department and time limits, so the catalog is read-only reference
data loaded once and validated strictly: a bad entry would silently break routing
and deadlines for every case filed under it.

Code convention (GB/T 30428.2-2013 管理部件和事件分类代码, the national table in
docs/reference/standard-classes.md), a 6-char string unique across both kinds:

    kind prefix (2) + big class (2) + small class (2)
    部件 component: "01" + big + small, e.g. "010101" 部件/公用设施 0101 上水井盖
    事件 event:     "02" + big + small, e.g. "020102" 事件/市容环境 0102 暴露垃圾
                                       ("020101" is 私搭乱建, 事件 0101 in the standard)

Standard big classes are 部件 01-06 and 事件 01-05 (there is no 事件 06). Classes the
standard does not have live in the extension big class "21" (扩展部件类 "0121xx",
扩展事件类 "0221xx", big class flagged ``"standard": false``), never inside a standard
big class. A retired class (``"retired": true``, small class 9x by convention) is kept
only so past cases keep their meaning: the core still accepts it on existing cases, but
search and the report form's tree do not offer it; ``use_instead`` names the active
classes a new report should use (e.g. the old 井盖丢失 event -> the cover 部件 of the owner).
db/reference/category-codes-v1-v2.json maps every code of catalog version 1 (the demo's
own codes) to exactly one version-2 code; docs/catalog-v2.md lists what moved and why.

Time limits: per urgency ("normal", optionally "urgent") a tuple of stages measured
from dispatch; the handling deadline is the latest stage deadline, earlier stages are
milestones (e.g. 设置警示 0.5 紧急工作时, then 修复 6 紧急工作时). A class may have
细类 subclasses ("01", "02", ...), each with its own conditions and limits; a case that
carries a subclass uses that subclass's limits (``stages_for(urgency, subclass)``), else the
class's own, which are the strictest of its subclasses. ``limits_source`` names the
published rule a class's (or subclass's) limits follow; "" marks a local default an admin
may change. ``file_after`` ("HH:MM") is the time of day from which a case may be filed
(道路不洁: only after the 08:00 morning sweeping window). ``keywords`` are extra search
words (every cover class has "井盖"), ``marking`` says how to recognise the owner of a
manhole cover on site (井盖上印有“上水”“给水”字样).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import time
from functools import lru_cache, wraps
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from gridapp.domain.catalog_types import (
    DEFAULT_URGENCY,
    BigClass,
    Catalog,
    Category,
    CategoryKind,
    Department,
    Limits,
    ProcessLimit,
    Subclass,
    TimeLimitStage,
)
from gridapp.domain.units import TimeUnit
from gridapp.errors import ValidationError

__all__ = [
    "DEFAULT_URGENCY", "DEPARTMENT_LEVELS", "EXTENSION_BIG_CODE", "REFERENCE_DIR", "BigClass",
    "Catalog", "Category", "CategoryKind", "Department", "ProcessLimit", "Subclass",
    "TimeLimitStage", "load_catalog", "load_departments", "parse_catalog", "parse_departments",
]  # fmt: skip

REFERENCE_DIR = Path(__file__).resolve().parents[2] / "db" / "reference"
DEPARTMENT_LEVELS = ("district", "town")
EXTENSION_BIG_CODE = "21"  # 扩展部件类 / 扩展事件类: classes the standard does not have
CATEGORY_KEYS = frozenset({
    "code", "name", "kind", "big_code", "big_name", "standard", "retired", "use_instead",
    "filing_condition", "closing_condition", "default_department", "file_after",
    "time_limits", "limits_source", "subclasses", "keywords", "marking", "initials",
})  # fmt: skip
SUBCLASS_KEYS = frozenset(
    {"code", "name", "filing_condition", "closing_condition", "time_limits", "limits_source"}
)
_T = TypeVar("_T")


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


def _text(raw: Mapping[str, Any], key: str, where: str, *, required: bool = False) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise _invalid(f"{where}：{key} 必须为{'非空' if required else ''}字符串", category=where)
    return value


def _flag(raw: Mapping[str, Any], key: str, default: bool, where: str) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        raise _invalid(f"{where}：{key} 必须为 true 或 false，实际为 {value!r}", category=where)
    return value


def _words(raw: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = raw.get(key, [])
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        raise _invalid(f"{where}：{key} 必须为非空字符串列表", category=where)
    if len(set(value)) != len(value):
        raise _invalid(f"{where}：{key} 有重复项", category=where)
    return tuple(value)


def _no_unknown_keys(raw: Mapping[str, Any], known: frozenset[str], where: str) -> None:
    unknown = sorted(set(raw) - known)
    if unknown:
        raise _invalid(f"{where}：未知字段 {', '.join(unknown)}", category=where)


def parse_limits(raw: Any, where: str) -> Limits:
    if not isinstance(raw, Mapping):
        raise _invalid(f"{where}：缺少 normal 时限", category=where)
    limits: dict[str, tuple[TimeLimitStage, ...]] = {}
    for urgency, stages in raw.items():
        if not stages:
            raise _invalid(f"{where}：{urgency} 时限为空", category=where)
        limits[urgency] = tuple(
            TimeLimitStage(
                str(s.get("stage") or "处置"),
                _amount(s.get("amount"), where),
                _unit(s.get("unit"), where),
            )
            for s in stages
        )
    if DEFAULT_URGENCY not in limits:
        raise _invalid(f"{where}：缺少 normal 时限", category=where)
    return MappingProxyType(limits)


def _file_after(raw: Mapping[str, Any], where: str) -> time | None:
    value = raw.get("file_after")
    if value is None:
        return None
    match = re.fullmatch(r"([01]\d|2[0-3]):([0-5]\d)", value) if isinstance(value, str) else None
    if match is None:
        raise _invalid(f"{where}：file_after 须为 HH:MM，实际为 {value!r}", category=where)
    return time(int(match[1]), int(match[2]))


def _parse_subclasses(raw: Any, where: str) -> tuple[Subclass, ...]:
    if not isinstance(raw, list):
        raise _invalid(f"{where}：subclasses 必须为列表", category=where)
    result: list[Subclass] = []
    for item in raw:
        code = str(item.get("code", ""))
        at = f"{where}/{code}"
        _no_unknown_keys(item, SUBCLASS_KEYS, at)
        if not re.fullmatch(r"\d\d", code) or any(s.code == code for s in result):
            raise _invalid(f"{at}：细类代码须为不重复的2位数字", category=at)
        result.append(
            Subclass(
                code,
                _text(item, "name", at, required=True),
                _text(item, "filing_condition", at, required=True),
                _text(item, "closing_condition", at, required=True),
                parse_limits(item.get("time_limits"), at),
                _text(item, "limits_source", at),
            )
        )
    return tuple(result)


def _parse_category(
    raw: Mapping[str, Any], big_classes: Mapping[tuple[str, str], BigClass], district: set[str]
) -> Category:
    code = str(raw.get("code", ""))
    try:
        kind = CategoryKind(raw.get("kind"))
    except ValueError:
        raise _invalid(f"{code}：未知的分类类型 {raw.get('kind')!r}", category=code) from None
    big_code = str(raw.get("big_code", ""))
    if not re.fullmatch(r"\d{6}", code) or code[:4] != kind.prefix + big_code:
        raise _invalid(f"{code}：代码不符合“类型2位+大类2位+小类2位”规则", category=code)
    _no_unknown_keys(raw, CATEGORY_KEYS, code)
    big = big_classes.get((kind, big_code))
    if big is None or big.name != raw.get("big_name"):
        raise _invalid(f"{code}：大类 {big_code} {raw.get('big_name')} 不存在", category=code)
    texts = [raw.get(k) for k in ("name", "filing_condition", "closing_condition")]
    if not all(isinstance(t, str) and t.strip() for t in texts):
        raise _invalid(f"{code}：名称、立案条件、结案条件不能为空", category=code)
    if raw.get("default_department") not in district:
        department = raw.get("default_department")
        raise _invalid(f"{code}：未知的区级处置部门 {department!r}", category=code)
    initials = raw.get("initials", "")
    if not isinstance(initials, str) or not re.fullmatch(r"[a-z0-9]*", initials):
        raise _invalid(f"{code}：拼音首字母须为小写字母", category=code)
    if _flag(raw, "standard", big.standard, code) != big.standard:
        raise _invalid(f"{code}：standard 与大类 {big_code} 不一致", category=code)
    retired = _flag(raw, "retired", False, code)
    use_instead = _words(raw, "use_instead", code)
    if retired and not use_instead:
        raise _invalid(f"{code}：停用分类必须给出 use_instead（新上报改用的分类）", category=code)
    if use_instead and not retired:
        raise _invalid(f"{code}：只有停用分类才有 use_instead", category=code)
    subclasses = _parse_subclasses(raw.get("subclasses", []), code)
    return Category(
        code, raw["name"], kind, big_code, raw["big_name"], raw["filing_condition"],
        raw["closing_condition"], raw["default_department"],
        parse_limits(raw.get("time_limits"), code), initials,
        standard=big.standard, retired=retired, use_instead=use_instead,
        keywords=_words(raw, "keywords", code), marking=_text(raw, "marking", code),
        limits_source=_text(raw, "limits_source", code), subclasses=subclasses,
        file_after=_file_after(raw, code),
    )  # fmt: skip


def _check_use_instead(categories: Mapping[str, Category]) -> None:
    """A retired class must point at existing, active classes (never at itself)."""
    for cat in categories.values():
        for target in cat.use_instead:
            other = categories.get(target)
            if other is None or other.retired:
                raise _invalid(
                    f"{cat.code}：use_instead 中的 {target} 不存在或已停用", category=cat.code
                )


def _parse_big_class(raw: Mapping[str, Any]) -> BigClass:
    code = str(raw.get("code"))
    try:
        kind = CategoryKind(raw["kind"])
        standard = _flag(raw, "standard", code != EXTENSION_BIG_CODE, code)
        if not re.fullmatch(r"\d\d", raw["code"]) or not raw["name"]:
            raise ValueError(raw)
    except (KeyError, ValueError, TypeError):
        raise _invalid(f"大类定义无效：{raw!r}", category=code) from None
    if standard != (code != EXTENSION_BIG_CODE):
        raise _invalid(f"大类 {code}：只有扩展类 {EXTENSION_BIG_CODE} 不是标准大类", category=code)
    return BigClass(kind, code, raw["name"], standard)


@_structural
def parse_catalog(data: Mapping[str, Any], departments: Iterable[Department]) -> Catalog:
    """Build and validate a catalog from the categories.json shape (also for snapshots)."""
    big_classes = [_parse_big_class(raw) for raw in data.get("big_classes", ())]
    by_key = {(b.kind, b.code): b for b in big_classes}
    if len(by_key) != len(big_classes):
        raise _invalid("大类代码重复", category="")
    district = {d.code for d in departments if d.level == "district"}
    categories: dict[str, Category] = {}
    for raw in data.get("categories", ()):
        category = _parse_category(raw, by_key, district)
        if category.code in categories:
            raise _invalid(f"{category.code}：分类代码重复", category=category.code)
        categories[category.code] = category
    _check_use_instead(categories)
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
