"""Protocol adapters: provider fixtures, error paths, and hypothesis properties.

Fixtures under tests/fixtures/provider/ are hand-written from each provider's documented
format (requests, answers, SSE streams, error bodies). The properties are the contract
the gateway relies on: extraction never raises anything but ProtocolError, every segment
points at a string leaf holding its text, and writing texts back touches only their leaves.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.exchange import JsonPath, Segment
from gateway.protocols import (
    PROTOCOL_NAMES,
    ProtocolAdapter,
    ProtocolError,
    format_path,
    get_adapter,
    get_at,
    merge_usage,
    parse_path,
    set_at,
)
from gateway.protocols.base import STRICT, Policy

FIXTURES = Path(__file__).parent / "fixtures" / "provider"
GENERIC_PATHS = ("prompt", "user=messages[*].content", "system=meta.sys", "output=choices[*].text")
PROPS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def adapter(name: str) -> ProtocolAdapter:
    return get_adapter(name, paths=GENERIC_PATHS if name == "generic-json" else ())


def load(name: str) -> Any:
    return orjson.loads((FIXTURES / name).read_bytes())


def sse_events(name: str) -> list[Any]:
    """Parsed `data:` payloads of an SSE fixture, one per event, without `[DONE]`."""
    events = []
    for block in (FIXTURES / name).read_text().split("\n\n"):
        data = "\n".join(
            line[5:].removeprefix(" ") for line in block.splitlines() if line.startswith("data:")
        )
        if data and data != "[DONE]":
            events.append(orjson.loads(data))
    return events


def triples(segments: list[Segment]) -> list[tuple[str, str, JsonPath]]:
    return [(s.role, s.text, s.path) for s in segments]


def replace_leaf(doc: Any, path: JsonPath, value: Any) -> Any:
    """Independent of set_at on purpose: the oracle must not share the code under test."""
    if not path:
        return value
    node = doc
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return doc


# --- fixtures: requests ---------------------------------------------------------------------

REQUESTS = {
    "openai-chat": (
        "openai_chat_request.json",
        [
            ("system", "You are a support assistant for ACME. Answer briefly.", ("messages", 0, "content")),
            (
                "user",
                "What is on this invoice? My email is jane.doe@example.com",
                ("messages", 1, "content", 0, "text"),
            ),
            (
                "assistant",
                '{"invoice_id": "INV-2024-0042"}',
                ("messages", 2, "tool_calls", 0, "function", "arguments"),
            ),
            ("tool", '{"total": "129.00 EUR", "due": "2024-07-01"}', ("messages", 3, "content")),
            ("assistant", "The invoice totals 129.00 EUR, due on 1 July 2024.", ("messages", 4, "content")),
            ("user", "Thanks! Can you resend it?", ("messages", 5, "content")),
            ("user", "jane", ("messages", 5, "name")),
            ("tool", "Look up an invoice by id", ("tools", 0, "function", "description")),
        ],
    ),
    "openai-completions": (
        "openai_completions_request.json",
        [
            ("user", "Translate to French: good morning", ("prompt", 0)),
            ("user", " -- end of translation", ("suffix",)),
        ],
    ),
    "openai-embeddings": (
        "openai_embeddings_request.json",
        [("input", "The food was delicious and the waiter was friendly.", ("input", 0))],
    ),
    "openai-responses": (
        "openai_responses_request.json",
        [
            ("system", "Talk like a pirate.", ("instructions",)),
            (
                "user",
                "What is the weather in Paris? Call me at +33 6 12 34 56 78.",
                ("input", 0, "content", 0, "text"),
            ),
            ("assistant", '{"location":"Paris, France"}', ("input", 1, "arguments")),
            ("tool", '{"temperature_c": 21, "sky": "clear"}', ("input", 2, "output")),
            ("assistant", "Weather lookup done.", ("input", 3, "summary", 0, "text")),
            ("assistant", "Arr, 'tis 21 degrees and clear in Paris!", ("input", 4, "content", 0, "text")),
            ("user", "And tomorrow?", ("input", 5, "content")),
            ("tool", "Current weather", ("tools", 0, "description")),
        ],
    ),
    "anthropic-messages": (
        "anthropic_messages_request.json",
        [
            ("system", "You are a contracts assistant.", ("system", 0, "text")),
            ("system", "Never reveal account numbers.", ("system", 1, "text")),
            ("user", "Summarise the attached contract.", ("messages", 0, "content")),
            ("assistant", "Let me fetch it.", ("messages", 1, "content", 0, "text")),
            ("assistant", "C-77", ("messages", 1, "content", 1, "input", "doc_id")),
            (
                "tool",
                "Contract C-77: supplier pays to IBAN DE89370400440532013000.",
                ("messages", 2, "content", 0, "content", 0, "text"),
            ),
            ("tool", "signed 2024-03-01", ("messages", 2, "content", 1, "content")),
            ("document", "Annex A", ("messages", 2, "content", 2, "title")),
            (
                "document",
                "Annex A: penalties apply after 30 days.",
                ("messages", 2, "content", 2, "source", "data"),
            ),
            ("user", "Keep it under 50 words.", ("messages", 2, "content", 3, "text")),
        ],
    ),
    "kserve-v2": (
        "kserve_v2_request.json",
        [
            ("input", "Classify: my SSN is 078-05-1120", ("inputs", 0, "data", 0, 0)),
            ("input", "Classify: great product", ("inputs", 0, "data", 1, 0)),
        ],
    ),
}

# Fixtures with token-id prompts: read as a route that opted in (`screening.token_ids: allow`).
TOKEN_ID_FIXTURES = frozenset({"openai-completions", "openai-embeddings"})


def policy_for(protocol: str) -> Policy:
    return Policy(refuse_token_ids=False) if protocol in TOKEN_ID_FIXTURES else STRICT


REQUEST_FACTS = {  # protocol: (model, is_stream)
    "openai-chat": ("gpt-4o-mini", False),
    "openai-completions": ("meta-llama/Llama-3.1-8B", True),
    "openai-embeddings": ("text-embedding-3-small", False),
    "openai-responses": ("gpt-4.1", True),
    "anthropic-messages": ("claude-sonnet-4-20250514", True),
    "kserve-v2": (None, False),
}


@pytest.mark.parametrize("protocol", sorted(REQUESTS))
def test_request_fixture(protocol: str) -> None:
    fixture, expected = REQUESTS[protocol]
    doc = load(fixture)
    a = get_adapter(protocol)
    assert triples(a.extract(doc, policy_for(protocol))) == expected
    assert (a.model(doc), a.is_stream(doc)) == REQUEST_FACTS[protocol]


@pytest.mark.parametrize("protocol", sorted(REQUESTS))
def test_request_fixture_redaction_touches_only_its_leaf(protocol: str) -> None:
    fixture, _ = REQUESTS[protocol]
    raw = (FIXTURES / fixture).read_bytes()
    doc = orjson.loads(raw)
    a = get_adapter(protocol)
    segments = a.extract(doc, policy_for(protocol))
    a.write_back(doc, segments)
    assert orjson.dumps(doc) == orjson.dumps(orjson.loads(raw))
    segments[-1].text = "[REDACTED]"
    a.write_back(doc, segments)
    assert doc == replace_leaf(orjson.loads(raw), segments[-1].path, "[REDACTED]")


# --- fixtures: answers ------------------------------------------------------------------------

RESPONSES = {
    "openai-chat": (
        "openai_chat_response.json",
        [
            (
                "output",
                "I have resent invoice INV-2024-0042 to jane.doe@example.com.",
                ("choices", 0, "message", "content"),
            )
        ],
        "gpt-4o-mini-2024-07-18",
        {"prompt_tokens": 182, "completion_tokens": 19, "total_tokens": 201},
    ),
    "openai-completions": (
        "openai_completions_response.json",
        [("output", " bonjour", ("choices", 0, "text")), ("output", "\n\n", ("choices", 1, "text"))],
        "meta-llama/Llama-3.1-8B",
        {"prompt_tokens": 12, "completion_tokens": 4, "total_tokens": 16},
    ),
    "openai-embeddings": (
        "openai_embeddings_response.json",
        [],
        "text-embedding-3-small",
        {"prompt_tokens": 14, "total_tokens": 14},
    ),
    "openai-responses": (
        "openai_responses_response.json",
        [("output", "Arr, tomorrow brings rain to Paris, matey.", ("output", 1, "content", 0, "text"))],
        "gpt-4.1-2025-04-14",
        {"prompt_tokens": 36, "completion_tokens": 87, "total_tokens": 123},
    ),
    "anthropic-messages": (
        "anthropic_messages_response.json",
        [
            ("output", "The user wants a summary.", ("content", 0, "thinking")),
            (
                "output",
                "Contract C-77 obliges the supplier to pay; penalties apply after 30 days.",
                ("content", 1, "text"),
            ),
            ("output", "summarised", ("content", 2, "input", "note")),
        ],
        "claude-sonnet-4-20250514",
        # cached input is billed apart from input_tokens; budgets need the sum
        {"prompt_tokens": 3895, "completion_tokens": 503, "total_tokens": 4398},
    ),
    "kserve-v2": (
        "kserve_v2_response.json",
        [
            ("output", "negative: mentions 078-05-1120", ("outputs", 1, "data", 0)),
            ("output", "positive", ("outputs", 1, "data", 1)),
        ],
        "sentiment-bert",
        None,
    ),
}


@pytest.mark.parametrize("protocol", sorted(RESPONSES))
def test_response_fixture(protocol: str) -> None:
    fixture, expected, model, usage = RESPONSES[protocol]
    doc = load(fixture)
    a = get_adapter(protocol)
    assert triples(a.extract_response(doc)) == expected
    assert a.response_model(doc) == model
    assert a.usage(doc) == usage


@pytest.mark.parametrize(
    ("protocol", "fixture"),
    [
        ("openai-chat", "openai_error_400.json"),
        ("openai-responses", "openai_error_400.json"),
        ("anthropic-messages", "anthropic_error_529.json"),
    ],
)
def test_error_answers_carry_no_text(protocol: str, fixture: str) -> None:
    a = get_adapter(protocol)
    doc = load(fixture)
    assert a.extract_response(doc) == []
    assert a.usage(doc) is None
    assert a.response_model(doc) is None


# --- fixtures: streams ------------------------------------------------------------------------

STREAMS = {
    "openai-chat": (
        "openai_chat_stream.sse",
        "Sure, I sent it to jane.doe@example.com.",
        "gpt-4o-mini-2024-07-18",
        {"prompt_tokens": 31, "completion_tokens": 11, "total_tokens": 42},
    ),
    "openai-completions": (
        "openai_completions_stream.sse",
        " bonjour",
        "meta-llama/Llama-3.1-8B",
        {"prompt_tokens": 12, "completion_tokens": 2, "total_tokens": 14},
    ),
    "openai-responses": (
        "openai_responses_stream.sse",
        "Hi! Write to bob@example.org",
        "gpt-4.1-2025-04-14",
        {"prompt_tokens": 37, "completion_tokens": 11, "total_tokens": 48},
    ),
    "anthropic-messages": (
        "anthropic_messages_stream.sse",
        "Hello, call 555-0100!",
        "claude-sonnet-4-20250514",
        # message_start says 1 output token; message_delta's count is cumulative
        {"prompt_tokens": 25, "completion_tokens": 15, "total_tokens": 40},
    ),
}


@pytest.mark.parametrize("protocol", sorted(STREAMS))
def test_stream_fixture(protocol: str) -> None:
    fixture, text, model, usage = STREAMS[protocol]
    a = get_adapter(protocol)
    deltas, models, total = [], set(), None
    for event in sse_events(fixture):
        # the answer text; tool input and reasoning deltas are channels of their own
        deltas.extend(
            p.text
            for p in a.stream_texts(event)
            if p.channel[-1] in ("content", "text") or p.channel[0] == "response.output_text.delta"
        )
        if (m := a.stream_model(event)) is not None:
            models.add(m)
        total = merge_usage(total, a.stream_usage(event))
    assert "".join(deltas) == text
    assert models == {model}
    assert total == usage


@pytest.mark.parametrize("protocol", sorted(STREAMS))
def test_set_stream_delta_rewrites_only_the_delta(protocol: str) -> None:
    a = get_adapter(protocol)
    for event in sse_events(STREAMS[protocol][0]):
        before = orjson.loads(orjson.dumps(event))
        segs = a.stream_segments(event)
        if not segs:
            with pytest.raises(ProtocolError):
                a.set_stream_delta(event, "x")
            continue
        a.set_stream_delta(event, "[X]")
        assert a.stream_delta(event) == "[X]"
        assert event == replace_leaf(before, segs[0].path, "[X]")


def test_responses_stream_echoes_point_at_the_full_text() -> None:
    """The Responses API repeats the whole answer in its *.done and completed events; a
    gateway that only rewrites deltas would leak the unredacted text there."""
    a = get_adapter("openai-responses")
    echoes = {}
    for event in sse_events("openai_responses_stream.sse"):
        for seg in a.stream_echoes(event):
            echoes[event["type"]] = (seg.text, seg.path)
            assert get_at(event, seg.path) == seg.text
    full = "Hi! Write to bob@example.org"
    assert echoes == {
        "response.output_text.done": (full, ("text",)),
        "response.content_part.done": (full, ("part", "text")),
        "response.output_item.done": (full, ("item", "content", 0, "text")),
        "response.completed": (full, ("response", "output", 0, "content", 0, "text")),
    }


@pytest.mark.parametrize("protocol", ["openai-chat", "openai-completions", "anthropic-messages"])
def test_other_streams_have_no_echoes(protocol: str) -> None:
    a = get_adapter(protocol)
    assert all(a.stream_echoes(e) == [] for e in sse_events(STREAMS[protocol][0]))


def test_chat_stream_with_several_choices() -> None:
    event = {
        "choices": [
            {"index": 0, "delta": {"content": "a"}},
            {"index": 1, "delta": {"content": "b"}},
            {"index": 2, "delta": {}},
        ]
    }
    a = get_adapter("openai-chat")
    assert triples(a.stream_segments(event)) == [
        ("output", "a", ("choices", 0, "delta", "content")),
        ("output", "b", ("choices", 1, "delta", "content")),
    ]
    assert a.stream_delta(event) == "a"


@pytest.mark.parametrize("protocol", ["openai-chat", "openai-completions"])
def test_a_boolean_choice_index_is_malformed_in_both_choice_adapters(protocol: str) -> None:
    """A JSON `true` index is not an integer: the choice's position names its channels, in
    stream_texts and stream_closes alike (the legacy adapter used to close `true`, which
    equals 1: choice 1's channels, leaving choice 0's open)."""
    a = get_adapter(protocol)
    text = {"delta": {"content": "a"}} if protocol == "openai-chat" else {"text": "a"}
    chunk = {"choices": [{"index": True, **text}]}
    assert [t.channel[0] for t in a.stream_texts(chunk)] == [0]
    finish = {"choices": [{"index": True, "finish_reason": "stop", **text}]}
    closes = a.stream_closes(finish)
    assert closes == (0,) and closes[0] is not True and type(closes[0]) is int
    later = {"choices": [{"index": 1, **text}, {"index": True, "finish_reason": "stop"}]}
    assert a.stream_closes(later) == (1,) and type(a.stream_closes(later)[0]) is int
    assert a.stream_closes({"choices": [{"index": 3, "finish_reason": "stop"}]}) == (3,)


def test_anthropic_content_block_start_text_counts_as_delta() -> None:
    event = {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": "Hi"}}
    assert get_adapter("anthropic-messages").stream_delta(event) == "Hi"


# --- generic JSON -----------------------------------------------------------------------------


def test_generic_tgi_fixtures() -> None:
    a = get_adapter("generic-json", paths=["inputs", "output=generated_text", "output=token.text"])
    assert triples(a.extract(load("tgi_generate_request.json"))) == [
        ("input", "My name is Olivier and I", ("inputs",))
    ]
    assert triples(a.extract_response(load("tgi_generate_response.json"))) == [
        ("output", " live in Paris, at 12 rue de la Paix.", ("generated_text",))
    ]
    deltas = [[s.text for s in a.stream_segments(e)] for e in sse_events("tgi_generate_stream.sse")]
    # TGI's last event repeats the whole answer in generated_text: both paths report it
    assert deltas == [[" live"], [" in"], [" live in Paris.", " Paris."]]


def test_generic_paths() -> None:
    doc = {"sys": "be brief", "turns": [{"text": "a"}, {"text": None}, {"text": "c"}, {"n": 1}]}
    a = get_adapter("generic-json", paths=["system=sys", "turns[-1].text", "turns[*].text"])
    # missing keys, nulls and out-of-range indices end a branch quietly
    assert triples(a.extract(doc)) == [
        ("system", "be brief", ("sys",)),
        ("input", "a", ("turns", 0, "text")),
        ("input", "c", ("turns", 2, "text")),
    ]
    # a leaf reached twice is extracted once, with the first path's role
    b = get_adapter("generic-json", paths=["user=turns[-2].text", "turns[*].text"])
    assert triples(b.extract(doc)) == [
        ("user", "c", ("turns", 2, "text")),
        ("input", "a", ("turns", 0, "text")),
    ]
    c = get_adapter("generic-json", paths=["[*].text"])
    assert triples(c.extract([{"text": "x"}, {"text": 3}])) == [("input", "x", (0, "text"))]
    assert a.extract_response({"anything": 1}) == []
    assert a.stream_segments({"sys": 1}) == []


def test_generic_root_array_path_on_object_is_refused() -> None:
    a = get_adapter("generic-json", paths=["[*]"])
    with pytest.raises(ProtocolError, match=r"^body: expected array, got object$"):
        a.extract({"x": 1})


@pytest.mark.parametrize(
    ("spec", "parsed"),
    [
        ("prompt", ("input", ("prompt",))),
        ("messages[*].content", ("input", ("messages", None, "content"))),
        ("inputs[0].data[*]", ("input", ("inputs", 0, "data", None))),
        ("user=messages[-1].content", ("user", ("messages", -1, "content"))),
        (" output = choices[*].text ", ("output", ("choices", None, "text"))),
        ("[*][2]", ("input", (None, 2))),
        ("a.b c.d", ("input", ("a", "b c", "d"))),
    ],
)
def test_parse_path(spec: str, parsed: tuple[str, tuple[Any, ...]]) -> None:
    assert parse_path(spec) == parsed


@pytest.mark.parametrize(
    ("spec", "error"),
    [
        ("", "empty path"),
        ("a..b", "empty key"),
        ("a.", "empty key"),
        (".a", "empty key"),
        ("a[x]", "neither an index"),
        ("a[1", "expected '\\[index\\]'"),
        ("a[1]b", "expected '\\[index\\]'"),
        ("a]", "unexpected"),
        ("a[]", "neither an index"),
        ("a[²]", "neither an index"),
        ("boss=prompt", "unknown role"),
    ],
)
def test_parse_path_errors(spec: str, error: str) -> None:
    with pytest.raises(ValueError, match=error):
        parse_path(spec)


# --- registry ---------------------------------------------------------------------------------


def test_registry() -> None:
    assert PROTOCOL_NAMES == (
        "openai-chat",
        "openai-completions",
        "openai-embeddings",
        "openai-responses",
        "anthropic-messages",
        "kserve-v2",
        "generic-json",
    )
    for name in PROTOCOL_NAMES:
        assert adapter(name).name == name
    assert get_adapter("openai-chat") is get_adapter("openai-chat")
    with pytest.raises(KeyError, match="openai-chatt"):
        get_adapter("openai-chatt")
    with pytest.raises(ValueError, match="takes no paths"):
        get_adapter("openai-chat", paths=["x"])
    with pytest.raises(ValueError, match="at least one path"):
        get_adapter("generic-json")
    with pytest.raises(ValueError, match="not one string"):
        get_adapter("generic-json", paths="prompt")
    with pytest.raises(ValueError, match="must be strings"):
        get_adapter("generic-json", paths=[1])  # type: ignore[list-item]


# --- shape errors name the path --------------------------------------------------------------

MSG = {"role": "user", "content": "ok"}
BAD_BODIES = [
    ("openai-chat", [], "body: expected JSON object, got array"),
    ("openai-chat", {}, "messages: required"),
    ("openai-chat", {"messages": {}}, "messages: expected array of messages, got object"),
    ("openai-chat", {"messages": [MSG, "hi"]}, "messages[1]: expected message object, got string"),
    ("openai-chat", {"messages": [{"content": "hi"}]}, "messages[0].role: expected string, got null"),
    (
        "openai-chat",
        {"messages": [MSG, MSG, {"role": "user", "content": 5}]},
        "messages[2].content: expected string or array of content parts, got number",
    ),
    (
        "openai-chat",
        {"messages": [{"role": "user", "content": ["hi"]}]},
        "messages[0].content[0]: expected content part object, got string",
    ),
    (
        "openai-chat",
        {"messages": [{"role": "user", "content": [{"text": "hi"}]}]},
        "messages[0].content[0].type: expected string, got null",
    ),
    (
        "openai-chat",
        {"messages": [{"role": "user", "content": [{"type": "text", "text": 1}]}]},
        "messages[0].content[0].text: expected string, got number",
    ),
    (
        "openai-chat",
        {"messages": [{"role": "assistant", "tool_calls": [{"function": {"arguments": {}}}]}]},
        "messages[0].tool_calls[0].function.arguments: expected string, got object",
    ),
    (
        "openai-chat",
        {"messages": [{"role": "assistant", "tool_calls": {}}]},
        "messages[0].tool_calls: expected array of tool calls, got object",
    ),
    ("openai-completions", {"prompt": 5}, "prompt: expected string or array, got number"),
    ("openai-completions", {"prompt": [["x"]]}, "prompt[0][0]: expected token id (integer), got string"),
    ("openai-completions", {"suffix": []}, "suffix: expected string, got array"),
    ("openai-embeddings", {}, "input: required"),
    (
        "openai-embeddings",
        {"input": [True]},
        "input[0]: expected string, token id or array of token ids, got boolean",
    ),
    ("openai-responses", {"input": 1}, "input: expected string or array of input items, got number"),
    ("openai-responses", {"instructions": ["x"]}, "instructions: expected string, got array"),
    (
        "openai-responses",
        {"input": [{"type": "message", "role": "user", "content": {"text": "x"}}]},
        "input[0].content: expected string or array of content parts, got object",
    ),
    ("openai-responses", {"input": [{"type": 3}]}, "input[0].type: expected string, got number"),
    (
        "openai-responses",
        {"input": [{"type": "function_call_output", "output": 3}]},
        "input[0].output: expected string or array of content parts, got number",
    ),
    (
        "anthropic-messages",
        {"system": 1, "messages": []},
        "system: expected string or array of content blocks, got number",
    ),
    ("anthropic-messages", {"system": "s"}, "messages: required"),
    (
        "anthropic-messages",
        {"messages": [{"role": "user", "content": [{"type": "tool_result", "content": 7}]}]},
        "messages[0].content[0].content: expected string or array of content blocks, got number",
    ),
    (
        "anthropic-messages",
        {"messages": [{"role": "user", "content": 7}]},
        "messages[0].content: expected string or array of content blocks, got number",
    ),
    (
        "anthropic-messages",
        {"messages": [{"role": "user", "content": [{"type": "text"}]}]},
        "messages[0].content[0].text: expected string, got null",
    ),
    ("kserve-v2", {"inputs": "x"}, "inputs: expected array of input tensors, got string"),
    (
        "kserve-v2",
        {"inputs": [{"name": "t", "data": ["x"]}]},
        "inputs[0].datatype: expected string, got null",
    ),
    (
        "kserve-v2",
        {"inputs": [{"name": "t", "datatype": "BYTES", "data": [["ok", 3]]}]},
        "inputs[0].data[0][1]: expected string, got number",
    ),
    ("kserve-v2", {"inputs": [{"datatype": "BYTES"}]}, "inputs[0].data: expected array, got null"),
    ("generic-json", {"messages": {"a": 1}}, "messages: expected array, got object"),
    ("generic-json", {"messages": [{"content": ["x"]}]}, "messages[0].content: expected string, got array"),
    ("generic-json", {"meta": "s"}, "meta: expected object, got string"),
]


@pytest.mark.parametrize(("protocol", "doc", "message"), BAD_BODIES)
def test_bad_bodies_name_the_path(protocol: str, doc: Any, message: str) -> None:
    with pytest.raises(ProtocolError) as info:
        adapter(protocol).extract(doc)
    assert str(info.value) == message
    assert info.value.param == message.split(":")[0]
    assert isinstance(info.value, ValueError)


def test_unknown_roles_are_screened_as_user_and_extras_ignored() -> None:
    doc = {"messages": [{"role": "ipython", "content": "x", "x-extra": {"y": [1]}}], "x": None}
    assert triples(get_adapter("openai-chat").extract(doc)) == [("user", "x", ("messages", 0, "content"))]


def test_write_back_refuses_structure_and_missing_paths() -> None:
    doc = {"messages": [{"role": "user", "content": "hi"}]}
    with pytest.raises(ProtocolError, match=r"^messages\[0\]: expected a string leaf"):
        set_at(doc, ("messages", 0), "x")
    with pytest.raises(ProtocolError, match=r"^messages\[3\]: path does not exist"):
        set_at(doc, ("messages", 3, "content"), "x")
    with pytest.raises(ProtocolError, match="whole document"):
        set_at(doc, (), "x")
    with pytest.raises(TypeError):
        set_at(doc, ("messages", 0, "content"), None)  # type: ignore[arg-type]
    assert doc == {"messages": [{"role": "user", "content": "hi"}]}


def test_format_path() -> None:
    assert format_path(()) == "body"
    assert format_path(("messages", 2, "content", 0, "text")) == "messages[2].content[0].text"
    assert format_path((0, "text")) == "[0].text"


def test_merge_usage() -> None:
    assert merge_usage(None, None) is None
    start = {"prompt_tokens": 5, "completion_tokens": 1, "total_tokens": 6}
    assert merge_usage(start, {"completion_tokens": 9}) == {
        "prompt_tokens": 5,
        "completion_tokens": 9,
        "total_tokens": 14,
    }
    assert merge_usage(start, None) is start


def test_deep_kserve_nesting_does_not_recurse() -> None:
    data: Any = "deep"
    for _ in range(5000):
        data = [data]
    doc = {"inputs": [{"name": "t", "datatype": "BYTES", "shape": [1], "data": data}]}
    (seg,) = get_adapter("kserve-v2").extract(doc)
    assert seg.text == "deep" and len(seg.path) == 5003


def test_chat_extract_is_cheap() -> None:
    """~1 KB chat body: a few microseconds. The bound is loose so CI noise cannot flake it."""
    turns = [{"role": "system", "content": "You are a helpful assistant. " * 4}]
    for i in range(6):
        turns.append({"role": "user", "content": f"Question {i}: what about the thing we discussed? " * 2})
        turns.append({"role": "assistant", "content": f"Answer {i}: here is what I think about it."})
    doc = {"model": "llama-3.1-8b", "messages": turns, "temperature": 0.3}
    assert 900 <= len(orjson.dumps(doc)) <= 1400
    a = get_adapter("openai-chat")
    n = 2000
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(n):
            a.extract(doc)
        best = min(best, (time.perf_counter() - t0) / n)
    assert best < 50e-6, f"extract took {best * 1e6:.1f} us"


# --- hypothesis: strategies -------------------------------------------------------------------

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | text
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4),
    max_leaves=16,
)
extras = st.dictionaries(text.map(lambda s: "x_" + s), scalars | st.lists(scalars, max_size=2), max_size=2)


def obj(
    required: dict[str, Any], optional: dict[str, Any] | None = None
) -> st.SearchStrategy[dict[str, Any]]:
    """A JSON object with the given fields plus unknown extra fields, which must be ignored."""
    base = st.fixed_dictionaries(required, optional=optional or {})
    return st.builds(lambda b, e: {**e, **b}, base, extras)


def typed(kind: str, **fields: Any) -> st.SearchStrategy[dict[str, Any]]:
    return obj({"type": st.just(kind), **fields})


token_ids = st.lists(st.integers(0, 100_000), max_size=4)
strings_or_tokens = text | st.lists(text | st.integers(0, 100_000) | token_ids, max_size=4)
image_part = typed("image_url", image_url=st.just({"url": "https://example.com/a.png"}))

chat_content = st.none() | text | st.lists(typed("text", text=text) | image_part, max_size=3)
chat_tool_call = obj(
    {"id": text, "type": st.just("function"), "function": obj({"name": text, "arguments": text})}
)
chat_message = obj(
    {
        "role": st.sampled_from(["system", "developer", "user", "assistant", "tool", "function", "ipython"]),
        "content": chat_content,
    },
    {"tool_calls": st.lists(chat_tool_call, max_size=2), "name": text},
)
chat_body = obj({"model": text, "messages": st.lists(chat_message, max_size=5)}, {"stream": st.booleans()})

completions_body = obj({"model": text}, {"prompt": strings_or_tokens, "suffix": text | st.none()})
embeddings_body = obj({"model": text, "input": strings_or_tokens})

responses_part = (
    typed("input_text", text=text) | typed("output_text", text=text) | typed("input_image", image_url=text)
)
responses_item = (
    obj(
        {"role": st.sampled_from(["user", "assistant", "system", "developer"]), "content": text},
        {"type": st.just("message")},
    )
    | typed(
        "message", role=st.sampled_from(["user", "assistant"]), content=st.lists(responses_part, max_size=3)
    )
    | typed("function_call", call_id=text, name=text, arguments=text)
    | typed("function_call_output", call_id=text, output=text | st.lists(responses_part, max_size=2))
    | typed("reasoning", summary=st.lists(typed("summary_text", text=text), max_size=2))
)
responses_body = obj(
    {"model": text}, {"instructions": text | st.none(), "input": text | st.lists(responses_item, max_size=4)}
)

anthropic_text = typed("text", text=text)
anthropic_block = (
    anthropic_text
    | typed("image", source=st.just({"type": "base64", "media_type": "image/png", "data": "iVBO"}))
    | typed("tool_use", id=text, name=text, input=st.dictionaries(text, json_values, max_size=2))
    | typed("tool_result", tool_use_id=text, content=text | st.lists(anthropic_text, max_size=2))
    | typed(
        "document", source=obj({"type": st.just("text"), "media_type": st.just("text/plain"), "data": text})
    )
)
anthropic_message = obj(
    {"role": st.sampled_from(["user", "assistant"]), "content": text | st.lists(anthropic_block, max_size=3)}
)
anthropic_body = obj(
    {"model": text, "max_tokens": st.integers(1, 4096), "messages": st.lists(anthropic_message, max_size=4)},
    {"system": text | st.lists(anthropic_text, max_size=2)},
)

nested_strings = st.recursive(text, lambda inner: st.lists(inner, max_size=3), max_leaves=8)
kserve_tensor = obj(
    {
        "name": text,
        "shape": st.just([1]),
        "datatype": st.just("BYTES"),
        "data": st.lists(nested_strings, max_size=3),
    }
) | obj(
    {
        "name": text,
        "shape": st.just([2]),
        "datatype": st.just("FP32"),
        "data": st.lists(st.floats(0, 1), max_size=2),
    }
)
kserve_body = obj({"inputs": st.lists(kserve_tensor, max_size=3)}, {"id": text})

generic_body = obj(
    {},
    {
        "prompt": text | st.none(),
        "messages": st.lists(obj({}, {"content": text | st.none() | st.integers(-9, 9)}), max_size=4),
        "meta": obj({}, {"sys": text}),
    },
)

REQUEST_BODIES = {
    "openai-chat": chat_body,
    "openai-completions": completions_body,
    "openai-embeddings": embeddings_body,
    "openai-responses": responses_body,
    "anthropic-messages": anthropic_body,
    "kserve-v2": kserve_body,
    "generic-json": generic_body,
}

ANSWER_BODIES = {
    "openai-chat": obj(
        {
            "model": text,
            "choices": st.lists(
                obj({"message": obj({"role": st.just("assistant"), "content": text | st.none()})}), max_size=3
            ),
        }
    ),
    "openai-completions": obj(
        {"model": text, "choices": st.lists(obj({"text": text, "index": st.integers(0, 3)}), max_size=3)}
    ),
    "openai-responses": obj(
        {
            "model": text,
            "output": st.lists(
                typed(
                    "message",
                    role=st.just("assistant"),
                    content=st.lists(typed("output_text", text=text), max_size=2),
                ),
                max_size=2,
            ),
        }
    ),
    "anthropic-messages": obj(
        {
            "model": text,
            "content": st.lists(anthropic_text | typed("tool_use", id=text, input=st.just({})), max_size=3),
        }
    ),
    "kserve-v2": obj({"model_name": text, "outputs": st.lists(kserve_tensor, max_size=3)}),
    "generic-json": obj({}, {"choices": st.lists(obj({}, {"text": text}), max_size=3)}),
}


def all_paths(doc: Any) -> list[JsonPath]:
    out: list[JsonPath] = []
    stack: list[tuple[Any, JsonPath]] = [(doc, ())]
    while stack:
        node, path = stack.pop()
        out.append(path)
        if isinstance(node, dict):
            stack.extend((v, (*path, k)) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, (*path, i)) for i, v in enumerate(node))
    return out


def check_truthful(doc: Any, segments: list[Segment]) -> None:
    """Every segment points at a distinct string leaf that holds exactly its text."""
    assert len({s.path for s in segments}) == len(segments)
    for s in segments:
        assert isinstance(s, Segment) and isinstance(s.text, str)
        assert get_at(doc, s.path) is s.text


# --- hypothesis: properties ---------------------------------------------------------------------

ALL = list(PROTOCOL_NAMES)


def exercise(a: ProtocolAdapter, doc: Any) -> None:
    """Call every method on any JSON value: only ProtocolError may escape, and only from
    the full-document extractors; accessors and stream helpers never raise."""
    for extract in (a.extract, a.extract_response):
        try:
            check_truthful(doc, extract(doc))
        except ProtocolError:
            pass
    assert a.model(doc) is None or isinstance(a.model(doc), str)
    assert isinstance(a.is_stream(doc), bool)
    a.response_model(doc)
    a.usage(doc)
    check_truthful(doc, a.stream_segments(doc))
    check_truthful(doc, a.stream_echoes(doc))
    a.stream_delta(doc)
    a.stream_usage(doc)
    a.stream_model(doc)


@pytest.mark.parametrize("protocol", ALL)
@PROPS
@given(doc=json_values)
def test_any_json_value_is_read_or_refused(protocol: str, doc: Any) -> None:
    exercise(adapter(protocol), doc)


@pytest.mark.parametrize("protocol", ALL)
@PROPS
@given(data=st.data())
def test_damaged_bodies_are_read_or_refused(protocol: str, data: st.DataObject) -> None:
    """Well-formed bodies with one random subtree replaced by any JSON value reach the deep
    branches that arbitrary values rarely do."""
    source = (
        REQUEST_BODIES[protocol] if data.draw(st.booleans()) else ANSWER_BODIES.get(protocol, json_values)
    )
    doc = orjson.loads(orjson.dumps(data.draw(source)))  # st.just() values are shared: copy
    path = data.draw(st.sampled_from(sorted(all_paths(doc), key=repr)))
    doc = replace_leaf(doc, path, data.draw(json_values))
    exercise(adapter(protocol), doc)


def round_trip(a: ProtocolAdapter, extract: Any, doc: Any, data: st.DataObject) -> None:
    original = orjson.dumps(doc)
    work = orjson.loads(original)
    segments = extract(work)
    check_truthful(work, segments)
    a.write_back(work, [Segment(s.role, s.text.encode().decode(), s.path) for s in segments])
    assert orjson.dumps(work) == original
    if not segments:
        return
    i = data.draw(st.integers(0, len(segments) - 1))
    new = data.draw(text.filter(lambda t: t != segments[i].text))
    segments[i].text = new
    a.write_back(work, segments)
    assert work == replace_leaf(orjson.loads(original), segments[i].path, new)
    assert orjson.dumps(work) != original


@pytest.mark.parametrize("protocol", ALL)
@PROPS
@given(data=st.data())
def test_request_round_trip(protocol: str, data: st.DataObject) -> None:
    a = adapter(protocol)
    round_trip(a, lambda doc: a.extract(doc, policy_for(protocol)), data.draw(REQUEST_BODIES[protocol]), data)


@pytest.mark.parametrize("protocol", sorted(ANSWER_BODIES))
@PROPS
@given(data=st.data())
def test_answer_round_trip(protocol: str, data: st.DataObject) -> None:
    a = adapter(protocol)
    round_trip(a, a.extract_response, data.draw(ANSWER_BODIES[protocol]), data)
