"""One validation run: a set's cases sent to one upstream, answers read with the route's
protocol adapter, each judged.

Requests go straight to the upstream's connection pool, never through the data plane, so
validation traffic is counted apart by construction: it is not in the route's SLO,
rollout evidence, rate limits, drift or audit exchange records. The upstream gets its own
credential (the pool injects it), `x-aigw-validation: 1` so its logs can tell probe
traffic apart, and an `x-request-id` naming the run and the case.

Bounds: at most `concurrency` cases in flight, each within `timeout_s`, each answer read
up to MAX_ANSWER_BYTES; the run stops starting cases once `run_budget_s` is spent and
reports the rest as `skipped`.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson

from gateway.protocols import ProtocolAdapter, ProtocolError
from gateway.protocols.sse import json_payloads
from gateway.upstream_errors import AnswerTooLargeError
from gateway.validation.judges import ERROR, FAIL, PASS, SKIPPED, Answer, verdict_of

if TYPE_CHECKING:
    from gateway.config import RouteConfig
    from gateway.dataplane.forward import UpstreamPool
    from gateway.validation.cases import Case, CaseSet

VALIDATION_HEADER = "x-aigw-validation"
MAX_ANSWER_BYTES = 4 << 20  # an answer longer than this is an error, not a buffer that grows
_MODEL_PROTOCOLS = ("openai-", "anthropic-")  # bodies that name their model in `model`
ANSWER_KEEP_CHARS = 2000  # of each answer's text kept in the result (reports, audit, console)


@dataclass(slots=True)
class CaseResult:
    id: str
    verdict: str  # pass | fail | error | skipped
    reasons: list[str]
    latency_ms: float | None = None
    status: int | None = None
    model: str | None = None
    answer: str | None = None  # truncated to ANSWER_KEEP_CHARS
    expected: dict[str, Any] = field(default_factory=dict)

    @property
    def why(self) -> str:
        return "; ".join(self.reasons)

    def public(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "verdict": self.verdict,
            "why": self.why,
            "latency_ms": None if self.latency_ms is None else round(self.latency_ms, 1),
            "status": self.status,
            "model": self.model,
            "expected": self.expected,
            "answer": self.answer,
        }


@dataclass(slots=True)
class RunResult:
    run_id: str
    route: str
    variant: str
    upstream: str
    set_name: str
    set_sha256: str
    config_version: str
    trigger: str
    started_at: float
    elapsed_s: float
    results: list[CaseResult]

    def counts(self) -> dict[str, int]:
        c = Counter(r.verdict for r in self.results)
        return {v: c.get(v, 0) for v in (PASS, FAIL, ERROR, SKIPPED)}

    @property
    def judged(self) -> int:
        return sum(1 for r in self.results if r.verdict != SKIPPED)

    @property
    def passed(self) -> int:
        return sum(1 for r in self.results if r.verdict == PASS)

    @property
    def pass_rate(self) -> float | None:
        """Passed over judged (skipped cases never ran); None when nothing was judged."""
        n = self.judged
        return self.passed / n if n else None

    def verdicts(self) -> dict[str, str]:
        return {r.id: r.verdict for r in self.results}

    def models(self) -> dict[str, int]:
        """How many answers named each model (the model field of the answers)."""
        c = Counter(r.model for r in self.results if r.model is not None)
        return dict(c)

    def failing(self) -> list[CaseResult]:
        return [r for r in self.results if r.verdict in (FAIL, ERROR)]

    def summary(self) -> dict[str, Any]:
        rate = self.pass_rate
        return {
            "run_id": self.run_id,
            "route": self.route,
            "variant": self.variant,
            "upstream": self.upstream,
            "set": self.set_name,
            "set_sha256": self.set_sha256,
            "config_version": self.config_version,
            "trigger": self.trigger,
            "started_at": round(self.started_at, 3),
            "elapsed_s": round(self.elapsed_s, 3),
            "cases": len(self.results),
            "counts": self.counts(),
            "pass_rate": None if rate is None else round(rate, 4),
            "models": self.models(),
        }

    def public(self) -> dict[str, Any]:
        return {**self.summary(), "results": [r.public() for r in self.results]}


def request_target(route: RouteConfig, case: Case) -> str:
    """The path a case is sent to: its own `path`, else the route's match path."""
    if case.path is not None:
        return case.path
    return route.match.path


def request_body(route: RouteConfig, case: Case) -> bytes:
    """The case's body; for OpenAI/Anthropic protocols `model` is filled from the route's
    match.models when the case has none and the first non-glob entry names one."""
    body = case.body
    models = route.match.models or []
    if "model" not in body and route.protocol.startswith(_MODEL_PROTOCOLS) and models:
        exact = [m for m in models if not any(c in m for c in "*?[")]
        if exact:
            body = {"model": exact[0], **body}
    return orjson.dumps(body)


def read_answer(adapter: ProtocolAdapter, data: bytes, sse: bool) -> tuple[str | None, str | None]:
    """(text, model) of a complete JSON answer or a reassembled SSE stream; (None, None) if unreadable."""
    try:
        if sse:
            parts: list[str] = []
            model: str | None = None
            for payload in json_payloads(data):  # bounded by MAX_ANSWER_BYTES
                if model is None:
                    model = adapter.stream_model(payload)
                parts.extend(seg.text for seg in adapter.stream_segments(payload))
            return "".join(parts), model
        doc = orjson.loads(data)
        text = "\n".join(seg.text for seg in adapter.extract_response(doc))
        return text, adapter.response_model(doc)
    except (orjson.JSONDecodeError, ProtocolError, TypeError, AttributeError):
        return None, None


async def run_case(
    pool: UpstreamPool,
    adapter: ProtocolAdapter,
    route: RouteConfig,
    case: Case,
    request_id: str,
    timeout_s: float,
) -> CaseResult:
    """Send one case, read and judge its answer. Never raises (transport failures are errors)."""
    headers = [
        ("Content-Type", "application/json"),
        ("Accept-Encoding", "identity"),  # the answer's text is read: ask for it uncompressed
        ("x-request-id", request_id),
        (VALIDATION_HEADER, "1"),
    ]
    if pool.auth is not None:
        headers.append(pool.auth)
    expected = case.expect.summary()
    t0 = time.perf_counter()
    try:
        async with asyncio.timeout(timeout_s):
            resp = await pool.client.request(
                "POST", request_target(route, case), headers, request_body(route, case)
            )
            async with resp:
                data = await resp.read(limit=MAX_ANSWER_BYTES)
                status = resp.status
                sse = resp.headers.get("Content-Type", "").startswith("text/event-stream")
    except TimeoutError:
        ms = (time.perf_counter() - t0) * 1000
        return CaseResult(case.id, ERROR, [f"timeout after {timeout_s:g} s"], ms, expected=expected)
    except AnswerTooLargeError:
        ms = (time.perf_counter() - t0) * 1000
        return CaseResult(
            case.id, ERROR, [f"answer larger than {MAX_ANSWER_BYTES} bytes"], ms, expected=expected
        )
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # unreachable, reset, protocol error: the case errs, the run goes on
        ms = (time.perf_counter() - t0) * 1000
        return CaseResult(
            case.id, ERROR, [f"upstream failed: {type(exc).__name__}: {exc}"[:300]], ms, expected=expected
        )
    ms = (time.perf_counter() - t0) * 1000
    text, model = read_answer(adapter, data, sse) if status < 300 else (None, None)
    verdict, reasons = verdict_of(case.expect, Answer(status, text, model, ms))
    kept = None if text is None else text[:ANSWER_KEEP_CHARS]
    return CaseResult(case.id, verdict, reasons, ms, status, model, kept, expected)


async def run_set(
    *,
    pool: UpstreamPool,
    adapter: ProtocolAdapter,
    route: RouteConfig,
    variant: str,
    case_set: CaseSet,
    cases: Sequence[Case] | None = None,
    timeout_s: float,
    concurrency: int,
    run_budget_s: float,
    config_version: str,
    trigger: str,
    on_case: Callable[[CaseResult], None] | None = None,
    clock: Callable[[], float] = time.time,
) -> RunResult:
    """Run `cases` (default: the whole set) against one upstream; results in case order."""
    todo = list(case_set.cases if cases is None else cases)
    run_id = secrets.token_hex(6)
    started = clock()
    t0 = time.monotonic()
    deadline = t0 + run_budget_s
    results: list[CaseResult | None] = [None] * len(todo)
    next_index = 0

    async def worker() -> None:
        nonlocal next_index
        while next_index < len(todo):
            i = next_index
            next_index += 1
            case = todo[i]
            left = deadline - time.monotonic()
            if left <= 0:
                res = CaseResult(case.id, SKIPPED, ["run budget spent"], expected=case.expect.summary())
            else:
                rid = f"aigw-validation-{run_id}-{i}"
                res = await run_case(pool, adapter, route, case, rid, min(timeout_s, left))
            results[i] = res
            if on_case is not None:
                on_case(res)

    await asyncio.gather(*(worker() for _ in range(min(concurrency, len(todo)) or 1)))
    return RunResult(
        run_id=run_id,
        route=route.name,
        variant=variant,
        upstream=pool.name,
        set_name=case_set.name,
        set_sha256=case_set.sha256,
        config_version=config_version,
        trigger=trigger,
        started_at=started,
        elapsed_s=time.monotonic() - t0,
        results=[r for r in results if r is not None],
    )


def rotation(cases: Sequence[Case], offset: int, sample: int) -> tuple[list[Case], int]:
    """`sample` cases starting at `offset`, wrapping; and the next offset. Deterministic, so
    every case is replayed once per ceil(len/sample) runs and two variants get the same ones."""
    n = len(cases)
    if n == 0:
        return [], 0
    k = min(sample, n)
    start = offset % n
    picked = [cases[(start + j) % n] for j in range(k)]
    return picked, (start + k) % n
