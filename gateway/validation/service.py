"""Validation inside a running gateway: the schedule, the rollout gates, metrics, audit.

`gw.validation` (built by the Gateway in gateway/service/gateway.py, started by the rollout
manager in the process that judges rollouts) does three things:

* Continuous: every `interval_s` each route with an enabled `validation` section replays
  `sample` cases (a deterministic rotation through the set) against its serving variants:
  the baseline always, the canary while its weight is above 0. Both get the same cases,
  so the pair is also the evidence of the `max_validation_pass_rate_drop` gate.
* First step: a new canary of a route with `validation_before_first_step` sits at weight 0
  (the manager starts it there); the service runs the whole set against it at once and
  asks the manager to judge, which advances to the first step or rolls back.
* Every run updates `aigw_validation_*`, the quality SLO (gateway/validation/quality.py),
  the console's history, and writes a `validation` audit record (config version, set
  digest, counts, the model each answer named, failing cases with expected vs got;
  strings PII-redacted by the audit log).

Fleets: `should_run` is consulted before each scheduled run (default: always). The fleet
branch sets it to "this replica holds the leader lease" so probe traffic does not grow
with the number of replicas.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gateway import metrics
from gateway.rollout import analysis
from gateway.rollout.transitions import PROGRESSING
from gateway.validation.judges import VERDICTS
from gateway.validation.quality import QualityTracker
from gateway.validation.runner import RunResult, rotation, run_set

if TYPE_CHECKING:
    from gateway.config import RouteConfig
    from gateway.validation.cases import CaseSet

log = logging.getLogger("aigw.validation")

HISTORY = 120  # runs kept per route and variant for the console's pass-rate chart
AUDIT_FAILING = 10  # failing cases named in one audit record
AUDIT_ANSWER_CHARS = 300  # of each failing answer in the audit record (redacted there)


@dataclass(slots=True)
class RouteState:
    offset: int = 0  # rotation position in the set
    set_sha256: str = ""
    last_run_at: float = 0.0
    busy: bool = False
    last: dict[str, RunResult] = field(default_factory=dict)  # variant -> latest run
    pair: tuple[RunResult, RunResult] | None = None  # latest (baseline, canary) on the same cases
    first_step: RunResult | None = None  # latest whole-set run on a held canary
    history: dict[str, deque[tuple[float, float | None]]] = field(default_factory=dict)
    failing_view: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # variant -> redacted


class ValidationService:
    def __init__(
        self,
        gw: Any,
        clock: Callable[[], float] = time.time,
        should_run: Callable[[], bool] = lambda: True,
    ) -> None:
        self.gw = gw
        self.clock = clock
        self.should_run = should_run  # fleet hook: only the leader runs scheduled validation
        self.quality = QualityTracker(clock, self._audit_alert)
        self.routes: dict[str, RouteState] = {}
        self._task: asyncio.Task[None] | None = None
        self._runs: set[asyncio.Task[Any]] = set()
        self.configure()

    # -- config generations -------------------------------------------------------------------

    def _config(self) -> Any:
        return self.gw.current.loaded.config

    def _sets(self) -> dict[str, CaseSet]:
        return self.gw.current.loaded.validation_sets

    def configure(self) -> None:
        cfg = self._config()
        wanted = {r.name: r.validation for r in cfg.routes if r.validation is not None}
        self.quality.configure({name: v.slo for name, v in wanted.items()})
        for name in list(self.routes):
            if name not in wanted:
                del self.routes[name]
        sets = self._sets()
        for name, v in wanted.items():
            st = self.routes.setdefault(name, RouteState())
            sha = sets[v.set].sha256 if v.set in sets else ""
            if st.set_sha256 != sha:  # another set (or an edited one): rotate from its start
                st.set_sha256, st.offset = sha, 0

    def on_reload(self, result: Any, source: str) -> None:
        if getattr(result, "ok", True):
            self.configure()
            if self._task is not None:
                # after every reload callback ran (the rollout manager may hold a new canary)
                asyncio.get_running_loop().call_soon(self._tick_safely)

    def _tick_safely(self) -> None:
        try:
            self.tick()
        except Exception:
            log.exception("validation schedule tick failed")

    # -- running ----------------------------------------------------------------------------

    def _route(self, name: str) -> RouteConfig | None:
        rt = self.gw.current.routes.get(name)
        return rt.route.config if rt is not None else None

    def canary_weight(self, route: str) -> float:
        rollouts = getattr(self.gw, "rollouts", None)
        ro = rollouts.rollouts.get(route) if rollouts is not None else None
        return ro.weight if ro is not None else 0.0

    async def run_variant(
        self, route: str, variant: str, cases: Any = None, trigger: str = "manual"
    ) -> RunResult | None:
        """Run `cases` (default: the whole set) against one variant of a route and record it.

        Returns None when the route, set or variant is gone, or when a reload retired the
        generation mid-run (its pools may have closed: the results would be noise).
        """
        gen = self.gw.current
        rt = gen.routes.get(route)
        rcfg = rt.route.config if rt is not None else None
        if rt is None or rcfg is None or rcfg.validation is None:
            return None
        case_set = gen.loaded.validation_sets.get(rcfg.validation.set)
        scfg = gen.loaded.config.validation.sets.get(rcfg.validation.set)
        if case_set is None or scfg is None:
            return None
        if variant == "baseline":
            pool = rt.upstream
        elif variant == "canary" and rt.canary is not None:
            pool = rt.canary.pool
        else:
            return None
        run = await run_set(
            pool=pool,
            adapter=rt.adapter,
            route=rcfg,
            variant=variant,
            case_set=case_set,
            cases=cases,
            timeout_s=scfg.timeout_s,
            concurrency=scfg.concurrency,
            run_budget_s=scfg.run_budget_s,
            config_version=gen.version,
            trigger=trigger,
            clock=self.clock,
        )
        # Failing answers redacted once, off the event loop (Presidio's first use loads it).
        failing_view = await asyncio.get_running_loop().run_in_executor(None, _redacted_failing, run)
        if gen.retired:
            log.info(
                "validation run %s of %s/%s discarded: the config was reloaded mid-run",
                run.run_id,
                route,
                variant,
            )
            return None
        self._record(run)
        st = self.routes.get(route)
        if st is not None:
            st.failing_view[variant] = failing_view
        return run

    def _record(self, run: RunResult) -> None:
        st = self.routes.get(run.route)
        if st is None:
            return
        c = run.counts()
        for verdict in VERDICTS:
            if c[verdict]:
                metrics.validation_cases.labels(run.route, run.variant, verdict).inc(c[verdict])
        self.quality.record(run.route, run.variant, run.judged, c["fail"] + c["error"], run.pass_rate)
        self.quality.evaluate()
        st.last[run.variant] = run
        st.history.setdefault(run.variant, deque(maxlen=HISTORY)).append((run.started_at, run.pass_rate))
        self._audit(run)
        rate = "-" if run.pass_rate is None else f"{run.pass_rate:.3f}"
        log.info(
            "validation %s/%s (%s, %s): %d pass, %d fail, %d error, %d skipped; pass rate %s",
            run.route,
            run.variant,
            run.upstream,
            run.trigger,
            c["pass"],
            c["fail"],
            c["error"],
            c["skipped"],
            rate,
        )

    async def run_scheduled(self, route: str) -> tuple[RunResult | None, RunResult | None]:
        """One scheduled run: the next `sample` cases against the baseline and, while it gets
        traffic, the canary (concurrently, same cases); then the drop gate if a rollout runs."""
        rcfg = self._route(route)
        st = self.routes.get(route)
        if rcfg is None or rcfg.validation is None or st is None:
            return None, None
        case_set = self._sets().get(rcfg.validation.set)
        if case_set is None:
            return None, None
        picked, st.offset = rotation(case_set.cases, st.offset, rcfg.validation.sample)
        st.last_run_at = self.clock()
        with_canary = rcfg.canary is not None and self.canary_weight(route) > 0
        jobs = [self.run_variant(route, "baseline", picked, "schedule")]
        if with_canary:
            jobs.append(self.run_variant(route, "canary", picked, "schedule"))
        done = await asyncio.gather(*jobs)
        base = done[0]
        cand = done[1] if with_canary else None
        if base is not None and cand is not None:
            st.pair = (base, cand)
            await self._judge_if_failing(route, rcfg)
        return base, cand

    async def _judge_if_failing(self, route: str, rcfg: RouteConfig) -> None:
        """A paired run that fails the drop gate rolls back now, not at the next interval."""
        rollouts = getattr(self.gw, "rollouts", None)
        ro = rollouts.rollouts.get(route) if rollouts is not None else None
        if rollouts is None or ro is None or ro.state != PROGRESSING or rcfg.rollout is None:
            return
        gate = self.drop_gate(ro, rcfg)
        if gate is not None and gate.verdict == analysis.FAIL:
            await rollouts.judge.evaluate(route)

    async def run_first_step(self, route: str) -> RunResult | None:
        """The whole set against a canary held at weight 0; then the manager judges at once."""
        st = self.routes.get(route)
        if st is None:
            return None
        run = await self.run_variant(route, "canary", None, "rollout_first_step")
        if run is None:
            return None
        st.first_step = run
        rollouts = getattr(self.gw, "rollouts", None)
        if rollouts is not None:
            await rollouts.judge.evaluate(route)
        return run

    # -- gates (called by the rollout manager, synchronously: cached results only) ------------

    def _held(self, ro: Any, rcfg: RouteConfig) -> bool:
        return (
            rcfg.rollout is not None
            and rcfg.rollout.gates.validation_before_first_step
            and ro.state == PROGRESSING
            and ro.weight <= 0
        )

    def drop_gate(self, ro: Any, rcfg: RouteConfig) -> analysis.GateResult | None:
        if rcfg.rollout is None or rcfg.rollout.gates.max_validation_pass_rate_drop is None:
            return None
        st = self.routes.get(ro.route)
        pair = st.pair if st is not None else None
        if pair is None or pair[1].started_at < ro.started_at or pair[1].upstream != ro.canary_upstream:
            return analysis.validation_drop_gate({}, {}, rcfg.rollout.gates.max_validation_pass_rate_drop)
        return analysis.validation_drop_gate(
            pair[0].verdicts(), pair[1].verdicts(), rcfg.rollout.gates.max_validation_pass_rate_drop
        )

    def amend_verdict(self, ro: Any, rcfg: RouteConfig, verdict: analysis.Verdict) -> analysis.Verdict:
        """The manager's verdict plus the golden-set gates.

        While a canary is held at weight 0 for `validation_before_first_step`, only that gate
        counts: the other gates have no canary traffic to judge and would hold forever.
        """
        if rcfg.validation is None or rcfg.rollout is None:
            return verdict
        if self._held(ro, rcfg):
            st = self.routes.get(ro.route)
            run = st.first_step if st is not None else None
            fresh = run is not None and run.started_at >= ro.started_at and run.upstream == ro.canary_upstream
            gate = analysis.validation_first_step_gate(
                run.verdicts() if fresh and run is not None else None, rcfg.validation.slo.min_pass_rate
            )
            return analysis.combine([gate])
        drop = self.drop_gate(ro, rcfg)
        return verdict if drop is None else analysis.combine([*verdict.gates, drop])

    # -- the schedule -------------------------------------------------------------------------

    def _tick_s(self) -> float:
        intervals = [r.validation.interval_s for r in self._config().routes if r.validation is not None]
        return min(5.0, max(0.05, min(intervals) / 4)) if intervals else 5.0

    def _spawn(self, route: str, coro: Any) -> None:
        st = self.routes[route]
        st.busy = True

        async def guarded() -> None:
            try:
                await coro
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("validation run of %s failed", route)
            finally:
                st.busy = False

        task = asyncio.get_running_loop().create_task(guarded(), name=f"aigw-validation-{route}")
        self._runs.add(task)
        task.add_done_callback(self._runs.discard)

    def tick(self, now: float | None = None) -> None:
        """Start the runs that are due (each route runs one at a time); re-judge the SLO."""
        now = self.clock() if now is None else now
        if getattr(self.gw, "draining", False):
            return
        rollouts = getattr(self.gw, "rollouts", None)
        for r in self._config().routes:
            v = r.validation
            st = self.routes.get(r.name)
            if v is None or st is None or st.busy:
                continue
            ro = rollouts.rollouts.get(r.name) if rollouts is not None else None
            if ro is not None and self._held(ro, r):
                run = st.first_step
                if run is None or run.started_at < ro.started_at or run.upstream != ro.canary_upstream:
                    self._spawn(r.name, self.run_first_step(r.name))
                continue
            if v.enabled and now - st.last_run_at >= v.interval_s and self.should_run():
                self._spawn(r.name, self.run_scheduled(r.name))
        self.quality.evaluate(now)

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._loop(), name="aigw-validation")

    async def _loop(self) -> None:
        while True:  # tick first: a canary held at startup is validated at once
            self._tick_safely()
            await asyncio.sleep(self._tick_s())

    async def stop(self) -> None:
        task, self._task = self._task, None
        for t in [task, *self._runs]:
            if t is not None:
                t.cancel()
        for t in [task, *list(self._runs)]:
            if t is not None:
                with contextlib.suppress(asyncio.CancelledError):
                    await t

    # -- audit and read side --------------------------------------------------------------------

    def _audit(self, run: RunResult) -> None:
        audit = getattr(self.gw, "audit", None)
        if audit is None:
            return
        failing = run.failing()
        payload = {
            **run.summary(),
            "failing": [
                {
                    "id": r.id,
                    "verdict": r.verdict,
                    "why": r.why,
                    "expected": r.expected,
                    "got": None if r.answer is None else r.answer[:AUDIT_ANSWER_CHARS],
                    "model": r.model,
                }
                for r in failing[:AUDIT_FAILING]
            ],
            "failing_ids": [r.id for r in failing],
        }
        try:
            audit.emit("validation", payload, route=run.route)
        except Exception:
            log.exception("audit of validation run %s failed", run.run_id)

    def _audit_alert(self, payload: dict[str, Any]) -> None:
        from gateway.slo.evaluator import audit_alert

        log.warning(
            "validation SLO alert %s: route=%s variant=%s rule=%s",
            payload["state"],
            payload["route"],
            payload["variant"],
            payload["rule"],
        )
        audit_alert(self.gw, payload)

    def snapshot(self) -> dict[str, Any]:
        """For /admin/slo and the console: the quality SLO plus each route's latest runs."""
        quality = self.quality.snapshot()
        routes = []
        for r in self._config().routes:
            if r.validation is None:
                continue
            st = self.routes.get(r.name, RouteState())
            routes.append(
                {
                    "route": r.name,
                    "set": r.validation.set,
                    "interval_s": r.validation.interval_s,
                    "sample": r.validation.sample,
                    "min_pass_rate": r.validation.slo.min_pass_rate,
                    "variants": quality.get(r.name, []),
                    "latest": {v: run.summary() for v, run in st.last.items()},
                    "history": {
                        v: [[round(t, 3), None if p is None else round(p, 4)] for t, p in h]
                        for v, h in st.history.items()
                    },
                    "failing": dict(st.failing_view),
                }
            )
        return {"routes": routes}


def _redacted_failing(run: RunResult) -> list[dict[str, Any]]:
    """The failing cases with expected vs got, answers PII-redacted like the audit log (pattern
    entities, ~0.1 ms per KB once loaded; runs on an executor thread, the run is immutable)."""
    from filters.pii import redact_for_audit

    out = []
    for r in run.failing()[:AUDIT_FAILING]:
        doc = r.public()
        if doc["answer"]:
            doc["answer"] = redact_for_audit(doc["answer"])
        out.append(doc)
    return out


def install(gw: Any, clock: Callable[[], float] = time.time) -> ValidationService:
    """Build the validation service and register its reload hook; the Gateway keeps it
    (`Gateway.validation`)."""
    service = ValidationService(gw, clock)
    gw.on_reload.append(service.on_reload)
    return service
