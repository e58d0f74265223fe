"""Decoder prechecks: does a text have the shape of something a decoder could open?

Encoded runs are long tokens (base64, hex), spaced-out words are runs of one-letter
tokens, leetspeak needs a letter next to a digit. Ordinary prose fails all of them and no
decoder runs (`filters.canonical_decoders`). Short texts go through one pass over their
tokens (in C when filters/_shape.c is built), long ones through a vectorized numpy pass.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np

from filters.word_index import padded_codes

try:  # the decoder prechecks in C (setup.py builds it; optional)
    from filters._shape import shape as _c_shape
    from filters._shape import shape_long as _c_shape_long
except ImportError:  # pragma: no cover - exercised where no compiler was available
    _c_shape = _c_shape_long = None

MAX_CANDIDATES = 16  # encoded runs tried per text
_PUNCT_SPACED_RE = re.compile(r"(?:[A-Za-z][.\-_*|+/,]){3,}[A-Za-z]\W?")
_LEET_INSIDE_RE = re.compile(r"[A-Za-z][013457@$]+[A-Za-z]")
_HEX_PAIRS = frozenset(f"{i:02x}" for i in range(256)) | frozenset(f"{i:02X}" for i in range(256))
_WORD_PUNCT = "\"'()[]{}<>*_-#~:;,.!?/|\\"


class _Shape(NamedTuple):
    """Structural hints that a decoder could find something in a text."""

    long_tokens: list[str]  # runs of 16+ non-space characters (base64, hex)
    hex_pairs: bool  # eight two-character hex tokens in a row (spaced hex)
    spaced: bool  # four one-letter tokens in a row, or l.e.t.t.e.r.s
    leet_tokens: list[str]  # tokens with a digit (or @, $) between letters: h4ck, 1gn0r3


def _shape(clean: str) -> _Shape:
    """Prechecks of a long text: `_shape_np` in one C pass when filters/_shape.c is built
    (20 KB of benign text: 195 -> 89 us; the same answers, tests/test_canonical_fast.py)."""
    if _c_shape_long is not None:
        long_tokens, hex_pairs, spaced, inside = _c_shape_long(clean)
        return _Shape(long_tokens, hex_pairs, spaced, _tokens_at(clean, inside))
    return _shape_np(clean)


def _shape_np(clean: str) -> _Shape:
    """Vectorized prechecks over the code points of a long text (the reference of the C pass)."""
    c = padded_codes(clean)
    cls = _CLASS[np.minimum(c, 127)]
    cls[c > 127] = 0
    sp = np.flatnonzero(cls & _SPACE)
    gaps = np.diff(sp) - 1  # token lengths
    first = cls[sp[:-1] + 1]  # first character class of every token
    second = cls[np.minimum(sp[:-1] + 2, len(cls) - 1)]
    pair = (gaps == 2) & ((first & second & _HEX) > 0) & (((first | second) & _DIGIT) > 0)
    single = (gaps == 1) & ((first & _LETTER) > 0)
    letter = (cls & _LETTER) > 0
    sep_after = letter[:-1] & ((cls[1:] & _SEP) > 0)
    leet = (cls & _LEETCH) > 0
    inside = np.flatnonzero(letter[:-2] & leet[1:-1] & letter[2:])[:64] + 1  # offsets in " " + clean
    long_at = np.flatnonzero(gaps >= 16)[:MAX_CANDIDATES]
    return _Shape(
        long_tokens=[
            clean[a:b] for a, b in zip(sp[long_at].tolist(), (sp[long_at + 1] - 1).tolist(), strict=True)
        ],
        hex_pairs=_longest_run(pair) >= 8,
        spaced=_longest_run(single) >= 4 or bool((sep_after[:-4] & sep_after[2:-2] & sep_after[4:]).any()),
        leet_tokens=_tokens_at(clean, (inside - 1).tolist()),
    )


def _tokens_at(text: str, offsets: list[int]) -> list[str]:
    """The whitespace-delimited tokens containing the given offsets (each once)."""
    out: list[str] = []
    end = -1
    for p in offsets:
        if p < end:
            continue
        a = max(text.rfind(" ", 0, p), text.rfind("\n", 0, p)) + 1
        ends = [e for e in (text.find(" ", p), text.find("\n", p)) if e >= 0]
        end = min(ends) if ends else len(text)
        out.append(text[a:end])
    return out


def _longest_run(mask: np.ndarray) -> int:
    """Length of the longest run of True in a boolean array."""
    if not mask.any():
        return 0
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.view(np.int8), [0]))))
    return int((edges[1::2] - edges[::2]).max())


def _shape_small(clean: str) -> _Shape:
    """`_shape` for short texts: one pass over the tokens beats numpy call overhead. The C
    version (filters/_shape.c) runs when built: 24 us -> ~2 us per 1 KB."""
    if _c_shape is not None:
        return _Shape(*_c_shape(clean))
    return _shape_small_py(clean)


def _shape_small_py(clean: str) -> _Shape:
    """`_shape_small` in Python: the reference the C version is tested against."""
    long_tokens: list[str] = []
    leet_tokens: list[str] = []
    spaced = False
    pairs = best_pairs = run = 0
    for t in clean.split():
        if t.isalpha():  # most tokens: only the one-letter run and the pair run matter
            if len(t) == 1:
                run += 1
                if run >= 4:
                    spaced = True
            else:
                run = 0
            pairs = 0
            continue
        run = 0
        n = len(t)
        if n > 2 and t.strip(_WORD_PUNCT).isalpha():  # a word with punctuation attached
            pairs = 0
            continue
        if n == 2 and t in _HEX_PAIRS:
            pairs += 1
            if pairs > best_pairs:
                best_pairs = pairs
            continue
        pairs = 0
        if n >= 16:
            long_tokens.append(t)
        if n >= 3 and _LEET_INSIDE_RE.search(t):
            leet_tokens.append(t)
        if not spaced and n >= 7 and _PUNCT_SPACED_RE.fullmatch(t):
            spaced = True
    return _Shape(long_tokens, best_pairs >= 8, spaced, leet_tokens)


_LETTER, _SPACE, _SEP, _LEETCH, _HEX, _DIGIT = 1, 2, 4, 8, 16, 32
_CLASS = np.zeros(128, dtype=np.uint8)
for _ch in "0123456789abcdefABCDEF":
    _CLASS[ord(_ch)] |= _HEX
for _ch in "0123456789":
    _CLASS[ord(_ch)] |= _DIGIT
for _ch in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ":
    _CLASS[ord(_ch)] |= _LETTER
for _ch in " \n\t\r\f\v":
    _CLASS[ord(_ch)] |= _SPACE
for _ch in ".-_*|+/,":
    _CLASS[ord(_ch)] |= _SEP
for _ch in "013457@$":
    _CLASS[ord(_ch)] |= _LEETCH
