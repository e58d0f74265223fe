"""OpenAI chat completions: messages in, choices out (OpenAI, vLLM, TGI, Ollama, ...).

Inventory (docs/protocols.md): message content (string or parts of every text type),
message `name`, assistant history (`tool_calls` arguments, `reasoning_content`,
`reasoning`, `refusal`), tool and function definitions (descriptions and parameter
schemas), `response_format` schemas, `prediction`. Answers: content, refusal,
reasoning, tool-call arguments; streamed, every string field of a choice's `delta`
except `role` is a text channel of its own.
"""

from __future__ import annotations

import copy
from typing import Any

from gateway.exchange import JsonPath, Segment
from gateway.protocols.base import (
    LENIENT,
    Policy,
    ProtocolAdapter,
    StreamText,
    body_object,
    fail,
    is_int,
    truthy,
)
from gateway.protocols.readers import (
    UNREADABLE,
    answer_items,
    list_field,
    object_strings,
    opt_dict,
    opt_str,
    read_content,
    role_of,
    schema_strings,
)

_CHAT_ROLES = {
    "system": "system",
    "developer": "system",
    "user": "user",
    "assistant": "assistant",
    "tool": "tool",
    "function": "tool",
}
# Part type -> key of its text (None: not text). vLLM and SGLang read input_text,
# output_text and thinking parts as text in chat messages too.
PARTS: dict[str, str | None] = {
    "text": "text",
    "input_text": "text",
    "output_text": "text",
    "refusal": "refusal",
    "thinking": "thinking",
    "reasoning": "text",
    "image_url": None,
    "input_image": None,
    "input_audio": None,
    "audio_url": None,
    "video_url": None,
    "image": None,
    "file": UNREADABLE,
    "input_file": UNREADABLE,
}
# Assistant-history strings besides content (DeepSeek/vLLM reasoning, OpenAI refusals).
_HISTORY_TEXT = ("reasoning_content", "reasoning", "refusal")
# Body fields with texts besides the messages (the rest of extract reads nothing else).
_BODY_EXTRAS = frozenset({"tools", "functions", "response_format", "prediction"})
# Answer-side string fields of a message / delta that carry no text.
_NOT_TEXT = frozenset({"role", "id", "type", "index", "name"})

FIELDS = frozenset(
    {
        "model", "messages", "role", "content", "name", "tool_calls", "function_call", "function",
        "arguments", "custom", "input", "tools", "functions", "description", "parameters",
        "response_format", "json_schema", "schema", "prediction", "stream", "n", "type", "text",
        "refusal", "thinking", "reasoning", "reasoning_content", "max_tokens",
        "max_completion_tokens", "stream_options", "include_usage", "choices", "message", "delta",
        "tool_choice", "format",
    }
)  # fmt: skip


def _tool_calls(msg: dict[str, Any], path: JsonPath, out: list[Segment]) -> None:
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


def _tool_definitions(body: dict[str, Any], out: list[Segment]) -> None:
    """Tool descriptions and parameter schemas are read by the model (tool poisoning):
    screened as `tool`, the role of other text the developer does not write."""
    for key in ("tools", "functions"):
        for i, tool in enumerate(list_field(body, key, "array of tools", required=False)):
            path: JsonPath = (key, i)
            if not isinstance(tool, dict):
                fail(path, "tool object", tool)
            for sub in ("function", "custom"):
                fn = opt_dict(tool, sub, path)
                if fn is not None:
                    _definition(fn, (*path, sub), out)
            if key == "functions":
                _definition(tool, path, out)


def _definition(fn: dict[str, Any], path: JsonPath, out: list[Segment]) -> None:
    opt_str(fn.get("description"), (*path, "description"), "tool", out)
    if fn.get("parameters") is not None:
        schema_strings(fn["parameters"], (*path, "parameters"), "tool", out)
    if fn.get("format") is not None:  # custom tools: grammar definitions
        schema_strings(fn["format"], (*path, "format"), "tool", out)


def _response_format(body: dict[str, Any], out: list[Segment]) -> None:
    fmt = opt_dict(body, "response_format", ())
    if fmt is None:
        return
    js = opt_dict(fmt, "json_schema", ("response_format",))
    if js is not None:
        opt_str(js.get("description"), ("response_format", "json_schema", "description"), "tool", out)
        if js.get("schema") is not None:
            schema_strings(js["schema"], ("response_format", "json_schema", "schema"), "tool", out)


class OpenAIChat(ProtocolAdapter):
    """POST /v1/chat/completions (OpenAI, vLLM, TGI, Ollama and most compatible servers)."""

    name = "openai-chat"
    max_tokens_fields = ("max_tokens", "max_completion_tokens")
    max_tokens_field = "max_tokens"
    messages_key = "messages"
    fields = FIELDS

    def extract(self, doc: Any, policy: Policy = LENIENT) -> list[Segment]:
        body = body_object(doc)
        messages = list_field(body, "messages", "array of messages", required=True)
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
                read_content(content, ("messages", i, "content"), role, PARTS, out, policy)
            if len(msg) > 2 or "content" not in msg:  # more than role and content
                self._message_extras(msg, ("messages", i), role, out, policy)
        if not _BODY_EXTRAS.isdisjoint(body):  # perf3: one C call when none is there
            _tool_definitions(body, out)
            _response_format(body, out)
            prediction = opt_dict(body, "prediction", ())
            if prediction is not None:
                read_content(
                    prediction.get("content"), ("prediction", "content"), "assistant", PARTS, out, policy
                )
        return out

    def _message_extras(
        self, msg: dict[str, Any], path: JsonPath, role: str, out: list[Segment], policy: Policy
    ) -> None:
        opt_str(msg.get("name"), (*path, "name"), role, out)
        if "tool_calls" in msg or "function_call" in msg:
            _tool_calls(msg, path, out)
        for key in _HISTORY_TEXT:
            opt_str(msg.get(key), (*path, key), role, out)

    def unscreened_answer_option(self, doc: Any) -> str | None:
        return logprobs_option(doc, ("logprobs", "top_logprobs"))

    def unscreened_in_answer(self, doc: Any) -> bool:
        return has_logprobs(doc)

    def extract_response(self, doc: Any) -> list[Segment]:
        out: list[Segment] = []
        for i, choice in enumerate(answer_items(doc, "choices", "array of choices")):
            if not isinstance(choice, dict):
                fail(("choices", i), "choice object", choice)
            msg = choice.get("message")
            if isinstance(msg, dict):
                _answer_message(msg, ("choices", i, "message"), out)
            elif msg is not None:
                fail(("choices", i, "message"), "object", msg)
        return out

    def finish_reason(self, doc: Any) -> str | None:
        return first_finish_reason(doc)

    def stream_texts(self, event: Any) -> list[StreamText]:
        return chat_deltas(event, "delta")

    def stream_usage(self, event: Any) -> dict[str, int] | None:
        return self.usage(event)

    def ask_usage(self, doc: Any) -> bool:
        return ask_include_usage(doc)

    def usage_only(self, event: Any) -> bool:
        return is_usage_chunk(event)

    def stream_closes(self, event: Any) -> tuple[Any, ...] | None:
        return choice_closes(event)

    def stream_text_event(self, template: Any, part: StreamText, text: str) -> Any:
        """A minimal chunk carrying `text` for one channel: copying the template whole would
        repeat a tool call's id and name, which SDKs concatenate."""
        choice = copy.copy(template["choices"][part.path[1]])
        choice.pop("logprobs", None)
        choice["finish_reason"] = None
        delta: dict[str, Any] = {}
        node: Any = delta
        src: Any = template["choices"][part.path[1]]["delta"]
        for step in part.path[3:-1]:  # rebuild the path below the delta with only index keys
            src = src[step]
            if isinstance(step, int):
                item = {"index": src["index"]} if isinstance(src, dict) and "index" in src else {}
                node.append(item)
                node = item
            else:
                child: Any = [] if isinstance(src, list) else {}
                node[step] = child
                node = child
        node[part.path[-1]] = text
        choice["delta"] = delta
        event = {k: v for k, v in template.items() if k not in ("choices", "usage")}
        event["choices"] = [choice]
        return event


# Answer message fields read besides `content` (`role` and the rest carry no text).
_ANSWER_EXTRAS = frozenset({*_HISTORY_TEXT, "tool_calls", "function_call", "audio"})


def _answer_message(msg: dict[str, Any], path: JsonPath, out: list[Segment]) -> None:
    content = msg.get("content")
    if type(content) is str:  # the common answer, inlined (read_content's first case)
        out.append(Segment("output", content, (*path, "content")))
    else:
        read_content(content, (*path, "content"), "output", PARTS, out)
    if _ANSWER_EXTRAS.isdisjoint(msg):  # perf3: a plain answer has none of them
        return
    for key in _HISTORY_TEXT:
        opt_str(msg.get(key), (*path, key), "output", out)
    calls = msg.get("tool_calls")
    if isinstance(calls, list):
        for j, call in enumerate(calls):
            if isinstance(call, dict):
                for key, field in (("function", "arguments"), ("custom", "input")):
                    fn = call.get(key)
                    if isinstance(fn, dict):
                        value = fn.get(field)
                        if isinstance(value, str):
                            out.append(Segment("output", value, (*path, "tool_calls", j, key, field)))
                        elif isinstance(value, dict):  # some servers send parsed arguments
                            object_strings(value, (*path, "tool_calls", j, key, field), "output", out)
    legacy = msg.get("function_call")
    if isinstance(legacy, dict):
        opt_str(legacy.get("arguments"), (*path, "function_call", "arguments"), "output", out)
    audio = msg.get("audio")
    if isinstance(audio, dict):
        opt_str(audio.get("transcript"), (*path, "audio", "transcript"), "output", out)


def first_finish_reason(doc: Any) -> str | None:
    """The first choice's `finish_reason` (chat and legacy completions answers alike)."""
    choices = doc.get("choices") if isinstance(doc, dict) else None
    if isinstance(choices, list) and choices and isinstance(choices[0], dict):
        fr = choices[0].get("finish_reason")
        return fr if isinstance(fr, str) else None
    return None


def choice_closes(event: Any) -> tuple[Any, ...] | None:
    """stream_closes of chat and legacy completions chunks: a choice's finish chunk ends
    that choice's channels; a chunk without choices (the usage chunk) ends all. Other
    choices keep their held-back windows. The choice is named as chat_deltas keys its
    channels (`_choice_index`): a non-integer `index`, a JSON `true` included, is malformed
    and the choice's position stands in for it in both adapters (the legacy adapter read a
    bool as an index, and `true` == 1 named another choice's channels)."""
    choices = event.get("choices") if isinstance(event, dict) else None
    if not isinstance(choices, list) or not choices:
        return ()
    for pos, choice in enumerate(choices):
        if isinstance(choice, dict) and choice.get("finish_reason") is not None:
            return (_choice_index(choice, pos),)
    return None


def _choice_index(choice: dict[str, Any], pos: int) -> Any:
    index = choice.get("index")
    return index if is_int(index) else pos


def chat_deltas(event: Any, sub: str) -> list[StreamText]:
    """Text channels of a chat (sub="delta") or completions (sub="") chunk: every string
    field of each choice's delta except `role`, and tool-call arguments, each channel
    keyed by the choice's `index` (and the tool call's `index`), not by array position."""
    choices = event.get("choices") if isinstance(event, dict) else None
    if not isinstance(choices, list):
        return []
    out: list[StreamText] = []
    for pos, choice in enumerate(choices):
        if not isinstance(choice, dict):
            continue
        c = _choice_index(choice, pos)
        if not sub:
            text = choice.get("text")
            if isinstance(text, str) and text:
                out.append(StreamText((c, "text"), text, ("choices", pos, "text")))
            continue
        delta = choice.get(sub)
        if not isinstance(delta, dict):
            continue
        for key, value in delta.items():
            if isinstance(value, str):
                if value and key not in _NOT_TEXT:
                    out.append(StreamText((c, key), value, ("choices", pos, sub, key)))
            elif key == "tool_calls" and isinstance(value, list):
                _tool_call_deltas(value, c, ("choices", pos, sub, "tool_calls"), out)
            elif key == "function_call" and isinstance(value, dict):
                args = value.get("arguments")
                if isinstance(args, str) and args:
                    out.append(
                        StreamText((c, "function_call"), args, ("choices", pos, sub, key, "arguments"))
                    )
    return out


def _tool_call_deltas(calls: list[Any], c: Any, path: JsonPath, out: list[StreamText]) -> None:
    for j, call in enumerate(calls):
        if not isinstance(call, dict):
            continue
        k = call.get("index") if is_int(call.get("index")) else j
        for key, field in (("function", "arguments"), ("custom", "input")):
            fn = call.get(key)
            if isinstance(fn, dict):
                value = fn.get(field)
                if isinstance(value, str) and value:
                    out.append(StreamText((c, "tool", k), value, (*path, j, key, field)))


def ask_include_usage(doc: Any) -> bool:
    """Set `stream_options.include_usage` unless the client already asked (then it gets the
    usage chunk as it wanted) or sent options the upstream will refuse anyway."""
    if not isinstance(doc, dict):
        return False
    opts = doc.get("stream_options")
    if opts is not None and not isinstance(opts, dict):
        return False
    if opts and truthy(opts.get("include_usage")):
        return False
    doc["stream_options"] = {**(opts or {}), "include_usage": True}
    return True


def is_usage_chunk(event: Any) -> bool:
    """The final chunk `include_usage` adds: no choices, a usage object."""
    return isinstance(event, dict) and event.get("choices") == [] and isinstance(event.get("usage"), dict)


def logprobs_option(doc: Any, fields: tuple[str, ...]) -> str | None:
    """The first of `fields` the request turns on (true, or a count above zero)."""
    if not isinstance(doc, dict):
        return None
    for field in fields:
        value = doc.get(field)
        if value is not None and value is not False and value != 0:
            return field
    return None


def has_logprobs(doc: Any) -> bool:
    """A choice with log-probabilities: their tokens repeat the answer unscreened."""
    choices = doc.get("choices") if isinstance(doc, dict) else None
    if not isinstance(choices, list):
        return False
    for c in choices:  # a loop, not any() over a generator: one frame less per answer
        if isinstance(c, dict) and c.get("logprobs") not in (None, {}, []):
            return True
    return False
