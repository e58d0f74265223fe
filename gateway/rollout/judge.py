"""The canary judge's loop: when to judge, where its evidence comes from, and applying the verdict.

Every `interval_s` the judge (gateway/rollout/analysis.py) looks at the samples collected
since the last step change: all gates pass -> next step (or promote after the last step
below 100), too few samples -> hold, a gate fails -> roll back (or pause, per `on_fail`).
The samples come from this process (`analysis_source: memory`), from Prometheus (a fleet of
replicas behind one Prometheus), or from every replica's reports in the rollout store
(`store`). In fleet mode only the holder of the store's lease judges, and its move is written
to the store before anything applies it. The golden-set gates (gateway/validation/service.py)
amend the verdict through `Gateway.validation`.
"""

from __future__ import annotations

import logging
import math
from typing import TYPE_CHECKING, Any

import orjson

from gateway.rollout import analysis, fleet_evidence, prometheus
from gateway.rollout.store import Fenced, StoreUnavailable, VersionConflict
from gateway.rollout.transitions import PROGRESSING, Transition, decide

if TYPE_CHECKING:
    from gateway.config import RouteConfig
    from gateway.rollout.config import RolloutConfig
    from gateway.rollout.manager import RolloutManager
    from gateway.rollout.state import RouteRollout

log = logging.getLogger("aigw.rollout")


def judge_with(data: analysis.JudgeInput, rc: RolloutConfig) -> analysis.Verdict:
    """The judge with a route's rollout settings."""
    g = rc.gates
    return analysis.judge(
        data,
        min_requests=rc.min_requests,
        max_error_rate_delta=g.max_error_rate_delta,
        max_p95_latency_ratio=g.max_p95_latency_ratio,
        max_block_rate_delta=g.max_block_rate_delta,
        max_shadow_divergence=g.max_shadow_divergence,
        model_mismatch=g.model_mismatch,
        alpha=g.alpha,
        min_p95_latency_delta_ms=g.min_p95_latency_delta_ms,
    )


def shadow_expected(rcfg: RouteConfig) -> int:
    """Shadow comparisons the divergence gate waits for: the shadow's share of `min_requests`."""
    if rcfg.shadow is None or rcfg.rollout is None:
        return 0
    return max(1, math.ceil(rcfg.rollout.min_requests * rcfg.shadow.percent / 100.0))


class RolloutJudge:
    """Judges the manager's progressing rollouts and applies what it decides."""

    def __init__(self, manager: RolloutManager) -> None:
        self.m = manager
        self.last_verdicts: dict[str, dict[str, Any]] = {}  # route -> the last verdict, for the status

    async def samples(self, ro: RouteRollout, rcfg: RouteConfig, now: float) -> analysis.JudgeInput:
        m = self.m
        if m.settings.analysis_source == "prometheus":
            return await self._prometheus_samples(ro, rcfg, now)
        if m.settings.analysis_source == "store" and m.fleet is not None:
            total = await m.fleet.fleet_input(ro.route, m.versions.get(ro.route, 0))
            return fleet_evidence.judge_input(total, shadow_expected(rcfg))
        return m.stats.judge_input(ro.route, shadow_expected(rcfg))

    async def _prometheus_samples(
        self, ro: RouteRollout, rcfg: RouteConfig, now: float
    ) -> analysis.JudgeInput:
        import aiohttp

        settings = self.m.settings
        queries = prometheus.prometheus_queries(ro.route, now - ro.window_started_at)
        timeout = aiohttp.ClientTimeout(total=settings.prometheus_timeout_s)
        answers: dict[str, Any] = {}
        async with aiohttp.ClientSession(timeout=timeout) as session:
            for name, q in queries.items():
                url = prometheus.prometheus_query_url(settings.prometheus_url or "", q, now)
                async with session.get(url) as resp:
                    answers[name] = orjson.loads(await resp.read())
        return prometheus.samples_from_prometheus(answers, ro.canary_upstream, shadow_expected(rcfg))

    def with_validation(
        self, ro: RouteRollout, rcfg: RouteConfig, verdict: analysis.Verdict
    ) -> analysis.Verdict:
        """Hook: the golden-set gates (gateway/validation/service.py) amend the verdict."""
        hook = getattr(self.m.gw, "validation", None)
        return verdict if hook is None else hook.amend_verdict(ro, rcfg, verdict)

    async def evaluate(self, route: str, now: float | None = None) -> analysis.Verdict | None:
        """Judge one progressing rollout now and apply the outcome."""
        m = self.m
        ro = m.rollouts.get(route)
        rcfg = m.route_cfg(route)
        if ro is None or rcfg is None or rcfg.rollout is None or ro.state != PROGRESSING:
            return None
        now = m.clock() if now is None else now
        rc = rcfg.rollout
        lease: str | None = None
        if m.fleet is not None:
            lease = m.fleet.lease.fence
            if lease is None or not m.fleet.up:
                return None  # only the leader judges; nobody judges without the store
        try:
            data = await self.samples(ro, rcfg, now)
        except Exception as exc:  # Prometheus down or odd: no evidence, no move
            ro.last_eval_at = now
            ro.last_decision = {
                "at": now,
                "action": "hold",
                "actor": "judge",
                "reason": f"samples unavailable: {exc!r}"[:300],
            }
            return None
        verdict = self.with_validation(ro, rcfg, judge_with(data, rc))
        gates = [x.public() for x in verdict.gates]
        self.last_verdicts[route] = {"at": now, **verdict.public()}
        if m.rollouts.get(route) is not ro or ro.state != PROGRESSING:
            return verdict  # an operator acted while we were reading samples: theirs wins
        action, state, weight = decide(ro.state, ro.weight, verdict.verdict, rc.steps, rc.on_fail)
        ro.last_eval_at = now
        if action == "hold":
            ro.last_decision = {
                "at": now,
                "action": "hold",
                "actor": "judge",
                "reason": verdict.reason,
                "gates": gates,
                "from": {"state": ro.state, "weight": ro.weight},
                "to": {"state": ro.state, "weight": ro.weight},
            }
            return verdict
        move = Transition(action, state, weight, "judge", verdict.reason, now, gates)
        if m.fleet is not None:
            try:
                await m.fleet.commit(ro, move, lease)
            except (Fenced, VersionConflict, StoreUnavailable) as exc:
                ro.last_decision = {
                    "at": now,
                    "action": "hold",
                    "actor": "judge",
                    "reason": f"{action} not written: {exc}"[:300],
                    "gates": gates,
                }
                log.warning("rollout %s: judge's %s refused by the store: %s", route, action, exc)
            return verdict
        m.apply(ro, move)
        m.schedule_save()
        return verdict

    async def tick(self, now: float | None = None) -> None:
        """Evaluate every progressing rollout whose interval has elapsed."""
        m = self.m
        now = m.clock() if now is None else now
        if m.fleet is not None and (m.fleet.lease.fence is None or not m.fleet.up):
            return  # a follower, or the store is down: the judge holds
        for name, ro in list(m.rollouts.items()):
            rcfg = m.route_cfg(name)
            if ro.state != PROGRESSING or rcfg is None or rcfg.rollout is None:
                continue
            if now - ro.last_eval_at >= rcfg.rollout.interval_s:
                await self.evaluate(name, now)

    def tick_s(self) -> float:
        """How often the loop looks: a quarter of the shortest interval, within 0.05..5 s."""
        intervals = [r.rollout.interval_s for r in self.m.gw.current.loaded.config.routes if r.rollout]
        return min(5.0, max(0.05, min(intervals) / 4)) if intervals else 1.0
