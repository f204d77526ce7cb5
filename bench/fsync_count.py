"""Count this process's fsync/fdatasync calls, SQLite's included, with strace.

SQLite syncs from C, so wrapping ``os.fsync`` would miss the commits; strace attached
to the running process (``-f``: all its threads) sees every call. Each call is
attributed to its thread, so the saving thread's syncs (what a save waits for) are
told apart from a background settler's. strace slows system calls down: count in a
pass of its own, never while timing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from types import TracebackType

SYNCS = ("fsync(", "fdatasync(")


class FsyncCounter:
    """``with FsyncCounter() as c: ...``, then ``c.by_thread`` (tid → calls), ``c.here``."""

    def __init__(self) -> None:
        self.by_thread: Counter[int] = Counter()
        self.tid = threading.get_native_id()
        self._dir = Path(tempfile.mkdtemp(prefix="fsync-count-"))
        self._log = self._dir / "strace.log"
        self._proc: subprocess.Popen[bytes] | None = None

    @staticmethod
    def available() -> bool:
        return shutil.which("strace") is not None

    def __enter__(self) -> FsyncCounter:
        trace = ["-f", "-qq", "-y", "-e", "trace=fsync,fdatasync", "-o", str(self._log)]
        self._proc = subprocess.Popen(
            ["strace", *trace, "-p", str(os.getpid())],
            stderr=subprocess.DEVNULL,
        )
        probe = self._dir / "probe"
        fd = os.open(probe, os.O_CREAT | os.O_WRONLY, 0o600)
        try:  # attached once strace logs our own probe fsync
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                os.fsync(fd)
                if self._log.exists() and self._log.stat().st_size:
                    break
                time.sleep(0.05)
            else:
                raise RuntimeError("strace did not attach (ptrace not permitted?)")
        finally:
            os.close(fd)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._proc is not None
        self._proc.terminate()  # strace detaches cleanly on SIGTERM
        self._proc.wait(timeout=30)
        for line in self._log.read_text().splitlines():
            tid, _, call = line.partition(" ")
            if "fsync-count-" in call:
                continue  # the probe (-y names each call's file)
            if call.lstrip().startswith(SYNCS) and tid.isdigit():
                self.by_thread[int(tid)] += 1
        shutil.rmtree(self._dir, ignore_errors=True)

    @property
    def here(self) -> int:
        """Calls made by the thread that entered the counter (the saving thread)."""
        return self.by_thread[self.tid]

    @property
    def total(self) -> int:
        return sum(self.by_thread.values())
