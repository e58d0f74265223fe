"""Anthropic messages: top-level system, content blocks, typed stream events.

Inventory: `system` (string or text blocks), message content blocks (text, thinking,
tool_use / server_tool_use / mcp_tool_use input, tool_result content with nested text,
search_result and document blocks, search_result, plain-text documents with their title
and context), tool descriptions and input schemas. PDF / URL / file documents cannot be
read and are refused on screened routes like unknown block types. Answers: text,
thinking, tool_use input; streamed, each content block index is a channel (text,
thinking and input_json deltas).
"""

from __future__ import annotations

from typing import Any

import orjson

from gateway.exchange import JsonPath, Segment
from gateway.protocols.base import (
    LENIENT,
    Policy,
    ProtocolAdapter,
    ProtocolError,
    StreamText,
    body_object,
    fail,
    is_int,
    str_field,
    usage_of,
)
from gateway.protocols.readers import (
    answer_items,
    lenient,
    list_field,
    object_strings,
    opt_str,
    role_of,
    schema_strings,
)

_ANTHROPIC_ROLES = {"user": "user", "assistant": "assistant"}
_ANTHROPIC_INPUT = ("input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens")
# Blocks that carry no text the gateway can or needs to read.
_SILENT = frozenset({"image", "redacted_thinking", "web_search_tool_result", "container_upload"})
_TOOL_USE = frozenset({"tool_use", "server_tool_use", "mcp_tool_use"})
# Stream delta type -> the key of its text.
_DELTAS = {"text_delta": "text", "thinking_delta": "thinking", "input_json_delta": "partial_json"}
_DELTA_TYPES = {v: k for k, v in _DELTAS.items()}

FIELDS = frozenset(
    {
        "model", "system", "messages", "role", "content", "type", "text", "thinking", "input",
        "name", "source", "data", "title", "context", "tools", "description", "input_schema",
        "stream", "max_tokens", "delta", "partial_json", "content_block", "index", "message",
        "tool_use_id", "is_error",
    }
)  # fmt: skip


def _blocks(blocks: Any, path: JsonPath, role: str, out: list[Segment], policy: Policy) -> None:
    """A string, or an array of content blocks."""
    if isinstance(blocks, list):
        for k, block in enumerate(blocks):
            _block(block, (*path, k), role, out, policy)
    else:
        opt_str(blocks, path, role, out, "string or array of content blocks")


def _block(block: Any, path: JsonPath, role: str, out: list[Segment], policy: Policy) -> None:
    if not isinstance(block, dict):
        fail(path, "content block object", block)
    kind = block.get("type")
    if not isinstance(kind, str):
        fail((*path, "type"), "string", kind)
    if kind == "text":
        text = block.get("text")
        if not isinstance(text, str):
            fail((*path, "text"), "string", text)
        out.append(Segment(role, text, (*path, "text")))
    elif kind == "thinking":
        text = block.get("thinking")
        if not isinstance(text, str):
            fail((*path, "thinking"), "string", text)
        out.append(Segment(role, text, (*path, "thinking")))
    elif kind in _TOOL_USE:
        object_strings(block.get("input"), (*path, "input"), role, out)
    elif kind in ("tool_result", "mcp_tool_result"):
        _blocks(block.get("content"), (*path, "content"), "tool", out, policy)
    elif kind == "search_result":
        # The indirect-injection channel itself: retrieved text the model is told to trust.
        opt_str(block.get("title"), (*path, "title"), "document", out)
        _blocks(block.get("content"), (*path, "content"), "document", out, policy)
    elif kind == "document":
        _document(block, path, out, policy)
    elif kind not in _SILENT and policy.refuse_unknown:
        raise ProtocolError(
            (*path, "type"), f"content block type {kind[:40]!r} is unknown on a screened route"
        )


def _document(block: dict[str, Any], path: JsonPath, out: list[Segment], policy: Policy) -> None:
    """Plain-text documents are prompt text the model reads; PDFs, URLs and file ids are
    text the gateway cannot read (refused on strict routes)."""
    opt_str(block.get("title"), (*path, "title"), "document", out)
    opt_str(block.get("context"), (*path, "context"), "document", out)
    source = block.get("source")
    if not isinstance(source, dict):
        fail((*path, "source"), "object", source)
    kind = source.get("type")
    if kind == "text":
        opt_str(source.get("data"), (*path, "source", "data"), "document", out)
    elif kind == "content":
        _blocks(source.get("content"), (*path, "source", "content"), "document", out, policy)
    elif policy.refuse_unknown:
        raise ProtocolError(
            (*path, "source", "type"), "documents other than text cannot be screened on this route"
        )


def _tools(body: dict[str, Any], out: list[Segment]) -> None:
    for i, tool in enumerate(list_field(body, "tools", "array of tools", required=False)):
        if not isinstance(tool, dict):
            fail(("tools", i), "tool object", tool)
        opt_str(tool.get("description"), ("tools", i, "description"), "tool", out)
        if tool.get("input_schema") is not None:
            schema_strings(tool["input_schema"], ("tools", i, "input_schema"), "tool", out)


class AnthropicMessages(ProtocolAdapter):
    """POST /v1/messages."""

    name = "anthropic-messages"
    max_tokens_fields = ("max_tokens",)
    max_tokens_field = "max_tokens"
    tools_keys = ("tools",)
    messages_key = "messages"
    fields = FIELDS

    def choices(self, doc: Any) -> int:
        return 1

    def extract(self, doc: Any, policy: Policy = LENIENT) -> list[Segment]:
        body = body_object(doc)
        out: list[Segment] = []
        system = body.get("system")
        if isinstance(system, list):
            for k, block in enumerate(system):
                _block(block, ("system", k), "system", out, policy)
        else:
            opt_str(system, ("system",), "system", out, "string or array of content blocks")
        for i, msg in enumerate(list_field(body, "messages", "array of messages", required=True)):
            path = ("messages", i)
            if not isinstance(msg, dict):
                fail(path, "message object", msg)
            role = role_of(msg, path, _ANTHROPIC_ROLES)
            _blocks(msg.get("content"), (*path, "content"), role, out, policy)
        _tools(body, out)
        return out

    def extract_response(self, doc: Any) -> list[Segment]:
        out: list[Segment] = []
        for j, block in enumerate(answer_items(doc, "content", "array of content blocks")):
            if not isinstance(block, dict):
                fail(("content", j), "content block object", block)
            _answer_block(block, ("content", j), out)
        return out

    def usage(self, doc: Any) -> dict[str, int] | None:
        if isinstance(doc, dict):
            return usage_of(doc.get("usage"), _ANTHROPIC_INPUT, "output_tokens")
        return None

    def finish_reason(self, doc: Any) -> str | None:
        sr = doc.get("stop_reason") if isinstance(doc, dict) else None
        return sr if isinstance(sr, str) else None

    def error_event(self, code: str, message: str, etype: str = "policy_violation") -> bytes:
        # The same `type` as the OpenAI shape for the same code (one vocabulary per gateway).
        payload = {"type": "error", "error": {"type": etype, "message": message}}
        return b"event: error\ndata: " + orjson.dumps(payload) + b"\n\n"

    def stream_texts(self, event: Any) -> list[StreamText]:
        if not isinstance(event, dict):
            return []
        kind = event.get("type")
        index = event.get("index") if is_int(event.get("index")) else 0
        if kind == "content_block_delta":
            delta = event.get("delta")
            if isinstance(delta, dict):
                kind = delta.get("type")
                key = _DELTAS.get(kind) if isinstance(kind, str) else None
                text = delta.get(key) if key else None
                if isinstance(text, str) and text:
                    return [StreamText((index, key), text, ("delta", str(key)))]
        elif kind == "content_block_start":
            block = event.get("content_block")
            if isinstance(block, dict) and block.get("type") in ("text", "thinking"):
                key = block["type"]
                text = block.get(key)
                if isinstance(text, str) and text:
                    return [StreamText((index, key), text, ("content_block", key))]
        return []

    def stream_closes(self, event: Any) -> tuple[Any, ...] | None:
        if not isinstance(event, dict):
            return ()
        kind = event.get("type")
        if kind in ("content_block_delta", "content_block_start", "ping", "message_start"):
            return None
        if kind == "content_block_stop":
            return (event.get("index") if is_int(event.get("index")) else 0,)
        return ()

    def stream_text_event(self, template: Any, part: StreamText, text: str) -> Any:
        index, key = part.channel
        return {
            "type": "content_block_delta",
            "index": index,
            "delta": {"type": _DELTA_TYPES[key], key: text},
        }

    def stream_echoes(self, event: Any) -> list[Segment]:
        """A `content_block_start` of a tool_use block may carry its input already parsed."""
        if isinstance(event, dict) and event.get("type") == "content_block_start":
            block = event.get("content_block")
            if isinstance(block, dict) and isinstance(block.get("type"), str) and block["type"] in _TOOL_USE:
                return [
                    s
                    for s in lenient(object_strings, block.get("input"), ("content_block", "input"), "output")
                    if s.text
                ]
        return []

    def stream_usage(self, event: Any) -> dict[str, int] | None:
        if not isinstance(event, dict):
            return None
        kind = event.get("type")
        if kind == "message_start":
            return self.usage(event.get("message"))
        if kind == "message_delta":
            return self.usage(event)
        return None

    def stream_model(self, event: Any) -> str | None:
        if isinstance(event, dict) and event.get("type") == "message_start":
            return str_field(event.get("message"), "model")
        return None


def _answer_block(block: dict[str, Any], path: JsonPath, out: list[Segment]) -> None:
    kind = block.get("type")
    if kind == "text":
        opt_str(block.get("text"), (*path, "text"), "output", out)
    elif kind == "thinking":
        opt_str(block.get("thinking"), (*path, "thinking"), "output", out)
    elif isinstance(kind, str) and kind in _TOOL_USE:
        object_strings(block.get("input"), (*path, "input"), "output", out)
