"""Writing PII findings back (filters/pii_redactor.py): placeholders, masks, keyed pseudonyms,
and the replacement of every finding through filters/spans.py with the rest of the text kept."""

from __future__ import annotations

import pytest

from filters.pii_analyzer import PiiSpan
from filters.pii_config import PiiConfigError
from filters.pii_redactor import Redactor

TEXT = "mail Jane@X.com or call +1 555-0100."
SPANS = (PiiSpan(5, 15, "EMAIL_ADDRESS", 1.0), PiiSpan(24, 35, "PHONE_NUMBER", 0.75))


def test_placeholders_replace_each_finding_and_keep_the_rest() -> None:
    assert Redactor().apply(TEXT, SPANS) == "mail <EMAIL_ADDRESS> or call <PHONE_NUMBER>."
    assert Redactor().apply(TEXT, ()) == TEXT


def test_adjacent_findings_and_findings_at_the_edges() -> None:
    text = "a@b.co1.2.3.4"
    spans = (PiiSpan(0, 6, "EMAIL_ADDRESS", 1.0), PiiSpan(6, 13, "IP_ADDRESS", 0.6))
    assert Redactor().apply(text, spans) == "<EMAIL_ADDRESS><IP_ADDRESS>"


def test_mask_keeps_separators_and_length() -> None:
    out = Redactor("mask", "#").apply(TEXT, SPANS)
    assert out == "mail ####@#.### or call +# ###-####."
    assert len(out) == len(TEXT)


def test_hash_pseudonyms_are_keyed_and_normalised() -> None:
    r = Redactor("hash", key=b"k1")
    same = r.replacement("EMAIL_ADDRESS", "jane@x.com")
    assert same == r.replacement("EMAIL_ADDRESS", "JANE@X.COM")  # e-mail: case-folded
    assert r.replacement("PHONE_NUMBER", "+1 555-0100") == r.replacement("PHONE_NUMBER", "+15550100")
    assert same.startswith("<EMAIL_ADDRESS:") and len(same) == len("<EMAIL_ADDRESS:>") + 6
    assert Redactor("hash", key=b"k2").replacement("EMAIL_ADDRESS", "jane@x.com") != same
    with pytest.raises(PiiConfigError):
        Redactor("hash")
