"""A laptop never sends on a connection the service is closing: the client lets an idle
connection go before the service does (``protocol.CLIENT_KEEP_ALIVE_S`` below
``SERVICE_KEEP_ALIVE_S``). With both at the libraries' 5 s, a request sent just as the
service timed the connection out failed with "Server disconnected" (seen under load)."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import uvicorn

from gridapp.sync.protocol import CLIENT_KEEP_ALIVE_S, SERVICE_KEEP_ALIVE_S
from gridapp.sync.transport import Transport
from tests.live_server import free_port

ROOT = Path(__file__).resolve().parents[2]


async def _ports_app(scope, receive, send) -> None:
    """Answers with the client's port: a new port is a new connection."""
    if scope["type"] != "http":
        return
    body = str(scope["client"][1]).encode()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})


def test_the_client_drops_an_idle_connection_before_the_service_does() -> None:
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            _ports_app,
            host="127.0.0.1",
            port=port,
            log_level="warning",
            timeout_keep_alive=SERVICE_KEEP_ALIVE_S,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        assert thread.is_alive()
        time.sleep(0.02)
    transport = Transport(f"http://127.0.0.1:{port}")
    try:

        def port_used() -> str:
            return transport.send("GET", "/").text

        first = port_used()
        assert port_used() == first  # busy: the connection is reused
        time.sleep(CLIENT_KEEP_ALIVE_S + 0.5)  # idle past the client's limit, not the service's
        assert CLIENT_KEEP_ALIVE_S + 0.5 < SERVICE_KEEP_ALIVE_S
        assert port_used() != first  # the client opened a new one by itself
    finally:
        transport.close()
        server.should_exit = True
        thread.join(timeout=10)


def test_the_shipped_services_keep_connections_longer_than_clients() -> None:
    """`gridapp serve` and the embedded demo pass SERVICE_KEEP_ALIVE_S to uvicorn, and the
    shipped nginx drops its upstream connections before the service does."""
    for source in ("gridapp/server/main.py", "gridapp/demo/local_service.py"):
        text = (ROOT / source).read_text(encoding="utf-8")
        assert "timeout_keep_alive=SERVICE_KEEP_ALIVE_S" in text, source
    nginx = (ROOT / "deploy/nginx-gridapp.conf").read_text(encoding="utf-8")
    upstream = re.search(r"upstream gridapp \{.*?keepalive_timeout (\d+)s;", nginx, re.S)
    assert upstream is not None and int(upstream.group(1)) < SERVICE_KEEP_ALIVE_S
