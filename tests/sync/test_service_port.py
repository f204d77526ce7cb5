"""The demo service's remembered port survives the service's own last connections."""

from __future__ import annotations

import os
import socket

import pytest

from gridapp.demo.service_port import PORT_FILE, next_demo_url, service_port


def _stopped_service_port() -> int:
    """A port whose listener has closed its side of a connection first, as uvicorn does
    when the app quits: that connection waits in TIME_WAIT on the port for a minute."""
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        client = socket.create_connection(("127.0.0.1", port))
        served, _ = listener.accept()
        served.close()  # the service closes first: TIME_WAIT is on its side
        client.recv(1)  # sees the close
        client.close()
    return port


@pytest.mark.skipif(os.name != "posix", reason="TIME_WAIT binding as on POSIX")
def test_a_port_just_freed_by_the_stopped_service_is_taken_again(tmp_path):
    port = _stopped_service_port()
    with socket.socket() as plain, pytest.raises(OSError):  # a plain bind is refused
        plain.bind(("127.0.0.1", port))
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / PORT_FILE).write_text(str(port))
    # a returning user's start reopens the store of that address, not a new empty one
    assert next_demo_url(tmp_path) == f"http://127.0.0.1:{port}"
    assert service_port(tmp_path / "demo") == port


def test_a_port_someone_listens_on_is_not_free(tmp_path):
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        (tmp_path / "demo").mkdir()
        (tmp_path / "demo" / PORT_FILE).write_text(str(port))
        assert next_demo_url(tmp_path) is None
        assert service_port(tmp_path / "demo") != port
