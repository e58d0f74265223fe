"""OpenAI chat completions: messages in, choices out."""

from __future__ import annotations

from typing import Any

from gateway.exchange import JsonPath, Segment
from gateway.protocols.base import (
    ProtocolAdapter,
    body_object,
    fail,
)
from gateway.protocols.readers import (
    answer_items,
    choice_deltas,
    list_field,
    opt_str,
    read_content,
    role_of,
)

_CHAT_ROLES = {
    "system": "system",
    "developer": "system",
    "user": "user",
    "assistant": "assistant",
    "tool": "tool",
    "function": "tool",
}
_CHAT_TEXT = frozenset({"text"})


def _chat_tool_calls(msg: dict[str, Any], path: JsonPath, out: list[Segment]) -> None:
    calls = msg.get("tool_calls")
    if isinstance(calls, list):
        for j, call in enumerate(calls):
            cpath = (*path, "tool_calls", j)
            if not isinstance(call, dict):
                fail(cpath, "tool call object", call)
            for key, field in (("function", "arguments"), ("custom", "input")):
                fn = call.get(key)
                if isinstance(fn, dict):
                    opt_str(fn.get(field), (*cpath, key, field), "assistant", out)
                elif fn is not None:
                    fail((*cpath, key), "object", fn)
    elif calls is not None:
        fail((*path, "tool_calls"), "array of tool calls", calls)
    legacy = msg.get("function_call")
    if isinstance(legacy, dict):
        opt_str(legacy.get("arguments"), (*path, "function_call", "arguments"), "assistant", out)
    elif legacy is not None:
        fail((*path, "function_call"), "object", legacy)


class OpenAIChat(ProtocolAdapter):
    """POST /v1/chat/completions (OpenAI, vLLM, TGI, Ollama and most compatible servers)."""

    name = "openai-chat"

    def extract(self, doc: Any) -> list[Segment]:
        messages = list_field(body_object(doc), "messages", "array of messages", required=True)
        out: list[Segment] = []
        for i, msg in enumerate(messages):
            if not isinstance(msg, dict):
                fail(("messages", i), "message object", msg)
            role = msg.get("role")
            role = _CHAT_ROLES.get(role) if type(role) is str else None
            if role is None:
                role = role_of(msg, ("messages", i), _CHAT_ROLES)
            content = msg.get("content")
            if type(content) is str:  # the common case inlined: this runs on every request
                out.append(Segment(role, content, ("messages", i, "content")))
            else:
                read_content(content, ("messages", i, "content"), role, _CHAT_TEXT, out)
            if role == "assistant" and ("tool_calls" in msg or "function_call" in msg):
                _chat_tool_calls(msg, ("messages", i), out)
        return out

    def extract_response(self, doc: Any) -> list[Segment]:
        out: list[Segment] = []
        for i, choice in enumerate(answer_items(doc, "choices", "array of choices")):
            if not isinstance(choice, dict):
                fail(("choices", i), "choice object", choice)
            msg = choice.get("message")
            if isinstance(msg, dict):
                read_content(
                    msg.get("content"), ("choices", i, "message", "content"), "output", _CHAT_TEXT, out
                )
            elif msg is not None:
                fail(("choices", i, "message"), "object", msg)
        return out

    def stream_segments(self, event: Any) -> list[Segment]:
        return choice_deltas(event, ("delta", "content"))

    def stream_usage(self, event: Any) -> dict[str, int] | None:
        return self.usage(event)
