"""``gridapp serve`` in a real subprocess, with the environment a host gives it.

For what a thread in the test process cannot show: the host's time zone (``TZ``)
and the service's own log output (JSON lines on stderr), on SQLite or PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from gridapp.store.database import Database
from gridapp.sync.protocol import API_PREFIX
from tests.live_server import PASSWORD, central_store, free_port


@dataclass
class ServiceProcess:
    url: str  # http://127.0.0.1:PORT
    db_url: str
    schema: str | None
    proc: subprocess.Popen
    log: str = field(default="")  # stderr, once stopped

    @property
    def api(self) -> str:
        return self.url + API_PREFIX

    def login(self, username: str, password: str = PASSWORD) -> str:
        r = httpx.post(self.api + "/auth/login", json={"username": username, "password": password})
        assert r.status_code == 200, r.text
        return r.json()["token"]

    def client(self, token: str) -> httpx.Client:
        return httpx.Client(
            base_url=self.api, headers={"Authorization": f"Bearer {token}"}, timeout=30
        )

    def database(self) -> Database:
        return Database(self.db_url, schema=self.schema)

    def stop(self) -> str:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            _, self.log = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, self.log = self.proc.communicate()
        return self.log


@contextmanager
def service_process(
    backend: str, reference_template: Path, tmp_path: Path, *, workers: int = 1, **env: str
) -> Iterator[ServiceProcess]:
    """``gridapp serve`` (one worker unless told) with JSON logs; ``env`` adds to its
    environment (TZ=…)."""
    with central_store(backend, reference_template, tmp_path) as (db_url, schema):
        port = free_port()
        full_env = dict(
            os.environ,
            GRIDAPP_LOG_FORMAT="json",
            GRIDAPP_WORKERS=str(workers),
            GRIDAPP_DB=db_url,
            GRIDAPP_FILES=str(tmp_path / "photos"),
            **env,
        )
        full_env.pop("GRIDAPP_DB_SCHEMA", None)
        if schema:
            full_env["GRIDAPP_DB_SCHEMA"] = schema
        proc = subprocess.Popen(
            [sys.executable, "-m", "gridapp.cli", "serve", "--port", str(port)],
            env=full_env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        service = ServiceProcess(f"http://127.0.0.1:{port}", db_url, schema, proc)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(service.api + "/health", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert proc.poll() is None, service.stop()
                assert time.monotonic() < deadline, "service did not start"
                time.sleep(0.3)
            yield service
        finally:
            service.stop()
