"""The scanners the PII analyzer runs: each turns a text into (start, end, entity, score) hits.

Presidio's pattern recognizers called directly (no AnalyzerEngine, no NLP engine), and the
detectors of our own that sit beside them: e-mail addresses found only around an `@` and
spelled out ("jane [at] example [dot] com"), phone numbers scored by shape and context and
lifted by libphonenumber under a budget, cards and IBANs in any case and grouping, and the
optional spaCy NER. Offline: the e-mail validation uses tldextract's bundled public suffix
list, and a spaCy model is loaded only if installed (never downloaded).
"""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Callable, Iterable
from typing import Any

from filters.pii_config import PiiConfigError, model_install_hint, spacy_model_installed
from filters.pii_patterns import find_spelled_emails
from filters.pii_prefilter import (
    VALID_BONUS,
    find_cards,
    find_ibans_any_case,
    find_phones,
    phone_written_as_in,
)

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


def email_recognizer(language: str) -> Any:
    from filters.presidio_lite import recognizers

    EmailRecognizer: Any = recognizers().EmailRecognizer
    extract = _offline_tldextract()

    class OfflineEmailRecognizer(EmailRecognizer):
        """Presidio's e-mail recognizer with tldextract pinned to its bundled snapshot."""

        def validate_result(self, pattern_text: str) -> bool:
            return extract(pattern_text).fqdn != ""

    return OfflineEmailRecognizer(supported_language=language)


def presidio_scanner(recognizer: Any, entity: str, keep: Callable[[str], bool] | None = None) -> Scanner:
    def scan(text: str) -> Iterable[Hit]:
        for r in recognizer.analyze(text, [entity], None):
            if keep is None or keep(text[r.start : r.end]):
                yield (r.start, r.end, entity, r.score)

    return scan


def presidio_multi_scanner(recognizer: Any, entities: list[str]) -> Scanner:
    def scan(text: str) -> Iterable[Hit]:
        for r in recognizer.analyze(text, entities, None):
            yield (r.start, r.end, r.entity_type, r.score)

    return scan


def _valid_address(address: str) -> bool:
    parts = _offline_tldextract()(address.rpartition("@")[2])
    return bool(parts.suffix and parts.domain)


def spelled_email_scanner(text: str) -> Iterable[Hit]:
    """`jane [at] example [dot] com`, `jane(at)example.com`: scored like a plain address."""
    for start, end in find_spelled_emails(text, _valid_address):
        yield (start, end, "EMAIL_ADDRESS", 1.0)


def email_scanner(recognizer: Any) -> Scanner:
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


def routable_ip(value: str) -> bool:
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


def phone_scanner(regions: tuple[str, ...], threshold: float) -> Scanner:
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


def iban_any_case_scanner(recognizer: Any) -> Scanner:
    def scan(text: str) -> Iterable[Hit]:
        for start, end in find_ibans_any_case(text, recognizer.validate_result):
            yield (start, end, "IBAN_CODE", 1.0)

    return scan


def card_scanner(text: str) -> Iterable[Hit]:
    for start, end, score in find_cards(text):
        yield (start, end, "CREDIT_CARD", score)


def ner_scanner(model: str, language: str, entities: list[str]) -> Scanner:
    if not spacy_model_installed(model):
        raise PiiConfigError(model_install_hint(model))
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
