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
"""

from __future__ import annotations

import hashlib
import hmac
import importlib.util
import ipaddress
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from filters.base import (
    Action,
    BuildContext,
    Decision,
    Filter,
    FilterConfig,
    Finding,
    StreamScan,
    check_regexes,
    offload,
)
from filters.cache import ScanCache
from filters.pii_patterns import canonical_with_offsets, find_spelled_emails, map_span, needs_canonical
from filters.pii_prefilter import (
    CARD_CONTEXT,
    CONTEXT_BEFORE_CHARS,
    CONTEXT_BONUS,
    VALID_BONUS,
    Prefilter,
    context_words,
    find_cards,
    find_ibans_any_case,
    find_phones,
    phone_written_as_in,
    with_plurals,
)

if TYPE_CHECKING:
    from gateway.exchange import Exchange, Segment

# Pattern entities -> the Presidio predefined recognizer class that finds them. Kept as a
# literal so validating a config does not import Presidio; a test checks it against the
# installed Presidio.
PATTERN_ENTITIES: dict[str, str] = {
    "EMAIL_ADDRESS": "EmailRecognizer",
    "PHONE_NUMBER": "PhoneRecognizer",
    "CREDIT_CARD": "CreditCardRecognizer",
    "US_SSN": "UsSsnRecognizer",
    "IBAN_CODE": "IbanRecognizer",
    "IP_ADDRESS": "IpRecognizer",
    "US_BANK_NUMBER": "UsBankRecognizer",
    "US_DRIVER_LICENSE": "UsLicenseRecognizer",
    "US_ITIN": "UsItinRecognizer",
    "US_PASSPORT": "UsPassportRecognizer",
    "UK_NHS": "NhsRecognizer",
    "UK_NINO": "UkNinoRecognizer",
    "CRYPTO": "CryptoRecognizer",
    "DATE_TIME": "DateRecognizer",
    "MAC_ADDRESS": "MacAddressRecognizer",
    "MEDICAL_LICENSE": "MedicalLicenseRecognizer",
    "URL": "UrlRecognizer",
    "UUID": "UuidRecognizer",
    "ES_NIF": "EsNifRecognizer",
    "ES_NIE": "EsNieRecognizer",
    "IT_FISCAL_CODE": "ItFiscalCodeRecognizer",
    "IN_PAN": "InPanRecognizer",
    "IN_AADHAAR": "InAadhaarRecognizer",
    "AU_ABN": "AuAbnRecognizer",
    "AU_TFN": "AuTfnRecognizer",
    "SG_NRIC_FIN": "SgFinRecognizer",
    "PL_PESEL": "PlPeselRecognizer",
    "FI_PERSONAL_IDENTITY_CODE": "FiPersonalIdentityCodeRecognizer",
}
# Entities a statistical NER model finds (spaCy labels mapped by Presidio).
NER_ENTITIES: frozenset[str] = frozenset({"PERSON", "LOCATION", "ORGANIZATION", "NRP"})
# Of those, the built-in lexicon recognizer (filters.pii_names) finds these without a model;
# ORGANIZATION and NRP still need `nlp`.
BUILTIN_NAME_ENTITIES: frozenset[str] = frozenset({"PERSON", "LOCATION"})
NER_CAPABLE: frozenset[str] = NER_ENTITIES | {"DATE_TIME"}
KNOWN_ENTITIES: frozenset[str] = frozenset(PATTERN_ENTITIES) | NER_ENTITIES

DEFAULT_ENTITIES: tuple[str, ...] = (
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "US_SSN",
    "IBAN_CODE",
    "IP_ADDRESS",
    "PERSON",
    "LOCATION",
)
# What the audit writer always redacts: the pattern types (cheap, exact), not names.
AUDIT_ENTITIES: tuple[str, ...] = tuple(e for e in DEFAULT_ENTITIES if e not in BUILTIN_NAME_ENTITIES)
DEFAULT_THRESHOLD = 0.5
# US_SSN: Presidio scores bare 9-digit runs 0.05 and dashed ones 0.5; a context word
# ("SSN", "social security") adds 0.35, and 0.4 is what a bare run next to "SSN" reaches.
DEFAULT_THRESHOLDS: dict[str, float] = {"US_SSN": 0.4}
DEFAULT_PHONE_REGIONS: tuple[str, ...] = ("US", "GB", "DE", "FR", "IL", "IN", "CA", "BR")

# Streamed answers: the chain holds back the newest `stream_window` characters, and a
# finding is caught only if it is complete while its first character is still held back,
# with the context words it depends on ("Desk: 5403926876") inside the held text too. So
# the window is, over the configured entities, the longest realistic finding plus the
# context it needs; every character of it is added to time-to-first-token.
ENTITY_MAX_CHARS: dict[str, int] = {
    "EMAIL_ADDRESS": 80,  # RFC 5321 allows 254; a 64-character local part + domain fits
    "IP_ADDRESS": 50,  # IPv4-mapped IPv6 with prefix length
    "IBAN_CODE": 42,  # 34 characters in groups of four
    "PHONE_NUMBER": 32,  # +CC, trunk, groups and an extension
    "CREDIT_CARD": 23,  # 19 digits in groups
    "US_SSN": 11,
    "PERSON": 40,  # given name(s), particles and surname(s): "María José García de la Fuente"
    "LOCATION": 48,  # a street address or a multi-word place ("221B Baker Street", "Rio de Janeiro")
}
# Entities whose weak shapes need a context word before them (a bare 9-digit SSN, a
# grouped phone, a 12-digit Maestro): they also need the context window held back.
# Names and places depend on the cue before them ("Dear", "lives in") too.
CONTEXT_DEPENDENT: frozenset[str] = frozenset({"PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "PERSON", "LOCATION"})
OTHER_ENTITY_MAX_CHARS = 64

Role = Literal["system", "user", "assistant", "tool", "document", "input", "output"]
ROLES: tuple[Role, ...] = ("system", "user", "assistant", "tool", "document", "input", "output")

Score = Annotated[float, Field(ge=0.0, le=1.0)]


class PiiConfigError(ValueError):
    """A PII filter that cannot be built as configured (missing key, missing NER model)."""


def _model_install_hint(model: str) -> str:
    return (
        f"spaCy model {model!r} is not installed in the gateway's Python environment. "
        f"Install a spaCy pipeline package, e.g. `pip install en_core_web_sm` (from spaCy's "
        f"release wheels or your package mirror) or `python -m spacy download {model}`, "
        f"or point nlp.model at a model directory. NER is optional: drop `nlp` to run "
        f"pattern-only, offline."
    )


def _spacy_model_installed(model: str) -> bool:
    """True if `model` is an importable package or an existing directory (no spaCy import)."""
    if "/" in model or "\\" in model or model.startswith("."):
        return Path(model).is_dir()
    try:
        return importlib.util.find_spec(model) is not None
    except (ImportError, ValueError):
        return False


class NlpConfig(BaseModel):
    """Optional NER model for names, places and organisations."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    engine: Literal["spacy"] = Field(default="spacy", description="NLP engine; only spaCy is supported.")
    model: str = Field(
        min_length=1,
        max_length=512,
        description="Installed spaCy pipeline package name (en_core_web_sm) or a model directory. "
        "Never downloaded: a missing model fails config load with install instructions.",
    )

    @field_validator("model")
    @classmethod
    def _installed(cls, v: str) -> str:
        if not _spacy_model_installed(v):
            raise ValueError(_model_install_hint(v))
        return v


class PiiConfig(FilterConfig):
    """Config of a `type: pii` filter. Defaults: pattern-only, offline, redact with placeholders."""

    type: Literal["pii"] = "pii"
    action: Literal["redact", "block", "flag"] = Field(
        default="redact",
        description="redact: replace each finding (enforce mode). block: 400 policy_violation, code "
        "pii_detected, listing entity types and counts, never values. flag: record only.",
    )
    operator: Literal["placeholder", "mask", "hash"] = Field(
        default="placeholder",
        description="How a redacted finding is written: placeholder `<EMAIL_ADDRESS>`; mask (every "
        "letter and digit replaced by mask_char, separators kept); hash `<EMAIL_ADDRESS:9f2c1a>`, a "
        "keyed HMAC-SHA256 pseudonym, stable across requests for the same value and key.",
    )
    mask_char: str = Field(default="*", min_length=1, max_length=1, description="Character for `mask`.")
    hash_key_env: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z_][A-Za-z0-9_]*$",
        description="Environment variable holding the HMAC key for operator `hash` (required then).",
    )
    entities: list[str] = Field(
        default_factory=lambda: list(DEFAULT_ENTITIES),
        min_length=1,
        max_length=len(KNOWN_ENTITIES),
        description="Presidio entity names to screen for. PERSON and LOCATION come from the built-in "
        "lexicon recognizer (plus spaCy if `nlp` is set); ORGANIZATION and NRP need `nlp`.",
        json_schema_extra={"items": {"type": "string", "enum": list(sorted(KNOWN_ENTITIES))}},
    )
    thresholds: dict[str, Score] = Field(
        default_factory=dict,
        description=f"Minimum score per entity (0..1); default {DEFAULT_THRESHOLD}, US_SSN 0.4.",
    )
    allow_list: list[Annotated[str, Field(min_length=1, max_length=320)]] = Field(
        default_factory=list,
        max_length=10_000,
        description="Values that are never PII here (e.g. the support address), compared "
        "case-insensitively with the whole finding.",
    )
    allow_patterns: list[Annotated[str, Field(min_length=1, max_length=1000)]] = Field(
        default_factory=list,
        max_length=1000,
        description="Python regexes; a finding that one matches in full (fullmatch) is not PII, "
        r"e.g. `[^@\s]+@example\.com`.",
    )
    phone_regions: list[Annotated[str, Field(pattern=r"^[A-Z]{2}$")]] = Field(
        default_factory=lambda: list(DEFAULT_PHONE_REGIONS),
        min_length=1,
        max_length=300,
        description="ISO 3166 regions for libphonenumber: a digit run in three or more groups without "
        "a context word counts as a phone number if it is valid in one of them and written the way "
        "that region groups it. Fewer regions = cheaper.",
    )
    language: str = Field(
        default="en", pattern=r"^[a-z]{2,3}$", description="Language code for the recognizers and NER."
    )
    scope: list[Role] = Field(
        default_factory=lambda: list(ROLES),
        min_length=1,
        description="Segment roles to screen: system, user, assistant (history), tool (tool results), "
        "document, input (embeddings / model servers), output (answers, also streamed).",
    )
    nlp: NlpConfig | None = Field(
        default=None,
        description="Optional NER model, e.g. {engine: spacy, model: en_core_web_sm}. Off by default: "
        "pattern-only screening misses PERSON and LOCATION but needs no model and costs ~100x less.",
    )
    stream_window: int | None = Field(
        default=None,
        ge=0,
        le=4096,
        description="Characters of a streamed answer held back for screening; TTFT grows by at most "
        "this. Default: the longest configured entity plus the context words it needs (80 for the "
        "default entities: e-mail addresses, and phone numbers with a label before them). 0: do not "
        "screen streamed answers.",
    )
    offload_chars: int = Field(
        default=4096,
        ge=256,
        le=10_000_000,
        description="Segments at least this long are analysed in the executor, off the event loop.",
    )

    @field_validator("entities")
    @classmethod
    def _known_entities(cls, v: list[str]) -> list[str]:
        for e in v:
            if e not in KNOWN_ENTITIES:
                raise ValueError(f"unknown entity {e!r}; known: {', '.join(sorted(KNOWN_ENTITIES))}")
        if len(set(v)) != len(v):
            raise ValueError("entities must not repeat")
        return v

    @field_validator("allow_patterns")
    @classmethod
    def _patterns_compile(cls, v: list[str]) -> list[str]:
        return check_regexes(v)

    @field_validator("phone_regions")
    @classmethod
    def _regions_known(cls, v: list[str]) -> list[str]:
        import phonenumbers  # small; metadata is loaded lazily per region

        unknown = [r for r in v if r not in phonenumbers.SUPPORTED_REGIONS]
        if unknown:
            raise ValueError(f"unknown phone region(s) {', '.join(unknown)} (use ISO 3166 alpha-2 codes)")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> PiiConfig:
        for e in self.thresholds:
            if e not in self.entities:
                raise ValueError(f"thresholds: {e!r} is not one of the configured entities")
        needs_ner = sorted((NER_ENTITIES - BUILTIN_NAME_ENTITIES).intersection(self.entities))
        if needs_ner and self.nlp is None:
            raise ValueError(
                f"entities {', '.join(needs_ner)} need an NER model: set nlp: {{engine: spacy, "
                f"model: <installed spaCy model>}} or remove them"
            )
        if self.operator == "hash" and not self.hash_key_env:
            raise ValueError("operator 'hash' needs hash_key_env (the variable holding the HMAC key)")
        return self

    def threshold(self, entity: str) -> float:
        return self.thresholds.get(entity, DEFAULT_THRESHOLDS.get(entity, DEFAULT_THRESHOLD))

    def effective_stream_window(self) -> int:
        if self.stream_window is not None:
            return self.stream_window
        return max(
            ENTITY_MAX_CHARS.get(e, OTHER_ENTITY_MAX_CHARS)
            + (CONTEXT_BEFORE_CHARS if e in CONTEXT_DEPENDENT or e not in ENTITY_MAX_CHARS else 0)
            for e in self.entities
        )


# ---------------------------------------------------------------------------------------
# Analysis: Presidio recognizers + our phone/card detectors behind the prefilter
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PiiSpan:
    """One finding: offsets into the analysed text, entity type and score (never the value)."""

    start: int
    end: int
    entity: str
    score: float


Hit = tuple[int, int, str, float]
Scanner = Callable[[str], Iterable[Hit]]

_TLD_LOCK = threading.Lock()
_TLD_EXTRACT: Any = None


def _offline_tldextract() -> Any:
    """A TLDExtract that only uses the bundled public suffix list: no fetch, no disk cache."""
    global _TLD_EXTRACT
    with _TLD_LOCK:
        if _TLD_EXTRACT is None:
            import tldextract

            _TLD_EXTRACT = tldextract.TLDExtract(
                cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True
            )
        return _TLD_EXTRACT


def _email_recognizer(language: str) -> Any:
    from presidio_analyzer.predefined_recognizers import EmailRecognizer

    extract = _offline_tldextract()

    class OfflineEmailRecognizer(EmailRecognizer):
        """Presidio's e-mail recognizer with tldextract pinned to its bundled snapshot."""

        def validate_result(self, pattern_text: str) -> bool:
            return extract(pattern_text).fqdn != ""

    return OfflineEmailRecognizer(supported_language=language)


def _presidio_scanner(recognizer: Any, entity: str, keep: Callable[[str], bool] | None = None) -> Scanner:
    def scan(text: str) -> Iterable[Hit]:
        for r in recognizer.analyze(text, [entity], None):
            if keep is None or keep(text[r.start : r.end]):
                yield (r.start, r.end, entity, r.score)

    return scan


def _presidio_multi_scanner(recognizer: Any, entities: list[str]) -> Scanner:
    def scan(text: str) -> Iterable[Hit]:
        for r in recognizer.analyze(text, entities, None):
            yield (r.start, r.end, r.entity_type, r.score)

    return scan


def _valid_address(address: str) -> bool:
    parts = _offline_tldextract()(address.rpartition("@")[2])
    return bool(parts.suffix and parts.domain)


def _spelled_email_scanner(text: str) -> Iterable[Hit]:
    """`jane [at] example [dot] com`, `jane(at)example.com`: scored like a plain address."""
    for start, end in find_spelled_emails(text, _valid_address):
        yield (start, end, "EMAIL_ADDRESS", 1.0)


def _email_scanner(recognizer: Any) -> Scanner:
    """Run Presidio's e-mail regex only on the whitespace-free runs that contain an `@`.

    Its pattern cannot match whitespace, so every match lies inside such a run, and the
    run's edges are word boundaries exactly as in the full text: same results, but the
    (slow, case-insensitive) regex sees a few dozen characters instead of the whole text.
    """

    def scan(text: str) -> Iterable[Hit]:
        n = len(text)
        pos = text.find("@")
        while pos != -1:
            start = pos
            while start > 0 and not text[start - 1].isspace():
                start -= 1
            end = pos + 1
            while end < n and not text[end].isspace():
                end += 1
            for r in recognizer.analyze(text[start:end], ["EMAIL_ADDRESS"], None):
                yield (start + r.start, start + r.end, "EMAIL_ADDRESS", r.score)
            pos = text.find("@", end)

    return scan


def _routable_ip(value: str) -> bool:
    """Loopback and unspecified addresses (127.0.0.1, 0.0.0.0, ::1) identify nobody."""
    try:
        ip = ipaddress.ip_interface(value).ip
    except ValueError:
        return True
    return not (ip.is_loopback or ip.is_unspecified)


# libphonenumber costs ~30 us per candidate and region. A text with more grouped numbers
# than this and no phone context is a table or a log, not a message with a phone number in
# it; past the cap its grouped numbers are not lifted, so hostile input stays cheap.
MAX_PHONE_VALIDATIONS = 16


def _phone_scanner(regions: tuple[str, ...], threshold: float) -> Scanner:
    def scan(text: str) -> Iterable[Hit]:
        budget = MAX_PHONE_VALIDATIONS
        for c in find_phones(text):
            score = c.score
            if c.grouped and score < threshold <= score + VALID_BONUS and budget > 0:
                budget -= 1
                if phone_written_as_in(text[c.start : c.end], regions):
                    score += VALID_BONUS
            yield (c.start, c.end, "PHONE_NUMBER", score)

    return scan


def _iban_any_case_scanner(recognizer: Any) -> Scanner:
    def scan(text: str) -> Iterable[Hit]:
        for start, end in find_ibans_any_case(text, recognizer.validate_result):
            yield (start, end, "IBAN_CODE", 1.0)

    return scan


def _card_scanner(text: str) -> Iterable[Hit]:
    for start, end, score in find_cards(text):
        yield (start, end, "CREDIT_CARD", score)


def _ner_scanner(model: str, language: str, entities: list[str]) -> Scanner:
    if not _spacy_model_installed(model):
        raise PiiConfigError(_model_install_hint(model))
    import spacy
    from presidio_analyzer.nlp_engine import SpacyNlpEngine
    from presidio_analyzer.predefined_recognizers import SpacyRecognizer

    nlp = spacy.load(model)  # an installed package or directory: spacy.load never downloads
    keep = {"tok2vec", "ner", "transformer"}
    nlp.select_pipes(disable=[p for p in nlp.pipe_names if p not in keep])
    engine = SpacyNlpEngine(models=[{"lang_code": language, "model_name": model}])
    engine.nlp = {language: nlp}  # type: ignore[assignment]  # bypasses SpacyNlpEngine.load(), which would try to download
    recognizer = SpacyRecognizer(supported_language=language, supported_entities=entities)
    lock = threading.Lock()  # executor threads share one pipeline; spaCy does not promise it is safe

    def scan(text: str) -> Iterable[Hit]:
        with lock:
            artifacts = engine.process_text(text, language)
        for r in recognizer.analyze(text, entities, artifacts):
            yield (r.start, r.end, r.entity_type, r.score)

    return scan


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
        from presidio_analyzer import predefined_recognizers as pr

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
            recs.append(_Recognizer(names[0], _presidio_multi_scanner(rec, names), frozenset()))
        for entity in self.entities:
            if entity in NER_ENTITIES:
                continue
            if entity == "EMAIL_ADDRESS":
                rec = _email_recognizer(language)
                recs.append(_Recognizer(entity, _email_scanner(rec), with_plurals(rec.context)))
                recs.append(_Recognizer(entity, _spelled_email_scanner, frozenset()))
            elif entity == "PHONE_NUMBER":
                scan = _phone_scanner(tuple(phone_regions), self.thresholds[entity])
                recs.append(_Recognizer(entity, scan, frozenset()))
            elif entity == "CREDIT_CARD":
                rec = pr.CreditCardRecognizer(supported_language=language)
                recs.append(_Recognizer(entity, _presidio_scanner(rec, entity), CARD_CONTEXT))
                recs.append(_Recognizer(entity, _card_scanner, frozenset()))
            elif entity == "IBAN_CODE":
                rec = pr.IbanRecognizer(supported_language=language)
                recs.append(_Recognizer(entity, _presidio_scanner(rec, entity), frozenset()))
                recs.append(_Recognizer(entity, _iban_any_case_scanner(rec), frozenset()))
            else:
                rec = getattr(pr, PATTERN_ENTITIES[entity])(supported_language=language)
                keep = _routable_ip if entity == "IP_ADDRESS" else None
                recs.append(
                    _Recognizer(entity, _presidio_scanner(rec, entity, keep), with_plurals(rec.context or ()))
                )
        ner = [e for e in self.entities if e in NER_CAPABLE]
        self.ner = bool(ner_model and ner)
        self._ner_scan = _ner_scanner(ner_model, language, ner) if ner_model and ner else None
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


# ---------------------------------------------------------------------------------------
# Rewriting
# ---------------------------------------------------------------------------------------

_ALNUM = re.compile(r"\w", re.UNICODE)
_NOT_ALNUM = re.compile(r"[\W_]+")


class Redactor:
    """Turns a finding into its replacement text; holds no per-request state."""

    def __init__(self, operator: str = "placeholder", mask_char: str = "*", key: bytes | None = None) -> None:
        if operator == "hash" and not key:
            raise PiiConfigError("operator 'hash' needs a non-empty key")
        self.operator = operator
        self.mask_char = mask_char
        self._key = key

    def replacement(self, entity: str, value: str) -> str:
        if self.operator == "mask":
            return _ALNUM.sub(self.mask_char, value)
        if self.operator == "hash":
            # Normalise so "John@X.com" and "john@x.com", "+1 555-0100" and "+15550100"
            # get the same pseudonym.
            norm = value.casefold() if entity == "EMAIL_ADDRESS" else _NOT_ALNUM.sub("", value).upper()
            mac = hmac.new(self._key or b"", f"{entity}\0{norm}".encode(), hashlib.sha256)
            return f"<{entity}:{mac.hexdigest()[:6]}>"
        return f"<{entity}>"

    def apply(self, text: str, spans: Iterable[PiiSpan]) -> str:
        parts: list[str] = []
        pos = 0
        for s in spans:
            parts.append(text[pos : s.start])
            parts.append(self.replacement(s.entity, text[s.start : s.end]))
            pos = s.end
        parts.append(text[pos:])
        return "".join(parts)


# ---------------------------------------------------------------------------------------
# The filter
# ---------------------------------------------------------------------------------------


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

    @property
    def lineage(self) -> str:
        return self._lineage

    async def _large_spans(self, text: str) -> tuple[PiiSpan, ...]:
        try:  # a cached large segment (older turns of a long chat) needs no thread hop
            return self._cache.get_or_compute(self._namespace, text, _probe)
        except _Miss:
            return await offload(self._cache.get_or_compute, self._namespace, text, self._analyzer.analyze)

    async def _screen(self, segments: list[Segment]) -> Decision:
        counts: Counter[str] | None = None  # built on the first finding: most texts have none
        rewrites: dict[int, str] = {}
        best = 0.0
        scope, offload_chars = self._scope, self.cfg.offload_chars
        for i, seg in enumerate(segments):
            if seg.role not in scope or not seg.text:
                continue
            if len(seg.text) < offload_chars:  # no coroutine per segment: turn 20 ~ turn 1
                spans = self._cache.get_or_compute(self._namespace, seg.text, self._analyzer.analyze)
            else:
                spans = await self._large_spans(seg.text)
            if not spans:
                continue
            if counts is None:
                counts = Counter()
            counts.update(s.entity for s in spans)
            best = max(best, max(s.score for s in spans))
            if self._action is Action.REDACT:
                rewrites[i] = self._redactor.apply(seg.text, spans)
        if not counts:
            return self.decide()
        detail: dict[str, Any] = {"entities": dict(sorted(counts.items())), "count": sum(counts.values())}
        if rewrites:
            detail["segments"] = len(rewrites)
        return self.decide(self._action, "pii_detected", best, detail, rewrites or None)

    async def on_request(self, ex: Exchange) -> Decision:
        return await self._screen(ex.texts)

    async def on_response(self, ex: Exchange) -> Decision:
        return await self._screen(ex.response_texts)

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


# ---------------------------------------------------------------------------------------
# Audit redaction
# ---------------------------------------------------------------------------------------

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
