"""Issue 16: sampled and mandatory audit records carry the answer, redacted like the request.

The answer's bytes are teed as they pass (bounded per record), and reassembled after the
last byte off the event loop: streamed answers through the protocol adapter (text per
choice, finish reason, tool calls, usage), complete answers with extract_response."""

from __future__ import annotations

import orjson
import pytest
from hardening_util import exchanges
from harness import running_gateway
from test_hardening_framing import upstream
from test_http_client import Conn, serve

from gateway.audit import answer as answer_mod
from gateway.protocols import get_adapter

CONFIG = """
version: 1
upstreams:
  mock: {{url: "MOCK_URL"}}
filters:
  watch: {{type: keywords, deny: ["watchword"], action: flag}}
audit: {{path: "{path}", flush_interval_ms: 10, max_answer_bytes: {cap}}}
routes:
  - name: chat
    match: {{path: /v1/chat/completions}}
    filters: [watch]
    upstream: mock
    audit: {{sample_rate: {rate}}}
  - name: messages
    match: {{path: /v1/messages}}
    protocol: anthropic-messages
    upstream: mock
    audit: {{sample_rate: {rate}}}
"""


def config(path, rate: float = 1.0, cap: int = 262144) -> str:
    return CONFIG.format(path=path, rate=rate, cap=cap)


def chat(text: str, **extra: object) -> dict:
    return {"model": "gpt-4o", "messages": [{"role": "user", "content": text}], **extra}


async def _wait_records(path, n: int) -> list[dict]:
    import asyncio

    for _ in range(200):
        recs = exchanges(path)
        if len(recs) >= n:
            return recs
        await asyncio.sleep(0.02)
    raise AssertionError(f"expected {n} exchange records, found {len(exchanges(path))}")


async def test_sampled_plain_and_streamed_answers_are_in_their_records(tmp_path):
    reply = "The capital of France is Paris; mail jane.doe@example.com for more."
    async with running_gateway(config(tmp_path)) as gw:
        h = {"x-mock-reply": reply}
        r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("q1"), headers=h)
        assert r.status == 200
        r = await gw.client.post(
            gw.url + "/v1/chat/completions",
            json=chat("q2", stream=True, stream_options={"include_usage": True}),
            headers=h,
        )
        assert r.status == 200 and (await r.read()).rstrip().endswith(b"[DONE]")
        plain, streamed = await _wait_records(tmp_path, 2)
    for rec in (plain, streamed):
        [seg] = rec["response"]
        assert seg["role"] == "output"
        assert seg["text"].startswith("The capital of France is Paris; mail ")
        assert "jane.doe@example.com" not in seg["text"]  # redacted like the request
        assert rec["response_meta"]["finish_reason"] == {"0": "stop"}
        assert rec["usage"]["completion_tokens"] >= 1
        assert "response_note" not in rec
    assert streamed["stream"] and streamed["response_meta"]["events"] >= 3
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("*.jsonl"))
    assert b"jane.doe@example.com" not in raw


async def test_mandatory_record_carries_the_answer_and_anthropic_streams_reassemble(tmp_path):
    async with running_gateway(config(tmp_path, rate=0.0)) as gw:
        r = await gw.client.post(
            gw.url + "/v1/chat/completions",
            json=chat("say the watchword"),
            headers={"x-mock-reply": "ok then"},
        )
        assert r.status == 200
        [rec] = exchanges(tmp_path)  # flag: mandatory, written before the answer went out
        assert rec["why"] == ["flag"] and rec["response"][0]["text"] == "ok then"
    async with running_gateway(config(tmp_path / "a", rate=1.0)) as gw:
        doc = {
            "model": "claude",
            "max_tokens": 50,
            "stream": True,
            "messages": [{"role": "user", "content": "hi"}],
        }
        r = await gw.client.post(
            gw.url + "/v1/messages", json=doc, headers={"x-mock-reply": "bonjour le monde"}
        )
        assert r.status == 200
        await r.read()
        [rec] = await _wait_records(tmp_path / "a", 1)
        assert [s["text"] for s in rec["response"]] == ["bonjour le monde"]
        assert rec["usage"] and rec["response_meta"].get("finish_reason")


async def test_answer_copy_is_bounded_and_marked_truncated(tmp_path):
    async with running_gateway(config(tmp_path, cap=1024)) as gw:
        r = await gw.client.post(
            gw.url + "/v1/chat/completions",
            json=chat("q", stream=True),
            headers={"x-mock-reply": "word " * 1500},
        )
        assert len(await r.read()) > 7500  # the client gets everything
        [rec] = await _wait_records(tmp_path, 1)
    meta = rec["response_meta"]
    assert meta["truncated"] and meta["bytes"] == 1024
    assert rec["response"][0]["text"].startswith("word word")


async def test_unsampled_exchanges_copy_nothing(tmp_path, monkeypatch):
    added: list[int] = []
    original = answer_mod.AnswerTap.add
    monkeypatch.setattr(
        answer_mod.AnswerTap, "add", lambda self, c: (added.append(len(c)), original(self, c))
    )
    async with running_gateway(config(tmp_path, rate=0.0)) as gw:
        for stream in (False, True):
            r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("plain", stream=stream))
            assert r.status == 200
            await r.read()
    assert added == [] and exchanges(tmp_path) == []


def _sse(*events: dict) -> bytes:
    return b"".join(b"data: " + orjson.dumps(e) + b"\n\n" for e in events) + b"data: [DONE]\n\n"


TOOL_STREAM = _sse(
    {
        "choices": [
            {
                "index": 0,
                "delta": {
                    "role": "assistant",
                    "tool_calls": [
                        {
                            "index": 0,
                            "id": "c1",
                            "type": "function",
                            "function": {"name": "get_weather", "arguments": ""},
                        }
                    ],
                },
            }
        ]
    },
    {
        "choices": [
            {"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": '{"city": '}}]}}
        ]
    },
    {
        "choices": [
            {"index": 0, "delta": {"tool_calls": [{"index": 0, "function": {"arguments": '"Paris"}'}}]}}
        ]
    },
    {"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]},
    {"choices": [], "usage": {"prompt_tokens": 7, "completion_tokens": 5, "total_tokens": 12}},
)


async def _tool_stream(conn: Conn, req: bytes) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
    await conn.send(head)
    for i in range(0, len(TOOL_STREAM), 40):  # events cut across chunks
        piece = TOOL_STREAM[i : i + 40]
        await conn.send(b"%x\r\n%s\r\n" % (len(piece), piece))
    await conn.send(b"0\r\n\r\n")


@pytest.mark.parametrize("cap", [262144])
async def test_streamed_tool_calls_are_reassembled(tmp_path, cap):
    async with serve(upstream(_tool_stream)) as up:
        cfg = config(tmp_path, cap=cap).replace("MOCK_URL", up.url)
        async with running_gateway(cfg) as gw:
            r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("weather?", stream=True))
            assert r.status == 200
            assert await r.read() == TOOL_STREAM
            [rec] = await _wait_records(tmp_path, 1)
    meta = rec["response_meta"]
    assert meta["tool_calls"] == [{"name": "get_weather", "arguments": '{"city": "Paris"}'}]
    assert meta["finish_reason"] == {"0": "tool_calls"}
    assert rec["usage"]["completion_tokens"] == 5
    # The tool call's arguments are an answer channel (screened like text since issue 15), so the
    # record carries them as answer text too, redacted like any text.
    assert rec["response"] == [{"chars": 17, "role": "output", "text": '{"city": "Paris"}'}]


def _tap(data: bytes, *, sse: bool = False, status: int = 200, cap: int = 1 << 20) -> answer_mod.AnswerTap:
    tap = answer_mod.AnswerTap(cap, sse, status)
    for i in range(0, len(data), 7):  # fed in small pieces, as a stream arrives
        tap.add(data[i : i + 7])
    return tap


def test_reassemble_anthropic_complete_answer_with_a_tool_call():
    doc = {
        "model": "claude",
        "stop_reason": "tool_use",
        "content": [
            {"type": "text", "text": "Let me check."},
            {"type": "tool_use", "id": "t1", "name": "lookup", "input": {"q": "paris"}},
        ],
        "usage": {"input_tokens": 5, "output_tokens": 9},
    }
    out = answer_mod.reassemble(get_adapter("anthropic-messages"), _tap(orjson.dumps(doc)))
    # tool_use input is an answer channel (screened since issue 15): its strings are answer text.
    assert out.texts == [("output", "Let me check."), ("output", "paris")]
    assert out.meta["finish_reason"] == {"0": "tool_use"}
    assert out.meta["tool_calls"] == [{"name": "lookup", "arguments": '{"q":"paris"}'}]
    assert out.usage and out.usage["completion_tokens"] == 9


def test_reassemble_keeps_an_error_body_and_marks_an_unreadable_answer():
    chat = get_adapter("openai-chat")
    err = answer_mod.reassemble(chat, _tap(b"<html>502 Bad Gateway</html>", status=502))
    assert err.texts == [("error", "<html>502 Bad Gateway</html>")]
    bad = answer_mod.reassemble(chat, _tap(b'{"choices": "not a list"'))
    assert bad.texts == [] and bad.meta["unreadable"]


def test_answer_tap_stops_at_its_cap():
    tap = _tap(b"x" * 100, cap=30)
    assert tap.size == 30 and tap.truncated and tap.data() == b"x" * 30
