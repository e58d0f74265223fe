"""A one-pass RE2 prefilter for the injection rule table: which rules can match at all.

The rule patterns are Python regexes (lookarounds, word boundaries, lazy gaps), searched
in windows around their keyword anchors. On ordinary text almost none of them match,
yet finding that out cost ~150 us per 1 KB message: the keyword index, then ~18 window
searches. This module takes every rule pattern's RE2 *superset* (filters/rule_superset.py:
wherever the rule matches in any window, the superset matches the whole text) and hands
them to RE2's FilteredRE2 (`re2.Filter`), which checks their required literal atoms first
and runs only the patterns whose atoms occur; once compiled, Hyperscan databases of the
same supersets answer instead (filters/rule_prefilter_fast.py). Patterns without any atom
(FilteredRE2 would run them on every text) are asked as one alternation first, and the
indirect-only rules sit in a filter of their own that direct text does not ask. So the rule
table runs only for texts where some rule may match, and verdicts are unchanged (the test
suite checks the equality on a corpus). A pattern without a translation always runs.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import re2

from filters.rule_prefilter_fast import FastSets
from filters.rule_superset import Unsupported, superset_parts, translated

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
        translations = [(i, translated(p.pattern, p.flags)) for i, p in enumerate(patterns)]
        ok = [(i, sup) for i, sup in translations if sup is not None]
        for (i, sup), atomless in zip(ok, _probe([sup for _, sup in ok]), strict=True):
            if atomless is None:
                always.add(i)
            else:
                members.append((i, sup, atomless))
        always.update(i for i, sup in translations if sup is None)
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
        # of those languages (filters/injection_rules.yaml, NOT_ENGLISH_RE). The gate keeps its
        # word boundaries (superset_pattern's `word_edges`): without them its function words
        # matched inside English words and it opened on 949 of the 951 bench messages (now 60).
        # With it shut, RE2's possible() for direct text, fresh bench messages, p50 / mean:
        # 63-70 / 108-115 us -> 45-47 / 96-103 (2026-12-07; Hyperscan, when ready, answers
        # instead). A group without a gate (`prefilter_group` in the file) only gets filters
        # of its own: the rules with verb lists that also match English.
        names = [group[i] if i < len(group) else "" for i in range(len(patterns))]
        gate_sups: dict[str, str] = {}
        for key in sorted(set(names)):
            gate = (gates or {}).get(key)
            if gate is not None:
                gate_sup = translated(gate.pattern, gate.flags, word_edges=True)
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
        found = self._fast_hits(data, indirect)
        if found is not None:
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

    def _fast_hits(self, data: bytes, indirect: bool) -> list[int] | None:
        """The asked patterns Hyperscan reports for `data` (each only where its gate matched
        too), before RE2 confirms them; None until the databases are ready."""
        hits = self._fast.matches(data, indirect) if self._fast is not None else None
        if hits is None:
            return None
        got = set(hits)
        asked, gate_of = self._asked[indirect], self._gate_of
        return [i for i in got if i in asked and gate_of.get(i, i) in got]

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
