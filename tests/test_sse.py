"""The SSE reader (gateway/protocols/sse.py): events split out of chunks cut anywhere, every
line ending, the bound on an event that never ends, and the error event in each shape."""

from __future__ import annotations

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gateway.protocols.sse import SseSplitter, SseTooLarge, error_event, json_payloads, media_type

STREAM = (
    b"\xef\xbb\xbf: keep-alive comment\n\n"
    b'event: message\nid: 7\ndata: {"a": 1}\n\n'
    b"data: line one\ndata:line two\n\n"
    b"data: [DONE]\n\n"
)


def events(chunks: list[bytes], bound: int | None = 1 << 20) -> list[tuple[str | None, tuple[bytes, ...]]]:
    splitter = SseSplitter(bound)
    out = [(e.data, e.other_lines) for chunk in chunks for e in splitter.feed(chunk)]
    last = splitter.finish()
    if last is not None:
        out.append((last.data, last.other_lines))
    return out


EXPECTED = [
    (None, ()),  # the comment-only block: no data
    ('{"a": 1}', (b"event: message", b"id: 7")),
    ("line one\nline two", ()),
    ("[DONE]", ()),
]


@given(st.lists(st.integers(0, len(STREAM)), max_size=8))
def test_chunks_cut_anywhere_give_the_same_events(cuts: list[int]) -> None:
    points = sorted(set(cuts))
    chunks = [STREAM[a:b] for a, b in zip([0, *points], [*points, len(STREAM)], strict=True)]
    assert events(chunks) == EXPECTED


@pytest.mark.parametrize("ending", [b"\r\n", b"\r", b"\n"])
def test_every_line_ending(ending: bytes) -> None:
    body = STREAM.replace(b"\n", ending)
    assert events([body]) == EXPECTED
    # a CRLF pair split between two chunks is one line end, not two
    if ending == b"\r\n":
        cut = body.index(b"\r\n") + 1
        assert events([body[:cut], body[cut:]]) == EXPECTED


def test_an_unterminated_last_event_comes_out_of_finish() -> None:
    assert events([b"data: a\n\ndata: b"]) == [("a", ()), ("b", ())]


def test_an_event_past_the_bound_raises_and_keeps_its_bytes_for_rest() -> None:
    splitter = SseSplitter(16)
    assert [e.data for e in splitter.feed(b"data: ok\n\n")] == ["ok"]
    with pytest.raises(SseTooLarge):
        list(splitter.feed(b"data: " + b"x" * 32))
    assert splitter.rest() == b"data: " + b"x" * 32


def test_rebuild_keeps_the_event_lines_and_replaces_the_data() -> None:
    [event] = list(SseSplitter().feed(b'event: delta\ndata: {"t": "a"}\n\n'))
    assert event.rebuild({"t": "b"}) == b'event: delta\ndata: {"t":"b"}\n\n'


def test_json_payloads_skips_what_is_not_json() -> None:
    body = b'data: {"a": 1}\n\ndata: not json\n\n: c\n\ndata: [DONE]\n\ndata: {"b": 2}'
    assert list(json_payloads(body)) == [{"a": 1}]  # the unterminated last event is not included


@pytest.mark.parametrize(
    ("protocol", "code", "etype"),
    [
        ("openai-chat", "upstream_timeout", "upstream_error"),
        ("openai-chat", "pii_detected", "policy_violation"),
        ("anthropic-messages", "filter_unavailable", "service_unavailable"),
    ],
)
def test_error_event_names_the_request_in_the_protocols_shape(protocol: str, code: str, etype: str) -> None:
    raw = error_event(protocol, code, "Stopped.", "rid-1")
    data = [line for line in raw.split(b"\n") if line.startswith(b"data: ")][0][6:]
    text = orjson.dumps(orjson.loads(data)).decode()
    assert etype in text and "rid-1" in text
    if protocol == "openai-chat":  # OpenAI's error object has a code; Anthropic's has only a type
        assert f'"code":"{code}"' in text


def test_media_type() -> None:
    assert media_type("Text/Event-Stream; charset=utf-8") == "text/event-stream"
    assert media_type("") == ""
