"""What reads as a refusal (gateway/slo/refusals.py): the built-in patterns, the keyword
prefilter that must never hide a match, and extra patterns."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gateway.slo.refusals import DEFAULT_REFUSALS, REFUSAL_SCAN_CHARS, compile_refusals, is_refusal


@pytest.mark.parametrize(
    "text,refused",
    [
        ("I'm sorry, but I can't help with that request.", True),
        ("I cannot assist with creating malware.", True),
        ("As an AI language model, I cannot share personal opinions.", True),
        ("I must decline to answer that.", True),
        ("I am sorry, I am unable to provide that information.", True),
        ("I won’t be able to... actually I won’t help with that.", True),
        ("Sure! Here is a poem about the sea.", False),
        ("The function returns None when the list is empty.", False),
        ("I'm sorry to hear that your build failed; try clearing the cache.", False),
        ("You can't divide by zero in Python; it raises ZeroDivisionError.", False),
    ],
)
def test_refusal_patterns(text: str, refused: bool) -> None:
    assert bool(DEFAULT_REFUSALS.search(text)) is refused
    assert is_refusal(text) is refused  # the keyword prefilter never hides a match


_REFUSAL_PARTS = [
    "I'm sorry, but",
    "I’m afraid but",
    "i am sorry",
    "I AM AFRAID that",
    "I can't",
    "I cannot",
    "I can’t",
    "i won't",
    "I won’t",
    "I will not",
    "I am unable to",
    "I am not able to",
    "help",
    "assist",
    "comply",
    "provide",
    "do that",
    "As an AI",
    "as an ai language model,",
    "I",
    "i must decline",
    "I MUST REFUSE",
    "this request violates",
    "Your request goes against",
    "that request is against",
    "Sure",
    "the",
    "client",
    "cannot",
    "request",
    "was",
    ",",
    ".",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_REFUSAL_PARTS), min_size=1, max_size=12))
def test_refusal_prefilter_never_hides_a_match(parts: list[str]) -> None:
    text = " ".join(parts)
    head = text[:REFUSAL_SCAN_CHARS]
    if DEFAULT_REFUSALS.search(head):
        assert is_refusal(text), text


def test_extra_refusal_patterns() -> None:
    rx = compile_refusals([r"\bnope\b"])
    assert rx.search("Nope.") and rx.search("I cannot help with that")
    assert not is_refusal("Nope.")  # the built-in set with its prefilter does not know it
    assert is_refusal("Nope.", rx, prefilter=False)
    assert not is_refusal("x" * REFUSAL_SCAN_CHARS + " I must decline")  # past the scanned head


def test_the_grouped_keyword_scan_is_the_keyword_list() -> None:
    """The prefilter looks for its keywords in groups (perf3); the groups are the list."""
    from gateway.slo import refusals

    groups = (*refusals._OTHER_KEYWORDS, *refusals._I_KEYWORDS, *refusals._REQUEST_KEYWORDS)
    assert sorted(groups) == sorted(refusals.REFUSAL_KEYWORDS)
    for k in refusals.REFUSAL_KEYWORDS:
        assert refusals._has_keyword(f"well, {k}, then")
    assert not refusals._has_keyword("a client cannot tell whether its request was processed")
