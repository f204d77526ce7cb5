"""A period scanned in parts side by side counts what one scan counts (``side_reads``).

``StatsBuilder.build`` splits a long period's cases by the first character of their id
and scans the parts on their own connections at once (``view_counts.ScanParts``), then
adds the parts' sums per key. Every case must fall in exactly one part whatever its id,
and the joined counts must equal the single scan's, sums and lists alike.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections import Counter
from datetime import datetime

import pytest
from sqlalchemy import create_engine, select, text

from gridapp.reports import figures as fg
from gridapp.stats import view_counts
from gridapp.stats.side_reads import SideReads, id_parts
from gridapp.store.schema import cases
from gridapp.store.sqlcipher import is_plain_sqlite
from gridapp.workspace import Workspace
from tests.stats.test_view_rows import demo  # noqa: F401

ODD_IDS = ["", "0", "7~x", "8", "80", "c1", "f", "ffff", "g", "Z", "~", "-", "\u4e2d", "A1"]


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5])
def test_every_id_falls_in_exactly_one_part(n: int):
    ids = ODD_IDS + [
        str(uuid.UUID(int=i * 0x0F0F_0F0F_0F0F_0F0F_0F0F_0F0F_0F0F_0F0F)) for i in range(17)
    ]
    engine = create_engine("sqlite://", poolclass=None)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE cases (id TEXT)"))
        conn.execute(text("INSERT INTO cases (id) VALUES (:id)"), [{"id": i} for i in ids])
        seen = Counter()
        sizes = []
        for part in id_parts(n):
            q = select(cases.c.id) if part is None else select(cases.c.id).where(part)
            got = [r[0] for r in conn.execute(q)]
            seen.update(got)
            sizes.append(len(got))
    assert seen == Counter(ids)  # each id once, none lost
    assert len(sizes) == n and (n == 1 or min(sizes) > 0)


def _normal(scan: dict[int, list[tuple]]) -> dict[int, Counter]:
    return {arm: Counter(rows) for arm, rows in scan.items()}


@pytest.mark.parametrize("parts", [2, 3, 4])
def test_parts_add_up_to_the_single_scan(demo: Workspace, parts: int):  # noqa: F811
    p = fg.Period(datetime(2026, 10, 1), datetime(2026, 11, 1))
    with demo.db.read() as conn:
        one = view_counts.ScanParts("", p, view_counts.VIEW_ARMS).result(conn)
        with SideReads(conn.engine.begin, workers=parts) as side:
            joined = view_counts.ScanParts("", p, view_counts.VIEW_ARMS, parts, side)
            assert len(joined.ahead) == parts - 1
            split = joined.result(conn)
    assert _normal(split) == _normal(one)
    assert sum(len(rows) for rows in one.values()) > 100  # the scan had something to count


def test_a_view_in_parts_is_the_view_in_one(demo: Workspace, monkeypatch):  # noqa: F811
    """The whole view (every figure, 环比 and 同比) computed with three parts equals the
    view computed with one."""
    from gridapp.stats import compute
    from tests.stats.test_view_rows import NOW, _builder, _regions

    b, region = _builder(demo), _regions(demo)[0]
    views = []
    for n in (1, 3):
        monkeypatch.setattr(compute, "side_count", lambda n=n: n)
        with demo.db.read() as conn:
            views.append(
                b.build(
                    conn,
                    region,
                    datetime(2026, 10, 1).date(),
                    datetime(2026, 10, 31).date(),
                    "x",
                    NOW,
                    "y",
                )
            )
    assert views[0] == views[1]
    assert views[0].summary.reported.value > 0


def test_a_failing_part_fails_the_view(demo: Workspace):  # noqa: F811
    """An error in a side read reaches the caller (no figure silently short)."""
    p = fg.Period(datetime(2026, 10, 1), datetime(2026, 11, 1))

    def broken():
        raise sqlite3.OperationalError("disk I/O error")

    with demo.db.read() as conn, SideReads(broken, workers=2) as side:
        scan = view_counts.ScanParts("", p, view_counts.VIEW_ARMS, 2, side)
        with pytest.raises(sqlite3.OperationalError):
            scan.result(conn)


def test_parts_on_an_encrypted_store(demo: Workspace, tmp_path, monkeypatch):  # noqa: F811
    """A laptop's store is SQLCipher: each side read opens its own keyed connection and
    the view in parts equals the plain store's."""
    import secrets

    from gridapp.stats import compute
    from gridapp.stats.model import CUSTOM
    from gridapp.store.store_key import KEY_BYTES, DataKey

    source, copy = sqlite3.connect(demo.db.path), sqlite3.connect(tmp_path / "laptop.db")
    source.backup(copy)  # the store with its WAL, as it reads
    source.close()
    copy.close()
    sealed = Workspace.open(tmp_path / "laptop.db", key=DataKey(secrets.token_bytes(KEY_BYTES)))
    try:
        sealed.clock = demo.clock
        sealed.act_as("ducha")
        assert not is_plain_sqlite(tmp_path / "laptop.db")  # converted: encrypted at rest
        october = dict(start=datetime(2026, 10, 1).date(), end=datetime(2026, 10, 31).date())
        monkeypatch.setattr(compute, "side_count", lambda: 3)
        got = sealed.stats.view(CUSTOM, **october)
        monkeypatch.setattr(compute, "side_count", lambda: 1)
        want = demo.stats.view(CUSTOM, **october)
        assert got.summary == want.summary and got.departments == want.departments
        assert got.previous == want.previous and got.summary.reported.value > 0
    finally:
        sealed.close()
