"""``gridapp serve`` as the host runs it: several workers, JSON logs, no secrets in them."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import httpx

from tests.live_server import free_port


def test_service_with_two_workers_logs_json_without_secrets(reference_template, tmp_path):
    db = tmp_path / "central.db"
    shutil.copyfile(reference_template, db)
    port = free_port()
    # Settings from the environment only, as the systemd unit passes them.
    env = dict(
        os.environ,
        GRIDAPP_LOG_FORMAT="json",
        GRIDAPP_WORKERS="2",
        GRIDAPP_DB=f"sqlite:///{db}",
        GRIDAPP_FILES=str(tmp_path / "photos"),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "gridapp.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/api/v1"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                health = httpx.get(base + "/health", timeout=2)
                if health.status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert proc.poll() is None, proc.stderr.read()
            assert time.monotonic() < deadline, "service did not start"
            time.sleep(0.3)
        assert health.json()["status"] == "ok"
        assert health.json()["migrations_current"] is True
        bad = httpx.post(base + "/auth/login", json={"username": "wg001", "password": "wrong-pw"})
        assert bad.status_code == 401
        good = httpx.post(base + "/auth/login", json={"username": "wg001", "password": "demo1234"})
        token = good.json()["token"]
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    lines = [line for line in err.splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    assert {"time", "level", "logger", "message"} <= set(entries[0])
    assert len({e["pid"] for e in entries}) >= 2  # the workers log too
    assert token not in err and "demo1234" not in err and "wrong-pw" not in err
    assert (tmp_path / "photos").is_dir()  # the health check wrote its probe there
