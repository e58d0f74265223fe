"""Chaos through real servers: upstreams that reset or hang, clients that trickle headers,
config reloads under load. The gateway must answer with its own bounded errors, keep
serving the healthy traffic next to the sick, and leak nothing (in-flight back to zero).
"""

from __future__ import annotations

import asyncio
import time

import pytest
from harness import running_gateway

CONFIG = """
version: 1
server: {listen: "127.0.0.1:0", admin_listen: "127.0.0.1:0", client_header_timeout_s: 1.5}
upstreams:
  mock: {url: "MOCK_URL", timeout_s: 2.0, read_idle_timeout_s: 0.8}
filters:
  kw: {type: keywords, deny: ["forbidden-topic"], action: block}
routes:
  - name: chat
    match: {path: /v1/chat/completions}
    protocol: openai-chat
    filters: [kw]
    response_filters: [kw]
    upstream: mock
"""


def chat(content: str, **extra: object) -> dict:
    return {"model": "gpt-4o", "messages": [{"role": "user", "content": content}], **extra}


@pytest.fixture
async def gw():
    async with running_gateway(CONFIG) as running:
        yield running


async def _stream(gw, headers: dict[str, str]) -> tuple[int, str]:
    async with gw.client.post(
        gw.url + "/v1/chat/completions", json=chat("a b c d e f g h", stream=True), headers=headers
    ) as r:
        return r.status, (await r.read()).decode()


async def _inflight_zero(gw, within: float = 3.0) -> None:
    deadline = time.monotonic() + within
    while gw.gateway.current.inflight and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert gw.gateway.current.inflight == 0


async def test_resets_and_hangs_mid_stream_next_to_healthy_traffic(gw):
    t0 = time.perf_counter()
    resets = [_stream(gw, {"x-mock-reset-after": "2"}) for _ in range(20)]
    hangs = [_stream(gw, {"x-mock-hang-after-headers": "1"}) for _ in range(10)]
    healthy = [_stream(gw, {}) for _ in range(20)]
    results = await asyncio.wait_for(asyncio.gather(*resets, *hangs, *healthy), timeout=15)
    elapsed = time.perf_counter() - t0
    for status, text in results[:20]:
        assert status == 200 and '"code":"upstream_unreachable"' in text and "[DONE]" not in text
    for _status, text in results[20:30]:
        assert '"code":"upstream_timeout"' in text and "[DONE]" not in text
    for status, text in results[30:]:
        assert status == 200 and text.rstrip().endswith("data: [DONE]")
    assert elapsed < 5  # hangs are bounded by read_idle_timeout_s, not by the client
    await _inflight_zero(gw)
    r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("still alive"))
    assert r.status == 200


async def _slowloris(port: int, gap_s: float, limit_s: float, first: bytes = b"") -> tuple[float, int]:
    """Send a request head one byte every gap_s; return (seconds until closed, bytes sent).
    `first`: a complete request sent (and answered) before, so the slow head is the second
    request on a kept-alive connection."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    if first:
        writer.write(first)
        answer = await asyncio.wait_for(reader.read(65536), timeout=2)
        assert answer.startswith(b"HTTP/1.1 200"), answer[:100]
    head = b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    t0 = time.monotonic()
    sent = 0
    try:
        for byte in head * 10:
            if time.monotonic() - t0 > limit_s:
                break
            try:
                writer.write(bytes([byte]))
                await writer.drain()
            except (ConnectionError, OSError):
                break
            sent += 1
            try:
                if await asyncio.wait_for(reader.read(1), timeout=gap_s) == b"":
                    break  # EOF: the gateway closed us
            except TimeoutError:
                continue
    finally:
        writer.close()
    return time.monotonic() - t0, sent


async def test_slowloris_client_is_closed_within_header_timeout(gw):
    port = int(gw.url.rsplit(":", 1)[1])
    task = asyncio.gather(*[_slowloris(port, 0.5, 8.0) for _ in range(5)])
    await asyncio.sleep(0.3)
    # healthy clients are served while the trickling ones hold their sockets
    r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("hello"))
    assert r.status == 200
    for held, sent in await task:
        assert 1.4 <= held < 3.0, held  # client_header_timeout_s: 1.5, checked every 0.5 s
        assert sent < 8
    r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("hello again"))
    assert r.status == 200


async def test_slowloris_on_a_kept_alive_connection_is_closed_too(gw):
    port = int(gw.url.rsplit(":", 1)[1])
    first = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    held, sent = await _slowloris(port, 0.5, 8.0, first=first)
    assert 1.4 <= held < 3.0, held
    assert sent < 8


async def test_normal_clients_unaffected_by_header_timeout(gw):
    """A kept-alive connection idle longer than the header timeout is still served."""
    r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("one"))
    assert r.status == 200
    await asyncio.sleep(1.7)
    r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("two"))
    assert r.status == 200


async def test_config_reload_under_load_fails_no_request(gw):
    original = gw.config_path.read_text()
    statuses: list[int] = []
    errors: list[BaseException] = []

    async def one(i: int) -> None:
        stream = i % 3 == 0
        try:
            async with gw.client.post(
                gw.url + "/v1/chat/completions",
                json=chat(f"request {i}", stream=stream),
                headers={"x-mock-delay-ms": str(i % 7 * 20)},
            ) as r:
                text = (await r.read()).decode()
                statuses.append(r.status)
                if stream:
                    assert text.rstrip().endswith("data: [DONE]"), text[-200:]
        except Exception as exc:  # counted as a failure below
            errors.append(exc)

    async def reloads() -> list[int]:
        codes = []
        for n in range(5):
            gw.config_path.write_text(original.replace("forbidden-topic", f"forbidden-topic-{n}"))
            r = await gw.admin("POST", "/admin/config/reload")
            codes.append(r.status)
            await asyncio.sleep(0.05)
        return codes

    versions = {gw.gateway.current.loaded.version}
    load = asyncio.gather(*[one(i) for i in range(300)])
    codes = await reloads()
    await asyncio.wait_for(load, timeout=30)
    versions.add(gw.gateway.current.loaded.version)
    assert codes == [200] * 5
    assert not errors, errors[:3]
    assert statuses == [200] * 300
    assert len(versions) == 2
    await _inflight_zero(gw)


async def test_body_arriving_in_pieces_is_forwarded_whole(gw):
    """The head arrives alone and the body in two pieces 0.2 s apart: the gateway takes the
    buffered part at once and waits for the rest (Content-Length), the upstream sees it all."""
    import json

    port = int(gw.url.rsplit(":", 1)[1])
    body = json.dumps(chat("piece by piece " * 40)).encode()
    head = (
        b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n"
    )
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(head)
        await writer.drain()
        await asyncio.sleep(0.2)
        writer.write(body[:100])
        await writer.drain()
        await asyncio.sleep(0.2)
        writer.write(body[100:])
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(65536), timeout=5)
    finally:
        writer.close()
    assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
    seen = gw.mock.requests[-1]
    assert seen["body"] == body
