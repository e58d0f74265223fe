"""What the admin API shows of a rollout: `GET /admin/rollouts/{route}` and the `split` of
`GET /admin/routes`. Read-only views over the manager's state; the live gates are the judge
run on the evidence at hand (this process's, or the fleet's as last read), never a move.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gateway.rollout import fleet_evidence
from gateway.rollout.judge import judge_with, shadow_expected
from gateway.rollout.transitions import PROGRESSING

if TYPE_CHECKING:
    from gateway.rollout.manager import RolloutManager


def status(m: RolloutManager, route: str) -> dict[str, Any]:
    """A route's rollout: state, step, weights, window, samples, live gates, last decision, history."""
    ro = m.rollouts[route]
    rcfg = m.route_cfg(route)
    now = m.clock()
    rc = rcfg.rollout if rcfg is not None else None
    steps = rc.steps if rc else []
    w = m.stats.routes.get(route)
    doc: dict[str, Any] = {
        "route": route,
        "state": ro.state,
        "automatic": ro.automatic,
        "weight": ro.weight,
        "weights": {"baseline": round(100.0 - ro.weight, 4), "canary": ro.weight},
        "step": sum(1 for s in steps if s <= ro.weight),
        "steps": steps,
        "baseline_upstream": rcfg.upstream if rcfg else None,
        "canary_upstream": ro.canary_upstream,
        "sticky": rcfg.canary.sticky if rcfg and rcfg.canary else None,
        "shadow": {"upstream": rcfg.shadow.upstream, "percent": rcfg.shadow.percent}
        if rcfg and rcfg.shadow
        else None,
        "interval_s": rc.interval_s if rc else None,
        "min_requests": rc.min_requests if rc else None,
        "on_fail": rc.on_fail if rc else None,
        "analysis_source": m.settings.analysis_source,
        "started_at": ro.started_at,
        "window": {
            "started_at": ro.window_started_at,
            "age_s": round(now - ro.window_started_at, 3),
            "next_evaluation_in_s": round(max(0.0, ro.last_eval_at + rc.interval_s - now), 3)
            if rc and ro.state == PROGRESSING
            else None,
        },
        "samples": {
            "baseline": w.baseline.public() if w else None,
            "canary": w.canary.public() if w else None,
            "shadow": {"compared": w.shadow_compared, "diverged": w.shadow_diverged} if w else None,
        },
        "last_decision": ro.last_decision,
        "history": ro.history,
    }
    if rc is not None and rcfg is not None and m.settings.analysis_source == "memory":
        verdict = judge_with(m.stats.judge_input(route, shadow_expected(rcfg)), rc)
        verdict = m.judge.with_validation(ro, rcfg, verdict)
        doc["gates"] = {"at": now, "live": True, **verdict.public()}
    elif (
        rc is not None and rcfg is not None and m.fleet is not None and m.settings.analysis_source == "store"
    ):
        # Every replica shows the gates on the fleet evidence it last read (<= 1 s old).
        total = m.fleet.totals(route)
        if total is not None:
            verdict = judge_with(fleet_evidence.judge_input(total, shadow_expected(rcfg)), rc)
            verdict = m.judge.with_validation(ro, rcfg, verdict)
            doc["gates"] = {"at": now, "live": True, **verdict.public()}
        else:
            doc["gates"] = m.judge.last_verdicts.get(route)
    else:
        doc["gates"] = m.judge.last_verdicts.get(route)
    if m.fleet is not None:
        doc["version"] = m.versions.get(route)
        doc["fleet"] = m.fleet.public(route)
    return doc


def split_of(m: RolloutManager, route: str) -> dict[str, float]:
    """The `split` of /admin/routes: baseline and canary percent, shadow percent."""
    ro = m.rollouts.get(route)
    rcfg = m.route_cfg(route)
    canary = ro.weight if ro is not None else 0.0
    shadow = rcfg.shadow.percent if rcfg is not None and rcfg.shadow is not None else 0
    return {"baseline": round(100.0 - canary, 4), "canary": canary, "shadow_percent": shadow}
