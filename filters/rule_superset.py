"""Rule patterns as RE2 / Hyperscan *supersets*: what the rule prefilter runs.

The rule patterns are Python regexes (lookarounds, word boundaries, lazy gaps). RE2 and
Hyperscan cannot run them, so this module derives from every rule pattern a superset pattern
they can (filters/rule_prefilter.py asks them), and splits long ones into parts for Hyperscan.

Superset means: wherever the rule pattern matches (in any window of the text), the
derived pattern matches the whole text. It is built from Python's own parse of the
pattern by dropping what constrains context and never what consumes characters:
assertions (`^`, `$`, `\\b`, lookahead, lookbehind) become empty, counted repeats become
`*` / `+` (`?` is spelled as an alternation with the empty string and literals after an
alternation are copied into it, the same language, for FilteredRE2's atoms), laziness and
atomic groups are ignored, and Python's Unicode `\\w`, `\\d`, `\\s`
(and their negations) are spelled by their ASCII members plus every non-ASCII character
(only the ASCII members inside a negated class; a negated category inside a negated
class widens to any character). So "no derived pattern matches" proves "no rule
matches". A pattern the converter does not understand has no translation (`translated`
gives None) and its rule always runs.

It relies on `re._parser` (CPython's regex parser, `sre_parse` before 3.11): a private
module. When it changes shape, nothing raises; the affected rules just always run (slower,
never wrong).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

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


def _branches(op: Any, av: Any) -> Any:
    """The alternatives of a branch, or of a group that is one branch; else None."""
    if op is _sc.BRANCH:
        return av[1]
    if op is _sc.SUBPATTERN and not av[1] and not av[2] and len(av[3]) == 1 and av[3][0][0] is _sc.BRANCH:
        return av[3][0][1][1]
    return None


# What consumes no character: dropped from a superset (see the module docstring).
_ZERO_WIDTH = (_sc.AT, _sc.ASSERT, _sc.ASSERT_NOT) if _sc is not None else ()

# Literals after an alternation are copied into each alternative, the same language:
# "<\|(?:im_start|end|fim_\w+)\|>" becomes "<\|(?:im_start\|>|end\|>|fim_\w+\|>)". FilteredRE2
# forms atoms from exact strings, and one inexact alternative ("fim_\w+") made the whole
# alternation inexact, so "\|>" was lost and "end" became the atom: the pattern was potential
# on 23 of 60 1 KB benign messages, 0 now.
_MAX_SUFFIX = 8


def _word_char(c: int) -> bool:
    return c < 128 and (chr(c).isalnum() or c == 95)


def _word_edge(items: list[Any], first: bool) -> bool:
    """Whether every way through `items` consumes an ASCII word character first (`first`) or
    last: only then does RE2's ASCII `\\b` next to it hold wherever Python's Unicode one does."""
    seq = items if first else items[::-1]
    for op, av in seq:
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the character after it decides
        if op is _sc.LITERAL:
            return _word_char(av)
        if op is _sc.SUBPATTERN:
            return _word_edge(list(av[3]), first)
        if op is _sc.BRANCH:
            return all(_word_edge(list(b), first) for b in av[1])
        if op in (_sc.MAX_REPEAT, _sc.MIN_REPEAT, _sc.POSSESSIVE_REPEAT):
            return av[0] >= 1 and _word_edge(list(av[2]), first)
        return False
    return False


def _emit(parsed: Any, edges: bool = False) -> str:
    out: list[str] = []
    items = list(parsed)
    k = 0
    while k < len(items):
        op, av = items[k]
        k += 1
        alternatives = _branches(op, av)
        if alternatives is not None:
            suffix: list[str] = []
            j = k
            while j < len(items) and len(suffix) < _MAX_SUFFIX:
                if items[j][0] is _sc.LITERAL:
                    suffix.append(_lit(items[j][1]))
                elif items[j][0] not in _ZERO_WIDTH:
                    break
                j += 1
            # (assertions between those literals are dropped, as everywhere; the ones after
            # the last literal are left to the loop, which drops them too)
            while suffix and items[j - 1][0] is not _sc.LITERAL:
                j -= 1
            tail = "".join(suffix)
            out.append("(?:" + "|".join(_emit(b, edges) + tail for b in alternatives) + ")")
            if suffix:
                k = j
            continue
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
        elif op is _sc.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                raise Unsupported("inline flags")
            out.append(f"(?:{_emit(sub, edges)})")
        elif op in (_sc.MAX_REPEAT, _sc.MIN_REPEAT, _sc.POSSESSIVE_REPEAT):
            lo, hi, sub = av
            # Counted repeats become * / +: a superset, and far smaller automata (the
            # {0,40} gaps of 69 rules made RE2 fall back from its DFA: 25 us per rule).
            # An optional part is spelled as an alternation with the empty string, the same
            # language: FilteredRE2 keeps its literals in the atoms around it ("an (?:die |)ki"
            # gives "an die ki" and "an ki"; "an (?:die )?ki" gave "an ", as "ki" is under its
            # three-character minimum), where `?` made the part match-anything.
            if (lo, hi) == (0, 1):
                out.append(f"(?:{_emit(sub, edges)}|)")
            else:
                out.append(f"(?:{_emit(sub, edges)})" + ("*" if lo == 0 else "+"))
        elif op is _sc.ATOMIC_GROUP:
            out.append(f"(?:{_emit(av, edges)})")
        elif (
            edges
            and op is _sc.AT
            and av is _sc.AT_BOUNDARY
            and (_word_edge(items[k:], True) or _word_edge(items[: k - 1], False))
        ):
            out.append(r"\b")  # see superset_pattern's `word_edges`
        elif op in _ZERO_WIDTH:
            continue  # assertions constrain context only: dropping them widens the match
        else:
            raise Unsupported(op)
    return "".join(out)


def superset_pattern(pattern: re.Pattern[str], word_edges: bool = False) -> str:
    """An RE2 pattern that matches the whole text wherever `pattern` matches any window of it.

    `word_edges` keeps each `\\b` next to an ASCII word character that every way through the
    pattern consumes there (RE2 and Hyperscan read `\\b` by ASCII word characters, Python by
    Unicode ones: next to a known ASCII letter, theirs holds wherever Python's does). Only for
    a pattern matched against the whole text, as a prefilter gate is: a rule searched in a
    window (`search(text, lo, hi)`) sees a boundary at `hi` that the whole text may not have.
    The multilingual gate's function words ("en", "la", "di", "je") without their `\\b`
    opened it on 949 of 951 English bench messages, with it on 57, as Python's gate does."""
    if _sp is None:
        raise Unsupported("no re parser")
    if pattern.flags & (re.IGNORECASE | re.MULTILINE | re.DOTALL | re.VERBOSE):
        raise Unsupported("flags")
    return _emit(_sp.parse(pattern.pattern, pattern.flags), word_edges)


# Hyperscan refuses expressions over ~16,000 characters ("Pattern length exceeds limit") and
# very large ones outside prefilter mode. A longer superset whose rule is one alternation at
# the top is given as several expressions (runs of its alternatives) under one id: the same
# language. Parts of up to 1,000 characters also scan faster than parts of 8,000 (measured in
# RulePrefilter).
HYPERSCAN_PART_CHARS = 1000


def superset_parts(pattern: re.Pattern[str], limit: int = HYPERSCAN_PART_CHARS) -> list[str]:
    """`superset_pattern(pattern)` as one or more Hyperscan expressions whose union holds it:
    one, unless it is longer than `limit` and the rule is an alternation at its top. Then the
    parts are runs of its alternatives (the same language), except that an alternative longer
    than `LONG_ALTERNATIVE_CHARS` is given by a prefix of it (`_prefix`: a superset)."""
    whole = translated(pattern.pattern, pattern.flags)  # the translation the filters use, cached
    if whole is None:
        raise Unsupported(pattern.pattern[:80])
    if len(whole) <= limit:
        return [whole]
    parsed = list(_sp.parse(pattern.pattern, pattern.flags))
    alternatives = _branches(*parsed[0]) if len(parsed) == 1 else None
    if alternatives is None:
        return [whole]
    parts: list[str] = []
    run: list[str] = []
    for alt in alternatives:
        one = _emit(alt)
        if len(one) > LONG_ALTERNATIVE_CHARS:
            parts.append(_prefix(list(alt), PREFIX_CHARS))
            continue
        run.append(f"(?:{one})")
        if sum(map(len, run)) + len(run) > limit // 2:
            parts.append("|".join(run))
            run = []
    if run:
        parts.append("|".join(run))
    return parts


# An alternative longer than LONG_ALTERNATIVE_CHARS goes to Hyperscan as its longest prefix of
# at most PREFIX_CHARS characters: wherever the alternative matches, its prefix does, and each
# Hyperscan hit is confirmed by the rule's whole RE2 superset anyway (RulePrefilter.possible).
# Why: Hyperscan's prefilter mode simplifies what it cannot compile exactly, and
# indirect.ai_vocative_multi's longest alternative (a conditional clause in eight languages,
# then two ways to reach a verb list: 8,458 characters as one expression) became a pattern
# that matched every text, so its RE2 confirmation ran on every indirect text and said no
# (600 of 600 fresh 1 KB benign bench messages, ~28 us each). Its prefix, the conditional
# clause alone (2,387 characters), matches none of 900 fresh 1 KB bench messages (benign, hard
# negatives, attacks), compiles in 0.04 s and takes 87 KB. Splitting that alternative into
# exact parts of 1,500 characters fixed the same but grew the indirect-only database from
# 1.95 to 5.26 MB (a gateway's RSS) and its compile from 5 to 36 s; splitting every
# alternative over 1,500 characters (eleven rules) cost more again, and parts of 4,000 made
# two expressions that took 230 s to compile.
LONG_ALTERNATIVE_CHARS = 8000
PREFIX_CHARS = 4000


def _prefix(items: list[Any], limit: int) -> str:
    """The longest prefix of the concatenation `items` whose expression is at most `limit`
    characters and not empty (the first item that consumes characters, whatever its size)."""
    best = ""
    for k in range(1, len(items) + 1):
        head = _emit(items[:k])
        if len(head) > limit:
            return best or head
        best = head
    return best


@lru_cache(maxsize=1024)
def translated(pattern: str, flags: int, word_edges: bool = False) -> str | None:
    """The superset pattern of a Python pattern; None when there is no translation."""
    try:
        return superset_pattern(re.compile(pattern, flags), word_edges)
    except Unsupported:
        return None
