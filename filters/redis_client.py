"""One way to open a Redis client, shared by the limits backend (filters/limits_redis.py) and
the fleet rollout store (gateway/rollout/store.py), so both accept the same URLs and fail the
same way: connect and socket timeouts of `timeout_s`, no inline retries (the caller decides
what a failure means), no background health checks.

`redis.asyncio` is imported only when a Redis URL is configured.
"""

from __future__ import annotations

from typing import Any

URL_SCHEMES = ("redis://", "rediss://", "unix://")


def check_url(url: str, field: str) -> str:
    """The URL, or ValueError naming the config field (the URL may hold a password: not echoed)."""
    if not url.startswith(URL_SCHEMES):
        raise ValueError(f"{field}: expected redis://, rediss:// or unix:// URL, got {url[:16]!r}...")
    return url


def connect(url: str, timeout_s: float) -> Any:
    """An asyncio Redis client with its own connection pool for `url`."""
    import redis.asyncio as aioredis
    from redis.asyncio.retry import Retry
    from redis.backoff import NoBackoff

    return aioredis.from_url(
        url,
        socket_timeout=timeout_s,
        socket_connect_timeout=timeout_s,
        retry=Retry(NoBackoff(), 0),  # fail fast, never retry inline
        health_check_interval=0,
    )
