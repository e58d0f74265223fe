"""The answer in the audit record: tee the bytes as they pass, reassemble them later.

Most answers are forwarded as the upstream's bytes, never parsed (and streamed answers are
never whole in the gateway), so a record used to say `"response": null`. For an exchange
the audit will record, `AnswerTap` keeps a copy of the answer bytes as they reach the
client (one `add` per chunk, bounded by `audit.max_answer_bytes`; past it the copy stops
and the record says `truncated`). Whether to tap is decided before the answer's first
byte, from the sampling point and the request's own decisions, so an exchange that is not
recorded pays one None check per chunk.

`reassemble` runs where records are finalized (the writer thread or an executor), never
on the event loop: it splits an SSE stream into events and reads them through the route's
protocol adapter (text per choice or content block, usage), plus the finish reason and
tool calls of the protocols that carry them (OpenAI chat and completions, Anthropic
messages). A complete JSON answer is read with the adapter's `extract_response`. The texts
are redacted and cut like the request's by the caller (records.finalize).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

from gateway.protocols import merge_usage
from gateway.protocols.sse import json_payloads

MAX_TOOL_CALLS = 32


class AnswerTap:
    """A bounded copy of one answer's bytes (fed from the upstream response as it is read)."""

    __slots__ = ("chunks", "size", "cap", "truncated", "sse", "status")

    def __init__(self, cap: int, sse: bool, status: int) -> None:
        self.chunks: list[bytes] = []
        self.size = 0
        self.cap = cap
        self.truncated = False
        self.sse = sse
        self.status = status

    def add(self, chunk: bytes) -> None:
        room = self.cap - self.size
        if room <= 0:
            self.truncated = self.truncated or bool(chunk)
            return
        if len(chunk) > room:
            chunk = chunk[:room]
            self.truncated = True
        self.chunks.append(chunk)
        self.size += len(chunk)

    def data(self) -> bytes:
        return b"".join(self.chunks)


@dataclass(slots=True)
class Answer:
    """What the record says about the answer."""

    texts: list[tuple[str, str]] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    usage: dict[str, int] | None = None


def reassemble(adapter: Any, tap: AnswerTap) -> Answer:
    """The answer's texts, finish reason, tool calls and usage, read from the teed bytes."""
    data = tap.data()
    out = Answer(meta={"bytes": tap.size})
    if tap.truncated:
        out.meta["truncated"] = True
    if tap.status >= 400 or adapter is None:
        # An error body (or a route without an adapter): kept as one text, redacted like any.
        out.texts = [("error" if tap.status >= 400 else "output", data.decode("utf-8", "replace"))]
        return out
    try:
        if tap.sse:
            _from_stream(adapter, data, out)
        else:
            _from_document(adapter, data, out)
    except Exception as exc:  # an answer the adapter cannot read: say so, store nothing raw
        out.meta["unreadable"] = type(exc).__name__
        out.texts = []
    return out


def _from_document(adapter: Any, data: bytes, out: Answer) -> None:
    doc = orjson.loads(data)
    out.texts = [(s.role, s.text) for s in adapter.extract_response(doc)]
    out.usage = adapter.usage(doc)
    _finish_and_tools(adapter.name, doc, out.meta, complete=True)


def _from_stream(adapter: Any, data: bytes, out: Answer) -> None:
    parts: dict[Any, list[str]] = {}
    events = 0
    # A copy already bounded by audit.max_answer_bytes; a cut copy's last event counts too.
    for payload in json_payloads(data + b"\n\n" if not data.endswith(b"\n\n") else data):
        events += 1
        for seg in adapter.stream_segments(payload):
            key = payload.get("index", 0) if adapter.name.startswith("anthropic") else seg.path[:2]
            parts.setdefault(key, []).append(seg.text)
        usage = adapter.stream_usage(payload)
        if usage:
            out.usage = merge_usage(out.usage, usage)
        _finish_and_tools(adapter.name, payload, out.meta, complete=False)
    out.texts = [("output", "".join(texts)) for texts in parts.values()]
    out.meta["events"] = events
    calls = out.meta.pop("tool_calls", None)
    if calls:
        out.meta["tool_calls"] = [calls[k] for k in sorted(calls)][:MAX_TOOL_CALLS]


def _finish_and_tools(protocol: str, doc: Any, meta: dict[str, Any], complete: bool) -> None:
    """Finish reasons and tool calls (name + arguments) where the protocol carries them."""
    if not isinstance(doc, dict):
        return
    if protocol.startswith("openai-chat") or protocol.startswith("openai-completions"):
        choices = doc.get("choices")
        if not isinstance(choices, list):
            return
        for i, choice in enumerate(choices):
            if not isinstance(choice, dict):
                continue
            reason = choice.get("finish_reason")
            if isinstance(reason, str):
                meta.setdefault("finish_reason", {})[str(choice.get("index", i))] = reason
            msg = choice.get("message" if complete else "delta")
            calls = msg.get("tool_calls") if isinstance(msg, dict) else None
            if isinstance(calls, list):
                _openai_calls(calls, meta, complete)
    elif protocol.startswith("anthropic"):
        _anthropic(doc, meta, complete)


def _openai_calls(calls: list[Any], meta: dict[str, Any], complete: bool) -> None:
    if complete:
        found = meta.setdefault("tool_calls", [])
        for call in calls[:MAX_TOOL_CALLS]:
            fn = call.get("function") if isinstance(call, dict) else None
            if isinstance(fn, dict):
                found.append({"name": fn.get("name"), "arguments": fn.get("arguments")})
        return
    acc: dict[int, dict[str, Any]] = meta.setdefault("tool_calls", {})
    for j, call in enumerate(calls):
        if not isinstance(call, dict):
            continue
        idx = call.get("index", j)
        if not isinstance(idx, int) or (idx not in acc and len(acc) >= MAX_TOOL_CALLS):
            continue
        slot = acc.setdefault(idx, {"name": None, "arguments": ""})
        fn = call.get("function")
        if isinstance(fn, dict):
            if isinstance(fn.get("name"), str):
                slot["name"] = fn["name"]
            if isinstance(fn.get("arguments"), str):
                slot["arguments"] += fn["arguments"]


def _anthropic(doc: dict[str, Any], meta: dict[str, Any], complete: bool) -> None:
    if complete:
        if isinstance(doc.get("stop_reason"), str):
            meta["finish_reason"] = {"0": doc["stop_reason"]}
        blocks = doc.get("content")
        if isinstance(blocks, list):
            calls = [
                {"name": b.get("name"), "arguments": orjson.dumps(b.get("input")).decode()}
                for b in blocks
                if isinstance(b, dict) and b.get("type") == "tool_use"
            ]
            if calls:
                meta["tool_calls"] = calls[:MAX_TOOL_CALLS]
        return
    kind = doc.get("type")
    acc: dict[int, dict[str, Any]] = meta.setdefault("tool_calls", {})
    idx = doc.get("index")
    if kind == "content_block_start" and isinstance(idx, int):
        block = doc.get("content_block")
        if isinstance(block, dict) and block.get("type") == "tool_use" and len(acc) < MAX_TOOL_CALLS:
            acc[idx] = {"name": block.get("name"), "arguments": ""}
    elif kind == "content_block_delta" and isinstance(idx, int) and idx in acc:
        delta = doc.get("delta")
        if isinstance(delta, dict) and isinstance(delta.get("partial_json"), str):
            acc[idx]["arguments"] += delta["partial_json"]
    elif kind == "message_delta":
        delta = doc.get("delta")
        if isinstance(delta, dict) and isinstance(delta.get("stop_reason"), str):
            meta["finish_reason"] = {"0": delta["stop_reason"]}
    if not acc:
        meta.pop("tool_calls", None)
