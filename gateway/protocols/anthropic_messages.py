"""Anthropic messages: top-level system, content blocks, typed stream events."""

from __future__ import annotations

from typing import Any

from gateway.exchange import JsonPath, Segment
from gateway.protocols.base import (
    ProtocolAdapter,
    body_object,
    fail,
    str_field,
    usage_of,
)
from gateway.protocols.readers import (
    answer_items,
    list_field,
    opt_str,
    role_of,
)

_ANTHROPIC_ROLES = {"user": "user", "assistant": "assistant"}


def _anthropic_text_blocks(blocks: Any, path: JsonPath, role: str, out: list[Segment]) -> None:
    """String or list of blocks where only `text` blocks are texts (system, tool_result)."""
    if isinstance(blocks, list):
        for k, block in enumerate(blocks):
            if not isinstance(block, dict):
                fail((*path, k), "content block object", block)
            kind = block.get("type")
            if not isinstance(kind, str):
                fail((*path, k, "type"), "string", kind)
            if kind == "text":
                text = block.get("text")
                if not isinstance(text, str):
                    fail((*path, k, "text"), "string", text)
                out.append(Segment(role, text, (*path, k, "text")))
    else:
        opt_str(blocks, path, role, out, "string or array of content blocks")


def _anthropic_document(block: dict[str, Any], path: JsonPath, out: list[Segment]) -> None:
    """Plain-text documents are prompt text the model reads; PDFs and URLs are not ours."""
    source = block.get("source")
    if not isinstance(source, dict):
        return
    kind = source.get("type")
    if kind == "text":
        opt_str(source.get("data"), (*path, "source", "data"), "document", out)
    elif kind == "content":
        _anthropic_text_blocks(source.get("content"), (*path, "source", "content"), "document", out)


def _anthropic_block(block: Any, path: JsonPath, role: str, out: list[Segment]) -> None:
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
    elif kind == "tool_result":
        _anthropic_text_blocks(block.get("content"), (*path, "content"), "tool", out)
    elif kind == "document":
        _anthropic_document(block, path, out)


class AnthropicMessages(ProtocolAdapter):
    """POST /v1/messages: top-level system, content blocks, typed stream events."""

    name = "anthropic-messages"

    def extract(self, doc: Any) -> list[Segment]:
        body = body_object(doc)
        out: list[Segment] = []
        _anthropic_text_blocks(body.get("system"), ("system",), "system", out)
        for i, msg in enumerate(list_field(body, "messages", "array of messages", required=True)):
            path = ("messages", i)
            if not isinstance(msg, dict):
                fail(path, "message object", msg)
            role = role_of(msg, path, _ANTHROPIC_ROLES)
            content = msg.get("content")
            if isinstance(content, list):
                for j, block in enumerate(content):
                    _anthropic_block(block, (*path, "content", j), role, out)
            else:
                opt_str(content, (*path, "content"), role, out, "string or array of content blocks")
        return out

    def extract_response(self, doc: Any) -> list[Segment]:
        out: list[Segment] = []
        for j, block in enumerate(answer_items(doc, "content", "array of content blocks")):
            if isinstance(block, dict) and block.get("type") == "text":
                opt_str(block.get("text"), ("content", j, "text"), "output", out)
            elif not isinstance(block, dict):
                fail(("content", j), "content block object", block)
        return out

    def usage(self, doc: Any) -> dict[str, int] | None:
        if isinstance(doc, dict):
            return usage_of(doc.get("usage"), _ANTHROPIC_INPUT, "output_tokens")
        return None

    def stream_segments(self, event: Any) -> list[Segment]:
        if not isinstance(event, dict):
            return []
        kind = event.get("type")
        if kind == "content_block_delta":
            delta = event.get("delta")
            if isinstance(delta, dict) and delta.get("type") == "text_delta":
                text = delta.get("text")
                if isinstance(text, str) and text:
                    return [Segment("output", text, ("delta", "text"))]
        elif kind == "content_block_start":
            block = event.get("content_block")
            if isinstance(block, dict) and block.get("type") == "text":
                text = block.get("text")
                if isinstance(text, str) and text:
                    return [Segment("output", text, ("content_block", "text"))]
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


_ANTHROPIC_INPUT = ("input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens")
