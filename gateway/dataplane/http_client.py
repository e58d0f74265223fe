"""A lean HTTP/1.1 client for the forwarding hot path: one keep-alive pool per upstream.

Why not aiohttp.ClientSession: on this machine its client costs ~67 us of CPU per proxied
request (URL objects, ClientRequest/ClientResponse construction, a writer task, trace and
cookie hooks, redirect handling), against ~11 us for a protocol that writes one request
head and parses one answer. The gateway needs none of that machinery: upstream URLs come
from config, redirects pass through to the caller, there are no cookies. What it does need
is all here: a bounded keep-alive pool, connect / idle-between-chunks / total timeouts,
Content-Length, chunked and read-until-close bodies, backpressure on streamed answers, TLS,
and errors that say whether a retry is safe (UpstreamConnectError: no byte was sent).

Callers pass headers that came through aiohttp's server parser (no CR/LF inside values) plus
values the gateway made itself; the client adds Host and Content-Length.
"""

from __future__ import annotations

import asyncio
import re
import ssl
from collections import deque
from collections.abc import AsyncIterator, Callable
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from multidict import CIMultiDict, CIMultiDictProxy

from gateway.upstream_errors import (
    AnswerTooLargeError,
    UpstreamConnectError,
    UpstreamError,
    UpstreamProtocolError,
    UpstreamResetError,
)

MAX_HEAD_BYTES = 64 * 1024  # status line + headers of one answer
MAX_CHUNK_LINE = 4096  # a chunk-size line (with extensions) or one trailer line
MAX_TRAILER_BYTES = 64 * 1024
CLOSE_GRACE_S = 1.0  # HttpPool.close(): time given to TLS shutdowns before connections are cut
HIGH_WATER = 256 * 1024  # buffered answer bytes before the socket stops being read (streams)
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
_HEX = re.compile(rb"[0-9A-Fa-f]{1,16}")
_DIGITS = re.compile(r"[0-9]{1,18}")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # CTLs but HTAB, CR, LF
_KEEPALIVE_TIMEOUT = re.compile(r"timeout\s*=\s*(\d+)", re.IGNORECASE)


# Body framing of the answer being received.
_NONE, _LENGTH, _CHUNKED, _UNTIL_CLOSE = range(4)
# Chunked decoder states.
_SIZE, _DATA, _DATA_END, _TRAILER = range(4)


@cache
def default_ssl_context() -> ssl.SSLContext:
    """Built once per process: loading the CA bundle takes milliseconds."""
    return ssl.create_default_context()


def _expire(fut: asyncio.Future[Any]) -> None:
    if not fut.done():
        fut.set_exception(TimeoutError())


class UpstreamResponse:
    """An answer whose head has arrived; the body is read with read() or iter_any()."""

    __slots__ = (
        "status",
        "reason",
        "headers",
        "content_length",
        "_conn",
        "_chunks",
        "_size",
        "_eof",
        "_exc",
        "_waiter",
        "_whole",
        "tee",
    )

    def __init__(
        self, status: int, reason: str, headers: CIMultiDictProxy[str], content_length: int | None
    ) -> None:
        self.status = status
        self.reason = reason
        self.headers = headers
        self.content_length = content_length
        self._conn: _Connection | None = None
        self._chunks: deque[bytes] = deque()
        self._size = 0
        self._eof = False
        self._exc: BaseException | None = None
        self._waiter: asyncio.Future[None] | None = None
        self._whole = False  # read() keeps everything: never pause the socket for it
        self.tee: Any = None  # an object with add(bytes): gets a copy of every body byte taken

    # -- fed by the connection -------------------------------------------------------------
    def _feed(self, data: bytes) -> None:
        self._chunks.append(data)
        self._size += len(data)
        w = self._waiter
        if w is not None and not w.done():
            w.set_result(None)
        if self._size > HIGH_WATER and not self._whole and self._conn is not None:
            self._conn.pause()

    def _feed_eof(self) -> None:
        self._eof = True
        self._conn = None
        w = self._waiter
        if w is not None and not w.done():
            w.set_result(None)

    def _fail(self, exc: BaseException) -> None:
        self._exc = exc
        self._conn = None
        w = self._waiter
        if w is not None and not w.done():
            w.set_result(None)

    # -- read by the gateway ---------------------------------------------------------------
    async def _wait(self) -> None:
        """Wait for more of the body; the connection's timer bounds the silence and the total."""
        conn = self._conn
        assert conn is not None  # a body still in progress is still attached to its connection
        loop = conn.loop
        now = loop.time()
        if now >= conn.deadline:
            raise TimeoutError()
        w = loop.create_future()
        self._waiter = w
        conn.arm(now)
        try:
            await w
        finally:
            self._waiter = None

    def _take(self) -> bytes:
        """Everything buffered, as one bytes object (no copy when it arrived in one piece)."""
        chunks = self._chunks
        data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
        chunks.clear()
        self._size = 0
        if self.tee is not None:
            self.tee.add(data)
        return data

    async def read(self, limit: int | None = None) -> bytes:
        """The whole body; with `limit`, AnswerTooLargeError as soon as it is known to be
        longer (from the Content-Length, or once more bytes than that have arrived: at most
        one socket read past the limit is ever held)."""
        if limit is not None and self.content_length is not None and self.content_length > limit:
            self.release()
            raise AnswerTooLargeError(f"answer of {self.content_length} bytes, limit {limit}")
        self._whole = True
        conn = self._conn
        if conn is not None and conn.paused:
            conn.resume()
        while not self._eof:
            if self._exc is not None:
                raise self._exc
            if limit is not None and self._size > limit:
                self.release()
                raise AnswerTooLargeError(f"answer over {limit} bytes")
            await self._wait()
        if limit is not None and self._size > limit:
            self.release()
            raise AnswerTooLargeError(f"answer over {limit} bytes")
        return self._take()

    async def iter_any(self) -> AsyncIterator[bytes]:
        """Body bytes as they arrive (chunked framing already removed)."""
        while True:
            if self._chunks:
                data = self._take()
                conn = self._conn
                if conn is not None and conn.paused:
                    conn.resume()
                yield data
            elif self._exc is not None:
                raise self._exc
            elif self._eof:
                return
            else:
                await self._wait()

    def release(self) -> None:
        """Done with this answer. A body not read to its end means the connection's state is
        unknown: it is closed, never reused."""
        conn = self._conn
        if conn is not None:
            self._conn = None
            conn.abort()
        self._chunks.clear()

    async def __aenter__(self) -> UpstreamResponse:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.release()


class _Connection(asyncio.Protocol):
    """One keep-alive connection: writes a request head and body, parses one answer."""

    def __init__(self, pool: HttpPool) -> None:
        self.pool = pool
        self.transport: asyncio.Transport | None = None
        self.buf = bytearray()
        self.head_waiter: asyncio.Future[UpstreamResponse] | None = None
        self.response: UpstreamResponse | None = None
        self.no_body = False  # the request was HEAD: the answer has no body
        self.mode = _NONE
        self.remaining = 0
        self.cstate = _SIZE
        self.trailer_bytes = 0
        self.reusable = True
        self.closed = False
        self.paused = False
        self.idle_since = 0.0
        self.keepalive_s = pool.keepalive_s
        loop = pool._loop
        assert loop is not None
        self.loop = loop
        # Timeouts: one timer per connection at most, re-armed lazily when it fires (see arm()).
        self.timer: asyncio.TimerHandle | None = None
        self.deadline = 0.0  # the current request's total deadline
        self.last_rx = 0.0  # when bytes last arrived
        self.wait_started = 0.0  # when the current wait (head or body) began

    # -- asyncio.Protocol ------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        resp = self._detach(UpstreamResetError("upstream closed the connection before answering"))
        if resp is not None:
            if self.mode == _UNTIL_CLOSE and not self.buf:
                resp._feed_eof()
            else:
                resp._fail(UpstreamResetError("upstream closed the connection in the middle of the answer"))
        self.pool._lost(self)

    def data_received(self, data: bytes) -> None:
        resp = self.response
        self.last_rx = self.loop.time()
        if resp is not None and self.mode == _LENGTH and not self.buf:
            # The common case for body bytes: no copy into the parse buffer.
            n = len(data)
            if n < self.remaining:
                self.remaining -= n
                resp._feed(data)
                return
            if n > self.remaining:
                self.reusable = False  # bytes past the answer: the stream is out of step
                data = data[: self.remaining]
            resp._feed(data)
            self._body_done()
            return
        self.buf += data
        try:
            self._parse()
        except UpstreamProtocolError as exc:
            self._protocol_error(exc)

    # -- request -----------------------------------------------------------------------------
    def send(self, head: bytes, body: bytes, no_body: bool) -> asyncio.Future[UpstreamResponse]:
        assert self.transport is not None
        self.no_body = no_body
        w: asyncio.Future[UpstreamResponse] = self.loop.create_future()
        self.head_waiter = w
        if body:
            self.transport.writelines((head, body))
        else:
            self.transport.write(head)
        return w

    def pause(self) -> None:
        if not self.paused and self.transport is not None and not self.closed:
            self.paused = True
            self.transport.pause_reading()

    def resume(self) -> None:
        if self.paused and self.transport is not None and not self.closed:
            self.paused = False
            self.last_rx = self.loop.time()  # the upstream could not send while we were paused
            self.transport.resume_reading()

    def arm(self, now: float) -> None:
        """A wait begins. Why no timer per wait: a TimerHandle armed and cancelled per request
        is kept (by uvloop and asyncio alike) until its original due time, so at 10k req/s
        with a 30 s idle timeout the gateway held ~170 MB of dead timers. Instead each
        connection has at most one timer; when it fires it either times out the current wait
        or re-arms itself for the wait's true due time."""
        self.wait_started = now
        if self.timer is None:
            self.timer = self.loop.call_at(
                min(now + self.pool.read_idle_timeout_s, self.deadline), self._on_timer
            )

    def _on_timer(self) -> None:
        self.timer = None
        w: asyncio.Future[Any] | None = self.head_waiter
        if w is None and self.response is not None:
            w = self.response._waiter
        if w is None or w.done():
            return  # nothing waits now; the next wait arms a new timer
        due = min(max(self.last_rx, self.wait_started) + self.pool.read_idle_timeout_s, self.deadline)
        if self.loop.time() >= due:
            w.set_exception(TimeoutError())
        else:
            self.timer = self.loop.call_at(due, self._on_timer)

    def abort(self) -> None:
        """Drop the connection (answer abandoned, timeout, cancellation, pool closed). Whoever
        still waits on it is told, rather than left to time out."""
        self.reusable = False
        err = UpstreamResetError("the gateway closed the upstream connection")
        resp = self._detach(err)
        if resp is not None:
            resp._fail(err)
        if self.transport is not None and not self.closed:
            self.transport.close()

    def _detach(self, head_error: UpstreamError) -> UpstreamResponse | None:
        """The exchange on this connection is over: stop its timer, fail a pending wait for the
        head, and hand back the answer in progress (if any) for the caller to end."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        w = self.head_waiter
        if w is not None:
            self.head_waiter = None
            if not w.done():
                w.set_exception(head_error)
        resp = self.response
        self.response = None
        return resp

    def usable(self, now: float) -> bool:
        return (
            not self.closed
            and self.transport is not None
            and not self.transport.is_closing()
            and now - self.idle_since < self.keepalive_s
        )

    # -- parsing ---------------------------------------------------------------------------
    def _parse(self) -> None:
        buf = self.buf
        while True:
            if self.response is None:
                if self.head_waiter is None:
                    if buf:  # bytes nobody asked for: this connection cannot be trusted
                        raise UpstreamProtocolError("upstream sent bytes outside an answer")
                    return
                end = buf.find(b"\r\n\r\n")
                if end < 0:
                    if len(buf) > MAX_HEAD_BYTES:
                        raise UpstreamProtocolError("answer head over 64 KiB")
                    return
                if end > MAX_HEAD_BYTES:
                    raise UpstreamProtocolError("answer head over 64 KiB")
                head = buf[:end].decode("latin-1")
                del buf[: end + 4]
                if not self._start_answer(head):
                    continue  # an interim 1xx answer
                if self.mode == _NONE:
                    self._body_done()
                    return
            mode = self.mode
            if mode == _LENGTH:
                if not buf:
                    return
                n = min(self.remaining, len(buf))
                resp = self.response
                assert resp is not None
                chunk = bytes(buf[:n])
                del buf[:n]
                self.remaining -= n
                resp._feed(chunk)
                if self.remaining == 0:
                    self._body_done()
                return
            if mode == _CHUNKED:
                self._parse_chunked()
                return
            # _UNTIL_CLOSE: everything until the upstream closes is body.
            if buf:
                resp = self.response
                assert resp is not None
                chunk = bytes(buf)
                buf.clear()
                resp._feed(chunk)
            return

    def _start_answer(self, head: str) -> bool:
        """Parse a status line and headers; False for an interim 1xx answer (skipped)."""
        if _CONTROL.search(head) is not None:
            # NUL and other control bytes are invalid in a head (RFC 9110 5.5); passed on they
            # made aiohttp drop the client connection after the access line said 200.
            raise UpstreamProtocolError("control character in the answer head")
        lines = head.split("\r\n")
        status_line = lines[0]
        if status_line[:8] not in ("HTTP/1.1", "HTTP/1.0") or status_line[12:13] not in ("", " "):
            raise UpstreamProtocolError(f"bad status line {status_line[:80]!r}")
        code = status_line[9:12]
        if status_line[8:9] != " " or not _DIGITS.fullmatch(code):
            raise UpstreamProtocolError(f"bad status line {status_line[:80]!r}")
        status = int(code)
        if not 100 <= status <= 599:
            raise UpstreamProtocolError(f"status code {status} outside 100-599")
        pairs = []
        for line in lines[1:]:
            name, sep, value = line.partition(":")
            if not sep or not name or " " in name or "\t" in name or "\n" in line or "\r" in line:
                raise UpstreamProtocolError(f"bad header line {line[:80]!r}")
            pairs.append((name, value.strip(" \t")))
        if status < 200:
            if status == 101:
                raise UpstreamProtocolError("upstream switched protocols; the gateway never asked to")
            return False
        headers = CIMultiDictProxy(CIMultiDict(pairs))
        length: int | None = None
        te = headers.get("Transfer-Encoding")
        if self.no_body or status == 204 or status == 304:
            self.mode = _NONE
        elif te is not None:
            chunked = te.rsplit(",", 1)[-1].strip().lower() == "chunked"
            self.mode = _CHUNKED if chunked else _UNTIL_CLOSE
            self.cstate = _SIZE
            self.trailer_bytes = 0
        else:
            values = headers.getall("Content-Length", ())
            if values:
                parts = {p.strip() for v in values for p in v.split(",")}
                if len(parts) != 1:
                    raise UpstreamProtocolError("conflicting Content-Length values")
                text = parts.pop()
                if not _DIGITS.fullmatch(text):
                    raise UpstreamProtocolError(f"bad Content-Length {text[:40]!r}")
                length = int(text)
                self.mode = _LENGTH if length else _NONE
                self.remaining = length
            else:
                self.mode = _UNTIL_CLOSE
        connection = headers.get("Connection", "").lower()
        http10 = status_line[7] == "0"
        if "close" in connection or (http10 and "keep-alive" not in connection) or self.mode == _UNTIL_CLOSE:
            self.reusable = False
        keep_alive = headers.get("Keep-Alive")
        if keep_alive is not None:
            m = _KEEPALIVE_TIMEOUT.search(keep_alive)
            if m is not None:  # leave a second of margin before the upstream's own timeout
                self.keepalive_s = min(self.pool.keepalive_s, max(int(m.group(1)) - 1, 0))
        resp = UpstreamResponse(status, status_line[13:], headers, length)
        resp._conn = self
        self.response = resp
        w = self.head_waiter
        self.head_waiter = None
        if w is not None and not w.done():
            w.set_result(resp)
        return True

    def _parse_chunked(self) -> None:
        """Decode what is buffered, up to the end of the body."""
        buf = self.buf
        resp = self.response
        assert resp is not None
        while True:
            state = self.cstate
            if state == _DATA:
                if not buf:
                    return
                n = min(self.remaining, len(buf))
                chunk = bytes(buf[:n])
                del buf[:n]
                self.remaining -= n
                if self.remaining == 0:
                    self.cstate = _DATA_END
                resp._feed(chunk)
            elif state == _SIZE:
                i = buf.find(b"\r\n")
                if i < 0:
                    if len(buf) > MAX_CHUNK_LINE:
                        raise UpstreamProtocolError("chunk size line too long")
                    return
                size_text = bytes(buf[:i]).split(b";", 1)[0].strip(b" \t")
                del buf[: i + 2]
                if not _HEX.fullmatch(size_text):
                    raise UpstreamProtocolError(f"bad chunk size {size_text[:20]!r}")
                size = int(size_text, 16)
                if size == 0:
                    self.cstate = _TRAILER
                else:
                    self.remaining = size
                    self.cstate = _DATA
            elif state == _DATA_END:
                if len(buf) < 2:
                    return
                if buf[:2] != b"\r\n":
                    raise UpstreamProtocolError("chunk not followed by CRLF")
                del buf[:2]
                self.cstate = _SIZE
            else:  # _TRAILER: header lines after the last chunk, ended by an empty line
                i = buf.find(b"\r\n")
                if i < 0:
                    if len(buf) > MAX_CHUNK_LINE:
                        raise UpstreamProtocolError("trailer line too long")
                    return
                del buf[: i + 2]
                if i == 0:
                    self._body_done()
                    return
                self.trailer_bytes += i + 2
                if self.trailer_bytes > MAX_TRAILER_BYTES:
                    raise UpstreamProtocolError("trailers over 64 KiB")

    def _body_done(self) -> None:
        resp = self.response
        self.response = None
        if self.buf:
            self.reusable = False  # bytes past the answer: the stream is out of step
            self.buf.clear()
        if self.paused:
            self.resume()
        if resp is not None:
            resp._feed_eof()
        if self.reusable:
            self.pool._release(self)
        elif self.transport is not None and not self.closed:
            self.transport.close()

    def _protocol_error(self, exc: UpstreamProtocolError) -> None:
        resp = self._detach(exc)
        if resp is not None:
            resp._fail(exc)
        self.abort()


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
        self._idle: list[_Connection] = []
        self._conns: set[_Connection] = set()
        self._opening = 0  # connects in progress (they count against max_connections)
        self._waiters: deque[asyncio.Future[_Connection | None]] = deque()
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
        lines = [f"{method} {self.prefix}{target} HTTP/1.1\r\nHost: {self.host_header}\r\n"]
        lines += [f"{k}: {v}\r\n" for k, v in headers]
        if body or method in _BODY_METHODS:
            lines.append(f"Content-Length: {len(body)}\r\n")
        lines.append("\r\n")
        head = "".join(lines).encode("utf-8", "surrogateescape")
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

    async def _acquire(self, loop: asyncio.AbstractEventLoop, deadline: float) -> _Connection:
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

    async def _wait_for_slot(self, loop: asyncio.AbstractEventLoop, deadline: float) -> _Connection | None:
        """Wait (at most until the deadline) for a released connection, or for room to open one."""
        if self._on_wait is not None:
            self._on_wait()
        fut: asyncio.Future[_Connection | None] = loop.create_future()
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

    async def _connect(self, loop: asyncio.AbstractEventLoop, deadline: float) -> _Connection:
        self._opening += 1
        try:
            timeout = min(self.connect_timeout_s, deadline - loop.time())
            async with asyncio.timeout(timeout):
                _, conn = await loop.create_connection(
                    lambda: _Connection(self),
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

    def _wake_one(self, conn: _Connection | None) -> bool:
        while self._waiters:
            fut = self._waiters.popleft()
            if not fut.done():
                fut.set_result(conn)
                return True
        return False

    def _release(self, conn: _Connection) -> None:
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

    def _lost(self, conn: _Connection) -> None:
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
