"""A one-pass RE2 prefilter for the injection rule table: which rules can match at all.

The rule patterns are Python regexes (lookarounds, word boundaries, lazy gaps), searched
in windows around their keyword anchors. On ordinary text almost none of them match,
yet finding that out cost ~150 us per 1 KB message: the keyword index, then ~18 window
searches. This module derives from every rule pattern a *superset* pattern that RE2 can
run, and hands them to RE2's FilteredRE2 (`re2.Filter`), which checks their required
literal atoms first and runs only the patterns whose atoms occur. Patterns without any
atom (FilteredRE2 would run them on every text) are asked as one alternation first, and
the indirect-only rules sit in a filter of their own that direct text does not ask.

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
matches", the rule table runs only for texts where some rule may match, and verdicts are
unchanged (the test suite checks the equality on a corpus). A pattern the converter does not understand is left
out of the filter and always runs.

It relies on `re._parser` (CPython's regex parser, `sre_parse` before 3.11): a private
module. When it changes shape, `build` raises nothing; the affected rules just always
run (slower, never wrong).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import re2

from filters.rule_prefilter_fast import FastSets

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


# Literals after an alternation are copied into each alternative, the same language:
# "<\|(?:im_start|end|fim_\w+)\|>" becomes "<\|(?:im_start\|>|end\|>|fim_\w+\|>)". FilteredRE2
# forms atoms from exact strings, and one inexact alternative ("fim_\w+") made the whole
# alternation inexact, so "\|>" was lost and "end" became the atom: the pattern was potential
# on 23 of 60 1 KB benign messages, 0 now.
_MAX_SUFFIX = 8


def _emit(parsed: Any) -> str:
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
                elif items[j][0] not in (_sc.AT, _sc.ASSERT, _sc.ASSERT_NOT):
                    break
                j += 1
            # (assertions between those literals are dropped, as everywhere; the ones after
            # the last literal are left to the loop, which drops them too)
            while suffix and items[j - 1][0] is not _sc.LITERAL:
                j -= 1
            tail = "".join(suffix)
            out.append("(?:" + "|".join(_emit(b) + tail for b in alternatives) + ")")
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
            out.append(f"(?:{_emit(sub)})")
        elif op in (_sc.MAX_REPEAT, _sc.MIN_REPEAT, _sc.POSSESSIVE_REPEAT):
            lo, hi, sub = av
            # Counted repeats become * / +: a superset, and far smaller automata (the
            # {0,40} gaps of 69 rules made RE2 fall back from its DFA: 25 us per rule).
            # An optional part is spelled as an alternation with the empty string, the same
            # language: FilteredRE2 keeps its literals in the atoms around it ("an (?:die |)ki"
            # gives "an die ki" and "an ki"; "an (?:die )?ki" gave "an ", as "ki" is under its
            # three-character minimum), where `?` made the part match-anything.
            if (lo, hi) == (0, 1):
                out.append(f"(?:{_emit(sub)}|)")
            else:
                out.append(f"(?:{_emit(sub)})" + ("*" if lo == 0 else "+"))
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


# Hyperscan refuses expressions over ~16,000 characters ("Pattern length exceeds limit") and
# very large ones outside prefilter mode. A longer superset whose rule is one alternation at
# the top is given as several expressions (runs of its alternatives) under one id: the same
# language. Parts of up to 1,000 characters also scan faster than parts of 8,000 (measured in
# RulePrefilter).
HYPERSCAN_PART_CHARS = 1000


def superset_parts(pattern: re.Pattern[str], limit: int = HYPERSCAN_PART_CHARS) -> list[str]:
    """`superset_pattern(pattern)` as one or more RE2/Hyperscan expressions whose union is it:
    one, unless it is longer than `limit` and the rule is an alternation at its top (runs of
    its alternatives), or longer than `SPLIT_INSIDE_CHARS` with an alternation inside."""
    whole = _translated(pattern.pattern, pattern.flags)  # the translation the filters use, cached
    if whole is None:
        raise Unsupported(pattern.pattern[:80])
    if len(whole) <= limit:
        return [whole]
    parsed = list(_sp.parse(pattern.pattern, pattern.flags))
    alternatives = _branches(*parsed[0]) if len(parsed) == 1 else None
    if alternatives is None:
        return _split(parsed, SPLIT_INSIDE_CHARS)
    parts: list[str] = []
    run: list[str] = []
    for alt in alternatives:
        one = _emit(alt)
        if len(one) > SPLIT_INSIDE_CHARS:
            parts += _split(list(alt), SPLIT_INSIDE_CHARS)
            continue
        run.append(f"(?:{one})")
        if sum(map(len, run)) + len(run) > limit // 2:
            parts.append("|".join(run))
            run = []
    if run:
        parts.append("|".join(run))
    return parts


# A single alternative longer than this is split inside (`_split`). Why: Hyperscan's prefilter
# mode simplifies what it cannot compile exactly, and indirect.ai_vocative_multi's longest
# alternative (a conditional clause in eight languages, then two ways to reach a verb list:
# 8,458 characters as one expression) became a pattern that matched every text. Its RE2
# confirmation then ran on every indirect text and said no: 600 of 600 fresh 1 KB benign bench
# messages, ~28 us each; none once split in two. Splitting inside down to 1,000 characters
# multiplies parts (ai_vocative_multi: 248 parts, 470,000 characters in all; at 4,000: 11).
SPLIT_INSIDE_CHARS = 1500


def _split(items: list[Any], limit: int) -> list[str]:
    """Expressions whose union is the concatenation `items`, each at most `limit` characters
    where an alternation allows: A (B1|...|Bn) C is A (B1|..|Bk) C | A (Bk+1|..|Bn) C, split
    at the longest alternation that splits, and again inside each part while it is too long."""
    whole = _emit(items)
    if len(whole) <= limit:
        return [whole]
    order = sorted(
        ((len(_emit([item])), j) for j, item in enumerate(items) if _branches(*item) is not None),
        reverse=True,
    )
    for _, j in order:
        alternatives = list(_branches(*items[j]))
        runs: list[list[Any]] = []
        size = 0
        for alt in alternatives:
            n = len(_emit(alt)) + 1
            if runs and size + n <= limit // 2:
                runs[-1].append(alt)
                size += n
            else:
                runs.append([alt])
                size = n
        if len(runs) < 2 and len(alternatives) > 1:
            continue  # one run: splitting here changes nothing
        parts: list[str] = []
        for run in runs:
            middle = list(run[0]) if len(run) == 1 else [(_sc.BRANCH, (None, run))]
            parts += _split(items[:j] + middle + items[j + 1 :], limit)
        return parts
    return [whole]


# A pattern without a required literal atom (FilteredRE2 finds none: "ai", "hi", "![" are
# all it has) is potential on every text, even the empty one, and FilteredRE2 runs its DFA
# over every text. Such patterns (four direct ones today) are asked as one alternation first
# (one DFA pass, 1 KB: 2.5-3 us against ~2.3 us per pattern), and one by one only where it
# matches. Only these: an alternation that also holds patterns with atoms can multiply DFA
# states (extract.system_prompt joined to six weak ones: 1 KB attacks 3.4 -> 658 us per
# search, a new DFA state at nearly every byte). With the indirect-only rules left out for
# direct text without pasted regions, Detector.scan per 1 KB (callgrind, bench messages):
# benign 687k -> 648k instructions, hard negatives 1,252k -> 1,193k, attacks 1,685k -> 1,621k.
_OPTIONS = re2.Options()
_OPTIONS.never_capture = True


def _compiled(patterns: tuple[str, ...]) -> Any:
    f = re2.Filter()
    for p in patterns:
        f.Add(p, _OPTIONS)
    f.Compile()
    return f


# A compiled FilteredRE2 per tuple of RE2 patterns, shared by the rule sets of one process
# (a config reload builds the same ones again); RE2 matching is thread-safe.
_filter = lru_cache(maxsize=64)(_compiled)


@lru_cache(maxsize=1024)
def _translated(pattern: str, flags: int) -> str | None:
    """The superset pattern of a Python pattern; None when there is no translation."""
    try:
        return superset_pattern(re.compile(pattern, flags))
    except Unsupported:
        return None


# superset pattern -> whether FilteredRE2 finds no required atom in it (it is potential on
# the empty text), or None when RE2 rejects it; probed once per process
_PROBED: dict[str, bool | None] = {}


def _probe(supersets: Sequence[str]) -> list[bool | None]:
    """`_PROBED` for each pattern; the unknown ones in one FilteredRE2 (a first rule set
    costs one filter build more; one filter per pattern cost as much as two builds)."""
    todo = [s for s in dict.fromkeys(supersets) if s not in _PROBED]
    if todo:
        probe = re2.Filter()
        added = []
        for s in todo:
            try:
                probe.Add(s, _OPTIONS)
            except re2.error:
                _PROBED[s] = None
                continue
            added.append(s)
        if added:
            probe.Compile()
            atomless = set(probe.Match(b"", True) or ())
            _PROBED.update((s, j in atomless) for j, s in enumerate(added))
    return [_PROBED[s] for s in supersets]


class _Group:
    """Patterns asked together: a FilteredRE2 (atoms first, then each potential pattern in
    C), behind one alternation of them all when none has an atom (`gate`)."""

    def __init__(self, members: list[tuple[int, str]], gate: bool) -> None:
        self.slot = [i for i, _ in members]  # filter index -> pattern index
        self.filter = _filter(tuple(sup for _, sup in members))
        self.gate = (
            _filter(("|".join(f"(?:{sup})" for _, sup in members),)) if gate and len(members) > 1 else None
        )

    def found(self, data: bytes) -> list[int]:
        if self.gate is not None and not self.gate.Match(data):
            return []
        hits = self.filter.Match(data)
        if not hits:
            return []
        slot = self.slot
        return [slot[j] for j in hits]


def _groups(part: list[tuple[int, str, bool]]) -> list[_Group]:
    """One FilteredRE2 of the patterns with atoms, the atomless ones behind an alternation
    (an alternation of one pattern would only add a pass: it joins the filter then)."""
    weak = [(i, sup) for i, sup, atomless in part if atomless]
    if len(weak) < 2:
        return [_Group([(i, sup) for i, sup, _ in part], False)] if part else []
    strong = [(i, sup) for i, sup, atomless in part if not atomless]
    return ([_Group(strong, False)] if strong else []) + [_Group(weak, True)]


class RulePrefilter:
    """Which of a list of patterns may match a text: FilteredRE2 for the patterns with
    required literals, one alternation for the others.

    `indirect_only[i]` marks patterns that matter only for text judged as indirect (tool
    and document text); `possible(text, indirect=False)` leaves them out unasked. With
    `fast` every pattern and every gate is also compiled into one Hyperscan database, which
    answers once ready (the rule set asks for it; tests of the supersets keep to RE2)."""

    def __init__(
        self,
        patterns: Sequence[re.Pattern[str]],
        indirect_only: Sequence[bool] = (),
        group: Sequence[str] = (),
        gates: Mapping[str, re.Pattern[str]] | None = None,
        *,
        fast: bool = False,
    ) -> None:
        members: list[tuple[int, str, bool]] = []
        always = set()
        translated = [(i, _translated(p.pattern, p.flags)) for i, p in enumerate(patterns)]
        ok = [(i, sup) for i, sup in translated if sup is not None]
        for (i, sup), atomless in zip(ok, _probe([sup for _, sup in ok]), strict=True):
            if atomless is None:
                always.add(i)
            else:
                members.append((i, sup, atomless))
        always.update(i for i, sup in translated if sup is None)
        self.always: frozenset[int] = frozenset(always)  # untranslatable: they always run
        self._all = frozenset(range(len(patterns)))
        only = {i for i, x in enumerate(indirect_only) if x}
        # The patterns a direct text asks, then those only an indirect text asks. A pattern
        # sits in one filter only: its DFA cache grows with the text seen (one filter per
        # mode, the direct patterns in both: RSS growth over 9,000 corpus texts 13.4 -> 35.7 MB).
        # Patterns of a named `group` get filters of their own: a FilteredRE2 runs one DFA over
        # all its atoms, and a few very large supersets (verb lists in twelve languages) in the
        # main filter made that DFA thrash on fresh texts (1 KB benign, interleaved with other
        # sizes: 0.32 ms per scan with them in the main filter, 0.20 in their own, 0.16 without).
        # A group may have a gate, a pattern the text must match first (its RE2 superset, so a
        # gate never says no where the pattern would say yes): the multilingual group is asked
        # only of texts with non-ASCII letters, one of its rules' key words or a function word
        # of those languages (filters/injection_rules.yaml, NOT_ENGLISH_RE).
        names = [group[i] if i < len(group) else "" for i in range(len(patterns))]
        gate_sups: dict[str, str] = {}
        for key in sorted(set(names)):
            gate = (gates or {}).get(key)
            if gate is not None:
                gate_sup = _translated(gate.pattern, gate.flags)
                if gate_sup is None:
                    raise Unsupported(f"prefilter gate {key}: no RE2 translation")
                gate_sups[key] = gate_sup
        self._plan = (members, names, only, gate_sups)
        self._re2: tuple[list[tuple[Any, list[_Group]]], list[tuple[Any, list[_Group]]]] | None = None
        self._re2_lock = threading.Lock()
        if not fast:
            self._re2_groups()
        # With `fast`, every pattern also goes into a Hyperscan database (two: the direct
        # patterns and the indirect-only ones, FastSets), and each gate as a pattern of its
        # own (id len(patterns) + k): they answer for all the groups above once compiled
        # (filters/hyperscan_set.py), with the same semantics: a direct text asks the direct
        # patterns only, a gated pattern counts only where its gate matched too.
        # Long alternations are given in parts (HYPERSCAN_PART_CHARS). On the 106 rules of
        # 2026-12-07 (fresh benign corpus messages, p50): parts of 8,000 characters 36 us per
        # 1 KB and 918 us per 20 KB; of 1,000, 20 / 579 us (and 31 s to compile instead of 38);
        # the 84 ungated rules alone 18 / 538 us, but their gated rest with RE2 then cost
        # ~100 us per fresh 1 KB text whenever the gate opened.
        gate_id = {key: len(patterns) + k for k, key in enumerate(sorted(gate_sups))}
        self._gate_of = {i: gate_id[names[i]] for i, _, _ in members if names[i] in gate_id}
        self._asked = (
            frozenset(i for i, _, _ in members if i not in only),
            frozenset(i for i, _, _ in members),
        )
        self._superset = {i: sup for i, sup, _ in members}
        self._confirm: dict[int, Any] = {}
        self._fast: FastSets | None = None
        if fast:
            self._fast = FastSets.start(
                [(i, superset_parts(patterns[i])) for i, _, _ in members if i not in only],
                [(i, superset_parts(patterns[i])) for i, _, _ in members if i in only],
                {gate_id[key]: sup for key, sup in gate_sups.items()},
                self._gate_of,
            )

    def _re2_groups(self) -> tuple[list[tuple[Any, list[_Group]]], list[tuple[Any, list[_Group]]]]:
        """The FilteredRE2 groups per mode, built on first use: a process whose Hyperscan
        database loaded from the cache never builds them (their automata and the gates' held
        ~7 MB of a gateway's RSS, which the Hyperscan database had added on top). Per mode,
        (gate filter or None, the groups behind it): a gate is asked once per text."""
        if self._re2 is not None:
            return self._re2
        with self._re2_lock:
            if self._re2 is None:
                members, names, only, gate_sups = self._plan
                direct: list[tuple[Any, list[_Group]]] = []
                both: list[tuple[Any, list[_Group]]] = []
                for key in sorted(set(names)):
                    requires = _filter((gate_sups[key],)) if key in gate_sups else None
                    mine = [m for m in members if names[m[0]] == key]
                    asked = _groups([m for m in mine if m[0] not in only])
                    if asked:
                        direct.append((requires, asked))
                    asked = asked + _groups([m for m in mine if m[0] in only])
                    if asked:
                        both.append((requires, asked))
                self._re2 = (direct, both)
        return self._re2

    def possible(self, text: str, indirect: bool = True) -> frozenset[int]:
        """Indices of the patterns that may match `text` (a superset of those that do);
        with `indirect=False` only among the patterns not marked indirect-only."""
        if not self._asked[indirect]:
            return self.always
        try:
            data = text.encode()
        except UnicodeEncodeError:  # a lone surrogate: RE2 reads UTF-8 only; every rule may run
            return self._all
        hits = self._fast.matches(data, indirect) if self._fast is not None else None
        if hits is not None:
            got = set(hits)
            asked, gate_of = self._asked[indirect], self._gate_of
            found = [i for i in got if i in asked and gate_of.get(i, i) in got]
            # Prefilter mode lets Hyperscan answer loosely (it simplifies what it cannot
            # compile exactly), so each hit is confirmed by its own RE2 superset: the answer
            # is then RE2's. Without it, indirect.ai_vocative_multi was "possible" on 95 of
            # the 952 benign bench messages (RE2: none), and the rule stage ran its Python
            # regexes on each (~100-200 us a time).
            if found:
                found = [i for i in found if self._exact(i).Match(data)]
            return self.always.union(found) if found else self.always
        found = []
        for requires, asked_groups in self._re2_groups()[indirect]:
            if requires is not None and not requires.Match(data):
                continue
            for g in asked_groups:
                found += g.found(data)
        return self.always.union(found) if found else self.always

    def _exact(self, i: int) -> Any:
        """Pattern i's RE2 superset alone, compiled on its first Hyperscan hit."""
        f = self._confirm.get(i)
        if f is None:
            f = self._confirm[i] = _compiled((self._superset[i],))
        return f

    def wait_fast(self, timeout: float | None = None) -> bool:
        """Block until the Hyperscan databases are ready (or failed); whether they are."""
        return self._fast is not None and self._fast.wait(timeout)

    @property
    def fast(self) -> bool:
        """Whether the Hyperscan databases answer now (else FilteredRE2 does)."""
        return self._fast is not None and self._fast.ready
