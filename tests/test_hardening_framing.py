"""Issue 16 rows 2, 6 and 10: what a misbehaving upstream can do to the client's framing.

Row 2: a pass-through answer that fails after its head was sent must not get a second
`HTTP/1.1 502` head written inside its body; the body ends unfinished and the connection
closes, so a pipelined request behind it is never answered out of step.
"""

from __future__ import annotations

import asyncio
import logging

import orjson
import pytest
from hardening_util import port_of
from harness import running_gateway
from test_http_client import Conn, serve

CONFIG = """
version: 1
upstreams:
  raw: {url: "RAW_URL", timeout_s: 3, read_idle_timeout_s: 0.5}
routes:
  - name: plain
    match: {path: /v1/, prefix: true}
    protocol: generic-json
    paths: ["$.input"]
    upstream: raw
"""


def upstream(script):
    """A byte-scripted upstream: `script(conn, request_bytes)` answers each request."""

    async def handler(conn: Conn) -> None:
        while (req := await conn.read_request()) is not None:
            if await script(conn, req) is False:
                return

    return handler


def gateway_config(url: str) -> str:
    return CONFIG.replace("RAW_URL", url)


def req(path: str, body: bytes = b'{"input": "hi"}') -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: gw\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


async def read_all(port: int, data: bytes, timeout: float = 5.0) -> tuple[bytes, bool]:
    """Send, read until the gateway closes; (bytes, closed_by_gateway)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(data)
    await writer.drain()
    out = bytearray()
    closed = False
    try:
        async with asyncio.timeout(timeout):
            while chunk := await reader.read(65536):
                out += chunk
            closed = True
    except TimeoutError:
        pass
    finally:
        writer.close()
    return bytes(out), closed


BIG = 2 * 1024 * 1024  # over the 1 MiB one-write limit: the pass-through streams it


async def _sized_then_reset(conn: Conn, req: bytes) -> bool:
    await conn.send(
        f"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {BIG}\r\n\r\n".encode()
    )
    await conn.send(b"x" * (BIG // 2))
    conn.reset()
    return False


async def _chunked_then_stall(conn: Conn, req: bytes) -> bool:
    await conn.send(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n")
    await conn.send(b"5\r\nhello\r\n")
    await conn.wait_eof()  # never finishes: the gateway's read_idle_timeout_s (0.5 s) fires
    return False


async def _ok(conn: Conn, req: bytes) -> None:
    await conn.send(
        b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"ok": true}'[:-1]
        + b"}"
    )


@pytest.mark.parametrize(
    ("script", "outcome"), [(_sized_then_reset, "unreachable"), (_chunked_then_stall, "timeout")]
)
async def test_failure_mid_body_never_writes_a_second_head_and_closes(script, outcome, caplog):
    caplog.set_level(logging.INFO, logger="aigw.access")

    async def route(conn: Conn, raw: bytes):
        return await (script if b"/v1/broken" in raw else _ok)(conn, raw)

    async with serve(upstream(route)) as up, running_gateway(gateway_config(up.url)) as gw:
        # Two pipelined requests on one keep-alive connection: the first answer breaks.
        data, closed = await read_all(port_of(gw.url), req("/v1/broken") + req("/v1/next"))
        assert closed, "the gateway must close the connection of a broken answer"
        assert data.startswith(b"HTTP/1.1 200")
        assert data.count(b"HTTP/1.1 ") == 1, data[-300:]  # no 502/504 head inside the body
        assert b"upstream_" not in data
        if script is _chunked_then_stall:
            assert data.endswith(b"5\r\nhello\r\n")  # no terminating 0-chunk: visibly cut
        else:
            assert len(data.split(b"\r\n\r\n", 1)[1]) < BIG
        r = await gw.client.post(gw.url + "/v1/next", json={"input": "still fine"})
        assert r.status == 200
    lines = [orjson.loads(r.message) for r in caplog.records if r.name == "aigw.access"]
    assert lines[0]["path"] == "/v1/broken" and lines[0]["outcome"] == outcome
    assert lines[0]["error"] == ("upstream_timeout" if outcome == "timeout" else "upstream_unreachable")


def _answer_with(head_lines: bytes, body: bytes = b'{"ok": true}'):
    async def script(conn: Conn, req: bytes) -> None:
        await conn.send(head_lines + b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)

    return script


@pytest.mark.parametrize(
    "head",
    [
        b"HTTP/1.1 200 OK\r\nX-Evil: a\x00b\r\n",  # row 6
        b"HTTP/1.1 600 Weird\r\n",  # row 10
        b"HTTP/1.1 999 Weird\r\n",
        b"HTTP/1.7 200 OK\r\n",
    ],
    ids=["nul-header", "status-600", "status-999", "http-1.7"],
)
async def test_malformed_upstream_head_is_a_clean_502_and_logged_as_such(head, caplog):
    caplog.set_level(logging.INFO, logger="aigw.access")
    async with serve(upstream(_answer_with(head))) as up, running_gateway(gateway_config(up.url)) as gw:
        r = await gw.client.post(gw.url + "/v1/x", json={"input": "hi"})
        assert r.status == 502
        assert (await r.json())["error"]["code"] == "upstream_unreachable"
    [line] = [orjson.loads(r.message) for r in caplog.records if r.name == "aigw.access"]
    assert line["status"] == 502 and line["outcome"] == "unreachable"


async def test_headers_nominated_by_connection_are_not_forwarded_either_way():
    seen: list[bytes] = []

    async def script(conn: Conn, raw: bytes) -> None:
        seen.append(raw)
        await _answer_with(
            b"HTTP/1.1 200 OK\r\nConnection: keep-alive, X-Upstream-Hop\r\nX-Upstream-Hop: secret\r\n"
            b"X-Kept: yes\r\nContent-Type: application/json\r\n"
        )(conn, raw)

    async with serve(upstream(script)) as up, running_gateway(gateway_config(up.url)) as gw:
        r = await gw.client.post(
            gw.url + "/v1/x",
            json={"input": "hi"},
            headers={"Connection": "keep-alive, X-Client-Hop", "X-Client-Hop": "private", "X-Other": "ok"},
        )
        assert r.status == 200
        assert "X-Upstream-Hop" not in r.headers and r.headers["X-Kept"] == "yes"
    head = seen[0].split(b"\r\n\r\n", 1)[0].lower()
    assert b"x-client-hop" not in head and b"x-other: ok" in head
