"""The gateway process: data and admin planes, reload, graceful drain.

`Gateway` owns the current config generation. Reload (SIGHUP or the admin API) builds the
next generation beside the current one and swaps a single reference; an invalid config
leaves the old one serving and is reported. SIGTERM flips /readyz to 503, stops
listening, lets in-flight requests finish within the grace period, then closes pools.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import signal
import sys
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from aiohttp import web

from gateway import metrics
from gateway.admin.app import build_admin_app
from gateway.audit.log import install as install_audit
from gateway.config import ConfigError, LoadedConfig, load_config
from gateway.dataplane import access_log
from gateway.dataplane.header_timeout import HeaderTimeoutRunner
from gateway.dataplane.proxy import handle
from gateway.exchange import Exchange
from gateway.rollout.manager import RolloutManager
from gateway.service import runtime
from gateway.service.appkeys import GATEWAY
from gateway.service.runtime import Generation, PoolRegistry, build_generation, retire
from gateway.slo.tracker import install as install_slo

log = logging.getLogger("aigw.server")


@dataclass(slots=True)
class ReloadResult:
    ok: bool
    version: str
    errors: list[str] = field(default_factory=list)
    changed: bool = True


class Gateway:
    """One gateway process's state; the aiohttp apps reach it as app[GATEWAY]."""

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
        if not metrics.INFLIGHT_PER_REQUEST:
            metrics.inflight.set_function(lambda: self.inflight)
        self.on_reload: list = []  # callbacks(ReloadResult, source) e.g. supervisor fan-out
        self.on_reload_rejected: list = []  # callbacks(ReloadResult, source) of rejected reloads (audit)
        # Extension points of the request lifecycle (filled by audit, SLO, traffic):
        # finishers run before the last bytes of the answer and may refuse it (audit
        # durability); observers run after, for bookkeeping that must not delay anyone.
        self.finishers: list[Callable[[Exchange, str, int], Awaitable[bool]]] = []
        self.observers: list[Callable[[Exchange, str, int], None]] = []
        metrics.config_info.labels(loaded.short_version).set(1)
        self.audit = install_audit(self)  # gateway/audit/log.py; None when the config has no audit section
        install_slo(self)  # gateway/slo/tracker.py: gw.slo, gw.drift (survive reloads), gw.slo_evaluator
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
                    metrics.config_reloads.labels("unchanged").inc()
                    return ReloadResult(True, loaded.version, changed=False)
                # Filter construction can load models (Presidio, spaCy, the injection weights):
                # off the event loop, so traffic keeps flowing while a reload builds.
                filters = await asyncio.get_running_loop().run_in_executor(
                    None, runtime.build_filters, loaded, self.env, self.shared
                )
                new = build_generation(loaded, self.env, self.pools, self.shared, filters=filters)
            except ConfigError as exc:
                self.last_error = exc.errors
                metrics.config_reloads.labels("error").inc()
                log.warning("config reload from %s rejected: %s", source, "; ".join(exc.errors))
                rejected = ReloadResult(False, old.version, exc.errors)
                for cb in self.on_reload_rejected:
                    cb(rejected, source)
                return rejected
            self.current = new
            self.last_error = []
            self.last_reload_at = time.time()
            metrics.config_reloads.labels("ok").inc()
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


async def _healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def _readyz(request: web.Request) -> web.Response:
    gw: Gateway = request.app[GATEWAY]
    if not gw.ready:
        return web.json_response({"status": "draining"}, status=503)
    body = {"status": "ready", "config_version": gw.current.version[:12]}
    if gw.audit is not None:  # fail_closed and unwritable: not ready; allow: ready, but says so
        body["audit"] = "ok" if gw.audit.writer.failing_since is None else "failing"
        if not gw.audit.ready:
            body["status"] = "audit_unavailable"
            return web.json_response(body, status=503)
    return web.json_response(body)


def build_data_app(gw: Gateway) -> web.Application:
    # client_max_size is enforced by the handler itself (per config generation).
    app = web.Application(client_max_size=1 << 40, handler_args={"max_field_size": 16384})
    app[GATEWAY] = gw
    app.router.add_get("/healthz", _healthz)
    app.router.add_get("/readyz", _readyz)
    app.router.add_route("*", "/{tail:.*}", handle)
    return app


class Server:
    """Runs a Gateway: binds the planes, handles signals, drains on shutdown."""

    def __init__(
        self, gw: Gateway, *, admin: bool = True, data_plane: bool = True, reuse_port: bool = False
    ) -> None:
        self.gw = gw
        self.admin = admin
        self.data_plane = data_plane
        self.reuse_port = reuse_port
        self._data_runner: web.AppRunner | None = None
        self._admin_runner: web.AppRunner | None = None
        self._sites: list[web.BaseSite] = []
        self.stopped = asyncio.Event()
        self.bound: dict[str, tuple[str, int]] = {}

    async def start(self) -> None:
        cfg = self.gw.current.loaded.config
        if self.data_plane:
            self._data_runner = HeaderTimeoutRunner(
                build_data_app(self.gw),
                header_timeout_s=cfg.server.client_header_timeout_s,
                access_log=None,
                handle_signals=False,
                handler_cancellation=True,
                shutdown_timeout=1.0,  # we drain ourselves first; this only bounds stragglers
            )
            await self._data_runner.setup()
            host, port = cfg.server.listen_addr
            site = web.TCPSite(
                self._data_runner, host, port, reuse_port=self.reuse_port or None, backlog=2048
            )
            await site.start()
            self._sites.append(site)
            self.bound["data"] = _bound_addr(site)
            if metrics.multiprocess_dir():  # another process reads this worker's metric files
                metrics.flush_every_iteration(asyncio.get_running_loop())
            self.gw.slo_evaluator.start()  # SLO/drift judgements; only processes that serve traffic
        if self.admin:
            self._admin_runner = web.AppRunner(
                build_admin_app(self.gw), access_log=None, handle_signals=False
            )
            await self._admin_runner.setup()
            host, port = cfg.server.admin_addr
            asite = web.TCPSite(self._admin_runner, host, port)
            await asite.start()
            self.bound["admin"] = _bound_addr(asite)
        # The admin process judges rollouts and writes their state; data-plane-only workers follow it.
        await self.gw.rollouts.start(leader=self.admin)

    def install_signals(self) -> None:
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, lambda: asyncio.ensure_future(self.shutdown()))
        loop.add_signal_handler(signal.SIGINT, lambda: asyncio.ensure_future(self.shutdown()))
        loop.add_signal_handler(signal.SIGHUP, lambda: asyncio.ensure_future(self.gw.reload("sighup")))

    async def shutdown(self) -> None:
        if self.gw.draining:
            return
        self.gw.draining = True
        grace = self.gw.current.loaded.config.server.drain_grace_s
        log.info("draining: readyz=503, stop accepting, grace %.1fs", grace)
        for site in self._sites:
            await site.stop()
        drained = await self.gw.inflight_drained(grace)
        if not drained:
            log.warning("grace period over with %d requests in flight", self.gw.current.inflight)
        if self._data_runner is not None:
            await self._data_runner.cleanup()
        if self._admin_runner is not None:
            await self._admin_runner.cleanup()
        await self.gw.slo_evaluator.stop()
        await self.gw.rollouts.stop()  # judge loop, state file flush, shadow tasks
        await self.gw.close()
        # Every request is accounted by now: write the access lines still buffered.
        await asyncio.to_thread(access_log.close)
        metrics.flush()
        metrics.flush_every_iteration(None)
        self.stopped.set()


def _bound_addr(site: web.BaseSite) -> tuple[str, int]:
    server = getattr(site, "_server", None)
    if server is not None and server.sockets:
        addr = server.sockets[0].getsockname()
        return addr[0], addr[1]
    return ("", 0)


def configure_logging(level: str = "INFO") -> None:
    logging.basicConfig(level=level, format="%(message)s" if level else None)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    access = logging.getLogger("aigw.access")
    access.handlers[:] = [handler]
    access.propagate = False
    if access.isEnabledFor(logging.INFO):
        # Request lines skip logging: a writer thread batches them to stderr (~1 µs per line
        # on the event loop instead of ~N µs; gateway/dataplane/access_log.py). The handler
        # above stays for lines logged without it (after the drain closed the writer).
        access_log.use_fd(sys.stderr.fileno())


def install_uvloop() -> None:
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvloop is a hard dependency on Linux
        return
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())


GC_GEN0_THRESHOLD = 5000


async def serve(path: str, env: Mapping[str, str], *, admin: bool = True, reuse_port: bool = False) -> None:
    """Load, start, wait for a shutdown signal. Used by `aigw run` and by worker processes."""
    loaded = load_config(path, env)
    gw = Gateway(loaded, env)
    server = Server(gw, admin=admin, reuse_port=reuse_port)
    await server.start()
    # What startup built (config, filters, the PII/audit analyzers) lives as long as the process: keep it
    # out of the cyclic GC's full scans, which otherwise cost 10-30 us per request under load (docs/audit.md).
    gc.freeze()
    # A request allocates a few hundred container objects, so the default gen0 threshold
    # (700) runs a collection every couple of requests, and the young generations then
    # promote enough to trigger full collections often: ~27k instructions (3.5% of CPU) per
    # passthrough request under callgrind. 5000 removes that cost (3000, 10000 and 50000
    # measure the same) and keeps each young collection's pause well under a millisecond.
    gc.set_threshold(GC_GEN0_THRESHOLD, 10, 10)
    server.install_signals()
    planes = ", ".join(f"{name} on {h}:{p}" for name, (h, p) in server.bound.items())
    log.info("aigw %s serving %s (config %s)", os.getpid(), planes, loaded.short_version)
    await server.stopped.wait()
