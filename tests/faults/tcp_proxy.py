"""A TCP proxy on 127.0.0.1 that can cut one request after the server has answered.

Between a client and a live service. When armed, the next request whose bytes
contain ``match`` (by default a sync push) is forwarded to the service as usual;
once the service's response starts arriving — the service has finished the
request, so its transaction committed — the proxy drops that response and closes
the client's side of the connection (a FIN, or a RST with ``reset=True``). The
client sees the connection die with its request in flight and cannot know that
the service acted on it: the fault an idempotent protocol must survive.

Threads, not asyncio: two pumps per connection, each blocking on one socket.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading

PUSH = b"POST /api/v1/sync/push "
CHUNK = 65536


class _Conn:
    def __init__(self, proxy: CuttingProxy, client: socket.socket, upstream: socket.socket) -> None:
        self.proxy = proxy
        self.client = client
        self.upstream = upstream
        self.cut_pending: bool | None = None  # None: no cut; else True/False: RST or FIN
        self.closed = False
        self._lock = threading.Lock()

    def start(self) -> None:
        for target in (self._up, self._down):
            threading.Thread(target=target, daemon=True).start()

    def _up(self) -> None:
        """Client → service; spots the request to cut."""
        tail = b""  # the end of the previous chunk: a request line may span two
        try:
            while data := self.client.recv(CHUNK):
                reset = self.proxy._take_arm(tail + data)
                tail = data[-len(self.proxy.match) :]
                if reset is not None:
                    self.cut_pending = reset
                self.upstream.sendall(data)
        except OSError:
            pass
        self.close()

    def _down(self) -> None:
        """Service → client; drops the reply of the marked request and cuts."""
        try:
            while data := self.upstream.recv(CHUNK):
                if self.cut_pending is not None:
                    self.close(reset=self.cut_pending)
                    self.proxy._cut_done()
                    return
                self.client.sendall(data)
        except OSError:
            pass
        self.close()

    def close(self, *, reset: bool = False) -> None:
        with self._lock:
            if self.closed:
                return
            self.closed = True
        # shutdown() first: close() alone does not wake the other pump blocked in recv(),
        # and while it is blocked the kernel keeps the socket open. SHUT_RD wakes it
        # without sending a FIN; with SO_LINGER 0 the close() then sends a RST.
        how = {self.client: socket.SHUT_RD if reset else socket.SHUT_RDWR}
        how[self.upstream] = socket.SHUT_RDWR
        for sock, mode in how.items():
            with contextlib.suppress(OSError):
                if reset and sock is self.client:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                sock.shutdown(mode)
            with contextlib.suppress(OSError):
                sock.close()
        self.proxy._forget(self)


class CuttingProxy:
    def __init__(self, upstream_port: int, *, match: bytes = PUSH) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.match = match
        self.cuts = 0  # requests cut so far
        self._armed: bool | None = None  # None: disarmed; else the reset flag of the cut
        self._lock = threading.Lock()
        self._cut = threading.Event()
        self._conns: set[_Conn] = set()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)  # so that close() is seen without a connection
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stopping = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stopping:
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            client.settimeout(None)
            try:
                upstream = socket.create_connection(self.upstream, timeout=10)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            conn = _Conn(self, client, upstream)
            with self._lock:
                self._conns.add(conn)
            conn.start()

    def arm(self, *, reset: bool = False) -> None:
        """Cut the next matching request (once)."""
        with self._lock:
            self._armed = reset
            self._cut.clear()

    def disarm(self) -> None:
        with self._lock:
            self._armed = None

    @property
    def armed(self) -> bool:
        return self._armed is not None

    def wait_cut(self, timeout: float) -> bool:
        return self._cut.wait(timeout)

    def _take_arm(self, data: bytes) -> bool | None:
        with self._lock:
            if self._armed is None or self.match not in data:
                return None
            reset, self._armed = self._armed, None
            return reset

    def _cut_done(self) -> None:
        with self._lock:
            self.cuts += 1
        self._cut.set()

    def _forget(self, conn: _Conn) -> None:
        with self._lock:
            self._conns.discard(conn)

    def close(self) -> None:
        self._stopping = True
        with contextlib.suppress(OSError):
            self._listener.close()
        with self._lock:
            conns = list(self._conns)
        for conn in conns:
            conn.close()
        self._thread.join(timeout=10)

    def __enter__(self) -> CuttingProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
