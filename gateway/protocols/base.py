"""The adapter contract and JSON navigation every adapter shares.

Filters screen texts, not bodies. Each adapter knows one wire format well enough to list
every text the model will read (with a role and a path of keys/indices into the parsed
document) and to write a redacted text back at exactly that leaf, so the rest of the body
survives byte for byte when orjson re-serializes it.

Two rules shape every adapter:

* Fail closed on shapes we cannot read. If a field that carries text has the wrong type
  (content a number, messages an object) we raise `ProtocolError` naming the path, and
  the gateway answers 400. Silently skipping it would forward text nobody screened to an
  upstream that may be lenient enough to read it.
* Never copy the document and never use regexes on the hot path: extraction is a walk
  over dicts and lists the request parser already built.

Stream-event readers are the exception to the first rule: they never raise, because an
upstream event we do not understand is not the client's fault, and the streaming loop
must keep going. They return None / [] for events that carry no text we know of.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any, NamedTuple, NoReturn

import orjson

from filters.base import RequestFacts
from gateway.exchange import JsonPath, Segment

ROLES = frozenset({"system", "user", "assistant", "tool", "document", "input", "output"})

MISSING: Any = object()


class Policy(NamedTuple):
    """How strictly a request is read. Routes with request filters read STRICT (an
    unreadable part would reach the model unscreened); others read LENIENT, since nothing
    screens their texts anyway. A route can relax the strict policy (`screening:`)."""

    refuse_unknown: bool = True  # part / block / item types the adapter does not know -> 400
    refuse_token_ids: bool = True  # prompts given as token ids (no text to screen) -> 400


STRICT = Policy()
LENIENT = Policy(refuse_unknown=False, refuse_token_ids=False)


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


def json_type(value: Any) -> str:
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


def fail(path: JsonPath, expected: str, got: Any) -> NoReturn:
    raise ProtocolError(path, f"expected {expected}, got {json_type(got)}")


def body_object(doc: Any) -> dict[str, Any]:
    if not isinstance(doc, dict):
        fail((), "JSON object", doc)
    return doc


def str_field(doc: Any, key: str) -> str | None:
    if isinstance(doc, dict):
        value = doc.get(key)
        if isinstance(value, str):
            return value
    return None


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# --- navigation -------------------------------------------------------------------------


def get_at(doc: Any, path: JsonPath) -> Any:
    """The value at `path`; ProtocolError if any step does not exist."""
    node = doc
    for depth, step in enumerate(path):
        if isinstance(node, dict) and isinstance(step, str) and step in node:
            node = node[step]
        elif isinstance(node, list) and is_int(step) and 0 <= step < len(node):  # type: ignore[operator]
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
    leaf = MISSING
    if isinstance(parent, dict) and isinstance(last, str):
        leaf = parent.get(last, MISSING)
    elif isinstance(parent, list) and is_int(last) and 0 <= last < len(parent):  # type: ignore[operator]
        leaf = parent[last]  # type: ignore[index]
    if leaf is MISSING:
        raise ProtocolError(path, "path does not exist in this document")
    if not isinstance(leaf, str):
        raise ProtocolError(path, "expected a string leaf to replace")
    parent[last] = text


def usage_of(raw: Any, prompt: tuple[str, ...], completion: str) -> dict[str, int] | None:
    """Normalize a usage object. `prompt` lists keys summed into prompt_tokens, the first
    being required (Anthropic bills cached input separately from input_tokens)."""
    if not isinstance(raw, dict):
        return None
    # Each value read once and `is_int` inlined (perf3: ~12k -> ~6k instructions per answer
    # under callgrind, no generator for the common single prompt key).
    out: dict[str, int] = {}
    first = raw.get(prompt[0])
    if isinstance(first, int) and not isinstance(first, bool):
        if len(prompt) > 1:
            for k in prompt[1:]:
                more = raw.get(k)
                if isinstance(more, int) and not isinstance(more, bool):
                    first += more
        out["prompt_tokens"] = first
    done = raw.get(completion)
    if isinstance(done, int) and not isinstance(done, bool):
        out["completion_tokens"] = done
    total = raw.get("total_tokens")
    if isinstance(total, int) and not isinstance(total, bool):
        out["total_tokens"] = total
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


class StreamText(NamedTuple):
    """One text delta of a stream event. Each `channel` (a choice, a content block, a tool
    call, a reasoning stream) gets its own held-back window, so interleaved channels never
    mix in one window and a pattern split across deltas of one channel is still seen."""

    channel: tuple[Any, ...]
    text: str
    path: JsonPath


class ProtocolAdapter:
    """One wire format. Stateless: a single instance serves every request of its routes."""

    name: str = ""
    # Every field name of the protocol's inventory (docs/protocols.md): a body key that
    # equals one of these only up to case is refused (see ambiguity.py).
    fields: frozenset[str] = frozenset({"model", "stream"})

    def model(self, doc: Any) -> str | None:
        """The requested model, read before any validation so routing never raises."""
        if isinstance(doc, dict):  # str_field inlined here and in response_model (perf3)
            value = doc.get("model")
            if isinstance(value, str):
                return value
        return None

    def is_stream(self, doc: Any) -> bool:
        """Read with the upstream's own coercion: Python servers (vLLM, pydantic) take
        `"true"`, `1` and `"1"` for true; a gateway that reads only `true` would screen a
        stream as a complete answer."""
        return isinstance(doc, dict) and truthy(doc.get("stream"))

    def choices(self, doc: Any) -> int:
        """How many answers were asked for (`n`), read as leniently as servers do (2.0, "2")."""
        n = doc.get("n") if isinstance(doc, dict) else None
        return as_count(n)

    def extract(self, doc: Any, policy: Policy = LENIENT) -> list[Segment]:
        """Every text of a request. The data path passes STRICT on routes with request
        filters; the default reads what it can (audit records, shadow comparison)."""
        raise NotImplementedError

    # Output-cap fields and the one a cap is added to. Adapters that do not know their
    # protocol's field (generic JSON) read the common names and add none.
    max_tokens_fields: tuple[str, ...] = ("max_tokens", "max_completion_tokens", "max_output_tokens")
    max_tokens_field: str | None = None
    tools_keys: tuple[str, ...] = ("tools", "functions")
    messages_key: str | None = None

    def facts(self, doc: Any) -> RequestFacts:
        """What access control needs from the body (tool names, output caps, message count)."""
        if not isinstance(doc, dict):
            return _NO_FACTS
        caps: tuple[tuple[str, Any], ...] = ()
        for f in self.max_tokens_fields:  # a loop, not tuple(generator): perf3
            value = doc.get(f)
            if value is not None:
                caps += ((f, value),)
        messages = doc.get(self.messages_key) if self.messages_key else None
        # Positional, built in C (a NamedTuple's keyword __new__ is a Python call): perf3,
        # with the loop above ~14k -> ~8k instructions per request under callgrind.
        return _new_tuple(
            RequestFacts,
            (
                tool_names(doc, self.tools_keys),
                caps,
                self.max_tokens_field,
                len(messages) if isinstance(messages, list) else None,
            ),
        )

    def write_back(self, doc: Any, segments: Sequence[Segment]) -> None:
        """Put each segment's text at its path; works for requests, answers and events."""
        for seg in segments:
            set_at(doc, seg.path, seg.text)

    def extract_response(self, doc: Any) -> list[Segment]:
        return []

    def response_model(self, doc: Any) -> str | None:
        if isinstance(doc, dict):
            value = doc.get("model")
            if isinstance(value, str):
                return value
        return None

    def usage(self, doc: Any) -> dict[str, int] | None:
        if isinstance(doc, dict):
            return usage_of(doc.get("usage"), ("prompt_tokens",), "completion_tokens")
        return None

    def finish_reason(self, doc: Any) -> str | None:
        """The raw reason a complete answer ended (drift statistics), or None."""
        return None

    def error_event(self, code: str, message: str, etype: str = "policy_violation") -> bytes:
        """An in-stream error the official SDKs surface as an exception rather than a hang."""
        payload = {"error": {"message": message, "type": etype, "code": code, "param": None}}
        return b"data: " + orjson.dumps(payload) + b"\n\n"

    # -- streams --

    def stream_texts(self, event: Any) -> list[StreamText]:
        """Every text delta in one stream event, with its channel."""
        return []

    def stream_closes(self, event: Any) -> tuple[Any, ...] | None:
        """The channels this event ends, as a prefix of their keys (`()`: all), or None.
        Held text of an ended channel is screened whole and released before the event."""
        return None if self.stream_texts(event) else ()

    def stream_text_event(self, template: Any, part: StreamText, text: str) -> Any:
        """An event carrying `text` for `part`'s channel, built from an earlier event of
        that channel (to release held text when the channel ends). The default copies the
        template and blanks its other deltas."""
        event = copy.deepcopy(template)
        for other in self.stream_texts(event):
            set_at(event, other.path, text if other.path == part.path else "")
        return event

    def stream_segments(self, event: Any) -> list[Segment]:
        """Every text delta in one event, as segments (shadow comparison)."""
        return [Segment("output", p.text, p.path) for p in self.stream_texts(event)]

    def stream_delta(self, event: Any) -> str | None:
        """The first text delta of an event (single-channel readers: shadow, tests)."""
        texts = self.stream_texts(event)
        return texts[0].text if texts else None

    def set_stream_delta(self, event: Any, text: str) -> None:
        texts = self.stream_texts(event)
        if not texts:
            raise ProtocolError((), "event carries no text delta")
        set_at(event, texts[0].path, text)

    def stream_echoes(self, event: Any) -> list[Segment]:
        """Texts in an event that repeat what the deltas already sent (final snapshots).
        The gateway must overwrite these with the screened text, or the redacted answer
        leaks whole at the end of the stream."""
        return []

    def stream_usage(self, event: Any) -> dict[str, int] | None:
        return None

    def unscreened_answer_option(self, doc: Any) -> str | None:
        """A request option whose answer carries text outside the screened channels
        (token log-probabilities repeat the answer token by token): its field name, refused
        on routes that screen answers; None when the request sets none."""
        return None

    def unscreened_in_answer(self, doc: Any) -> bool:
        """Does an answer or stream event carry text outside the screened channels (token
        log-probabilities the request could not have asked for on a screened route)?"""
        return False

    def ask_usage(self, doc: Any) -> bool:
        """Make a streamed request ask the upstream to report usage (token budgets need the
        real count). True when the body was changed, i.e. the client did not ask and the
        usage-only events must be removed from its answer. Protocols whose streams always
        report usage (Anthropic, Responses) change nothing."""
        return False

    def usage_only(self, event: Any) -> bool:
        """Is this stream event only the usage report `ask_usage` asked for?"""
        return False

    def stream_model(self, event: Any) -> str | None:
        return str_field(event, "model")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


_NO_FACTS = RequestFacts()
_new_tuple = tuple.__new__


def tool_names(doc: dict[str, Any], keys: tuple[str, ...]) -> tuple[str, ...] | None:
    """Names of the tools a request declares; built-in tools without a name are named by
    their `type`. None when the field cannot be read (a policy that restricts tools then
    refuses: unreadable is not allowed)."""
    names: list[str] = []
    for key in keys:
        items = doc.get(key)
        if items is None:
            continue
        if not isinstance(items, list):
            return None
        for t in items:
            if not isinstance(t, dict):
                return None
            fn = t.get("function")
            name = fn.get("name") if isinstance(fn, dict) else t.get("name")
            if not isinstance(name, str):
                name = t.get("type")
            if not isinstance(name, str):
                return None
            names.append(name)
    return tuple(names)


_TRUE_STRINGS = frozenset({"true", "1", "yes", "on", "t", "y"})


def truthy(value: Any) -> bool:
    """pydantic's lax bool: true, 1, 1.0 and the strings "true", "1", "yes", "on" (any case)."""
    if value is True:
        return True
    if isinstance(value, bool) or value is None:
        return False
    if isinstance(value, int | float):
        return value == 1
    if isinstance(value, str):
        return value.strip().lower() in _TRUE_STRINGS
    return False


def as_count(value: Any) -> int:
    """pydantic's lax int: 2, 2.0 and "2" are 2; anything unreadable counts as 1 (the
    upstream refuses it, or reads its default of one answer)."""
    if isinstance(value, bool):
        return 1
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            f = float(value.strip())
        except ValueError:
            return 1
        return int(f) if f.is_integer() else 1
    return 1
