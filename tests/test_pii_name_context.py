"""What surrounds a candidate name (filters/pii_name_context.py): cues before it, words after
it, code, identifiers and technical text."""

from __future__ import annotations

import pytest

from filters.pii_lexicon import lexicon
from filters.pii_name_context import (
    HUMAN_AFTER,
    code_spans,
    identifier_like,
    inside,
    is_technical,
    last_word,
    line_alone,
    next_word,
    read_cues,
    tech_markers,
)
from filters.pii_names import _RUN


def cues_before(text: str, word: str):
    return read_cues(text, text.index(word))


def test_cues_before_a_run() -> None:
    c = cues_before("Dear Tomasz, thanks", "Tomasz")
    assert c.person and c.address and not c.title and c.initial is False
    c = cues_before("I met Dr. Lindqvist", "Lindqvist")
    assert c.title and c.person and c.address
    c = cues_before("She lives in Porto now", "Porto")
    assert c.place and c.personal_place and not c.person
    c = cues_before("We went to Porto", "Porto")
    assert c.place and not c.personal_place
    c = cues_before("ask Maria about it", "Maria")
    assert c.weak_person and not c.person
    assert cues_before("The end. Maria came", "Maria").initial
    assert read_cues("Maria came", 0).initial


def test_words_around_and_lines() -> None:
    assert last_word("talk to Mr. Okafor", 12) == "mr"
    assert next_word("Kafka cluster is down", 5) == "cluster"
    assert next_word("Priya's phone", 5) == "phone"
    text = "Regards,\nAlice Smith\n"
    start = text.index("Alice")
    assert line_alone(text, start, start + len("Alice Smith"))
    assert not line_alone("ask Alice Smith today", 4, 15)
    assert HUMAN_AFTER.match(" said hello") and not HUMAN_AFTER.match(" cluster")


def test_code_spans_and_identifiers() -> None:
    text = "run `Flask.run()` then ```\nParis = 1\n``` and Paris"
    spans = code_spans(text)
    assert inside(spans, text.index("Flask")) and inside(spans, text.index("Paris"))
    assert not inside(spans, text.rindex("Paris"))
    assert code_spans("no code here") == []
    assert identifier_like("APIs") and identifier_like("CamelCase") and identifier_like("E-waste")
    assert not identifier_like("McDonald") and not identifier_like("Priya") and not identifier_like("O'Brien")


@pytest.mark.parametrize(
    ("text", "technical"),
    [
        ("pip install requests and retry", True),  # code marker
        ("the Kafka cluster lags behind", True),  # technical vocabulary
        ("our Jenkins controller is down", True),  # a product name among the runs
        ("Taylor Swift sang in Chicago", False),  # not inside a person's name
        ("Lunch with Maria in Lisbon on Friday", False),
    ],
)
def test_technical_text(text: str, technical: bool) -> None:
    runs = list(_RUN.finditer(text))
    assert is_technical(text, runs, lexicon()) is technical
    if technical and not tech_markers(text):
        assert "Jenkins" in text  # only the product-name rule made it technical


@pytest.mark.parametrize("text", ["From: Anna Keller", "To: Anna Keller", "cc: Anna Keller"])
def test_an_email_header_is_a_person_cue(text: str) -> None:
    # the header word keeps its colon after the cue strip; it used to never match HEADER_WORDS
    cues = read_cues(text, text.index("Anna"))
    assert cues.person and cues.address
