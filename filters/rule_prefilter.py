"""A one-pass RE2 prefilter for the injection rule table: which rules can match at all.

The rule patterns are Python regexes (lookarounds, word boundaries, lazy gaps), searched
in windows around their keyword anchors. On ordinary text almost none of them match,
yet finding that out cost ~150 us per 1 KB message: the keyword index, then ~18 window
searches. This module derives from every rule pattern a *superset* pattern that RE2 can
run, and hands all of them to RE2's FilteredRE2 (`re2.Filter`), which checks their
required literal atoms first and runs only the patterns whose atoms occur.

Superset means: wherever the rule pattern matches (in any window of the text), the
derived pattern matches the whole text. It is built from Python's own parse of the
pattern by dropping what constrains context and never what consumes characters:
assertions (`^`, `$`, `\\b`, lookahead, lookbehind) become empty, counted repeats become
`*` / `+`, laziness and atomic groups are ignored, and Python's Unicode `\\w`, `\\d`, `\\s`
(and their negations) are spelled by their ASCII members plus every non-ASCII character
(only the ASCII members inside a negated class; a negated category inside a negated
class widens to any character). So "no derived pattern matches" proves "no rule
matches", the rule table runs only for texts where some rule may match, and verdicts are
unchanged (the test suite checks the equality on a corpus). A pattern the converter does not understand is left
out of the filter and always runs.

It relies on `re._parser` (CPython's regex parser, `sre_parse` before 3.11): a private
module. When it changes shape, `build` raises nothing; the affected rules just always
run (slower, never wrong).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import re2

try:  # CPython 3.11+
    import re._constants as _sc
    import re._parser as _sp
except ImportError:  # pragma: no cover - other interpreters: no prefilter
    _sp = None
    _sc = None

# Python's Unicode classes, spelled by their ASCII members plus every non-ASCII character:
# supersets that are exact on ASCII text. Spelled exactly (\pL\pN_, Unicode \s) they made
# every pattern's UTF-8 program large (up to 13,600 instructions) and its DFA states wide
# (120-140 byte classes each), and the lazy DFAs grew with the variety of text seen. Inside
# a negated class the ASCII members alone stand for the class (a subset, so the complement
# stays a superset). RuleSet.possible over 9,000 distinct corpus texts: RSS growth 27.5 ->
# 16.0 MB, build 57.0 -> 55.0 MB; the same speed (1 KB benign 27 -> 26 us, 20 KB 1.30 ->
# 1.27 ms, min of 3). A lower max_mem (2 MB) still thrashed: corpus 107 -> 135 us per KB.
_ASCII = {"digit": "0-9", "word": "0-9A-Za-z_", "space": r"\t\n\x0b\x0c\r\x1c-\x1f "}
_NON_ASCII = r"\x{80}-\x{10ffff}"


class Unsupported(Exception):
    """A construct the converter does not translate (the rule then always runs)."""


def _lit(c: int) -> str:
    ch = chr(c)
    return ch if ch.isascii() and ch.isalnum() else f"\\x{{{c:x}}}"


def _category_name(cat: Any) -> str | None:
    if cat is _sc.CATEGORY_DIGIT:
        return "digit"
    if cat is _sc.CATEGORY_WORD:
        return "word"
    if cat is _sc.CATEGORY_SPACE:
        return "space"
    return None


def _category_in_class(cat: Any, negated: bool) -> str | None:
    """A category as class items (a superset in a class, a subset in a negated class),
    or None when there is no such spelling."""
    name = _category_name(cat)
    if name is not None:
        return _ASCII[name] if negated else _ASCII[name] + _NON_ASCII
    if negated:
        return None
    if cat is _sc.CATEGORY_NOT_DIGIT:
        return r"\D"  # RE2's ASCII \D, \W, \S: every non-ASCII character included
    if cat is _sc.CATEGORY_NOT_WORD:
        return r"\W"
    if cat is _sc.CATEGORY_NOT_SPACE:
        return r"\S"
    return None


def _category_alone(cat: Any) -> str:
    name = _category_name(cat)
    if name is not None:
        return f"[{_ASCII[name]}{_NON_ASCII}]"
    if cat is _sc.CATEGORY_NOT_DIGIT:
        return f"[^{_ASCII['digit']}]"
    if cat is _sc.CATEGORY_NOT_WORD:
        return f"[^{_ASCII['word']}]"
    if cat is _sc.CATEGORY_NOT_SPACE:
        return f"[^{_ASCII['space']}]"
    raise Unsupported(cat)


def _class(items: list[tuple[Any, Any]]) -> str:
    negate = any(op is _sc.NEGATE for op, _ in items)
    parts = []
    for op, av in items:
        if op is _sc.NEGATE:
            continue
        elif op is _sc.LITERAL:
            parts.append(_lit(av))
        elif op is _sc.RANGE:
            parts.append(f"{_lit(av[0])}-{_lit(av[1])}")
        elif op is _sc.CATEGORY:
            inside = _category_in_class(av, negate)
            if inside is None:
                return r"(?s:.)"  # widen: any character (a superset either way)
            parts.append(inside)
        else:
            raise Unsupported(op)
    return ("[^" if negate else "[") + "".join(parts) + "]"


def _emit(parsed: Any) -> str:
    out: list[str] = []
    for op, av in parsed:
        if op is _sc.LITERAL:
            out.append(_lit(av))
        elif op is _sc.NOT_LITERAL:
            out.append(f"[^{_lit(av)}]")
        elif op is _sc.ANY:
            out.append(r"(?s:.)")
        elif op is _sc.IN:
            out.append(_class(av))
        elif op is _sc.CATEGORY:
            out.append(_category_alone(av))
        elif op is _sc.BRANCH:
            out.append("(?:" + "|".join(_emit(b) for b in av[1]) + ")")
        elif op is _sc.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                raise Unsupported("inline flags")
            out.append(f"(?:{_emit(sub)})")
        elif op in (_sc.MAX_REPEAT, _sc.MIN_REPEAT, _sc.POSSESSIVE_REPEAT):
            lo, hi, sub = av
            # Counted repeats become * / +: a superset, and far smaller automata (the
            # {0,40} gaps of 69 rules made RE2 fall back from its DFA: 25 us per rule).
            out.append(f"(?:{_emit(sub)})" + ("?" if (lo, hi) == (0, 1) else "*" if lo == 0 else "+"))
        elif op is _sc.ATOMIC_GROUP:
            out.append(f"(?:{_emit(av)})")
        elif op in (_sc.AT, _sc.ASSERT, _sc.ASSERT_NOT):
            continue  # assertions constrain context only: dropping them widens the match
        else:
            raise Unsupported(op)
    return "".join(out)


def superset_pattern(pattern: re.Pattern[str]) -> str:
    """An RE2 pattern that matches the whole text wherever `pattern` matches any window of it."""
    if _sp is None:
        raise Unsupported("no re parser")
    if pattern.flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE):
        raise Unsupported("flags")
    return _emit(_sp.parse(pattern.pattern, pattern.flags))


class RulePrefilter:
    """Which of a list of patterns may match a text, in one RE2 FilteredRE2 pass."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        options = re2.Options()
        options.never_capture = True
        self._filter = re2.Filter()
        self._slot: list[int] = []  # filter index -> pattern index
        always = set()
        for i, p in enumerate(patterns):
            try:
                self._filter.Add(superset_pattern(p), options)
            except (Unsupported, re2.error):
                always.add(i)
                continue
            self._slot.append(i)
        self.always: frozenset[int] = frozenset(always)  # untranslatable: they always run
        self._all = frozenset(range(len(patterns)))
        if self._slot:
            self._filter.Compile()

    def possible(self, text: str) -> frozenset[int]:
        """Indices of the patterns that may match `text` (a superset of those that do)."""
        if not self._slot:
            return self.always
        try:
            found = self._filter.Match(text)
        except UnicodeEncodeError:  # a lone surrogate: RE2 reads UTF-8 only; every rule may run
            return self._all
        if not found:
            return self.always
        slot = self._slot
        return self.always.union(slot[j] for j in found)
