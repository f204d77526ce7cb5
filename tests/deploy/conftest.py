"""The deployment as shipped: ``gridapp serve --workers 2`` behind nginx with the shipped
site file, on SQLite and (GRIDAPP_TEST_PG_URL) PostgreSQL, started once per module."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from gridapp.sync.transport import Transport
from tests.deploy.nginx_proxy import INSTALL_HINT, Proxy, nginx_binary, nginx_proxy
from tests.live_server import BACKENDS, PASSWORD
from tests.server.service_process import ServiceProcess, service_process


def require(program: str | None, name: str, hint: str) -> str:
    """The program's path; a skip only where it is truly absent — in CI (where the
    bootstrap installs it) its absence is a failure."""
    if program:
        return program
    message = f"{name} is not installed: {hint}"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _tool(name: str, package: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/sbin")
    return require(found, name, f"apt-get install -y {package} (scripts/bootstrap.sh tests)")


@pytest.fixture
def nginx() -> str:
    return require(nginx_binary(), "nginx", INSTALL_HINT)


@pytest.fixture
def systemd_analyze() -> str:
    return _tool("systemd-analyze", "systemd")


@pytest.fixture
def logrotate() -> str:
    return _tool("logrotate", "logrotate")


@dataclass
class Deployment:
    service: ServiceProcess
    proxy: Proxy
    tokens: list[str] = field(default_factory=list)  # every session token handed out

    def http(self, **kwargs) -> httpx.Client:
        """A client of the proxy that trusts the test CA (and nothing else)."""
        verify = self.proxy.certificate.client_context()
        return httpx.Client(verify=verify, timeout=60, **kwargs)

    def transport(self, username: str | None = None) -> Transport:
        """The laptop's own transport through nginx, logged in when a user is named."""
        transport = Transport(self.proxy.url, client=self.http())
        if username:
            transport.login(username, PASSWORD)
            self.remember(transport)
        return transport

    def remember(self, transport: Transport) -> None:
        assert transport.token
        self.tokens.append(transport.token)


@pytest.fixture(scope="module", params=BACKENDS)
def deployment(request, reference_template, tmp_path_factory) -> Iterator[Deployment]:
    require(nginx_binary(), "nginx", INSTALL_HINT)
    tmp = tmp_path_factory.mktemp(f"deploy-{request.param}")
    with service_process(request.param, reference_template, tmp, workers=2) as service:
        port = int(service.url.rsplit(":", 1)[1])
        with nginx_proxy(tmp / "nginx", port) as proxy:
            yield Deployment(service, proxy)
