"""Names and places typed without capitals (filters/pii_name_lower.py)."""

from __future__ import annotations

import pytest

from filters.pii_lexicon import lexicon
from filters.pii_name_context import code_spans
from filters.pii_name_lower import LOWER_HINT, lower_case, lower_pairs


def found(fn, text: str) -> list[tuple[str, str]]:
    return [(text[s:e], entity) for s, e, entity, _ in fn(lexicon(), text, code_spans(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hey it's dani here", ("dani", "PERSON")),
        ("my name is priya sharma", ("priya sharma", "PERSON")),
        ("i'm moving to porto next month", ("porto", "LOCATION")),
        ("we live in sao paulo", ("sao paulo", "LOCATION")),
    ],
)
def test_strong_lower_case_cues(text: str, expected: tuple[str, str]) -> None:
    assert LOWER_HINT.search(text)
    assert expected in found(lower_case, text)


def test_given_name_and_surname_pairs() -> None:
    assert ("priya sharma", "PERSON") in found(lower_pairs, "priya sharma will join")
    assert found(lower_pairs, "i will smith the iron") == []  # two English words
    assert found(lower_pairs, "`priya sharma` is a test fixture") == []  # code


def test_ordinary_lower_case_text_finds_nothing() -> None:
    text = "in the end we went to the shop and back"
    assert found(lower_case, text) == [] and found(lower_pairs, text) == []
