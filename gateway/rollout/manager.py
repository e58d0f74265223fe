"""Rollouts: the canary state machine, the evidence it judges, its persistence and its loop.

States: `progressing` (the judge moves the weight through `steps`), `paused` (nobody moves
it automatically; also every canary without a `rollout` section), `promoted` (100%, done),
`rolled_back` (0%, stopped). Every `interval_s` the judge (gateway/rollout/analysis.py) looks at the
samples collected since the last step change: all gates pass -> next step (or promote after
the last step below 100), too few samples -> hold, a gate fails -> roll back (or pause, per
`on_fail`). Manual actions (admin API / CLI) override at any time. Every transition resets
the evidence window, is persisted atomically (restart resumes the same step and weight), is
an audit record (who decided, gate values) and moves the `aigw_canary_weight` /
`aigw_rollout_state` gauges. A reload that changes a route's canary upstream starts a new
rollout; one that does not keeps it.

The transition rules are pure functions (`decide`, `manual`); the manager only applies them.
With `workers > 1` the admin process is the leader (it judges and writes the state file,
best with `analysis_source: prometheus`) and the data-plane workers follow the file.

With `rollouts.store` (gateway/rollout/fleet.py) the rollout lives in Redis instead: every
transition is built here as a new `RouteRollout`, written with a compare-and-set on the
stored version (and, for the judge, its lease), and only then applied; every replica
applies stored versions it has not applied yet (`reconcile`). Only the lease holder judges.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from gateway import metrics
from gateway.rollout import analysis, fleet_evidence
from gateway.rollout.config import RolloutConfig, RolloutsSettings
from gateway.rollout.evidence import CanaryStats
from gateway.rollout.store import Fenced, StoreUnavailable, VersionConflict
from gateway.rollout.traffic import splits_of

if TYPE_CHECKING:
    from gateway.config import GatewayConfig, RouteConfig
    from gateway.exchange import Exchange
    from gateway.rollout.fleet import Fleet
    from gateway.rollout.traffic import Comparison
    from gateway.service.gateway import Gateway

log = logging.getLogger("aigw.rollout")

PROGRESSING, PAUSED, PROMOTED, ROLLED_BACK = "progressing", "paused", "promoted", "rolled_back"
STATES = (PROGRESSING, PAUSED, PROMOTED, ROLLED_BACK)
ACTIONS = ("promote", "pause", "resume", "rollback", "weight")
_HISTORY = 20
_STATE_FORMAT = 1


# --- pure transition rules -------------------------------------------------------------------


def start_weight(canary_weight: float, steps: list[float] | None) -> float:
    """Where a rollout begins: the configured weight, or the first step when that is 0."""
    if steps and canary_weight <= 0:
        return steps[0]
    return canary_weight


def next_step(steps: list[float], weight: float) -> float | None:
    """The smallest step above the current weight (None: none left)."""
    for s in steps:
        if s > weight:
            return s
    return None


def decide(
    state: str, weight: float, verdict: str, steps: list[float], on_fail: str
) -> tuple[str, str, float]:
    """One judgement: (action, new state, new weight). Only `progressing` moves."""
    if state != PROGRESSING:
        return "none", state, weight
    if verdict == analysis.FAIL:
        if on_fail == "rollback":
            return "rollback", ROLLED_BACK, 0.0
        return "pause", PAUSED, weight
    if verdict == analysis.HOLD:
        return "hold", state, weight
    nxt = next_step(steps, weight)
    if nxt is None or nxt >= 100:
        return "promote", PROMOTED, 100.0
    return "advance", PROGRESSING, nxt


class TransitionError(ValueError):
    """A manual action that makes no sense in the current state (HTTP 409)."""


def manual(
    state: str,
    weight: float,
    action: str,
    automatic: bool,
    steps: list[float] | None,
    canary_weight: float,
    value: float | None = None,
) -> tuple[str, float]:
    """An operator's action: (new state, new weight) or TransitionError."""
    if action == "promote":
        return PROMOTED, 100.0
    if action == "rollback":
        return ROLLED_BACK, 0.0
    if action == "weight":
        if value is None or not (0 <= value <= 100) or math.isnan(value):
            raise TransitionError("weight must be a number in 0..100")
        return PAUSED, float(value)
    if action == "pause":
        if state in (PROMOTED, ROLLED_BACK):
            raise TransitionError(f"rollout is {state}; nothing to pause")
        return PAUSED, weight
    if action == "resume":
        if not automatic:
            raise TransitionError("route has no rollout section: its weight only changes by hand")
        if state == PROMOTED:
            raise TransitionError("rollout is promoted; nothing to resume")
        if state == ROLLED_BACK:
            return PROGRESSING, start_weight(canary_weight, steps)
        return PROGRESSING, weight if weight > 0 else start_weight(canary_weight, steps)
    raise TransitionError(f"unknown action {action!r}")


# --- persisted state -------------------------------------------------------------------------


@dataclass(slots=True)
class RouteRollout:
    route: str
    canary_upstream: str
    canary_url: str
    state: str
    weight: float
    automatic: bool
    config_weight: float
    started_at: float
    window_started_at: float
    last_eval_at: float
    updated_at: float
    last_decision: dict[str, Any] | None = None
    history: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> RouteRollout:
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in doc.items() if k in names})


def write_atomically(path: str, data: bytes) -> None:
    """Write to a temp file in the same directory, fsync, rename: readers see old or new."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def read_state(path: str | None) -> dict[str, RouteRollout]:
    return read_state_file(path)[0]


def read_state_file(path: str | None) -> tuple[dict[str, RouteRollout], dict[str, int]]:
    """The rollouts of a state file and the store versions they were (fleet mode; else empty)."""
    if not path:
        return {}, {}
    try:
        doc = orjson.loads(Path(path).read_bytes())
    except FileNotFoundError:
        return {}, {}
    except (OSError, orjson.JSONDecodeError) as exc:
        log.error("rollout state %s unreadable, starting fresh: %s", path, exc)
        return {}, {}
    versions = {k: v for k, v in (doc.get("versions") or {}).items() if isinstance(v, int)}
    out: dict[str, RouteRollout] = {}
    for name, item in (doc.get("routes") or {}).items():
        try:
            out[name] = RouteRollout.from_json(item)
        except TypeError as exc:
            log.error("rollout state for %s ignored: %s", name, exc)
    return out, versions


def stored_rollout(doc: Any, route: str) -> RouteRollout | None:
    """A rollout read from the fleet store, or None when it is not one this replica can apply."""
    if not isinstance(doc, dict):
        return None
    try:
        ro = RouteRollout.from_json(doc)
    except TypeError:
        return None
    ok = (
        ro.route == route
        and ro.state in STATES
        and isinstance(ro.weight, int | float)
        and 0 <= ro.weight <= 100
        and isinstance(ro.canary_upstream, str)
        and isinstance(ro.canary_url, str)
        and all(
            isinstance(getattr(ro, f), int | float)
            for f in ("started_at", "window_started_at", "last_eval_at")
        )
        and isinstance(ro.history, list)
    )
    if not ok:
        return None
    ro.weight = float(ro.weight)
    return ro


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


def emit_audit(
    gw: Any, kind: str, record: dict[str, Any], route: str | None = None, request_id: str | None = None
) -> None:
    """Hand a record to the audit log (gateway/audit/log.py) when one is configured; never raises."""
    audit = getattr(gw, "audit", None)
    if audit is None:
        return
    try:
        audit.emit(kind, record, route=route, request_id=request_id)
    except Exception:
        log.exception("audit emit of %s failed", kind)


# --- the manager -----------------------------------------------------------------------------


class RolloutManager:
    """Process-wide rollout state; survives config generations. One per Gateway."""

    def __init__(self, gw: Gateway, clock: Callable[[], float] = time.time) -> None:
        self.gw = gw
        self.clock = clock
        cfg = gw.current.loaded.config
        self.settings: RolloutsSettings = cfg.rollouts
        self.stats = CanaryStats(self.settings.latency_samples, bucketed=bool(self.settings.store))
        self.rollouts: dict[str, RouteRollout] = {}
        self.last_verdicts: dict[str, dict[str, Any]] = {}
        self.leader = True
        self._task: asyncio.Task[None] | None = None
        self._saver: asyncio.Task[None] | None = None
        self._dirty = False
        self._mtime = 0.0
        # Fleet mode: the store version each route's rollout was applied from, and the routes
        # whose rollout this replica's config changed (pushed to the store on the next sync).
        self.versions: dict[str, int] = {}
        self.config_changed: set[str] = set()
        self.fleet: Fleet | None = None
        if self.settings.store:
            from gateway.rollout.fleet import Fleet

            self.fleet = Fleet(self, self.settings, clock)
            validation = getattr(gw, "validation", None)
            if validation is not None:  # issue 21: only the fleet's leader runs scheduled golden sets
                fleet = self.fleet
                validation.should_run = lambda: fleet.lease.leads
        saved, versions = read_state_file(self.settings.state_path)
        # Written once start() knows whether this process leads (workers must not write).
        self._unsaved = self.sync(cfg, saved, actor="startup")
        self.versions = {
            k: v for k, v in versions.items() if k in self.rollouts and k not in self.config_changed
        }
        gw.observers.append(self.observe)
        gw.on_reload.append(self._on_reload)

    # -- config generations -----------------------------------------------------------------

    def _splits(self) -> Any:
        return splits_of(self.gw.shared)

    def sync(self, cfg: GatewayConfig, saved: dict[str, RouteRollout], actor: str) -> bool:
        """Match rollouts to the routes of a config: keep, start new, or drop. True if changed."""
        now = self.clock()
        changed = False
        splits = self._splits()
        wanted: set[str] = set()
        for r in cfg.routes:
            if r.canary is None:
                continue
            wanted.add(r.name)
            url = cfg.upstreams[r.canary.upstream].url
            automatic = r.rollout is not None
            cur = self.rollouts.get(r.name) or saved.get(r.name)
            if cur is None or (cur.canary_upstream, cur.canary_url) != (r.canary.upstream, url):
                why = (
                    "first rollout of this canary"
                    if cur is None
                    else f"canary upstream is now {r.canary.upstream}"
                )
                steps = r.rollout.steps if r.rollout else None
                held = automatic and r.rollout.gates.validation_before_first_step  # type: ignore[union-attr]
                if held:
                    why += "; no traffic until a validation run on it passes"
                cur = RouteRollout(
                    route=r.name,
                    canary_upstream=r.canary.upstream,
                    canary_url=url,
                    state=PROGRESSING if automatic else PAUSED,
                    weight=0.0 if held else start_weight(r.canary.weight, steps),
                    automatic=automatic,
                    config_weight=r.canary.weight,
                    started_at=now,
                    window_started_at=now,
                    last_eval_at=now,
                    updated_at=now,
                )
                self.rollouts[r.name] = cur
                self.stats.reset(r.name)
                self._record(cur, "start", actor, why, None, now)
                self.config_changed.add(r.name)
                changed = True
            else:
                self.rollouts[r.name] = cur
                self.stats.ensure(r.name)
                if cur.automatic != automatic:
                    cur.automatic = automatic
                    self.config_changed.add(r.name)
                    changed = True
                    if not automatic and cur.state == PROGRESSING:
                        self._apply(
                            cur, "pause", PAUSED, cur.weight, actor, "rollout section removed", None, now
                        )
                if not automatic and cur.config_weight != r.canary.weight:
                    why = f"canary.weight changed in the config to {r.canary.weight:g}"
                    self._apply(cur, "weight", cur.state, r.canary.weight, actor, why, None, now)
                    self.config_changed.add(r.name)
                cur.config_weight = r.canary.weight
            splits.get(r.name, cur.weight).weight = cur.weight
            self._gauges(cur)
        for name in list(self.rollouts):
            if name not in wanted:
                del self.rollouts[name]
                self.versions.pop(name, None)
                self.config_changed.discard(name)
                self.stats.drop(name)
                self._clear_gauges(name)
                changed = True
        return changed

    def _on_reload(self, result: Any, source: str) -> None:
        cfg = self.gw.current.loaded.config
        if cfg.rollouts.store != self.settings.store:
            log.warning("rollouts.store changed: applies at the next restart (this process keeps its store)")
        self.settings = cfg.rollouts
        if self.sync(cfg, {}, actor=f"config_reload:{source}"):
            self._schedule_save()
        if self.fleet is not None and self.config_changed:
            self.fleet._wake.set()  # push this config's changes to the store now

    # -- request path hooks -----------------------------------------------------------------

    def observe(self, ex: Exchange, outcome: str, status: int) -> None:
        """Gateway observer: O(1) bookkeeping after every exchange."""
        job = ex.shadow_job
        if job is not None:
            job.primary_done(outcome)
        if ex.split:
            self.stats.record(ex, outcome)

    def on_shadow(self, ex: Exchange, cmp: Comparison, primary_status: int, shadow_status: int) -> None:
        """A shadow comparison finished: evidence for the divergence gate, audit when diverged."""
        self.stats.record_shadow(ex.route, cmp.diverged)
        if cmp.diverged:
            rt = self.gw.current.routes.get(ex.route)
            emit_audit(
                self.gw,
                "shadow_divergence",
                {
                    "request_id": ex.request_id,
                    "route": ex.route,
                    "variant": ex.variant,
                    "upstream": ex.upstream,
                    "shadow_upstream": rt.shadow.pool.name if rt is not None and rt.shadow else None,
                    "primary_status": primary_status,
                    "shadow_status": shadow_status,
                    "min_similarity": rt.shadow.cfg.min_similarity if rt is not None and rt.shadow else None,
                    **cmp.public(),
                },
                route=ex.route,
                request_id=ex.request_id,
            )

    # -- transitions ------------------------------------------------------------------------

    def _record(
        self,
        ro: RouteRollout,
        action: str,
        actor: str,
        reason: str,
        gates: Any,
        now: float,
        before: tuple[str, float] | None = None,
    ) -> None:
        self._announce(ro, self._decide(ro, action, actor, reason, gates, now, before))

    def _decide(
        self,
        ro: RouteRollout,
        action: str,
        actor: str,
        reason: str,
        gates: Any,
        now: float,
        before: tuple[str, float] | None = None,
    ) -> dict[str, Any]:
        """Write the decision into the rollout (last decision, history); no side effects."""
        decision = {
            "at": now,
            "action": action,
            "actor": actor,
            "reason": reason,
            "from": {"state": before[0], "weight": before[1]} if before else None,
            "to": {"state": ro.state, "weight": ro.weight},
        }
        if gates is not None:
            decision["gates"] = gates
        if self.fleet is not None:
            decision["replica"] = self.fleet.replica  # which replica's judge or admin API decided
        ro.last_decision = decision
        ro.history.append({k: v for k, v in decision.items() if k != "gates"})
        del ro.history[:-_HISTORY]
        ro.updated_at = now
        return decision

    def _announce(self, ro: RouteRollout, decision: dict[str, Any], version: int | None = None) -> None:
        """The transition's metric, `rollout` audit record and log line (by the replica that made it)."""
        metrics.rollout_transitions.labels(ro.route, decision["action"]).inc()
        extra = {"version": version, "replica": self.fleet.replica} if self.fleet is not None else {}
        emit_audit(
            self.gw, "rollout", {"canary_upstream": ro.canary_upstream, **extra, **decision}, route=ro.route
        )
        log.info(
            "rollout %s: %s by %s -> %s at %g%% (%s)",
            ro.route,
            decision["action"],
            decision["actor"],
            ro.state,
            ro.weight,
            decision["reason"],
        )

    def _apply(
        self,
        ro: RouteRollout,
        action: str,
        state: str,
        weight: float,
        actor: str,
        reason: str,
        gates: Any,
        now: float,
    ) -> None:
        before = (ro.state, ro.weight)
        ro.state, ro.weight = state, weight
        ro.window_started_at = ro.last_eval_at = now
        self.stats.reset(ro.route)
        self._splits().get(ro.route, weight).weight = weight
        self._gauges(ro)
        self._record(ro, action, actor, reason, gates, now, before)

    def _gauges(self, ro: RouteRollout) -> None:
        metrics.canary_weight.labels(ro.route).set(ro.weight)
        for s in STATES:
            metrics.rollout_state.labels(ro.route, s).set(1.0 if s == ro.state else 0.0)

    def _clear_gauges(self, route: str) -> None:
        with contextlib.suppress(KeyError):
            metrics.canary_weight.remove(route)
        for s in STATES:
            with contextlib.suppress(KeyError):
                metrics.rollout_state.remove(route, s)

    def _route_cfg(self, route: str) -> RouteConfig | None:
        rt = self.gw.current.routes.get(route)
        return rt.route.config if rt is not None else None

    async def act(self, route: str, action: str, actor: str, value: float | None = None) -> RouteRollout:
        """A manual action; raises KeyError (no such rollout) or TransitionError. Persisted on return.

        Fleet mode: written to the store first (StoreUnavailable when it cannot be), so the
        action reaches every replica; a concurrent change (version conflict) is re-read and
        the action decided again on the new state, up to three times.
        """
        if self.fleet is not None:
            return await self._act_in_fleet(route, action, actor, value)
        ro = self.rollouts[route]
        rcfg = self._route_cfg(route)
        steps = rcfg.rollout.steps if rcfg is not None and rcfg.rollout else None
        cw = rcfg.canary.weight if rcfg is not None and rcfg.canary else ro.config_weight
        state, weight = manual(ro.state, ro.weight, action, ro.automatic, steps, cw, value)
        reason = f"manual {action}" + (f" to {weight:g}%" if action == "weight" else "")
        self._apply(ro, action, state, weight, actor, reason, None, self.clock())
        await self.flush()
        return ro

    async def _act_in_fleet(self, route: str, action: str, actor: str, value: float | None) -> RouteRollout:
        assert self.fleet is not None
        if not self.fleet.up:
            raise StoreUnavailable(self.fleet.down_reason or "rollout store unavailable")
        for _ in range(3):
            ro = self.rollouts[route]
            rcfg = self._route_cfg(route)
            steps = rcfg.rollout.steps if rcfg is not None and rcfg.rollout else None
            cw = rcfg.canary.weight if rcfg is not None and rcfg.canary else ro.config_weight
            state, weight = manual(ro.state, ro.weight, action, ro.automatic, steps, cw, value)
            reason = f"manual {action}" + (f" to {weight:g}%" if action == "weight" else "")
            try:
                new = await self._commit(ro, action, state, weight, actor, reason, None, self.clock())
            except VersionConflict:
                await self.fleet.refresh()
                continue
            await self.flush()
            return new
        raise TransitionError("the rollout kept changing under this action (three version conflicts)")

    # -- fleet mode: the store is the truth --------------------------------------------------

    def _next(
        self,
        ro: RouteRollout,
        action: str,
        state: str,
        weight: float,
        actor: str,
        reason: str,
        gates: Any,
        now: float,
    ) -> RouteRollout:
        """The rollout after a transition, as a new object (`ro` is untouched until it is stored)."""
        new = RouteRollout.from_json(orjson.loads(orjson.dumps(asdict(ro))))
        new.state, new.weight = state, weight
        new.window_started_at = new.last_eval_at = now
        self._decide(new, action, actor, reason, gates, now, (ro.state, ro.weight))
        return new

    async def _commit(
        self,
        ro: RouteRollout,
        action: str,
        state: str,
        weight: float,
        actor: str,
        reason: str,
        gates: Any,
        now: float,
        lease: str | None = None,
    ) -> RouteRollout:
        """Write a transition to the store (compare-and-set, fenced by `lease`), then apply it here."""
        assert self.fleet is not None
        new = self._next(ro, action, state, weight, actor, reason, gates, now)
        version = await self.fleet.store.write(ro.route, asdict(new), self.versions.get(ro.route, 0), lease)
        self._adopt(new, version)
        assert new.last_decision is not None
        self._announce(new, new.last_decision, version)
        return new

    def _adopt(self, new: RouteRollout, version: int) -> None:
        """Apply a stored version here: split, gauges, evidence window, `rollout_applied` audit."""
        old = self.rollouts.get(new.route)
        self.rollouts[new.route] = new
        self.versions[new.route] = version
        if old is None or old.window_started_at != new.window_started_at:
            self.stats.reset(new.route)
        self._splits().get(new.route, new.weight).weight = new.weight
        self._gauges(new)
        if old is not None and old.weight != new.weight:
            assert self.fleet is not None
            decision = new.last_decision or {}
            emit_audit(
                self.gw,
                "rollout_applied",
                {
                    "replica": self.fleet.replica,
                    "version": version,
                    "state": new.state,
                    "from_weight": old.weight,
                    "to_weight": new.weight,
                    "decided_by": decision.get("actor"),
                    "action": decision.get("action"),
                },
                route=new.route,
            )
            log.info(
                "rollout %s: applied version %d, canary %g%% -> %g%%",
                new.route,
                version,
                old.weight,
                new.weight,
            )
        self._schedule_save()

    async def reconcile(self, route: str, item: tuple[int, dict[str, Any] | None] | None) -> None:
        """One stored rollout against this replica's: push this config's change, adopt, or seed.

        A conflicting write here is never retried at once: the next round (<= 1 s) reads again.
        """
        assert self.fleet is not None
        ro = self.rollouts.get(route)
        if ro is None:
            return
        store = self.fleet.store
        if item is None:
            # Nothing stored: the first replica of the fleet, or the store lost its data. Seed it
            # with what this replica applies now (never a restart of the rollout: no jump).
            self.config_changed.discard(route)
            with contextlib.suppress(VersionConflict):  # another replica seeded first
                self.versions[route] = await store.write(
                    route, asdict(ro), None, create_version=self.versions.get(route, 0) + 1
                )
                self._schedule_save()
            return
        version, doc = item
        stored = stored_rollout(doc, route)
        if stored is None:
            # Not a rollout (written by hand or by something else): replace it with what this
            # replica serves.
            log.error("stored rollout of %s is unreadable: replacing it with this replica's", route)
            with contextlib.suppress(VersionConflict):
                self.versions[route] = await store.write(route, asdict(ro), version)
            return
        same_canary = (stored.canary_upstream, stored.canary_url) == (ro.canary_upstream, ro.canary_url)
        if route in self.config_changed:
            self.config_changed.discard(route)
            if not same_canary or version == self.versions.get(route):
                # This replica's config started a new rollout or changed this one: the fleet's now.
                with contextlib.suppress(VersionConflict):
                    self.versions[route] = await store.write(route, asdict(ro), version)
                    self.fleet.mismatch.discard(route)
                    self._schedule_save()
                return
        if not same_canary:
            self.fleet.mismatch.add(route)  # another config generation's canary: keep this split
            return
        self.fleet.mismatch.discard(route)
        if version != self.versions.get(route):
            stored.automatic, stored.config_weight = ro.automatic, ro.config_weight
            self._adopt(stored, version)

    # -- judging ----------------------------------------------------------------------------

    def shadow_expected(self, rcfg: RouteConfig) -> int:
        if rcfg.shadow is None or rcfg.rollout is None:
            return 0
        return max(1, math.ceil(rcfg.rollout.min_requests * rcfg.shadow.percent / 100.0))

    async def samples(self, ro: RouteRollout, rcfg: RouteConfig, now: float) -> analysis.JudgeInput:
        if self.settings.analysis_source == "prometheus":
            return await self._prometheus_samples(ro, rcfg, now)
        if self.settings.analysis_source == "store" and self.fleet is not None:
            total = await self.fleet.fleet_input(ro.route, self.versions.get(ro.route, 0))
            return fleet_evidence.judge_input(total, self.shadow_expected(rcfg))
        return self.stats.judge_input(ro.route, self.shadow_expected(rcfg))

    async def _prometheus_samples(
        self, ro: RouteRollout, rcfg: RouteConfig, now: float
    ) -> analysis.JudgeInput:
        import aiohttp

        queries = analysis.prometheus_queries(ro.route, now - ro.window_started_at)
        timeout = aiohttp.ClientTimeout(total=self.settings.prometheus_timeout_s)
        answers: dict[str, Any] = {}
        async with aiohttp.ClientSession(timeout=timeout) as session:
            for name, q in queries.items():
                url = analysis.prometheus_query_url(self.settings.prometheus_url or "", q, now)
                async with session.get(url) as resp:
                    answers[name] = orjson.loads(await resp.read())
        return analysis.samples_from_prometheus(answers, ro.canary_upstream, self.shadow_expected(rcfg))

    async def evaluate(self, route: str, now: float | None = None) -> analysis.Verdict | None:
        """Judge one progressing rollout now and apply the outcome."""
        ro = self.rollouts.get(route)
        rcfg = self._route_cfg(route)
        if ro is None or rcfg is None or rcfg.rollout is None or ro.state != PROGRESSING:
            return None
        now = self.clock() if now is None else now
        rc = rcfg.rollout
        lease: str | None = None
        if self.fleet is not None:
            lease = self.fleet.lease.fence
            if lease is None or not self.fleet.up:
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
        verdict = self._with_validation(ro, rcfg, judge_with(data, rc))
        gates = [x.public() for x in verdict.gates]
        self.last_verdicts[route] = {"at": now, **verdict.public()}
        if self.rollouts.get(route) is not ro or ro.state != PROGRESSING:
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
        if self.fleet is not None:
            try:
                await self._commit(ro, action, state, weight, "judge", verdict.reason, gates, now, lease)
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
        self._apply(ro, action, state, weight, "judge", verdict.reason, gates, now)
        self._schedule_save()
        return verdict

    def _with_validation(
        self, ro: RouteRollout, rcfg: RouteConfig, verdict: analysis.Verdict
    ) -> analysis.Verdict:
        """Hook: the golden-set gates (gateway/validation/service.py) amend the verdict."""
        hook = getattr(self.gw, "validation", None)
        return verdict if hook is None else hook.amend_verdict(ro, rcfg, verdict)

    async def tick(self, now: float | None = None) -> None:
        """Evaluate every progressing rollout whose interval has elapsed."""
        now = self.clock() if now is None else now
        if self.fleet is not None and (self.fleet.lease.fence is None or not self.fleet.up):
            return  # a follower, or the store is down: the judge holds
        for name, ro in list(self.rollouts.items()):
            rcfg = self._route_cfg(name)
            if ro.state != PROGRESSING or rcfg is None or rcfg.rollout is None:
                continue
            if now - ro.last_eval_at >= rcfg.rollout.interval_s:
                await self.evaluate(name, now)

    def _tick_s(self) -> float:
        intervals = [r.rollout.interval_s for r in self.gw.current.loaded.config.routes if r.rollout]
        return min(5.0, max(0.05, min(intervals) / 4)) if intervals else 1.0

    # -- lifecycle ----------------------------------------------------------------------------

    async def start(self, leader: bool = True) -> None:
        """Start judging (leader) or following the state file (data-plane workers)."""
        self.leader = leader
        if self._unsaved and leader:
            self._unsaved = False
            self._save_now()
        if self.fleet is not None:
            self.fleet.start()
        if self._task is None:
            self._task = asyncio.create_task(self._run())
        hook = getattr(self.gw, "validation", None)
        if hook is not None and leader:  # golden-set runs belong to the process that judges
            hook.start()

    async def _run(self) -> None:
        while True:
            fleet = self.fleet is not None
            await asyncio.sleep(self._tick_s() if self.leader or fleet else 1.0)
            try:
                if self.leader or fleet:  # fleet mode: every replica may lead (tick checks the lease)
                    await self.tick()
                else:
                    self.follow()
            except Exception:
                log.exception("rollout loop iteration failed")

    def follow(self) -> None:
        """Workers: apply the leader's state file when it changed (weights and states)."""
        path = self.settings.state_path
        if not path:
            return
        try:
            mtime = os.stat(path).st_mtime
        except OSError:
            return
        if mtime == self._mtime:
            return
        self._mtime = mtime
        splits = self._splits()
        for name, saved in read_state(path).items():
            ro = self.rollouts.get(name)
            if ro is None or (ro.canary_upstream, ro.canary_url) != (saved.canary_upstream, saved.canary_url):
                continue
            if (ro.state, ro.weight) != (saved.state, saved.weight):
                self.stats.reset(name)
            self.rollouts[name] = saved
            splits.get(name, saved.weight).weight = saved.weight
            self._gauges(saved)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        hook = getattr(self.gw, "validation", None)
        if hook is not None:
            await hook.stop()
        if self.fleet is not None:
            await self.fleet.stop()
        await self.flush()
        for rt in self.gw.current.routes.values():
            if rt.shadow is not None:
                rt.shadow.cancel_all()

    # -- persistence --------------------------------------------------------------------------

    def snapshot(self) -> bytes:
        doc = {
            "format": _STATE_FORMAT,
            "written_at": self.clock(),
            "routes": {name: asdict(ro) for name, ro in self.rollouts.items()},
        }
        if self.fleet is not None:
            doc["versions"] = dict(self.versions)
        return orjson.dumps(doc, option=orjson.OPT_INDENT_2)

    def _save_now(self) -> None:
        if self.settings.state_path and self.leader:
            try:
                write_atomically(self.settings.state_path, self.snapshot())
            except OSError as exc:
                log.error("cannot write rollout state %s: %s", self.settings.state_path, exc)

    def _schedule_save(self) -> None:
        if not self.settings.state_path or not self.leader:
            return
        self._dirty = True
        if self._saver is None or self._saver.done():
            self._saver = asyncio.get_running_loop().create_task(self._save_loop())

    async def _save_loop(self) -> None:
        loop = asyncio.get_running_loop()
        while self._dirty:
            self._dirty = False
            data, path = self.snapshot(), self.settings.state_path
            if not path:
                return
            try:
                await loop.run_in_executor(None, write_atomically, path, data)
            except OSError as exc:
                log.error("cannot write rollout state %s: %s", path, exc)

    async def flush(self) -> None:
        """Persist now and wait for it (admin actions answer only once the state is on disk)."""
        self._schedule_save()
        if self._saver is not None:
            await asyncio.shield(self._saver)

    # -- status -------------------------------------------------------------------------------

    def status(self, route: str) -> dict[str, Any]:
        ro = self.rollouts[route]
        rcfg = self._route_cfg(route)
        now = self.clock()
        rc = rcfg.rollout if rcfg is not None else None
        steps = rc.steps if rc else []
        w = self.stats.routes.get(route)
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
            "analysis_source": self.settings.analysis_source,
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
        if rc is not None and rcfg is not None and self.settings.analysis_source == "memory":
            verdict = judge_with(self.stats.judge_input(route, self.shadow_expected(rcfg)), rc)
            verdict = self._with_validation(ro, rcfg, verdict)
            doc["gates"] = {"at": now, "live": True, **verdict.public()}
        elif (
            rc is not None
            and rcfg is not None
            and self.fleet is not None
            and self.settings.analysis_source == "store"
        ):
            # Every replica shows the gates on the fleet evidence it last read (<= 1 s old).
            total = self.fleet.totals(route)
            if total is not None:
                verdict = judge_with(fleet_evidence.judge_input(total, self.shadow_expected(rcfg)), rc)
                verdict = self._with_validation(ro, rcfg, verdict)
                doc["gates"] = {"at": now, "live": True, **verdict.public()}
            else:
                doc["gates"] = self.last_verdicts.get(route)
        else:
            doc["gates"] = self.last_verdicts.get(route)
        if self.fleet is not None:
            doc["version"] = self.versions.get(route)
            doc["fleet"] = self.fleet.public(route)
        return doc

    def split_of(self, route: str) -> dict[str, float]:
        """The `split` of /admin/routes: baseline and canary percent, shadow percent."""
        ro = self.rollouts.get(route)
        rcfg = self._route_cfg(route)
        canary = ro.weight if ro is not None else 0.0
        shadow = rcfg.shadow.percent if rcfg is not None and rcfg.shadow is not None else 0
        return {"baseline": round(100.0 - canary, 4), "canary": canary, "shadow_percent": shadow}
