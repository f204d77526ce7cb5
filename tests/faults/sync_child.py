"""Child program of the sync fault tests: a service, or a client that pushes or pulls.

Run: python tests/faults/sync_child.py serve|client

It imports what its kind needs first and prints ``warm``, then reads JSON jobs on
stdin, so that the parent can start the next child while the current round runs:

    serve: {"mode": "serve", "argv": ["serve", "--db", …]}
        runs the real command line (``gridapp serve …``) until killed.
    client: {"mode": "push", "store": …, "user": …, "url": …, "token": …, "batch": 100}
        opens the client store, prints ``ready``, waits for a ``go`` line, pushes the
        pending events with the sync engine (photos first), prints ``error <json>``
        if a request failed, ``timing <start> <end>`` (epoch seconds of the push),
        ``result <json>`` with every acknowledgement the service sent, then ``done``;
        then takes the next job.
    client: {"mode": "pull", "store": …, "user": …, "url": …, "token": …, "limit": 50}
        opens the client store, prints ``ready``, waits for ``go``, prints ``started``
        and pulls everything with the sync engine in pages of ``limit`` events,
        printing ``got <cursor>`` as each page arrives (before it is applied), then
        ``done``.

Every line is flushed at once: the parent reads them while the child runs.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def emit(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def wait_go() -> bool:
    return sys.stdin.readline().strip() == "go"


def serve(job: dict) -> int:
    from gridapp.cli import main as cli_main

    return cli_main(job["argv"])


def push(job: dict) -> None:
    from gridapp.sync.engine import SyncEngine
    from gridapp.sync.round_outcome import SyncReport
    from gridapp.sync.transport import SyncError
    from gridapp.workspace import Workspace
    from tests.faults.sync_helpers import RecordingTransport

    ws = Workspace.open_client(Path(job["store"]))
    ws.act_as(job["user"])
    transport = RecordingTransport(job["url"], job["token"])
    engine = SyncEngine(ws, transport, batch_size=int(job.get("batch", 100)))
    try:
        emit("ready")
        if not wait_go():
            return
        began = time.time()
        try:
            engine.push(SyncReport())
        except SyncError as exc:
            error = {"type": type(exc).__name__, "code": exc.code, "status": exc.status}
            emit("error " + json.dumps({**error, "message": exc.message}, ensure_ascii=False))
        emit(f"timing {began} {time.time()}")
        emit("result " + json.dumps(transport.results))
        emit("done")
    finally:
        transport.close()
        ws.close()


def pull(job: dict) -> None:
    from gridapp.sync.engine import SyncEngine
    from gridapp.sync.protocol import PullResponse
    from gridapp.sync.round_outcome import SyncReport
    from gridapp.workspace import Workspace
    from tests.faults.sync_helpers import RecordingTransport

    class Telling(RecordingTransport):
        """Says when a page arrived (before the engine applies it)."""

        def pull(
            self, since: int, limit: int | None = None, catalog: int | None = None
        ) -> PullResponse:
            page = super().pull(since, limit, catalog)
            emit(f"got {page.cursor}")
            return page

    ws = Workspace.open_client(Path(job["store"]))
    ws.act_as(job["user"])
    engine = SyncEngine(ws, Telling(job["url"], job["token"], pull_limit=int(job["limit"])))
    emit("ready")
    if not wait_go():
        return
    emit("started")
    engine.pull(SyncReport())  # the engine's own pull: apply a page and move the cursor
    emit("done")


WARM = {
    # what ``gridapp serve`` imports before it answers: the CLI, the app, uvicorn's parts
    "serve": (
        "gridapp.cli",
        "gridapp.server.app",
        "uvicorn.lifespan.on",
        "uvicorn.loops.auto",
        "uvicorn.protocols.http.auto",
    ),
    "client": ("gridapp.sync.engine", "gridapp.workspace", "tests.faults.sync_helpers"),
}


def warm(kind: str) -> None:
    """Import now what the job will need, so the job starts at once."""
    for name in WARM[kind]:
        importlib.import_module(name)


def main(argv: list[str]) -> int:
    kind = argv[1] if len(argv) > 1 else "client"
    warm(kind)
    emit("warm")
    while line := sys.stdin.readline():  # EOF: the parent went away
        job = json.loads(line)
        if job["mode"] == "serve":
            return serve(job)
        {"push": push, "pull": pull}[job["mode"]](job)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
