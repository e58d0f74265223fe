"""Traffic shaping per route: the canary split, shadow mirroring and model identity pinning.

- Canary split: a stable hash of the sticky key (a header, the principal, or nothing) into
  10,000 buckets; a request goes to the canary when its bucket is below weight x 100. Raising
  the weight therefore only moves users from baseline to canary, never back and forth, and
  every replica agrees on the assignment without sharing state.
- Shadow: a copy of the request the filters produced (redacted) goes to another upstream
  after the primary was dispatched, as a fire-and-forget task with bounded concurrency and
  its own timeout. The primary never waits for it and never sees its errors. When both are
  complete the two answers are compared (status, latency ratio, token-set Jaccard and length
  ratio of the output texts) and the result is counted, and audited when they diverge.
- Model pinning: an upstream with `expect_model` must answer with that model; a mismatch is
  counted, kept on the Exchange for the audit, fails the rollout gate and, with
  `on_model_mismatch: block`, is refused.

The math (hashing, similarity) is pure functions; the runtime objects are per config
generation and hold no per-request state (that lives on the Exchange).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any

import orjson

from gateway import metrics
from gateway.protocols import ProtocolAdapter, ProtocolError
from gateway.protocols.sse import json_payloads
from gateway.rollout.config import CanaryConfig, ShadowConfig, parse_sticky
from gateway.upstream_errors import AnswerTooLargeError

if TYPE_CHECKING:
    from aiohttp import web

    from gateway.dataplane.forward import UpstreamPool
    from gateway.exchange import Exchange

log = logging.getLogger("aigw.traffic")

BUCKETS = 10_000
VARIANT_HEADER = "x-aigw-variant"
SHADOW_HEADER = "x-aigw-shadow"


def bucket_of(key: str, salt: str) -> int:
    """Stable bucket 0..9999 of a sticky key; salted by route so routes split independently."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8, person=_person(salt))
    return int.from_bytes(digest.digest(), "big") % BUCKETS


def _person(salt: str) -> bytes:
    # blake2b's personalization is at most 16 bytes; hash longer route names down to that.
    raw = salt.encode()
    return raw if len(raw) <= 16 else hashlib.blake2b(raw, digest_size=16).digest()


def in_canary(bucket: int, weight: float) -> bool:
    """Buckets [0, weight*100) are canary: a higher weight is a superset of a lower one."""
    return bucket < round(weight * 100)


class Split:
    """The live weight of one route's canary. Mutable, shared by config generations."""

    __slots__ = ("weight",)

    def __init__(self, weight: float) -> None:
        self.weight = weight


class SplitRegistry:
    """Splits by route name; kept across reloads (in Gateway.shared) so weights survive them."""

    def __init__(self) -> None:
        self.splits: dict[str, Split] = {}

    def get(self, route: str, initial: float) -> Split:
        split = self.splits.get(route)
        if split is None:
            split = self.splits[route] = Split(initial)
        return split


def splits_of(shared: dict[str, object]) -> SplitRegistry:
    """The canary weights by route; kept in Gateway.shared so they outlive config generations."""
    splits = shared.get("traffic.splits")
    if not isinstance(splits, SplitRegistry):
        splits = shared["traffic.splits"] = SplitRegistry()
    return splits


class CanaryRuntime:
    """Chooses the variant of one request on a route with a canary."""

    __slots__ = ("route", "pool", "split", "_kind", "_header")

    def __init__(self, route: str, cfg: CanaryConfig, pool: UpstreamPool, split: Split) -> None:
        self.route = route
        self.pool = pool
        self.split = split
        self._kind, self._header = parse_sticky(cfg.sticky)

    def sticky_key(self, ex: Exchange) -> str | None:
        if self._kind == "header":
            return ex.headers.get(self._header) or None
        if self._kind == "principal":
            return ex.principal
        return None

    def choose(self, ex: Exchange, baseline: UpstreamPool) -> UpstreamPool:
        """Set ex.variant / ex.upstream and the variant header; return the pool to use."""
        weight = self.split.weight
        if weight <= 0:
            canary = False
        elif weight >= 100:
            canary = True
        else:
            key = self.sticky_key(ex)
            b = bucket_of(key, self.route) if key is not None else random.randrange(BUCKETS)
            canary = in_canary(b, weight)
        ex.split = True
        if canary:
            ex.variant = "canary"
            ex.upstream = self.pool.name
            ex.response_headers[VARIANT_HEADER] = "canary"
            return self.pool
        ex.response_headers[VARIANT_HEADER] = "baseline"
        return baseline


# --- model identity pinning ------------------------------------------------------------------


def model_matches(expect: str, observed: str) -> bool:
    """Exact name, or a glob pattern when the pin contains * ? or [."""
    if any(c in expect for c in "*?["):
        return fnmatchcase(observed, expect)
    return observed == expect


def check_model(ex: Exchange, pool: UpstreamPool, observed: str | None) -> bool:
    """Record the answer's model against the pool's pin; True when the answer must be refused."""
    expect = pool.cfg.expect_model
    if expect is None or observed is None or model_matches(expect, observed):
        return False
    metrics.model_mismatch.labels(ex.route or "none", pool.name).inc()
    ex.model_mismatch = {"upstream": pool.name, "expected": expect, "observed": observed}
    return pool.cfg.on_model_mismatch == "block"


def stream_model_of(adapter: ProtocolAdapter, data: str) -> str | None:
    try:
        payload = orjson.loads(data)
    except orjson.JSONDecodeError:
        return None
    return adapter.stream_model(payload)


def json_model_of(adapter: ProtocolAdapter, body: bytes) -> str | None:
    try:
        return adapter.response_model(orjson.loads(body))
    except orjson.JSONDecodeError:
        return None


# --- comparing two answers -------------------------------------------------------------------

_TOKEN = re.compile(r"\w+", re.UNICODE)


def token_set(text: str) -> frozenset[str]:
    return frozenset(t.lower() for t in _TOKEN.findall(text))


def jaccard(a: str, b: str) -> float:
    """Token-set Jaccard similarity; two empty texts are identical (1.0)."""
    sa, sb = token_set(a), token_set(b)
    if not sa and not sb:
        return 1.0
    return len(sa & sb) / len(sa | sb)


def length_ratio(a: str, b: str) -> float:
    """Shorter over longer length (1.0 for equal lengths, including two empty texts)."""
    la, lb = len(a), len(b)
    if la == lb:
        return 1.0
    return min(la, lb) / max(la, lb)


@dataclass(frozen=True, slots=True)
class Comparison:
    status_match: bool
    latency_ratio: float | None  # shadow / primary upstream time
    jaccard: float | None  # None when a text could not be recovered (compare status + latency only)
    length_ratio: float | None
    similarity: float | None  # min(jaccard, length_ratio)
    diverged: bool

    def public(self) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        return {
            "status_match": self.status_match,
            "latency_ratio": r(self.latency_ratio),
            "jaccard": r(self.jaccard),
            "length_ratio": r(self.length_ratio),
            "similarity": r(self.similarity),
        }


def compare(
    primary_status: int,
    primary_s: float,
    primary_text: str | None,
    shadow_status: int,
    shadow_s: float,
    shadow_text: str | None,
    min_similarity: float,
) -> Comparison:
    """Compare a primary and a shadow answer. Pure; a status mismatch always diverges."""
    status_match = primary_status == shadow_status
    ratio = shadow_s / primary_s if primary_s > 0 else None
    if primary_text is None or shadow_text is None:
        return Comparison(status_match, ratio, None, None, None, not status_match)
    jac = jaccard(primary_text, shadow_text)
    lr = length_ratio(primary_text, shadow_text)
    sim = min(jac, lr)
    return Comparison(status_match, ratio, jac, lr, sim, (not status_match) or sim < min_similarity)


def answer_text(adapter: ProtocolAdapter, body: bytes, sse: bool) -> str | None:
    """The output text of a complete answer (JSON or reassembled SSE); None if unreadable."""
    try:
        if sse:
            parts: list[str] = []
            for payload in json_payloads(body):  # a copy already bounded by max_answer_bytes
                parts.extend(seg.text for seg in adapter.stream_segments(payload))
            return "".join(parts)
        doc = orjson.loads(body)
        return "\n".join(seg.text for seg in adapter.extract_response(doc))
    except (orjson.JSONDecodeError, ProtocolError, TypeError, AttributeError):
        return None


# --- shadow mirroring ------------------------------------------------------------------------


class Tap:
    """Bounded copy of the primary's answer bytes, taken only for mirrored requests."""

    __slots__ = ("parts", "size", "cap", "truncated", "sse")

    def __init__(self, cap: int) -> None:
        self.parts: list[bytes] = []
        self.size = 0
        self.cap = cap
        self.truncated = False
        self.sse = False

    def add(self, chunk: bytes) -> None:
        if self.truncated:
            return
        self.size += len(chunk)
        if self.size > self.cap:
            self.truncated = True
            self.parts.clear()
            return
        self.parts.append(chunk)

    def body(self) -> bytes | None:
        return None if self.truncated else b"".join(self.parts)


class ShadowJob:
    """One mirrored request: whichever side completes second runs the comparison."""

    __slots__ = ("runtime", "ex", "tap", "shadow", "primary", "on_result")

    def __init__(
        self, runtime: ShadowRuntime, ex: Exchange, tap: Tap, on_result: Callable[..., None]
    ) -> None:
        self.runtime = runtime
        self.ex = ex
        self.tap = tap
        self.shadow: tuple[int, float, bytes | None, bool] | None = None
        self.primary: tuple[int, float, bool] | None = None
        self.on_result = on_result

    def primary_done(self, outcome: str) -> None:
        """Called by the observer after the primary exchange ended (O(1); compares later)."""
        ex = self.ex
        complete = outcome not in ("client_closed", "timeout", "unreachable") and ex.response_status > 0
        self.primary = (ex.response_status, ex.timings.get("upstream", 0.0), complete)
        if self.shadow is not None:
            asyncio.get_running_loop().call_soon(self.finish)

    def shadow_done(self, status: int, elapsed: float, body: bytes | None, sse: bool) -> None:
        self.shadow = (status, elapsed, body, sse)
        if self.primary is not None:
            self.finish()

    def finish(self) -> None:
        try:
            self._finish()
        except Exception:  # the comparison is bookkeeping: it must never surface
            log.exception("shadow comparison failed")
            metrics.shadow_requests.labels(self.ex.route, "error").inc()

    def _finish(self) -> None:
        assert self.primary is not None and self.shadow is not None
        rt = self.runtime
        p_status, p_s, complete = self.primary
        s_status, s_s, s_body, s_sse = self.shadow
        if not complete:
            metrics.shadow_requests.labels(rt.route, "primary_incomplete").inc()
            return
        p_body = self.tap.body()
        p_text = (
            answer_text(rt.adapter, p_body, self.tap.sse) if p_body is not None and p_status < 400 else None
        )
        s_text = answer_text(rt.adapter, s_body, s_sse) if s_body is not None and s_status < 400 else None
        if p_status >= 400 and s_status >= 400:
            p_text = s_text = None  # two error bodies: the status comparison says it all
        cmp = compare(p_status, p_s, p_text, s_status, s_s, s_text, rt.cfg.min_similarity)
        metrics.shadow_requests.labels(rt.route, "diverged" if cmp.diverged else "match").inc()
        if cmp.similarity is not None:
            metrics.shadow_similarity.labels(rt.route).observe(cmp.similarity)
        if cmp.latency_ratio is not None:
            metrics.shadow_latency_ratio.labels(rt.route).observe(cmp.latency_ratio)
        self.on_result(self.ex, cmp, p_status, s_status)


class ShadowRuntime:
    """Mirrors a percentage of one route's requests to the shadow upstream (one generation)."""

    def __init__(self, route: str, cfg: ShadowConfig, pool: UpstreamPool, adapter: ProtocolAdapter) -> None:
        self.route = route
        self.cfg = cfg
        self.pool = pool
        self.adapter = adapter
        self.inflight = 0
        self.tasks: set[asyncio.Task[None]] = set()

    def maybe_mirror(
        self,
        ex: Exchange,
        request: web.Request,
        body: bytes,
        on_result: Callable[..., None],
        rand: Callable[[], float] = random.random,
    ) -> None:
        """Start the mirror task for this request, or drop it (not sampled / at capacity)."""
        cfg = self.cfg
        if cfg.percent <= 0 or rand() * 100.0 >= cfg.percent:
            return
        if self.inflight >= cfg.max_concurrency:
            metrics.shadow_requests.labels(self.route, "dropped").inc()
            return
        headers = self.pool.request_headers(request.headers, ex.request_id, ex.client_ip, identity=True)
        headers.append((SHADOW_HEADER, "1"))
        tap = Tap(cfg.max_answer_bytes)
        job = ShadowJob(self, ex, tap, on_result)
        ex.shadow_tap = tap
        ex.shadow_job = job
        self.inflight += 1
        task = asyncio.create_task(self._run(job, ex.method, request.raw_path, headers, body))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _run(self, job: ShadowJob, method: str, target: str, headers: Any, body: bytes) -> None:
        t0 = time.perf_counter()
        try:
            async with asyncio.timeout(self.cfg.timeout_s):
                async with await self.pool.client.request(method, target, headers, body) as resp:
                    try:
                        data: bytes | None = await resp.read(limit=self.cfg.max_answer_bytes)
                    except AnswerTooLargeError:
                        data = None  # too long to compare: counted as not compared
                    sse = resp.headers.get("Content-Type", "").startswith("text/event-stream")
                    if data is not None and not sse and self.pool.cfg.expect_model and resp.status < 400:
                        observed = json_model_of(self.adapter, data)
                        if observed is not None and not model_matches(self.pool.cfg.expect_model, observed):
                            metrics.model_mismatch.labels(self.route, self.pool.name).inc()
                    job.shadow_done(resp.status, time.perf_counter() - t0, data, sse)
        except TimeoutError:
            metrics.shadow_requests.labels(self.route, "timeout").inc()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a failing shadow is counted, never propagated
            log.debug("shadow request to %s failed: %r", self.pool.name, exc)
            metrics.shadow_requests.labels(self.route, "error").inc()
        finally:
            self.inflight -= 1

    def cancel_all(self) -> None:
        for task in list(self.tasks):
            task.cancel()
