"""Folding for matching: lowercase, accents stripped, quotes normalized, whitespace collapsed.

The injection rules and classifier read this form (`filters.canonical` folds after undoing
obfuscations), so patterns need neither case nor accent variants. Its own module because
the decoders fold their output too and the keyword filter reuses it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
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

try:  # the same functions in C (filters/_fold.c; optional, like _shape)
    import filters._fold as _fold
except ImportError:  # pragma: no cover - the extension is not built: the Python code serves
    _fold = None


def map_non_ascii_runs(text: str, fn: Callable[[str], str]) -> str:
    """`text` with each maximal run of non-ASCII characters replaced by `fn(run)`."""
    if _fold is not None:
        return _fold.map_runs(text, fn)
    return _NON_ASCII_RE.sub(lambda m: fn(m.group()), text)


def non_ascii_chars(text: str) -> str:
    """The non-ASCII characters of `text`, in order (what the canonicalizer's prechecks read)."""
    if _fold is not None:
        return _fold.non_ascii(text)
    return "".join(_NON_ASCII_RE.findall(text))


def fold(text: str) -> str:
    """Lowercase, strip accents, normalize quotes and collapse whitespace (keep newlines).

    Rules are written against this form, so they need neither case-insensitivity nor
    accent variants (`précédentes` and `precedentes` match the same rule). Newlines stay
    because fake conversation turns are recognized at line starts. Only the non-ASCII
    runs go through Unicode decomposition: on a mostly English text with one curly quote,
    decomposing the whole string would cost ten times more.
    """
    if _fold is None:
        return fold_py(text)
    done = _fold.fold_ascii(text)
    if done is not None:
        return done
    # str.lower runs the full case mapping for every character, ASCII included; _fold.lower
    # gives the same string with ASCII from a table (canonicalize per 1 KB hard-negative
    # bench message 358k -> 327k instructions, per 20 KB benign 5.32M -> 4.63M, callgrind;
    # lowering the non-ASCII runs one by one with str.lower instead was slower on texts of
    # many short runs: 1 KB of Russian prose 53 -> 75 us, min of 7 under load). A capital
    # sigma lowers by context: str.lower then.
    low = _fold.lower(text)
    t = _fold.map_runs(text.lower() if low is None else low, _fold_run_text)
    return _fold.squeeze(t.replace("`", "'") if "`" in t else t)


def fold_py(text: str) -> str:
    """`fold` in Python: the reference filters/_fold.c is tested against, and the code that
    runs where the extension is not built."""
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
