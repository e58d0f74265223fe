"""Differential property test: a body the gateway forwards means the same to every parser.

Bodies are generated from each adapter's inventory with a distinct marker in every text
channel, then mutated the way an attacker probes parsers: duplicate keys at any depth
(with fresh markers in the copy), keys that differ from a protocol field only by case
(including Go's extra folds U+017F and U+212A), content parts of unknown types. The gateway
reads a body as the data path does (orjson, `ambiguity.check`, strict extraction); an
upstream reads it with Go's encoding/json semantics (case-insensitive field match, last
wins) or with a first-wins parser. Whatever the upstream reads, every marker in it must
be a marker the filters saw, or the gateway must have refused the body.
"""

from __future__ import annotations

import json
import re
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.protocols import ProtocolError, ambiguity, get_adapter
from gateway.protocols.base import STRICT

MARK = re.compile(r"MK\d+")

# A body per protocol with a marker in every text channel of its inventory (docs/protocols.md).
TEMPLATES: dict[str, Any] = {
    "openai-chat": {
        "model": "m",
        "messages": [
            {"role": "system", "content": "MK"},
            {
                "role": "user",
                "name": "MK",
                "content": [{"type": "text", "text": "MK"}, {"type": "input_text", "text": "MK"}],
            },
            {
                "role": "assistant",
                "content": [{"type": "refusal", "refusal": "MK"}],
                "reasoning_content": "MK",
                "tool_calls": [{"id": "c", "type": "function", "function": {"name": "f", "arguments": "MK"}}],
            },
            {"role": "tool", "tool_call_id": "c", "content": "MK"},
        ],
        "tools": [
            {
                "type": "function",
                "function": {
                    "name": "f",
                    "description": "MK",
                    "parameters": {
                        "type": "object",
                        "properties": {"a": {"type": "string", "description": "MK"}},
                    },
                },
            }
        ],
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "s", "schema": {"description": "MK"}},
        },
    },
    "anthropic-messages": {
        "model": "m",
        "max_tokens": 10,
        "system": [{"type": "text", "text": "MK"}],
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "MK"},
                    {
                        "type": "search_result",
                        "source": "u",
                        "title": "MK",
                        "content": [{"type": "text", "text": "MK"}],
                    },
                ],
            },
            {
                "role": "assistant",
                "content": [
                    {"type": "thinking", "thinking": "MK", "signature": "s"},
                    {"type": "tool_use", "id": "t", "name": "f", "input": {"q": "MK"}},
                ],
            },
            {
                "role": "user",
                "content": [
                    {
                        "type": "tool_result",
                        "tool_use_id": "t",
                        "content": [
                            {"type": "text", "text": "MK"},
                            {
                                "type": "document",
                                "source": {"type": "text", "media_type": "text/plain", "data": "MK"},
                            },
                        ],
                    }
                ],
            },
        ],
        "tools": [
            {"name": "f", "description": "MK", "input_schema": {"type": "object", "description": "MK"}}
        ],
    },
    "openai-responses": {
        "model": "m",
        "instructions": "MK",
        "input": [
            {"role": "user", "content": [{"type": "input_text", "text": "MK"}]},
            {"type": "reasoning", "id": "r", "summary": [{"type": "summary_text", "text": "MK"}]},
            {"type": "function_call", "call_id": "c", "name": "f", "arguments": "MK"},
            {"type": "function_call_output", "call_id": "c", "output": "MK"},
        ],
        "tools": [
            {"type": "function", "name": "f", "description": "MK", "parameters": {"description": "MK"}}
        ],
        "text": {"format": {"type": "json_schema", "name": "s", "schema": {"description": "MK"}}},
    },
    "openai-completions": {"model": "m", "prompt": ["MK", "MK"], "suffix": "MK"},
    "kserve-v2": {"inputs": [{"name": "t", "datatype": "BYTES", "shape": [1], "data": ["MK"]}]},
}


class Obj(list):  # type: ignore[type-arg]
    """A JSON object as ordered (key, value) pairs, so duplicates can exist."""


def to_pairs(value: Any, counter: list[int]) -> Any:
    if isinstance(value, dict):
        return Obj((k, to_pairs(v, counter)) for k, v in value.items())
    if isinstance(value, list):
        return [to_pairs(v, counter) for v in value]
    if value == "MK":
        counter[0] += 1
        return f"MK{counter[0]}"
    return value


def dump(value: Any) -> str:
    if isinstance(value, Obj):
        return "{" + ",".join(json.dumps(k) + ":" + dump(v) for k, v in value) + "}"
    if isinstance(value, list):
        return "[" + ",".join(dump(v) for v in value) + "]"
    return json.dumps(value)


def objects(value: Any) -> list[Obj]:
    out: list[Obj] = []
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, Obj):
            out.append(node)
            stack.extend(v for _, v in node)
        elif isinstance(node, list):
            stack.extend(node)
    return out


def remark(value: Any, counter: list[int]) -> Any:
    """A copy of `value` with fresh markers (the attacker's second copy)."""
    if isinstance(value, Obj):
        return Obj((k, remark(v, counter)) for k, v in value)
    if isinstance(value, list):
        return [remark(v, counter) for v in value]
    if isinstance(value, str) and MARK.fullmatch(value):
        counter[0] += 1
        return f"MK{counter[0]}"
    return value


CASINGS = (str.upper, str.title, lambda k: k.replace("s", "\u017f"), lambda k: k.replace("k", "\u212a"))


@st.composite
def attacks(draw: st.DrawFn) -> tuple[str, str]:
    protocol = draw(st.sampled_from(sorted(TEMPLATES)))
    counter = [0]
    body = to_pairs(TEMPLATES[protocol], counter)
    for _ in range(draw(st.integers(1, 3))):
        objs = objects(body)
        obj = objs[draw(st.integers(0, len(objs) - 1))]
        i = draw(st.integers(0, len(obj) - 1))
        key, value = obj[i]
        kind = draw(st.sampled_from(("duplicate", "case", "case-copy", "unknown-part")))
        if kind == "duplicate":
            obj.insert(draw(st.integers(0, len(obj))), (key, remark(value, counter)))
        elif kind == "case":
            obj[i] = (draw(st.sampled_from(CASINGS))(key), value)
        elif kind == "case-copy":
            obj.insert(
                draw(st.integers(0, len(obj))), (draw(st.sampled_from(CASINGS))(key), remark(value, counter))
            )
        else:
            counter[0] += 1
            part = Obj(
                [
                    ("type", draw(st.sampled_from(("thinking", "output_text", "x_custom", "reasoning")))),
                    ("text", f"MK{counter[0]}"),
                ]
            )
            for o in objs:
                for k, v in o:
                    if k == "content" and isinstance(v, list):
                        v.append(part)
                        break
    return protocol, dump(body)


def _fold_hook(fields: frozenset[str]) -> Any:
    folded = {f.casefold(): f for f in fields}

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in pairs:  # Go: a key matches a field case-insensitively; the last one wins
            out[folded.get(k.casefold(), k)] = v
        return out

    return hook


def _first_wins(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        out.setdefault(k, v)
    return out


def markers(value: Any) -> set[str]:
    found: set[str] = set()
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            found.update(MARK.findall(node))
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def gateway_reads(protocol: str, raw: bytes) -> set[str] | None:
    """Markers the filters see, or None when the gateway refuses the body (as proxy does)."""
    adapter = get_adapter(protocol)
    try:
        doc = orjson.loads(raw)
        ambiguity.check(raw, doc, adapter.fields)
        segments = adapter.extract(doc, STRICT)
    except (orjson.JSONDecodeError, ProtocolError):
        return None
    return {m for s in segments for m in MARK.findall(s.text)}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(attacks())
def test_upstream_parsers_never_read_a_marker_screening_did_not_see(case: tuple[str, str]) -> None:
    protocol, text = case
    raw = text.encode()
    seen = gateway_reads(protocol, raw)
    if seen is None:
        return
    fields = get_adapter(protocol).fields
    for view in (
        json.loads(text, object_pairs_hook=_fold_hook(fields)),
        json.loads(text, object_pairs_hook=_first_wins),
    ):
        unseen = markers(view) - seen
        assert not unseen, f"{protocol}: upstream reads {sorted(unseen)} the filters never saw: {text}"


@pytest.mark.parametrize("protocol", sorted(TEMPLATES))
def test_every_template_marker_is_screened(protocol: str) -> None:
    """The templates themselves: every channel's marker is extracted (the inventory holds)."""
    raw = dump(to_pairs(TEMPLATES[protocol], [0])).encode()
    assert gateway_reads(protocol, raw) == markers(orjson.loads(raw))


@pytest.mark.parametrize(
    ("body", "param"),
    [
        (b'{"model":"a","MODEL":"b","messages":[]}', "MODEL"),
        (b'{"model":"a","messages":[{"role":"user","content":"x","Content":"y"}]}', "messages[0].Content"),
        (b'{"model":"a","Messages":[{"role":"user","content":"x"}],"messages":[]}', "Messages"),
        (b'{"model":"a","messages":[{"Role":"system","role":"user","content":"x"}]}', "messages[0].Role"),
        (b'{"model":"a","messages":[{"role":"user","content":"x","content":"y"}]}', "messages[0].content"),
        (b'{"model":"a","messages":[{"role":"user","content":"x"}],"model" : "b"}', "model"),
        ('{"model":"a","me\u017f\u017fages":[]}'.encode(), "me\u017f\u017fages"),
    ],
)
def test_ambiguous_bodies_name_the_path(body: bytes, param: str) -> None:
    adapter = get_adapter("openai-chat")
    with pytest.raises(ProtocolError) as exc:
        ambiguity.check(body, orjson.loads(body), adapter.fields)
    assert exc.value.param == param


def test_keys_in_schemas_and_tool_inputs_may_fold_to_field_names() -> None:
    """Property names are the caller's (Go reads them into maps, exactly): not ambiguous."""
    body = orjson.dumps(
        {
            "model": "m",
            "messages": [{"role": "user", "content": "x"}],
            "tools": [
                {"type": "function", "function": {"name": "f", "parameters": {"properties": {"Content": {}}}}}
            ],
        }
    )
    ambiguity.check(body, orjson.loads(body), get_adapter("openai-chat").fields)


def test_escaped_quote_colon_in_a_string_is_not_a_duplicate() -> None:
    body = b'{"model":"m","messages":[{"role":"user","content":"say \\"a\\": b"}]}'
    ambiguity.check(body, orjson.loads(body), get_adapter("openai-chat").fields)
