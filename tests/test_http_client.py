"""gateway.dataplane.http_client against real, byte-scripted servers on loopback.

The gateway forwards every proxied request through this client instead of
aiohttp.ClientSession, so every edge case aiohttp used to handle for us is now ours:
body framing (Content-Length, chunked with extensions and trailers, read-until-close,
bodiless answers), answers that arrive a byte at a time, keep-alive reuse and when a
connection must NOT be reused, the pool limit, interim 1xx answers, errors that tell a safe
retry (UpstreamConnectError) from a broken exchange (UpstreamResetError / ProtocolError),
the three timeouts, backpressure on streamed answers, close() and TLS. A wrong answer here
is a corrupted or hung proxied request, so each case is provoked for real: the servers below
are raw asyncio servers whose every byte (and every pause between bytes) the test scripts,
on ephemeral ports of 127.0.0.1.

The tests without parameters also run under uvloop (test_under_uvloop), the loop the
gateway runs on in production.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import random
import socket
import ssl
import struct
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.dataplane.http_client import (
    HttpPool,
    UpstreamConnectError,
    UpstreamError,
    UpstreamProtocolError,
    UpstreamResetError,
    default_ssl_context,
)

# ---------------------------------------------------------------------------------------------
# Scripted servers
# ---------------------------------------------------------------------------------------------

_BENIGN = (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError, asyncio.CancelledError)


class Conn:
    """One accepted connection, as the scripted handler sees it."""

    def __init__(
        self, server: Server, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, index: int
    ):
        self.server = server
        self.reader = reader
        self.writer = writer
        self.index = index  # 0 for the first connection the server accepted
        self.requests: list[bytes] = []
        self.eof = asyncio.Event()  # the client closed (or broke) its side
        self.sent = 0  # body bytes sent by handlers that count them

    async def read_request(self) -> bytes | None:
        """The raw bytes of one request (head + Content-Length body); None when the client closed."""
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError, ssl.SSLError):
            self.eof.set()
            return None
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        body = await self.reader.readexactly(length) if length else b""
        raw = head + body
        self.requests.append(raw)
        self.server.requests.append(raw)
        return raw

    async def send(self, data: bytes) -> None:
        try:
            self.writer.write(data)
            await self.writer.drain()
        except ConnectionError:
            self.eof.set()  # the client closed: a write fails soon after
            raise

    async def trickle(self, data: bytes, delay: float) -> None:
        """One byte per write, `delay` seconds apart (TCP_NODELAY is on: one segment each)."""
        for i in range(len(data)):
            await self.send(data[i : i + 1])
            await asyncio.sleep(delay)

    async def wait_eof(self) -> None:
        """Read and drop everything until the client closes: a server that never answers."""
        try:
            while await self.reader.read(65536):
                pass
        except (ConnectionError, ssl.SSLError):
            pass
        self.eof.set()

    def reset(self) -> None:
        """Close with a TCP RST instead of a FIN."""
        sock = self.writer.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.writer.transport.abort()


Handler = Callable[[Conn], Awaitable[None]]


class Server:
    """A loopback server running `handler(conn)` for each connection; closes it when the handler returns."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.accepted = 0
        self.open = 0
        self.max_open = 0
        self.requests: list[bytes] = []
        self.conns: list[Conn] = []
        self.errors: list[BaseException] = []
        self.port = 0
        self.scheme = "http"
        self._srv: asyncio.AbstractServer | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    async def start(self, ssl_ctx: ssl.SSLContext | None = None, port: int = 0) -> None:
        self.scheme = "https" if ssl_ctx is not None else "http"
        self._srv = await asyncio.start_server(self._on_conn, "127.0.0.1", port, ssl=ssl_ctx)
        self.port = self._srv.sockets[0].getsockname()[1]

    async def _on_conn(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        conn = Conn(self, reader, writer, self.accepted)
        self.accepted += 1
        self.open += 1
        self.max_open = max(self.max_open, self.open)
        self.conns.append(conn)
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            await self.handler(conn)
        except _BENIGN:
            pass
        except BaseException as exc:  # a bug in the test's own script: reported at stop()
            self.errors.append(exc)
        finally:
            self.open -= 1
            self._tasks.discard(task)
            with contextlib.suppress(Exception):
                writer.close()

    async def stop(self) -> None:
        assert self._srv is not None
        self._srv.close()
        tasks = list(self._tasks)
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self._srv.wait_closed(), 2)
        if self.errors:
            raise AssertionError(f"scripted server failed: {self.errors!r}")

    async def conn_closed_by_client(self, index: int, timeout: float = 2.0) -> bool:
        """True once the client closed connection `index` (False after `timeout`)."""
        try:
            await asyncio.wait_for(self.conns[index].eof.wait(), timeout)
        except TimeoutError:
            return False
        return True


@contextlib.asynccontextmanager
async def serve(
    handler: Handler, *, ssl_ctx: ssl.SSLContext | None = None, port: int = 0
) -> AsyncIterator[Server]:
    server = Server(handler)
    await server.start(ssl_ctx, port)
    try:
        yield server
    finally:
        await server.stop()


@contextlib.asynccontextmanager
async def pool_to(url: str, **kw: object) -> AsyncIterator[HttpPool]:
    """A pool with short default timeouts, so a client that hangs fails the test quickly."""
    kw.setdefault("connect_timeout_s", 2.0)
    kw.setdefault("read_idle_timeout_s", 3.0)
    kw.setdefault("total_timeout_s", 5.0)
    pool = HttpPool(url, **kw)  # type: ignore[arg-type]
    try:
        yield pool
    finally:
        await pool.close()


def keep_answering(answer: bytes | Callable[[bytes], bytes]) -> Handler:
    """Answer every request on the connection, keep it open until the client closes it."""

    async def handler(conn: Conn) -> None:
        while (req := await conn.read_request()) is not None:
            await conn.send(answer(req) if callable(answer) else answer)

    return handler


def by_path(routes: dict[str, Callable[[Conn, bytes], Awaitable[bool | None]]]) -> Handler:
    """Dispatch each request on its target; a route returning False ends the connection
    (the server closes it), anything else waits for the next request on it."""

    async def handler(conn: Conn) -> None:
        while (req := await conn.read_request()) is not None:
            if await routes[target_of(req)](conn, req) is False:
                return

    return handler


def reply(answer: bytes) -> Callable[[Conn, bytes], Awaitable[None]]:
    async def route(conn: Conn, req: bytes) -> None:
        await conn.send(answer)

    return route


async def stall(conn: Conn, req: bytes) -> bool:
    """Never answer; return (and let the server close) once the client gave up."""
    await conn.wait_eof()
    return False


def http(
    body: bytes = b"",
    *,
    status: str = "200 OK",
    headers: Sequence[tuple[str, str]] = (),
    length: bool = True,
    version: str = "HTTP/1.1",
) -> bytes:
    lines = [f"{version} {status}", *(f"{k}: {v}" for k, v in headers)]
    if length:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def chunked(pieces: Sequence[bytes], *, ext: str = "", trailers: Sequence[tuple[str, str]] = ()) -> bytes:
    out = [f"{len(p):x}{ext}\r\n".encode() + p + b"\r\n" for p in pieces if p]
    out.append(b"0\r\n" + b"".join(f"{k}: {v}\r\n".encode() for k, v in trailers) + b"\r\n")
    return b"".join(out)


def chunked_http(pieces: Sequence[bytes], *, headers: Sequence[tuple[str, str]] = (), **kw: object) -> bytes:
    head = http(headers=[*headers, ("Transfer-Encoding", "chunked")], length=False)
    return head + chunked(pieces, **kw)  # type: ignore[arg-type]


def target_of(raw: bytes) -> str:
    return raw.split(b"\r\n", 1)[0].split(b" ")[1].decode()


def parse_request(raw: bytes) -> tuple[str, list[tuple[str, str]], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    pairs = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        pairs.append((name, value.strip()))
    return lines[0], pairs, body


async def settle() -> None:
    """A few loop turns (and a moment) for connection_lost / FIN processing to run."""
    for _ in range(3):
        await asyncio.sleep(0.01)


def free_port() -> int:
    """A port where nothing listens (bound, then released)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


UVLOOP_SCENARIOS: list[Callable[[], Awaitable[None]]] = []


def also_on_uvloop(fn: Callable[[], Awaitable[None]]) -> Callable[[], Awaitable[None]]:
    UVLOOP_SCENARIOS.append(fn)
    return fn


# ---------------------------------------------------------------------------------------------
# Answers and their bodies
# ---------------------------------------------------------------------------------------------


@also_on_uvloop
async def test_content_length_answer_status_reason_headers_and_body() -> None:
    body = b'{"id": "x", "bytes": "\x00\xff\r\n\r\n"}'
    answer = http(
        body,
        status="201 Created",
        headers=[
            ("Content-Type", "application/json"),
            ("Set-Cookie", "a=1"),
            ("set-cookie", "b=2"),
            ("X-Padded", " \t padded value \t"),
        ],
    )
    async with serve(keep_answering(answer)) as srv, pool_to(srv.url) as pool:
        async with await pool.request("GET", "/v1/models", []) as resp:
            assert (resp.status, resp.reason) == (201, "Created")
            assert resp.content_length == len(body)
            assert resp.headers["CONTENT-TYPE"] == "application/json"
            assert resp.headers.getall("Set-Cookie") == ["a=1", "b=2"]  # repeated headers kept, in order
            assert resp.headers["x-padded"] == "padded value"
            assert await resp.read() == body


@pytest.mark.parametrize(
    ("status_line", "status", "reason"),
    [
        ("HTTP/1.1 404 Not Found", 404, "Not Found"),
        ("HTTP/1.1 503 Service Temporarily Unavailable", 503, "Service Temporarily Unavailable"),
        ("HTTP/1.1 200 ", 200, ""),  # empty reason phrase
        ("HTTP/1.1 200", 200, ""),  # no space and no reason: tolerated by aiohttp, so by us too
        ("HTTP/1.1 599 Custom", 599, "Custom"),
    ],
)
async def test_status_line_variants(status_line: str, status: int, reason: str) -> None:
    answer = status_line.encode() + b"\r\nContent-Length: 2\r\n\r\nok"
    async with serve(keep_answering(answer)) as srv, pool_to(srv.url) as pool:
        async with await pool.request("GET", "/", []) as resp:
            assert (resp.status, resp.reason) == (status, reason)
            assert await resp.read() == b"ok"


@also_on_uvloop
async def test_chunked_answer_with_extensions_and_trailers_then_reuse() -> None:
    wire = (
        b"5;foo=bar\r\nhello\r\n"
        b'6; name="q;x"\r\n world\r\n'
        b"00A\r\n0123456789\r\n"  # upper-case hex with leading zeros
        b"0;last=1\r\nX-Trailer: yes\r\nX-Other: 2\r\n\r\n"
    )
    head = http(headers=[("Transfer-Encoding", "chunked")], length=False)
    async with (
        serve(by_path({"/c": reply(head + wire), "/next": reply(http(b"next"))})) as srv,
        pool_to(srv.url) as pool,
    ):
        async with await pool.request("GET", "/c", []) as resp:
            assert resp.content_length is None
            assert await resp.read() == b"hello world0123456789"
        # The trailers were consumed exactly: the next answer on the same connection parses.
        async with await pool.request("GET", "/next", []) as resp:
            assert resp.status == 200
            assert await resp.read() == b"next"
        assert srv.accepted == 1


def _framed(framing: str, body: bytes) -> bytes:
    if framing == "chunked":
        return chunked_http([body[:7], body[7:8], body[8:]], ext=";e=1", trailers=[("X-T", "1")])
    if framing == "length":
        return http(body)
    return http(body, length=False, headers=[("Connection", "close")])  # until close


@pytest.mark.parametrize("framing", ["chunked", "length", "until-close"])
async def test_answer_arriving_one_byte_at_a_time(framing: str) -> None:
    body = b"a body split across many TCP segments"
    answer = _framed(framing, body)

    async def handler(conn: Conn) -> None:
        while await conn.read_request() is not None:
            await conn.trickle(answer, 0.001)
            if framing == "until-close":
                return

    async with serve(handler) as srv, pool_to(srv.url) as pool:
        for _ in range(2):
            async with await pool.request("GET", "/", []) as resp:
                assert resp.status == 200
                assert await resp.read() == body
        assert srv.accepted == (2 if framing == "until-close" else 1)


@pytest.mark.parametrize(
    "cuts",
    [
        # chunk-size line split between its digits, before its LF, inside the extension
        [
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1",
            b"0\r",
            b"\n0123456789abcdef\r\n0\r\n\r\n",
        ],
        # chunk data split from its CRLF, and the CRLF itself split
        [
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10;x=",
            b"y\r\n0123456789abcdef",
            b"\r",
            b"\n0\r\n\r\n",
        ],
        # the last chunk and the final CRLF in separate writes, a trailer split in the middle
        [
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n0\r\nX-",
            b"T: 1\r\n",
            b"\r\n",
        ],
        # head split inside CRLFCRLF
        [b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r", b"\n10\r\n0123456789abcdef\r\n0\r\n\r\n"],
    ],
)
async def test_chunk_framing_split_across_writes(cuts: list[bytes]) -> None:
    async def handler(conn: Conn) -> None:
        while await conn.read_request() is not None:
            for piece in cuts:
                await conn.send(piece)
                await asyncio.sleep(0.005)

    async with serve(handler) as srv, pool_to(srv.url) as pool:
        for _ in range(2):
            async with await pool.request("GET", "/", []) as resp:
                assert await resp.read() == b"0123456789abcdef"
        assert srv.accepted == 1


@pytest.mark.parametrize("consume", ["read", "iter_any"])
async def test_read_until_close_answer_is_not_reused(consume: str) -> None:
    pieces = [b"first ", b"second ", b"third"]

    async def handler(conn: Conn) -> None:
        await conn.read_request()
        await conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
        for p in pieces:
            await asyncio.sleep(0.01)
            await conn.send(p)
        # returning closes the connection: that is the end of the body

    async with serve(handler) as srv, pool_to(srv.url) as pool:
        for _ in range(2):
            async with await pool.request("GET", "/", []) as resp:
                assert resp.content_length is None
                if consume == "read":
                    got = await resp.read()
                else:
                    got = b"".join([c async for c in resp.iter_any()])
                assert got == b"".join(pieces)
        assert srv.accepted == 2


@pytest.mark.parametrize(
    ("method", "status", "headers"),
    [
        ("HEAD", "200 OK", [("Content-Length", "1234")]),
        ("HEAD", "200 OK", [("Transfer-Encoding", "chunked")]),
        ("GET", "204 No Content", []),
        ("GET", "204 No Content", [("Content-Length", "0")]),
        ("GET", "304 Not Modified", [("Content-Length", "50"), ("ETag", '"v1"')]),
        ("GET", "200 OK", [("Content-Length", "0")]),
    ],
)
async def test_answers_without_a_body_keep_the_connection(method: str, status: str, headers: list) -> None:
    bodiless = http(status=status, headers=headers, length=False)
    async with (
        serve(by_path({"/empty": reply(bodiless), "/next": reply(http(b"next"))})) as srv,
        pool_to(srv.url) as pool,
    ):
        async with await pool.request(method, "/empty", []) as resp:
            assert resp.status == int(status[:3])
            assert await resp.read() == b""
        async with await pool.request(method, "/empty", []) as resp:
            assert [c async for c in resp.iter_any()] in ([], [b""])
        async with await pool.request("GET", "/next", []) as resp:
            assert await resp.read() == b"next"
        assert srv.accepted == 1
        assert parse_request(srv.requests[0])[0] == f"{method} /empty HTTP/1.1"


@pytest.mark.parametrize("split", [False, True])
async def test_interim_1xx_answers_are_skipped(split: bool) -> None:
    parts = [
        b"HTTP/1.1 100 Continue\r\n\r\n",
        b"HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n",
        http(b"final", headers=[("X-Final", "1")]),
    ]

    async def handler(conn: Conn) -> None:
        while await conn.read_request() is not None:
            if split:
                for p in parts:
                    await conn.send(p)
                    await asyncio.sleep(0.01)
            else:
                await conn.send(b"".join(parts))

    async with serve(handler) as srv, pool_to(srv.url) as pool:
        for _ in range(2):
            async with await pool.request("POST", "/", [("Expect", "100-continue")], b"{}") as resp:
                assert resp.status == 200
                assert resp.headers["X-Final"] == "1"
                assert "Link" not in resp.headers
                assert await resp.read() == b"final"
        assert srv.accepted == 1


# ---------------------------------------------------------------------------------------------
# The request on the wire
# ---------------------------------------------------------------------------------------------


@also_on_uvloop
async def test_request_bytes_on_the_wire() -> None:
    body = bytes(range(256)) * 3 + b"\r\n\r\nHTTP/1.1 200 OK\r\n\r\n"  # framing-like bytes inside the body
    caller_headers = [
        ("X-B", "2"),
        ("Content-Type", "application/json"),
        ("X-A", "1"),
        ("x-a", "again"),
        ("Authorization", "Bearer sk-test"),
    ]
    async with serve(keep_answering(http(b"ok"))) as srv, pool_to(srv.url + "/prefix/v2") as pool:
        async with await pool.request(
            "POST", "/v1/chat/completions?x=1&y=%20z", caller_headers, body
        ) as resp:
            assert await resp.read() == b"ok"
    line, pairs, got_body = parse_request(srv.requests[0])
    assert line == "POST /prefix/v2/v1/chat/completions?x=1&y=%20z HTTP/1.1"
    names = [n.lower() for n, _ in pairs]
    assert names.count("host") == 1 and names.count("content-length") == 1, pairs
    assert dict((n.lower(), v) for n, v in pairs)["host"] == f"127.0.0.1:{srv.port}"
    assert dict((n.lower(), v) for n, v in pairs)["content-length"] == str(len(body))
    others = [(n, v) for n, v in pairs if n.lower() not in ("host", "content-length")]
    assert others == caller_headers, "the caller's headers, in order, and nothing else"
    assert got_body == body


@pytest.mark.parametrize(
    ("method", "body", "expected"),
    [
        ("GET", b"", None),
        ("DELETE", b"", None),
        ("OPTIONS", b"", None),
        ("POST", b"", "0"),
        ("PUT", b"", "0"),
        ("PATCH", b"", "0"),
        ("DELETE", b"x", "1"),
        ("GET", b"abc", "3"),
    ],
)
async def test_content_length_only_when_there_is_a_body_or_the_method_wants_one(
    method: str, body: bytes, expected: str | None
) -> None:
    async with serve(keep_answering(http(b"ok"))) as srv, pool_to(srv.url) as pool:
        async with await pool.request(method, "/t", [("X-K", "v")], body) as resp:
            assert await resp.read() == b"ok"
    line, pairs, got_body = parse_request(srv.requests[0])
    assert line == f"{method} /t HTTP/1.1"
    lengths = [v for n, v in pairs if n.lower() == "content-length"]
    assert lengths == ([] if expected is None else [expected])
    assert got_body == body


@also_on_uvloop
async def test_large_request_body_arrives_intact() -> None:
    body = random.Random(7).randbytes(3 * 1024 * 1024)

    def digest(req: bytes) -> bytes:
        return http(hashlib.sha256(parse_request(req)[2]).hexdigest().encode())

    async with serve(keep_answering(digest)) as srv, pool_to(srv.url) as pool:
        async with await pool.request("PUT", "/upload", [], body) as resp:
            assert (await resp.read()).decode() == hashlib.sha256(body).hexdigest()


@pytest.mark.parametrize("tls", [False, True], ids=["http-80", "https-443"])
@pytest.mark.parametrize("explicit_port", [False, True])
async def test_host_header_has_no_default_port(
    tls: bool, explicit_port: bool, request: pytest.FixtureRequest
) -> None:
    port = 443 if tls else 80
    ssl_ctx = client_ctx = None
    if tls:
        server_ctx, client_ctx = request.getfixturevalue("tls_contexts")
        ssl_ctx = server_ctx
    try:
        server = Server(keep_answering(http(b"ok")))
        await server.start(ssl_ctx, port)
    except OSError as exc:
        pytest.skip(f"cannot bind 127.0.0.1:{port}: {exc}")
    try:
        base = f"{'https' if tls else 'http'}://127.0.0.1" + (f":{port}" if explicit_port else "")
        async with pool_to(base, ssl_context=client_ctx) as pool:
            async with await pool.request("GET", "/", []) as resp:
                assert await resp.read() == b"ok"
    finally:
        await server.stop()
    hosts = [v for n, v in parse_request(server.requests[0])[1] if n.lower() == "host"]
    assert hosts == ["127.0.0.1"]


# ---------------------------------------------------------------------------------------------
# Keep-alive and the pool
# ---------------------------------------------------------------------------------------------


@also_on_uvloop
async def test_sequential_requests_share_one_connection() -> None:
    routes = {
        "/length": reply(http(b"by length")),
        "/chunked": reply(chunked_http([b"by ", b"chunks"])),
    }
    async with serve(by_path(routes)) as srv, pool_to(srv.url) as pool:
        for target, want in [("/length", b"by length"), ("/chunked", b"by chunks")] * 2:
            async with await pool.request("GET", target, []) as resp:
                assert b"".join([c async for c in resp.iter_any()]) == want
            await settle()
            assert (pool.open_connections, pool.idle_connections) == (1, 1)
        assert srv.accepted == 1
        assert [target_of(r) for r in srv.requests] == ["/length", "/chunked"] * 2


async def test_saturation_hooks_report_connections_and_waits() -> None:
    # The gateway's aigw_upstream_connections gauge and aigw_upstream_pool_waits_total counter
    # are fed by these hooks: deltas on open/close, one call per request that found the pool full.
    deltas: list[int] = []
    waits: list[None] = []

    async def slow(conn: Conn) -> None:
        while await conn.read_request() is not None:
            await asyncio.sleep(0.05)
            await conn.send(http(b"ok"))

    async with serve(slow) as srv:
        pool = HttpPool(
            srv.url, max_connections=2, on_connections=deltas.append, on_wait=lambda: waits.append(None)
        )
        try:

            async def one() -> bytes:
                async with await pool.request("GET", "/", []) as resp:
                    return await resp.read()

            assert await asyncio.gather(*(one() for _ in range(5))) == [b"ok"] * 5
            assert sum(deltas) == pool.open_connections == 2
            assert len(waits) >= 3  # five requests, two connections: at least three waited
        finally:
            await pool.close()
        assert sum(deltas) == 0 and pool.open_connections == 0


async def test_timers_do_not_pile_up_with_requests() -> None:
    # A timer armed and cancelled per request stays in the loop until its original due time
    # (asyncio keeps it in its heap; uvloop held the memory too): at 10k req/s and a 30 s idle
    # timeout that was ~170 MB of dead timers in the gateway. The client keeps at most one
    # timer per connection, so the loop's scheduled handles stay bounded by the connections.
    loop = asyncio.get_running_loop()
    scheduled = getattr(loop, "_scheduled", None)
    if scheduled is None:
        pytest.skip("needs asyncio's own loop to count scheduled timers")
    before = len(scheduled)
    async with serve(keep_answering(http(b"ok"))) as srv, pool_to(srv.url, read_idle_timeout_s=30.0) as pool:

        async def worker() -> None:
            for _ in range(250):
                async with await pool.request("POST", "/", [], b"x") as resp:
                    assert await resp.read() == b"ok"

        await asyncio.gather(*(worker() for _ in range(4)))
        assert pool.open_connections <= 4
        assert len(scheduled) - before <= 8, f"{len(scheduled) - before} timers for 1,000 requests"


@pytest.mark.parametrize("value", ["close", "Close", "keep-alive, close"])
async def test_connection_close_answer_means_a_new_connection(value: str) -> None:
    # The server sends "Connection: close" but leaves the socket open: the client must close it.
    async with (
        serve(keep_answering(http(b"bye", headers=[("Connection", value)]))) as srv,
        pool_to(srv.url) as pool,
    ):
        for _ in range(2):
            async with await pool.request("GET", "/", []) as resp:
                assert await resp.read() == b"bye"
        assert srv.accepted == 2
        assert await srv.conn_closed_by_client(0)
        assert await srv.conn_closed_by_client(1)
        await settle()
        assert pool.open_connections == 0


async def test_http10_answer_without_keepalive_is_not_reused() -> None:
    answer = http(b"old", version="HTTP/1.0")
    async with serve(keep_answering(answer)) as srv, pool_to(srv.url) as pool:
        for _ in range(2):
            async with await pool.request("GET", "/", []) as resp:
                assert resp.status == 200
                assert await resp.read() == b"old"
        assert srv.accepted == 2


@pytest.mark.parametrize("how", ["release", "context-manager", "partly-iterated"])
async def test_unread_body_closes_the_connection(how: str) -> None:
    async def partial(conn: Conn, req: bytes) -> bool:
        await conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"x" * 10)
        await conn.wait_eof()
        return False

    async with (
        serve(by_path({"/partial": partial, "/ok": reply(http(b"fine"))})) as srv,
        pool_to(srv.url) as pool,
    ):
        resp = await pool.request("GET", "/partial", [])
        if how == "release":
            resp.release()
            resp.release()  # idempotent
        elif how == "context-manager":
            async with resp:
                pass
        else:
            async with resp:
                async for piece in resp.iter_any():
                    assert piece.startswith(b"x")
                    break
        assert await srv.conn_closed_by_client(0), "an abandoned answer's connection must be closed"
        async with await pool.request("GET", "/ok", []) as resp:
            assert await resp.read() == b"fine"
        assert srv.accepted == 2
        await settle()
        assert pool.open_connections == 1


@also_on_uvloop
async def test_release_after_the_whole_body_keeps_the_connection() -> None:
    async with serve(keep_answering(http(b"x" * 5000))) as srv, pool_to(srv.url) as pool:
        for _ in range(3):
            resp = await pool.request("GET", "/", [])
            assert await resp.read() == b"x" * 5000
            resp.release()
            resp.release()
        assert srv.accepted == 1


@also_on_uvloop
async def test_pool_limit_is_never_exceeded() -> None:
    async def slow(conn: Conn) -> None:
        while (req := await conn.read_request()) is not None:
            await asyncio.sleep(0.1)
            await conn.send(http(target_of(req).encode()))

    seen_by_pool = 0
    async with serve(slow) as srv, pool_to(srv.url, max_connections=2) as pool:

        async def one(i: int) -> bytes:
            nonlocal seen_by_pool
            async with await pool.request("GET", f"/{i}", []) as resp:
                seen_by_pool = max(seen_by_pool, pool.open_connections)
                return await resp.read()

        bodies = await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(5))), 5)
        assert sorted(bodies) == [f"/{i}".encode() for i in range(5)]
        assert srv.max_open <= 2, srv.max_open
        assert srv.accepted <= 2, srv.accepted
        assert seen_by_pool <= 2
        assert len(srv.requests) == 5


@also_on_uvloop
async def test_broken_and_abandoned_connections_free_their_slot() -> None:
    """max_connections=1: each failure must give the one slot back, or the next request hangs."""

    async def partial(conn: Conn, req: bytes) -> bool:
        await conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc")
        await conn.wait_eof()
        return False

    async def hang_up(conn: Conn, req: bytes) -> bool:
        return False

    async def mid_body(conn: Conn, req: bytes) -> bool:
        await conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc")
        return False

    routes = {
        "/partial": partial,
        "/hang-up": hang_up,
        "/mid-body": mid_body,
        "/garbage": reply(b"garbage\r\n\r\n"),
        "/ok": reply(http(b"ok")),
    }
    async with serve(by_path(routes)) as srv, pool_to(srv.url, max_connections=1) as pool:
        resp = await asyncio.wait_for(pool.request("GET", "/partial", []), 2)
        resp.release()
        with pytest.raises(UpstreamResetError):
            await asyncio.wait_for(pool.request("GET", "/hang-up", []), 2)
        resp = await asyncio.wait_for(pool.request("GET", "/mid-body", []), 2)
        with pytest.raises(UpstreamResetError):
            await resp.read()
        resp.release()
        with pytest.raises(UpstreamProtocolError):
            await asyncio.wait_for(pool.request("GET", "/garbage", []), 2)
        for _ in range(2):
            async with await asyncio.wait_for(pool.request("GET", "/ok", []), 2) as resp:
                assert await resp.read() == b"ok"


@also_on_uvloop
async def test_cancelled_request_closes_its_connection_and_frees_the_slot() -> None:
    async with (
        serve(by_path({"/stall": stall, "/ok": reply(http(b"ok"))})) as srv,
        pool_to(srv.url, max_connections=1) as pool,
    ):
        task = asyncio.create_task(pool.request("GET", "/stall", []))
        await asyncio.sleep(0.1)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert await srv.conn_closed_by_client(0)
        async with await asyncio.wait_for(pool.request("GET", "/ok", []), 2) as resp:
            assert await resp.read() == b"ok"


@also_on_uvloop
async def test_waiter_cancelled_as_the_connection_is_handed_to_it_does_not_leak_it() -> None:
    """max_connections=1: B waits for A's connection. A's body ends, which hands the connection
    to B in the same loop turn; B is cancelled before it runs (its client went away). The
    connection must go back to the pool (or be closed), not stay busy with no owner."""
    gate = asyncio.Event()

    async def slow_body(conn: Conn, req: bytes) -> None:
        await conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhe")
        await asyncio.wait_for(gate.wait(), 5)
        await conn.send(b"llo")

    async with (
        serve(by_path({"/a": slow_body, "/b": reply(http(b"b")), "/c": reply(http(b"c"))})) as srv,
        pool_to(srv.url, max_connections=1) as pool,
    ):
        resp_a = await pool.request("GET", "/a", [])
        task_b = asyncio.create_task(pool.request("GET", "/b", []))
        await asyncio.sleep(0.05)  # B is now queued for the one slot
        gate.set()
        assert await resp_a.read() == b"hello"
        task_b.cancel()  # B was woken with the connection but has not run yet
        with contextlib.suppress(asyncio.CancelledError):
            resp_b = await task_b
            resp_b.release()  # (a client that wins the race anyway must give it back)
        resp_a.release()
        await settle()
        assert pool.open_connections == pool.idle_connections, "a busy connection nobody owns"
        try:
            resp_c = await asyncio.wait_for(pool.request("GET", "/c", []), 2)
        except TimeoutError:
            pytest.fail("the one connection leaked: a later request waits for a slot forever")
        async with resp_c:
            assert await resp_c.read() == b"c"
        assert srv.accepted <= 2


@also_on_uvloop
async def test_upstream_closing_an_idle_connection_is_not_fatal() -> None:
    async def once_then_close(conn: Conn) -> None:
        if await conn.read_request() is not None:
            await conn.send(http(b"served", headers=[("Connection", "keep-alive")]))
        # returning closes the idle keep-alive connection from the server side

    async with serve(once_then_close) as srv, pool_to(srv.url) as pool:
        for _ in range(3):
            async with await pool.request("GET", "/", []) as resp:
                assert await resp.read() == b"served"
            await asyncio.sleep(0.1)  # the FIN arrives while the connection is idle in the pool
            assert (pool.open_connections, pool.idle_connections) == (0, 0)
        assert srv.accepted == 3


@also_on_uvloop
async def test_bytes_past_the_end_of_an_answer_are_not_taken_for_the_next_one() -> None:
    """An upstream that sends more than its Content-Length: that connection is out of step and
    must not serve the next request (whose answer would start with the stray bytes)."""
    async with serve(keep_answering(http(b"ok") + b"HTTP/1.1 200 OK\r\n")) as srv, pool_to(srv.url) as pool:
        for _ in range(3):
            async with await pool.request("GET", "/", []) as resp:
                assert await resp.read() == b"ok"
            await settle()
        assert srv.accepted == 3


@also_on_uvloop
async def test_unsolicited_bytes_on_an_idle_connection_are_never_an_answer() -> None:
    """A stale answer arriving on an idle connection (no request in flight) must not be handed
    to the next request as its answer: response desync is the worst bug a proxy can have."""

    async def with_a_ghost(conn: Conn) -> None:
        while (req := await conn.read_request()) is not None:
            await conn.send(http(target_of(req).encode()))
            await asyncio.sleep(0.05)
            await conn.send(http(b"GHOST"))  # nobody asked for this one

    async with serve(with_a_ghost) as srv, pool_to(srv.url) as pool:
        for i in range(3):
            await asyncio.sleep(0.1)
            async with await pool.request("GET", f"/{i}", []) as resp:
                assert await resp.read() == f"/{i}".encode()
        assert srv.accepted == 3


async def test_idle_connections_past_keepalive_are_closed_not_reused() -> None:
    async with (
        serve(keep_answering(http(b"ok"))) as srv,
        pool_to(srv.url, keepalive_s=0.2) as pool,
    ):
        async with await pool.request("GET", "/", []) as resp:
            assert await resp.read() == b"ok"
        async with await pool.request("GET", "/", []) as resp:  # at once: reused
            assert await resp.read() == b"ok"
        assert srv.accepted == 1
        await asyncio.sleep(0.5)
        async with await pool.request("GET", "/", []) as resp:
            assert await resp.read() == b"ok"
        assert srv.accepted == 2
        assert await srv.conn_closed_by_client(0), "the expired idle connection must be closed"


@also_on_uvloop
async def test_close_closes_every_connection() -> None:
    async def slow(conn: Conn) -> None:
        while await conn.read_request() is not None:
            await asyncio.sleep(0.05)
            await conn.send(http(b"ok"))

    async with serve(slow) as srv:
        pool = HttpPool(srv.url, read_idle_timeout_s=3, total_timeout_s=5)

        async def one() -> bytes:
            async with await pool.request("GET", "/", []) as resp:
                return await resp.read()

        assert await asyncio.gather(one(), one()) == [b"ok", b"ok"]
        assert (pool.open_connections, pool.idle_connections) == (2, 2)
        await pool.close()
        assert pool.open_connections == 0
        assert pool.idle_connections == 0
        assert await srv.conn_closed_by_client(0) and await srv.conn_closed_by_client(1)
        with pytest.raises(UpstreamConnectError):
            await pool.request("GET", "/", [])
        await pool.close()  # twice is fine


@also_on_uvloop
async def test_close_with_an_answer_in_flight_fails_its_read() -> None:
    async def partial(conn: Conn) -> None:
        await conn.read_request()
        await conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc")
        await conn.wait_eof()

    async with serve(partial) as srv:
        pool = HttpPool(srv.url, read_idle_timeout_s=1.5, total_timeout_s=5)
        resp = await pool.request("GET", "/", [])
        await pool.close()
        assert pool.open_connections == 0
        t0 = time.monotonic()
        with pytest.raises(UpstreamError):
            await resp.read()
        assert time.monotonic() - t0 < 1.0, "read() after close() must fail at once, not wait for a timeout"
        resp.release()
        assert await srv.conn_closed_by_client(0)


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------


@also_on_uvloop
async def test_connection_refused_is_a_connect_error() -> None:
    async with pool_to(f"http://127.0.0.1:{free_port()}") as pool:
        with pytest.raises(UpstreamConnectError):
            await pool.request("POST", "/", [], b"{}")
        assert pool.open_connections == 0
        with pytest.raises(UpstreamConnectError):  # and again: no slot was leaked by the failure
            await asyncio.wait_for(pool.request("GET", "/", []), 3)


@pytest.mark.parametrize("how", ["fin", "rst"])
async def test_closed_after_the_request_without_an_answer(how: str) -> None:
    async def hang_up(conn: Conn) -> None:
        await conn.read_request()
        if how == "rst":
            conn.reset()

    async with serve(hang_up) as srv, pool_to(srv.url) as pool:
        with pytest.raises(UpstreamResetError) as info:
            await pool.request("POST", "/", [], b'{"a": 1}')
        assert not isinstance(info.value, UpstreamProtocolError)
        assert len(srv.requests) == 1


@pytest.mark.parametrize("how", ["fin", "rst"])
async def test_closed_in_the_middle_of_the_head(how: str) -> None:
    async def half_head(conn: Conn) -> None:
        await conn.read_request()
        await conn.send(b"HTTP/1.1 200 OK\r\nContent-Le")
        await asyncio.sleep(0.02)
        if how == "rst":
            conn.reset()

    async with serve(half_head) as srv, pool_to(srv.url) as pool:
        with pytest.raises(UpstreamResetError):
            await pool.request("GET", "/", [])


_MID_BODY = {
    "length": (b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789", b"0123456789"),
    "chunked-between-chunks": (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\n0123456789\r\n",
        b"0123456789",
    ),
    "chunked-inside-a-chunk": (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n64\r\n0123456789",
        b"0123456789",
    ),
}


@pytest.mark.parametrize("how", ["fin", "rst"])
@pytest.mark.parametrize("consume", ["read", "iter_any"])
@pytest.mark.parametrize("framing", list(_MID_BODY))
async def test_closed_in_the_middle_of_the_body(framing: str, consume: str, how: str) -> None:
    wire, sent_body = _MID_BODY[framing]

    async def cut(conn: Conn) -> None:
        await conn.read_request()
        await conn.send(wire)
        await asyncio.sleep(0.05)
        if how == "rst":
            conn.reset()

    async with serve(cut) as srv, pool_to(srv.url) as pool:
        async with await pool.request("GET", "/", []) as resp:
            assert resp.status == 200
            got = []
            with pytest.raises(UpstreamResetError):
                if consume == "read":
                    await resp.read()
                else:
                    async for piece in resp.iter_any():
                        got.append(piece)
            if consume == "iter_any" and how == "fin":
                assert b"".join(got) == sent_body  # what did arrive was handed over first


_MALFORMED = {
    "non-numeric status": b"HTTP/1.1 abc OK\r\nContent-Length: 0\r\n\r\n",
    "garbage": b"hello\r\n\r\n",
    "two-digit status": b"HTTP/1.1 20 OK\r\n\r\n",
    "four-digit status": b"HTTP/1.1 2000 OK\r\n\r\n",
    "not HTTP/1.x": b"HTTP/2 200\r\n\r\n",
    "header without colon": b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nNoColonHere\r\n\r\n",
    "bad chunk size": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
    "chunk data longer than its size": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX\r\n0\r\n\r\n",
    "two Content-Length values": b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
    "a Content-Length list": b"HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello!",
    "non-numeric Content-Length": b"HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n",
    "negative Content-Length": b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n",
    # issue 16 rows 6 and 10: bytes and versions aiohttp would choke on or pass to the client
    "NUL in a header value": b"HTTP/1.1 200 OK\r\nX-Evil: a\x00b\r\nContent-Length: 0\r\n\r\n",
    "escape in a header value": b"HTTP/1.1 200 OK\r\nX-Evil: a\x1bb\r\nContent-Length: 0\r\n\r\n",
    "NUL in the status line": b"HTTP/1.1 200 O\x00K\r\nContent-Length: 0\r\n\r\n",
    "status 600": b"HTTP/1.1 600 Weird\r\nContent-Length: 0\r\n\r\n",
    "status 999": b"HTTP/1.1 999 Weird\r\nContent-Length: 0\r\n\r\n",
    "HTTP/1.7": b"HTTP/1.7 200 OK\r\nContent-Length: 0\r\n\r\n",
    "HTTP/1.x": b"HTTP/1.x 200 OK\r\nContent-Length: 0\r\n\r\n",
}


@pytest.mark.parametrize("answer", list(_MALFORMED.values()), ids=list(_MALFORMED))
async def test_malformed_answers_are_protocol_errors(answer: bytes) -> None:
    # The server keeps the connection open after the bad answer: the client must notice by
    # itself (a TimeoutError here would mean it waited for more instead).
    async def bad(conn: Conn, req: bytes) -> bool:
        await conn.send(answer)
        await conn.wait_eof()
        return False

    async with serve(by_path({"/bad": bad, "/ok": reply(http(b"ok"))})) as srv, pool_to(srv.url) as pool:
        t0 = time.monotonic()
        with pytest.raises(UpstreamProtocolError):
            async with await pool.request("GET", "/bad", []) as resp:
                await resp.read()
        assert time.monotonic() - t0 < 2
        assert await srv.conn_closed_by_client(0), "a connection out of step must be dropped"
        async with await pool.request("GET", "/ok", []) as resp:
            assert await resp.read() == b"ok"
        assert srv.accepted == 2


_HUGE_HEADS = {
    "many headers": b"HTTP/1.1 200 OK\r\n"
    + b"".join(b"X-H%05d: %s\r\n" % (i, b"v" * 90) for i in range(800)),
    "one huge header": b"HTTP/1.1 200 OK\r\nX-Big: " + b"v" * (70 * 1024) + b"\r\n",
    "huge status line": b"HTTP/1.1 200 " + b"R" * (70 * 1024),
    "complete but huge": b"HTTP/1.1 200 OK\r\nX-Big: "
    + b"v" * (70 * 1024)
    + b"\r\nContent-Length: 0\r\n\r\n",
}


@pytest.mark.parametrize("head", list(_HUGE_HEADS.values()), ids=list(_HUGE_HEADS))
async def test_head_over_64k_is_a_protocol_error(head: bytes) -> None:
    async def huge(conn: Conn) -> None:
        await conn.read_request()
        await conn.send(head)  # never terminated (except the last case): the client must not wait
        await conn.wait_eof()

    async with serve(huge) as srv, pool_to(srv.url) as pool:
        t0 = time.monotonic()
        with pytest.raises(UpstreamProtocolError):
            await pool.request("GET", "/", [])
        assert time.monotonic() - t0 < 2
        assert await srv.conn_closed_by_client(0)


async def test_big_head_under_the_limit_is_fine() -> None:
    cookie = "c" * (32 * 1024)
    async with (
        serve(keep_answering(http(b"ok", headers=[("Set-Cookie", cookie)]))) as srv,
        pool_to(srv.url) as pool,
    ):
        async with await pool.request("GET", "/", []) as resp:
            assert resp.headers["Set-Cookie"] == cookie
            assert await resp.read() == b"ok"


async def test_both_transfer_encoding_and_content_length() -> None:
    """RFC 9112 6.3: Transfer-Encoding overrides Content-Length (or the answer is rejected)."""
    answer = (
        b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
    )
    async with serve(keep_answering(answer)) as srv, pool_to(srv.url) as pool:
        try:
            async with await pool.request("GET", "/", []) as resp:
                assert await resp.read() == b"hello"
        except UpstreamProtocolError:
            pass  # rejecting it is also correct


# ---------------------------------------------------------------------------------------------
# Timeouts
# ---------------------------------------------------------------------------------------------


async def _assert_pool_still_works(pool: HttpPool) -> None:
    async with await asyncio.wait_for(pool.request("GET", "/ok", []), 3) as resp:
        assert await resp.read() == b"ok"


@also_on_uvloop
async def test_no_answer_is_a_read_idle_timeout() -> None:
    async with (
        serve(by_path({"/stall": stall, "/ok": reply(http(b"ok"))})) as srv,
        pool_to(srv.url, read_idle_timeout_s=0.3, max_connections=1) as pool,
    ):
        t0 = time.monotonic()
        with pytest.raises(TimeoutError):
            await pool.request("GET", "/stall", [])
        elapsed = time.monotonic() - t0
        assert 0.25 <= elapsed < 3, elapsed
        assert await srv.conn_closed_by_client(0), "the timed-out connection must be closed"
        await _assert_pool_still_works(pool)


@pytest.mark.parametrize("consume", ["read", "iter_any"])
async def test_stalled_body_is_a_read_idle_timeout(consume: str) -> None:
    async def head_then_stall(conn: Conn, req: bytes) -> bool:
        await conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nfirst")
        await conn.wait_eof()
        return False

    async with (
        serve(by_path({"/stall": head_then_stall, "/ok": reply(http(b"ok"))})) as srv,
        pool_to(srv.url, read_idle_timeout_s=0.3, max_connections=1) as pool,
    ):
        async with await pool.request("GET", "/stall", []) as resp:
            t0 = time.monotonic()
            got = []
            with pytest.raises(TimeoutError):
                if consume == "read":
                    await resp.read()
                else:
                    async for piece in resp.iter_any():
                        got.append(piece)
            elapsed = time.monotonic() - t0
            assert 0.25 <= elapsed < 3, elapsed
            if consume == "iter_any":
                assert b"".join(got) == b"first"
        assert await srv.conn_closed_by_client(0)
        await _assert_pool_still_works(pool)


async def test_idle_timeout_restarts_with_every_body_byte() -> None:
    """Bytes every 0.1 s with a 0.3 s idle timeout: slow but never idle, so no timeout."""

    async def trickle(conn: Conn, req: bytes) -> None:
        await conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n")
        await conn.trickle(b"0123456789", 0.1)

    async with serve(by_path({"/": trickle})) as srv, pool_to(srv.url, read_idle_timeout_s=0.3) as pool:
        async with await pool.request("GET", "/", []) as resp:
            assert await resp.read() == b"0123456789"


async def test_idle_timeout_restarts_with_every_head_piece() -> None:
    """The head arriving steadily in pieces 0.15 s apart, over ~0.9 s, with a 0.4 s idle
    timeout: the upstream is slow but never idle, so no timeout (as for body bytes)."""
    pieces = [
        b"HTTP/1.1 200 OK\r\n",
        b"X-A: 1\r\n",
        b"X-B: 2\r\n",
        b"X-C: 3\r\n",
        b"X-D: 4\r\n",
        b"Content-Length: 2\r\n",
        b"\r\nok",
    ]

    async def steady(conn: Conn, req: bytes) -> None:
        for p in pieces:
            await asyncio.sleep(0.15)
            await conn.send(p)

    async with serve(by_path({"/": steady})) as srv, pool_to(srv.url, read_idle_timeout_s=0.4) as pool:
        async with await pool.request("GET", "/", []) as resp:
            assert await resp.read() == b"ok"


@pytest.mark.parametrize("where", ["head", "body"])
async def test_total_timeout_with_a_trickling_upstream(where: str) -> None:
    async def trickle(conn: Conn, req: bytes) -> bool:
        if where == "head":
            await conn.trickle(b"HTTP/1.1 200 OK\r\n" + b"X-Slow: 1\r\n" * 1000, 0.1)
        else:
            await conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
            await conn.trickle(b"x" * 100000, 0.1)
        return False

    async with (
        serve(by_path({"/trickle": trickle, "/ok": reply(http(b"ok"))})) as srv,
        pool_to(srv.url, read_idle_timeout_s=5, total_timeout_s=0.5, max_connections=1) as pool,
    ):
        t0 = time.monotonic()
        with pytest.raises(TimeoutError):
            async with await pool.request("GET", "/trickle", []) as resp:
                await resp.read()
        elapsed = time.monotonic() - t0
        assert 0.4 <= elapsed < 2, elapsed
        assert await srv.conn_closed_by_client(0)
        await _assert_pool_still_works(pool)


async def test_connect_timeout() -> None:
    # A listener with a full accept queue drops further SYNs: connect() hangs.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    try:
        for _ in range(3):
            s = socket.socket()
            s.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                s.connect(("127.0.0.1", port))
            fillers.append(s)
        await asyncio.sleep(0.05)
        probe = socket.socket()
        probe.settimeout(0.2)
        try:
            probe.connect(("127.0.0.1", port))
            pytest.skip("this kernel accepts connects past a full accept queue")
        except TimeoutError:
            pass
        finally:
            probe.close()
        async with pool_to(f"http://127.0.0.1:{port}", connect_timeout_s=0.3) as pool:
            t0 = time.monotonic()
            with pytest.raises(TimeoutError) as info:
                await pool.request("GET", "/", [])
            assert 0.25 <= time.monotonic() - t0 < 3
            assert not isinstance(info.value, UpstreamError), (
                "the API says timeouts are the builtin TimeoutError"
            )
    finally:
        for s in fillers:
            s.close()
        listener.close()


# ---------------------------------------------------------------------------------------------
# Streaming and backpressure
# ---------------------------------------------------------------------------------------------


async def _send_big_chunked(conn: Conn, payload: bytes, piece: int = 64 * 1024) -> None:
    await conn.send(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
    for i in range(0, len(payload), piece):
        part = payload[i : i + piece]
        await conn.send(b"%x\r\n" % len(part) + part + b"\r\n")
        conn.sent += len(part)
    await conn.send(b"0\r\n\r\n")


@also_on_uvloop
async def test_20mb_chunked_stream_with_a_slow_consumer() -> None:
    payload = random.Random(1).randbytes(20 * 1024 * 1024)

    async def big(conn: Conn, req: bytes) -> None:
        await _send_big_chunked(conn, payload)

    async with (
        serve(by_path({"/big": big, "/ok": reply(http(b"ok"))})) as srv,
        pool_to(srv.url, read_idle_timeout_s=5, total_timeout_s=15) as pool,
    ):
        async with await pool.request("GET", "/big", []) as resp:
            h = hashlib.sha256()
            n = 0
            pieces = 0
            async for piece in resp.iter_any():
                h.update(piece)
                n += len(piece)
                pieces += 1
                if pieces <= 3:
                    await asyncio.sleep(0.05)  # slow at first
            assert n == len(payload)
            assert h.digest() == hashlib.sha256(payload).digest()
        await _assert_pool_still_works(pool)
        assert srv.accepted == 1


@also_on_uvloop
async def test_a_paused_consumer_stops_the_upstream() -> None:
    """Backpressure: while nobody iterates, the client stops reading the socket, so the
    server's writes block long before it has sent 20 MB."""
    payload = random.Random(2).randbytes(20 * 1024 * 1024)

    async def big(conn: Conn, req: bytes) -> None:
        await _send_big_chunked(conn, payload)

    async with (
        serve(by_path({"/big": big})) as srv,
        pool_to(srv.url, read_idle_timeout_s=5, total_timeout_s=15) as pool,
    ):
        async with await pool.request("GET", "/big", []) as resp:
            it = resp.iter_any().__aiter__()
            first = await it.__anext__()
            await asyncio.sleep(0.3)
            sent_a = srv.conns[0].sent
            await asyncio.sleep(0.2)
            sent_b = srv.conns[0].sent
            assert sent_b < len(payload), "the whole answer was read into memory: no backpressure"
            assert sent_a == sent_b, "the server kept sending while the consumer was paused"
            rest = b"".join([p async for p in it])
            assert first + rest == payload


@pytest.mark.parametrize("framing", ["chunked", "length", "until-close"])
async def test_iter_any_hands_over_the_first_piece_before_the_rest_is_sent(framing: str) -> None:
    gate = asyncio.Event()
    first, rest = b"data: first\n\n", b"data: second\n\ndata: [DONE]\n\n"
    if framing == "chunked":
        head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        part1, part2 = chunked([first])[:-5], chunked([rest])
    elif framing == "length":
        head = b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(first + rest)
        part1, part2 = first, rest
    else:
        head = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n"
        part1, part2 = first, rest

    async def sse(conn: Conn) -> None:
        await conn.read_request()
        await conn.send(head + part1)
        await asyncio.wait_for(gate.wait(), 5)
        await conn.send(part2)
        if framing != "until-close":
            await conn.wait_eof()

    async with serve(sse) as srv, pool_to(srv.url) as pool:
        async with await pool.request("POST", "/v1/chat/completions", [], b'{"stream": true}') as resp:
            it = resp.iter_any().__aiter__()
            got_first = await asyncio.wait_for(it.__anext__(), 2)
            assert got_first == first
            gate.set()
            got_rest = b"".join([p async for p in it])
            assert got_first + got_rest == first + rest


# ---------------------------------------------------------------------------------------------
# TLS
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tls_ca():
    trustme = pytest.importorskip("trustme")
    return trustme.CA()


@pytest.fixture(scope="module")
def tls_contexts(tls_ca) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """(server context with a cert for 127.0.0.1 and localhost, client context trusting the CA)."""
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls_ca.issue_cert("127.0.0.1", "localhost").configure_cert(server_ctx)
    client_ctx = ssl.create_default_context()
    tls_ca.configure_trust(client_ctx)
    return server_ctx, client_ctx


async def test_tls_round_trip_reuse_and_close(tls_contexts) -> None:
    server_ctx, client_ctx = tls_contexts
    routes = {"/base/c": reply(chunked_http([b"secure ", b"stream"])), "/base/l": reply(http(b"secure"))}
    async with serve(by_path(routes), ssl_ctx=server_ctx) as srv:
        pool = HttpPool(srv.url + "/base", ssl_context=client_ctx, read_idle_timeout_s=3, total_timeout_s=5)
        try:
            for target, want in [("/c", b"secure stream"), ("/l", b"secure")] * 2:
                async with await pool.request("POST", target, [("X-K", "v")], b"{}") as resp:
                    assert await resp.read() == want
            assert srv.accepted == 1
            line, pairs, body = parse_request(srv.requests[0])
            assert line == "POST /base/c HTTP/1.1"
            assert ("Host", f"127.0.0.1:{srv.port}") in pairs and body == b"{}"
        finally:
            await pool.close()
        assert pool.open_connections == 0
        assert await srv.conn_closed_by_client(0)


async def test_tls_with_an_untrusted_certificate_is_a_connect_error(tls_contexts) -> None:
    server_ctx, _ = tls_contexts
    async with serve(keep_answering(http(b"ok")), ssl_ctx=server_ctx) as srv, pool_to(srv.url) as pool:
        with pytest.raises(UpstreamConnectError):
            await pool.request("GET", "/", [])
        assert srv.requests == []
        assert pool.open_connections == 0


async def test_private_ca_trusted_through_ssl_cert_file(tls_contexts, tls_ca, tmp_path, monkeypatch) -> None:
    # How an operator trusts an upstream's private CA (README, upstreams): OpenSSL's own
    # SSL_CERT_FILE, read when the process's default context is built (once, by the first https pool).
    server_ctx, _ = tls_contexts
    pem = tmp_path / "private-ca.pem"
    tls_ca.cert_pem.write_to_path(str(pem))
    monkeypatch.setenv("SSL_CERT_FILE", str(pem))
    default_ssl_context.cache_clear()
    try:
        async with serve(keep_answering(http(b"ok")), ssl_ctx=server_ctx) as srv, pool_to(srv.url) as pool:
            async with await pool.request("GET", "/", []) as resp:
                assert await resp.read() == b"ok"
    finally:
        monkeypatch.undo()
        default_ssl_context.cache_clear()  # later tests get the system store again


async def test_tls_with_a_certificate_for_another_name_is_a_connect_error(tls_ca) -> None:
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls_ca.issue_cert("other.example").configure_cert(server_ctx)
    client_ctx = ssl.create_default_context()
    tls_ca.configure_trust(client_ctx)
    async with (
        serve(keep_answering(http(b"ok")), ssl_ctx=server_ctx) as srv,
        pool_to(srv.url, ssl_context=client_ctx) as pool,
    ):
        with pytest.raises(UpstreamConnectError):
            await pool.request("GET", "/", [])
        assert srv.requests == []


async def test_tls_closed_in_the_middle_of_the_body(tls_contexts) -> None:
    server_ctx, client_ctx = tls_contexts

    async def cut(conn: Conn) -> None:
        await conn.read_request()
        await conn.send(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789")
        await asyncio.sleep(0.05)

    async with serve(cut, ssl_ctx=server_ctx) as srv, pool_to(srv.url, ssl_context=client_ctx) as pool:
        async with await pool.request("GET", "/", []) as resp:
            with pytest.raises(UpstreamResetError):
                await resp.read()


# ---------------------------------------------------------------------------------------------
# Property: any body, any framing, any split of the wire bytes
# ---------------------------------------------------------------------------------------------

bodies = st.one_of(
    st.binary(max_size=300),
    st.builds(
        lambda n, seed: random.Random(seed).randbytes(n), st.integers(0, 64 * 1024), st.integers(0, 2**32)
    ),
)
sizes = st.lists(st.one_of(st.integers(1, 16), st.integers(1, 20000)), min_size=1, max_size=12)


def _cut(data: bytes, cuts: list[int], limit: int) -> list[bytes]:
    """`data` cut at the (cycled) sizes in `cuts`; past `limit` pieces the rest is one piece
    (tiny cuts of a 64 KB body would otherwise mean tens of thousands of writes)."""
    out, i, k = [], 0, 0
    while i < len(data):
        n = cuts[k % len(cuts)] if k < limit else len(data)
        out.append(data[i : i + n])
        i += n
        k += 1
    return out


async def _round_trip(
    body: bytes, chunk_sizes: list[int], cuts: list[int], ext: bool, use_iter: bool
) -> None:
    pieces = _cut(body, chunk_sizes, 2000)
    wires = {
        "/chunked": chunked_http(pieces, ext=";k=v" if ext else "", trailers=[("X-T", "1")] if ext else []),
        "/length": http(body),
    }

    async def handler(conn: Conn) -> None:
        while (req := await conn.read_request()) is not None:
            for part in _cut(wires[target_of(req)], cuts, 300):
                await conn.send(part)
                await asyncio.sleep(0)

    async with serve(handler) as srv, pool_to(srv.url) as pool:
        for target in ("/chunked", "/length", "/chunked"):
            async with await pool.request("GET", target, []) as resp:
                if use_iter:
                    got = b"".join([p async for p in resp.iter_any()])
                else:
                    got = await resp.read()
                assert got == body, (target, len(got), len(body))
        assert srv.accepted == 1


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies, chunk_sizes=sizes, cuts=sizes, ext=st.booleans(), use_iter=st.booleans())
def test_any_body_survives_any_framing_and_any_split(
    body: bytes, chunk_sizes: list[int], cuts: list[int], ext: bool, use_iter: bool
) -> None:
    asyncio.run(_round_trip(body, chunk_sizes, cuts, ext, use_iter))


# ---------------------------------------------------------------------------------------------
# The same scenarios on uvloop, the gateway's production loop
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "scenario", UVLOOP_SCENARIOS, ids=[f.__name__.removeprefix("test_") for f in UVLOOP_SCENARIOS]
)
def test_under_uvloop(scenario: Callable[[], Awaitable[None]]) -> None:
    uvloop = pytest.importorskip("uvloop")
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        runner.run(scenario())
