"""Finding PII in one text (filters/pii_analyzer.py): overlap resolution, offsets on the
original text, the allow-list, and the analyzer against Presidio and the gold spans of the dev
data (skipped without ../shared)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from filters.pii_analyzer import PiiAnalyzer, PiiSpan
from filters.pii_config import AUDIT_ENTITIES, DEFAULT_ENTITIES
from filters.pii_prefilter import GATES, Prefilter
from filters.pii_recognizers import email_recognizer

DEV_DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "pii_dev.jsonl"


@pytest.fixture(scope="module")
def analyzer() -> PiiAnalyzer:
    return PiiAnalyzer(DEFAULT_ENTITIES, {"US_SSN": 0.4})


def test_findings_are_sorted_disjoint_and_carry_no_value(analyzer: PiiAnalyzer) -> None:
    text = "Reach jane.doe@example.com or +44 20 7946 0958; card 4111 1111 1111 1111 from 203.0.113.7."
    spans = analyzer.analyze(text)
    assert [s.entity for s in spans] == ["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IP_ADDRESS"]
    assert all(a.end <= b.start for a, b in zip(spans, spans[1:], strict=False))
    assert text[spans[0].start : spans[0].end] == "jane.doe@example.com"
    assert {f.name for f in dataclasses.fields(PiiSpan)} == {"start", "end", "entity", "score"}


def test_an_overlap_goes_to_the_higher_score(analyzer: PiiAnalyzer) -> None:
    """An IPv4 address is also phone-shaped digits: the IP reading (higher score) wins."""
    spans = analyzer.analyze("the host is 203.0.113.77 today")
    assert [(s.entity, s.start, s.end) for s in spans] == [("IP_ADDRESS", 12, 24)]


def test_offsets_refer_to_the_text_as_sent_even_with_invisible_characters(analyzer: PiiAnalyzer) -> None:
    text = "mail ja\u200bne@exam\u200bple.com now"  # zero-width spaces inside the address
    (span,) = analyzer.analyze(text)
    assert span.entity == "EMAIL_ADDRESS" and text[span.start : span.end] == "ja\u200bne@exam\u200bple.com"


def test_allow_list_and_patterns_drop_whole_findings_only() -> None:
    a = PiiAnalyzer(
        ["EMAIL_ADDRESS"], {}, allow_list=["Support@Example.com"], allow_patterns=[r"[^@\s]+@corp\.example"]
    )
    text = "support@example.com, bob@corp.example, bob@corp.example.org"
    assert [text[s.start : s.end] for s in a.analyze(text)] == ["bob@corp.example.org"]


def _dev_rows() -> list[dict]:
    if not DEV_DATA.exists():
        pytest.skip(f"{DEV_DATA} not present (../shared is optional)")
    return [json.loads(line) for line in DEV_DATA.read_text().splitlines() if line.strip()]


def test_prefilter_never_skips_what_presidio_finds_on_dev_data() -> None:
    from presidio_analyzer import predefined_recognizers as pr

    rows = _dev_rows()
    stock = {
        "EMAIL_ADDRESS": email_recognizer("en"),  # stock regex, offline suffix list
        "PHONE_NUMBER": pr.PhoneRecognizer(),
        "CREDIT_CARD": pr.CreditCardRecognizer(),
        "US_SSN": pr.UsSsnRecognizer(),
        "IBAN_CODE": pr.IbanRecognizer(),
        "IP_ADDRESS": pr.IpRecognizer(),
    }
    checked = 0
    for row in rows:
        text = row["text"]
        for entity, rec in stock.items():
            if rec.analyze(text, [entity], None):
                checked += 1
                assert GATES[entity](text), (row["id"], entity)
    assert checked > 100


def test_prefilter_is_exact_for_our_analyzer_on_dev_data(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _dev_rows()
    gated = PiiAnalyzer(DEFAULT_ENTITIES, {"US_SSN": 0.4})
    ungated = PiiAnalyzer(DEFAULT_ENTITIES, {"US_SSN": 0.4})
    everything = frozenset(DEFAULT_ENTITIES)
    monkeypatch.setattr(ungated._prefilter, "candidates", lambda text: everything)
    for row in rows:
        assert gated.analyze(row["text"]) == ungated.analyze(row["text"]), row["id"]


def test_prefilter_says_no_for_plain_prose() -> None:
    pre = Prefilter(AUDIT_ENTITIES)  # names have no gate: the pattern types do
    assert Prefilter(DEFAULT_ENTITIES).always == {"PERSON", "LOCATION"}
    assert pre.candidates("Explain the difference between TCP and UDP in two sentences.") == frozenset()
    assert pre.candidates("mail me: x@y.z") == {"EMAIL_ADDRESS"}


def test_pattern_entity_recall_and_precision_on_dev_data() -> None:
    """The quality target of the issue (bench/pii_eval.py prints the full table)."""
    rows = _dev_rows()
    # The pattern types; names and places have their own floor below (their gold spans on the
    # dev split include whole postal addresses, which a name/place recognizer does not claim).
    entities = tuple(e for e in DEFAULT_ENTITIES if e not in ("PERSON", "LOCATION"))
    f = PiiAnalyzer(entities, {"US_SSN": 0.4})
    tp = fn = fp = 0
    for row in rows:
        gold = [s for s in row["spans"] if s["type"] in entities]
        other = row.get("other_spans", []) + [s for s in row["spans"] if s["type"] not in entities]
        found = f.analyze(row["text"])
        for g in gold:
            hit = any(p.entity == g["type"] and p.start < g["end"] and g["start"] < p.end for p in found)
            tp, fn = (tp + 1, fn) if hit else (tp, fn + 1)
        for p in found:
            if any(p.entity == g["type"] and p.start < g["end"] and g["start"] < p.end for g in gold):
                continue
            if not any(p.start < o["end"] and o["start"] < p.end for o in other):
                fp += 1
    assert tp / (tp + fn) >= 0.98 and tp / (tp + fp) >= 0.95


@pytest.mark.parametrize(("entity", "floor"), [("PERSON", 0.80), ("LOCATION", 0.65)])
def test_names_and_places_recall_on_dev_data(entity: str, floor: float) -> None:
    """A regression floor under the figures docs/pii.md reports for the dev split (PERSON
    0.838, LOCATION 0.723 when measured; gold LOCATION spans there are often whole addresses)."""
    rows = _dev_rows()
    f = PiiAnalyzer(DEFAULT_ENTITIES, {"US_SSN": 0.4})
    hit = total = 0
    for row in rows:
        found = f.analyze(row["text"])
        for g in (s for s in row["spans"] if s["type"] == entity):
            total += 1
            hit += any(p.entity == entity and p.start < g["end"] and g["start"] < p.end for p in found)
    assert total > 0 and hit / total >= floor
