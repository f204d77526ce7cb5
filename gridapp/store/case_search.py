"""Text search of the case list on SQLite: an FTS5 index over the bigrams of ``search_text``.

``LIKE '%word%'`` reads every case (0.4–0.8 s at 700,000 cases). FTS5's own tokenizers
cannot find a two-character Chinese word such as 井盖 inside a run of characters, so
the index is fed our own tokens: one per pair of adjacent characters (every position,
spaces and punctuation included), written as ASCII (``<hex>g<hex>``) so the ``ascii``
tokenizer keeps each one whole and no query text is ever FTS syntax. A word of two or
more characters is the phrase of its bigrams: consecutive positions hold exactly its
consecutive character pairs, so the phrase matches exactly where ``LIKE '%word%'``
does. One-character words stay with ``LIKE`` (they are rare, and no bigram names them).

The index is contentless and keyed by the cases' rowid, so a case's bigrams can be
dropped only by naming them again. Triggers on ``cases`` note every insert, change of
``search_text`` and delete in ``case_grams_dirty`` (with the text the index holds);
``flush`` brings the index in step before the writing transaction commits
(``Database.write``), whatever statement changed the row. A store with notes left
(written by hand, outside ``Database``) is searched with ``LIKE`` until its next write.
PostgreSQL (the service) has neither: it keeps ``LIKE``.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import Any

from sqlalchemy import Connection

GRAMS = "case_grams"  # the FTS5 table (and its shadow tables case_grams_*)
DIRTY = "case_grams_dirty"
FTS_TABLES = frozenset({GRAMS, *(f"{GRAMS}_{s}" for s in ("data", "idx", "config", "docsize"))})

SEP = "\x1f"  # between department codes in group_concat (codes never hold it)


def _depts_of(case_id: str, *, but: str = "NULL") -> str:
    return (
        f"(SELECT group_concat(d.department_code, char(31)) FROM case_departments d "
        f"WHERE d.case_id = {case_id} AND d.department_code IS NOT {but})"
    )


CREATE = [
    f"CREATE VIRTUAL TABLE {GRAMS} USING fts5(grams, content='', tokenize='ascii', columnsize=0)",
    f"""CREATE TRIGGER {GRAMS}_ins AFTER INSERT ON cases BEGIN
        INSERT INTO {DIRTY} (case_rowid, old_text) VALUES (new.rowid, NULL); END""",
    f"""CREATE TRIGGER {GRAMS}_upd AFTER UPDATE OF search_text, street_code ON cases
        WHEN old.search_text IS NOT new.search_text OR old.street_code IS NOT new.street_code
        BEGIN INSERT INTO {DIRTY} (case_rowid, old_text, old_depts, old_street)
        VALUES (old.rowid, old.search_text, {_depts_of("old.id")}, old.street_code); END""",
    f"""CREATE TRIGGER {GRAMS}_del AFTER DELETE ON cases BEGIN
        INSERT INTO {DIRTY} (case_rowid, old_text, old_depts, old_street)
        VALUES (old.rowid, old.search_text, {_depts_of("old.id")}, old.street_code); END""",
    # A department a case is sent to (or no longer kept for) changes its tokens too.
    f"""CREATE TRIGGER {GRAMS}_dept_ins AFTER INSERT ON case_departments BEGIN
        INSERT INTO {DIRTY} (case_rowid, old_text, old_depts, old_street)
        SELECT c.rowid, c.search_text, {_depts_of("c.id", but="new.department_code")},
               c.street_code
        FROM cases c WHERE c.id = new.case_id; END""",
    f"""CREATE TRIGGER {GRAMS}_dept_del AFTER DELETE ON case_departments BEGIN
        INSERT INTO {DIRTY} (case_rowid, old_text, old_depts, old_street)
        SELECT c.rowid, c.search_text,
               coalesce({_depts_of("c.id")} || char(31), '') || old.department_code,
               c.street_code
        FROM cases c WHERE c.id = old.case_id; END""",
]
TRIGGERS = ("ins", "upd", "del", "dept_ins", "dept_del")
DROP = [f"DROP TRIGGER IF EXISTS {GRAMS}_{t}" for t in TRIGGERS] + [f"DROP TABLE IF EXISTS {GRAMS}"]
_BATCH = 5_000


class _Hex(dict[str, str]):
    """A character's code point in hex, made once per distinct character (a pulled page
    indexes thousands of texts: formatting every character anew was most of it)."""

    def __missing__(self, ch: str) -> str:
        value = self[ch] = f"{ord(ch):x}"
        return value


_HEX = _Hex()


def grams(value: str) -> str:
    """The tokens of ``value``: one per pair of adjacent characters, in order."""
    return " ".join(map("g".join, pairwise(map(_HEX.__getitem__, value))))  # loops in C


def department_token(code: str) -> str:
    """The token a case carries for every department it was sent to (its scope there).

    Hex of the code after a ``d``: never equal to a bigram token (those hold a ``g``).
    """
    return "d" + code.encode().hex()


def street_token(code: str) -> str:
    """The token of the street (or town) a case is in: a town centre's scope."""
    return "s" + code.encode().hex()


def tokens(value: str, departments: str | None, street: str | None) -> str:
    """What the index holds for a case: its text's bigrams, its departments, its street."""
    codes = sorted(set(departments.split(SEP))) if departments else []
    scope = [department_token(c) for c in codes]
    if street is not None:
        scope.append(street_token(street))
    return " ".join([grams(value), *scope])


def phrase(word: str) -> str:
    """The FTS5 query that matches the texts containing ``word`` (two characters or more).

    Only ASCII letters, digits, spaces and the quotes around them: nothing a user typed
    reaches the FTS5 parser.
    """
    return f'"{grams(word)}"'


def has_index(conn: Connection) -> bool:
    """The store has the bigram index (SQLite at this revision or later)."""
    if conn.dialect.name != "sqlite":
        return False
    found = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (GRAMS,)
    ).first()
    return found is not None


def in_step(conn: Connection) -> bool:
    """The index answers for every case now (no change waits for ``flush``)."""
    if not has_index(conn):
        return False
    return conn.exec_driver_sql(f"SELECT 1 FROM {DIRTY} LIMIT 1").first() is None


def _raw(conn: Connection | Any) -> Any:
    """The DB-API connection under ``conn`` (same transaction), or ``conn`` itself: the
    encrypted copy of a store is re-indexed over a bare sqlcipher3 connection."""
    if isinstance(conn, Connection):
        return conn.connection.driver_connection
    return conn


def flush(conn: Connection) -> int:
    """Apply the noted changes to the index (in the caller's transaction); how many rows.

    The first note of a rowid says what the index holds for it (nothing for an insert,
    else the old text's and departments' tokens): those are dropped, and the row as it
    is now is indexed if it still exists. Later notes of the same rowid add nothing.
    """
    raw = _raw(conn)
    notes = raw.execute(
        f"SELECT case_rowid, old_text, old_depts, old_street, n FROM {DIRTY} ORDER BY n"
    ).fetchall()
    if not notes:
        return 0
    held: dict[int, tuple[str | None, str | None, str | None]] = {}
    for rowid, old, depts, street, _n in notes:
        held.setdefault(rowid, (old, depts, street))
    drop = [(rowid, tokens(*old)) for rowid, old in held.items() if old[0] is not None]
    if drop:
        raw.executemany(
            f"INSERT INTO {GRAMS} ({GRAMS}, rowid, grams) VALUES ('delete', ?, ?)", drop
        )
    _index_rows(raw, list(held))
    raw.execute(f"DELETE FROM {DIRTY} WHERE n <= ?", (notes[-1][4],))
    return len(held)


def _index_rows(raw: Any, rowids: list[int]) -> None:
    for start in range(0, len(rowids), _BATCH):
        chunk = rowids[start : start + _BATCH]
        marks = ", ".join("?" * len(chunk))
        rows = raw.execute(
            f"SELECT rowid, search_text, {_depts_of('cases.id')}, street_code FROM cases "
            f"WHERE rowid IN ({marks})",
            tuple(chunk),
        ).fetchall()
        _insert(raw, rows)


def _insert(raw: Any, rows: Iterable[Any]) -> None:
    params = [(rowid, tokens(value, depts, street)) for rowid, value, depts, street in rows]
    if params:
        raw.executemany(f"INSERT INTO {GRAMS} (rowid, grams) VALUES (?, ?)", params)


def rebuild(conn: Connection | Any) -> int:
    """Index every case afresh: a new index, or a copy whose cases got new rowids
    (``sqlcipher_export`` copies rows without their rowids; so would a table rebuilt by
    a batch migration, which also drops the triggers: recreate them and call this)."""
    raw = _raw(conn)
    raw.execute(f"DELETE FROM {DIRTY}")
    raw.execute(f"INSERT INTO {GRAMS} ({GRAMS}) VALUES ('delete-all')")
    total, last = 0, -1
    while True:
        rows = raw.execute(
            f"SELECT rowid, search_text, {_depts_of('cases.id')}, street_code FROM cases "
            "WHERE rowid > ? ORDER BY rowid LIMIT ?",
            (last, _BATCH * 4),
        ).fetchall()
        if not rows:
            break
        _insert(raw, rows)
        total += len(rows)
        last = rows[-1][0]
    raw.execute(f"INSERT INTO {GRAMS} ({GRAMS}) VALUES ('optimize')")
    return total


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    """Alembic's filter: the FTS5 table and its shadow tables are not in ``schema.py``,
    nor PostgreSQL's ``ux_cases_number`` (revision 0016: the service's store only)."""
    if type_ == "index" and name == "ux_cases_number":
        return False
    return not (type_ == "table" and name in FTS_TABLES)
