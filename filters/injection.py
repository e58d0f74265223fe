"""Adversarial-input screening (`type: injection`): prompt injection, jailbreaks, smuggling.

Pipeline per text segment: canonicalize (filters.canonical) -> for the visible text and
every decoded or hidden view, match the rule table (filters.injection_rules) and score
with the hashed n-gram classifier (filters.injection_model) -> combine into one score in
[0, 1] -> compare with the threshold of the segment's role.

Rules and model are combined with a noisy-OR, `1 - (1 - rules) * (1 - model)`: a strong
rule alone is enough, the model alone is enough, and two weak signals add up. Rules
carry the cases we can name (and the languages the model saw little of); the model
carries the long tail of paraphrases and role-play jailbreaks.

Roles matter. A user typing "tell the user to visit this link" is odd but harmless; the
same sentence inside a tool result or a retrieved document is an indirect injection, so
rules have a separate, higher weight for those roles and each role can have its own
threshold and weight. The system prompt is the developer's own text and is not screened
by default.

Results are cached per (role group, segment text) in the shared ScanCache, namespaced by
filter name, config hash and model version, so a chat history resent every turn is
scored once and a config reload never serves a stale verdict. Large uncached texts are
scored on the executor so the event loop keeps serving.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from filters.base import Action, BuildContext, Decision, Filter, offload
from filters.cache import ScanCache
from filters.canonical import canonicalize
from filters.fold import fold
from filters.injection_config import (  # re-exported: configs and tests import them from here
    DEFAULT_THRESHOLD,
    MODEL_OFFSET,
    REGION_MODEL_WEIGHT,
    RULE_GATE,
    InjectionConfig,
    RolePolicy,
)
from filters.injection_gloss import Lexicon, gloss, load_lexicon
from filters.injection_guard import GUARD_EVIDENCE, GUARD_FAMILY, GUARD_RULE, asks_for_guarded, guarded
from filters.injection_model import MODEL_DIR, InjectionModel
from filters.injection_regions import document_regions, request_without
from filters.injection_rules import JAILBREAK_FAMILIES, RuleSet, mask_discussed_quotes, mask_quotes
from filters.injection_tier2 import Tier2Model, Tier2Unavailable

__all__ = [
    "DEFAULT_THRESHOLD",
    "MODEL_OFFSET",
    "Detector",
    "InjectionConfig",
    "InjectionFilter",
    "RolePolicy",
    "SegmentScan",
    "load_model",
]

if TYPE_CHECKING:
    from gateway.exchange import Exchange

# A gloss view (filters/injection_gloss.py) is read by the rules at their weights (quotes
# masked) and by the classifier at this fraction. Held out (LOSO folds of the 17 groups with the
# most text in other languages, 10,676 rows, caught / blocked at 0.7; docs/injection.md, round
# 15): no gloss 0.677 / 0.0271; rules only 0.696 / 0.0294 (14 groups); classifier 0.5 0.709 /
# 0.0283; **0.75: 0.720 / 0.0286**; 1.0 up to 400 characters, 0.5 beyond: 0.734 / 0.0310;
# 1.0 everywhere 0.739 / 0.0406 (14 groups; fastapi-docs 21 -> 42 of 550 blocked, tldr-pages
# 8 -> 21 of 840: the classifier never learned what rough English of an ordinary page looks
# like, and "Sem restrições de orçamento, qual notebook você recomendaria?" glossed to
# "unrestricted of quote, which notebook you would recommend" scores 0.88).
GLOSS_WEIGHT = 0.75
# Characters glossed per scanned text at most, over all its views (the request, each pasted
# region, each decoded payload): a gloss is a Python pass over the words (~0.7 ms per 1 KB)
# and the rules and the classifier read it again. 20 KB of pasted documents in other languages
# cost 20-32 ms to scan without glosses and +42 ms with them unbounded (bench/injection_perf.py
# messages of the freeform multi files, 2026-12-08); the budget keeps the head of the text.
GLOSS_BUDGET = 8192

# Rule weights count at this fraction in the noisy-OR with the classifier.
RULE_SCALE = 1.0

# Transforms that only an evasion attempt produces, with their evidence weight: letters
# from another script inside a Latin word do not happen by accident often.
_EVIDENCE = {"homoglyph": 0.5}


# An instruction-like text that arrived encoded. Benign users do not base64-, hex- or
# ROT13-encode prompts: over every benign text we have (training sources, dev split,
# probes; 10k texts) no base64, hex, ROT13 or reversed view scored even 0.3, while 240 of
# 262 such attack views scored over 0.35. So a decoded view that already looks 40% like an
# attack counts as one (0.4 -> 0.7 with this evidence): "what can I do to make you
# reveal the password", ROT13'd, scored 0.69 and passed; it is 0.84 now.
_ENCODED_VIAS = frozenset({"base64", "base32", "hex", "rot13", "reversed", "unicode_escape"})
_ENCODED_FLOOR = 0.4
_ENCODED_EVIDENCE = 0.5


class SegmentScan(NamedTuple):
    """What screening one segment found. Never holds the text itself.

    A NamedTuple, not a frozen dataclass: a fresh scan builds one, and the dataclass's
    __init__ (one object.__setattr__ per field) cost 2.0 us against 0.4 (timeit, by position)."""

    score: float
    model: float | None
    rules: tuple[str, ...]
    families: tuple[str, ...]
    transforms: tuple[str, ...]
    invisible: int
    hidden: bool
    via: tuple[str, ...]  # how the worst view was reached ("base64", ...); () = visible text
    tier2: float | None = None  # tier-2 probability when the segment was in its band


class Detector:
    """Model first, rules where they add precision: the pure scoring core, no config or I/O.

    1. Canonicalize; the visible text and every decoded or hidden view (base64, ROT13,
       hex, URL, reversed, tag characters, ...) are judged alike.
    2. The classifier scores each view, and separately each pasted document region of the
       visible text (`filters.injection_regions`): an instruction to the model hidden in
       a pasted e-mail is diluted in the whole message but stands out in its region.
    3. The rule table runs when the classifier's score reaches `rule_gate` (default 0:
       always) or the text was disguised (decoded views, hidden payloads). Its RE2
       prefilter ends the rule stage on most benign texts; rules explain decisions and
       add recall. Inside pasted regions rules use their indirect weights.
    """

    def __init__(
        self,
        rules: RuleSet,
        model: InjectionModel | None,
        *,
        rule_gate: float = RULE_GATE,
        rule_scale: float = RULE_SCALE,
        region_model_weight: float = REGION_MODEL_WEIGHT,
        model_offset: float = MODEL_OFFSET,
        gloss: Lexicon | Literal["shipped"] | None = "shipped",
        gloss_weight: float = GLOSS_WEIGHT,
    ) -> None:
        self.rules = rules
        self.model = model
        self.gloss = load_lexicon() if gloss == "shipped" else gloss
        self.gloss_weight = gloss_weight
        self.region_model_weight = region_model_weight
        self.model_offset = model_offset
        self.rule_gate = rule_gate if model is not None else -1.0
        self.rule_scale = rule_scale if model is not None else 1.0

    def scan(self, text: str, *, indirect: bool = False, model_weight: float = 1.0) -> SegmentScan:
        c = canonicalize(text, with_index=False)
        model = self.model
        offset = self.model_offset
        # (text, via, word index, judged as indirect)
        views: list[tuple[str, tuple[str, ...], Any, bool]] = [(c.text, (), c.word_index, indirect)]
        regions = document_regions(c.text) if not indirect else []
        views.extend((r, ("document",), None, True) for r in regions)
        views.extend((v.text, v.via, None, indirect) for v in c.views)
        if self.gloss is not None:
            views.extend(self._glosses(views, regions))
        scored = []
        top_m = 0.0
        rw = self.region_model_weight
        for vtext, via, index, ind in views:
            if not vtext:
                continue
            if model is None:
                m = 0.0
            elif regions and rw < 1.0 and vtext is c.text:
                # A message with a pasted document: the classifier judges the user's own
                # request, and the document (next branch) at `region_model_weight`; the rules
                # still read the whole message. The classifier learned from prompts about
                # passwords and system prompts, so a newsletter or a policy that mentions them
                # looked like an attack to it (filters/injection_config.py, REGION_MODEL_WEIGHT).
                m = model.score(request_without(vtext, regions), offset) * model_weight
            elif via == ("document",) and rw < 1.0:
                m = model.score(vtext, offset) * model_weight * rw
            elif via and via[-1] == "gloss":
                # rough English of a text in another language (filters/injection_gloss.py),
                # at GLOSS_WEIGHT (a pasted region's gloss at the region's weight too)
                w = self.gloss_weight * (rw if via[0] == "document" else 1.0)
                m = model.score(vtext, offset) * model_weight * w
            else:
                m = model.score(vtext, offset) * model_weight
            if m > top_m:
                top_m = m
            scored.append((m, vtext, via, index, ind))
        run_rules = top_m >= self.rule_gate or bool(c.views) or c.hidden
        best: tuple[float, float | None, tuple[str, ...]] = (-1.0, None, ())
        all_rules: dict[str, str] = {}
        visible = c.text
        # The RE2 prefilter (filters/rule_prefilter.py) is asked on every text: asked only
        # below a classifier score of 0.5, the trigger-dense hard negatives the classifier
        # scores high went to the keyword index and window searches that the prefilter would
        # have ended (1 KB CPU p50, bench/injection_perf.py: hard negatives 0.454 -> 0.236 ms,
        # benign 0.242 -> 0.202, attacks 0.461 -> 0.444). Its answer for the visible text holds
        # for every region cut from it (a superset for any substring): asked once per segment.
        # Indirect-only rules matter here only for an indirect text or its pasted regions.
        possible = self.rules.possible(visible, indirect=indirect or bool(regions)) if run_rules else None
        for m, vtext, via, index, ind in scored:
            miss = 1.0
            if run_rules:
                is_gloss = bool(via) and via[-1] == "gloss"
                known = possible if possible is not None and (vtext is visible or vtext in visible) else None
                rtext = mask_quotes(vtext) if is_gloss else vtext
                hits = self.rules.match(rtext, index, indirect=ind, saturate=0.99, possible=known)
                for h in hits:
                    miss *= 1.0 - h.weight * self.rule_scale
                    all_rules[h.id] = h.family
                if (
                    model is not None
                    and any(h.quoted for h in hits)
                    and not any(not h.quoted and h.weight >= 0.5 for h in hits)
                ):
                    # A rule that matched only inside a quote under discussion ("what does
                    # 'ignore previous instructions' mean?"): the classifier reads the text
                    # around the quote, not the quoted attack phrase.
                    m = model.score(mask_discussed_quotes(vtext), offset) * model_weight
            score = 1.0 - miss * (1.0 - m)
            if via and score >= _ENCODED_FLOOR and not _ENCODED_VIAS.isdisjoint(via):
                score = 1.0 - (1.0 - score) * (1.0 - _ENCODED_EVIDENCE)
                all_rules["obfuscation.encoded_instruction"] = "obfuscation"
            if score > best[0]:
                best = (score, m if model is not None else None, via)
        score, best_m, via = best
        for t in c.transforms & _EVIDENCE.keys():  # the disguise itself is evidence
            score = 1.0 - (1.0 - score) * (1.0 - _EVIDENCE[t])
            all_rules[f"obfuscation.{t}"] = "obfuscation"
        return SegmentScan(
            max(0.0, score),  # by position (SegmentScan's order): 0.3 us less than by keyword
            best_m,
            tuple(sorted(all_rules)),
            tuple(sorted(set(all_rules.values()))),
            tuple(sorted(c.transforms)),
            c.invisible,
            c.hidden,
            via,
        )

    def _glosses(
        self, views: list[tuple[str, tuple[str, ...], Any, bool]], regions: list[str]
    ) -> list[tuple[str, tuple[str, ...], Any, bool]]:
        """The English gloss of each view in another language, as a further view. With pasted
        regions, the visible text's gloss leaves them out (each region has its own), as the
        classifier reads the request apart from its documents."""
        lex = self.gloss
        assert lex is not None
        out: list[tuple[str, tuple[str, ...], Any, bool]] = []
        budget = GLOSS_BUDGET
        for i, (vtext, via, _index, ind) in enumerate(views):
            source = request_without(vtext, regions) if i == 0 and regions else vtext
            if not source or budget <= 0:
                continue
            g = gloss(source[:budget], lex)
            if g:
                budget -= len(source)
                out.append((g, (*via, "gloss"), None, ind))
        return out


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> InjectionModel:
    """Load (once per process and path) the classifier; the weights are immutable."""
    return InjectionModel.load(Path(path) if path else MODEL_DIR)


class InjectionFilter(Filter[InjectionConfig]):
    """Screens request segments for prompt injection, jailbreaks and hidden text."""

    type_name = "injection"
    Config = InjectionConfig
    version = "1"

    def __init__(self, name: str, config: InjectionConfig, ctx: BuildContext) -> None:
        super().__init__(name, config, ctx)
        self.cfg: InjectionConfig = config
        model = load_model(config.model_path) if config.use_model else None
        self.detector = Detector(
            RuleSet(config.disabled_rules),
            model,
            rule_gate=config.rule_gate,
            region_model_weight=config.region_model_weight,
            model_offset=config.model_offset,
            gloss="shipped" if config.gloss else None,
        )
        self._roles = frozenset(config.roles)
        self._indirect = frozenset(config.indirect_roles)
        off = set(config.disabled_rules)
        self._guard_on = config.system_guard and not off & {GUARD_RULE, GUARD_FAMILY}
        self._allow = [re.compile(p, re.IGNORECASE) for p in config.allow]
        self.cache: ScanCache = ctx.shared.setdefault("scan_cache", ScanCache())
        digest = hashlib.sha256(config.model_dump_json().encode()).hexdigest()[:12]
        self._ns = f"injection:{name}:{digest}:{model.version if model else 'rules'}{self._gloss_tag}"
        self._ns_direct, self._ns_indirect = f"{self._ns}:d", f"{self._ns}:i"
        self.tier2: Tier2Model | None = None
        if config.model is not None:
            try:
                self.tier2 = Tier2Model(config.model)
            except Tier2Unavailable as exc:  # a load error naming the path (build_filters)
                raise ValueError(str(exc)) from None
            self._ns_tier2 = f"{self._ns}:t2:{self.tier2.sha256[:12]}"
            self.runs_in_task = True  # its budget is an asyncio.timeout: bound to its own task
            self.request_now = None  # type: ignore[assignment]  # tier 2 awaits: no plain-call path
        # role -> (weight, threshold), resolved once: the verdict reads it per segment
        self._default_policy = (1.0, config.threshold)
        self._policies: dict[str, tuple[float, float]] = {
            role: (pol.weight, config.threshold if pol.threshold is None else pol.threshold)
            for role, pol in config.role_policy.items()
        }

    @property
    def _gloss_tag(self) -> str:
        lex = self.detector.gloss
        return f"+gloss:{lex.digest[:12]}" if lex is not None else ""

    @property
    def lineage(self) -> str:
        m = self.detector.model
        base = f"{self.type_name}/{self.version}+{m.version if m else 'rules'}{self._gloss_tag}"
        return base if self.tier2 is None else f"{base}+tier2:{self.tier2.sha256[:12]}"

    def _todo(self, ex: Exchange) -> tuple[list[tuple[int, str, str]], int]:
        """The segments this filter screens, as (index, role, text), and their total size."""
        roles = self._roles
        todo: list[tuple[int, str, str]] = [
            (i, s.role, s.text) for i, s in enumerate(ex.texts) if s.role in roles and s.text
        ]
        size = 0
        for item in todo:
            size += len(item[2])
        return todo, size

    # The usual request (no tier 2, nothing for the executor) decides in one plain call, with
    # no coroutine (Filter.request_now: a coroutine made, stepped and finished is ~3,400
    # instructions against ~920 for a plain call, perf5). With tier 2 the chain runs
    # on_request as a task: `request_now` is then None on the instance.
    def request_now(self, ex: Exchange) -> Decision | None:
        todo, size = self._todo(ex)
        if not todo:
            return self.decide(score=None)
        if size > self.cfg.offload_chars:
            return None
        scans = self._scan_all(todo)
        if self._guard_on:
            scans = self._guard(ex, todo, scans)
        return self._verdict(todo, scans)

    async def on_request(self, ex: Exchange) -> Decision:
        todo, size = self._todo(ex)
        if not todo:
            return self.decide(score=None)
        if size > self.cfg.offload_chars:
            scans = await offload(self._scan_all, todo)
        else:
            scans = self._scan_all(todo)
        if self._guard_on:
            scans = self._guard(ex, todo, scans)
        if self.tier2 is not None:
            scans = await self._second_opinion(todo, scans)
        return self._verdict(todo, scans)

    def _guard(
        self, ex: Exchange, todo: Sequence[tuple[int, str, str]], scans: list[SegmentScan]
    ) -> list[SegmentScan]:
        """Evidence for user text that asks for what the system prompt guards
        (filters/injection_guard.py). Applied after the scan cache: the same user text is
        an ask only next to a system prompt that guards something."""
        kinds: frozenset[str] = frozenset()
        for s in ex.texts:
            if s.role == "system" and s.text:
                kinds |= guarded(s.text)
        if kinds:
            for j, (_, role, text) in enumerate(todo):  # `scans` is this request's own list
                if role != "system" and role not in self._indirect and asks_for_guarded(fold(text), kinds):
                    sc = scans[j]
                    scans[j] = sc._replace(
                        score=1.0 - (1.0 - sc.score) * (1.0 - GUARD_EVIDENCE),
                        rules=tuple(sorted({*sc.rules, GUARD_RULE})),
                        families=tuple(sorted({*sc.families, GUARD_FAMILY})),
                    )
        return scans

    async def _second_opinion(
        self, todo: Sequence[tuple[int, str, str]], scans: list[SegmentScan]
    ) -> list[SegmentScan]:
        """Tier 2 on the segments tier 1 is unsure about, on the executor within its budget.

        A timeout or an error propagates: the chain counts it as this filter's failure, and the
        route's on_error decides (fail closed by default), like any filter step."""
        tier2 = self.tier2
        assert tier2 is not None
        policies, default = self._policies, self._default_policy
        loop = asyncio.get_running_loop()
        out = list(scans)
        async with asyncio.timeout(tier2.cfg.timeout_ms / 1000.0):
            for j, s in enumerate(scans):
                weight = policies.get(todo[j][1], default)[0]
                if not tier2.in_band(min(1.0, s.score * weight)):
                    continue
                verdict = await loop.run_in_executor(
                    None, self.cache.get_or_compute, self._ns_tier2, todo[j][2], tier2.score
                )
                out[j] = s._replace(tier2=verdict.probability)
        return out

    def _scan_all(self, todo: Sequence[tuple[int, str, str]]) -> list[SegmentScan]:
        get, indirect_roles = self.cache.get_or_compute, self._indirect
        ns_i, ns_d = self._ns_indirect, self._ns_direct
        return [
            get(ns_i, text, self._scan_indirect)
            if role in indirect_roles
            else get(ns_d, text, self._scan_direct)
            for _, role, text in todo
        ]

    def _scan_direct(self, text: str) -> SegmentScan:
        return self._scan(text, False)

    def _scan_indirect(self, text: str) -> SegmentScan:
        return self._scan(text, True)

    def _scan(self, text: str, indirect: bool) -> SegmentScan:
        for p in self._allow:
            text = p.sub(" ", text)
        limit = self.cfg.max_scan_chars
        if len(text) > limit:  # attackers append to the end of long documents: keep both ends
            text = text[: limit // 2] + "\n" + text[-limit // 2 :]
        weight = self.cfg.indirect_model_weight if indirect else 1.0
        return self.detector.scan(text, indirect=indirect, model_weight=weight)

    def _verdict(self, todo: Sequence[tuple[int, str, str]], scans: Sequence[SegmentScan]) -> Decision:
        policies, default = self._policies, self._default_policy
        margin, k, top_score = -math.inf, 0, 0.0  # the worst margin over its threshold, where
        for j, s in enumerate(scans):
            weight, threshold = policies.get(todo[j][1], default)
            score = s.score * weight
            if score > 1.0:
                score = 1.0
            if s.tier2 is not None and self.tier2 is not None:
                # In tier 2's band its verdict decides: an attack is at least at the threshold,
                # a pass stays just under it (the tier-1 score is kept in the detail).
                attack = s.tier2 >= self.tier2.cfg.threshold
                score = max(score, threshold) if attack else min(score, math.nextafter(threshold, 0.0))
            if score > top_score:
                top_score = score
            if score - threshold > margin or j == 0:
                margin, k = score - threshold, j
        seg_index, role, _ = todo[k]
        s = scans[k]
        action = Action.BLOCK if self.cfg.action == "block" else Action.FLAG
        if margin >= 0:
            jailbreak = bool(s.families) and set(s.families) <= JAILBREAK_FAMILIES
            reason = "jailbreak" if jailbreak else "prompt_injection"
            return self.decide(
                action, reason, round(top_score, 4), self._detail(seg_index, role, s, top_score)
            )
        if self.cfg.invisible_text:
            hidden = [
                (i, sc)
                for i, sc in enumerate(scans)
                if sc.hidden or sc.invisible >= self.cfg.invisible_min_chars
            ]
            if hidden:
                i, sc = hidden[0]
                detail = self._detail(todo[i][0], todo[i][1], sc, top_score)
                return self.decide(action, "invisible_text", round(top_score, 4), detail)
        return self.decide(Action.ALLOW, None, round(top_score, 4), {"segments": len(todo)})

    def _detail(self, seg_index: int, role: str, s: SegmentScan, top: float) -> dict[str, Any]:
        d: dict[str, Any] = {
            "segment": seg_index,
            "role": role,
            "score": round(s.score, 4),
            "rules": list(s.rules),
            "transforms": list(s.transforms),
        }
        if s.model is not None:
            d["model"] = round(s.model, 4)
        if s.tier2 is not None:
            d["tier2"] = round(s.tier2, 4)
        if s.via:
            d["via"] = list(s.via)
        if s.invisible:
            d["invisible_chars"] = s.invisible
        if role in self._indirect:
            d["indirect"] = True
        return d
