"""OpenAI Responses API: items instead of messages, semantic stream events.

Inventory: `instructions`, `input` (a string or items: messages with text, refusal and
file parts, function and custom tool calls and their outputs, reasoning summaries and
content), tool definitions, `text.format` schemas, `prompt.variables`. Answers: output
messages (text, refusal), function/custom tool call arguments, reasoning summaries and
content, MCP call arguments and outputs, code interpreter code; streamed, every
`response.*.delta` event is a text channel, and the `.done` / `output_item` /
`response.completed` snapshots that repeat the text are screened whole.
"""

from __future__ import annotations

from typing import Any

from gateway.exchange import JsonPath, Segment
from gateway.protocols.base import (
    LENIENT,
    STRICT,
    Policy,
    ProtocolAdapter,
    ProtocolError,
    StreamText,
    body_object,
    fail,
    str_field,
    usage_of,
)
from gateway.protocols.openai_chat import logprobs_option
from gateway.protocols.readers import (
    UNREADABLE,
    answer_items,
    lenient,
    list_field,
    one_part,
    opt_dict,
    opt_str,
    read_content,
    role_of,
    schema_strings,
)

_RESPONSES_ROLES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant"}
PARTS: dict[str, str | None] = {
    "input_text": "text",
    "output_text": "text",
    "text": "text",
    "summary_text": "text",
    "reasoning_text": "text",
    "refusal": "refusal",
    "input_image": None,
    "input_audio": None,
    "input_file": UNREADABLE,
}
# Request item types that carry no text the model reads as a prompt.
_SILENT_ITEMS = frozenset({"item_reference", "web_search_call", "computer_call", "image_generation_call"})

FIELDS = frozenset(
    {
        "model", "input", "instructions", "role", "content", "type", "text", "refusal", "arguments",
        "output", "summary", "tools", "name", "description", "parameters", "format", "schema",
        "prompt", "variables", "stream", "max_output_tokens", "delta", "item", "part", "response",
        "code", "encrypted_content",
    }
)  # fmt: skip


def _item(item: Any, path: JsonPath, out: list[Segment], policy: Policy) -> None:
    if not isinstance(item, dict):
        fail(path, "input item object", item)
    kind = item.get("type")
    if kind is None or kind == "message":
        role = role_of(item, path, _RESPONSES_ROLES)
        read_content(item.get("content"), (*path, "content"), role, PARTS, out, policy)
    elif not isinstance(kind, str):
        fail((*path, "type"), "string", kind)
    elif kind in ("function_call", "mcp_call"):
        opt_str(item.get("arguments"), (*path, "arguments"), "assistant", out)
        if kind == "mcp_call":
            opt_str(item.get("output"), (*path, "output"), "tool", out)
    elif kind == "custom_tool_call":
        opt_str(item.get("input"), (*path, "input"), "assistant", out)
    elif kind in ("function_call_output", "custom_tool_call_output", "local_shell_call_output"):
        read_content(item.get("output"), (*path, "output"), "tool", PARTS, out, policy)
    elif kind == "reasoning":
        _reasoning(item, path, "assistant", out, policy)
    elif kind not in _SILENT_ITEMS and policy.refuse_unknown:
        raise ProtocolError((*path, "type"), f"input item type {kind[:40]!r} is unknown on a screened route")


def _reasoning(item: dict[str, Any], path: JsonPath, role: str, out: list[Segment], policy: Policy) -> None:
    """Reasoning items: `summary` and `content` parts are text; `encrypted_content` is
    opaque to everyone but the provider."""
    for key in ("summary", "content"):
        parts = item.get(key)
        if parts is not None:
            read_content(parts, (*path, key), role, PARTS, out, policy)


def _tools(body: dict[str, Any], out: list[Segment]) -> None:
    for i, tool in enumerate(list_field(body, "tools", "array of tools", required=False)):
        if not isinstance(tool, dict):
            fail(("tools", i), "tool object", tool)
        opt_str(tool.get("description"), ("tools", i, "description"), "tool", out)
        for key in ("parameters", "format"):
            if tool.get(key) is not None:
                schema_strings(tool[key], ("tools", i, key), "tool", out)


def _text_format(body: dict[str, Any], out: list[Segment]) -> None:
    text = opt_dict(body, "text", ())
    fmt = opt_dict(text, "format", ("text",)) if text is not None else None
    if fmt is not None:
        opt_str(fmt.get("description"), ("text", "format", "description"), "tool", out)
        if fmt.get("schema") is not None:
            schema_strings(fmt["schema"], ("text", "format", "schema"), "tool", out)


def _prompt_variables(body: dict[str, Any], out: list[Segment], policy: Policy) -> None:
    prompt = opt_dict(body, "prompt", ())
    variables = opt_dict(prompt, "variables", ("prompt",)) if prompt is not None else None
    for key, value in (variables or {}).items():
        path = ("prompt", "variables", key)
        if isinstance(value, dict):
            one_part(value, path, "user", PARTS, out, policy)
        else:
            opt_str(value, path, "user", out)


def _output(response: Any, base: JsonPath, out: list[Segment]) -> None:
    """Every text of a Response object's `output` items (answer or stream snapshot)."""
    for i, item in enumerate(answer_items(response, "output", "array of output items")):
        _output_item(item, (*base, "output", i), out)


def _output_item(item: Any, ipath: JsonPath, out: list[Segment]) -> None:
    if not isinstance(item, dict):
        fail(ipath, "output item object", item)
    kind = item.get("type")
    if kind == "message":
        read_content(item.get("content"), (*ipath, "content"), "output", PARTS, out)
    elif kind in ("function_call", "mcp_call"):
        opt_str(item.get("arguments"), (*ipath, "arguments"), "output", out)
        opt_str(item.get("output"), (*ipath, "output"), "output", out)
    elif kind == "custom_tool_call":
        opt_str(item.get("input"), (*ipath, "input"), "output", out)
    elif kind == "reasoning":
        _reasoning(item, ipath, "output", out, STRICT)
    elif kind == "code_interpreter_call":
        opt_str(item.get("code"), (*ipath, "code"), "output", out)


class OpenAIResponses(ProtocolAdapter):
    """POST /v1/responses."""

    name = "openai-responses"
    max_tokens_fields = ("max_output_tokens",)
    max_tokens_field = "max_output_tokens"
    tools_keys = ("tools",)
    messages_key = "input"
    fields = FIELDS

    def extract(self, doc: Any, policy: Policy = LENIENT) -> list[Segment]:
        body = body_object(doc)
        out: list[Segment] = []
        opt_str(body.get("instructions"), ("instructions",), "system", out)
        value = body.get("input")
        if isinstance(value, str):
            out.append(Segment("user", value, ("input",)))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                _item(item, ("input", i), out, policy)
        elif value is not None:
            fail(("input",), "string or array of input items", value)
        _tools(body, out)
        _text_format(body, out)
        _prompt_variables(body, out, policy)
        return out

    def unscreened_answer_option(self, doc: Any) -> str | None:
        return logprobs_option(doc, ("top_logprobs",))

    def extract_response(self, doc: Any) -> list[Segment]:
        out: list[Segment] = []
        _output(doc, (), out)
        return out

    def usage(self, doc: Any) -> dict[str, int] | None:
        if isinstance(doc, dict):
            return usage_of(doc.get("usage"), ("input_tokens",), "output_tokens")
        return None

    def finish_reason(self, doc: Any) -> str | None:
        status = doc.get("status") if isinstance(doc, dict) else None
        if status == "completed":
            return "completed"
        if status == "incomplete":
            details = doc.get("incomplete_details")
            reason = details.get("reason") if isinstance(details, dict) else None
            return reason if isinstance(reason, str) else "other"
        return None

    def stream_texts(self, event: Any) -> list[StreamText]:
        """Every `response.*.delta` event with a string delta: output text, refusals,
        function and custom tool call arguments, reasoning text and summaries, and delta
        types added later. One channel per event type and output/content position."""
        if not isinstance(event, dict):
            return []
        kind = event.get("type")
        delta = event.get("delta")
        if isinstance(kind, str) and kind.endswith(".delta") and isinstance(delta, str) and delta:
            where = tuple(event.get(k) for k in ("output_index", "content_index", "summary_index"))
            return [StreamText((kind, *where), delta, ("delta",))]
        return []

    def stream_closes(self, event: Any) -> tuple[Any, ...] | None:
        if self.stream_texts(event):
            return None
        return None if isinstance(event, dict) and event.get("type") == "keepalive" else ()

    def stream_echoes(self, event: Any) -> list[Segment]:
        """`.done` events, `content_part.*`, `output_item.*` and the final `response.*`
        snapshots all repeat the streamed texts in full."""
        return [s for s in self._echoes(event) if s.text]

    def _echoes(self, event: Any) -> list[Segment]:
        if not isinstance(event, dict):
            return []
        kind = event.get("type")
        if not isinstance(kind, str):
            return []
        if kind.endswith(".done") and not kind.startswith(("response.output_item", "response.content_part")):
            out: list[Segment] = []
            for key in ("text", "refusal", "arguments", "input", "code"):
                if isinstance(event.get(key), str):
                    out.append(Segment("output", event[key], (key,)))
            part = event.get("part")
            if isinstance(part, dict):
                out.extend(lenient(one_part, part, ("part",), "output", PARTS))
            return out
        if kind.startswith("response.content_part") or kind.startswith("response.reasoning_summary_part"):
            part = event.get("part")
            return lenient(one_part, part, ("part",), "output", PARTS) if isinstance(part, dict) else []
        if kind.startswith("response.output_item"):
            return lenient(_output_item, event.get("item"), ("item",))
        if isinstance(event.get("response"), dict):
            return lenient(_output, event["response"], ("response",))
        return []

    def stream_usage(self, event: Any) -> dict[str, int] | None:
        return self.usage(event.get("response")) if isinstance(event, dict) else None

    def stream_model(self, event: Any) -> str | None:
        return str_field(event.get("response"), "model") if isinstance(event, dict) else None
