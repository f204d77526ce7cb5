"""A sync service whose PostgreSQL is reached through a proxy the test can cut."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import make_url

from gridapp.server.settings import ServerSettings
from tests.faults.tcp_proxy import CuttingProxy
from tests.live_server import LiveServer, free_port, start_server


class DatabaseLink:
    """Cut the service off its database (every pooled connection dies) and restore it."""

    def __init__(self, proxy: CuttingProxy) -> None:
        self.proxy = proxy
        self._upstream = proxy.upstream

    def cut(self) -> None:
        self.proxy.upstream = ("127.0.0.1", free_port())  # nothing listens there
        for conn in list(self.proxy._conns):
            conn.close()

    def restore(self) -> None:
        self.proxy.upstream = self._upstream


@contextmanager
def service_with_database_link(
    settings: ServerSettings,
) -> Iterator[tuple[LiveServer, DatabaseLink]]:
    if settings.db_url.startswith("sqlite"):
        pytest.skip("an embedded SQLite store cannot become unreachable")
    url = make_url(settings.db_url)
    with CuttingProxy(url.port or 5432) as proxy:
        proxied = url.set(host="127.0.0.1", port=proxy.port)
        server = start_server(
            dataclasses.replace(settings, db_url=proxied.render_as_string(hide_password=False))
        )
        try:
            yield server, DatabaseLink(proxy)
        finally:
            server.stop()
