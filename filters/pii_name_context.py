"""What surrounds a candidate name or place: the cue words before it, the words after it,
code around it, and whether the text is technical.

Cues are read from the last one to three words before a run as set lookups (every candidate
run pays for them); what follows a run ("said", "office", a technical noun, code punctuation)
by anchored regexes at its end. The word lists are filters/pii_name_words.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from filters.pii_lexicon import COMMON, FIRST, LAST, PLACE, Lexicon
from filters.pii_name_words import (
    ADDRESS_WORDS,
    HEADER_WORDS,
    PERSONAL_PLACE_1,
    PERSONAL_PLACE_2,
    PLACE_1,
    STRONG_PERSON_1,
    STRONG_PERSON_2,
    TECH_STEMS,
    TECH_SYMBOLS,
    TECH_WORDS,
    TITLES,
    WEAK_PERSON_1,
)

_CUE_STRIP = ",;.!?\"'()[]*>-–—“”‘’"
_INITIAL_BEFORE = frozenset('.!?:;\n•>|*("“[-+')


@dataclass(frozen=True, slots=True)
class Cues:
    title: bool
    person: bool  # strong: "Dear", "my name is", a title, an e-mail header
    weak_person: bool  # "with", "for", "called": enough for two name-like words
    place: bool  # "in", "to", "from", or a personal place cue
    personal_place: bool  # "lives in", "flying to", "destination"
    initial: bool  # first word of a sentence or line
    address: bool  # a greeting, sign-off, "my name is", header or title: beats the tech list


def read_cues(text: str, start: int) -> Cues:
    seg = text[max(0, start - 48) : start]
    raw = seg.split()[-3:]
    words = [w.strip(_CUE_STRIP).casefold() for w in raw]
    last = words[-1] if words else ""
    two = " ".join(words[-2:]) if len(words) >= 2 else ""
    # "From: Anna Keller": the colon is not in _CUE_STRIP, so it is taken off here (it was
    # not, and this cue never fired)
    header = bool(raw) and raw[-1].endswith(":") and last.rstrip(":") in HEADER_WORDS
    title = last.rstrip(".") in TITLES
    person = title or header or last in STRONG_PERSON_1 or two in STRONG_PERSON_2 or last in ("it's", "i'm")
    personal = two in PERSONAL_PLACE_2 or last in PERSONAL_PLACE_1
    i = len(seg) - 1
    while i >= 0 and seg[i] in " \t\"'“‘(":
        i -= 1
    initial = (i < 0 and start - len(seg) <= 0) or (i >= 0 and seg[i] in _INITIAL_BEFORE)
    return Cues(
        title=title,
        person=person,
        weak_person=last in WEAK_PERSON_1 or two == "assistant to",
        place=personal or last in PLACE_1,
        personal_place=personal,
        initial=initial,
        address=title or header or last in ADDRESS_WORDS or two in ("name is", "call me", "my name's"),
    )


def last_word(text: str, start: int) -> str:
    seg = text[max(0, start - 24) : start].split()
    return seg[-1].strip(_CUE_STRIP).casefold().rstrip(".") if seg else ""


def next_word(text: str, end: int) -> str:
    m = re.match(r"[ \t]*(?:'s[ \t]+)?([A-Za-z]+)", text[end : end + 30])
    return m.group(1).casefold() if m else ""


GLUED_BEFORE = frozenset("@#$/\\.-'’`_") | frozenset("0123456789")
CODE_SPAN = re.compile(r"```.*?(?:```|$)|`[^`\n]{1,400}`", re.DOTALL)
PERSON_AFTER = re.compile(
    r"[ \t]*,?[ \t]*(?:said|says|spent|told|asked|wrote|writes|replied|answered|works|worked|lives"
    r"|lived|joined|married|will be|was born|is a|was a|has been|had given|called|emailed|texted"
    r"|mentioned|thinks|wants|needs|and i|and me|'s (?:wife|husband|son|daughter|mother|father"
    r"|birthday|phone|number|email|address|office|manager|account))\b",
    re.IGNORECASE,
)
# What only a person does: enough for a lone word no list knows ("Asya spent a year").
HUMAN_AFTER = re.compile(
    r"[ \t]*,?[ \t]*(?:said|says|told|asked|wrote|replied|answered|joined|married|was born|spent"
    r"|will be talking|had given|emailed|texted|and i|and me|'s (?:wife|husband|son|daughter|mother"
    r"|father|birthday|phone|email|address))\b",
    re.IGNORECASE,
)
PLACE_AFTER = re.compile(
    r"[ \t]+(?:office|branch|headquarters|hq|site|campus|store|plant|factory|warehouse|airport|station)\b"
)
CODE_AFTER = re.compile(r"(?:\.[A-Za-z_]|\(|\[|::|_|=|->|<|/[A-Za-z])")
_ASCII_WORD = re.compile(r"[a-z]+")


def tech_markers(text: str) -> bool:
    """Code punctuation, or a word of the technical vocabulary."""
    if any(s in text for s in TECH_SYMBOLS):
        return True
    words = set(_ASCII_WORD.findall(text.lower()))
    if not words.isdisjoint(TECH_WORDS):
        return True
    return any(w.startswith(TECH_STEMS) for w in words)


def code_spans(text: str) -> list[tuple[int, int]]:
    if "`" not in text:
        return []
    return [m.span() for m in CODE_SPAN.finditer(text)]


def inside(spans: list[tuple[int, int]], start: int) -> bool:
    return any(a <= start < b for a, b in spans)


def line_alone(text: str, start: int, end: int) -> bool:
    """The run is a line of its own (a signature, an address block's first line)."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip(" \t>*-") != "":
        return False
    line_end = text.find("\n", end)
    rest = text[end : len(text) if line_end == -1 else line_end]
    return rest.strip(" \t,.") == ""


def is_technical(text: str, runs: list[re.Match[str]], lex: Lexicon) -> bool:
    """Code markers, or a capitalised product name among the runs ("our Jenkins controller").

    Common words in the tech list ("Word", "Edge", "Box") do not count.
    """
    if tech_markers(text):
        return True
    flags, tech = lex.flags, lex.tech
    for m in runs:
        keys = [w.rstrip(".").removesuffix("'s").removesuffix("’s").casefold() for w in m.group(1).split()]
        if not any(k in tech and not flags.get(k, 0) & (COMMON | PLACE) for k in keys):
            continue
        # A product alone or with other product or plain words ("Apache Kafka", "Spring
        # Boot"); not inside a person's name ("Taylor Swift in Chicago").
        if all(k in tech or flags.get(k, 0) & (FIRST | LAST | PLACE) == 0 for k in keys) or len(keys) == 1:
            return True
    return False


_TWO_CAPS = re.compile(r"[A-Z][A-Z]|[A-Z]-")
_INNER_CAPS = re.compile(r"[a-z][A-Z]")
_NAME_PREFIXED_CAPS = re.compile(r"(?:Mc|Mac|O'|D'|De|Di|La|Le|Van|Von|Fitz)[A-Z]")


def identifier_like(tok: str) -> bool:
    """Identifier-like: all capitals (2+ letters), or CamelCase not shaped like McDonald."""
    if len(tok) >= 2 and (tok.isupper() or _TWO_CAPS.match(tok)):
        return True  # "TVs", "APIs", "E-waste"
    if _INNER_CAPS.search(tok) and not _NAME_PREFIXED_CAPS.match(tok):
        return True
    return False
