"""A laptop's store stays whole while another process opens it again and again.

SQLite's processes share the ``-shm`` under POSIX locks. When the checkpoints' read of
its header dropped this process's locks (see ``gridapp.store.wal_index``), the next
process to open the store re-initialised the ``-shm`` under the first one's mapping,
which died of SIGBUS within a few opens (exit -7: seen twice in the fault tests' CI).
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

CHILD = Path(__file__).with_name("busy_store_child.py")
SECONDS = 3.0


def test_another_process_opening_the_store_does_not_crash_its_writer(tmp_path: Path) -> None:
    store = tmp_path / "shared.db"
    child = subprocess.Popen(
        [sys.executable, "-X", "faulthandler", str(CHILD), str(store), str(SECONDS)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        opened = 0
        while child.poll() is None:
            try:
                conn = sqlite3.connect(store, timeout=0.1)
                try:
                    assert conn.execute("SELECT count(*) FROM scratch").fetchone()[0] >= 20
                finally:
                    conn.close()
                opened += 1
            except sqlite3.OperationalError:  # busy: the writer holds it; try again
                pass
        out, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0, f"the store's process ended with {child.returncode}\n{err}"
    assert out.startswith("ok ") and int(out.split()[1]) > 10
    assert opened > 10  # the other process did open it, many times
