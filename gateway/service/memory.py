"""Give the C allocator's free pages back to the system once startup is done.

Startup builds what lives as long as the process (the classifier, Presidio's recognizers,
the Hyperscan databases, which are read from disk into a buffer and then deserialized) and
frees a good deal on the way: temporary buffers, parse trees, the config's intermediate
objects, much of it on an executor thread with its own malloc arena. glibc keeps freed pages
for reuse instead of returning them, so they stay in the process's RSS for good.
`malloc_trim(0)` returns them (glibc >= 2.8 also releases free pages inside the heap, not
only at its top).

Measured (2026-12-07, the gateway of tests/test_presidio_lite.py with the injection and PII
filters, RssAnon after start): 113 -> 101 MB with the rule prefilter's four Hyperscan
databases, against 105 MB without the call when it had two.
"""

from __future__ import annotations

import ctypes


def release_free_memory() -> bool:
    """Ask the C allocator to return its free pages to the system; whether it could (False
    where the C library has no `malloc_trim`, e.g. musl, or nothing was returned)."""
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the process's own symbols: glibc's, if linked
    except (OSError, AttributeError):
        return False
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return bool(trim(0))
