"""The word lists of the built-in name recognizer (filters/pii_name_words.py) are data; these
checks keep the data consistent with how the code reads it."""

from __future__ import annotations

from filters import pii_name_words as w


def test_word_sets_are_lower_case_because_they_are_compared_with_casefolded_words() -> None:
    for name in (
        "STOP", "PLACE_PREFIXES", "MONTHS_AND_DAYS", "STREET_WORDS", "TITLES", "STRONG_PERSON_1",
        "STRONG_PERSON_2", "ADDRESS_WORDS", "HEADER_WORDS", "PLACE_1", "PERSONAL_PLACE_1",
        "PERSONAL_PLACE_2", "WEAK_PERSON_1", "OUR_WORDS", "TECH_NOUNS", "PERSONAL_LOWER_PLACE_CUES",
    ):  # fmt: skip
        words = getattr(w, name)
        assert words and all(x == x.lower() for x in words), name


def test_every_cue_ends_in_a_cue_word() -> None:
    """A one-word run no list knows is scored only after a word of ANY_CUE_WORD."""
    for phrase in w.STRONG_PERSON_2 | w.PERSONAL_PLACE_2:
        assert phrase.rsplit(" ", 1)[-1] in w.ANY_CUE_WORD, phrase
    assert w.TITLES <= w.ANY_CUE_WORD and w.PLACE_1 <= w.ANY_CUE_WORD


def test_scores_order_the_evidence_around_the_default_threshold() -> None:
    assert w.SCORE_TITLE > w.SCORE_CUE > w.SCORE_FULL_NAME > w.SCORE_ADDRESS > w.SCORE_PLACE_STRONG
    assert w.SCORE_NAME >= 0.5 > w.SCORE_WEAK  # 0.5: the PII filter's default threshold
    assert w.PARTICLE_SET == frozenset(w.PARTICLES[3:-1].split("|")) and "van" in w.PARTICLE_SET
    assert "A" in w.UPPER and "Ø" in w.UPPER and "a" not in w.UPPER


def test_lower_case_place_cues_have_no_stray_spaces() -> None:
    from filters.pii_name_words import PERSONAL_LOWER_PLACE_CUES

    assert {"relocated to", "travelling to"} <= PERSONAL_LOWER_PLACE_CUES
    assert all(c == " ".join(c.split()) for c in PERSONAL_LOWER_PLACE_CUES)
