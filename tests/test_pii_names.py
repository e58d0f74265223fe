"""Tests for the built-in PERSON/LOCATION recognizer and the obfuscated-PII patterns.

filters/pii_names.py (lexicon + cues + technical-text precision layer), filters/pii_patterns.py
(folding with offsets, spelled-out e-mails), the new card and phone cases in
filters/pii_prefilter.py, the config (PERSON/LOCATION without spaCy), the Presidio
EntityRecognizer wrapper, streamed answers holding names back, and the shipped data files.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from filters.base import Action, BuildContext
from filters.chain import FilterChain
from filters.pii import AUDIT_ENTITIES, DEFAULT_ENTITIES, PiiAnalyzer, PiiConfig, PiiFilter
from filters.pii_names import name_finder, presidio_recognizer
from filters.pii_patterns import canonical_with_offsets, map_span
from filters.pii_prefilter import GATES, Prefilter
from gateway.exchange import Exchange, Segment


def make_filter(**cfg: object) -> PiiFilter:
    return PiiFilter("pii", PiiConfig(type="pii", **cfg), BuildContext(env={}, shared={}))


def exchange(*texts: str) -> Exchange:
    ex = Exchange(request_id="t", method="POST", path="/v1/chat/completions", headers={}, body=b"")
    for i, t in enumerate(texts):
        ex.texts.append(Segment(role="user", text=t, path=("messages", i, "content")))
    return ex


@pytest.fixture(scope="module")
def analyzer() -> PiiAnalyzer:
    return PiiAnalyzer(DEFAULT_ENTITIES, {"US_SSN": 0.4})


def found(analyzer: PiiAnalyzer, text: str) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.entity) for s in analyzer.analyze(text)]


# ----------------------------------------------------------------------- names, places

NAMES_AND_PLACES = [
    ("Dear Tomasz Nowak,\n\nyour visa letter is attached.", [("Tomasz Nowak", "PERSON")]),
    ("Please book a flight for Priya Raghunathan to Lisbon on Monday.",
     [("Priya Raghunathan", "PERSON"), ("Lisbon", "LOCATION")]),
    ("CRM: spoke with Mr. Okafor, he is relocating to Enugu in May.",
     [("Okafor", "PERSON"), ("Enugu", "LOCATION")]),
    ("HR: Siobhán Ní Bhriain joins the Dublin team on 3 March.",
     [("Siobhán Ní Bhriain", "PERSON"), ("Dublin", "LOCATION")]),
    ("Thanks for the quick reply!\n\nBest regards,\nEinojuhani Pyysalo", [("Einojuhani Pyysalo", "PERSON")]),
    ("my name is priya sharma and i live in pune", [("priya sharma", "PERSON"), ("pune", "LOCATION")]),
    ("hey it's dani here, flying to gyomaendrőd tomorrow", [("dani", "PERSON"), ("gyomaendrőd", "LOCATION")]),
    ("Traveller: Nguyễn Văn An, destination Da Nang, two nights.",
     [("Nguyễn Văn An", "PERSON"), ("Da Nang", "LOCATION")]),
    ("Ship it to 221B Baker Street, London.", [("221B Baker Street", "LOCATION"), ("London", "LOCATION")]),
    ("Happy birthday Sarah!! see you in NYC", [("Sarah", "PERSON"), ("NYC", "LOCATION")]),
    ("just saw Taylor Swift in Chicago omg", [("Taylor Swift", "PERSON"), ("Chicago", "LOCATION")]),
    ("Traveller: Maria de la Cruz, destination Lima", [("Maria de la Cruz", "PERSON"), ("Lima", "LOCATION")]),
    ("Please ask Maria about the invoice.", [("Maria", "PERSON")]),
    ("She is relocating to São Domingos do Cariri.", [("São Domingos do Cariri", "LOCATION")]),
    ("lives at 12 Rue de la Paix, 75002 Paris", [("12 Rue de la Paix", "LOCATION"), ("Paris", "LOCATION")]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), NAMES_AND_PLACES)
def test_names_and_places_are_found(
    analyzer: PiiAnalyzer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert sorted(found(analyzer, text)) == sorted(expected)


# Technical text full of product, library and company names that are also names or
# places: none of it is PII. (The benchmark's held-out technical prompts are separate.)
TECHNICAL = [
    "How do I render a Jinja template from a Flask view?",
    "Our Kafka cluster feeds Cassandra; the Jenkins pipeline deploys both.",
    "Is Ruby on Rails faster than Phoenix, or should we try Julia?",
    "Convert this Pandas DataFrame and plot it with Matplotlib.",
    "Our Paris region nodes are slow, the Frankfurt ones are fine.",
    "Why does `paris = City('Paris')` raise a TypeError?",
    "Alice sends Bob a key encrypted with RSA; can Eve read it?",
    "Django's ORM issues N+1 queries; Hibernate has the same problem.",
    "Explain Dijkstra's algorithm and Monte Carlo simulation.",
    "```python\nusers = ['Maria Santos', 'John Smith']\n```\nsort this list",
    "Apache Kafka or Spring Boot for the event pipeline?",
]


@pytest.mark.parametrize("text", TECHNICAL)
def test_technical_text_is_left_alone(analyzer: PiiAnalyzer, text: str) -> None:
    assert found(analyzer, text) == []


def test_cues_override_the_tech_list(analyzer: PiiAnalyzer) -> None:
    assert found(analyzer, "Dear Julia, the Julia code runs now.") == [("Julia", "PERSON")]
    assert found(analyzer, "Mr. Jenkins approved it.") == [("Jenkins", "PERSON")]


def test_common_words_need_more_than_a_capital(analyzer: PiiAnalyzer) -> None:
    assert found(analyzer, "Will you Grant access? Mobile users see a Rose icon.") == []
    assert (
        found(analyzer, "Capitalized words like Wisdom and Discipline are often mistaken with names.") == []
    )


def test_spans_and_scores_come_through_presidio_recognizer() -> None:
    from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NoOpNlpEngine

    rec = presidio_recognizer(["PERSON", "LOCATION"])
    assert isinstance(rec, EntityRecognizer)
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.add_recognizer(rec)
    engine = AnalyzerEngine(
        nlp_engine=NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "none"}]),
        registry=registry,
        supported_languages=["en"],
    )
    text = "Dear Amara Nwosu, welcome to Accra."
    results = engine.analyze(text, language="en", entities=["PERSON", "LOCATION"])
    assert sorted((text[r.start : r.end], r.entity_type) for r in results) == [
        ("Accra", "LOCATION"),
        ("Amara Nwosu", "PERSON"),
    ]
    assert all(0.5 <= r.score <= 1.0 for r in results)


def test_finder_respects_configured_entities() -> None:
    text = "Dear Amara Nwosu, welcome to Accra."
    assert {e for _, _, e, _ in name_finder(["PERSON"]).find(text)} == {"PERSON"}
    assert {e for _, _, e, _ in name_finder(["LOCATION"]).find(text)} == {"LOCATION"}


# --------------------------------------------------------------------------- config


def test_person_and_location_are_defaults_without_spacy() -> None:
    cfg = PiiConfig(type="pii")
    assert "PERSON" in cfg.entities and "LOCATION" in cfg.entities and cfg.nlp is None
    assert PiiConfig(type="pii", entities=["PERSON"]).entities == ["PERSON"]
    with pytest.raises(ValidationError, match="NRP need an NER model"):
        PiiConfig(type="pii", entities=["NRP"])
    assert set(AUDIT_ENTITIES).isdisjoint({"PERSON", "LOCATION"})


async def test_filter_redacts_names_and_places() -> None:
    f = make_filter()
    d = await f.on_request(exchange("Please book a flight for Priya Raghunathan to Lisbon on Monday."))
    assert d.action is Action.REDACT
    assert d.rewrites[0] == "Please book a flight for <PERSON> to <LOCATION> on Monday."
    assert d.detail == {"entities": {"LOCATION": 1, "PERSON": 1}, "count": 2, "segments": 1}


async def test_pattern_only_config_leaves_names() -> None:
    f = make_filter(entities=list(AUDIT_ENTITIES))
    d = await f.on_request(exchange("Dear Tomasz Nowak, welcome to Lisbon."))
    assert d.action is Action.ALLOW


# ------------------------------------------------------------------ streamed answers


@pytest.mark.parametrize("step", [1, 3, 7, 16])
async def test_names_split_across_chunks_never_leak(step: int) -> None:
    f = make_filter()
    guard = FilterChain([], [f]).stream_guard(exchange())
    answer = (
        "Sure, here is the draft.\n\n" + "The venue is confirmed and the agenda is attached. " * 3
        + "Dear Oluwaseun Adeyemi,\nwe look forward to seeing you in Kumasi next week.\n\nBest regards,\nTomasz Nowak"
    )  # fmt: skip
    released = []
    for i in range(0, len(answer), step):
        released.append(await guard.feed(answer[i : i + step]))
        so_far = "".join(released)
        for secret in ("Oluwaseun", "Adeyemi", "Kumasi", "Tomasz", "Nowak"):
            assert secret not in so_far
    released.append(await guard.finish())
    out = "".join(released)
    assert out.endswith(
        "Dear <PERSON>,\nwe look forward to seeing you in <LOCATION> next week.\n\nBest regards,\n<PERSON>"
    )


def test_stream_window_covers_the_longest_name_and_its_cue() -> None:
    f = make_filter()
    # "lives in " + a 4-word place, "Dear " + a long name: both inside the held-back window.
    assert f.stream_window >= len("relocating to ") + len("São Domingos do Cariri")
    assert f.stream_window >= len("Best regards,\n") + len("María José García de la Fuente")


# ------------------------------------------------------------------ obfuscated forms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("write to jane [at] example [dot] com today", "write to <EMAIL_ADDRESS> today"),
        ("mail: j.doe(at)mail.example.co.uk", "mail: <EMAIL_ADDRESS>"),
        ("john at example dot com is mine", "<EMAIL_ADDRESS> is mine"),
        ("ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ まで", "<EMAIL_ADDRESS> まで"),
        ("ja\u200bne@exam\u200bple.org, thanks", "<EMAIL_ADDRESS>, thanks"),
        ("call ５５５-０１９８-２２３４ now", "call <PHONE_NUMBER> now"),
    ],
)
async def test_obfuscated_forms_are_redacted_in_the_original_text(text: str, expected: str) -> None:
    d = await make_filter(entities=list(AUDIT_ENTITIES)).on_request(exchange(text))
    assert d.action is Action.REDACT and d.rewrites[0] == expected


@pytest.mark.parametrize("text", ["look at google.com for it", "meet at 5 at the café", "a @ sign"])
async def test_spelled_at_alone_is_not_an_address(text: str) -> None:
    d = await make_filter(entities=["EMAIL_ADDRESS"]).on_request(exchange(text))
    assert d.action is Action.ALLOW


def test_folding_maps_every_character_back() -> None:
    text = "a\u200bｂ＠c"
    folded, src = canonical_with_offsets(text)
    assert folded == "ab@c"
    assert map_span(src, 0, 4) == (0, len(text))
    assert map_span(src, 1, 3) == (2, 4)


# -------------------------------------------------------------- cards and bare phones


@pytest.mark.parametrize("prefix", ["5018", "5020", "5038", "6759", "6762", "6763"])
def test_twelve_digit_maestro_without_context(analyzer: PiiAnalyzer, prefix: str) -> None:
    body = prefix + "1234567"
    check = next(d for d in "0123456789" if _luhn(body + d))
    assert found(analyzer, f"charge {body}{check} please") == [(body + check, "CREDIT_CARD")]
    bad = next(d for d in "0123456789" if not _luhn(body + d))
    assert found(analyzer, f"order {body}{bad} shipped") == []


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def test_bare_phone_needs_a_phone_word(analyzer: PiiAnalyzer) -> None:
    assert found(analyzer, "my number is 5403926876") == [("5403926876", "PHONE_NUMBER")]
    assert found(analyzer, "Tel.: 5403926876") == [("5403926876", "PHONE_NUMBER")]
    assert found(analyzer, "build 5403926876 passed") == []
    assert found(analyzer, "SSN number 078-05-1121") == [("078-05-1121", "US_SSN")]


# ------------------------------------------------------------------ prefilter, data


@pytest.mark.parametrize(
    "text",
    [
        "call 415 555 2671",
        "card 4111-1111-1111-1111",
        "ssn 078 05 1121",
        "ssn 07805-1121 and 078-051121",
        "v1.2.3 on 2024-01-15 and 3.11.7",
        "1 2 3 4 5 6 7 8 9 0 1 2",
        "no digits at all",
        "a 123-45-678 near miss",
    ],
)
def test_digit_chain_prefilter_equals_the_gates(text: str) -> None:
    ents = ("PHONE_NUMBER", "CREDIT_CARD", "US_SSN")
    expected = {e for e in ents if GATES[e](text)}
    assert Prefilter(ents).candidates(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Fax: 259.735.7502x459 and call +44 20 7946 0958 ext. 1234",
        "4111111111111111abc, (579)888-3058, +46 (0)157 548 89",
        "00 44 20 7946 0958 extension 123456; card 4111-1111-1111-1111.",
        "v3.11.7 build 20240115.3 at 2024-01-15 port 8080 id 1234567",
    ],
)
def test_windowed_phone_and_card_scans_equal_full_scans(text: str) -> None:
    from filters import pii_prefilter as pp

    full_phones = [
        m.span()
        for m in pp._PHONE_CANDIDATE.finditer(text)
        if pp.phone_shape_score(m.group("num")) is not None
    ]
    assert [(c.start, c.end) for c in pp.find_phones(text)] == [
        sp for sp in full_phones if not (pp._STREET_AFTER.match(text, sp[1]))
    ]
    full_cards = [m.span(1) for m in pp._CARD_CANDIDATE.finditer(text)]
    windowed = [
        m.span(1)
        for ws, we in pp.digit_windows(text, 12, 2, 4)
        for m in pp._CARD_CANDIDATE.finditer(text, ws, we)
    ]
    assert windowed == full_cards


@pytest.mark.parametrize(
    ("text", "span", "entity", "kept"),
    [
        ("We deploy Flask on Kubernetes.", "Flask", "PERSON", False),
        ("Our Kafka cluster lags.", "Kafka", "PERSON", False),
        ("Use the `Paris` constant.", "Paris", "LOCATION", False),
        ("Latency from the Paris region is high in our cluster.", "Paris", "LOCATION", False),
        ("I live in Paris and my Django app is slow.", "Paris", "LOCATION", True),
        ("Please call Angela Merkel tomorrow.", "Angela Merkel", "PERSON", True),
        ("Dear Julia, the Julia code runs.", "Julia", "PERSON", True),
    ],
)
def test_vet_applies_the_precision_layer_to_other_recognizers(
    text: str, span: str, entity: str, kept: bool
) -> None:
    start = text.index(span)
    assert name_finder().vet(text, start, start + len(span), entity) is kept


@pytest.mark.parametrize(
    ("text", "is_iban"),
    [
        ("IBAN DE89 3704 0044 0532 0130 00", True),
        ("iban gb33bukb20201555555555", True),
        ("IBAN FR14 2004 1010 0505 0001 3M02 606", True),
        ("IBAN DE89 3704 0044 0532 0130 0", False),  # one digit short for Germany (22)
        ("IBAN GB34 BUKB 2020 1555 5555 55", False),  # mod-97 check fails
        ("IBAN XX89 3704 0044 0532 0130 00", False),  # no such country
    ],
)
def test_iban_country_length_and_checksum(analyzer: PiiAnalyzer, text: str, is_iban: bool) -> None:
    assert any(e == "IBAN_CODE" for _, e in found(analyzer, text)) is is_iban
