"""A live sync service behind an ASGI wrapper that fails pushes on demand.

The real service is started as usual (``create_app`` on a real store, uvicorn on
127.0.0.1); the wrapper sits in front of its push endpoint and, when told to,
answers in its place:

- ``poison``: a push whose body contains these bytes gets a 500 (or, with
  ``garbled=True``, a 200 whose body is not JSON): a stand-in for a service bug on
  one event's content. The real service cannot be made to fail on demand once its
  own validation refuses bad content with a 4xx, so the fault is injected here;
- ``broken``: every push (even an empty one) gets a 500: a service broken for all;
- ``storm``: every push gets this status (503 with ``Retry-After``, 502, 504):
  infrastructure trouble, per the service's contract (a full disk answers 503
  ``storage_full``).

Every push body that reached the wrapper is recorded (``pushes``) to see what the
client sent, and when.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field

import uvicorn

from gridapp.server.app import create_app
from gridapp.server.settings import ServerSettings
from gridapp.sync.protocol import API_PREFIX
from tests.live_server import LiveServer, free_port

PUSH_PATH = API_PREFIX + "/sync/push"


@dataclass
class PushFaults:
    app: object
    poison: bytes | None = None
    garbled: bool = False
    broken: bool = False
    storm: int | None = None
    pushes: list[list[str]] = field(default_factory=list)  # event ids of each push seen
    failed: int = 0  # pushes the wrapper answered in the service's place

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["path"] != PUSH_PATH or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        try:
            self.pushes.append([e["id"] for e in json.loads(body)["events"]])
        except (ValueError, KeyError, TypeError):
            self.pushes.append([])
        if self.storm is not None:
            self.failed += 1
            code = "storage_full" if self.storm == 503 else "bad_gateway"
            await _answer(send, self.storm, _error(code), {"retry-after": "1"})
            return
        if self.broken or (self.poison is not None and self.poison in body):
            self.failed += 1
            if self.garbled:
                await _answer(send, 200, b"<html>upstream says hello</html>", {})
            else:
                await _answer(send, 500, _error("internal_error"), {})
            return
        sent = False

        async def replay() -> dict:
            nonlocal sent
            if sent:
                return await receive()
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


def _error(code: str) -> bytes:
    return json.dumps({"code": code, "message": "服务内部错误"}, ensure_ascii=False).encode()


async def _answer(send, status: int, body: bytes, headers: dict[str, str]) -> None:
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw += [(k.encode(), v.encode()) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


def start_faulty_server(settings: ServerSettings) -> tuple[LiveServer, PushFaults]:
    """The real service on 127.0.0.1 with ``PushFaults`` in front of it."""
    app = create_app(settings)
    faults = PushFaults(app)
    port = free_port()
    config = uvicorn.Config(faults, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the sync service did not start")
        time.sleep(0.02)
    return LiveServer(f"http://127.0.0.1:{port}", settings, app, server, thread), faults
