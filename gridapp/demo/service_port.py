"""The embedded demo service's port, remembered in the data folder.

A light module (no server imports): the desktop reads the address a returning user's
demo service will take before that service has started, and opens the laptop's store
for it (one store per service address) while the service starts beside it.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

PORT_FILE = "service-port"


def _free(port: int) -> bool:
    """Whether the service could listen on ``port`` now. Bound as uvicorn's asyncio
    server binds (SO_REUSEADDR on POSIX): the connections of a service that has just
    stopped linger in TIME_WAIT for a minute, and a plain bind would call the port
    taken, so a restart would move to a new port and so a new, empty client store."""
    with socket.socket() as s:
        if os.name == "posix":
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _remembered(folder: Path) -> int:
    try:
        return int((folder / PORT_FILE).read_text().strip())
    except (OSError, ValueError):
        return 0


def service_port(folder: Path) -> int:
    """The port of the previous start when it is free, else a free one."""
    port = _remembered(folder)
    if port and _free(port):
        return port
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def remember_port(folder: Path, port: int) -> None:
    (folder / PORT_FILE).write_text(str(port))


def next_demo_url(data_dir: Path) -> str | None:
    """The address the demo service of ``data_dir`` will serve on when started now: its
    previous port, if it ran before and that port is free; None otherwise (first start,
    or the port is taken and the service will pick another)."""
    port = _remembered(Path(data_dir) / "demo")
    return f"http://127.0.0.1:{port}" if port and _free(port) else None
