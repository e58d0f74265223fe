"""The PII prefilter's shortcuts (perf4) answer exactly what the plain gates answer.

Each shortcut skips a regex scan when a cheaper test proves it cannot match: ASCII text has
no character `needs_canonical` looks for, a text without a digit passes no digit gate, the
IBAN gate matches only at the start of a digit chain, and the spelled-out e-mail words all
hold `dot`, an `@` or an opening bracket. Generated texts mix the characters each of them
turns on (digits of other scripts, brackets, letters before digits, fullwidth and invisible
characters), and every shortcut is compared with the scan it replaces.
"""

from __future__ import annotations

import random
import re

import pytest

from filters import pii_patterns as pat
from filters import pii_prefilter as pp
from filters.pii_prefilter import GATES, Prefilter

_PIECES = (
    "a", "B", "gb", "DE", "x", " ", "  ", "-", ".", ":", "::", "@", " @ ", "[at]", "( at )", "<at>",
    "{", "dot", "DoT", " at ", "(", "[", "0", "1", "33", "4111", "078-05-1121", "203.0.113.7",
    "fe80::1", "2001:db8:0:1", "GB33 BUKB 2020 1555 5555 55", "gb33bukb20201555555555", "\n",
    "\u0663", "\u00b2", "\uff11", "\u200b", "\u00a0", "\uff20", "é", "call", "IBAN", "no",
)  # fmt: skip
_DIGIT = re.compile(r"\d")


def _texts(seed: int, n: int = 4000) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 14))) for _ in range(n)]


def _old_ip_gate(text: str) -> bool:
    return "::" in text or pp._IPV6_GATE.search(text) is not None or pp._IPV4_GATE.search(text) is not None


def _old_spelled(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in pat._SPELLED_WORDS) and pat._SPELLED_GATE.search(text) is not None


def test_shortcuts_equal_the_scans_they_skip() -> None:
    for text in _texts(19):
        assert pat.needs_canonical(text) == (pat._NEEDS_CANON.search(text) is not None), text
        if not pat.may_have_digits(text):
            assert _DIGIT.search(text) is None, text
        assert pp._ip_gate(text) == _old_ip_gate(text), text
        assert pat.has_spelled_separator(text) == _old_spelled(text), text


@pytest.mark.parametrize(
    "ents",
    [
        ("IBAN_CODE",),
        ("IBAN_CODE", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"),
        ("PHONE_NUMBER", "US_SSN", "IBAN_CODE", "EMAIL_ADDRESS", "IP_ADDRESS"),
    ],
)
def test_candidates_equal_the_scans_of_every_text(ents: tuple[str, ...]) -> None:
    """The reference is the prefilter before the shortcuts: the IBAN gate searched over the
    whole text, the digit chains' pass run on every text. (The chained gates search a chain
    with its end as the text's end, so `\\b` can match there: looser than the gate on the
    whole text, which is allowed, as a gate only has to be necessary.)"""
    pre = Prefilter(ents)
    chained = tuple((e, *pp._CHAIN_GATES[e]) for e in ents if e in pp._CHAIN_GATES)
    for text in _texts(23):
        expected = {e for e in ents if e not in pp._CHAIN_GATES and GATES[e](text)}
        expected |= set(_chain_reference(text, chained))
        assert pre.candidates(text) == expected, text


def _chain_reference(text: str, wanted: tuple[tuple[str, int, re.Pattern[str]], ...]) -> list[str]:
    found: list[str] = []
    left = list(wanted)
    for m in pp._DIGIT_CHAIN.finditer(text):
        start, end = m.span()
        if end - start < 5:
            continue
        digits = sum(c.isdigit() for c in m.group())
        for item in tuple(left):
            entity, min_digits, gate = item
            if digits >= min_digits and gate.search(text, start, end) is not None:
                found.append(entity)
                left.remove(item)
        if not left:
            break
    return found


@pytest.mark.parametrize(
    "text",
    [
        "GB33 BUKB 2020 1555 5555 55",
        "xGB33BUKB",
        "my iban is de89 3704 0044 0532 0130 00.",
        "A1 22 33 44",  # a chain that starts after one letter only: no IBAN
        "ab 12 cdef",  # a space between the letters and the digits: no IBAN
        "v1.2.3 and 12AB34CD",
    ],
)
def test_iban_at_a_chain_start_equals_the_search(text: str) -> None:
    expected = pp._IBAN_GATE.search(text) is not None
    assert ("IBAN_CODE" in pp._chain_candidates(text, (), iban=True)) == expected
