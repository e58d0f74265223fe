"""The prefilter spells Python's Unicode classes by their ASCII members plus every non-ASCII
character (filters/rule_prefilter.py): still a superset where the text is full of non-ASCII
letters, digits and spaces, and inside negated classes."""

from __future__ import annotations

import re

import pytest

from filters.injection_rules import RULES
from filters.rule_prefilter import RulePrefilter
from filters.rule_superset import superset_pattern
from tests.test_injection import RULE_TABLE

_SPACES = (" ", "\u2003", "\xa0", "\x1c", "\u3000", "\t", "\x0b")
_ODD = ("é", "ж", "中", "٣", "_", "1", "ſ", "\u0301")


def _variants(text: str) -> list[str]:
    out = [text]
    for sp in _SPACES[1:]:
        out.append(text.replace(" ", sp))
    for ch in _ODD:
        out.append(text.replace("e", ch, 2))
        out.append(ch + text + ch)
    return out


@pytest.fixture(scope="module")
def prefilter() -> RulePrefilter:
    return RulePrefilter([r.pattern for r in RULES])


def test_superset_on_non_ascii_variants(prefilter: RulePrefilter) -> None:
    checked = 0
    for _, pos, neg in RULE_TABLE:
        for text in _variants(pos) + _variants(neg) + _variants(pos.lower()):
            possible = prefilter.possible(text)
            for i, rule in enumerate(RULES):
                if rule.pattern.search(text):
                    assert i in possible, (rule.id, text[:200])
                    checked += 1
    assert checked > 100


@pytest.mark.parametrize(
    "pattern",
    [r"a\wb", r"a\W+b", r"a\db", r"a\Db", r"a\sb", r"a\Sb", r"a[^\w]b", r"a[^\d\s]b", r"a[\w-]b",
     r"a[^\W]b", r"a[\W\d]b", r"a[^\S]b", r"a\w{2,3}?b", r"a[^a-z\s]+b"],
)  # fmt: skip
def test_class_supersets(pattern: str) -> None:
    compiled = re.compile(pattern)
    pf = RulePrefilter([compiled])
    assert superset_pattern(compiled)  # translated, not left to always run
    chars = ["x", "_", "1", " ", "\n", "é", "ж", "٣", "\u2003", "\xa0", "\x1c", "\x0b", "-", "—", "«", "中"]
    for c1 in chars:
        for c2 in chars:
            for text in (f"a{c1}b", f"a{c1}{c2}b", f"a{c1}{c2}{c1}b"):
                if compiled.search(text):
                    assert pf.possible(text) == frozenset({0}), (pattern, text)
