"""The sync service for the benches: ``gridapp serve`` in a subprocess on 127.0.0.1.

A free port, the wait for ``/health``, the stop by pid (its own process group only),
and a throw-away PostgreSQL schema for a central store.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx
import sqlalchemy as sa
from _common import ROOT

from gridapp.sync.protocol import API_PREFIX

GRIDAPP = Path(sys.executable).with_name("gridapp")
PG_URL = os.environ.get("GRIDAPP_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``gridapp serve --workers N`` on 127.0.0.1 in its own process group (stopped by its pid)."""

    def __init__(
        self,
        db: str,
        files: Path,
        logfile: Path,
        *,
        workers: int,
        schema: str | None = None,
        start_timeout: float = 90.0,
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.logfile = logfile
        cmd = [str(GRIDAPP), "serve", "--db", db, "--files", str(files), "--host", "127.0.0.1"]
        cmd += ["--port", str(self.port), "--workers", str(workers), "--log-level", "warning"]
        if schema:
            cmd += ["--schema", schema]
        env = {k: v for k, v in os.environ.items() if not k.startswith("GRIDAPP_")}
        self._log = logfile.open("wb")
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        try:
            self.wait_healthy(start_timeout)
        except BaseException:
            self.stop()
            raise

    def wait_healthy(self, timeout: float) -> None:
        """Until ``/health`` answers 200; a service that exits or stays silent is an error."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the service exited:\n{self.tail()}")
            with suppress(httpx.HTTPError):
                if httpx.get(self.url + API_PREFIX + "/health", timeout=2).status_code == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"the service did not start in {timeout:.0f} s:\n{self.tail()}")

    def tail(self, n: int = 30) -> str:
        self._log.flush()
        lines = self.logfile.read_text(errors="replace").splitlines()
        return "\n".join(lines[-n:])

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # uvicorn stops its workers, then itself
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)  # our own process group only
                self.proc.wait(timeout=10)
        self._log.close()


@contextmanager
def pg_schema(url: str, prefix: str) -> Iterator[str]:
    """A fresh PostgreSQL schema named ``prefix`` + random hex, dropped on the way out."""
    name = prefix + uuid.uuid4().hex[:10]
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
        yield name
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        engine.dispose()
