"""Text canonicalization for adversarial-input screening.

Attackers hide instructions where regexes and classifiers do not look: invisible Unicode
(zero-width joiners, bidi overrides, the U+E0000 tag block that silently encodes ASCII),
look-alike letters from other scripts, `i g n o r e` spacing, leetspeak, and payloads
encoded as base64, hex, URL-encoding or ROT13. `canonicalize()` undoes those tricks and
returns the folded visible text plus extra *views* (decoded or hidden texts) that the
detector screens as well, and reports which transforms fired, because the presence of
a trick is itself evidence.

Cost matters more than completeness here: this runs on every prompt segment. Plain ASCII
text skips every Unicode step, and each decoder is guarded by a cheap precheck, so a
benign 1 KB English message costs a few regex scans. Decoding is bounded in depth and
size so a hostile input cannot make us do unbounded work.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import NamedTuple

from filters.canonical_decoders import decode_runs
from filters.canonical_unicode import _HOMOGLYPH_RE, _INVISIBLE_RE, _fold_homoglyphs, _strip_invisible
from filters.fold import fold, map_non_ascii_runs, non_ascii_chars
from filters.word_index import WordIndex

__all__ = ["MAX_DECODED_CHARS", "MAX_DEPTH", "Canonical", "View", "canonicalize", "fold"]

MAX_DEPTH = 3  # decoded payloads are canonicalized again, up to this many levels deep
MAX_DECODED_CHARS = 16_384  # total decoded text one call may produce


class View(NamedTuple):
    """An extra text to screen: decoded, hidden or de-obfuscated; `via` says how we got it."""

    text: str
    via: tuple[str, ...]


class Canonical(NamedTuple):
    """Result of canonicalizing one text. (NamedTuples, as SegmentScan: every fresh text
    builds one, and a frozen dataclass's __init__ costs ~1.5 us more.)

    `text` is the folded visible text (NFKC, homoglyphs folded, invisible characters
    removed, lowercased, accents stripped, whitespace collapsed) that rules and the model
    read. `views` are further texts the attacker may have meant the model to read.
    `invisible` counts suspicious hidden characters; `hidden` is True when they carried
    a payload (tag characters or variation-selector bytes).
    """

    text: str
    views: tuple[View, ...] = ()
    transforms: frozenset[str] = frozenset()
    invisible: int = 0
    hidden: bool = False
    word_index: WordIndex | None = None  # of `text`, reused by the rule prefilter

    @property
    def suspicious_invisible(self) -> bool:
        return self.hidden or self.invisible > 0


@lru_cache(maxsize=4096)
def _nfkc_run_text(run: str) -> str:
    return unicodedata.normalize("NFKC", run)


def _nfkc(text: str) -> str:
    """NFKC applied per non-ASCII run (ASCII is already NFKC; runs repeat, so cache them)."""
    return map_non_ascii_runs(text, _nfkc_run_text)


class _Budget:
    """Decoding budget shared by one canonicalize() call and its recursive calls."""

    __slots__ = ("chars",)

    def __init__(self) -> None:
        self.chars = MAX_DECODED_CHARS

    def take(self, text: str) -> str | None:
        if self.chars <= 0:
            return None
        text = text[: self.chars]
        self.chars -= len(text)
        return text


def canonicalize(
    text: str, *, depth: int = 0, _budget: _Budget | None = None, with_index: bool = True
) -> Canonical:
    """Undo the known obfuscations of `text` and report which ones were present.

    `with_index=False` skips building the word index of the folded text (`word_index` is then
    None): the injection detector runs its rules on a minority of texts and lets them
    build it when they do; the index was half of canonicalize's cost on 1 KB of prose.
    """
    budget = _budget or _Budget()
    transforms: set[str] = set()
    views: list[View] = []
    invisible = 0
    hidden = False
    clean = text
    if not text.isascii():
        odd = non_ascii_chars(text)  # the non-ASCII characters, for prechecks (C: 8 us less per 1 KB)
        if _INVISIBLE_RE.search(odd):
            clean, inv = _strip_invisible(clean)
            invisible = inv.suspicious
            transforms |= inv.kinds
            for label, payload in inv.payloads:
                hidden = hidden or label != "bidi_reversed"
                _add_decoded(views, transforms, payload, label, depth, budget)
        if not unicodedata.is_normalized("NFKC", odd):
            nfkc = _nfkc(clean)
            if nfkc != clean:
                transforms.add("nfkc")
                clean = nfkc
        if _HOMOGLYPH_RE.search(odd):
            clean = _fold_homoglyphs(clean, transforms, odd, len(text) - len(odd))
    folded = fold(clean)
    if depth < MAX_DEPTH:

        def add(payload: str, label: str) -> None:
            _add_decoded(views, transforms, payload, label, depth, budget)

        def plain(view: str, label: str) -> None:
            transforms.add(label)
            views.append(View(view, (label,)))

        index = decode_runs(clean, folded, add, plain, with_index)
    else:
        index = None
    return Canonical(folded, tuple(views), frozenset(transforms), invisible, hidden, index)


def _add_decoded(
    views: list[View], transforms: set[str], payload: str, label: str, depth: int, budget: _Budget
) -> None:
    """Canonicalize a decoded payload and add it (and its own views) as views."""
    taken = budget.take(payload)
    if not taken or not taken.strip():
        return
    transforms.add(label)
    inner = canonicalize(taken, depth=depth + 1, _budget=budget)
    transforms |= inner.transforms
    views.append(View(inner.text, (label,)))
    views.extend(View(v.text, (label, *v.via)) for v in inner.views)
