"""OpenAI Responses API: items instead of messages, semantic stream events."""

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
    lenient,
    opt_str,
    read_content,
    role_of,
)

_RESPONSES_ROLES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant"}
_RESPONSES_TEXT = frozenset({"input_text", "output_text", "text"})
_OUTPUT_TEXT = frozenset({"output_text"})


def _responses_item(item: Any, path: JsonPath, out: list[Segment]) -> None:
    if not isinstance(item, dict):
        fail(path, "input item object", item)
    kind = item.get("type")
    if kind is None or kind == "message":
        role = role_of(item, path, _RESPONSES_ROLES)
        read_content(item.get("content"), (*path, "content"), role, _RESPONSES_TEXT, out)
    elif not isinstance(kind, str):
        fail((*path, "type"), "string", kind)
    elif kind == "function_call":
        opt_str(item.get("arguments"), (*path, "arguments"), "assistant", out)
    elif kind == "custom_tool_call":
        opt_str(item.get("input"), (*path, "input"), "assistant", out)
    elif kind in ("function_call_output", "custom_tool_call_output"):
        read_content(item.get("output"), (*path, "output"), "tool", _RESPONSES_TEXT, out)
    # other item types (reasoning, item_reference, hosted tool calls) carry no prompt text


def _responses_output(response: Any, base: JsonPath, out: list[Segment]) -> None:
    """`output[].content[]` output_text parts of a Response object (answer or snapshot)."""
    for i, item in enumerate(answer_items(response, "output", "array of output items")):
        ipath = (*base, "output", i)
        if not isinstance(item, dict):
            fail(ipath, "output item object", item)
        if item.get("type") == "message":
            read_content(item.get("content"), (*ipath, "content"), "output", _OUTPUT_TEXT, out)


class OpenAIResponses(ProtocolAdapter):
    """POST /v1/responses: items instead of messages, semantic stream events."""

    name = "openai-responses"

    def extract(self, doc: Any) -> list[Segment]:
        body = body_object(doc)
        out: list[Segment] = []
        opt_str(body.get("instructions"), ("instructions",), "system", out)
        value = body.get("input")
        if isinstance(value, str):
            out.append(Segment("user", value, ("input",)))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                _responses_item(item, ("input", i), out)
        elif value is not None:
            fail(("input",), "string or array of input items", value)
        return out

    def extract_response(self, doc: Any) -> list[Segment]:
        out: list[Segment] = []
        _responses_output(doc, (), out)
        return out

    def usage(self, doc: Any) -> dict[str, int] | None:
        if isinstance(doc, dict):
            return usage_of(doc.get("usage"), ("input_tokens",), "output_tokens")
        return None

    def stream_segments(self, event: Any) -> list[Segment]:
        if isinstance(event, dict) and event.get("type") == "response.output_text.delta":
            delta = event.get("delta")
            if isinstance(delta, str) and delta:
                return [Segment("output", delta, ("delta",))]
        return []

    def stream_echoes(self, event: Any) -> list[Segment]:
        """`response.output_text.done`, `content_part.*`, `output_item.*` and the final
        `response.completed` all repeat the streamed text in full."""
        return [s for s in self._echoes(event) if s.text]

    def _echoes(self, event: Any) -> list[Segment]:
        if not isinstance(event, dict):
            return []
        kind = event.get("type")
        if kind == "response.output_text.done":
            return lenient(opt_str, event.get("text"), ("text",), "output")
        if kind in ("response.content_part.added", "response.content_part.done"):
            part = event.get("part")
            if isinstance(part, dict) and part.get("type") == "output_text":
                return lenient(opt_str, part.get("text"), ("part", "text"), "output")
            return []
        if kind in ("response.output_item.added", "response.output_item.done"):
            item = event.get("item")
            if isinstance(item, dict) and item.get("type") == "message":
                return lenient(read_content, item.get("content"), ("item", "content"), "output", _OUTPUT_TEXT)
            return []
        if isinstance(event.get("response"), dict):
            return lenient(_responses_output, event["response"], ("response",))
        return []

    def stream_usage(self, event: Any) -> dict[str, int] | None:
        return self.usage(event.get("response")) if isinstance(event, dict) else None

    def stream_model(self, event: Any) -> str | None:
        return str_field(event.get("response"), "model") if isinstance(event, dict) else None
