"""SQLAlchemy conditions evaluated with numpy over column arrays, as SQLite would.

The statistics view's figures are defined once, as SQLAlchemy Core conditions
(``mark_sql``, ``view_rows``, ``view_items``, ``count_satisfaction``); counting a year's
cases with them in SQLite takes seconds. ``truth`` computes the same rows over numpy
arrays of the same columns, with SQL's three-valued logic: each sub-expression is a pair
of masks (true, false) and a row in neither is UNKNOWN, which a WHERE drops. Anything it
does not know raises TypeError rather than answering something else.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import numpy as np
from sqlalchemy import types as sqltypes
from sqlalchemy.sql import elements as el
from sqlalchemy.sql import operators as ops

Kind = Literal["datetime", "bool", "text", "int"]
_EPOCH = datetime(1970, 1, 1)
_US = np.timedelta64(1, "us")
_STORED_LEN = len("2026-01-01 00:00:00.000000")  # SQLAlchemy's SQLite DateTime text


@dataclass(frozen=True)
class Values:
    """One column's values for the n rows being counted."""

    data: np.ndarray
    null: np.ndarray | None  # True where the value is SQL NULL; None: no NULLs


class Strings:
    """One vocabulary for every text column of a batch of rows: a text value is stored as
    its int64 code (index into ``vocab``), so two text columns compare by code."""

    def __init__(self, vocab: Sequence[str]) -> None:
        self.vocab: list[str] = list(vocab)
        self._codes: dict[str, int] = {}
        for i, text in enumerate(self.vocab):
            self._codes.setdefault(text, i)

    def code_of(self, text: str) -> int:
        """-1 when the text is not in the vocabulary: then it equals no row."""
        return self._codes.get(text, -1)


def micros(value: datetime) -> int:
    """A naive datetime as int64 microseconds since 1970-01-01 00:00 (no time zone applied: the
    store keeps naive China-time datetimes and compares them as such)."""
    if value.tzinfo is not None:
        raise TypeError(f"an aware datetime cannot compare with the store's naive ones: {value}")
    return (value - _EPOCH) // _US.item()


def values_of(items: Sequence[Any], kind: Kind, strings: Strings) -> Values:
    """A column as SQLite returned it (None for NULL; datetimes as ``datetime`` or its
    stored text) encoded for ``truth``. A text missing from ``strings`` is an error: its
    code -1 would equal every unknown bind value. So is datetime text not in the form
    SQLAlchemy stores (with microseconds): SQLite compares it as text, not as a time."""
    null = np.fromiter((v is None for v in items), dtype=bool, count=len(items))
    if kind == "datetime":
        odd = [v for v in items if isinstance(v, str) and len(v) != _STORED_LEN]
        if odd:
            raise ValueError(f"datetime text not as SQLAlchemy stores it: {odd[:3]}")
        stamps = np.array(list(items), dtype="datetime64[us]")  # None → NaT
        data = stamps.astype(np.int64)
    elif kind == "text":
        codes = [-1 if v is None else strings.code_of(v) for v in items]
        missing = {v for v, c in zip(items, codes, strict=True) if v is not None and c < 0}
        if missing:
            raise ValueError(f"texts not in the vocabulary: {sorted(missing)[:5]}")
        data = np.array(codes, dtype=np.int64)
    else:
        data = np.array([0 if v is None else v for v in items], dtype=np.int64)
    return Values(data, null if null.any() else None)


def column_key(column: el.ColumnClause[Any]) -> str:
    """The key a column is looked up by in ``columns``: "table.name" for a Table column,
    the bare name for an unbound ``sqlalchemy.column("x")``."""
    table = column.table
    return column.name if table is None else f"{table.name}.{column.name}"


# (true, false): a row in neither is UNKNOWN
Masks = tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class _Operand:
    """A comparison operand: values (an array of n or a scalar), NULL mask, encoding."""

    data: Any
    null: Any  # bool array or bool scalar
    kind: Kind | None  # None: not known from the column type (an unbound column)


_KINDS: tuple[tuple[type[sqltypes.TypeEngine[Any]], Kind], ...] = (
    (sqltypes.DateTime, "datetime"),
    (sqltypes.Boolean, "bool"),
    (sqltypes.String, "text"),  # and Text
    (sqltypes.Integer, "int"),
)


def kind_of(type_: sqltypes.TypeEngine[Any]) -> Kind | None:
    """How a column of this type is encoded (None: untyped, as ``column("x")``)."""
    for cls, kind in _KINDS:
        if isinstance(type_, cls):
            return kind
    if isinstance(type_, sqltypes.NullType):
        return None
    raise TypeError(f"column type {type_!r} is not supported")


def _scalar(value: Any, kind: Kind | None, strings: Strings) -> tuple[Any, Kind | None]:
    """A bound value encoded as the column it meets is (``kind``)."""
    if isinstance(value, datetime) and kind in (None, "datetime"):
        return micros(value), "datetime"
    if isinstance(value, str) and kind in (None, "text"):
        return strings.code_of(value), "text"
    if isinstance(value, int) and kind in (None, "bool", "int"):  # bool is an int
        return int(value), kind or ("bool" if isinstance(value, bool) else "int")
    raise TypeError(f"cannot compare {value!r} with a {kind or 'untyped'} column")


class _Eval:
    """One evaluation: the columns, the vocabulary, the row count."""

    def __init__(
        self,
        columns: Mapping[str, Values],
        strings: Strings,
        n: int,
        memo: dict[tuple[Any, ...], Masks] | None = None,
    ) -> None:
        self.columns, self.strings, self.n = columns, strings, n
        self.memo = {} if memo is None else memo

    def full(self, value: bool) -> np.ndarray:
        return np.full(self.n, value, dtype=bool)

    def column(self, col: el.ColumnClause[Any]) -> _Operand:
        key = column_key(col)
        if col.is_literal:
            raise TypeError(f"unsupported construct: literal SQL {col}")
        if key not in self.columns:
            raise KeyError(f"no values for column {key!r}")
        v = self.columns[key]
        data = v.data.astype(np.int64) if v.data.dtype == bool else v.data
        null = self.full(False) if v.null is None else v.null
        return _Operand(data, null, kind_of(col.type))

    def operand(self, e: Any, other_kind: Kind | None) -> _Operand:
        while isinstance(e, el.Label | el.Grouping):
            e = e.element
        if isinstance(e, el.ColumnClause):
            return self.column(e)
        if isinstance(e, el.Null):
            return _Operand(0, np.True_, other_kind)
        if isinstance(e, el.True_ | el.False_):
            return _Operand(int(isinstance(e, el.True_)), np.False_, "bool")
        if isinstance(e, el.BindParameter) and not e.expanding:
            value = e.effective_value
            if value is None:
                return _Operand(0, np.True_, other_kind)
            data, kind = _scalar(value, other_kind, self.strings)
            return _Operand(data, np.False_, kind)
        raise TypeError(f"unsupported operand: {type(e).__name__} {e}")

    def pair(self, left: Any, right: Any) -> tuple[_Operand, _Operand]:
        """Both operands, a bound value encoded as the column on the other side."""
        lk = _static_kind(left)
        r = self.operand(right, lk)
        l_ = self.operand(left, r.kind if lk is None else lk)
        kinds = {l_.kind, r.kind} - {None}
        if len(kinds) > 1 and not kinds <= {"bool", "int"}:
            raise TypeError(f"cannot compare a {l_.kind} with a {r.kind}")
        return l_, r

    def binary(self, e: el.BinaryExpression[Any]) -> Masks:
        key = _memo_key(e)
        if key is None:
            return self._binary(e)
        got = self.memo.get(key)
        if got is None:
            got = self.memo[key] = self._binary(e)
        return got

    def _binary(self, e: el.BinaryExpression[Any]) -> Masks:
        op = e.operator
        if op in (ops.in_op, ops.not_in_op):
            t, f = self.in_list(e)
            return (f, t) if op is ops.not_in_op else (t, f)
        if op in (ops.is_, ops.is_not) and _is_condition(e.left):
            return self.is_truth(e)
        left, right = self.pair(e.left, e.right)
        if op in (ops.is_, ops.is_not):
            same = (left.null & right.null) | (~left.null & ~right.null & (left.data == right.data))
            same = np.broadcast_to(same, self.n)
            return (same, ~same) if op is ops.is_ else (~same, same)
        compare = _COMPARE.get(op)
        if compare is None:
            raise TypeError(f"unsupported operator {op} in {e}")
        if op not in (ops.eq, ops.ne) and "text" in (left.kind, right.kind):
            raise TypeError(f"texts compare by code: only equality is supported, not {e}")
        known = np.broadcast_to(~(left.null | right.null), self.n)
        result = np.broadcast_to(compare(left.data, right.data), self.n)
        return result & known, ~result & known

    def is_truth(self, e: el.BinaryExpression[Any]) -> Masks:
        """``cond IS [NOT] TRUE/FALSE`` (SQLite: ``IS 1``): whether the condition is TRUE
        (or FALSE), an UNKNOWN one counted as not; never itself unknown."""
        right = e.right
        while isinstance(right, el.Grouping):
            right = right.element
        if isinstance(right, el.True_ | el.False_):
            want = isinstance(right, el.True_)
        elif isinstance(right, el.BindParameter) and isinstance(right.effective_value, bool):
            want = right.effective_value
        else:
            raise TypeError(f"a condition compares only with TRUE or FALSE with IS: {e}")
        t, f = self.cond(e.left)
        hit = np.broadcast_to(t if want else f, self.n)
        return (hit, ~hit) if e.operator is ops.is_ else (~hit, hit)

    def in_list(self, e: el.BinaryExpression[Any]) -> Masks:
        """``left IN (values)``: unknown for a NULL left or when a NULL in the list could
        be the match; an empty list is false even for a NULL left (as SQLite says)."""
        right = e.right
        if not isinstance(right, el.BindParameter) or not right.expanding:
            raise TypeError(f"IN needs a list of values: {e}")
        items = list(right.effective_value or ())
        if not items:
            return self.full(False), self.full(True)
        left = self.operand(e.left, None)
        kind = left.kind
        codes = []
        for item in items:
            if item is not None:
                code, kind = _scalar(item, kind, self.strings)
                codes.append(code)
        hit = np.broadcast_to(np.isin(left.data, np.array(codes)), self.n)
        known = np.broadcast_to(~np.asarray(left.null), self.n)
        has_null = len(codes) < len(items)
        return hit & known, ~hit & known & (not has_null)

    def truthy(self, col: el.ColumnClause[Any]) -> Masks:
        """A column used as a condition: SQLite renders a Boolean one ``col = 1``, an
        untyped or integer one is true when not zero."""
        v = self.column(col)
        if v.kind in ("text", "datetime"):
            raise TypeError(f"a {v.kind} column is not a condition: {col}")
        known = ~v.null
        hit = v.data == 1 if v.kind == "bool" else v.data != 0
        return hit & known, ~hit & known

    def cond(self, e: Any) -> Masks:
        if isinstance(e, el.Grouping | el.Label):
            return self.cond(e.element)
        if isinstance(e, el.BooleanClauseList):
            parts = [self.cond(c) for c in e.clauses]
            if e.operator is ops.and_:
                return _all([t for t, _ in parts], self), _any([f for _, f in parts], self)
            if e.operator is ops.or_:
                return _any([t for t, _ in parts], self), _all([f for _, f in parts], self)
            raise TypeError(f"unsupported clause list operator {e.operator}")
        if isinstance(e, el.AsBoolean):
            t, f = self.cond(e.element)
            return (f, t) if e.operator is ops.is_false else (t, f)
        if isinstance(e, el.UnaryExpression):
            if e.operator is ops.inv and e.modifier is None:
                t, f = self.cond(e.element)
                return f, t
            raise TypeError(f"unsupported unary expression: {e}")
        if isinstance(e, el.BinaryExpression):
            return self.binary(e)
        if isinstance(e, el.True_ | el.False_):
            value = isinstance(e, el.True_)
            return self.full(value), self.full(not value)
        if isinstance(e, el.Null):
            return self.full(False), self.full(False)
        if isinstance(e, el.ColumnClause):
            return self.truthy(e)
        raise TypeError(f"unsupported construct: {type(e).__name__} ({e})")


def _operand_key(e: Any) -> tuple[Any, ...] | None:
    while isinstance(e, el.Label | el.Grouping):
        e = e.element
    if isinstance(e, el.ColumnClause) and not e.is_literal:
        return ("column", column_key(e), type(e.type).__name__)
    if isinstance(e, el.BindParameter):
        value = e.effective_value
        if e.expanding:
            return ("list", tuple(value or ()))
        return ("value", type(value).__name__, value)
    if isinstance(e, el.Null):
        return ("null",)
    if isinstance(e, el.True_ | el.False_):
        return ("bool", isinstance(e, el.True_))
    return None


def _memo_key(e: el.BinaryExpression[Any]) -> tuple[Any, ...] | None:
    """A comparison of columns and values said the same way gives the same masks: the
    view's conditions repeat many (``closed_at >= start`` in four flags)."""
    left, right = _operand_key(e.left), _operand_key(e.right)
    if left is None or right is None:
        return None
    return (e.operator, left, right)


def _is_condition(e: Any) -> bool:
    """A boolean expression (not a column or value): its truth, not a value, is compared."""
    while isinstance(e, el.Grouping):
        e = e.element
    return isinstance(e, el.BooleanClauseList | el.BinaryExpression | el.UnaryExpression)


def _static_kind(e: Any) -> Kind | None:
    """The encoding a column operand has by its type (None for anything else)."""
    while isinstance(e, el.Label | el.Grouping):
        e = e.element
    return kind_of(e.type) if isinstance(e, el.ColumnClause) else None


def _all(masks: list[np.ndarray], ev: _Eval) -> np.ndarray:
    return np.logical_and.reduce(masks) if masks else ev.full(True)


def _any(masks: list[np.ndarray], ev: _Eval) -> np.ndarray:
    return np.logical_or.reduce(masks) if masks else ev.full(False)


_COMPARE: dict[Any, Callable[[Any, Any], Any]] = {
    ops.eq: np.equal,
    ops.ne: np.not_equal,
    ops.lt: np.less,
    ops.le: np.less_equal,
    ops.gt: np.greater,
    ops.ge: np.greater_equal,
}


def truth(
    cond: el.ColumnElement[Any],
    columns: Mapping[str, Values],
    strings: Strings,
    n: int,
    memo: dict[tuple[Any, ...], Masks] | None = None,
) -> np.ndarray:
    """Bool array of n: True exactly where SQLite's ``WHERE cond`` is TRUE. ``memo``:
    the comparisons already evaluated over the same columns (shared by the calls that
    pass the same dict)."""
    t, _ = _Eval(columns, strings, n, memo).cond(cond)
    return np.array(np.broadcast_to(t, n), dtype=bool)
