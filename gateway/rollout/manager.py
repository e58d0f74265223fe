"""Rollouts: the manager that applies the state machine's moves to this process's splits.

The rules are pure (gateway/rollout/transitions.py: `decide`, `manual`, `Transition`); the
record and its state file are gateway/rollout/state.py; the judge that turns evidence into
moves every `interval_s` is gateway/rollout/judge.py; the admin views are
gateway/rollout/views.py. The manager owns what is left: the rollouts of the current config
(kept, started or dropped at every reload), applying a transition (split weight, gauges,
evidence window, audit record, log line), the request-path hooks, the loop and persistence.

Manual actions (admin API / CLI) override the judge at any time. Every transition resets the
evidence window, is persisted atomically (restart resumes the same step and weight), is an
audit record (who decided, gate values) and moves the `aigw_canary_weight` /
`aigw_rollout_state` gauges. A reload that changes a route's canary upstream starts a new
rollout; one that does not keeps it. With `workers > 1` the admin process is the leader (it
judges and writes the state file, best with `analysis_source: prometheus`) and the data-plane
workers follow the file.

With `rollouts.store` (gateway/rollout/fleet.py) the rollout lives in Redis instead: every
transition is built as a new `RouteRollout`, written with a compare-and-set on the stored
version (and, for the judge, its lease), and only then applied; every replica applies stored
versions it has not applied yet (`Fleet.reconcile`). Only the lease holder judges.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import orjson

from gateway import metrics
from gateway.rollout.config import RolloutsSettings
from gateway.rollout.evidence import CanaryStats
from gateway.rollout.judge import RolloutJudge
from gateway.rollout.state import (
    STATE_FORMAT,
    RouteRollout,
    read_state,
    read_state_file,
    record_decision,
    write_atomically,
)
from gateway.rollout.traffic import splits_of
from gateway.rollout.transitions import PAUSED, PROGRESSING, STATES, Transition, manual, start_weight

if TYPE_CHECKING:
    from gateway.config import GatewayConfig, RouteConfig
    from gateway.exchange import Exchange
    from gateway.rollout.fleet import Fleet
    from gateway.rollout.traffic import Comparison
    from gateway.service.gateway import Gateway

log = logging.getLogger("aigw.rollout")


class RolloutManager:
    """Process-wide rollout state; survives config generations. One per Gateway."""

    def __init__(self, gw: Gateway, clock: Callable[[], float] = time.time) -> None:
        self.gw = gw
        self.clock = clock
        cfg = gw.current.loaded.config
        self.settings: RolloutsSettings = cfg.rollouts
        self.stats = CanaryStats(self.settings.latency_samples, bucketed=bool(self.settings.store))
        self.rollouts: dict[str, RouteRollout] = {}
        self.judge = RolloutJudge(self)
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
                self._record(cur, Transition("start", cur.state, cur.weight, actor, why, now))
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
                        why = "rollout section removed"
                        self.apply(cur, Transition("pause", PAUSED, cur.weight, actor, why, now))
                if not automatic and cur.config_weight != r.canary.weight:
                    why = f"canary.weight changed in the config to {r.canary.weight:g}"
                    self.apply(cur, Transition("weight", cur.state, r.canary.weight, actor, why, now))
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
            self.schedule_save()
        if self.fleet is not None and self.config_changed:
            self.fleet.wake()  # push this config's changes to the store now

    def route_cfg(self, route: str) -> RouteConfig | None:
        """The route's section of the current config (None: the route is gone)."""
        rt = self.gw.current.routes.get(route)
        return rt.route.config if rt is not None else None

    def emit_audit(
        self, kind: str, record: dict[str, Any], route: str | None = None, request_id: str | None = None
    ) -> None:
        """Hand a record to the audit log (gateway/audit/log.py) when one is configured; never raises."""
        audit = getattr(self.gw, "audit", None)
        if audit is None:
            return
        try:
            audit.emit(kind, record, route=route, request_id=request_id)
        except Exception:
            log.exception("audit emit of %s failed", kind)

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
            self.emit_audit(
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

    def record_decision(
        self, ro: RouteRollout, t: Transition, before: tuple[str, float] | None = None
    ) -> dict[str, Any]:
        """The transition's decision written into `ro`, naming this replica in fleet mode."""
        return record_decision(ro, t, before, self.fleet.replica if self.fleet is not None else None)

    def _record(self, ro: RouteRollout, t: Transition, before: tuple[str, float] | None = None) -> None:
        self.announce(ro, self.record_decision(ro, t, before))

    def announce(self, ro: RouteRollout, decision: dict[str, Any], version: int | None = None) -> None:
        """The transition's metric, `rollout` audit record and log line (by the replica that made it)."""
        metrics.rollout_transitions.labels(ro.route, decision["action"]).inc()
        extra = {"version": version, "replica": self.fleet.replica} if self.fleet is not None else {}
        self.emit_audit(
            "rollout", {"canary_upstream": ro.canary_upstream, **extra, **decision}, route=ro.route
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

    def apply(self, ro: RouteRollout, t: Transition) -> None:
        """Apply a transition in this process: new evidence window, split, gauges, decision."""
        before = (ro.state, ro.weight)
        ro.state, ro.weight = t.state, t.weight
        ro.window_started_at = ro.last_eval_at = t.at
        self.stats.reset(ro.route)
        self.show(ro)
        self._record(ro, t, before)

    def show(self, ro: RouteRollout) -> None:
        """Make the rollout's weight this process's split and its gauges."""
        self._splits().get(ro.route, ro.weight).weight = ro.weight
        self._gauges(ro)

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

    def manual_transition(self, ro: RouteRollout, action: str, actor: str, value: float | None) -> Transition:
        """An operator's action on the rollout as it is now, or TransitionError."""
        rcfg = self.route_cfg(ro.route)
        steps = rcfg.rollout.steps if rcfg is not None and rcfg.rollout else None
        cw = rcfg.canary.weight if rcfg is not None and rcfg.canary else ro.config_weight
        state, weight = manual(ro.state, ro.weight, action, ro.automatic, steps, cw, value)
        reason = f"manual {action}" + (f" to {weight:g}%" if action == "weight" else "")
        return Transition(action, state, weight, actor, reason, self.clock())

    async def act(self, route: str, action: str, actor: str, value: float | None = None) -> RouteRollout:
        """A manual action; raises KeyError (no such rollout) or TransitionError. Persisted on return.

        Fleet mode: written to the store first (`Fleet.act`), so the action reaches every replica.
        """
        if self.fleet is not None:
            return await self.fleet.act(route, action, actor, value)
        ro = self.rollouts[route]
        self.apply(ro, self.manual_transition(ro, action, actor, value))
        await self.flush()
        return ro

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
            await asyncio.sleep(self.judge.tick_s() if self.leader or fleet else 1.0)
            try:
                if self.leader or fleet:  # fleet mode: every replica may lead (tick checks the lease)
                    await self.judge.tick()
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
        for name, saved in read_state(path).items():
            ro = self.rollouts.get(name)
            if ro is None or (ro.canary_upstream, ro.canary_url) != (saved.canary_upstream, saved.canary_url):
                continue
            if (ro.state, ro.weight) != (saved.state, saved.weight):
                self.stats.reset(name)
            self.rollouts[name] = saved
            self.show(saved)

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
            "format": STATE_FORMAT,
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

    def schedule_save(self) -> None:
        """Persist soon (a task writes the latest snapshot once however many changes came)."""
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
        self.schedule_save()
        if self._saver is not None:
            await asyncio.shield(self._saver)
