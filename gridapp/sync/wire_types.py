"""Safe wire types: what a request may carry, checked where it enters the service.

Whatever passes here can be hashed, stored on SQLite and PostgreSQL, converted to
China time and compared without an exception: valid Unicode (no lone surrogates),
no NUL or other control characters but newline and tab, bounded lengths, integers
a double holds exactly, finite floats, bounded nesting, and times inside the years
the program works in. A value that fails is refused with a code, never a 5xx.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone
from typing import Annotated, Any

from pydantic import AfterValidator, StringConstraints

from gridapp.domain.plain_text import UNSAFE_CHARS

MAX_TEXT = 4000  # characters of one payload text (the core keeps 2000 after trimming)
MAX_KEY = 64  # characters of a payload key
MAX_LIST = 64  # items of a payload list (photos of one event, …)
MAX_DEPTH = 4  # nesting of payload lists and objects
MAX_INT = 2**53  # |x| beyond this a JSON reader in another language rounds it
MIN_YEAR, MAX_YEAR = 1970, 2199  # a client time outside these is a broken clock or an attack

# China Standard Time (no daylight saving): the core's naive wall-clock times.
CST = timezone(timedelta(hours=8), "CST")

# C0 and C1 control characters except tab and newline, and UTF-16 surrogates (which a
# JSON "\ud800" escape yields alone and no UTF-8 encoder or database accepts).
_UNSAFE = UNSAFE_CHARS


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot travel (in Chinese), or None when it can."""
    found = _UNSAFE.search(text)
    if found is None:
        return None
    if "\ud800" <= found.group() <= "\udfff":
        return "含有无效的 Unicode 字符（孤立代理项）"
    return f"含有不允许的控制字符（U+{ord(found.group()):04X}）"


def check_text(text: str) -> str:
    """Pydantic validator: the text unchanged, or ValueError with the reason."""
    problem = text_problem(text)
    if problem is not None:
        raise ValueError(problem)
    return text


def safe_text(max_length: int, *, min_length: int = 0, pattern: str | None = None) -> Any:
    """A ``str`` type with bounded length and only characters that can travel."""
    return Annotated[
        str,
        AfterValidator(check_text),
        StringConstraints(min_length=min_length, max_length=max_length, pattern=pattern),
    ]


def check_json(value: Any, depth: int = 0) -> None:
    """Refuse (ValueError) a JSON value that could not be stored or compared safely."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        if abs(value) > MAX_INT:
            raise ValueError(f"整数超出范围（绝对值不得超过 2^{MAX_INT.bit_length() - 1}）")
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("数值必须是有限数")
        return
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise ValueError(f"文字超过 {MAX_TEXT} 字")
        check_text(value)
        return
    if depth >= MAX_DEPTH:
        raise ValueError(f"嵌套超过 {MAX_DEPTH} 层")
    if isinstance(value, list):
        if len(value) > MAX_LIST:
            raise ValueError(f"列表超过 {MAX_LIST} 项")
        for item in value:
            check_json(item, depth + 1)
        return
    if isinstance(value, dict):
        if len(value) > MAX_LIST:
            raise ValueError(f"对象超过 {MAX_LIST} 个字段")
        for key, item in value.items():
            check_key(key)
            check_json(item, depth + 1)
        return
    raise ValueError(f"不支持的值类型：{type(value).__name__}")


def check_key(key: object) -> None:
    if not isinstance(key, str) or not 1 <= len(key) <= MAX_KEY:
        raise ValueError(f"字段名须为 1–{MAX_KEY} 个字符")
    check_text(key)


def check_payload(payload: dict[str, Any]) -> dict[str, Any]:
    """Pydantic validator of an event's payload: every key and value checked, recursively."""
    for key, value in payload.items():
        check_key(key)
        try:
            check_json(value, 1)
        except ValueError as exc:
            raise ValueError(f"{key}：{exc}") from None
    return payload


def to_china_time(value: datetime) -> datetime:
    """Naive China time; ValueError (not OverflowError) when that falls off the calendar."""
    if value.tzinfo is None:
        return value
    try:
        return value.astimezone(CST).replace(tzinfo=None)
    except OverflowError:
        raise ValueError("时间超出可表示的范围") from None


def check_client_time(value: datetime) -> datetime:
    """A client's clock, in China time, within the years the program works in."""
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"时间须在 {MIN_YEAR}–{MAX_YEAR} 年之间")
    return value


def finite_number(value: object) -> bool:
    """A JSON number (not a boolean) that is finite."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return isinstance(value, int) or math.isfinite(value)
