"""The fleet's rollout store in Redis: one versioned rollout per route, the judge's lease, the
replicas' evidence reports, and a channel that tells every replica when a rollout changed.

Keys (prefix `aigw:rollout:`):
  route:<route>        hash {version, doc}: the rollout (state, weight, window start, history)
  leader               "<token> <replica>" with a TTL of one lease period
  leader_token         counter; each new lease takes the next value (the fencing token)
  replicas             hash replica -> JSON {at, applied: {route: version}}
  evidence:<route>     hash replica -> JSON report of the current window (fleet_evidence.py)
  events               pub/sub channel: "<route> <version>" after every write

Every write of a rollout is one Lua script, so the compare-and-set on the version and the
fencing check run atomically on the server: a write whose expected version is not the
stored one is a VersionConflict; a judge write whose lease string is not the current
holder (its lease expired while it was paused, and maybe another replica leads now) is
Fenced. Admin actions carry no lease: any replica may make them, the version decides.

Every Redis or socket error becomes StoreUnavailable within the client's timeout; callers
keep their last applied state (fail static). The client comes from filters/redis_client.py,
the helper the limits backend uses, so both accept the same URLs and fail the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import orjson

from filters.redis_client import connect

log = logging.getLogger("aigw.rollout.store")

PREFIX = "aigw:rollout:"
EVENTS = PREFIX + "events"
# Evidence of a window nobody writes any more (the route was removed or the fleet is gone).
EVIDENCE_TTL_S = 86_400

# KEYS[1] route hash, KEYS[2] leader key. ARGV[1] expected version ("-1": must not exist),
# ARGV[2] doc, ARGV[3] lease string ("" = not fenced), ARGV[4] version when creating,
# ARGV[5] channel, ARGV[6] route. Returns {"ok"|"conflict"|"fenced", version-or-holder}.
# A stored version that is not a number (someone wrote the key by hand) counts as 0, so
# the fleet can replace it instead of conflicting with it forever.
_WRITE = """
local exists = redis.call('EXISTS', KEYS[1]) == 1
local cur = tonumber(redis.call('HGET', KEYS[1], 'version')) or 0
if ARGV[1] == '-1' then
  if exists then return {'conflict', tostring(cur)} end
elseif cur ~= tonumber(ARGV[1]) then
  return {'conflict', tostring(cur)}
end
if ARGV[3] ~= '' then
  local holder = redis.call('GET', KEYS[2])
  if holder ~= ARGV[3] then return {'fenced', holder or ''} end
end
local v
if ARGV[1] == '-1' then v = tonumber(ARGV[4]) else v = cur + 1 end
redis.call('HSET', KEYS[1], 'version', tostring(v), 'doc', ARGV[2])
redis.call('PUBLISH', ARGV[5], ARGV[6] .. ' ' .. tostring(v))
return {'ok', tostring(v)}
"""

# KEYS[1] leader, KEYS[2] token counter. ARGV[1] replica, ARGV[2] lease ms.
# Renews this replica's lease, or takes a free one with the next token; returns the holder.
_LEASE = """
local holder = redis.call('GET', KEYS[1])
if holder then
  local sp = string.find(holder, ' ', 1, true)
  if sp and string.sub(holder, sp + 1) == ARGV[1] then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
  end
  return holder
end
local token = redis.call('INCR', KEYS[2])
holder = tostring(token) .. ' ' .. ARGV[1]
redis.call('SET', KEYS[1], holder, 'PX', ARGV[2])
return holder
"""

# KEYS[1] leader. ARGV[1] the lease string to give up (only if still ours).
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) return 1 end
return 0
"""


class StoreUnavailable(RuntimeError):
    """Redis unreachable, slow or answering errors: keep the last applied state."""


class VersionConflict(RuntimeError):
    """Someone else changed the rollout since the version this write expected."""

    def __init__(self, stored: int) -> None:
        super().__init__(f"stored version is {stored}")
        self.stored = stored


class Fenced(RuntimeError):
    """A judge write whose lease is no longer the current one (a stale leader)."""


def holder_id(holder: str | None) -> str | None:
    """The replica of a lease string "<token> <replica>"."""
    if not holder or " " not in holder:
        return None
    return holder.split(" ", 1)[1]


def _text(x: Any) -> str:
    return x.decode(errors="replace") if isinstance(x, bytes) else str(x)


def _json(raw: Any) -> Any:
    try:
        return orjson.loads(raw)
    except (orjson.JSONDecodeError, TypeError):
        return None


class RolloutStore:
    """The Redis side of fleet rollouts. One client (one pool) per store for the process."""

    def __init__(self, url: str, timeout_s: float = 1.0) -> None:
        self.url = url
        self.timeout_s = timeout_s
        self._client = connect(url, timeout_s)
        self._write = self._client.register_script(_WRITE)
        self._lease = self._client.register_script(_LEASE)
        self._release = self._client.register_script(_RELEASE)

    async def _call(self, coro: Any) -> Any:
        # asyncio.timeout, not wait_for: on Python 3.11 wait_for can swallow a cancellation
        # that arrives as the call completes, and a loop built on it then never stops.
        try:
            async with asyncio.timeout(self.timeout_s * 2):
                return await coro
        except (OSError, TimeoutError) as exc:
            raise StoreUnavailable(f"rollout store: {type(exc).__name__}") from None
        except Exception as exc:
            from redis.exceptions import RedisError

            if isinstance(exc, RedisError):
                raise StoreUnavailable(f"rollout store: {type(exc).__name__}") from None
            raise

    # -- rollouts --------------------------------------------------------------------------

    async def read(self, routes: Iterable[str]) -> dict[str, tuple[int, dict[str, Any] | None] | None]:
        """The stored (version, doc) of each route: None where nothing is stored, doc None where
        it is unreadable (not JSON, not an object), version 0 where that is not a number."""
        names = list(routes)
        if not names:
            return {}

        async def go() -> list[Any]:
            async with self._client.pipeline(transaction=False) as p:
                for name in names:
                    p.hmget(PREFIX + "route:" + name, "version", "doc")
                return await p.execute()

        rows = await self._call(go())
        out: dict[str, tuple[int, dict[str, Any] | None] | None] = {}
        for name, (version, doc) in zip(names, rows, strict=True):
            if version is None and doc is None:
                out[name] = None
                continue
            parsed = _json(doc) if doc is not None else None
            try:
                number = int(version)
            except (TypeError, ValueError):
                number = 0
            out[name] = (number, parsed if isinstance(parsed, dict) else None)
        return out

    async def write(
        self,
        route: str,
        doc: Mapping[str, Any],
        expected: int | None,
        lease: str | None = None,
        create_version: int = 1,
    ) -> int:
        """Compare-and-set: the new version, or VersionConflict / Fenced / StoreUnavailable.

        `expected=None` creates the rollout (it must not exist yet) at `create_version`.
        """
        args = [
            "-1" if expected is None else str(expected),
            orjson.dumps(doc).decode(),
            lease or "",
            str(create_version),
            EVENTS,
            route,
        ]
        keys = [PREFIX + "route:" + route, PREFIX + "leader"]
        status, value = await self._call(self._write(keys=keys, args=args))
        status, value = _text(status), _text(value)
        if status == "ok":
            return int(value)
        if status == "fenced":
            raise Fenced(f"lease {lease!r} is not the current one ({value or 'none'})")
        raise VersionConflict(int(value))

    async def delete(self, route: str) -> None:
        await self._call(self._client.delete(PREFIX + "route:" + route, PREFIX + "evidence:" + route))

    # -- the judge's lease -------------------------------------------------------------------

    async def lease(self, replica: str, lease_s: float) -> str:
        """Renew or take the lease; the current holder "<token> <replica>" (maybe another replica)."""
        keys = [PREFIX + "leader", PREFIX + "leader_token"]
        raw = await self._call(self._lease(keys=keys, args=[replica, str(max(1, round(lease_s * 1000)))]))
        return _text(raw)

    async def leader(self) -> str | None:
        raw = await self._call(self._client.get(PREFIX + "leader"))
        return None if raw is None else _text(raw)

    async def release(self, holder: str) -> None:
        await self._call(self._release(keys=[PREFIX + "leader"], args=[holder]))

    # -- replicas and their evidence ---------------------------------------------------------

    async def report(
        self, replica: str, info: Mapping[str, Any], evidence: Mapping[str, Mapping[str, Any]]
    ) -> None:
        """One round trip per replica per sync: its heartbeat and each route's window counts."""

        async def go() -> None:
            async with self._client.pipeline(transaction=False) as p:
                p.hset(PREFIX + "replicas", replica, orjson.dumps(info))
                for route, rep in evidence.items():
                    key = PREFIX + "evidence:" + route
                    p.hset(key, replica, orjson.dumps(rep))
                    p.expire(key, EVIDENCE_TTL_S)
                await p.execute()

        await self._call(go())

    async def fleet(self, routes: Iterable[str]) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
        """(replicas, {route: {replica: report}}) in one round trip."""
        names = list(routes)

        async def go() -> list[Any]:
            async with self._client.pipeline(transaction=False) as p:
                p.hgetall(PREFIX + "replicas")
                for name in names:
                    p.hgetall(PREFIX + "evidence:" + name)
                return await p.execute()

        rows = await self._call(go())
        replicas = {
            _text(k): v for k, v in ((k, _json(v)) for k, v in rows[0].items()) if isinstance(v, dict)
        }
        evidence: dict[str, dict[str, Any]] = {}
        for name, row in zip(names, rows[1:], strict=True):
            evidence[name] = {
                _text(k): v for k, v in ((k, _json(v)) for k, v in row.items()) if isinstance(v, dict)
            }
        return replicas, evidence

    async def evidence(self, route: str) -> dict[str, Any]:
        row = await self._call(self._client.hgetall(PREFIX + "evidence:" + route))
        return {_text(k): v for k, v in ((k, _json(v)) for k, v in row.items()) if isinstance(v, dict)}

    async def forget(self, replicas: Iterable[str], routes: Iterable[str]) -> None:
        """Drop replicas gone for good: their heartbeat and their (old-window) evidence fields."""
        names = list(replicas)
        if not names:
            return

        async def go() -> None:
            async with self._client.pipeline(transaction=False) as p:
                p.hdel(PREFIX + "replicas", *names)
                for route in routes:
                    p.hdel(PREFIX + "evidence:" + route, *names)
                await p.execute()

        await self._call(go())

    # -- change notifications ----------------------------------------------------------------

    async def listen(self, on_event: Callable[[str, int], None], on_error: Callable[[], None]) -> None:
        """Call `on_event(route, version)` for every write anywhere in the fleet, until cancelled.

        The subscription has its own connection; after a failure it reconnects once a second
        (the periodic read covers what was missed meanwhile).
        """
        while True:
            pubsub = self._client.pubsub()
            try:
                async with asyncio.timeout(self.timeout_s * 2):
                    await pubsub.subscribe(EVENTS)
                while True:
                    msg = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
                    if msg is None or msg.get("type") != "message":
                        continue
                    route, _, version = _text(msg["data"]).rpartition(" ")
                    with contextlib.suppress(ValueError):
                        on_event(route, int(version))
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # Redis down: the periodic read notices and reports
                log.debug("rollout event subscription lost: %r", exc)
                on_error()
            finally:
                with contextlib.suppress(Exception):
                    async with asyncio.timeout(1.0):
                        await pubsub.aclose()
            await asyncio.sleep(1.0)

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            async with asyncio.timeout(self.timeout_s * 2):
                await self._client.aclose()
