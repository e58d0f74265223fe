"""Screened streams (gateway/dataplane/screened_stream.py) through a real gateway and mock: each
text channel has its own held-back window, a block stops the stream with an error event and
nothing of the blocked text, and more channels than the bound are refused, not buffered."""

from __future__ import annotations

import base64
from typing import Any

import orjson
import pytest
from harness import running_gateway

from gateway.dataplane import screened_stream
from gateway.dataplane.screened_stream import MAX_CHANNELS

CFG = """
version: 1
upstreams:
  mock: {url: "MOCK_URL"}
filters:
  redact: {type: keywords, deny: [MARKERX], action: redact, replacement: "[R]"}
  stop: {type: keywords, deny: [FORBIDDEN], action: block}
routes:
  - {name: chat, match: {path: /v1/chat/completions}, response_filters: [redact, stop], upstream: mock}
"""
BODY = {"model": "m", "stream": True, "messages": [{"role": "user", "content": "hi"}]}


def chunk(text: str, index: int = 0) -> dict[str, Any]:
    return {"id": "c", "choices": [{"index": index, "delta": {"content": text}, "finish_reason": None}]}


def sse(*events: dict[str, Any]) -> bytes:
    return b"".join(b"data: " + orjson.dumps(e) + b"\n\n" for e in events) + b"data: [DONE]\n\n"


async def screened(stream: bytes, split: int = 0) -> tuple[int, list[Any]]:
    headers = {"x-mock-raw": base64.b64encode(stream).decode(), "x-mock-content-type": "text/event-stream"}
    if split:
        headers["x-mock-raw-split"] = str(split)
    async with running_gateway(CFG) as gw:
        async with gw.client.post(gw.url + "/v1/chat/completions", json=BODY, headers=headers) as r:
            data = await r.read()
            status = r.status
    events = [line[6:] for line in data.split(b"\n") if line.startswith(b"data: ")]
    return status, [e if e == b"[DONE]" else orjson.loads(e) for e in events]


def text_of(events: list[Any], index: int) -> str:
    return "".join(
        c["delta"].get("content") or ""
        for e in events
        if isinstance(e, dict)
        for c in e.get("choices", [])
        if c.get("index") == index
    )


async def test_interleaved_choices_each_have_their_own_window() -> None:
    # Both choices carry the marker cut across their deltas, interleaved event by event.
    stream = sse(chunk("a MAR", 0), chunk("b MARK", 1), chunk("KERX c", 0), chunk("ERX d", 1))
    for split in (0, 5):
        status, events = await screened(stream, split)
        assert status == 200 and events[-1] == b"[DONE]"
        assert (text_of(events, 0), text_of(events, 1)) == ("a [R] c", "b [R] d")


async def test_a_block_mid_stream_ends_it_without_the_blocked_text() -> None:
    status, events = await screened(sse(chunk("fine so far, "), chunk("then FORB"), chunk("IDDEN words")))
    assert status == 200
    assert "FORB" not in orjson.dumps(events).decode()
    assert events[-1]["error"]["code"] == "keyword_match"


async def test_more_channels_than_the_bound_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # The bound lowered for the test: 257 events do not fit the mock's control header.
    assert MAX_CHANNELS == 256
    monkeypatch.setattr(screened_stream, "MAX_CHANNELS", 4)
    stream = sse(*(chunk("x", i) for i in range(5)))
    status, events = await screened(stream)
    assert status == 200 and events[-1]["error"]["code"] == "unreadable_answer"
