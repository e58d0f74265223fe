"""`type: pii`: Presidio-backed PII screening of requests, answers and streamed answers.

Importing this module is cheap (the config schema needs it): Presidio, spaCy and
libphonenumber are imported when a filter is built, never at import time.

Offline by default: Presidio's pattern recognizers run without any NLP engine, so nothing
tries to load or download a spaCy model, and the e-mail recognizer's tldextract lookup uses
the public suffix list snapshot bundled with tldextract instead of fetching it. Names and
places need an NER model, which is opt-in (`nlp:`) and must already be installed.

Cost model: a cheap prefilter (`filters.pii_prefilter`) decides which recognizers can match
at all, results are cached per segment content in the shared ScanCache (chat clients resend
the whole history every turn), and segments above `offload_chars` are analysed in the
executor so the event loop keeps serving.

This module is the filter (screen segments, decide, redact, scan streamed windows) and the
audit writer's redaction. The parts: the config and entity tables (filters/pii_config.py),
the scanners (filters/pii_recognizers.py), finding the spans of one text
(filters/pii_analyzer.py), writing a finding back (filters/pii_redactor.py), names and places
(filters/pii_names.py), the prefilter and digit detectors (filters/pii_prefilter.py).
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from typing import TYPE_CHECKING, Any

from filters.base import Action, BuildContext, Decision, Filter, Finding, StreamScan, offload
from filters.cache import ScanCache
from filters.pii_analyzer import PiiAnalyzer as PiiAnalyzer
from filters.pii_analyzer import PiiSpan
from filters.pii_config import AUDIT_ENTITIES as AUDIT_ENTITIES
from filters.pii_config import BUILTIN_NAME_ENTITIES, DEFAULT_THRESHOLD, DEFAULT_THRESHOLDS
from filters.pii_config import DEFAULT_ENTITIES as DEFAULT_ENTITIES
from filters.pii_config import PiiConfig as PiiConfig
from filters.pii_config import PiiConfigError as PiiConfigError

# bench/pii_perf.py and bench/pii_eval.py import the stock e-mail recognizer under its old
# name from here; bench/ is being changed by another engineer, so the name stays until they
# import filters.pii_recognizers.email_recognizer.
from filters.pii_recognizers import email_recognizer as _email_recognizer  # noqa: F401
from filters.pii_redactor import Redactor

if TYPE_CHECKING:
    from gateway.exchange import Exchange, Segment


class _Miss(Exception):
    """Raised inside a cache probe: the result is not cached, compute it off the loop."""


def _probe(_: str) -> tuple[PiiSpan, ...]:
    raise _Miss


_ACTIONS = {"redact": Action.REDACT, "block": Action.BLOCK, "flag": Action.FLAG}


def _presidio_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("presidio-analyzer")
    except PackageNotFoundError:  # pragma: no cover - it is a hard dependency
        return "unknown"


class PiiFilter(Filter[PiiConfig]):
    """Screens segments for PII with Presidio; redacts, blocks or flags."""

    type_name = "pii"
    Config = PiiConfig
    version = "1"

    def __init__(self, name: str, config: PiiConfig, ctx: BuildContext) -> None:
        super().__init__(name, config, ctx)
        self.cfg = config
        key: bytes | None = None
        if config.operator == "hash":
            var = config.hash_key_env or ""
            raw = ctx.env.get(var, "")
            if not raw:
                raise PiiConfigError(
                    f"operator 'hash' needs an HMAC key: environment variable {var} is not set or empty"
                )
            key = raw.encode()
        self._redactor = Redactor(config.operator, config.mask_char, key)
        self._analyzer = PiiAnalyzer(
            config.entities,
            {e: config.threshold(e) for e in config.entities},
            allow_list=config.allow_list,
            allow_patterns=config.allow_patterns,
            phone_regions=config.phone_regions,
            language=config.language,
            ner_model=config.nlp.model if config.nlp else None,
        )
        self._scope = frozenset(config.scope)
        self._action = _ACTIONS[config.action]
        self.stream_window = config.effective_stream_window() if "output" in self._scope else 0
        self._cache: ScanCache = ctx.shared.setdefault("scan_cache", ScanCache())
        digest = hashlib.sha256(config.model_dump_json().encode()).hexdigest()[:16]
        self._namespace = f"pii:{name}:{digest}"
        ner = f"spacy:{config.nlp.model}" if config.nlp else "off"
        if BUILTIN_NAME_ENTITIES.intersection(config.entities):
            ner += " names=builtin"
        self._lineage = f"{self.type_name}/{self.version} presidio-analyzer/{_presidio_version()} ner={ner}"
        # Decision is immutable: one shared instance for "nothing found" (perf4: decide() is
        # ~3k instructions a call under callgrind).
        self._pass = self.decide()

    @property
    def lineage(self) -> str:
        return self._lineage

    async def _large_spans(self, text: str) -> tuple[PiiSpan, ...]:
        try:  # a cached large segment (older turns of a long chat) needs no thread hop
            return self._cache.get_or_compute(self._namespace, text, _probe)
        except _Miss:
            return await offload(self._cache.get_or_compute, self._namespace, text, self._analyzer.analyze)

    def _verdict(
        self, segments: list[Segment], large: dict[int, tuple[PiiSpan, ...]] | None = None
    ) -> Decision | None:
        """The decision on `segments`, analysed on the loop; None when one of them is large
        and `large` (its spans, analysed in the executor by _screen) is not given."""
        counts: Counter[str] | None = None  # built on the first finding: most texts have none
        rewrites: dict[int, str] = {}
        best = 0.0
        scope, offload_chars = self._scope, self.cfg.offload_chars
        for i, seg in enumerate(segments):
            if seg.role not in scope or not seg.text:
                continue
            if len(seg.text) < offload_chars:  # no coroutine per segment: turn 20 ~ turn 1
                spans = self._cache.get_or_compute(self._namespace, seg.text, self._analyzer.analyze)
            elif large is None:
                return None
            else:
                spans = large[i]
            if not spans:
                continue
            if counts is None:
                counts = Counter()
            counts.update(s.entity for s in spans)
            best = max(best, max(s.score for s in spans))
            if self._action is Action.REDACT:
                rewrites[i] = self._redactor.apply(seg.text, spans)
        if not counts:
            return self._pass
        detail: dict[str, Any] = {"entities": dict(sorted(counts.items())), "count": sum(counts.values())}
        if rewrites:
            detail["segments"] = len(rewrites)
        return self.decide(self._action, "pii_detected", best, detail, rewrites or None)

    async def _screen(self, segments: list[Segment]) -> Decision:
        """The decision when a segment is large: those are analysed in the executor first."""
        large = {}
        for i, seg in enumerate(segments):
            if seg.role in self._scope and len(seg.text) >= self.cfg.offload_chars:
                large[i] = await self._large_spans(seg.text)
        d = self._verdict(segments, large)
        assert d is not None
        return d

    # The usual phase has no large segment: one plain call decides, with no coroutine of its
    # own (perf4: a coroutine layer is ~3k instructions a phase under callgrind), and the
    # chain calls it without on_request's coroutine (perf5: Filter.request_now).
    def request_now(self, ex: Exchange) -> Decision | None:
        return self._verdict(ex.texts)

    def response_now(self, ex: Exchange) -> Decision | None:
        return self._verdict(ex.response_texts)

    async def on_request(self, ex: Exchange) -> Decision:
        d = self._verdict(ex.texts)
        return d if d is not None else await self._screen(ex.texts)

    async def on_response(self, ex: Exchange) -> Decision:
        d = self._verdict(ex.response_texts)
        return d if d is not None else await self._screen(ex.response_texts)

    async def scan_stream(self, ex: Exchange, text: str) -> StreamScan:
        """Screen the held-back window. Not cached: every call sees a different window."""
        if self.stream_window == 0 or not text:
            return StreamScan(self.decide())
        if len(text) < self.cfg.offload_chars:
            spans = self._analyzer.analyze(text)
        else:
            spans = await offload(self._analyzer.analyze, text)
        if not spans:
            return StreamScan(self.decide())
        findings = tuple(
            Finding(s.start, s.end, s.entity, self._redactor.replacement(s.entity, text[s.start : s.end]))
            for s in spans
        )
        counts = Counter(s.entity for s in spans)
        detail = {"entities": dict(sorted(counts.items())), "count": len(spans)}
        best = max(s.score for s in spans)
        return StreamScan(self.decide(self._action, "pii_detected", best, detail), findings)


_AUDIT_LOCK = threading.Lock()
_AUDIT: tuple[PiiAnalyzer, Redactor, ScanCache] | None = None


def _audit_tools() -> tuple[PiiAnalyzer, Redactor, ScanCache]:
    global _AUDIT
    if _AUDIT is None:
        with _AUDIT_LOCK:
            if _AUDIT is None:
                analyzer = PiiAnalyzer(
                    AUDIT_ENTITIES,
                    {e: DEFAULT_THRESHOLDS.get(e, DEFAULT_THRESHOLD) for e in AUDIT_ENTITIES},
                )
                _AUDIT = (analyzer, Redactor(), ScanCache(maxsize=4096))
    return _AUDIT


def redact_for_audit(text: str) -> str:
    """Placeholder-redact every pattern entity, whatever the route's own PII config says.

    For the audit writer: no raw e-mail, phone, card, SSN, IBAN or IP is ever stored.
    Pattern-only and offline; the analyzer is built once, lazily, thread-safely. CPU-bound
    (~0.1 ms per KB of text with digits): call it off the event loop for large records.
    """
    if not text:
        return text
    analyzer, redactor, cache = _audit_tools()
    spans = cache.get_or_compute("pii:audit", text, analyzer.analyze)
    return redactor.apply(text, spans) if spans else text
