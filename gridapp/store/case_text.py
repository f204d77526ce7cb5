"""The case list's words: ``LIKE`` or the bigram index, and the plan picked per query.

``gridapp/store/case_search.py`` keeps the index; this module turns a query's words
(and the user's scope) into conditions on ``cases`` and decides, per query, how the
index is used (see ``text_plan``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, text

from gridapp.domain.roles import Actor, Role
from gridapp.store import case_search
from gridapp.store.schema import cases


def text_words(value: str | None) -> list[str]:
    """The words of a query's text as the search compares them (lowered, like the text)."""
    return value.lower().split() if value else []


def grams_match(words: list[str], scope: str | None = None) -> str | None:
    """The FTS5 query for the words the bigram index can answer (two characters or more),
    within a scope token when given (the index holds a case's departments and street)."""
    phrases = [case_search.phrase(w) for w in words if len(w) >= 2]
    if not phrases:
        return None
    if scope is not None:
        phrases.append(scope)
    return " AND ".join(phrases)


def indexed_scope(actor: Actor, words: list[str], grams: bool) -> str | None:
    """The token that answers ``actor``'s scope in the index along with the words: a
    department's (instead of an EXISTS over ``case_departments`` for every case) or a
    town centre's street (instead of reading its street's cases one by one)."""
    if not grams or grams_match(words) is None:
        return None
    if actor.role is Role.DEPARTMENT and actor.department_code:
        return case_search.department_token(actor.department_code)
    if actor.role.is_command_staff and actor.street_code is not None:
        return case_search.street_token(actor.street_code)
    return None


def text_conditions(
    words: list[str], *, grams: bool, scope: str | None = None, drive: bool = False
) -> list[ColumnElement[bool]]:
    """Every word is somewhere in ``search_text`` (``LIKE``, or the bigram index when
    ``grams``: the same cases, see gridapp/store/case_search.py). ``drive``: the matches
    are few, so the query reads them first instead of testing rows against them."""
    conds: list[ColumnElement[bool]] = []
    match = grams_match(words, scope) if grams else None
    if match is not None:
        # "+" keeps the planner from driving the query by this list: it reads the sort or
        # filter index and tests each rowid against the matches, built once.
        plus = "" if drive else "+"
        member = text(
            f"{plus}cases.rowid IN (SELECT rowid FROM {case_search.GRAMS} "
            f"WHERE {case_search.GRAMS} MATCH :grams_match)"
        ).bindparams(grams_match=match)
        conds.append(member)  # type: ignore[arg-type]
    for word in words:
        if match is not None and len(word) >= 2:
            continue
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conds.append(cases.c.search_text.like(f"%{escaped}%", escape="\\"))
    return conds


# At most this many matches in the index: the query reads them first (a look-up each)
# instead of walking an index and testing every row against them (DRIVE_MAX look-ups
# cost less than a walk past 100,000 rows to fill a page of rare matches).
DRIVE_MAX = 5_000


@dataclass(frozen=True)
class TextPlan:
    """How a query's words are searched: ``grams`` through the index (else LIKE),
    ``drive`` by the matches, ``matches`` how many cases the index matched (its words
    and the scope token; None when the index is not used)."""

    grams: bool = False
    drive: bool = False
    matches: int | None = None
    hints: bool = False  # SQLite: planner hints may be given (filter_conditions)


def text_plan(conn: Connection, words: list[str], actor: Actor) -> TextPlan:
    """Counting the index's matches first (a read of its doclists, a few ms at most)
    picks the plan: the trap of a common word (垃圾 in one case in seven) is a plan
    driven by its 100,000 matches, that of a rare one a walk past every row."""
    hints = conn.dialect.name == "sqlite"
    if not words or not case_search.in_step(conn):
        return TextPlan(hints=hints)
    match = grams_match(words, indexed_scope(actor, words, True))
    if match is None:
        return TextPlan(grams=True, hints=hints)
    found = conn.execute(
        text(f"SELECT count(*) FROM {case_search.GRAMS} WHERE {case_search.GRAMS} MATCH :m"),
        {"m": match},
    )
    matches = int(found.scalar() or 0)
    return TextPlan(grams=True, drive=matches <= DRIVE_MAX, matches=matches, hints=hints)
