"""Helpers shared by the benches: fresh stores and their schema, test photos, percentiles,
tables, progress lines."""

from __future__ import annotations

import io
import os
import platform
import random
import sqlite3
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from gridapp.demo.build import DEMO_SEED
from gridapp.demo.reference import write_demo_reference
from gridapp.store.database import Database

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var"


def fresh_store(path: Path, *, seed: int = DEMO_SEED) -> Path:
    """A central store at ``path`` with the demo district's reference data and no cases."""
    db = Database(path)
    write_demo_reference(db, seed=seed)
    db.close()  # the last connection to close checkpoints the WAL into the file
    return path


def sqlite_schema(path: Path) -> list[tuple[str, str, str | None]]:
    """The tables and indexes of a SQLite store (read-only), to compare two stores."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' "
            "ORDER BY type, name"
        ).fetchall()
    finally:
        conn.close()


def current_schema() -> list[tuple[str, str, str | None]]:
    """The tables and indexes a store made by today's migrations has."""
    with tempfile.TemporaryDirectory(prefix="bench-schema-") as tmp:
        path = Path(tmp) / "empty.db"
        Database(path).close()
        return sqlite_schema(path)


def noise_jpeg(rng: random.Random, width: int = 200, height: int = 150, quality: int = 80) -> bytes:
    """A real JPEG of random pixels: it hardly compresses, so its size is predictable.

    200×150 at quality 80 is about 21 KB; 240×180 about 30 KB.
    """
    img = Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return buf.getvalue()


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank ``q`` percentile (0 < q ≤ 100) of ``values``."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A plain-text table: first column left-aligned, the others right-aligned.

    Column widths count CJK characters as two cells so Chinese labels line up.
    """
    cells = [[str(h) for h in headers], *[[str(c) for c in row] for row in rows]]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        parts = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - _width(cell))
            parts.append(cell + pad if i == 0 else pad + cell)
        lines.append("  ".join(parts))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def machine() -> str:
    """One line saying where the figures came from."""
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )


def log(text: str) -> None:
    """A progress line, on stderr (the figures go to stdout)."""
    print(text, file=sys.stderr, flush=True)
