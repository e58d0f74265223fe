"""Issue 16 rows 3, 4 and 9: every phase of a client connection has a timeout on both
listeners, and complete answers read whole have a size bound."""

from __future__ import annotations

import asyncio
import time

import orjson
import pytest
from hardening_util import port_of
from harness import running_gateway
from test_hardening_framing import upstream
from test_http_client import Conn, serve

TIMEOUTS = """
version: 1
server: {listen: "127.0.0.1:0", admin_listen: "127.0.0.1:0", client_header_timeout_s: 0.6,
         client_body_timeout_s: 0.5, client_keepalive_timeout_s: 0.5}
upstreams:
  mock: {url: "MOCK_URL"}
routes:
  - name: chat
    match: {path: /v1/chat/completions}
    upstream: mock
"""


async def _until_closed(reader: asyncio.StreamReader, limit: float) -> tuple[bytes, float]:
    t0 = time.monotonic()
    out = bytearray()
    async with asyncio.timeout(limit):
        while chunk := await reader.read(65536):
            out += chunk
    return bytes(out), time.monotonic() - t0


async def test_head_without_its_body_is_answered_408_and_closed():
    async with running_gateway(TIMEOUTS) as gw:
        conns = []
        for _ in range(20):  # heads, no bodies: each held only client_body_timeout_s
            reader, writer = await asyncio.open_connection("127.0.0.1", port_of(gw.url))
            writer.write(
                b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b'Content-Length: 100\r\n\r\n{"model":'
            )
            conns.append((reader, writer))
        await asyncio.sleep(0.1)
        assert gw.gateway.inflight == 20
        for reader, writer in conns:
            data, took = await _until_closed(reader, 3.0)
            assert data.startswith(b"HTTP/1.1 408"), data[:100]
            assert b'"code":"body_timeout"' in data
            writer.close()
        assert gw.gateway.inflight == 0


async def test_chunked_body_that_stops_is_answered_408():
    async with running_gateway(TIMEOUTS) as gw:
        reader, writer = await asyncio.open_connection("127.0.0.1", port_of(gw.url))
        writer.write(
            b'POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"a":\r\n'
        )
        data, took = await _until_closed(reader, 3.0)
        assert data.startswith(b"HTTP/1.1 408") and took < 2.0
        writer.close()


@pytest.mark.parametrize("plane", ["data", "admin"])
async def test_idle_keepalive_connection_is_closed(plane):
    async with running_gateway(TIMEOUTS) as gw:
        url = gw.url if plane == "data" else gw.admin_url
        reader, writer = await asyncio.open_connection("127.0.0.1", port_of(url))
        writer.write(
            b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
            if plane == "data"
            else b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )
        data, took = await _until_closed(reader, 3.0)  # answered, then closed when idle
        assert data.startswith(b"HTTP/1.1 200") and 0.4 < took < 2.0, took
        writer.close()


async def test_admin_listener_closes_a_slowloris_head():
    async with running_gateway(TIMEOUTS) as gw:
        reader, writer = await asyncio.open_connection("127.0.0.1", port_of(gw.admin_url))
        t0 = time.monotonic()
        closed = False
        for byte in b"GET /admin/config HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100:
            try:
                writer.write(bytes([byte]))
                await writer.drain()
            except ConnectionError:
                closed = True
                break
            try:
                if await asyncio.wait_for(reader.read(1), 0.1) == b"":
                    closed = True
                    break
            except TimeoutError:
                pass
        assert closed and time.monotonic() - t0 < 2.0
        writer.close()


SCREENED = """
version: 1
server: {listen: "127.0.0.1:0", admin_listen: "127.0.0.1:0", max_answer_bytes: 1048576}
upstreams:
  raw: {url: "RAW_URL", timeout_s: 10}
  pinned: {url: "RAW_URL", timeout_s: 10, expect_model: "m"}
filters:
  kw: {type: keywords, deny: ["never-said"], action: block}
routes:
  - name: screened
    match: {path: /v1/chat/completions}
    response_filters: [kw]
    upstream: raw
  - name: pinned
    match: {path: /v1/pinned/chat/completions}
    upstream: pinned
"""


async def _endless_json(conn: Conn, req: bytes) -> bool:
    await conn.send(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    piece = b'{"pad": "' + b"x" * 65000 + b'",'
    try:
        for _ in range(100_000):  # ~6.5 GB if nobody stops it
            await conn.send(b"%x\r\n%s\r\n" % (len(piece), piece))
    except ConnectionError:
        pass
    conn.server.sent_until_closed = True  # type: ignore[attr-defined]
    return False


async def _declared_huge(conn: Conn, req: bytes) -> bool:
    await conn.send(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000000000\r\n\r\n{"
    )
    await conn.wait_eof()
    return False


@pytest.mark.parametrize("script", [_endless_json, _declared_huge])
@pytest.mark.parametrize("path", ["/v1/chat/completions", "/v1/pinned/chat/completions"])
async def test_complete_answer_over_max_answer_bytes_is_a_502(script, path):
    async with serve(upstream(script)) as up, running_gateway(SCREENED.replace("RAW_URL", up.url)) as gw:
        t0 = time.monotonic()
        r = await gw.client.post(
            gw.url + path, json={"model": "m", "messages": [{"role": "user", "content": "hi"}]}
        )
        assert r.status == 502
        assert (await r.json())["error"]["code"] == "answer_too_large"
        assert time.monotonic() - t0 < 5
        assert await up.conn_closed_by_client(0)  # the gateway stopped reading and hung up
        assert gw.gateway.inflight == 0
        body = orjson.dumps({"model": "m", "messages": [{"role": "user", "content": "hi"}]})
        assert body  # the gateway keeps serving (next request goes to a fresh connection)


STREAMED = """
version: 1
upstreams:
  raw: {url: "RAW_URL", timeout_s: 20}
filters:
  kw: {type: keywords, deny: ["never-said"], action: block}
routes:
  - name: screened
    match: {path: /v1/chat/completions}
    response_filters: [kw]
    upstream: raw
"""


async def _endless_event(conn: Conn, req: bytes) -> bool:
    await conn.send(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    piece = b"data: " + b"x" * 65000
    try:
        for _ in range(100_000):  # one event that never ends: ~6.5 GB if held
            await conn.send(b"%x\r\n%s\r\n" % (len(piece), piece))
    except ConnectionError:
        pass
    return False


async def test_screened_stream_holds_at_most_one_bounded_event():
    from gateway.protocols.sse import MAX_EVENT_BYTES

    async with (
        serve(upstream(_endless_event)) as up,
        running_gateway(STREAMED.replace("RAW_URL", up.url)) as gw,
    ):
        r = await gw.client.post(
            gw.url + "/v1/chat/completions",
            json={"model": "m", "stream": True, "messages": [{"role": "user", "content": "hi"}]},
        )
        body = await r.read()
        # A screened stream it cannot read ends with the unreadable-answer error event.
        assert r.status == 200 and b'"code":"unreadable_answer"' in body
        assert len(body) < MAX_EVENT_BYTES  # the unterminated event never reached the client
        assert await up.conn_closed_by_client(0)


@pytest.mark.parametrize("piece", [1, 2, 3, 7, 64])
def test_sse_splitter_finds_every_event_however_the_bytes_are_cut(piece):
    from gateway.protocols.sse import SseSplitter

    stream = b"data: one\n\n: keep-alive\n\nevent: x\ndata: two\r\n\r\ndata: " + b"3" * 200 + b"\n\n"
    splitter = SseSplitter()
    events = []
    for i in range(0, len(stream), piece):
        events += [e.data for e in splitter.feed(stream[i : i + piece])]
    assert events == ["one", None, "two", "3" * 200] and splitter.rest() == b""


async def test_drain_answers_bodiless_requests_at_once_instead_of_waiting_its_grace():
    cfg = TIMEOUTS.replace("client_body_timeout_s: 0.5", "client_body_timeout_s: 30, drain_grace_s: 20")
    async with running_gateway(cfg) as gw:
        reader, writer = await asyncio.open_connection("127.0.0.1", port_of(gw.url))
        writer.write(b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
        await asyncio.sleep(0.2)
        assert gw.gateway.inflight == 1
        t0 = time.monotonic()
        drain = asyncio.create_task(gw.server.shutdown())
        data, _ = await _until_closed(reader, 3.0)
        assert data.startswith(b"HTTP/1.1 503") and b'"code":"draining"' in data
        await asyncio.wait_for(drain, 3.0)
        assert time.monotonic() - t0 < 2.0  # not the 20 s grace, not the 30 s body timeout
        writer.close()
