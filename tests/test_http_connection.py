"""One upstream connection and its HTTP/1.1 answer parser (gateway/dataplane/http_connection.py).

A real Connection on a real socket pair: the test is the upstream, writes answer bytes (whole
or cut anywhere) and checks what the parser made of them, and that every head the gateway
must not trust is refused and the connection dropped. The pool's behaviour (reuse, limits,
timeouts) is tested in tests/test_http_client.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator

import pytest

from gateway.dataplane.http_client import HttpPool
from gateway.dataplane.http_connection import MAX_HEAD_BYTES, Connection, _is_digits
from gateway.dataplane.upstream_answer import UpstreamResponse
from gateway.upstream_errors import UpstreamProtocolError


@contextlib.asynccontextmanager
async def connection() -> AsyncIterator[tuple[Connection, socket.socket]]:
    """A Connection on one end of a socket pair; the other end is the upstream."""
    loop = asyncio.get_running_loop()
    pool = HttpPool("http://127.0.0.1:9", read_idle_timeout_s=5.0)
    pool._loop = loop
    ours, theirs = socket.socketpair()
    theirs.setblocking(False)
    _, conn = await loop.create_connection(lambda: Connection(pool), sock=ours)
    try:
        yield conn, theirs
    finally:
        conn.abort()
        theirs.close()
        await pool.close()


async def exchange(
    conn: Connection, peer: socket.socket, *pieces: bytes, method: str = "GET"
) -> UpstreamResponse:
    """Send a request, answer it with `pieces` (written one by one), return the parsed head."""
    loop = asyncio.get_running_loop()
    waiter = conn.send(f"{method} / HTTP/1.1\r\nHost: x\r\n\r\n".encode(), b"", method == "HEAD")
    conn.deadline = loop.time() + 5.0
    conn.arm(loop.time())
    request = await loop.sock_recv(peer, 65536)
    assert request.startswith(method.encode())
    for piece in pieces:
        await loop.sock_sendall(peer, piece)
        await asyncio.sleep(0)
    return await asyncio.wait_for(waiter, 5.0)


async def test_content_length_answer_and_keep_alive_timeout() -> None:
    async with connection() as (conn, peer):
        resp = await exchange(
            conn,
            peer,
            b"HTTP/1.1 201 Created\r\nContent-Length: 5\r\nKeep-Alive: timeout=10\r\nX-A: \t v \r\n\r\nhello",
        )
        assert (resp.status, resp.reason, resp.content_length) == (201, "Created", 5)
        assert resp.headers["x-a"] == "v"  # optional whitespace around the value is not the value
        assert await resp.read() == b"hello"
        assert conn.reusable and conn.keepalive_s == 9  # a second of margin before the upstream's own


async def test_chunked_answer_cut_at_every_byte() -> None:
    answer = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n"
    async with connection() as (conn, peer):
        resp = await exchange(conn, peer, *(answer[i : i + 1] for i in range(len(answer))))
        assert resp.content_length is None
        assert await resp.read() == b"hello world"
        assert conn.reusable


async def test_interim_answers_are_skipped_and_head_answers_have_no_body() -> None:
    async with connection() as (conn, peer):
        resp = await exchange(
            conn,
            peer,
            b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 42\r\n\r\n",
            method="HEAD",
        )
        assert resp.status == 200 and await resp.read() == b""


async def test_an_http10_answer_without_keep_alive_is_not_reused() -> None:
    async with connection() as (conn, peer):
        resp = await exchange(conn, peer, b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok")
        assert await resp.read() == b"ok" and not conn.reusable


@pytest.mark.parametrize(
    "head",
    [
        b"HTTP/1.1 200 OK\r\nX-A: a\x00b\r\nContent-Length: 0\r\n\r\n",  # NUL in a value
        b"HTTP/1.1 200 O\x01K\r\nContent-Length: 0\r\n\r\n",  # a control byte in the reason
        b"HTTP/1.1 200 OK\r\nX-A: a\x7f\r\nContent-Length: 0\r\n\r\n",  # DEL
        b"HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n",  # not a status code
        b"HTTP/1.1 \xb2\xb2\xb2 OK\r\nContent-Length: 0\r\n\r\n",  # Latin-1 superscript digits
        b"HTTP/1.1 099 Odd\r\nContent-Length: 0\r\n\r\n",  # outside 100-599
        b"HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n",  # not HTTP/1.x
        b"HTTP/1.1 200 OK\r\nBad Name: x\r\nContent-Length: 0\r\n\r\n",  # a space in a name
        b"HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nX-A: a\rb\r\nContent-Length: 0\r\n\r\n",  # a bare CR inside a line
        b"HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\n",  # conflicting lengths
        b"HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello",
        b"HTTP/1.1 200 OK\r\nContent-Length: 1234567890123456789\r\n\r\n",  # over 18 digits
        b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",  # a bad chunk size
        b"HTTP/1.1 200 OK\r\nX: " + b"a" * MAX_HEAD_BYTES + b"\r\n\r\n",  # a head over the bound
    ],
)
async def test_heads_the_gateway_cannot_trust_are_refused(head: bytes) -> None:
    async with connection() as (conn, peer):
        with pytest.raises(UpstreamProtocolError):
            resp = await exchange(conn, peer, head)
            await resp.read()  # a framing error may only show once the body is read
        assert not conn.reusable


async def test_tabs_and_latin1_letters_in_values_are_accepted() -> None:
    async with connection() as (conn, peer):
        resp = await exchange(
            conn, peer, b"HTTP/1.1 200 OK\r\nX-A: caf\xe9\tbar\r\nContent-Length: 0\r\n\r\n"
        )
        assert resp.headers["x-a"] == "caf\xe9\tbar"


async def test_bytes_past_the_answer_make_the_connection_unusable() -> None:
    async with connection() as (conn, peer):
        resp = await exchange(conn, peer, b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA")
        assert await resp.read() == b"ok"
        assert not conn.reusable


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("200", True),
        ("0", True),
        ("1" * 18, True),
        ("1" * 19, False),
        ("", False),
        ("+1", False),
        ("\xb2", False),
    ],
)
def test_is_digits(text: str, ok: bool) -> None:
    assert _is_digits(text) is ok
