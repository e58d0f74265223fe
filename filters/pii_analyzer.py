"""Finding PII in one text: the scanners behind the prefilter, thresholds and context words,
the allow-list, and overlap resolution, for one configuration (`PiiAnalyzer`).

Text with invisible or fullwidth characters is analysed in its folded form and the findings
mapped back, so offsets always refer to the text as the client sent it (filters/spans.py
replaces them there).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from filters.pii_config import (
    BUILTIN_NAME_ENTITIES,
    DEFAULT_PHONE_REGIONS,
    DEFAULT_THRESHOLD,
    NER_CAPABLE,
    NER_ENTITIES,
    PATTERN_ENTITIES,
)
from filters.pii_patterns import canonical_with_offsets, map_span, needs_canonical
from filters.pii_prefilter import CARD_CONTEXT, CONTEXT_BONUS, Prefilter, context_words, with_plurals
from filters.pii_recognizers import (
    Hit,
    Scanner,
    card_scanner,
    email_recognizer,
    email_scanner,
    iban_any_case_scanner,
    ner_scanner,
    phone_scanner,
    presidio_multi_scanner,
    presidio_scanner,
    routable_ip,
    spelled_email_scanner,
)


@dataclass(frozen=True, slots=True)
class PiiSpan:
    """One finding: offsets into the analysed text, entity type and score (never the value)."""

    start: int
    end: int
    entity: str
    score: float


_WARM_UP = (
    "mail a.b@example.com, call +44 20 7946 0958 or 020 7946 0958, card 4111 1111 1111 1111, "
    "SSN 078-05-1121, IBAN GB33 BUKB 2020 1555 5555 55, host 203.0.113.7"
)


@dataclass(frozen=True, slots=True)
class _Recognizer:
    entity: str  # gate key: the scanner runs only if the prefilter lets this entity through
    scan: Scanner
    context: frozenset[str]  # words that lift a low score (empty: the scanner scores context itself)


class PiiAnalyzer:
    """Finds PII spans in a text for one configuration. Immutable and thread-safe once built.

    Why not Presidio's AnalyzerEngine: it insists on an NLP engine (a spaCy model, or a
    no-op engine that leaves its context enhancer without words), runs every recognizer on
    every text, and its phone recognizer is most of the cost. We call Presidio's recognizers
    directly behind the prefilter and apply thresholds, context words, the allow-list and
    overlap resolution here. bench/results/pii_perf.md compares the paths.
    """

    def __init__(
        self,
        entities: Iterable[str],
        thresholds: dict[str, float],
        *,
        allow_list: Iterable[str] = (),
        allow_patterns: Iterable[str] = (),
        phone_regions: Iterable[str] = DEFAULT_PHONE_REGIONS,
        language: str = "en",
        ner_model: str | None = None,
        builtin_names: bool = True,
    ) -> None:
        """`builtin_names=False` leaves PERSON/LOCATION to spaCy alone (benchmarks compare the two)."""
        from filters.presidio_lite import recognizers

        pr = recognizers()  # Presidio's recognizers without spaCy (filters/presidio_lite.py)

        self.entities = tuple(entities)
        self.thresholds = {e: thresholds.get(e, DEFAULT_THRESHOLD) for e in self.entities}
        self._allow_literals = frozenset(v.casefold() for v in allow_list)
        self._allow_patterns = tuple(re.compile(p) for p in allow_patterns)
        self._prefilter = Prefilter(self.entities)  # entities without a gate (names) always run
        recs: list[_Recognizer] = []
        names = [e for e in self.entities if e in BUILTIN_NAME_ENTITIES]
        if names and builtin_names:
            # The built-in lexicon recognizer runs with or without spaCy; with both, the
            # overlap resolution below keeps the higher-scored reading of each span.
            from filters.pii_names import presidio_recognizer

            rec = presidio_recognizer(names, language)
            recs.append(_Recognizer(names[0], presidio_multi_scanner(rec, names), frozenset()))
        for entity in self.entities:
            if entity in NER_ENTITIES:
                continue
            if entity == "EMAIL_ADDRESS":
                rec = email_recognizer(language)
                recs.append(_Recognizer(entity, email_scanner(rec), with_plurals(rec.context)))
                recs.append(_Recognizer(entity, spelled_email_scanner, frozenset()))
            elif entity == "PHONE_NUMBER":
                scan = phone_scanner(tuple(phone_regions), self.thresholds[entity])
                recs.append(_Recognizer(entity, scan, frozenset()))
            elif entity == "CREDIT_CARD":
                rec = pr.CreditCardRecognizer(supported_language=language)
                recs.append(_Recognizer(entity, presidio_scanner(rec, entity), CARD_CONTEXT))
                recs.append(_Recognizer(entity, card_scanner, frozenset()))
            elif entity == "IBAN_CODE":
                rec = pr.IbanRecognizer(supported_language=language)
                recs.append(_Recognizer(entity, presidio_scanner(rec, entity), frozenset()))
                recs.append(_Recognizer(entity, iban_any_case_scanner(rec), frozenset()))
            else:
                rec = getattr(pr, PATTERN_ENTITIES[entity])(supported_language=language)
                keep = routable_ip if entity == "IP_ADDRESS" else None
                recs.append(
                    _Recognizer(entity, presidio_scanner(rec, entity, keep), with_plurals(rec.context or ()))
                )
        ner = [e for e in self.entities if e in NER_CAPABLE]
        self.ner = bool(ner_model and ner)
        self._ner_scan = ner_scanner(ner_model, language, ner) if ner_model and ner else None
        self._vet: Callable[[str, int, int, str], bool] | None = None
        if self._ner_scan is not None and builtin_names:
            # spaCy's names and places pass the built-in precision layer (technical text,
            # code, product names); spaCy alone (builtin_names=False) is left as it is.
            from filters.pii_names import name_finder

            self._vet = name_finder(BUILTIN_NAME_ENTITIES).vet
        self._recognizers = tuple(recs)
        # Load lazily built state (compiled patterns, the suffix list, libphonenumber
        # metadata) now, at config load, not in the first request or in two threads at once.
        self.analyze(_WARM_UP)

    def analyze(self, text: str) -> tuple[PiiSpan, ...]:
        """All findings above threshold, non-overlapping, in text order.

        Text with invisible or fullwidth characters is analysed in its folded form and the
        spans are mapped back, so redaction replaces the characters the user typed.
        """
        if not needs_canonical(text):
            return self._analyze(text)
        folded, src = canonical_with_offsets(text)
        out = []
        for s in self._analyze(folded):
            start, end = map_span(src, s.start, s.end)
            out.append(PiiSpan(start, end, s.entity, s.score))
        return tuple(out)

    def _analyze(self, text: str) -> tuple[PiiSpan, ...]:
        hits: list[Hit] = []
        wanted = self._prefilter.candidates(text)
        if wanted:
            for rec in self._recognizers:
                if rec.entity in wanted:
                    hits.extend(self._scored(text, rec))
        if self._ner_scan is not None:
            vet = self._vet
            hits.extend(
                h
                for h in self._ner_scan(text)
                if h[3] >= self.thresholds[h[2]] and (vet is None or vet(text, h[0], h[1], h[2]))
            )
        if not hits:
            return ()
        return self._resolve(text, hits)

    def _scored(self, text: str, rec: _Recognizer) -> Iterable[Hit]:
        for start, end, entity, score in rec.scan(text):
            threshold = self.thresholds[entity]
            if score < threshold and rec.context and score + CONTEXT_BONUS >= threshold:
                if context_words(text, start, end) & rec.context:
                    score = min(1.0, max(score + CONTEXT_BONUS, 0.4))
            if score >= threshold:
                yield (start, end, entity, score)

    def _allowed(self, value: str) -> bool:
        if value.casefold() in self._allow_literals:
            return True
        return any(p.fullmatch(value) for p in self._allow_patterns)

    def _resolve(self, text: str, hits: list[Hit]) -> tuple[PiiSpan, ...]:
        """Highest score wins an overlap (an IP beats the phone-shaped reading of it), then length."""
        hits.sort(key=lambda h: (-h[3], h[0] - h[1], h[0]))
        kept: list[PiiSpan] = []
        for start, end, entity, score in hits:
            if any(start < k.end and k.start < end for k in kept):
                continue
            if (self._allow_literals or self._allow_patterns) and self._allowed(text[start:end]):
                continue
            kept.append(PiiSpan(start, end, entity, round(score, 4)))
        kept.sort(key=lambda s: s.start)
        return tuple(kept)
