"""The SSE splitter follows the WHATWG event-stream spec: every line end, every split."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.protocols.sse import SseSplitter, SseTooLarge, media_type

EVENTS = [("message_start", '{"a": 1}'), (None, '{"b": "x\\ny"}'), (None, "[DONE]")]


def encode(sep: str) -> bytes:
    out = ""
    for name, data in EVENTS:
        out += (f"event: {name}{sep}" if name else "") + f"data: {data}{sep}{sep}"
    return out.encode()


def split_all(data: bytes, cuts: list[int]) -> list[tuple[bytes, ...]]:
    s = SseSplitter()
    got = []
    for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True):
        got.extend((e.data, e.other_lines) for e in s.feed(data[a:b]))
    last = s.finish()
    if last is not None:
        got.append((last.data, last.other_lines))
    return got


EXPECTED = [('{"a": 1}', (b"event: message_start",)), ('{"b": "x\\ny"}', ()), ("[DONE]", ())]


@settings(max_examples=150, deadline=None)
@given(sep=st.sampled_from(["\n", "\r\n", "\r"]), data=st.data())
def test_every_line_end_and_every_split_gives_the_same_events(sep, data):
    raw = encode(sep)
    cuts = sorted(data.draw(st.lists(st.integers(1, len(raw) - 1), unique=True, max_size=12)))
    assert split_all(raw, cuts) == EXPECTED


def test_crlf_split_between_reads_is_one_line_end():
    s = SseSplitter()
    assert list(s.feed(b"data: 1\r")) == []
    assert [e.data for e in s.feed(b"\n\r\ndata: 2\r\n\r\n")] == ["1", "2"]


def test_unterminated_last_event_is_handed_out_not_lost():
    s = SseSplitter()
    assert list(s.feed(b"data: 1\n\ndata: tail")) != []
    last = s.finish()
    assert last is not None and last.data == "tail" and last.raw.endswith(b"\n\n")
    assert s.finish() is None


def test_bom_and_field_without_colon():
    s = SseSplitter()
    events = list(s.feed(b"\xef\xbb\xbfdata\ndata:x\ndatax: no\n\n"))
    assert [(e.data, e.other_lines) for e in events] == [("\nx", (b"datax: no",))]


def test_an_event_past_the_bound_is_refused():
    s = SseSplitter(max_event_bytes=64)
    with pytest.raises(SseTooLarge):
        list(s.feed(b"data: " + b"x" * 100))


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Text/Event-Stream; charset=utf-8", "text/event-stream"),
        (" APPLICATION/JSON ", "application/json"),
        ("", ""),
    ],
)
def test_media_type(header, expected):
    assert media_type(header) == expected
