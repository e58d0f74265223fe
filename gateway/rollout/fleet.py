"""This replica's side of a fleet rollout (`rollouts.store`): follow the stored rollouts, report
evidence, keep the judge's lease, say who is who.

The sync loop reads every route's stored version once a second, and at once when the store
publishes a change (pub/sub), so a transition made on any replica reaches this one's split
within about one round trip; the periodic read is the fallback for lost notifications and
for a store that came back. Once a second it also writes this replica's heartbeat and its
evidence for each route's current window (one pipelined round trip: the "at most one write
per replica per route per second" bound) and reads the fleet's (for the status).

Store unreachable: nothing local changes (fail static: the split keeps its last applied
weights), `aigw_rollout_store_up` is 0, the judge holds (its lease lapses; its writes would
fail anyway), admin actions answer 503. Back: the next read adopts what is stored, or, if
the store lost its data, re-seeds it with the weights this replica applies now, so traffic
does not jump.

The store is the truth: a transition (the judge's or an operator's) is built as a new
`RouteRollout` (`next_rollout`), written with a compare-and-set on the stored version (and,
for the judge, its lease: `commit`), and only then applied here; `reconcile` applies the
stored versions this replica has not applied yet, or pushes this replica's config change.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

import orjson

from gateway import metrics
from gateway.rollout import fleet_evidence
from gateway.rollout.leader import LeaderLease
from gateway.rollout.state import RouteRollout, stored_rollout
from gateway.rollout.store import RolloutStore, StoreUnavailable, VersionConflict
from gateway.rollout.transitions import Transition, TransitionError

if TYPE_CHECKING:
    from gateway.rollout.config import RolloutsSettings
    from gateway.rollout.manager import RolloutManager

log = logging.getLogger("aigw.rollout.fleet")

SYNC_S = 1.0  # the read fallback and the evidence cadence (<= 1 write per replica per route per s)
SHOWN_S = 60.0  # replicas silent for longer are left out of the status
FORGOTTEN_S = 3600.0  # ... and removed from the store by the leader (a replica restarted under a new id)


def _seen_at(info: dict[str, Any]) -> float:
    """A heartbeat's time; 0 (long ago) when it is not a number."""
    at = info.get("at")
    return float(at) if isinstance(at, int | float) and not isinstance(at, bool) else 0.0


def default_replica_id() -> str:
    """hostname:pid: unique per process on a host, and the pod name on Kubernetes."""
    return f"{socket.gethostname()}:{os.getpid()}"


class Fleet:
    def __init__(
        self, manager: RolloutManager, settings: RolloutsSettings, clock: Callable[[], float] = time.time
    ) -> None:
        assert settings.store is not None
        self.manager = manager
        self.clock = clock
        self.replica = settings.replica_id or default_replica_id()
        self.store = RolloutStore(settings.store, settings.store_timeout_s)
        self.lease = LeaderLease(self.store, self.replica, settings.lease_s)
        self.up = False
        self.down_reason: str | None = "not contacted yet"
        self.stored: dict[str, int] = {}  # route -> the version last seen in the store
        self.replicas: dict[str, dict[str, Any]] = {}  # last read: replica -> heartbeat
        self.evidence: dict[str, dict[str, Any]] = {}  # last read: route -> replica -> report
        self.judged: dict[str, dict[str, Any]] = {}  # route -> the fleet evidence of the last judgement
        self.mismatch: set[str] = set()  # routes whose stored canary is not this replica's config
        self._wake = asyncio.Event()
        self._last_report = 0.0
        self._tasks: list[asyncio.Task[None]] = []
        self._listener: asyncio.Task[None] | None = None
        self._retired: set[asyncio.Task[None]] = set()
        self._was_up = False  # the listener is restarted only when the store comes *back*
        metrics.rollout_store_up.labels(self.replica).set(0)

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> None:
        if self._tasks:
            return
        self.lease.start()
        self._tasks = [asyncio.create_task(self._sync_loop())]
        self._listen()

    async def stop(self) -> None:
        tasks = [*self._tasks, *self._retired, *([self._listener] if self._listener is not None else [])]
        self._listener = None
        for t in tasks:
            t.cancel()
        for t in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await t
        self._tasks = []
        await self.lease.stop()
        await self.store.close()

    def wake(self) -> None:
        """Sync now (a reload changed this replica's rollouts: push them to the store)."""
        self._wake.set()

    def _on_event(self, route: str, version: int) -> None:
        if self.manager.versions.get(route) != version:
            self._wake.set()

    async def _sync_loop(self) -> None:
        while True:
            try:
                await self.sync_once()
            except Exception:
                log.exception("rollout fleet sync failed")
            # Wake-ups (a notification) read early; the next report keeps its one-second beat.
            due = self._last_report + SYNC_S - time.monotonic()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(max(0.01, due)):
                    await self._wake.wait()
            self._wake.clear()

    def _set_up(self, up: bool, reason: str | None = None) -> None:
        if up != self.up:
            if up:
                log.info("rollout store up")
            else:
                log.warning("rollout store unreachable: %s (keeping the last applied weights)", reason)
            if up and self._was_up:
                self._listen()  # a subscription that outlived an outage may sit on a dead connection
            self._was_up = self._was_up or up
        self.up = up
        self.down_reason = None if up else reason
        metrics.rollout_store_up.labels(self.replica).set(1 if up else 0)

    def _listen(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            self._retired.add(self._listener)  # awaited by stop()
            self._listener.add_done_callback(self._retired.discard)
        self._listener = asyncio.create_task(self.store.listen(self._on_event, self._wake.set))

    # -- one round ----------------------------------------------------------------------------

    async def sync_once(self) -> None:
        """Adopt (or seed) the stored rollouts; once a second also report and read the fleet."""
        m = self.manager
        routes = list(m.rollouts)
        report_due = time.monotonic() - self._last_report >= SYNC_S
        if report_due:  # also when the store is down: one attempt per second, never a spin
            self._last_report = time.monotonic()
        try:
            stored = await self.store.read(routes)
            self._set_up(True)
            for route, item in stored.items():
                if item is not None:
                    self.stored[route] = item[0]
                await self.reconcile(route, item)
            if report_due:
                await self._report(routes)
        except StoreUnavailable as exc:
            self._set_up(False, str(exc))

    async def refresh(self) -> None:
        """Read the store now (after a version conflict): the next attempt starts from its state."""
        await self.sync_once()

    async def _report(self, routes: list[str]) -> None:
        m = self.manager
        now = self.clock()
        reports = {}
        for route in routes:
            window = m.stats.routes.get(route)
            version = m.versions.get(route)
            if window is not None and version is not None:
                reports[route] = fleet_evidence.report_of(window, version, now)
        info = {"at": round(now, 3), "applied": dict(m.versions), "leads": self.lease.leads}
        await self.store.report(self.replica, info, reports)
        self.replicas, self.evidence = await self.store.fleet(routes)
        if self.lease.leads:
            old = [r for r, i in self.replicas.items() if now - _seen_at(i) > FORGOTTEN_S]
            await self.store.forget(old, routes)

    async def fleet_input(self, route: str, version: int) -> dict[str, Any]:
        """The judge's evidence: the sum of every replica's report for this window."""
        reports = await self.store.evidence(route)
        self.evidence[route] = reports
        total = fleet_evidence.totals(reports.values(), version)
        self.judged[route] = {"at": self.clock(), "version": version, **fleet_evidence.public(total)}
        return total

    # -- transitions: written to the store first, then applied --------------------------------

    async def act(self, route: str, action: str, actor: str, value: float | None) -> RouteRollout:
        """An operator's action through the store (StoreUnavailable when it cannot be reached).

        A concurrent change (version conflict) is re-read and the action decided again on the
        new state, up to three times.
        """
        m = self.manager
        if not self.up:
            raise StoreUnavailable(self.down_reason or "rollout store unavailable")
        for _ in range(3):
            ro = m.rollouts[route]
            try:
                new = await self.commit(ro, m.manual_transition(ro, action, actor, value))
            except VersionConflict:
                await self.refresh()
                continue
            await m.flush()
            return new
        raise TransitionError("the rollout kept changing under this action (three version conflicts)")

    def next_rollout(self, ro: RouteRollout, t: Transition) -> RouteRollout:
        """The rollout after a transition, as a new object (`ro` is untouched until it is stored)."""
        new = RouteRollout.from_json(orjson.loads(orjson.dumps(asdict(ro))))
        new.state, new.weight = t.state, t.weight
        new.window_started_at = new.last_eval_at = t.at
        self.manager.record_decision(new, t, (ro.state, ro.weight))
        return new

    async def commit(self, ro: RouteRollout, t: Transition, lease: str | None = None) -> RouteRollout:
        """Write a transition to the store (compare-and-set, fenced by `lease`), then apply it here."""
        m = self.manager
        new = self.next_rollout(ro, t)
        version = await self.store.write(ro.route, asdict(new), m.versions.get(ro.route, 0), lease)
        self.adopt(new, version)
        assert new.last_decision is not None
        m.announce(new, new.last_decision, version)
        return new

    def adopt(self, new: RouteRollout, version: int) -> None:
        """Apply a stored version here: split, gauges, evidence window, `rollout_applied` audit."""
        m = self.manager
        old = m.rollouts.get(new.route)
        m.rollouts[new.route] = new
        m.versions[new.route] = version
        if old is None or old.window_started_at != new.window_started_at:
            m.stats.reset(new.route)
        m.show(new)
        if old is not None and old.weight != new.weight:
            decision = new.last_decision or {}
            m.emit_audit(
                "rollout_applied",
                {
                    "replica": self.replica,
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
        m.schedule_save()

    async def reconcile(self, route: str, item: tuple[int, dict[str, Any] | None] | None) -> None:
        """One stored rollout against this replica's: push this config's change, adopt, or seed.

        A conflicting write here is never retried at once: the next round (<= 1 s) reads again.
        """
        m = self.manager
        ro = m.rollouts.get(route)
        if ro is None:
            return
        store = self.store
        if item is None:
            # Nothing stored: the first replica of the fleet, or the store lost its data. Seed it
            # with what this replica applies now (never a restart of the rollout: no jump).
            m.config_changed.discard(route)
            with contextlib.suppress(VersionConflict):  # another replica seeded first
                m.versions[route] = await store.write(
                    route, asdict(ro), None, create_version=m.versions.get(route, 0) + 1
                )
                m.schedule_save()
            return
        version, doc = item
        stored = stored_rollout(doc, route)
        if stored is None:
            # Not a rollout (written by hand or by something else): replace it with what this
            # replica serves.
            log.error("stored rollout of %s is unreadable: replacing it with this replica's", route)
            with contextlib.suppress(VersionConflict):
                m.versions[route] = await store.write(route, asdict(ro), version)
            return
        same_canary = (stored.canary_upstream, stored.canary_url) == (ro.canary_upstream, ro.canary_url)
        if route in m.config_changed:
            m.config_changed.discard(route)
            if not same_canary or version == m.versions.get(route):
                # This replica's config started a new rollout or changed this one: the fleet's now.
                with contextlib.suppress(VersionConflict):
                    m.versions[route] = await store.write(route, asdict(ro), version)
                    self.mismatch.discard(route)
                    m.schedule_save()
                return
        if not same_canary:
            self.mismatch.add(route)  # another config generation's canary: keep this split
            return
        self.mismatch.discard(route)
        if version != m.versions.get(route):
            stored.automatic, stored.config_weight = ro.automatic, ro.config_weight
            self.adopt(stored, version)

    # -- status -------------------------------------------------------------------------------

    def totals(self, route: str) -> dict[str, Any] | None:
        """The fleet evidence of the route's current window as last read (None before any read)."""
        version = self.manager.versions.get(route)
        reports = self.evidence.get(route)
        if version is None or reports is None:
            return None
        return fleet_evidence.totals(reports.values(), version)

    def public(self, route: str) -> dict[str, Any]:
        now = self.clock()
        version = self.manager.versions.get(route)
        reports = self.evidence.get(route, {})
        shares = fleet_evidence.shares(reports, version) if version is not None else {}
        rows = []
        for rid, info in sorted(self.replicas.items()):
            at = _seen_at(info)
            if now - at > SHOWN_S:
                continue
            found = info.get("applied")
            applied: dict[Any, Any] = found if isinstance(found, dict) else {}
            rows.append(
                {
                    "id": rid,
                    "applied_version": applied.get(route),
                    "last_report": at,
                    "evidence_share": shares.get(rid, 0.0),
                }
            )
        total = self.totals(route)
        return {
            "replica": self.replica,
            "leader": self.lease.leader,
            "leads": self.lease.leads,
            "store": "up" if self.up else "unavailable",
            "store_error": self.down_reason,
            "stored_version": self.stored.get(route),
            "applied_version": version,
            "config_mismatch": route in self.mismatch,
            "replicas": rows,
            "evidence": fleet_evidence.public(total) if total is not None else None,
            "judged_evidence": self.judged.get(route),
        }
