"""Replacing spans of a text: the one implementation every redacting filter and the chain use.

A span is `(start, end, replacement)` with offsets into the text. Callers hand spans sorted by
start and not overlapping (`merge_overlapping` makes them so), and get the text with each
span's characters replaced. Offsets always refer to the text as the client sent it: filters
that match on a canonical form map their matches back before they get here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

S = TypeVar("S")


def replace_spans(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """`text` with every `(start, end, replacement)` applied (spans sorted, not overlapping)."""
    parts: list[str] = []
    pos = 0
    for start, end, replacement in spans:
        parts.append(text[pos:start])
        parts.append(replacement)
        pos = end
    if not parts:
        return text
    parts.append(text[pos:])
    return "".join(parts)


def merge_overlapping(
    spans: Sequence[S],
    bounds: Callable[[S], tuple[int, int]],
    widen: Callable[[S, int], S],
) -> list[S]:
    """Sort by start (longer first on ties) and fold every span that overlaps an earlier one
    into it: the earlier span wins and is widened to cover both (`widen(span, new_end)`)."""
    ordered = sorted(spans, key=lambda s: (bounds(s)[0], -(bounds(s)[1] - bounds(s)[0])))
    merged: list[S] = []
    for s in ordered:
        start, end = bounds(s)
        if merged and start < bounds(merged[-1])[1]:
            if end > bounds(merged[-1])[1]:
                merged[-1] = widen(merged[-1], end)
            continue
        merged.append(s)
    return merged
