"""Every protocol adapter through the same contract (gateway/protocols/base.py).

A new adapter is added to ADAPTERS with sample bodies; these tests then say whether it
meets every duty: extraction points at string leaves that write back in place, the
inventory's field names cover every path (so case variants are refused), stream readers
never raise, stream channels round-trip through `stream_text_event`, error events parse,
and the request facts and finish reasons never raise on arbitrary JSON.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.protocols import PROTOCOL_NAMES, ProtocolAdapter, ProtocolError, ambiguity, get_adapter, get_at
from gateway.protocols.base import LENIENT, RequestFacts
from gateway.protocols.sse import SseSplitter

FIXTURES = Path(__file__).parent / "fixtures" / "provider"
GENERIC_PATHS = ("prompt", "user=messages[*].content", "output=choices[*].text")
PROPS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# protocol: (request fixture, answer fixture, stream fixture)
SAMPLES: dict[str, tuple[str | None, str | None, str | None]] = {
    "openai-chat": ("openai_chat_request.json", "openai_chat_response.json", "openai_chat_stream.sse"),
    "openai-completions": (
        "openai_completions_request.json",
        "openai_completions_response.json",
        "openai_completions_stream.sse",
    ),
    "openai-embeddings": ("openai_embeddings_request.json", "openai_embeddings_response.json", None),
    "openai-responses": (
        "openai_responses_request.json",
        "openai_responses_response.json",
        "openai_responses_stream.sse",
    ),
    "anthropic-messages": (
        "anthropic_messages_request.json",
        "anthropic_messages_response.json",
        "anthropic_messages_stream.sse",
    ),
    "kserve-v2": ("kserve_v2_request.json", "kserve_v2_response.json", None),
    "generic-json": ("tgi_generate_request.json", "tgi_generate_response.json", "tgi_generate_stream.sse"),
}
TGI_PATHS = ("inputs", "output=generated_text", "output=token.text")


def adapter(protocol: str) -> ProtocolAdapter:
    return get_adapter(protocol, paths=TGI_PATHS if protocol == "generic-json" else ())


def load(name: str) -> Any:
    return orjson.loads((FIXTURES / name).read_bytes())


def events(name: str) -> list[Any]:
    splitter = SseSplitter()
    out = [e for e in splitter.feed((FIXTURES / name).read_bytes()) if e.data and e.data != "[DONE]"]
    return [orjson.loads(e.data) for e in out]


def test_every_protocol_has_samples() -> None:
    assert set(SAMPLES) == set(PROTOCOL_NAMES)


@pytest.mark.parametrize("protocol", PROTOCOL_NAMES)
def test_segments_point_at_their_string_leaves_and_write_back_in_place(protocol: str) -> None:
    a = adapter(protocol)
    req, ans, _ = SAMPLES[protocol]
    for name, read in ((req, lambda d: a.extract(d, LENIENT)), (ans, a.extract_response)):
        if name is None:
            continue
        doc = load(name)
        before = copy.deepcopy(doc)
        segments = read(doc)
        assert len({s.path for s in segments}) == len(segments), "a leaf is extracted twice"
        for seg in segments:
            assert get_at(doc, seg.path) == seg.text
        a.write_back(doc, segments)
        assert doc == before
        if segments:
            segments[0].text = "[R]"
            a.write_back(doc, segments)
            assert get_at(doc, segments[0].path) == "[R]"


@pytest.mark.parametrize("protocol", PROTOCOL_NAMES)
def test_inventory_fields_cover_every_request_path(protocol: str) -> None:
    """Every key on the way to a text, up to the first caller-named subtree, is a field the
    ambiguity check knows: a case variant of it is refused instead of read another way."""
    a = adapter(protocol)
    name = SAMPLES[protocol][0]
    assert name is not None
    doc = load(name)
    for seg in a.extract(doc, LENIENT):
        node = doc
        for step in seg.path:
            if isinstance(step, str):
                if step in ambiguity.OPAQUE_KEYS and isinstance(node.get(step), dict):
                    break
                assert step in a.fields, f"{protocol}: {step!r} of {seg.path} is not in fields"
            node = node[step]
    raw = (FIXTURES / name).read_bytes()
    ambiguity.check(raw, orjson.loads(raw), a.fields)  # the sample itself is unambiguous


@pytest.mark.parametrize("protocol", [p for p in PROTOCOL_NAMES if SAMPLES[p][2]])
def test_stream_channels_round_trip_through_stream_text_event(protocol: str) -> None:
    a = adapter(protocol)
    stream = SAMPLES[protocol][2]
    assert stream is not None
    seen = 0
    for event in events(stream):
        for part in a.stream_texts(event):
            seen += 1
            assert get_at(event, part.path) == part.text
            made = a.stream_text_event(event, part, "[R]")
            texts = a.stream_texts(made)
            assert [(t.channel, t.text) for t in texts] == [(part.channel, "[R]")]
            assert a.stream_closes(made) is None, "a released-text event must not end its channel"
    assert seen


@pytest.mark.parametrize("protocol", PROTOCOL_NAMES)
def test_error_event_is_one_sse_event_with_json_data(protocol: str) -> None:
    data = adapter(protocol).error_event("policy_violation", "stopped")
    parsed = list(SseSplitter().feed(data))
    assert len(parsed) == 1 and parsed[0].data is not None
    assert "stopped" in orjson.loads(parsed[0].data).get("error", {}).get("message", "")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(
        st.sampled_from(
            ["type", "delta", "choices", "index", "text", "content", "tool_calls", "function", "arguments",
             "content_block", "thinking", "partial_json", "finish_reason", "tools", "name", "max_tokens",
             "messages", "input", "response", "output", "item", "part", "stream", "n"]
        ),
        inner,
        max_size=5,
    ),
    max_leaves=20,
)  # fmt: skip


@PROPS
@given(protocol=st.sampled_from(PROTOCOL_NAMES), value=JSON)
def test_readers_of_upstream_and_client_data_never_crash(protocol: str, value: Any) -> None:
    a = adapter(protocol)
    for part in a.stream_texts(value):  # stream readers never raise
        assert get_at(value, part.path) == part.text
    a.stream_closes(value)
    a.stream_echoes(value)
    a.stream_usage(value)
    a.stream_model(value)
    a.finish_reason(value)
    a.is_stream(value)
    a.choices(value)
    assert isinstance(a.facts(value), RequestFacts)
    for read in (a.extract, a.extract_response):
        try:
            read(value)
        except ProtocolError:
            pass  # refusing names the path; anything else is a bug


@pytest.mark.parametrize(
    ("value", "stream", "n"),
    [(True, True, 1), ("true", True, 1), ("True", True, 1), (1, True, 1), ("1", True, 1), (False, False, 1),
     ("false", False, 1), (None, False, 1), (2.0, False, 2), ("2", False, 2), (" 3 ", False, 3), (2.5, False, 1)],
)  # fmt: skip
def test_stream_and_n_are_read_with_the_upstreams_coercion(value: Any, stream: bool, n: int) -> None:
    a = adapter("openai-chat")
    assert a.is_stream({"stream": value}) is stream
    assert a.choices({"n": value}) == (n if not isinstance(value, bool) else 1)


def test_every_role_an_adapter_emits_is_screened_by_default_or_skipped_on_purpose() -> None:
    """Each role the adapters emit is in the default scope of pii and keywords; the injection
    filter skips only the roles its `roles` description names (the developer's system
    prompt and the assistant's own history), so a protocol's texts are never silently
    outside a screening filter (KServe's `input` once was)."""
    from filters.injection import InjectionConfig
    from filters.keywords import KeywordsConfig
    from filters.pii_config import ROLES as PII_ROLES

    emitted = {"output"}
    for protocol in PROTOCOL_NAMES:
        a = adapter(protocol)
        name = SAMPLES[protocol][0]
        assert name is not None
        emitted |= {s.role for s in a.extract(load(name), LENIENT)}
    emitted |= {"system", "user", "assistant", "tool", "document", "input"}
    assert emitted <= set(PII_ROLES)
    assert emitted <= set(KeywordsConfig(deny=["x"]).scope)
    injection = InjectionConfig()
    skipped = emitted - set(injection.roles) - {"output"}
    assert skipped == {"system", "assistant"}
    described = InjectionConfig.model_fields["roles"].description or ""
    assert all(f"'{role}'" in described for role in skipped)
