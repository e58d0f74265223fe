"""Per-segment scan cache shared by the CPU-heavy filters.

Chat clients resend the whole conversation on every turn, so without a cache turn 20 costs
twenty times turn 1. Results are keyed by a digest of the segment text plus a namespace
(filter name and config generation), so a config reload never serves stale verdicts.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from cachetools import LRUCache

T = TypeVar("T")

_SHORT = 64  # below this, the text itself is a cheaper key than a digest


def text_key(text: str) -> str | bytes:
    """Stable, bounded-size key for a text."""
    if len(text) <= _SHORT:
        return text
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class ScanCache:
    """A bounded LRU of scan results; thread-safe because scans may run in an executor."""

    def __init__(self, maxsize: int = 20_000) -> None:
        self._lru: LRUCache[tuple[str, str | bytes], Any] = LRUCache(maxsize=maxsize)
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get_or_compute(self, namespace: str, text: str, compute: Callable[[str], T]) -> T:
        key = (namespace, text_key(text))
        with self._lock:
            found = self._lru.get(key, _MISSING)
        if found is not _MISSING:
            self.hits += 1
            return found  # type: ignore[return-value]
        self.misses += 1
        value = compute(text)
        with self._lock:
            self._lru[key] = value
        return value

    def __len__(self) -> int:
        return len(self._lru)


_MISSING = object()
