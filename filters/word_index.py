"""A vectorized word index of a folded text: where every word starts, and codes of its
first four and first six characters.

Why: the injection rules and the canonicalizer's ROT13/reversed-text precheck both need
"which of these few hundred trigger words occur in this text, and where". A Python loop
over the words of a 20 KB document costs more than all the regexes that follow; here
the whole lookup is a dozen numpy operations over the code points and one sorted-table
search per prefix length.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

try:  # the same index and lookups in C (filters/_shape.c; optional, like the other extensions)
    from filters._shape import key_hits as _c_key_hits
    from filters._shape import word_index as _c_word_index
except ImportError:  # pragma: no cover - the extension is not built: numpy serves
    _c_word_index = _c_key_hits = None


def _contiguous(starts: np.ndarray, short: np.ndarray, long: np.ndarray) -> bool:
    """The arrays key_hits reads: int64 / uint32 / uint32, C-contiguous."""
    return (
        starts.dtype == np.int64
        and short.dtype == np.uint32
        and long.dtype == np.uint32
        and starts.flags.c_contiguous
        and short.flags.c_contiguous
        and long.flags.c_contiguous
    )


_WORD_CHARS = np.zeros(128, dtype=bool)
for _ch in "abcdefghijklmnopqrstuvwxyz0123456789":
    _WORD_CHARS[ord(_ch)] = True
_APOSTROPHE = ord("'")
_MULT = np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1, 0xD3A2646C], dtype=np.uint32)
_LONG = np.uint64(1 << 32)  # key codes of six-character prefixes live above 2**32
_SIX = np.arange(6)
_MARK = np.arange(1, 7, dtype=np.uint32) * np.uint32(0x01000193)
_MARKED = _MARK * _MULT


@dataclass(frozen=True, slots=True)
class WordIndex:
    """Start offset and prefix codes of every word of a folded text.

    `short[i]` codes the first four characters of word i (or the whole word when it is
    shorter), `long[i]` the first six. A key of six or more characters is looked up by
    its six-character prefix, a key of four or five by its first four characters, a
    shorter key as a whole word: `ignor` finds ignore/ignored/ignoring, `instructions`
    finds instruction/instructed but not install or instance.
    """

    starts: np.ndarray
    short: np.ndarray
    long: np.ndarray

    def hits(self, table: KeyTable) -> tuple[np.ndarray, np.ndarray]:
        """(offsets, key codes) of the words whose prefix code is in the table. In C when
        filters/_shape.c is built and the arrays are contiguous: one call where the numpy
        code made ~16 (1 KB 13 -> 2.7 us, 20 KB 94 -> 16 us; the same arrays as `hits_np`,
        tests/test_canonical_fast.py)."""
        if _c_key_hits is not None and _contiguous(self.starts, self.short, self.long):
            offsets, codes = _c_key_hits(
                self.starts,
                self.short,
                self.long,
                table.short,
                table.long,
                table.short_buckets,
                table.long_buckets,
            )
            return np.frombuffer(offsets, dtype=np.int64), np.frombuffer(codes, dtype=np.uint64)
        return self.hits_np(table)

    def hits_np(self, table: KeyTable) -> tuple[np.ndarray, np.ndarray]:
        m4, m6 = table.has_short(self.short), table.has_long(self.long)
        return (
            np.concatenate((self.starts[m4], self.starts[m6])),
            np.concatenate((self.short[m4].astype(np.uint64), self.long[m6].astype(np.uint64) + _LONG)),
        )

    def any_in(self, table: KeyTable) -> bool:
        return bool(table.has_short(self.short).any() or table.has_long(self.long).any())


@dataclass(frozen=True, slots=True)
class KeyTable:
    """Sorted prefix codes to look words up in: four-character and six-character ones."""

    short: np.ndarray
    long: np.ndarray
    # Which top-16-bit buckets hold a code of `short` / `long`: a word whose bucket is empty
    # is no key, and only the few others are looked up in the sorted table. One gather from
    # a 64 KB table instead of a binary search per word: WordIndex.hits on 20 KB of benign
    # text 235 -> 76 us, candidates 819 -> 714 us (the same masks: tests/test_canonical_fast.py).
    short_buckets: np.ndarray
    long_buckets: np.ndarray

    @classmethod
    def of(cls, codes: Iterable[int]) -> KeyTable:
        """From `key_code` values (six-character codes are offset by 2**32)."""
        codes = sorted(set(codes))
        short = np.array([c for c in codes if c < 1 << 32], dtype=np.uint32)
        long = np.array([c - (1 << 32) for c in codes if c >= 1 << 32], dtype=np.uint32)
        return cls(short, long, _buckets(short), _buckets(long))

    def has_short(self, h: np.ndarray) -> np.ndarray:
        return _member(h, self.short, self.short_buckets)

    def has_long(self, h: np.ndarray) -> np.ndarray:
        return _member(h, self.long, self.long_buckets)


# Below this many words the extra numpy calls cost more than the binary searches they save
# (1 KB, ~170 words: hits 13 -> 18 us with buckets).
_BUCKETS_FROM = 512


def _buckets(table: np.ndarray) -> np.ndarray:
    out = np.zeros(1 << 16, dtype=bool)
    out[table >> 16] = True
    return out


def _member(h: np.ndarray, table: np.ndarray, buckets: np.ndarray) -> np.ndarray:
    """`in_table(h, table)`, looking up only the codes whose bucket holds some key."""
    if len(h) < _BUCKETS_FROM:
        return in_table(h, table)
    found = np.flatnonzero(buckets[h >> 16])
    if len(found) * 8 > len(h):  # most words may be keys: one search over all of them
        return in_table(h, table)
    out = np.zeros(len(h), dtype=bool)
    if len(found):
        out[found] = in_table(h[found], table)
    return out


def padded_codes(folded: str) -> np.ndarray:
    """Code points of `" " + folded + "      "` (the padding keeps lookahead in range)."""
    padded = " " + folded + "      "
    if padded.isascii():
        return np.frombuffer(padded.encode("ascii"), dtype=np.uint8).astype(np.uint32)
    return np.frombuffer(padded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def word_index(folded: str, c: np.ndarray | None = None) -> WordIndex:
    """Word index of a folded text (`c`: its `padded_codes`, when the caller has them). In
    one C pass when filters/_shape.c is built (1 KB 28 -> 5.6 us, 20 KB 153 -> 51 us; the
    same arrays as `word_index_np`, tests/test_canonical_fast.py)."""
    if c is None and _c_word_index is not None:
        starts, short, long = _c_word_index(folded)
        return WordIndex(
            np.frombuffer(starts, dtype=np.int64),
            np.frombuffer(short, dtype=np.uint32),
            np.frombuffer(long, dtype=np.uint32),
        )
    return word_index_np(folded, c)


def word_index_np(folded: str, c: np.ndarray | None = None) -> WordIndex:
    """Vectorized word index: finding every trigger word of a 20 KB document is a handful
    of numpy operations rather than a Python loop over words. Word characters are ASCII
    lowercase letters, digits, an apostrophe inside a word, and everything non-ASCII."""
    if c is None:
        c = padded_codes(folded)
    if folded.isascii():
        isword = _WORD_CHARS[c]
    else:
        small = c < 128
        isword = np.ones(len(c), dtype=bool)
        isword[small] = _WORD_CHARS[c[small]]
    if "'" in folded:  # an apostrophe belongs to a word only after a letter (don't), never starts one
        apos = np.flatnonzero(c == _APOSTROPHE)
        isword[apos] = isword[apos - 1]
    edge = np.flatnonzero(isword[1:] != isword[:-1]) + 1  # alternating starts and ends
    starts, ends = edge[0::2], edge[1::2]
    # Hash the first six characters of every word; positions past the word's end add a
    # marker instead, so a short word never collides with a longer one. Small texts: one
    # matrix gather (fewer numpy calls); large texts: column by column (less memory).
    if len(starts) < 512:
        cols = starts[:, None] + _SIX
        sums = np.cumsum(np.where(cols < ends[:, None], c[cols], _MARK) * _MULT, axis=1, dtype=np.uint32)
        short, long = sums[:, 3], sums[:, 5]
    else:
        length = ends - starts
        short = c[starts] * _MULT[0]
        for k in range(1, 6):
            if k == 4:
                long = short.copy()
            col = np.where(length > k, c[starts + k] * _MULT[k], _MARKED[k])
            if k < 4:
                short += col
            else:
                long += col
    return WordIndex(starts - 1, short, long)


def key_code(key: str) -> int:
    """The code under which `WordIndex` finds words starting with `key` (see WordIndex)."""
    key = key.lower()
    idx = word_index(key[:6] if len(key) >= 6 else key[:4])
    return int(idx.long[0]) + (1 << 32) if len(key) >= 6 else int(idx.short[0])


def key_table(keys: Iterable[str]) -> KeyTable:
    return KeyTable.of(key_code(k) for k in keys)


def in_table(h: np.ndarray, table: np.ndarray) -> np.ndarray:
    """Boolean mask: which hashes occur in the sorted table."""
    if not len(h) or not len(table):
        return np.zeros(len(h), dtype=bool)
    i = np.searchsorted(table, h)
    np.minimum(i, len(table) - 1, out=i)
    return table[i] == h
