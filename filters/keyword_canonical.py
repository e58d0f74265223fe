r"""Canonical text for literal matching, with the way back to the original offsets.

The keywords filter matches its deny literals on the form the injection filter reads
(filters/canonical.py's folds): whitespace runs are one space, zero-width and other invisible
format characters are gone, NFKC applied, look-alike letters folded, case and accents folded.
A match is mapped back to a span of the original text, so a redaction replaces exactly what
was written (invisible characters inside the phrase included).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from typing import NamedTuple

from filters.canonical_unicode import _HOMOGLYPHS  # read-only: the injection filter's folds
from filters.fold import fold


def _invisible(c: str) -> bool:
    """Zero-width, bidi and tag characters (category Cf) and variation selectors."""
    return unicodedata.category(c) == "Cf" or "\ufe00" <= c <= "\ufe0f" or "\U000e0100" <= c <= "\U000e01ef"


@lru_cache(maxsize=8192)
def _fold_char(c: str) -> str:
    """One character in canonical form ("" for invisible ones, " " for any space)."""
    if _invisible(c):
        return ""
    if c.isspace():
        return " "
    t = unicodedata.normalize("NFKC", c)
    t = "".join(_HOMOGLYPHS.get(ch, ch) for ch in t)
    return fold(t) if t.strip() else " "  # fold drops combining accents ("")


_RUNS = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")


class CanonicalText(NamedTuple):
    """A canonical text and the way back to the original: piece j starts at canonical
    offset `cstart[j]` and came from original `[ostart[j], oend[j])`; `oend[j] == -1`
    marks an ASCII run copied one to one (offsets shift linearly inside it)."""

    text: str
    cstart: list[int]
    ostart: list[int]
    oend: list[int]

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Original span of the canonical span [a, b) (b > a)."""
        return self._at(a)[0], self._at(b - 1)[1]

    def _at(self, p: int) -> tuple[int, int]:
        j = bisect_right(self.cstart, p) - 1
        if self.oend[j] == -1:
            o = self.ostart[j] + p - self.cstart[j]
            return o, o + 1
        return self.ostart[j], self.oend[j]


def canonical(text: str) -> CanonicalText:
    """ASCII runs are only lowercased (the patterns match any whitespace run with `\\s+`);
    non-ASCII characters are folded one by one, and a dropped invisible character widens
    the piece before it, so a redaction covers it. Only the pieces are recorded: mapping a
    match back costs a bisect, and the common text (few non-ASCII characters) a few runs."""
    out: list[str] = []
    cstart: list[int] = []
    ostart: list[int] = []
    oend: list[int] = []
    pos = 0
    for m in _RUNS.finditer(text):
        run, i = m.group(), m.start()
        if run.isascii():
            out.append(run.lower())
            cstart.append(pos)
            ostart.append(i)
            oend.append(-1)
            pos += len(run)
            continue
        for k, c in enumerate(run, i):
            f = _fold_char(c)
            if not f:
                if not cstart:
                    continue
                if oend[-1] == -1:  # split the last character off its ASCII run
                    last = ostart[-1] + pos - 1 - cstart[-1]
                    if pos - 1 == cstart[-1]:
                        oend[-1] = k + 1
                    else:
                        cstart.append(pos - 1)
                        ostart.append(last)
                        oend.append(k + 1)
                else:
                    oend[-1] = k + 1
                continue
            out.append(f)
            cstart.append(pos)
            ostart.append(k)
            oend.append(k + 1)
            pos += len(f)
    return CanonicalText("".join(out), cstart, ostart, oend)
