"""The injection rule engine: loads the rule table (filters/injection_rules.yaml, data:
stable ids, weights, patterns, macros) once and matches it against folded text.

Rules read the *folded* text from `filters.canonical` (lowercase, accents stripped,
ASCII quotes, single spaces), so patterns need no case or accent variants. Each rule
names literal `keys`, one of which must occur for the rule to possibly match; a single
trie-shaped regex finds the keys present, and only those rules run. A benign message
with no trigger word therefore costs one regex scan, however many rules there are.

Weights are the probability-like strength of one hit; the detector combines hits with a
noisy-OR, so two weak independent signals add up but never exceed 1. `indirect_weight`
applies when the text comes from a tool result, a retrieved document or assistant
history, where text that addresses the model or ships data somewhere is an attack on
its own (it is an ordinary request when a user types it).

Precision (docs/injection.md, "What the rules do not flag"): trigger words alone are not
an attack. Override rules need an instruction-like object ("previous instructions",
"what you were told"); their weak forms ("forget what I said before", "ignore everything
above", "drop the previous constraints") count fully only when an imperative aimed at the
model follows, otherwise with the rule's `unconfirmed` factor. Role-play ("act as a travel
guide", "you are now my tutor") counts only next to a persona without limits ("no rules",
"unfiltered", "DAN"). A match wholly inside a quote that a short text discusses rather
than asks the model to act on ("what does 'ignore previous instructions' mean?") counts
with _META_FACTOR. Each hit carries the weight it counts with (`Hit`).

Families map to the reason code the filter reports: `jailbreak` for persona, role
hijack and refusal suppression, `prompt_injection` for everything else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from filters.injection_rule_table import RULES_FILE, Rule, load_table
from filters.rule_prefilter import RulePrefilter
from filters.word_index import KeyTable, WordIndex, key_code, word_index

__all__ = ["RULES", "RULES_FILE", "Hit", "Rule", "RuleSet", "load_table", "validate_rule_ids"]

JAILBREAK_FAMILIES = frozenset({"hijack", "persona", "refusal", "harm"})

# Engine constants (the patterns themselves are data: filters/injection_rules.yaml).
_NEGATION_BACK = 24  # characters looked at before a match for a negation that voids it
_BEFORE_CHARS = 64  # characters a rule's `before` pattern may look back
_META_FACTOR = 0.3  # weight factor of a match wholly inside a quote under discussion
_DISCUSSED_CHARS = 160  # characters around a match a rule's `discussed` pattern is looked for in
_META_MAX_TEXT = 600  # discussion of a quoted phrase is a short question, not a long template


@dataclass(frozen=True, slots=True)
class Hit:
    """A matched rule and the weight it counts with (after confirmation and quoting)."""

    rule: Rule
    weight: float
    discounted: bool = False  # weaker than the rule's weight: unconfirmed or quoted
    quoted: bool = False  # matched only inside a quote under discussion

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def family(self) -> str:
        return self.rule.family


_NAMED, RULES = load_table()
# The engine's own patterns: a negation right before a match voids it ("don't forget the
# previous instructions"); quoted spans, meta talk about attacks, and verbs that make a
# quote the model's task decide whether a quoted match is discussion.
_NEGATION_RE = _NAMED["NEGATION_RE"]
_QUOTED_RE = _NAMED["QUOTED_RE"]
_META_RE = _NAMED["META_RE"]
_LOCAL_META_RE = _NAMED["LOCAL_META_RE"]
_ACT_ON_QUOTE_RE = _NAMED["ACT_ON_QUOTE_RE"]
# The characters QUOTED_RE's quotes open with (Japanese corner brackets too): a text without
# any of them has no quote to discuss, and no regex is run.
_QUOTE_OPENERS = ('"', "'", "「", "『")


RULE_IDS = frozenset(r.id for r in RULES)
FAMILIES = frozenset(r.family for r in RULES)


_WINDOW = 120  # characters searched either side of an anchor occurrence
_MAX_SPANS = 48  # beyond this many separate windows, search the whole text


class _KeyIndex:
    """The keyword prefilter of a group of rules: word keys, needed words, substrings.

    Anchors are collected per rule number (position in `rules`; Rule.__hash__ is Python code:
    candidates per 1 KB attack 60.5 -> 55 us, per 20 KB 550 -> 515, min of 5), and only for
    the rules in `only` when given (those the RE2 prefilter left: RuleSet.match, direct plus
    indirect, per 1 KB attack 281 -> 219 us, per 20 KB benign 710 -> 440, attack 3.7 -> 3.3 ms)."""

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self._rules = rules
        self.no = {r.id: i for i, r in enumerate(rules)}
        self._by_hash: dict[int, list[tuple[int, bool]]] = {}  # key hash -> (rule no., is_need)
        subs: list[tuple[str, int]] = []
        for i, r in enumerate(rules):
            for k in r.keys:
                self._by_hash.setdefault(key_code(k), []).append((i, False))
            for k in r.need:
                self._by_hash.setdefault(key_code(k), []).append((i, True))
            subs.extend((k, i) for k in r.subs)
        self._table = KeyTable.of(self._by_hash)
        # Substring keys (chat-template tokens, "![", "@", "\nsystem", CJK phrases) are
        # one literal alternation, scanned once.
        self._sym: dict[str, list[int]] = {}
        self._finds: list[tuple[str, int]] = []
        for k, i in subs:
            if k[0].isascii() and (k[0].isalnum() or k[0] in "'\""):
                self._finds.append((k, i))  # starts like ordinary text: str.find is cheaper
            else:
                self._sym.setdefault(k, []).append(i)
        # The alternation reports one match per place, the longest: a key inside a longer one
        # ("ユーザー" of indirect.reader_clause_multi in "ユーザーに" of indirect.tell_user_multi) would
        # never anchor its own rules there. A longer key's match anchors them too.
        own = {k: list(nos) for k, nos in self._sym.items()}
        for k in self._sym:
            for other, nos in own.items():
                if other != k and other in k:
                    self._sym[k].extend(i for i in nos if i not in self._sym[k])
        alternatives = sorted(self._sym, key=len, reverse=True)
        self._sym_re = re.compile("|".join(map(re.escape, alternatives))) if alternatives else None
        self._sym_starts = tuple(k[1:] for k in self._sym if k[0] == "\n")
        self._sym_nos = frozenset(i for nos in self._sym.values() for i in nos)

    def candidates(
        self, folded: str, index: WordIndex | None = None, only: frozenset[int] | None = None
    ) -> dict[Rule, tuple[list[int], list[int]]]:
        ps, hs = (index or word_index(folded)).hits(self._table)
        anchors: dict[int, tuple[list[int], list[int]]] = {}
        if len(hs):
            # group the hit offsets by key code without a Python loop over the hits
            order = np.argsort(hs, kind="stable")
            hs = hs[order]
            offsets = ps[order].tolist()
            cuts = (np.flatnonzero(hs[1:] != hs[:-1]) + 1).tolist()
            keys = hs[[0, *cuts]].tolist()
            for key, a, b in zip(keys, [0, *cuts], [*cuts, len(offsets)], strict=True):
                for i, is_need in self._by_hash[key]:
                    if only is None or i in only:
                        anchors.setdefault(i, ([], []))[is_need].extend(offsets[a:b])
        if self._sym_re is not None and (only is None or not only.isdisjoint(self._sym_nos)):
            if self._sym_starts and folded.startswith(self._sym_starts):  # "\nsystem" at offset 0
                for k, nos in self._sym.items():
                    if k[0] == "\n" and folded.startswith(k[1:]):
                        for i in nos:
                            if only is None or i in only:
                                anchors.setdefault(i, ([], []))[0].append(0)
            # from each match's next character on, not its end: keys that overlap without one
            # containing the other ("ab" and "bc" in "abc") are both found
            search = self._sym_re.search
            m = search(folded)
            while m is not None:
                for i in self._sym[m.group()]:
                    spans = anchors.setdefault(i, ([], []))[0] if only is None or i in only else []
                    if len(spans) <= _MAX_SPANS:
                        spans.append(m.start())
                m = search(folded, m.start() + 1)
        for k, i in self._finds:  # a few word-like keys; str.find beats a regex alternation
            p = folded.find(k) if only is None or i in only else -1
            while p >= 0 and len(anchors.setdefault(i, ([], []))[0]) <= _MAX_SPANS:
                anchors[i][0].append(p)
                p = folded.find(k, p + 1)
        rules = self._rules
        return {rules[i]: a for i, a in anchors.items() if a[0] and (a[1] or not rules[i].need)}


# Texts up to this size first ask the RE2 prefilter (filters/rule_prefilter.py) whether
# any rule can match. It was 4 KB while the keyword index and anchor windows were cheaper on
# long texts (7.2 vs 6.7 ms per 20 KB); with the multilingual address and concealment rules,
# whose keys are common words, the windows cost more: 20 KB CPU p50 without / with the
# prefilter, benign 8.3 / 5.1 ms, trigger-dense hard negatives 12.1 / 3.5 ms, attacks 4.5 /
# 7.4 ms (most rules are possible there, so it is an extra pass); 200 KB benign 257 / 139 ms,
# hard negatives 422 / 37 ms. Same verdicts (a superset: tests/test_rule_prefilter.py).
PREFILTER_MAX_CHARS = 1 << 20


# Key words of gated rules that English text uses: they do not open a gate (an English text
# that mentions an AI, a prompt or a report does not ask the multilingual filter). A text
# whose only key is one of these is asked only with another sign of another language.
GATE_LEAVES_OUT = frozenset(
    "ai bot bots assistant assistants agent agents chatgpt gpt claude gemini copilot llama mistral chatbot "
    "guardrails moderation tools mode model mention mentioning include "
    "including listing report reporting reading leave sans come als vor antes avant prima mot poi ora nun sin "
    "sem kural qua phot ignor passe system message comme lap "
    # stems of indirect.when_processing_multi / tell_user_multi that start English words
    # (process, resume, traits, information, informed, indicate, explicate, elaborate)
    "resum proces procesar trait informa informe indica explica elabor".split()
)


def gate_pattern(base: re.Pattern[str], rules: Iterable[Rule]) -> re.Pattern[str]:
    """A prefilter gate: `base` (filters/injection_rules.yaml) or a key word of one of the
    gated rules (keys of five letters or more as stems, shorter ones as words; those in
    GATE_LEAVES_OUT, which English uses, excepted).

    Not a strict superset of the rules' own key test: the word index finds a key by a
    shorter prefix (its first six characters, or four, see filters/word_index.WordIndex),
    so a word that shares that prefix but not the whole key makes a rule a candidate that
    the gate does not ask. Aligning the gate with those prefixes opened it on 1,302 of 3,042
    English corpus texts (content, developer, block, system...), against 344, so it reads
    whole keys: the rules' patterns spell their words from the key on, and over every corpus
    the gated and ungated prefilters give the same verdicts."""
    keys = sorted({k for r in rules for k in r.keys if k.isascii() and k not in GATE_LEAVES_OUT})
    stems = "|".join(re.escape(k) for k in keys if len(k) >= 5)
    words = "|".join(re.escape(k) for k in keys if len(k) < 5)
    parts = [base.pattern] + ([rf"\b(?:{stems})"] if stems else []) + ([rf"\b(?:{words})\b"] if words else [])
    return re.compile("|".join(parts), base.flags)


def warm_prefilter(timeout: float = 600.0) -> bool:
    """Compile (or load) the default rule set's Hyperscan database and wait for it: for image
    builds (`AIGW_CACHE_DIR` baked in) and benchmarks. Whether it is ready."""
    return RuleSet()._prefilter.wait_fast(timeout)


class RuleSet:
    """The enabled rules plus their keyword prefilter, built once per config generation.

    Every rule names word keys (stems compared on their first four characters, short
    keys as whole words) and may `need` a second word; both must occur for the rule to
    run. One vectorized pass hashes the first four characters of every word and finds all
    key occurrences at once. A candidate rule's pattern then runs only in windows around
    the occurrences of whichever of its two anchors is rarer in this text, so a 20 KB
    document full of common trigger words costs a few short regex searches per rule.
    Before all that, texts up to PREFILTER_MAX_CHARS ask the RE2 prefilter
    (filters/rule_prefilter.py) whether any rule can match at all.
    """

    def __init__(self, disabled: Iterable[str] = ()) -> None:
        off = set(disabled)
        self.rules = rules = tuple(r for r in RULES if r.id not in off and r.family not in off)
        # Rules that only run on tool / document text have common keys ("user", "model",
        # "assistant"); a user's own text never looks them up.
        self._all = _KeyIndex(self.rules)
        self._direct = _KeyIndex(tuple(r for r in self.rules if not r.indirect_only))
        self.gates = {
            name: gate_pattern(_NAMED[name], [r for r in rules if r.prefilter_group == name])
            for name in sorted({r.prefilter_group for r in rules if r.prefilter_group in _NAMED})
        }
        self._prefilter = RulePrefilter(
            [r.pattern for r in rules],
            [r.indirect_only for r in rules],
            [r.prefilter_group for r in rules],
            self.gates,
            fast=True,
        )

    def possible(self, folded: str, *, indirect: bool = True) -> frozenset[int] | None:
        """Indices (into `rules`) of the rules that may match `folded`, from the RE2 prefilter
        (a superset: it holds for every substring too; `indirect=False`: for direct matching
        only, the indirect-only rules unasked). None for texts too long for the prefilter to pay."""
        return None if len(folded) > PREFILTER_MAX_CHARS else self._prefilter.possible(folded, indirect)

    def candidates(
        self, folded: str, index: WordIndex | None = None, *, indirect: bool = True
    ) -> dict[Rule, tuple[list[int], list[int]]]:
        """Rules whose keys (and needed words) occur, with the offsets of both anchors."""
        return (self._all if indirect else self._direct).candidates(folded, index)

    def match(
        self,
        folded: str,
        index: WordIndex | None = None,
        *,
        indirect: bool = False,
        saturate: float = 1.0,
        prefilter: bool = True,
        possible: frozenset[int] | None = None,
    ) -> list[Hit]:
        """Rules whose pattern matches the folded text (each at most once), with their weight.

        Stronger rules run first; once the combined weight reaches `saturate`, the rest
        are skipped (the verdict cannot change, only the list of ids would grow).
        `possible` is the prefilter's answer when the caller already has it (`possible()`
        of this text or of a text that contains it). `prefilter=False` runs the table
        without the prefilter: the same result, the reference it is tested against.
        """
        if possible is None and prefilter:
            possible = self.possible(folded, indirect=indirect)
        if possible is not None:
            if not possible:
                return []
            keyed = self._all if indirect else self._direct
            ids = (self.rules[i].id for i in possible)
            allowed = frozenset(keyed.no[r] for r in ids if r in keyed.no)
            if not allowed:  # only tool/document rules may match (1 KB hard negatives 0.35 -> 0.2 ms)
                return []
            cands = keyed.candidates(folded, index, allowed)
        else:
            cands = self.candidates(folded, index, indirect=indirect)
        hits: list[Hit] = []
        miss = 1.0
        quotes = _Quotes(folded)
        for r in sorted(cands, key=lambda r: -r.weight_for(indirect)):
            if r.indirect_only and not indirect:
                continue
            factor, quoted = _matches(r, folded, *cands[r], quotes=quotes)
            if factor > 0.0:
                w = r.weight_for(indirect) * factor
                hits.append(Hit(r, w, factor < 1.0, quoted))
                miss *= 1.0 - w
                if 1.0 - miss >= saturate:
                    break
        return hits


class _Quotes:
    """Quoted spans of a text and whether its unquoted part discusses attacks (lazy)."""

    __slots__ = ("_spans", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._spans: list[tuple[int, int]] | None = None

    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            t = self.text
            if not any(q in t for q in _QUOTE_OPENERS):
                self._spans = []
            elif len(t) > _META_MAX_TEXT:
                self._spans = self._local_spans()
            else:
                self._spans = self._discussed_spans()
        return self._spans

    def _discussed_spans(self) -> list[tuple[int, int]]:
        """In a short text, its quotes are discussed when the unquoted rest talks about
        attacks, terms or detection; except a quote the text asks the model to act on."""
        t = self.text
        spans = [m.span() for m in _QUOTED_RE.finditer(t)]
        if not spans:
            return []
        starts = [0] + [e for _, e in spans]
        outside = "".join(t[a:b] for a, b in zip(starts, [s for s, _ in spans] + [len(t)], strict=True))
        if not _META_RE.search(outside):
            return []
        return [(a, b) for a, b in spans if not _ACT_ON_QUOTE_RE.search(t, max(0, a - 40), a)]

    def _local_spans(self) -> list[tuple[int, int]]:
        """In a long text (lecture notes, a newsletter, a policy), a quote is discussed when
        its own line, in the 160 characters before it, talks about attacks ("a classic
        injection hides 'ignore previous instructions' in white text"): the synthetic
        benign documents quoting attack phrases that way were blocked 100 times in 1,500
        by the override rules. Not when a verb right before it asks to act on it, and only
        for words that make the quote an example of an attack (LOCAL_META_RE)."""
        t = self.text
        out = []
        for m in _QUOTED_RE.finditer(t):
            a, b = m.span()
            lo = max(t.rfind("\n", 0, a) + 1, a - 160)
            if _LOCAL_META_RE.search(t, lo, a) and not _ACT_ON_QUOTE_RE.search(t, max(0, a - 40), a):
                out.append((a, b))
        return out

    def inside(self, lo: int, hi: int) -> bool:
        return any(a <= lo and hi <= b for a, b in self.spans())


def _spans(keys: list[int], need: list[int]) -> list[tuple[int, int]] | None:
    """Merged windows around the rarer anchor's occurrences (None: search everything)."""
    spots = sorted(need if need and len(need) < len(keys) else keys)
    out: list[tuple[int, int]] = []
    for p in spots:
        lo, hi = max(0, p - _WINDOW), p + _WINDOW
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
            if len(out) > _MAX_SPANS:
                return None
    return out


def _matches(
    rule: Rule,
    text: str,
    keys: list[int] | None = None,
    need: list[int] | None = None,
    *,
    quotes: _Quotes | None = None,
) -> tuple[float, bool]:
    """Strongest factor (0..1) with which the rule matches: 1 for a full match, the rule's
    `unconfirmed` factor for a weak form without its confirming signal, times
    _META_FACTOR inside quotes under discussion; 0 when it does not match. Second: whether
    that strongest match was a quoted one."""
    spans = _spans(keys, need or []) if keys and len(text) > 3 * _WINDOW else None
    best, best_quoted = 0.0, False
    for lo, hi in spans if spans is not None else ((0, len(text)),):
        m = rule.pattern.search(text, lo, hi)
        while m is not None:
            if (
                not rule.negatable
                or not _NEGATION_RE.search(text, max(0, m.start() - _NEGATION_BACK), m.start())
            ) and (
                rule.before is None
                or "addr" not in m.re.groupindex
                or m.group("addr") is None
                or rule.before.search(text, max(0, m.start() - _BEFORE_CHARS), m.start())
            ):
                f = 1.0
                if rule.confirm is not None and _is_weak(m):
                    before, after = rule.confirm_span
                    lo_c = m.end() if before is None else max(0, m.start() - before)
                    if not rule.confirm.search(text[lo_c : m.end() + after]):
                        f = rule.unconfirmed
                quoted = f > 0.0 and quotes is not None and quotes.inside(*m.span())
                if quoted:
                    f *= _META_FACTOR
                elif rule.discussed is not None and rule.discussed.search(
                    text, max(0, m.start() - _DISCUSSED_CHARS), m.end() + _DISCUSSED_CHARS
                ):
                    f *= _META_FACTOR  # the form talked about, not used (see Rule.discussed)
                if f > best:
                    best, best_quoted = f, quoted
                if best >= 1.0:
                    return best, False
            m = rule.pattern.search(text, m.start() + 1, hi)
    return best, best_quoted


def mask_quotes(folded: str) -> str:
    """The text with every quote replaced by '"..."': what the rules read of a gloss
    (filters/injection_gloss.py), whose verbs lost the forms that tell a quote under
    discussion from one to act on ("un texto dice, por ejemplo, '...'" glosses to "a text
    say, for example, '...'", and "say '...'" is an order to say it)."""
    if not any(q in folded for q in _QUOTE_OPENERS):
        return folded
    return _QUOTED_RE.sub('"..."', folded)


def mask_discussed_quotes(folded: str) -> str:
    """The text with quotes under discussion replaced by '"..."' (what the classifier reads
    when a rule matched only inside such a quote)."""
    spans = _Quotes(folded).spans()
    if not spans:
        return folded
    out, pos = [], 0
    for a, b in spans:
        out.append(folded[pos:a])
        out.append('"..."')
        pos = b
    out.append(folded[pos:])
    return "".join(out)


def _is_weak(m: re.Match[str]) -> bool:
    """A match needs confirmation when the pattern has no `weak` groups or one of them took part."""
    groups = m.re.groupindex
    if not groups:
        return True
    return any(m.group(g) is not None for g in groups if g.startswith("weak"))


def validate_rule_ids(ids: Iterable[str]) -> list[str]:
    """Names in `ids` that are neither a rule id nor a family (for config validation)."""
    return [i for i in ids if i not in RULE_IDS and i not in FAMILIES]
