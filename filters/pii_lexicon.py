"""The name and place lexicon of the built-in recognizer: the flag bits, and loading the
shipped data once per process.

Data: `filters/pii_data/lexicon.tsv.gz` (built by `filters/pii_data/build.py` from US Census
1990 names, Faker's given names and surnames of ~60 locales, GeoNames cities, countries and US
states; sources and licences in `filters/pii_data/SOURCES.md`) and the hand-written
`filters/pii_data/tech_terms.txt` (product, library and company names that are also names or
places).
"""

from __future__ import annotations

import gzip
import threading
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "pii_data"
LEXICON_PATH = DATA_DIR / "lexicon.tsv.gz"
TECH_PATH = DATA_DIR / "tech_terms.txt"

# Lexicon flag bits (filters/pii_data/build.py writes them).
FIRST, LAST, PLACE, COMMON, STRONG_PLACE = 1, 2, 4, 8, 16


@dataclass(frozen=True, slots=True)
class Lexicon:
    flags: dict[str, int]
    tech: frozenset[str]
    max_phrase: int


_LOCK = threading.Lock()
_LEXICON: Lexicon | None = None


def lexicon() -> Lexicon:
    """The shipped lexicon, loaded once per process, thread-safely (~0.5 s here, 24 MB)."""
    global _LEXICON
    if _LEXICON is None:
        with _LOCK:
            if _LEXICON is None:
                flags: dict[str, int] = {}
                text = gzip.decompress(LEXICON_PATH.read_bytes()).decode("utf-8")
                for block in text.split("\n="):
                    head, _, keys = block.lstrip("=").partition("\n")
                    flags.update(dict.fromkeys(keys.strip("\n").split("\n"), int(head)))
                tech = frozenset(
                    w.strip().casefold()
                    for w in TECH_PATH.read_text(encoding="utf-8").split()
                    if w.strip() and not w.startswith("#")
                )
                longest = max(k.count(" ") for k in flags) + 1
                _LEXICON = Lexicon(flags, tech, min(longest, 4))
    return _LEXICON
