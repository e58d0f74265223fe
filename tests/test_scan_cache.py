"""The shared scan cache: LRU order and bound, and correct answers when the event loop and
executor threads hit, insert and evict at the same time (hits take no lock)."""

from __future__ import annotations

import sys
import threading

from filters.cache import ScanCache, text_key


def test_lru_keeps_the_recently_used_and_stays_bounded():
    cache = ScanCache(maxsize=3)
    calls: list[str] = []

    def compute(t: str) -> int:
        calls.append(t)
        return len(t)

    for t in ("a", "bb", "ccc"):
        cache.get_or_compute("ns", t, compute)
    cache.get_or_compute("ns", "a", compute)  # a is now the most recent
    cache.get_or_compute("ns", "dddd", compute)  # evicts bb, the least recent
    assert len(cache) == 3
    cache.get_or_compute("ns", "a", compute)
    cache.get_or_compute("ns", "bb", compute)
    assert calls == ["a", "bb", "ccc", "dddd", "bb"]
    assert (cache.hits, cache.misses) == (2, 5)


def test_namespaces_and_long_texts_are_separate_keys():
    cache = ScanCache()
    long = "x" * 5000
    assert cache.get_or_compute("one", long, lambda t: 1) == 1
    assert cache.get_or_compute("two", long, lambda t: 2) == 2
    assert cache.get_or_compute("one", long + "y", lambda t: 3) == 3
    assert text_key(long) == text_key("x" * 5000) and len(text_key(long)) == 16


def test_threads_hitting_inserting_and_evicting_get_right_answers():
    cache = ScanCache(maxsize=50)
    texts = [f"segment {i} " * (1 + i % 9) for i in range(200)]
    errors: list[BaseException] = []

    def worker(seed: int) -> None:
        try:
            for n in range(4000):
                t = texts[(seed * 7919 + n * 31) % len(texts)]
                assert cache.get_or_compute("ns", t, len) == len(t)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(s,)) for s in range(4)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: interleave everything
    try:
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    finally:
        sys.setswitchinterval(interval)
    assert not errors, errors[:3]
    assert len(cache) <= 50
