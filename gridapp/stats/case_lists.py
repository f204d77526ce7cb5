"""A figure's case numbers fetched when someone reads them, not when the view is built.

The statistics view counts most of its cases with SQL ``GROUP BY`` (``view_counts``):
reading a number for each of half a million cases only to show a count was most of a
year's view. A :class:`FigureCases` stands where ``Figure.case_numbers`` holds a tuple:
the numbers counted in Python are kept (they are few), the SQL ones are fetched by
re-running that one figure's condition the first time the list is read (the user opens
the figure: ``Statistics.case_numbers``). It compares, hashes and iterates as the tuple
it stands for, so a view counted this way equals the view with eager lists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from functools import partial
from typing import Any, overload

from sqlalchemy import ColumnElement, Connection, select

from gridapp.reports import figures as fg
from gridapp.reports.facts import period_cases
from gridapp.reports.mark_sql import _summed_in_sql, cf
from gridapp.reports.model import EMPTY_FIGURE, Figure
from gridapp.store.schema import case_marks, cases

Fetch = Callable[[Connection], list[str]]
Opener = Callable[[], AbstractContextManager[Connection]]
Row = tuple[Any, ...]
Cond = ColumnElement[bool]
# A condition of a figure's cases, made only when its list is fetched: most lists are
# never opened, and making thousands of SQL expressions cost more than summing the cases.
Spec = Callable[[fg.Period], Cond]


class FigureCases(Sequence[str]):
    """The sorted, deduplicated case numbers of one figure: ``listed`` (counted in
    Python) joined with what ``fetch`` reads from the store (counted in SQL)."""

    __slots__ = ("_fetch", "_listed", "_numbers", "_open")

    def __init__(self, fetch: Fetch, listed: Sequence[str], open_read: Opener) -> None:
        self._fetch = fetch
        self._listed = listed
        self._open = open_read
        self._numbers: tuple[str, ...] | None = None

    def resolve(self, conn: Connection | None = None) -> tuple[str, ...]:
        """The numbers, read through ``conn`` (else a read of the view's store) once."""
        if self._numbers is None:
            if conn is None:
                with self._open() as own:
                    fetched = self._fetch(own)
            else:
                fetched = self._fetch(conn)
            self._numbers = tuple(sorted(dict.fromkeys([*fetched, *self._listed])))
        return self._numbers

    @property
    def fetched(self) -> bool:
        """Whether the store has been read for this list yet (for tests)."""
        return self._numbers is not None

    def __len__(self) -> int:
        return len(self.resolve())

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[str, ...]: ...
    def __getitem__(self, index: int | slice) -> str | tuple[str, ...]:
        return self.resolve()[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self.resolve())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FigureCases):
            other = other.resolve()
        if isinstance(other, tuple):
            return self.resolve() == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.resolve())

    def __repr__(self) -> str:
        if self._numbers is None:
            return f"FigureCases(<not fetched>, {len(self._listed)} listed)"
        return repr(self._numbers)


def numbers_of(case_numbers: Any, conn: Connection | None = None) -> tuple[str, ...]:
    """A figure's case numbers as a tuple, fetching them through ``conn`` when lazy."""
    if isinstance(case_numbers, FigureCases):
        return case_numbers.resolve(conn)
    return tuple(case_numbers)


def key_is(column: Any, value: Any, _p: fg.Period) -> Cond:
    return column.is_(None) if value is None else column == value


@dataclass(frozen=True)
class Lists:
    """Figures of one region's period whose SQL cases are fetched when read."""

    region: str
    p: fg.Period
    open_read: Opener  # a read of the store, to fetch a list later

    def fetch(self, specs: tuple[Spec, ...], conn: Connection) -> list[str]:
        """The numbers of the SQL-marked cases meeting ``specs``, in order."""
        q = (
            select(cases.c.number)
            .select_from(cases.join(case_marks, cf.case_id == cases.c.id))
            .where(
                period_cases(self.region, self.p.start, self.p.end),
                _summed_in_sql(self.p),
                *[spec(self.p) for spec in specs],
            )
            .order_by(cases.c.number)
        )
        return list(conn.execute(q).scalars())

    def figure(self, counted: int, specs: tuple[Spec, ...], listed: list[str]) -> Figure:
        """``counted`` SQL cases (fetched by ``specs`` when read) and ``listed`` ones."""
        if not counted:
            return Figure(len(listed), tuple(listed)) if listed else EMPTY_FIGURE
        lazy = FigureCases(partial(self.fetch, specs), listed, self.open_read)
        return Figure(counted + len(listed), lazy)  # type: ignore[arg-type]
