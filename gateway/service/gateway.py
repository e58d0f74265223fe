"""The Gateway: one process's state, declared and typed, and how subsystems register with it.

`Gateway` owns the current config generation. Reload (SIGHUP or the admin API) builds the
next generation beside the current one and swaps a single reference; an invalid config
leaves the old one serving and is reported. The planes, signals and drain live in
gateway/service/server.py; this module holds only the state they share.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from gateway import metrics
from gateway.audit.log import AuditLog
from gateway.audit.log import install as install_audit
from gateway.config import ConfigError, LoadedConfig, load_config
from gateway.exchange import Exchange
from gateway.rollout.manager import RolloutManager
from gateway.service import runtime
from gateway.service.runtime import Generation, PoolRegistry, build_generation, retire
from gateway.slo.drift import DriftTracker
from gateway.slo.evaluator import Evaluator
from gateway.slo.evaluator import install as install_slo
from gateway.slo.tracker import SloTracker
from gateway.validation.service import ValidationService
from gateway.validation.service import install as install_validation

log = logging.getLogger("aigw.server")

Finisher = Callable[[Exchange, str, int], Awaitable[bool]]
Observer = Callable[[Exchange, str, int], None]
ReloadCallback = Callable[["ReloadResult", str], None]
AnswerTapFactory = Callable[[Exchange, int, Mapping[str, str]], Any]


@dataclass(slots=True)
class ReloadResult:
    ok: bool
    version: str
    errors: list[str] = field(default_factory=list)
    changed: bool = True


class Gateway:
    """One gateway process's state; the aiohttp apps reach it as app[GATEWAY].

    Every field is declared here with its type. Subsystems do not patch attributes onto the
    Gateway: they contribute through the registration lists below (`finishers`, `observers`,
    `on_reload`, `on_reload_rejected`), and the objects that outlive config generations
    (audit log, SLO and drift trackers, rollout manager) are built here and assigned once.
    """

    # The registration interface of the request lifecycle and of reloads.
    finishers: list[Finisher]  # before the answer's last bytes; may refuse it (audit durability)
    observers: list[Observer]  # after the answer, for bookkeeping that must not delay anyone
    # When an answer's head arrives: an object whose add(bytes) gets a copy of the body (the
    # audit's AnswerTap for exchanges it will record), or None. Registered by the audit.
    answer_tap: AnswerTapFactory | None
    on_reload: list[ReloadCallback]  # a reload was applied (supervisor fan-out, audit, SLO, rollouts)
    on_reload_rejected: list[ReloadCallback]  # a reload was refused (audit)
    # Subsystems that live as long as the process.
    audit: AuditLog | None
    slo: SloTracker
    drift: DriftTracker
    slo_evaluator: Evaluator
    validation: ValidationService
    rollouts: RolloutManager

    def __init__(self, loaded: LoadedConfig, env: Mapping[str, str], *, data_plane: bool = True) -> None:
        self.env = dict(env)
        self.pools = PoolRegistry()
        self.shared: dict = {}
        self.current: Generation = build_generation(loaded, self.env, self.pools, self.shared)
        self.path = loaded.path
        self.last_error: list[str] = []
        self.last_reload_at: float | None = None
        self.draining = False
        self.data_plane = data_plane
        self.started_at = time.time()
        self._reload_lock = asyncio.Lock()
        self._retiring: set[asyncio.Task[None]] = set()
        self.inflight = 0  # requests in flight across all generations
        self.body_waits: set[asyncio.Timeout] = set()  # deadlines of request bodies still arriving
        if not metrics.INFLIGHT_PER_REQUEST:
            metrics.inflight.set_function(lambda: self.inflight)
        # Under `workers: N` the supervisor validates a reload and counts it; the workers it then
        # signals reload the same file and must not count it again (one reload, +1 not +N+1).
        self.counts_reloads = True
        self.on_reload = []
        self.on_reload_rejected = []
        self.finishers = []
        self.observers = []
        self.answer_tap = None
        metrics.config_info.labels(loaded.short_version).set(1)
        self.audit = install_audit(self)  # gateway/audit/log.py; None when the config has no audit section
        self.slo, self.drift, self.slo_evaluator = install_slo(self)  # gateway/slo/evaluator.py
        self.validation = install_validation(self)  # gateway/validation/: golden sets, gates, quality SLO
        self.rollouts = RolloutManager(self)  # gateway/rollout/manager.py: canary weights, judge, state file

    @property
    def ready(self) -> bool:
        return not self.draining

    async def reload(self, source: str) -> ReloadResult:
        """Build a new generation from the config file; keep the old one on any error."""
        async with self._reload_lock:
            old = self.current
            try:
                loaded = await asyncio.get_running_loop().run_in_executor(
                    None, load_config, self.path, self.env
                )
                if loaded.version == old.version:
                    self._count_reload("unchanged")
                    return ReloadResult(True, loaded.version, changed=False)
                # Filter construction can load models (Presidio, spaCy, the injection weights):
                # off the event loop, so traffic keeps flowing while a reload builds.
                filters = await asyncio.get_running_loop().run_in_executor(
                    None, runtime.build_filters, loaded, self.env, self.shared
                )
                new = build_generation(loaded, self.env, self.pools, self.shared, filters=filters)
            except ConfigError as exc:
                return self._reject(old, source, exc.errors)
            except Exception as exc:
                # Whatever broke building the new generation (a filter that cannot load its
                # model...), the old config keeps serving and the failure is reported the
                # same way as a config error: last_error, metrics, audit, the admin's 422.
                log.exception("config reload from %s failed", source)
                return self._reject(old, source, [f"reload failed: {type(exc).__name__}: {exc}"[:500]])
            self.current = new
            self.last_error = []
            self.last_reload_at = time.time()
            self._count_reload("ok")
            metrics.config_info.labels(old.loaded.short_version).set(0)
            metrics.config_info.labels(loaded.short_version).set(1)
            log.info("config %s -> %s (source: %s)", old.loaded.short_version, loaded.short_version, source)
            task = asyncio.create_task(retire(old, self.pools))
            self._retiring.add(task)
            task.add_done_callback(self._retiring.discard)
            result = ReloadResult(True, loaded.version)
            for cb in self.on_reload:
                cb(result, source)
            return result

    def _reject(self, old: Generation, source: str, errors: list[str]) -> ReloadResult:
        self.last_error = errors
        self._count_reload("error")
        log.warning("config reload from %s rejected: %s", source, "; ".join(errors))
        rejected = ReloadResult(False, old.version, errors)
        for cb in self.on_reload_rejected:
            cb(rejected, source)
        return rejected

    def cut_body_waits(self) -> None:
        """Draining: requests still waiting for their body are answered 503 draining now (a
        client that sent a head and no body would otherwise hold the drain to its grace)."""
        now = asyncio.get_running_loop().time()
        for deadline in list(self.body_waits):
            deadline.reschedule(now)

    def _count_reload(self, result: str) -> None:
        if self.counts_reloads:
            metrics.config_reloads.labels(result).inc()

    async def finish_exchange(self, ex: Exchange, outcome: str, status: int) -> bool:
        """Run the finishers; False if one refused (the caller answers 503 instead)."""
        ok = True
        for finish in self.finishers:
            ok = await finish(ex, outcome, status) and ok
        return ok

    async def inflight_drained(self, grace_s: float) -> bool:
        deadline = time.monotonic() + grace_s
        while time.monotonic() < deadline:
            if self.current.inflight == 0 and not any(not t.done() for t in self._retiring):
                return True
            await asyncio.sleep(0.02)
        return self.current.inflight == 0

    async def close(self) -> None:
        for t in list(self._retiring):
            t.cancel()
        await self.pools.close_all()
        for f in self.current.filters.values():
            await f.close()
        if self.audit is not None:
            await self.audit.aclose()  # drains the queue, writes the shutdown record
