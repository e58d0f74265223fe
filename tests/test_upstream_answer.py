"""The answer's body as the data path reads it (gateway/dataplane/upstream_answer.py): whole and
bounded, chunk by chunk with backpressure, teed, and released early. A real Connection on a
real socket pair feeds it (tests/test_http_connection.py has the helpers' twin)."""

from __future__ import annotations

import asyncio

import pytest
from test_http_connection import connection, exchange

from gateway.dataplane.upstream_answer import HIGH_WATER
from gateway.upstream_errors import AnswerTooLargeError, UpstreamResetError


class Tee:
    def __init__(self) -> None:
        self.data = b""

    def add(self, data: bytes) -> None:
        self.data += data


async def test_read_returns_the_whole_body_and_tees_it() -> None:
    async with connection() as (conn, peer):
        resp = await exchange(conn, peer, b"HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello", b" world")
        resp.tee = Tee()
        assert await resp.read(limit=11) == b"hello world"
        assert resp.tee.data == b"hello world"
        assert conn.reusable


async def test_a_declared_length_over_the_limit_is_refused_before_reading() -> None:
    async with connection() as (conn, peer):
        resp = await exchange(conn, peer, b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n")
        with pytest.raises(AnswerTooLargeError, match="100 bytes"):
            await resp.read(limit=10)
        assert conn.transport is not None and conn.transport.is_closing()  # dropped, never reused


async def test_an_undeclared_length_over_the_limit_is_refused_as_it_arrives() -> None:
    body = b"x" * 64
    async with connection() as (conn, peer):
        resp = await exchange(
            conn, peer, b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n" + body + b"\r\n"
        )
        with pytest.raises(AnswerTooLargeError, match="over 10 bytes"):
            await resp.read(limit=10)
        assert not conn.reusable


async def test_a_stream_pauses_the_socket_past_high_water_and_resumes_when_read() -> None:
    loop = asyncio.get_running_loop()
    async with connection() as (conn, peer):
        resp = await exchange(conn, peer, b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
        size = HIGH_WATER + 4096
        await loop.sock_sendall(peer, b"%x\r\n" % size + b"y" * size + b"\r\n")  # the answer goes on
        for _ in range(200):
            if conn.paused:
                break
            await asyncio.sleep(0.005)
        assert conn.paused  # the reader has not taken anything: stop reading the socket
        got = b""
        async for data in resp.iter_any():
            got += data
            if len(got) == size:
                assert not conn.paused  # taking the buffer resumed the socket
                await loop.sock_sendall(peer, b"0\r\n\r\n")
        assert got == b"y" * size and conn.reusable


async def test_release_before_the_end_drops_the_connection() -> None:
    async with connection() as (conn, peer):
        resp = await exchange(conn, peer, b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf")
        await asyncio.sleep(0.01)
        resp.release()
        assert not conn.reusable and conn.transport is not None and conn.transport.is_closing()


async def test_an_upstream_that_closes_mid_body_is_an_error_not_a_short_answer() -> None:
    async with connection() as (conn, peer):
        resp = await exchange(conn, peer, b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf")
        peer.close()
        with pytest.raises(UpstreamResetError):
            await resp.read()


async def test_read_until_close_ends_at_the_close() -> None:
    async with connection() as (conn, peer):
        resp = await exchange(conn, peer, b"HTTP/1.1 200 OK\r\n\r\nall of it")
        await asyncio.sleep(0.01)
        peer.close()
        assert await resp.read() == b"all of it"
        assert not conn.reusable
