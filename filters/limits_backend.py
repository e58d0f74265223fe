"""Which limiter a config asks for: this process's memory, or Redis shared by the fleet.

Its own module so that filters/limits.py (the GCRA arithmetic and the memory limiter) and
filters/limits_redis.py (which builds on it) do not import each other; redis is imported
only when a `limits_backend` URL is configured.
"""

from __future__ import annotations

from filters.limits import Limiter, MemoryLimiter


def make_limiter(url: str | None, timeout_s: float = 0.1, retry_s: float = 1.0) -> Limiter:
    """`None` -> this process's memory; `redis://` / `rediss://` / `unix://` -> shared Redis."""
    if url is None:
        return MemoryLimiter()
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError(f"limits_backend: expected redis://, rediss:// or unix:// URL, got {url[:16]!r}...")
    from filters.limits_redis import RedisLimiter  # redis is imported only when configured

    return RedisLimiter(url, timeout_s=timeout_s, retry_s=retry_s)
