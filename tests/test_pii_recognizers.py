"""The PII scanners (filters/pii_recognizers.py): the e-mail scan around `@` agrees with the
stock recognizer on the whole text, spelled-out addresses, which IPs identify nobody, the
libphonenumber budget, and a missing spaCy model refused with instructions."""

from __future__ import annotations

import pytest

from filters import pii_recognizers
from filters.pii_config import PiiConfigError
from filters.pii_recognizers import (
    MAX_PHONE_VALIDATIONS,
    email_recognizer,
    email_scanner,
    ner_scanner,
    phone_scanner,
    routable_ip,
    spelled_email_scanner,
)

EMAIL_TEXTS = [
    "write to jane.doe@example.com today",
    "(a@b.co) and <x.y+tag@sub.example.org>, also bad@nowhere.invalidtld",
    "two@example.com,three@example.net",
    "no address here @ all",
    "@@@ a@@b.com c@d@e.com",
    "trailing at end user@example.com",
    "unicode ünïcode@example.de and tabs\tq@example.io\n",
]


@pytest.mark.parametrize("text", EMAIL_TEXTS)
def test_the_email_scan_around_at_signs_equals_the_stock_recognizer_on_the_whole_text(text: str) -> None:
    rec = email_recognizer("en")
    whole = sorted((r.start, r.end, r.score) for r in rec.analyze(text, ["EMAIL_ADDRESS"], None))
    around = sorted((s, e, score) for s, e, _, score in email_scanner(rec)(text))
    assert around == whole


def test_spelled_out_addresses_score_like_plain_ones() -> None:
    text = "reach me at jane [at] example [dot] com or at jane(at)example.com"
    hits = list(spelled_email_scanner(text))
    assert [text[s:e] for s, e, _, _ in hits] == ["jane [at] example [dot] com", "jane(at)example.com"]
    assert {(entity, score) for _, _, entity, score in hits} == {("EMAIL_ADDRESS", 1.0)}
    assert list(spelled_email_scanner("meet me at noon [at] the station")) == []


@pytest.mark.parametrize(
    ("value", "routable"),
    [("127.0.0.1", False), ("0.0.0.0", False), ("::1", False), ("203.0.113.7", True), ("10.0.0.1/8", True)],
)
def test_loopback_and_unspecified_addresses_identify_nobody(value: str, routable: bool) -> None:
    assert routable_ip(value) is routable


def test_phone_validations_stop_at_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """A table of grouped numbers without a phone context costs at most the budget in
    libphonenumber calls, however long it is."""
    calls: list[str] = []
    monkeypatch.setattr(
        pii_recognizers, "phone_written_as_in", lambda text, regions: calls.append(text) or True
    )
    table = "\n".join(f"row {i}: 555 01{i:02d} 77{i:02d}" for i in range(40))
    hits = list(phone_scanner(("US",), 0.5)(table))
    assert len(hits) >= 40 and len(calls) == MAX_PHONE_VALIDATIONS


def test_a_missing_spacy_model_is_refused_with_install_instructions() -> None:
    with pytest.raises(PiiConfigError, match="pip install"):
        ner_scanner("xx_no_such_model_pkg", "en", ["PERSON"])
