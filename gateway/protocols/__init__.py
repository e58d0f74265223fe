"""Protocol adapters: where the texts are in a provider's JSON, and how to put them back.

Filters screen texts, not bodies. Each adapter knows one wire format well enough to list
every text the model will read (with a role and a path of keys/indices into the parsed
document) and to write a redacted text back at exactly that leaf, so the rest of the body
survives byte for byte when orjson re-serializes it.

Two rules shape every adapter:

* Fail closed on shapes we cannot read. If a field that carries text has the wrong type
  (content a number, messages an object) we raise `ProtocolError` naming the path, and
  the gateway answers 400. Silently skipping it would forward text nobody screened to an
  upstream that may be lenient enough to read it. Fields we do not know are ignored, and
  absent or null optional fields simply carry no text.
* Never copy the document and never use regexes on the hot path: extraction is a walk
  over dicts and lists the request parser already built.

Stream-event readers are the exception to the first rule: they never raise, because an
upstream event we do not understand is not the client's fault, and the streaming loop
must keep going. They return None / [] for events that carry no text we know of.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NoReturn

from gateway.exchange import JsonPath, Segment

__all__ = [
    "PROTOCOL_NAMES",
    "ROLES",
    "ProtocolAdapter",
    "ProtocolError",
    "format_path",
    "get_adapter",
    "get_at",
    "merge_usage",
    "parse_path",
    "set_at",
]

ROLES = frozenset({"system", "user", "assistant", "tool", "document", "input", "output"})

_MISSING: Any = object()


class ProtocolError(ValueError):
    """A body the protocol cannot read. `param` is the dotted path, for the error's `param`."""

    def __init__(self, path: JsonPath, problem: str) -> None:
        self.path: JsonPath = tuple(path)
        self.param = format_path(self.path)
        super().__init__(f"{self.param}: {problem}")


def format_path(path: JsonPath) -> str:
    """`("messages", 2, "content")` -> `messages[2].content`; the empty path is `body`."""
    out: list[str] = []
    for step in path:
        if isinstance(step, int):
            out.append(f"[{step}]")
        else:
            out.append(f".{step}" if out else step)
    return "".join(out) or "body"


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _fail(path: JsonPath, expected: str, got: Any) -> NoReturn:
    raise ProtocolError(path, f"expected {expected}, got {_json_type(got)}")


def _body(doc: Any) -> dict[str, Any]:
    if not isinstance(doc, dict):
        _fail((), "JSON object", doc)
    return doc


def _str_field(doc: Any, key: str) -> str | None:
    if isinstance(doc, dict):
        value = doc.get(key)
        if isinstance(value, str):
            return value
    return None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# --- navigation -------------------------------------------------------------------------


def get_at(doc: Any, path: JsonPath) -> Any:
    """The value at `path`; ProtocolError if any step does not exist."""
    node = doc
    for depth, step in enumerate(path):
        if isinstance(node, dict) and isinstance(step, str) and step in node:
            node = node[step]
        elif isinstance(node, list) and _is_int(step) and 0 <= step < len(node):  # type: ignore[operator]
            node = node[step]  # type: ignore[index]
        else:
            raise ProtocolError(path[: depth + 1], "path does not exist in this document")
    return node


def set_at(doc: Any, path: JsonPath, text: str) -> None:
    """Replace the string leaf at `path`. Refuses non-string leaves so a stale or wrong path
    can never replace structure (a whole message list) with a string."""
    if not path:
        raise ProtocolError(path, "cannot replace the whole document")
    if not isinstance(text, str):
        raise TypeError(f"segment text must be str, not {type(text).__name__}")
    parent = get_at(doc, path[:-1])
    last = path[-1]
    leaf = _MISSING
    if isinstance(parent, dict) and isinstance(last, str):
        leaf = parent.get(last, _MISSING)
    elif isinstance(parent, list) and _is_int(last) and 0 <= last < len(parent):  # type: ignore[operator]
        leaf = parent[last]  # type: ignore[index]
    if leaf is _MISSING:
        raise ProtocolError(path, "path does not exist in this document")
    if not isinstance(leaf, str):
        raise ProtocolError(path, "expected a string leaf to replace")
    parent[last] = text


def _usage(raw: Any, prompt: tuple[str, ...], completion: str) -> dict[str, int] | None:
    """Normalize a usage object. `prompt` lists keys summed into prompt_tokens, the first
    being required (Anthropic bills cached input separately from input_tokens)."""
    if not isinstance(raw, dict):
        return None
    out: dict[str, int] = {}
    if _is_int(raw.get(prompt[0])):
        out["prompt_tokens"] = sum(raw[k] for k in prompt if _is_int(raw.get(k)))
    if _is_int(raw.get(completion)):
        out["completion_tokens"] = raw[completion]
    if _is_int(raw.get("total_tokens")):
        out["total_tokens"] = raw["total_tokens"]
    elif "prompt_tokens" in out and "completion_tokens" in out:
        out["total_tokens"] = out["prompt_tokens"] + out["completion_tokens"]
    return out or None


def merge_usage(old: dict[str, int] | None, new: dict[str, int] | None) -> dict[str, int] | None:
    """Fold one stream event's usage into the running total. Events may report only part of
    it (Anthropic's message_delta has output tokens only), and later counts are cumulative,
    so newer keys win and the total is recomputed unless the event stated it."""
    if not new:
        return old
    merged = {**(old or {}), **new}
    if "total_tokens" not in new and "prompt_tokens" in merged and "completion_tokens" in merged:
        merged["total_tokens"] = merged["prompt_tokens"] + merged["completion_tokens"]
    return merged


# --- shared readers -----------------------------------------------------------------------


def _parts(
    parts: list[Any], path: JsonPath, role: str, text_types: frozenset[str], out: list[Segment]
) -> None:
    """Content-part arrays: text parts are texts, other typed parts (images, files) are not."""
    for j, part in enumerate(parts):
        if not isinstance(part, dict):
            _fail((*path, j), "content part object", part)
        kind = part.get("type")
        if not isinstance(kind, str):
            _fail((*path, j, "type"), "string", kind)
        if kind in text_types:
            text = part.get("text")
            if not isinstance(text, str):
                _fail((*path, j, "text"), "string", text)
            out.append(Segment(role, text, (*path, j, "text")))


def _content(content: Any, path: JsonPath, role: str, text_types: frozenset[str], out: list[Segment]) -> None:
    if isinstance(content, str):
        out.append(Segment(role, content, path))
    elif isinstance(content, list):
        _parts(content, path, role, text_types, out)
    elif content is not None:
        _fail(path, "string or array of content parts", content)


def _opt_str(value: Any, path: JsonPath, role: str, out: list[Segment], expected: str = "string") -> None:
    if isinstance(value, str):
        out.append(Segment(role, value, path))
    elif value is not None:
        _fail(path, expected, value)


def _strings_or_tokens(value: Any, path: JsonPath, role: str, out: list[Segment]) -> None:
    """OpenAI's `prompt`/`input`: a string, or a list of strings, token ids or id lists.
    Token ids are not text; anything else in the list is refused rather than skipped."""
    if isinstance(value, str):
        out.append(Segment(role, value, path))
        return
    if not isinstance(value, list):
        _fail(path, "string or array", value)
    for i, item in enumerate(value):
        if isinstance(item, str):
            out.append(Segment(role, item, (*path, i)))
        elif isinstance(item, list):
            for k, tok in enumerate(item):
                if not _is_int(tok):
                    _fail((*path, i, k), "token id (integer)", tok)
        elif not _is_int(item):
            _fail((*path, i), "string, token id or array of token ids", item)


def _list_field(body: dict[str, Any], key: str, what: str, required: bool) -> list[Any]:
    value = body.get(key, _MISSING)
    if value is _MISSING or value is None:
        if required:
            raise ProtocolError((key,), "required")
        return []
    if not isinstance(value, list):
        _fail((key,), what, value)
    return value


def _items(body: Any, key: str, what: str) -> list[Any]:
    """Response-side list field: absent (e.g. an error body) means no texts."""
    if not isinstance(body, dict):
        _fail((), "JSON object", body)
    return _list_field(body, key, what, required=False)


# --- the adapters ----------------------------------------------------------------------------


class ProtocolAdapter:
    """One wire format. Stateless: a single instance serves every request of its routes."""

    name: str = ""

    def model(self, doc: Any) -> str | None:
        """The requested model, read before any validation so routing never raises."""
        return _str_field(doc, "model")

    def is_stream(self, doc: Any) -> bool:
        return isinstance(doc, dict) and doc.get("stream") is True

    def extract(self, doc: Any) -> list[Segment]:
        raise NotImplementedError

    def write_back(self, doc: Any, segments: Sequence[Segment]) -> None:
        """Put each segment's text at its path; works for requests, answers and events."""
        for seg in segments:
            set_at(doc, seg.path, seg.text)

    def extract_response(self, doc: Any) -> list[Segment]:
        return []

    def response_model(self, doc: Any) -> str | None:
        return _str_field(doc, "model")

    def usage(self, doc: Any) -> dict[str, int] | None:
        if isinstance(doc, dict):
            return _usage(doc.get("usage"), ("prompt_tokens",), "completion_tokens")
        return None

    def stream_segments(self, event: Any) -> list[Segment]:
        """Every text delta in one event (several when n > 1 choices share an event)."""
        return []

    def stream_echoes(self, event: Any) -> list[Segment]:
        """Texts in an event that repeat what the deltas already sent (final snapshots).
        The gateway must overwrite these with the screened text, or the redacted answer
        leaks whole at the end of the stream."""
        return []

    def stream_delta(self, event: Any) -> str | None:
        segs = self.stream_segments(event)
        return segs[0].text if segs else None

    def set_stream_delta(self, event: Any, text: str) -> None:
        segs = self.stream_segments(event)
        if not segs:
            raise ProtocolError((), "event carries no text delta")
        set_at(event, segs[0].path, text)

    def stream_usage(self, event: Any) -> dict[str, int] | None:
        return None

    def stream_model(self, event: Any) -> str | None:
        return _str_field(event, "model")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


_CHAT_ROLES = {
    "system": "system",
    "developer": "system",
    "user": "user",
    "assistant": "assistant",
    "tool": "tool",
    "function": "tool",
}
_CHAT_TEXT = frozenset({"text"})


def _role(msg: dict[str, Any], path: JsonPath, table: dict[str, str]) -> str:
    """Map the wire role; unknown roles (llama's `ipython`, custom templates) are screened
    as `user`, the least trusted role, instead of being refused or trusted."""
    role = msg.get("role")
    if not isinstance(role, str):
        _fail((*path, "role"), "string", role)
    return table.get(role, "user")


def _chat_tool_calls(msg: dict[str, Any], path: JsonPath, out: list[Segment]) -> None:
    calls = msg.get("tool_calls")
    if isinstance(calls, list):
        for j, call in enumerate(calls):
            cpath = (*path, "tool_calls", j)
            if not isinstance(call, dict):
                _fail(cpath, "tool call object", call)
            for key, field in (("function", "arguments"), ("custom", "input")):
                fn = call.get(key)
                if isinstance(fn, dict):
                    _opt_str(fn.get(field), (*cpath, key, field), "assistant", out)
                elif fn is not None:
                    _fail((*cpath, key), "object", fn)
    elif calls is not None:
        _fail((*path, "tool_calls"), "array of tool calls", calls)
    legacy = msg.get("function_call")
    if isinstance(legacy, dict):
        _opt_str(legacy.get("arguments"), (*path, "function_call", "arguments"), "assistant", out)
    elif legacy is not None:
        _fail((*path, "function_call"), "object", legacy)


class OpenAIChat(ProtocolAdapter):
    """POST /v1/chat/completions (OpenAI, vLLM, TGI, Ollama and most compatible servers)."""

    name = "openai-chat"

    def extract(self, doc: Any) -> list[Segment]:
        messages = _list_field(_body(doc), "messages", "array of messages", required=True)
        out: list[Segment] = []
        for i, msg in enumerate(messages):
            if not isinstance(msg, dict):
                _fail(("messages", i), "message object", msg)
            role = msg.get("role")
            role = _CHAT_ROLES.get(role) if type(role) is str else None
            if role is None:
                role = _role(msg, ("messages", i), _CHAT_ROLES)
            content = msg.get("content")
            if type(content) is str:  # the common case inlined: this runs on every request
                out.append(Segment(role, content, ("messages", i, "content")))
            else:
                _content(content, ("messages", i, "content"), role, _CHAT_TEXT, out)
            if role == "assistant" and ("tool_calls" in msg or "function_call" in msg):
                _chat_tool_calls(msg, ("messages", i), out)
        return out

    def extract_response(self, doc: Any) -> list[Segment]:
        out: list[Segment] = []
        for i, choice in enumerate(_items(doc, "choices", "array of choices")):
            if not isinstance(choice, dict):
                _fail(("choices", i), "choice object", choice)
            msg = choice.get("message")
            if isinstance(msg, dict):
                _content(msg.get("content"), ("choices", i, "message", "content"), "output", _CHAT_TEXT, out)
            elif msg is not None:
                _fail(("choices", i, "message"), "object", msg)
        return out

    def stream_segments(self, event: Any) -> list[Segment]:
        return _choice_deltas(event, ("delta", "content"))

    def stream_usage(self, event: Any) -> dict[str, int] | None:
        return self.usage(event)


def _choice_deltas(event: Any, sub: tuple[str, ...]) -> list[Segment]:
    """`choices[i].<sub>` strings of a stream chunk; lenient, since upstreams vary."""
    choices = event.get("choices") if isinstance(event, dict) else None
    if not isinstance(choices, list):
        return []
    out: list[Segment] = []
    for i, choice in enumerate(choices):
        node = choice
        for key in sub:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, str) and node:
            out.append(Segment("output", node, ("choices", i, *sub)))
    return out


class OpenAICompletions(ProtocolAdapter):
    """POST /v1/completions: the legacy prompt-in, text-out API (still vLLM's default)."""

    name = "openai-completions"

    def extract(self, doc: Any) -> list[Segment]:
        body = _body(doc)
        out: list[Segment] = []
        prompt = body.get("prompt")
        if prompt is not None:
            _strings_or_tokens(prompt, ("prompt",), "user", out)
        _opt_str(body.get("suffix"), ("suffix",), "user", out)
        return out

    def extract_response(self, doc: Any) -> list[Segment]:
        out: list[Segment] = []
        for i, choice in enumerate(_items(doc, "choices", "array of choices")):
            if not isinstance(choice, dict):
                _fail(("choices", i), "choice object", choice)
            _opt_str(choice.get("text"), ("choices", i, "text"), "output", out)
        return out

    def stream_segments(self, event: Any) -> list[Segment]:
        return _choice_deltas(event, ("text",))

    def stream_usage(self, event: Any) -> dict[str, int] | None:
        return self.usage(event)


class OpenAIEmbeddings(ProtocolAdapter):
    """POST /v1/embeddings: texts go in, vectors come out, so answers carry no text."""

    name = "openai-embeddings"

    def is_stream(self, doc: Any) -> bool:
        return False

    def extract(self, doc: Any) -> list[Segment]:
        body = _body(doc)
        value = body.get("input", _MISSING)
        if value is _MISSING:
            raise ProtocolError(("input",), "required")
        out: list[Segment] = []
        _strings_or_tokens(value, ("input",), "input", out)
        return out


_RESPONSES_ROLES = {"system": "system", "developer": "system", "user": "user", "assistant": "assistant"}
_RESPONSES_TEXT = frozenset({"input_text", "output_text", "text"})
_OUTPUT_TEXT = frozenset({"output_text"})


def _responses_item(item: Any, path: JsonPath, out: list[Segment]) -> None:
    if not isinstance(item, dict):
        _fail(path, "input item object", item)
    kind = item.get("type")
    if kind is None or kind == "message":
        role = _role(item, path, _RESPONSES_ROLES)
        _content(item.get("content"), (*path, "content"), role, _RESPONSES_TEXT, out)
    elif not isinstance(kind, str):
        _fail((*path, "type"), "string", kind)
    elif kind == "function_call":
        _opt_str(item.get("arguments"), (*path, "arguments"), "assistant", out)
    elif kind == "custom_tool_call":
        _opt_str(item.get("input"), (*path, "input"), "assistant", out)
    elif kind in ("function_call_output", "custom_tool_call_output"):
        _content(item.get("output"), (*path, "output"), "tool", _RESPONSES_TEXT, out)
    # other item types (reasoning, item_reference, hosted tool calls) carry no prompt text


def _responses_output(response: Any, base: JsonPath, out: list[Segment]) -> None:
    """`output[].content[]` output_text parts of a Response object (answer or snapshot)."""
    for i, item in enumerate(_items(response, "output", "array of output items")):
        ipath = (*base, "output", i)
        if not isinstance(item, dict):
            _fail(ipath, "output item object", item)
        if item.get("type") == "message":
            _content(item.get("content"), (*ipath, "content"), "output", _OUTPUT_TEXT, out)


def _lenient(fn: Any, *args: Any) -> list[Segment]:
    out: list[Segment] = []
    try:
        fn(*args, out)
    except ProtocolError:
        return []
    return out


class OpenAIResponses(ProtocolAdapter):
    """POST /v1/responses: items instead of messages, semantic stream events."""

    name = "openai-responses"

    def extract(self, doc: Any) -> list[Segment]:
        body = _body(doc)
        out: list[Segment] = []
        _opt_str(body.get("instructions"), ("instructions",), "system", out)
        value = body.get("input")
        if isinstance(value, str):
            out.append(Segment("user", value, ("input",)))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                _responses_item(item, ("input", i), out)
        elif value is not None:
            _fail(("input",), "string or array of input items", value)
        return out

    def extract_response(self, doc: Any) -> list[Segment]:
        out: list[Segment] = []
        _responses_output(doc, (), out)
        return out

    def usage(self, doc: Any) -> dict[str, int] | None:
        if isinstance(doc, dict):
            return _usage(doc.get("usage"), ("input_tokens",), "output_tokens")
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
            return _lenient(_opt_str, event.get("text"), ("text",), "output")
        if kind in ("response.content_part.added", "response.content_part.done"):
            part = event.get("part")
            if isinstance(part, dict) and part.get("type") == "output_text":
                return _lenient(_opt_str, part.get("text"), ("part", "text"), "output")
            return []
        if kind in ("response.output_item.added", "response.output_item.done"):
            item = event.get("item")
            if isinstance(item, dict) and item.get("type") == "message":
                return _lenient(_content, item.get("content"), ("item", "content"), "output", _OUTPUT_TEXT)
            return []
        if isinstance(event.get("response"), dict):
            return _lenient(_responses_output, event["response"], ("response",))
        return []

    def stream_usage(self, event: Any) -> dict[str, int] | None:
        return self.usage(event.get("response")) if isinstance(event, dict) else None

    def stream_model(self, event: Any) -> str | None:
        return _str_field(event.get("response"), "model") if isinstance(event, dict) else None


_ANTHROPIC_ROLES = {"user": "user", "assistant": "assistant"}


def _anthropic_text_blocks(blocks: Any, path: JsonPath, role: str, out: list[Segment]) -> None:
    """String or list of blocks where only `text` blocks are texts (system, tool_result)."""
    if isinstance(blocks, list):
        for k, block in enumerate(blocks):
            if not isinstance(block, dict):
                _fail((*path, k), "content block object", block)
            kind = block.get("type")
            if not isinstance(kind, str):
                _fail((*path, k, "type"), "string", kind)
            if kind == "text":
                text = block.get("text")
                if not isinstance(text, str):
                    _fail((*path, k, "text"), "string", text)
                out.append(Segment(role, text, (*path, k, "text")))
    else:
        _opt_str(blocks, path, role, out, "string or array of content blocks")


def _anthropic_document(block: dict[str, Any], path: JsonPath, out: list[Segment]) -> None:
    """Plain-text documents are prompt text the model reads; PDFs and URLs are not ours."""
    source = block.get("source")
    if not isinstance(source, dict):
        return
    kind = source.get("type")
    if kind == "text":
        _opt_str(source.get("data"), (*path, "source", "data"), "document", out)
    elif kind == "content":
        _anthropic_text_blocks(source.get("content"), (*path, "source", "content"), "document", out)


def _anthropic_block(block: Any, path: JsonPath, role: str, out: list[Segment]) -> None:
    if not isinstance(block, dict):
        _fail(path, "content block object", block)
    kind = block.get("type")
    if not isinstance(kind, str):
        _fail((*path, "type"), "string", kind)
    if kind == "text":
        text = block.get("text")
        if not isinstance(text, str):
            _fail((*path, "text"), "string", text)
        out.append(Segment(role, text, (*path, "text")))
    elif kind == "tool_result":
        _anthropic_text_blocks(block.get("content"), (*path, "content"), "tool", out)
    elif kind == "document":
        _anthropic_document(block, path, out)


class AnthropicMessages(ProtocolAdapter):
    """POST /v1/messages: top-level system, content blocks, typed stream events."""

    name = "anthropic-messages"

    def extract(self, doc: Any) -> list[Segment]:
        body = _body(doc)
        out: list[Segment] = []
        _anthropic_text_blocks(body.get("system"), ("system",), "system", out)
        for i, msg in enumerate(_list_field(body, "messages", "array of messages", required=True)):
            path = ("messages", i)
            if not isinstance(msg, dict):
                _fail(path, "message object", msg)
            role = _role(msg, path, _ANTHROPIC_ROLES)
            content = msg.get("content")
            if isinstance(content, list):
                for j, block in enumerate(content):
                    _anthropic_block(block, (*path, "content", j), role, out)
            else:
                _opt_str(content, (*path, "content"), role, out, "string or array of content blocks")
        return out

    def extract_response(self, doc: Any) -> list[Segment]:
        out: list[Segment] = []
        for j, block in enumerate(_items(doc, "content", "array of content blocks")):
            if isinstance(block, dict) and block.get("type") == "text":
                _opt_str(block.get("text"), ("content", j, "text"), "output", out)
            elif not isinstance(block, dict):
                _fail(("content", j), "content block object", block)
        return out

    def usage(self, doc: Any) -> dict[str, int] | None:
        if isinstance(doc, dict):
            return _usage(doc.get("usage"), _ANTHROPIC_INPUT, "output_tokens")
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
            return _str_field(event.get("message"), "model")
        return None


_ANTHROPIC_INPUT = ("input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens")


def _bytes_tensors(tensors: list[Any], key: str, role: str, out: list[Segment]) -> None:
    """BYTES tensors' `data` (row-major, possibly nested) holds strings; other datatypes are
    numbers and are not looked at. Iterative so deep nesting cannot hit the recursion limit."""
    for i, tensor in enumerate(tensors):
        path = (key, i)
        if not isinstance(tensor, dict):
            _fail(path, "tensor object", tensor)
        datatype = tensor.get("datatype")
        if not isinstance(datatype, str):
            _fail((*path, "datatype"), "string", datatype)
        if datatype != "BYTES":
            continue
        stack: list[tuple[Any, JsonPath]] = [(tensor.get("data"), (*path, "data"))]
        if not isinstance(stack[0][0], list):
            _fail(stack[0][1], "array", stack[0][0])
        while stack:
            node, npath = stack.pop()
            if isinstance(node, str):
                out.append(Segment(role, node, npath))
            elif isinstance(node, list):
                stack.extend((node[j], (*npath, j)) for j in range(len(node) - 1, -1, -1))
            else:
                _fail(npath, "string", node)


class KServeV2(ProtocolAdapter):
    """KServe / Triton V2 inference (`POST /v2/models/{name}/infer`), BYTES tensors as text.
    The model name lives in the URL, not the body, so `model()` is always None."""

    name = "kserve-v2"

    def model(self, doc: Any) -> str | None:
        return None

    def is_stream(self, doc: Any) -> bool:
        return False

    def extract(self, doc: Any) -> list[Segment]:
        out: list[Segment] = []
        _bytes_tensors(
            _list_field(_body(doc), "inputs", "array of input tensors", True), "inputs", "input", out
        )
        return out

    def extract_response(self, doc: Any) -> list[Segment]:
        out: list[Segment] = []
        _bytes_tensors(_items(doc, "outputs", "array of output tensors"), "outputs", "output", out)
        return out

    def response_model(self, doc: Any) -> str | None:
        return _str_field(doc, "model_name")

    def usage(self, doc: Any) -> dict[str, int] | None:
        return None


# --- generic JSON ----------------------------------------------------------------------------

Step = str | int | None  # key, index (negative counts from the end), None = every element


def parse_path(spec: str) -> tuple[str, tuple[Step, ...]]:
    """Parse `[role=]path` (see GenericJson). ValueError with the reason on bad syntax, so
    config validation can report it at load time."""
    spec = spec.strip()
    role = "input"
    if "=" in spec:
        role, spec = (s.strip() for s in spec.split("=", 1))
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r} (expected one of {', '.join(sorted(ROLES))})")
    if not spec:
        raise ValueError("empty path")
    steps: list[Step] = []
    for n, part in enumerate(spec.split(".")):
        bracket = part.find("[")
        key, rest = (part, "") if bracket < 0 else (part[:bracket], part[bracket:])
        if "]" in key:
            raise ValueError(f"{spec!r}: unexpected ']'")
        if key:
            steps.append(key)
        elif n > 0 or not rest:
            raise ValueError(f"{spec!r}: empty key")
        while rest:
            close = rest.find("]")
            if not rest.startswith("[") or close < 0:
                raise ValueError(f"{spec!r}: expected '[index]' or '[*]' at {rest!r}")
            inner, rest = rest[1:close], rest[close + 1 :]
            steps.append(None if inner == "*" else _index(inner, spec))
    return role, tuple(steps)


def _index(inner: str, spec: str) -> int:
    digits = inner[1:] if inner.startswith("-") else inner
    if not (digits.isascii() and digits.isdigit()):
        raise ValueError(f"{spec!r}: '[{inner}]' is neither an index nor '*'")
    return int(inner)


def _walk(doc: Any, steps: tuple[Step, ...]) -> list[tuple[Any, JsonPath]]:
    """Follow one parsed path. Missing keys, out-of-range indices and nulls end a branch;
    a container of the wrong kind is a ProtocolError (text may be hiding there)."""
    frontier: list[tuple[Any, JsonPath]] = [(doc, ())]
    for step in steps:
        nxt: list[tuple[Any, JsonPath]] = []
        for node, path in frontier:
            if node is None:
                continue
            if isinstance(step, str):
                if not isinstance(node, dict):
                    _fail(path, "object", node)
                if step in node:
                    nxt.append((node[step], (*path, step)))
                continue
            if not isinstance(node, list):
                _fail(path, "array", node)
            if step is None:
                nxt.extend((v, (*path, j)) for j, v in enumerate(node))
            else:
                j = step + len(node) if step < 0 else step
                if 0 <= j < len(node):
                    nxt.append((node[j], (*path, j)))
        frontier = nxt
    return frontier


class GenericJson(ProtocolAdapter):
    """Any JSON endpoint, told where its texts are by configured paths.

    Path syntax: dotted keys, `[N]` for an index (negative from the end), `[*]` for every
    element, e.g. `prompt`, `messages[*].content`, `inputs[0].data[*]`, `[*].text`
    (root array). Keys cannot contain `.`, `[`, `]` or `=`. An optional `role=` prefix
    sets the segment role (default `input`); `output=` paths are read from answers and
    stream events instead of requests (e.g. `output=generated_text`, `output=token.text`).
    Leaves must be strings; null, numbers and booleans are skipped, objects and arrays
    are refused. A leaf reached by two paths is extracted once, with the first path's role.
    """

    name = "generic-json"

    def __init__(self, paths: Sequence[str]) -> None:
        if isinstance(paths, str):
            raise ValueError("paths must be a list of path strings, not one string")
        if not paths:
            raise ValueError("generic-json needs at least one path")
        if not all(isinstance(p, str) for p in paths):
            raise ValueError("paths must be strings")
        parsed = [parse_path(p) for p in paths]
        self.paths = tuple(paths)
        self._request = tuple(p for p in parsed if p[0] != "output")
        self._response = tuple(p for p in parsed if p[0] == "output")

    def extract(self, doc: Any) -> list[Segment]:
        return _collect(doc, self._request)

    def extract_response(self, doc: Any) -> list[Segment]:
        return _collect(doc, self._response)

    def stream_segments(self, event: Any) -> list[Segment]:
        try:
            return [s for s in _collect(event, self._response) if s.text]
        except ProtocolError:
            return []

    def usage(self, doc: Any) -> dict[str, int] | None:
        return None

    def __repr__(self) -> str:
        return f"<GenericJson {list(self.paths)}>"


def _collect(doc: Any, paths: tuple[tuple[str, tuple[Step, ...]], ...]) -> list[Segment]:
    out: list[Segment] = []
    seen: set[JsonPath] = set()
    for role, steps in paths:
        for node, path in _walk(doc, steps):
            if isinstance(node, str):
                if path not in seen:
                    seen.add(path)
                    out.append(Segment(role, node, path))
            elif isinstance(node, dict | list):
                _fail(path, "string", node)
    return out


# --- registry ------------------------------------------------------------------------------

_FIXED: dict[str, ProtocolAdapter] = {
    a.name: a
    for a in (
        OpenAIChat(),
        OpenAICompletions(),
        OpenAIEmbeddings(),
        OpenAIResponses(),
        AnthropicMessages(),
        KServeV2(),
    )
}
PROTOCOL_NAMES: tuple[str, ...] = (*_FIXED, GenericJson.name)


def get_adapter(name: str, *, paths: Sequence[str] = ()) -> ProtocolAdapter:
    """The adapter for a route's `protocol`. Unknown name -> KeyError; `paths` are required
    by generic-json and refused elsewhere (ValueError), so a misconfigured route fails at
    load time rather than silently screening nothing."""
    if isinstance(paths, str):
        raise ValueError("paths must be a list of path strings, not one string")
    if name == GenericJson.name:
        return _generic(tuple(paths))
    try:
        adapter = _FIXED[name]
    except KeyError:
        raise KeyError(f"unknown protocol {name!r} (known: {', '.join(PROTOCOL_NAMES)})") from None
    if paths:
        raise ValueError(f"protocol {name!r} takes no paths; only generic-json does")
    return adapter


@lru_cache(maxsize=64)
def _generic(paths: tuple[str, ...]) -> GenericJson:
    return GenericJson(paths)
