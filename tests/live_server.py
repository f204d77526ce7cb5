"""Live sync-service fixtures, a pytest plugin of tests/conftest.py.

A real service on 127.0.0.1 (uvicorn in a thread), on SQLite and, when
GRIDAPP_TEST_PG_URL is set, on PostgreSQL in a schema made and dropped per test."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
import uvicorn

from gridapp.demo.build import DEMO_SEED
from gridapp.demo.reference import write_demo_reference
from gridapp.server.app import create_app
from gridapp.server.settings import ServerSettings
from gridapp.store.database import Database
from gridapp.sync.protocol import API_PREFIX

PG_URL = os.environ.get("GRIDAPP_TEST_PG_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
PASSWORD = "demo1234"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveServer:
    url: str  # http://127.0.0.1:PORT
    settings: ServerSettings
    app: object
    server: uvicorn.Server
    thread: threading.Thread

    @property
    def api(self) -> str:
        return self.url + API_PREFIX

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.api, headers=headers, timeout=30)

    def login(self, username: str, password: str = PASSWORD) -> str:
        with self.client() as c:
            r = c.post("/auth/login", json={"username": username, "password": password})
            assert r.status_code == 200, r.text
            return r.json()["token"]

    @property
    def central(self):
        return self.app.state.central

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=15)


def start_server(settings: ServerSettings, clock=None, port: int | None = None) -> LiveServer:
    app = create_app(settings, clock=clock)
    port = port or free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="on",
        proxy_headers=False,  # as `gridapp serve`: deps.client_ip reads X-Forwarded-For
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the sync service did not start")
        time.sleep(0.02)
    return LiveServer(f"http://127.0.0.1:{port}", settings, app, server, thread)


@contextmanager
def central_store(backend: str, reference_template: Path, tmp_path: Path) -> Iterator[tuple]:
    """(db_url, schema) of a fresh central store with the demo district."""
    if backend == "sqlite":
        db = tmp_path / "central.db"
        shutil.copyfile(reference_template, db)
        yield f"sqlite:///{db}", None
        return
    assert PG_URL
    schema = "t_" + uuid.uuid4().hex[:12]
    engine = sa.create_engine(PG_URL)
    with engine.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    store = Database(PG_URL, schema=schema)
    write_demo_reference(store, seed=DEMO_SEED)
    store.close()
    try:
        yield PG_URL, schema
    finally:
        with engine.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def central_settings(request, reference_template: Path, tmp_path: Path) -> Iterator[ServerSettings]:
    """Settings of a fresh central store with the demo district (no cases)."""
    files = tmp_path / "central-files"
    with central_store(request.param, reference_template, tmp_path) as (db_url, schema):
        yield ServerSettings(db_url=db_url, db_schema=schema, files_dir=files)


@pytest.fixture
def live_server(central_settings: ServerSettings) -> Iterator[LiveServer]:
    server = start_server(central_settings)
    yield server
    server.stop()
