"""Rate and token budgets: GCRA math, the in-memory backend, and the backend interface.

Why GCRA (the generic cell rate algorithm, a token bucket stored as one timestamp):
one number per key (the "theoretical arrival time", TAT) is all the state, so the Redis
backend can update several budgets atomically in one short Lua script, a check is O(1)
with no per-request log to trim, and `Retry-After` falls out exactly: it is the time until
the request would fit. A limit of L per period P admits a burst of L, then one unit every
P/L seconds.

The math is pure (time is an argument), so unit tests freeze the clock; both backends use
these functions for the numbers they report, and the Redis script applies the same rule.
Weighted costs make one algorithm serve requests (cost 1) and tokens (cost = estimate);
`adjust` moves a TAT later (usage above the estimate) or earlier (a refund) afterwards.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, Protocol

# Floating point slack in comparisons: 1 µs is far below anything a client can observe.
_EPS = 1e-6


@dataclass(frozen=True, slots=True)
class Rate:
    """`limit` units per `period_s` seconds, under a stable name (the 429 reason code).
    `interval` is the seconds one unit of budget takes to come back."""

    name: str
    limit: int
    period_s: float
    interval: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "interval", self.period_s / self.limit)


# Result types are NamedTuples, not frozen dataclasses: they are built on every request and
# a frozen dataclass's __init__ costs several times more (object.__setattr__ per field).
class RateState(NamedTuple):
    """One budget after a check: what the x-ratelimit-* headers and Retry-After report."""

    name: str
    limit: int
    remaining: int
    reset_s: float  # until the budget is full again
    retry_after_s: float  # 0 when this budget admitted the request


class CheckResult(NamedTuple):
    allowed: bool
    states: tuple[RateState, ...]

    @property
    def retry_after_s(self) -> float:
        """Seconds until every budget would admit the request (max over the denying ones)."""
        return max((s.retry_after_s for s in self.states), default=0.0)

    @property
    def denied_by(self) -> str | None:
        """The budget that keeps the request out longest (the 429 reason code)."""
        if self.allowed:
            return None
        worst = max(self.states, key=lambda s: s.retry_after_s)
        return worst.name


class LimitsUnavailable(Exception):
    """The limits backend cannot answer; the caller applies `limits_on_backend_error`."""


def admission_cost(rate: Rate, cost: float) -> float:
    """Cost charged at admission: capped at the limit, so a request estimated above a whole
    budget still passes when that budget is full (it then runs into debt after reconciling)
    instead of being refused forever."""
    return min(max(cost, 0.0), float(rate.limit))


def evaluate(
    tats: Sequence[float], now: float, rates: Sequence[Rate], costs: Sequence[float]
) -> tuple[CheckResult, tuple[float, ...]]:
    """All-or-nothing GCRA over several budgets. Returns the result and the TATs to store
    (unchanged when denied: a refused request consumes nothing). Hot path: written flat."""
    allowed = True
    news: list[float] = []
    for tat, rate, cost in zip(tats, rates, costs, strict=True):
        limit = rate.limit
        if cost > limit:  # see admission_cost
            cost = float(limit)
        elif cost < 0.0:
            cost = 0.0
        nt = (tat if tat > now else now) + cost * rate.interval
        news.append(nt)
        if nt - rate.period_s > now + _EPS:
            allowed = False
    states: list[RateState] = []
    if allowed:
        for nt, rate in zip(news, rates, strict=False):
            limit = rate.limit
            rem = int((now + rate.period_s - nt) / rate.interval + _EPS)
            rem = 0 if rem < 0 else (limit if rem > limit else rem)
            states.append(RateState(rate.name, limit, rem, nt - now if nt > now else 0.0, 0.0))
        return CheckResult(True, tuple(states)), tuple(news)
    for tat, nt, rate in zip(tats, news, rates, strict=False):
        limit = rate.limit
        base = tat if tat > now else now
        rem = int((now + rate.period_s - base) / rate.interval + _EPS)
        rem = 0 if rem < 0 else (limit if rem > limit else rem)
        retry = nt - rate.period_s - now
        states.append(RateState(rate.name, limit, rem, base - now, retry if retry > 0.0 else 0.0))
    return CheckResult(False, tuple(states)), tuple(tats)


def adjusted(tat: float, now: float, rate: Rate, delta: float) -> float:
    """TAT after charging `delta` more units (negative = refund). A refund never moves the
    TAT before `now`: budget that already came back cannot come back twice."""
    base = tat if tat > now else now
    if delta >= 0:
        return base + delta * rate.interval
    return max(now, tat + delta * rate.interval)


def format_duration(seconds: float) -> str:
    """OpenAI's x-ratelimit-reset-* format: `20ms`, `1.5s`, `6m0s`, `1h2m3s`."""
    if seconds <= 0:
        return "0s"
    if seconds < 1:
        return f"{math.ceil(seconds * 1000)}ms"
    total_ms = math.ceil(seconds * 1000)
    hours, rest = divmod(total_ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs = f"{rest / 1000:.3f}".rstrip("0").rstrip(".")
    if hours:
        return f"{hours}h{minutes}m{secs}s"
    if minutes:
        return f"{minutes}m{secs}s"
    return f"{secs}s"


class Limiter(Protocol):
    """A place where budgets are counted. `check` must be atomic across its keys."""

    async def check(self, keys: Sequence[str], rates: Sequence[Rate], costs: Sequence[float]) -> CheckResult:
        """Admit or refuse; raises LimitsUnavailable when the backend cannot answer."""
        ...

    async def adjust(self, keys: Sequence[str], rates: Sequence[Rate], deltas: Sequence[float]) -> None: ...

    async def close(self) -> None: ...


class MemoryLimiter:
    """Budgets in this process (one replica, or tests). The event loop is single-threaded
    and nothing here awaits, so each check is atomic without a lock."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._tats: dict[str, float] = {}
        self._prune_at = 4096

    async def check(self, keys: Sequence[str], rates: Sequence[Rate], costs: Sequence[float]) -> CheckResult:
        return self.check_now(keys, rates, costs)

    def check_now(self, keys: Sequence[str], rates: Sequence[Rate], costs: Sequence[float]) -> CheckResult:
        now = self._clock()
        get = self._tats.get
        result, stored = evaluate([get(k, now) for k in keys], now, rates, costs)
        if result.allowed:
            for k, t in zip(keys, stored, strict=True):
                self._tats[k] = t
            if len(self._tats) > self._prune_at:  # bounded memory whatever the key churn
                self.prune()
                self._prune_at = max(4096, 2 * len(self._tats))
        return result

    async def adjust(self, keys: Sequence[str], rates: Sequence[Rate], deltas: Sequence[float]) -> None:
        now = self._clock()
        for k, rate, d in zip(keys, rates, deltas, strict=True):
            if d:
                self._tats[k] = adjusted(self._tats.get(k, now), now, rate, d)

    async def close(self) -> None:
        """Nothing to release; the budgets outlive config generations (see AccessFilter)."""

    def prune(self) -> int:
        """Drop budgets that are full again (TAT in the past): they hold no information."""
        now = self._clock()
        stale = [k for k, t in self._tats.items() if t <= now]
        for k in stale:
            del self._tats[k]
        return len(stale)
