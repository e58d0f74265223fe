"""Shared budgets in Redis: every replica of the fleet counts against the same numbers.

One Lua script per check updates all of a request's budgets atomically on the server (no
read-modify-write from Python, so two replicas cannot both spend the last unit), one
round trip per request (EVALSHA; redis-py reloads the script after a SCRIPT FLUSH or a
restart). The script uses the Redis server's clock, so replicas with skewed clocks still
agree; tests may pass a frozen `now` instead. The script returns the TATs it read and the
time it used, and the numbers for the headers are computed in Python by the same pure
GCRA functions as the memory backend (`filters/limits.py`), so both backends report alike.

Redis down or slow: the call fails within `timeout_s` and raises LimitsUnavailable; after a
failure the backend is not tried again for `retry_s`, so an outage costs each request
nothing instead of a connect timeout (the caller still applies its failure policy).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from redis.exceptions import RedisError

from filters.limits import CheckResult, LimitsUnavailable, Rate, evaluate
from filters.redis_client import connect

# KEYS: the budgets' keys. ARGV[1]: now in seconds ("" = Redis TIME); then per key:
# interval (seconds per unit), period (seconds), cost (units). Returns
# {allowed, now, tat_1, ..., tat_n} as strings (Lua numbers would be truncated to integers).
_CHECK = """
redis.replicate_commands()  -- Redis < 7: replicate effects, so reading TIME before writes is allowed
local now
if ARGV[1] ~= '' then
  now = tonumber(ARGV[1])
else
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1000000
end
local n = #KEYS
local tats, news = {}, {}
local allowed = 1
for i = 1, n do
  local j = 1 + (i - 1) * 3
  local interval, period, cost = tonumber(ARGV[j + 1]), tonumber(ARGV[j + 2]), tonumber(ARGV[j + 3])
  local tat = tonumber(redis.call('GET', KEYS[i]) or '') or now
  tats[i] = tat
  local base = tat
  if base < now then base = now end
  news[i] = base + cost * interval
  if news[i] - period > now + 0.000001 then allowed = 0 end
end
if allowed == 1 then
  for i = 1, n do
    local ttl = math.ceil((news[i] - now) * 1000) + 1000
    redis.call('SET', KEYS[i], string.format('%.17g', news[i]), 'PX', ttl)
  end
end
local out = {tostring(allowed), string.format('%.17g', now)}
for i = 1, n do out[#out + 1] = string.format('%.17g', tats[i]) end
return out
"""

# KEYS: budgets; ARGV[1]: now ("" = TIME); then per key: interval, delta units (+ charge, - refund).
_ADJUST = """
redis.replicate_commands()
local now
if ARGV[1] ~= '' then
  now = tonumber(ARGV[1])
else
  local t = redis.call('TIME')
  now = tonumber(t[1]) + tonumber(t[2]) / 1000000
end
for i = 1, #KEYS do
  local interval, delta = tonumber(ARGV[2 * i]), tonumber(ARGV[2 * i + 1])
  local tat = tonumber(redis.call('GET', KEYS[i]) or '') or now
  local new
  if delta >= 0 then
    if tat < now then tat = now end
    new = tat + delta * interval
  else
    new = tat + delta * interval
    if new < now then new = now end
  end
  if new > now then
    redis.call('SET', KEYS[i], string.format('%.17g', new), 'PX', math.ceil((new - now) * 1000) + 1000)
  else
    redis.call('DEL', KEYS[i])
  end
end
return 1
"""


class RedisLimiter:
    """GCRA budgets in Redis. `now` overrides the server clock (tests only)."""

    def __init__(self, url: str, *, timeout_s: float = 0.1, retry_s: float = 1.0) -> None:
        self._client = connect(url, timeout_s)  # the request is waiting: fail fast, never retry inline
        self._check = self._client.register_script(_CHECK)
        self._adjust = self._client.register_script(_ADJUST)
        self._retry_s = retry_s
        self._down_until = 0.0
        self.now: float | None = None

    def _available(self) -> None:
        if self._down_until and time.monotonic() < self._down_until:
            raise LimitsUnavailable("limits backend marked down")

    def _failed(self, exc: Exception) -> LimitsUnavailable:
        self._down_until = time.monotonic() + self._retry_s
        return LimitsUnavailable(f"limits backend error: {type(exc).__name__}")

    def _now_arg(self) -> str:
        return "" if self.now is None else repr(self.now)

    async def check(self, keys: Sequence[str], rates: Sequence[Rate], costs: Sequence[float]) -> CheckResult:
        self._available()
        args: list[str] = [self._now_arg()]
        for rate, cost in zip(rates, costs, strict=True):
            args += (repr(rate.interval), repr(rate.period_s), repr(min(max(cost, 0.0), float(rate.limit))))
        try:
            raw = await self._check(keys=list(keys), args=args)
        except (RedisError, OSError) as exc:
            raise self._failed(exc) from None
        self._down_until = 0.0
        now = float(raw[1])
        tats = [float(x) for x in raw[2:]]
        result, _ = evaluate(tats, now, rates, costs)
        if result.allowed != (raw[0] in (b"1", "1")):
            # Rounding at the exact boundary: the server's verdict is the one applied.
            result = CheckResult(not result.allowed, result.states)
        return result

    async def adjust(self, keys: Sequence[str], rates: Sequence[Rate], deltas: Sequence[float]) -> None:
        self._available()
        args: list[str] = [self._now_arg()]
        for rate, d in zip(rates, deltas, strict=True):
            args += (repr(rate.interval), repr(float(d)))
        try:
            await self._adjust(keys=list(keys), args=args)
        except (RedisError, OSError) as exc:
            raise self._failed(exc) from None

    async def close(self) -> None:
        await self._client.aclose()
