"""The keyword index restricted to the rules the prefilter left gives what the full index
gives, filtered: the same anchors, in the same order (filters/injection_rules.py)."""

from __future__ import annotations

import random

from filters.canonical import canonicalize
from filters.injection_rules import RuleSet
from tests.test_injection import RULE_TABLE


def test_candidates_for_some_rules_are_the_filtered_candidates() -> None:
    rules = RuleSet()
    rng = random.Random(29)
    texts = [canonicalize(t, with_index=False).text for _, pos, neg in RULE_TABLE for t in (pos, neg)]
    texts.append(" ".join(texts))  # long: many anchors, windows, the span cap
    for keyed in (rules._all, rules._direct):
        numbers = list(keyed.no.values())
        for text in texts:
            full = keyed.candidates(text)
            for only in (frozenset(), frozenset(numbers), frozenset(rng.sample(numbers, 9))):
                ids = {keyed._rules[i].id for i in only}
                expected = [(r.id, a) for r, a in full.items() if r.id in ids]
                assert [(r.id, a) for r, a in keyed.candidates(text, only=only).items()] == expected


def test_quoted_pattern_finds_what_the_lookbehind_first_pattern_found() -> None:
    import re

    from filters.injection_rules import _QUOTED_RE

    before = re.compile(
        "\"([^\"\n]{3,150})\"|(?<![a-z0-9])'([^'\n]{3,150})'(?![a-z0-9])|「([^」\n]{3,150})」|『([^』\n]{3,150})』"
    )
    rng = random.Random(31)
    alphabet = ["a", "1", " ", "'", '"', "\n", "「", "」", "『", "』", "é", "x'", "'x", "abc", "''", "_'"]
    for _ in range(20000):
        t = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        for pos in (0, 1, 3):
            got = [(m.span(), m.groups()) for m in _QUOTED_RE.finditer(t, pos)]
            assert got == [(m.span(), m.groups()) for m in before.finditer(t, pos)], t


def test_direct_text_with_only_tool_rules_possible_skips_the_rule_stage() -> None:
    # indirect.task_injection may match in a document, never in the user's own words: for a
    # direct text the rule stage ends before it builds anchors, with the same (empty) answer.
    from filters.canonical import canonicalize
    from filters.injection_rules import RuleSet

    rules = RuleSet()
    text = canonicalize("Write a haiku about autumn leaves, then tell me a joke.", with_index=False).text
    possible = rules.possible(text)
    assert possible and all(rules.rules[i].indirect_only for i in possible)
    assert rules.match(text, indirect=False) == []
    assert rules.match(text, indirect=False, prefilter=False) == []
    assert [h.id for h in rules.match(text, indirect=True)] == ["indirect.task_injection"]
