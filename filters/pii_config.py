"""`type: pii` configuration: the entity vocabulary, the defaults, and the config model.

Importing this module is cheap (the config schema needs it): the entity tables are literals
so validating a config imports neither Presidio nor spaCy (phone regions import the small
`phonenumbers` package). What the filter does with it is filters/pii.py.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from filters.base import FilterConfig, check_regexes
from filters.pii_prefilter import CONTEXT_BEFORE_CHARS

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


def model_install_hint(model: str) -> str:
    return (
        f"spaCy model {model!r} is not installed in the gateway's Python environment. "
        f"Install a spaCy pipeline package, e.g. `pip install en_core_web_sm` (from spaCy's "
        f"release wheels or your package mirror) or `python -m spacy download {model}`, "
        f"or point nlp.model at a model directory. NER is optional: drop `nlp` to run "
        f"pattern-only, offline."
    )


def spacy_model_installed(model: str) -> bool:
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
        if not spacy_model_installed(v):
            raise ValueError(model_install_hint(v))
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
