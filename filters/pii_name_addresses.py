"""Street addresses for LOCATION: "221B Baker Street", "12 Rue de la Paix", "Apt 4", "PO Box 17",
US military mail, numbered streets ("3247 Rua Igreja 25").

Each pattern runs only behind a cheap necessary condition read from the capitalised runs
the name finder already has (a number before a run, a unit word, a street word first), so
prose without addresses costs ~0.02 ms per KB.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from filters.pii_name_context import inside
from filters.pii_name_words import SCORE_ADDRESS, UPPER

Hit = tuple[int, int, str, float]

_ADDRESS = re.compile(
    r"(?<!\w)\d{1,5}[A-Za-z]?(?:[ \t]+[A-Z][\w'.\-]*){1,4}[ \t]+"
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|(?<!Hard )(?<!Flash )(?<!Disk )Drive|Dr|Court"
    r"|Ct|Place|Pl|Square|Sq"
    r"|Terrace|Way|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Crescent|Close|Row|Trail|Plaza|Alley"
    r"|Strasse|Straße|Str|Gasse|Weg|Platz|Allee)\b\.?"
)
_PREFIX_STREET_WORDS = frozenset(
    "Rue Via Calle Avenida Rua Avenue Boulevard Piazza Plaza Praça Carrer".split()
)
_ADDRESS_PREFIXED = re.compile(
    r"\b(?:Rue|Via|Calle|Avenida|Rua|Avenue|Boulevard|Piazza|Plaza|Praça|Carrer)"
    r"(?:[ \t]+(?:de|del|la|da|do|des|du|della|di)?[ \t]*[A-Z][\w'\-]*){1,4},?[ \t]+\d{1,5}\b"
    # number first: "12 Rue de la Paix", "350 Avenida Paulista"
    r"|\b\d{1,5}[a-zA-Z]?,?[ \t]+(?:Rue|Via|Calle|Avenida|Rua|Avenue|Boulevard|Piazza|Plaza|Praça|Carrer)"
    r"(?:[ \t]+(?:(?:de|del|la|da|do|des|du|della|di|dos|das|le|les)[ \t]+){0,2}[A-Z][\w'\-]*){1,4}"
)
_UNIT_WORDS = frozenset({"Apt", "Apartment", "Suite", "Ste", "Flat", "Box", "P.O", "PO"})
_ADDRESS_UNIT = re.compile(
    r"\b(?:Apt|Apartment|Suite|Ste|Flat)\.?[ \t]*#?[ \t]*\d{1,5}[A-Za-z]?\b"
    r"|\bP\.?[ \t]?O\.?[ \t]+Box[ \t]+\d{1,6}\b"
)
# US military and diplomatic mail ("PSC 0729, Box 5797 / APO AP 96854", "USNS Bergman / FPO
# AA 68422"): the unit line, then the APO/FPO/DPO line. Any case: people type it lower-case.
_MILITARY = re.compile(
    r"\b(?:(?:PSC|CMR|Unit)[ \t]+\d{3,5},?[ \t]+Box[ \t]+\d{3,5}|US[NC][SV]?[ \t]+[A-Za-z]+)[ \t]*,?[ \t]*\n?[ \t]*"
    r"(?:APO|FPO|DPO)[ \t]+(?:AA|AE|AP)[ \t]+\d{5}\b"
    r"|\b(?:APO|FPO|DPO)[ \t]+(?:AA|AE|AP)[ \t]+\d{5}\b",
    re.IGNORECASE,
)
# House number, one to four words (at least one capitalised), building number: "3247 Rua
# Igreja 25", "233 Erzsébet tér 19.", "6614 Luite tee 87". Not in technical text, where
# "2005 Windows 95" shapes occur.
_NUMBERED_STREET = re.compile(
    rf"(?<![\w.,:/\-])\d{{1,5}}[ \t]+(?:[{UPPER}][\w'\-]*\.?[ \t]+(?:[\w'\-]{{1,12}}[ \t]+){{0,3}})"
    r"\d{1,4}[A-Za-z]?\b\.?(?![.,]?\d)"
)
_MONTH = re.compile(
    r"\d+[ \t]+(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b",
    re.IGNORECASE,
)


def find_addresses(
    text: str, code: list[tuple[int, int]], runs: list[re.Match[str]], is_technical: Callable[[], bool]
) -> list[Hit]:
    """Street addresses in `text`; `runs` are the name finder's capitalised runs, `is_technical`
    says (lazily) whether the text is technical, where numbered streets are not looked for."""
    # One pass over the capitalised runs answers the gates: "Apt", "Suite", "Rue", "Via"
    # start or sit in a run, and a numbered street is a run right after a number. (The
    # regex and set-building version of these gates cost 0.034 ms per KB of prose.)
    number_before = unit = prefixed = False
    for m in runs:
        run, start = m.group(1), m.start(1)
        words = [w.rstrip(".,") for w in run.split()] if " " in run else (run.rstrip(".,"),)
        unit = unit or not _UNIT_WORDS.isdisjoint(words)
        prefixed = prefixed or not _PREFIX_STREET_WORDS.isdisjoint(words)
        if not number_before and start and text[start - 1].isdigit():
            number_before = True  # "221B Baker Street": the run starts at the "B"
        elif not number_before and start and text[start - 1] in " \t":
            j = start - 2
            while j >= 0 and text[j] in " \t":
                j -= 1
            if j >= 0 and (text[j].isdigit() or (j and text[j].isalpha() and text[j - 1].isdigit())):
                number_before = True
    patterns = []
    if number_before:
        patterns.append(_ADDRESS)
        if not is_technical():
            patterns.append(_NUMBERED_STREET)
    if unit:
        patterns.append(_ADDRESS_UNIT)
    if prefixed:
        patterns.append(_ADDRESS_PREFIXED)
    if "po " in text or "PO " in text or "Po " in text:
        patterns.append(_MILITARY)
    out: list[Hit] = []
    for pattern in patterns:
        for m in pattern.finditer(text):
            if pattern is _NUMBERED_STREET and _MONTH.match(m.group()):
                continue  # "13 September 1959"
            if not (code and inside(code, m.start())):
                out.append((m.start(), m.end(), "LOCATION", SCORE_ADDRESS))
    return out
