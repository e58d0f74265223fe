"""The SLO evaluator task and the wiring of the SLO and drift trackers into the Gateway.

Judgements scan windows (numpy sums), so they run here every few seconds on the event loop,
never per request. `install` builds the trackers, registers their observers and reload hook,
and returns them for the Gateway to keep; alert changes become `alert` audit records.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from gateway.slo.drift import DriftTracker
from gateway.slo.tracker import SloTracker

if TYPE_CHECKING:
    from gateway.service.gateway import Gateway

log = logging.getLogger("aigw.slo")


# --- the evaluator task ---
class Evaluator:
    """Runs the periodic judgements (SLO and drift) every `interval_s` on the event loop.

    One task per process, started and stopped with the server. Each tick is a few numpy
    window sums per series (well under a millisecond each); errors are logged and the
    loop goes on, since a broken evaluator must never take the data plane down.
    """

    def __init__(
        self, steps: list[Callable[[float], Any]], clock: Callable[[], float], interval_s: float
    ) -> None:
        self.steps = steps
        self.clock = clock
        self.interval_s = interval_s
        self._task: asyncio.Task[None] | None = None

    def tick(self) -> None:
        now = self.clock()
        for step in self.steps:
            try:
                step(now)
            except Exception:
                log.exception("SLO/drift evaluation step %r failed", step)

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._run(), name="aigw-slo-evaluator")

    async def _run(self) -> None:
        while True:
            self.tick()
            await asyncio.sleep(self.interval_s)

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass


# --- wiring (called from gateway/service/server.py) ---
def install(
    gw: Gateway, *, clock: Callable[[], float] = time.time, interval_s: float | None = None
) -> tuple[SloTracker, DriftTracker, Evaluator]:
    """Build the SLO and drift trackers and their evaluator, and register their observers and
    reload hook with the Gateway; the Gateway keeps the three (they outlive config
    generations: the reload callback re-reads the routes' objectives and drift settings)."""
    if interval_s is None:
        interval_s = float(gw.env.get("AIGW_SLO_EVAL_INTERVAL_S") or 5.0)
    tracker = SloTracker(clock)
    drift = DriftTracker(clock)
    config = gw.current.loaded.config
    tracker.configure(config)
    drift.configure(config)
    gw.observers.append(tracker.observe)
    gw.observers.append(drift.observe)
    tracker.listeners.append(lambda change: audit_alert(gw, change.payload()))
    drift.listeners.append(lambda change: audit_alert(gw, change.payload()))

    def on_reload(result: Any, source: str) -> None:
        if getattr(result, "ok", True):
            cfg = gw.current.loaded.config
            tracker.configure(cfg)
            drift.configure(cfg)

    gw.on_reload.append(on_reload)
    return tracker, drift, Evaluator([tracker.evaluate, drift.evaluate], clock, interval_s)


_pending: set[asyncio.Future[Any]] = set()


def audit_alert(gw: Any, payload: dict[str, Any]) -> None:
    """Write an `alert` audit record when the audit log is configured (gw.audit)."""
    audit = getattr(gw, "audit", None)
    if audit is None:
        return
    try:
        result = audit.emit("alert", payload, route=payload.get("route"))
        if inspect.isawaitable(result):
            fut = asyncio.ensure_future(result)
            _pending.add(fut)
            fut.add_done_callback(_pending.discard)
    except Exception:
        log.exception("could not audit SLO alert %s", payload.get("rule") or payload.get("signal"))
