"""A lean HTTP/1.1 client for the forwarding hot path: one keep-alive pool per upstream.

Why not aiohttp.ClientSession: on this machine its client costs ~67 us of CPU per proxied
request (URL objects, ClientRequest/ClientResponse construction, a writer task, trace and
cookie hooks, redirect handling), against ~11 us for a protocol that writes one request
head and parses one answer. The gateway needs none of that machinery: upstream URLs come
from config, redirects pass through to the caller, there are no cookies. What it does need
is all here: a bounded keep-alive pool, connect / idle-between-chunks / total timeouts,
Content-Length, chunked and read-until-close bodies, backpressure on streamed answers, TLS,
and errors that say whether a retry is safe (UpstreamConnectError: no byte was sent).

Three modules: this one, the pool (acquire, connect, wait for a slot, keep-alive sweep,
close); gateway/dataplane/http_connection.py, one connection and its HTTP/1.1 parser;
gateway/dataplane/upstream_answer.py, the answer's body buffer as the data path reads it.

Callers pass headers that came through aiohttp's server parser (no CR/LF inside values) plus
values the gateway made itself; the client adds Host and Content-Length.
"""

from __future__ import annotations

import asyncio
import ssl
from collections import deque
from collections.abc import Callable
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from gateway.dataplane.http_connection import Connection
from gateway.dataplane.upstream_answer import UpstreamResponse
from gateway.upstream_errors import (
    AnswerTooLargeError,
    UpstreamConnectError,
    UpstreamError,
    UpstreamProtocolError,
    UpstreamResetError,
)

# The client's public surface, importable from here as before the split.
__all__ = [
    "AnswerTooLargeError",
    "HttpPool",
    "UpstreamConnectError",
    "UpstreamError",
    "UpstreamProtocolError",
    "UpstreamResetError",
    "UpstreamResponse",
    "default_ssl_context",
]

CLOSE_GRACE_S = 1.0  # HttpPool.close(): time given to TLS shutdowns before connections are cut
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


@cache
def default_ssl_context() -> ssl.SSLContext:
    """Built once per process: loading the CA bundle takes milliseconds."""
    return ssl.create_default_context()


def _expire(fut: asyncio.Future[Any]) -> None:
    if not fut.done():
        fut.set_exception(TimeoutError())


class HttpPool:
    """A bounded keep-alive pool to one upstream base URL."""

    def __init__(
        self,
        base_url: str,
        *,
        max_connections: int = 256,
        connect_timeout_s: float = 5.0,
        read_idle_timeout_s: float = 30.0,
        total_timeout_s: float = 60.0,
        keepalive_s: float = 30.0,
        ssl_context: ssl.SSLContext | None = None,
        on_connections: Callable[[int], None] | None = None,
        on_wait: Callable[[], None] | None = None,
    ) -> None:
        """`on_connections(delta)` is told +1 / -1 whenever a connection opens or closes (deltas, so
        two pools of one upstream name during a reload add up in one gauge), and
        `on_wait()` each time a request finds the pool full: saturation signals for metrics,
        called on events that are rare on a healthy pool, never once per request."""
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {base_url!r}")
        self.host = parts.hostname
        tls = parts.scheme == "https"
        default_port = 443 if tls else 80
        self.port = parts.port or default_port
        name = f"[{self.host}]" if ":" in self.host else self.host
        self.host_header = name if self.port == default_port else f"{name}:{self.port}"
        self.prefix = parts.path.rstrip("/")
        self.ssl: ssl.SSLContext | None = (ssl_context or default_ssl_context()) if tls else None
        self.max_connections = max_connections
        self.connect_timeout_s = connect_timeout_s
        self.read_idle_timeout_s = read_idle_timeout_s
        self.total_timeout_s = total_timeout_s
        self.keepalive_s = keepalive_s
        self._loop: asyncio.AbstractEventLoop | None = None
        self._idle: list[Connection] = []
        self._conns: set[Connection] = set()
        self._opening = 0  # connects in progress (they count against max_connections)
        self._waiters: deque[asyncio.Future[Connection | None]] = deque()
        self._closed = False
        self._sweep: asyncio.TimerHandle | None = None
        self._all_closed: asyncio.Event | None = None  # set by close() to wait for the last one
        self._on_connections = on_connections
        self._on_wait = on_wait

    @property
    def open_connections(self) -> int:
        return len(self._conns)

    @property
    def idle_connections(self) -> int:
        return sum(1 for c in self._idle if not c.closed)

    async def request(
        self, method: str, target: str, headers: list[tuple[str, str]], body: bytes = b""
    ) -> UpstreamResponse:
        """Send one request; returns when the answer's head has arrived."""
        loop = self._loop
        if loop is None:
            loop = self._loop = asyncio.get_running_loop()
        deadline = loop.time() + self.total_timeout_s
        conn = await self._acquire(loop, deadline)
        lines = [f"{method} {self.prefix}{target} HTTP/1.1", f"Host: {self.host_header}"]
        # ": ".join, not an f-string: aiohttp hands known header names over as multidict istr,
        # a str subclass, which an f-string formats through __format__ (~700 instructions a
        # name under callgrind); join takes it as it is.
        lines += map(": ".join, headers)
        if body or method in _BODY_METHODS:
            lines.append(f"Content-Length: {len(body)}")
        lines += ("", "")  # the head ends with an empty line
        head = "\r\n".join(lines).encode("utf-8", "surrogateescape")
        waiter = conn.send(head, body, method == "HEAD")
        conn.deadline = deadline
        now = loop.time()
        conn.last_rx = now
        conn.arm(now)
        try:
            return await waiter
        except BaseException:
            conn.head_waiter = None
            conn.abort()
            raise

    async def _acquire(self, loop: asyncio.AbstractEventLoop, deadline: float) -> Connection:
        while True:
            if self._closed:
                raise UpstreamConnectError("upstream pool is closed")
            idle = self._idle
            if idle:
                now = loop.time()
                while idle:
                    conn = idle.pop()
                    if conn.usable(now):
                        return conn
                    conn.abort()
            if len(self._conns) + self._opening < self.max_connections:
                return await self._connect(loop, deadline)
            waited = await self._wait_for_slot(loop, deadline)
            if waited is not None:
                if waited.usable(loop.time()):
                    return waited
                waited.abort()

    async def _wait_for_slot(self, loop: asyncio.AbstractEventLoop, deadline: float) -> Connection | None:
        """Wait (at most until the deadline) for a released connection, or for room to open one."""
        if self._on_wait is not None:
            self._on_wait()
        fut: asyncio.Future[Connection | None] = loop.create_future()
        self._waiters.append(fut)
        timer = loop.call_at(deadline, _expire, fut)
        try:
            return await fut
        except BaseException:
            # Cancelled or timed out. A connection handed over in the same instant must not leak.
            if fut.done() and not fut.cancelled() and fut.exception() is None:
                handed = fut.result()
                if handed is not None:
                    self._release(handed)
                else:
                    self._wake_if_room()
            else:
                try:
                    self._waiters.remove(fut)
                except ValueError:
                    pass
            raise
        finally:
            timer.cancel()

    async def _connect(self, loop: asyncio.AbstractEventLoop, deadline: float) -> Connection:
        self._opening += 1
        try:
            timeout = min(self.connect_timeout_s, deadline - loop.time())
            async with asyncio.timeout(timeout):
                _, conn = await loop.create_connection(
                    lambda: Connection(self),
                    self.host,
                    self.port,
                    ssl=self.ssl,
                    server_hostname=self.host if self.ssl is not None else None,
                )
            if not conn.closed:
                self._conns.add(conn)
                if self._on_connections is not None:
                    self._on_connections(1)
        except TimeoutError:  # an OSError subclass, but a timeout is a 504, not a retryable refusal
            raise
        except OSError as exc:  # refused, unreachable, DNS (gaierror), TLS (SSLError)
            raise UpstreamConnectError(f"cannot connect to {self.host}:{self.port}: {exc}") from exc
        finally:
            self._opening -= 1
            self._wake_if_room()  # a failed connect frees its place
        if self._closed or conn.closed:
            conn.abort()
            raise UpstreamConnectError(f"connection to {self.host}:{self.port} closed at once")
        return conn

    def _wake_if_room(self) -> None:
        if self._waiters and len(self._conns) + self._opening < self.max_connections:
            self._wake_one(None)

    def _wake_one(self, conn: Connection | None) -> bool:
        while self._waiters:
            fut = self._waiters.popleft()
            if not fut.done():
                fut.set_result(conn)
                return True
        return False

    def _release(self, conn: Connection) -> None:
        """An answer ended on a reusable connection: hand it to a waiter or keep it idle."""
        if self._closed:
            conn.abort()
            return
        loop = self._loop
        assert loop is not None
        conn.idle_since = loop.time()
        if self._wake_one(conn):
            return
        self._idle.append(conn)
        if self._sweep is None:
            self._sweep = loop.call_later(self.keepalive_s, self._sweep_idle)

    def _sweep_idle(self) -> None:
        """Close connections idle past the keep-alive time (a quiet gateway holds none open)."""
        self._sweep = None
        loop = self._loop
        assert loop is not None
        now = loop.time()
        keep = []
        for conn in self._idle:
            if conn.usable(now):
                keep.append(conn)
            else:
                conn.abort()
        self._idle[:] = keep
        if keep:
            self._sweep = loop.call_later(self.keepalive_s, self._sweep_idle)

    def _lost(self, conn: Connection) -> None:
        if conn in self._conns:
            self._conns.discard(conn)
            if self._on_connections is not None:
                self._on_connections(-1)
            self._wake_if_room()
            if not self._conns and self._all_closed is not None:
                self._all_closed.set()

    async def close(self) -> None:
        """Close every connection; requests after this raise UpstreamConnectError."""
        self._closed = True
        if self._sweep is not None:
            self._sweep.cancel()
            self._sweep = None
        for conn in list(self._conns):
            conn.abort()
        self._idle.clear()
        while self._waiters:
            fut = self._waiters.popleft()
            if not fut.done():
                fut.set_exception(UpstreamConnectError("upstream pool is closed"))
        # A TLS close waits for the upstream's close_notify: give it a moment, then cut.
        if self._conns:
            self._all_closed = asyncio.Event()
            try:
                async with asyncio.timeout(CLOSE_GRACE_S):
                    await self._all_closed.wait()
            except TimeoutError:
                pass
        for conn in list(self._conns):
            if conn.transport is not None:
                conn.transport.abort()
        if self._conns:
            await asyncio.sleep(0)  # connection_lost runs on the next loop iteration
