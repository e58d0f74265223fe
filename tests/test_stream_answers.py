"""Streamed answers (gateway/dataplane/stream_answers.py) through a real gateway and mock: relayed
as sent, a pinned model checked on the first event, and an upstream that stalls or resets
mid-stream ends the stream with an error event (the 200 head is already gone)."""

from __future__ import annotations

import base64
from typing import Any

import orjson
from harness import running_gateway

CFG = """
version: 1
upstreams:
  mock: {url: "MOCK_URL", read_idle_timeout_s: 0.3}
  pinned: {url: "MOCK_URL", expect_model: "gpt-4o*", on_model_mismatch: block}
routes:
  - {name: pinned, match: {path: /v1/chat/completions, headers: {x-route: pinned}}, upstream: pinned}
  - {name: plain, match: {path: /v1/chat/completions}, upstream: mock}
"""
STREAM = {"model": "gpt-4o", "stream": True, "messages": [{"role": "user", "content": "one two three"}]}


async def stream(gw: Any, headers: dict[str, str]) -> tuple[int, str, list[bytes]]:
    async with gw.client.post(gw.url + "/v1/chat/completions", json=STREAM, headers=headers) as r:
        return r.status, r.headers.get("Content-Type", ""), [chunk async for chunk in r.content.iter_any()]


def data_events(chunks: list[bytes]) -> list[bytes]:
    return [line[6:] for line in b"".join(chunks).split(b"\n") if line.startswith(b"data: ")]


async def test_a_stream_is_relayed_as_the_upstream_sent_it() -> None:
    sent = b"".join(
        b"data: " + orjson.dumps({"choices": [{"index": 0, "delta": {"content": w}}]}) + b"\n\n"
        for w in "abc"
    )
    sent += b": comment\n\ndata: [DONE]\n\n"
    headers = {
        "x-mock-raw": base64.b64encode(sent).decode(),
        "x-mock-content-type": "text/event-stream",
        "x-mock-raw-split": "7",
    }
    async with running_gateway(CFG) as gw:
        status, ctype, chunks = await stream(gw, headers)
    assert status == 200 and ctype.startswith("text/event-stream")
    assert b"".join(chunks) == sent  # byte for byte, comments and all


async def test_a_pinned_stream_with_another_model_ends_with_an_error_event() -> None:
    async with running_gateway(CFG) as gw:
        status, _, chunks = await stream(gw, {"x-route": "pinned"})
        assert status == 200 and data_events(chunks)[-1] == b"[DONE]"
        status, _, chunks = await stream(gw, {"x-route": "pinned", "x-mock-model": "llama-3"})
    events = data_events(chunks)
    assert status == 200 and b"model_mismatch" in events[-1]
    assert not any(b"llama-3" in e for e in events)  # nothing of the wrong model's answer got out


async def test_a_reset_mid_stream_ends_with_an_error_event() -> None:
    async with running_gateway(CFG) as gw:
        status, _, chunks = await stream(gw, {"x-mock-reset-after": "1"})
    events = data_events(chunks)
    assert status == 200 and b"upstream_unreachable" in events[-1] and b"[DONE]" not in events


async def test_a_stall_mid_stream_ends_with_an_error_event_after_the_idle_timeout() -> None:
    async with running_gateway(CFG) as gw:
        status, _, chunks = await stream(gw, {"x-mock-hang-after-headers": "1"})
    assert status == 200 and b"upstream_timeout" in data_events(chunks)[-1]
