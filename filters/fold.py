"""Folding for matching: lowercase, accents stripped, quotes normalized, whitespace collapsed.

The injection rules and classifier read this form (`filters.canonical` folds after undoing
obfuscations), so patterns need neither case nor accent variants. Its own module because
the decoders fold their output too and the keyword filter reuses it.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
     "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
     "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ",
     "ø": "o", "Ø": "o", "đ": "d", "ł": "l", "Ł": "l", "æ": "ae", "œ": "oe"}
)  # fmt: skip
_COMBINING_RE = re.compile("[\u0300-\u036f]+")
_NON_ASCII_RE = re.compile("[^\x00-\x7f]+")
_LOOSE_SPACE = ("  ", "\t", "\r", "\f", "\v", " \n", "\n ", "\n\n")


def fold(text: str) -> str:
    """Lowercase, strip accents, normalize quotes and collapse whitespace (keep newlines).

    Rules are written against this form, so they need neither case-insensitivity nor
    accent variants (`précédentes` and `precedentes` match the same rule). Newlines stay
    because fake conversation turns are recognized at line starts. Only the non-ASCII
    runs go through Unicode decomposition: on a mostly English text with one curly quote,
    decomposing the whole string would cost ten times more.
    """
    t = text.lower()
    if not t.isascii():
        t = _NON_ASCII_RE.sub(_fold_run, t)
    if "`" in t:
        t = t.replace("`", "'")
    if "\n" not in t:
        return " ".join(t.split())
    if not any(w in t for w in _LOOSE_SPACE):
        return t.strip()
    return "\n".join(filter(None, (" ".join(line.split()) for line in t.split("\n"))))


@lru_cache(maxsize=4096)
def _fold_run_text(run: str) -> str:
    t = run.translate(_QUOTES).casefold()
    t = _COMBINING_RE.sub("", unicodedata.normalize("NFKD", t))
    # Recompose what NFKD split apart that is not an accent (Hangul syllables, kana).
    return t if t.isascii() else unicodedata.normalize("NFC", t)


def _fold_run(m: re.Match[str]) -> str:
    return _fold_run_text(m.group())
