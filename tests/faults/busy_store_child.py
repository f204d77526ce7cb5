"""Child of ``test_store_shared``: writes and reads its store without pause.

Run: python tests/faults/busy_store_child.py STORE SECONDS

Prints ``ready`` once the store is open and has had checkpoints, then writes and reads
for SECONDS and prints ``ok <rounds>``. A signal ends it with a negative exit code.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def main(store: Path, seconds: float) -> None:
    from sqlalchemy import text

    from gridapp.store.database import Database

    db = Database(store)
    with db.write() as conn:
        conn.execute(text("CREATE TABLE scratch (n INTEGER, blob TEXT)"))
    for n in range(20):
        with db.write() as conn:
            conn.execute(text("INSERT INTO scratch VALUES (:n, :b)"), [{"n": n, "b": "x" * 999}])
    assert db.checkpoints is not None
    while db.checkpoints.runs == 0:  # the header has been read: the old bug's trigger
        time.sleep(0.02)
    print("ready", flush=True)
    rounds, end = 0, time.monotonic() + seconds
    while time.monotonic() < end:
        with db.write() as conn:
            conn.execute(text("INSERT INTO scratch VALUES (:n, 'y')"), {"n": rounds})
        with db.read() as conn:
            conn.execute(text("SELECT count(*) FROM scratch")).scalar()
        rounds += 1
    db.close()
    print(f"ok {rounds}", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), float(sys.argv[2]))
