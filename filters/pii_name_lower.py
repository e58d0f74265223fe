"""Names and places in text typed without capitals ("hey it's dani", "priya sharma", "moving to
porto"): only after strong lower-case cues, or a given name and a surname both in the lexicon.

Run only for chat typed that way: in capitalised prose these passes cost ~0.3 ms per KB (every
"in", "to", "from") and find nothing new (`LOWER_HINT` and the finder's capital-letter check
decide).
"""

from __future__ import annotations

import re

from filters.pii_lexicon import COMMON, FIRST, LAST, PLACE, STRONG_PLACE, Lexicon
from filters.pii_name_context import inside
from filters.pii_name_words import (
    PARTICLE_SET,
    PERSONAL_LOWER_PLACE_CUES,
    SCORE_CUE,
    SCORE_FULL_NAME,
    STOP,
    STRONG_LOWER_NAME_CUES,
)

Hit = tuple[int, int, str, float]

# In lower-case chat only these strong cues lift a lower-case word.
LOWER_PERSON_CUE = re.compile(
    r"\b(?:my name is|my name's|name:|call me|i am|i'm|im|it's|its|this is|dear|hi|hello|hey|regards,?|cheers,?"
    r"|thanks,?|talk(?:ed)? to|spoke (?:to|with)|met|meet|ask|tell|cc|with)[ \t]*[,:]?[ \t\n]+"
    # The name is read in a look-ahead so "hey it's dani" still offers "it's" as a cue.
    r"(?=([^\W\d_]+(?:-[^\W\d_]+)?)(?:[ \t]+([^\W\d_][^\W\d_'\-]*))?)",
    re.IGNORECASE,
)
LOWER_PLACE_CUE = re.compile(
    r"\b(?:live in|lives in|living in|lived in|moved to|moving to|move to|relocat(?:e|ed|ing) to|fly(?:ing)? to|flight to"
    r"|flew to|trip to|travel(?:l?ing)? to|visiting|based in|born in|grew up in|from|in|to|near"
    r"|headed to|heading to|going to|arriving in|arrived in|staying in|back in|back to)[ \t]+"
    r"([^\W\d_][^\W\d_'\-]*)(?:[ \t]+([^\W\d_][^\W\d_'\-]*))?(?:[ \t]+([^\W\d_][^\W\d_'\-]*))?",
    re.IGNORECASE,
)
# Cheap pre-check for the lower-case pass: a lower-case cue word at all.
LOWER_HINT = re.compile(
    r"\b(?:name|call me|i'm|im|i am|it's|its|this is|dear|hi|hello|hey|regards|cheers|thanks|talk|spoke|met|meet"
    r"|ask|tell|cc|with|live|living|lived|moved|moving|move|fly|flying|flight|flew|trip|travel"
    r"|visiting|based|born|grew|from|in|to|near|headed|heading|going|arriv|staying|back|relocat\w*)\b[ \t]+[a-z]"
)
_LOWER_WORD = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*")


def lower_pairs(lex: Lexicon, text: str, code: list[tuple[int, int]]) -> list[Hit]:
    """In text typed without capitals: a given name, maybe an initial, then a surname.

    Both words must be in the name lists and at least one must not be an English word
    ("priya sharma", "leone mazzi"; not "will smith" in "i will smith the iron").
    """
    flags, tech = lex.flags, lex.tech
    words = [(m.start(), m.end(), m.group().casefold()) for m in _LOWER_WORD.finditer(text)]
    out: list[Hit] = []
    i = 0
    while i < len(words) - 1:
        s1, e1, w1 = words[i]
        f1 = flags.get(w1, 0)
        if not f1 & FIRST or w1 in STOP or w1 in tech or w1 in PARTICLE_SET:
            i += 1
            continue
        j = i + 1
        if len(words[j][2]) == 1 and j + 1 < len(words):
            j += 1  # a middle initial
        s2, e2, w2 = words[j]
        f2 = flags.get(w2, 0)
        gap = text[e1:s2]
        if (
            (f2 & (LAST | FIRST) or (f2 == 0 and len(w2) > 2 and not f1 & COMMON))
            and w2 not in STOP
            and w2 not in tech
            and not (f1 & COMMON and f2 & COMMON)
            and "\n" not in gap
            and len(gap) <= 4
            and not (code and inside(code, s1))
        ):
            out.append((s1, e2, "PERSON", SCORE_FULL_NAME))
            i = j + 1
        else:
            i += 1
    return out


def lower_case(lex: Lexicon, text: str, code: list[tuple[int, int]]) -> list[Hit]:
    """A lower-case word after a strong person cue, lower-case words after a place cue."""
    flags = lex.flags
    out: list[Hit] = []
    for m in LOWER_PERSON_CUE.finditer(text):
        w1 = m.group(1)
        if not w1.islower() or (code and inside(code, m.start(1))):
            continue
        k1 = w1.casefold()
        f1 = flags.get(k1, 0)
        cue = m.group(0)[: m.start(1) - m.start(0)].strip(" \t\n,:").casefold()
        strong = cue in STRONG_LOWER_NAME_CUES
        w2 = m.group(2)
        k2 = w2.casefold() if w2 else ""
        f2 = flags.get(k2, 0)
        # An unknown first word ("dani") needs a strong cue or a name-like second word.
        pair = bool(w2) and w2.islower() and k2 not in STOP and not f2 & COMMON and (bool(f2) or len(k2) > 2)
        ok_first = (f1 & FIRST and not f1 & COMMON) or (not f1 and len(k1) > 2 and pair and "'" not in k1)
        if k1 in STOP or (not strong and not ok_first):
            continue
        end = m.end(1)
        if w2 and w2.islower():
            k2 = w2.casefold()
            f2 = flags.get(k2, 0)
            if (f2 & (LAST | FIRST) or (not f2 and len(k2) > 2)) and not f2 & COMMON and k2 not in STOP:
                end = m.end(2)
        out.append((m.start(1), end, "PERSON", SCORE_CUE))
    for m in LOWER_PLACE_CUE.finditer(text):
        if code and inside(code, m.start(1)):
            continue
        words = [g for g in m.groups() if g]
        if not words[0].islower():
            continue
        cue = " ".join(m.group(0)[: m.start(1) - m.start(0)].split()).casefold()
        if cue in PERSONAL_LOWER_PLACE_CUES:
            j = 0
            while j < len(words):
                k = words[j].casefold()
                f = flags.get(k, 0)
                if k in STOP or (f & COMMON and not f & PLACE and not (0 < j and k in PARTICLE_SET)):
                    break
                j += 1
            while j > 0 and words[j - 1].casefold() in PARTICLE_SET:
                j -= 1
            if j:
                out.append((m.start(1), m.end(j), "LOCATION", SCORE_CUE))
                continue
        for j in range(len(words), 0, -1):
            key = " ".join(words[:j]).casefold()
            f = flags.get(key, 0)
            if f & PLACE and not f & COMMON and words[0].casefold() not in STOP:
                if j == 1 and not f & STRONG_PLACE and f & (FIRST | LAST):
                    break
                out.append((m.start(1), m.end(j), "LOCATION", SCORE_CUE))
                break
    return out
