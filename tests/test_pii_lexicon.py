"""The shipped name and place lexicon (filters/pii_lexicon.py): compact, in the format build.py
writes, loaded once per process."""

from __future__ import annotations

import gzip
import threading

from filters.pii_lexicon import COMMON, FIRST, LAST, LEXICON_PATH, PLACE, STRONG_PLACE, TECH_PATH, lexicon


def test_shipped_data_is_compact_and_loads() -> None:
    assert LEXICON_PATH.stat().st_size < 2_000_000
    with gzip.open(LEXICON_PATH, "rt", encoding="utf-8") as fh:
        first = fh.readline()
    assert first.startswith("=")  # groups of keys by flag value
    lex = lexicon()
    assert lex.flags["maria"] & FIRST and lex.flags["lisbon"] & PLACE
    assert "kafka" in lex.tech and TECH_PATH.exists()


def test_flags_are_distinct_bits_and_the_lexicon_is_loaded_once() -> None:
    bits = (FIRST, LAST, PLACE, COMMON, STRONG_PLACE)
    assert all(b & (b - 1) == 0 for b in bits) and len(set(bits)) == len(bits)
    seen: list[object] = []
    threads = [threading.Thread(target=lambda: seen.append(lexicon())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 4 and all(x is lexicon() for x in seen)
    assert 1 <= lexicon().max_phrase <= 4  # the longest place phrase the finder tries
