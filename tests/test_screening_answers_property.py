"""Answer-side property test: random answer shapes with the marker in a random channel,
complete or streamed (split into random deltas, random read boundaries, random SSE line
ends), through a real gateway with a response filter that redacts the marker. Whatever
the shape, the client never receives the marker."""

from __future__ import annotations

import base64
from typing import Any

import orjson
from harness import running_gateway
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MARK = "MARKERX"
CFG = """
version: 1
upstreams:
  mock: {url: "MOCK_URL"}
filters:
  redact: {type: keywords, deny: [MARKERX], action: redact, replacement: "[R]"}
routes:
  - {name: chat, match: {path: /v1/chat/completions}, response_filters: [redact], upstream: mock}
  - {name: completions, match: {path: /v1/completions}, protocol: openai-completions, response_filters: [redact], upstream: mock}
  - {name: messages, match: {path: /v1/messages}, protocol: anthropic-messages, response_filters: [redact], upstream: mock}
  - {name: responses, match: {path: /v1/responses}, protocol: openai-responses, response_filters: [redact], upstream: mock}
"""

PATHS = {
    "chat": "/v1/chat/completions",
    "completions": "/v1/completions",
    "messages": "/v1/messages",
    "responses": "/v1/responses",
}
CHANNELS = {
    "chat": ("content", "reasoning_content", "refusal", "tool"),
    "completions": ("text",),
    "messages": ("text", "thinking", "tool_use"),
    "responses": ("output_text", "function_call", "reasoning"),
}


def complete(api: str, channel: str, text: str, choices: int) -> dict[str, Any]:
    if api == "chat":
        msgs = []
        for _ in range(choices):
            msg: dict[str, Any] = {"role": "assistant", "content": "plain"}
            if channel == "tool":
                msg["tool_calls"] = [
                    {"id": "c", "type": "function", "function": {"name": "f", "arguments": text}}
                ]
            else:
                msg[channel] = text
            msgs.append(msg)
        return {"choices": [{"index": i, "message": m, "finish_reason": "stop"} for i, m in enumerate(msgs)]}
    if api == "completions":
        return {"choices": [{"index": i, "text": text, "finish_reason": "stop"} for i in range(choices)]}
    if api == "messages":
        block = {
            "text": {"type": "text", "text": text},
            "thinking": {"type": "thinking", "thinking": text, "signature": "s"},
            "tool_use": {"type": "tool_use", "id": "t", "name": "f", "input": {"q": text}},
        }[channel]
        return {"type": "message", "role": "assistant", "content": [block], "stop_reason": "end_turn"}
    item = {
        "output_text": {
            "type": "message",
            "role": "assistant",
            "content": [{"type": "output_text", "text": text}],
        },
        "function_call": {"type": "function_call", "call_id": "c", "name": "f", "arguments": text},
        "reasoning": {"type": "reasoning", "id": "r", "summary": [{"type": "summary_text", "text": text}]},
    }[channel]
    return {"object": "response", "status": "completed", "output": [item]}


def stream_events(
    api: str, channel: str, pieces: list[str], choices: int
) -> list[tuple[str | None, dict[str, Any]]]:
    out: list[tuple[str | None, dict[str, Any]]] = []
    if api in ("chat", "completions"):
        for piece in pieces:
            for c in range(choices):  # interleaved choices
                if api == "completions":
                    choice: dict[str, Any] = {"index": c, "text": piece, "finish_reason": None}
                elif channel == "tool":
                    delta = {"tool_calls": [{"index": 0, "function": {"arguments": piece}}]}
                    choice = {"index": c, "delta": delta, "finish_reason": None}
                else:
                    choice = {"index": c, "delta": {channel: piece}, "finish_reason": None}
                out.append((None, {"id": "x", "model": "m", "choices": [choice]}))
        for c in range(choices):
            out.append(
                (
                    None,
                    {
                        "id": "x",
                        "model": "m",
                        "choices": [{"index": c, "delta": {}, "finish_reason": "stop"}],
                    },
                )
            )
        return out
    if api == "messages":
        kind, key, dtype = {
            "text": ("text", "text", "text_delta"),
            "thinking": ("thinking", "thinking", "thinking_delta"),
            "tool_use": ("tool_use", "partial_json", "input_json_delta"),
        }[channel]
        start = (
            {"type": kind, kind: ""}
            if kind != "tool_use"
            else {"type": "tool_use", "id": "t", "name": "f", "input": {}}
        )
        out.append(("message_start", {"type": "message_start", "message": {"model": "m", "content": []}}))
        out.append(
            ("content_block_start", {"type": "content_block_start", "index": 0, "content_block": start})
        )
        for piece in pieces:
            out.append(("ping", {"type": "ping"}))
            delta = {"type": "content_block_delta", "index": 0, "delta": {"type": dtype, key: piece}}
            out.append(("content_block_delta", delta))
        out.append(("content_block_stop", {"type": "content_block_stop", "index": 0}))
        out.append(("message_stop", {"type": "message_stop"}))
        return out
    dtype = {
        "output_text": "response.output_text.delta",
        "function_call": "response.function_call_arguments.delta",
        "reasoning": "response.reasoning_summary_text.delta",
    }[channel]
    for piece in pieces:
        out.append((None, {"type": dtype, "output_index": 0, "content_index": 0, "delta": piece}))
    text = "".join(pieces)
    done = {"type": dtype[: -len("delta")] + "done", "output_index": 0, "text": text, "arguments": text}
    out.append((None, done))
    out.append((None, {"type": "response.completed", "response": complete("responses", channel, text, 1)}))
    return out


@st.composite
def answers(draw: st.DrawFn) -> tuple[str, bool, bytes, str, int]:
    api = draw(st.sampled_from(sorted(CHANNELS)))
    channel = draw(st.sampled_from(CHANNELS[api]))
    before = draw(st.text(alphabet="abc xyz.", max_size=40))
    after = draw(st.text(alphabet="abc xyz.", max_size=40))
    text = before + MARK + after
    choices = draw(st.integers(1, 3)) if api in ("chat", "completions") else 1
    streamed = draw(st.booleans())
    if not streamed:
        return api, False, orjson.dumps(complete(api, channel, text, choices)), "application/json", 0
    cuts = sorted(draw(st.lists(st.integers(1, len(text) - 1), max_size=6, unique=True)))
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    sep = draw(st.sampled_from(("\n", "\r\n", "\r")))
    events = stream_events(api, channel, pieces, choices)
    data = "".join(
        (f"event: {name}{sep}" if name else "") + f"data: {orjson.dumps(e).decode()}{sep}{sep}"
        for name, e in events
    )
    if api in ("chat", "completions") and draw(st.booleans()):
        data += f"data: [DONE]{sep}{sep}"
    elif draw(st.booleans()):
        data = data[: -len(sep)]  # unterminated last event
    split = draw(st.sampled_from((0, 1, 7, 64)))
    return api, True, data.encode(), "text/event-stream", split


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(case=answers())
async def test_client_never_receives_the_marker(case: tuple[str, bool, bytes, str, int]) -> None:
    api, streamed, payload, ctype, split = case
    async with running_gateway(CFG) as gw:
        headers = {
            "x-mock-raw": base64.b64encode(payload).decode(),
            "x-mock-content-type": ctype,
            "Content-Type": "application/json",
        }
        if split:
            headers["x-mock-raw-split"] = str(split)
        body: dict[str, Any] = {"model": "m", "stream": streamed, "max_tokens": 5}
        body.update(
            {"input": "hi"} if api == "responses" else {"prompt": "hi"} if api == "completions" else {}
        )
        if api in ("chat", "messages"):
            body["messages"] = [{"role": "user", "content": "hi"}]
        r = await gw.client.post(gw.url + PATHS[api], data=orjson.dumps(body), headers=headers)
        data = await r.read()
        assert r.status == 200, data
        assert MARK.encode() not in data, (api, payload, data)
        assert b"[R]" in data
