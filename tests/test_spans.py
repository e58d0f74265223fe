"""filters/spans.py: the one span replacement."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from filters.spans import merge_overlapping, replace_spans


def test_replace_spans() -> None:
    assert replace_spans("call me at 555-0100 or a@b.c", [(11, 19, "<PHONE>"), (23, 28, "<EMAIL>")]) == (
        "call me at <PHONE> or <EMAIL>"
    )
    assert replace_spans("abc", []) == "abc"
    assert replace_spans("abc", [(0, 3, "")]) == ""
    assert replace_spans("abc", [(1, 1, "X")]) == "aXbc"  # an empty span inserts


def test_merge_overlapping_keeps_the_earlier_and_widens_it() -> None:
    spans = [(5, 9, "b"), (0, 3, "a"), (2, 6, "c"), (20, 22, "d"), (20, 25, "e")]
    merged = merge_overlapping(spans, lambda s: (s[0], s[1]), lambda s, end: (s[0], end, s[2]))
    assert merged == [(0, 9, "a"), (20, 25, "e")]


@given(st.text(max_size=40), st.lists(st.tuples(st.integers(0, 40), st.integers(0, 8)), max_size=6))
def test_merged_spans_never_overlap_and_cover_every_input(text: str, raw: list[tuple[int, int]]) -> None:
    spans = [(min(a, len(text)), min(a + n, len(text)), "#") for a, n in raw]
    merged = merge_overlapping(spans, lambda s: (s[0], s[1]), lambda s, end: (s[0], end, s[2]))
    for (_, b0, _), (a1, _, _) in zip(merged, merged[1:], strict=False):
        assert b0 <= a1
    for a, b, _ in spans:
        if b > a:
            assert any(ma <= a and b <= mb for ma, mb, _ in merged)
    out = replace_spans(text, merged)
    kept = sum(b - a for a, b, _ in merged)
    assert len(out) == len(text) - kept + len(merged)
