"""gateway/service/memory.py: startup's freed pages go back to the system."""

from __future__ import annotations

import ctypes
import os

import pytest
from harness import rss_mb

from gateway.service import memory


def _anon_mb() -> float:
    return rss_mb(os.getpid(), "RssAnon")


def test_freed_heap_pages_are_returned() -> None:
    # 40 MB of small objects (below malloc's mmap threshold: they live in the heap), all but the
    # last freed: glibc keeps the pages until malloc_trim returns them.
    blocks = [bytearray(4096) for _ in range(10_000)]
    keep = blocks[-1]
    del blocks
    before = _anon_mb()
    assert memory.release_free_memory() is True
    assert _anon_mb() < before - 20
    assert keep  # still ours


def test_a_c_library_without_malloc_trim_is_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    class NoTrim:
        def __init__(self, name: object) -> None:
            pass

    monkeypatch.setattr(ctypes, "CDLL", NoTrim)
    assert memory.release_free_memory() is False
