"""The gateway process: binds the data and admin planes to a Gateway, signals, graceful drain.

The state they share (config generations, reload, registration lists) is the Gateway
(gateway/service/gateway.py). SIGTERM flips /readyz to 503, stops listening, lets in-flight
requests finish within the grace period, then closes pools.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import signal
import sys
import time
import warnings
from collections.abc import Mapping

from aiohttp import web
from aiohttp.typedefs import Handler
from aiohttp.web_urldispatcher import AbstractRoute, UrlMappingMatchInfo

from gateway import metrics
from gateway.admin.app import build_admin_app
from gateway.appkeys import GATEWAY
from gateway.config import load_config
from gateway.dataplane import access_log
from gateway.dataplane.header_timeout import HeaderTimeoutRunner
from gateway.dataplane.models_list import register as register_models_list
from gateway.dataplane.proxy import handle
from gateway.service.gateway import Gateway
from gateway.service.http_log import ServerLog
from gateway.service.memory import release_free_memory

log = logging.getLogger("aigw.server")
_SERVER_LOG = ServerLog(logging.getLogger("aiohttp.server"))


class ListenError(OSError):
    """A plane could not bind its address (in use, not permitted): the message names both."""

    def __str__(self) -> str:
        return str(self.strerror)


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


class DataRouter(web.UrlDispatcher):
    """The data plane's router: a few exact paths of the gateway's own, and a catch-all that
    hands everything else to the proxy handler.

    aiohttp resolves a catch-all `/{tail:.*}` by walking the path's prefixes through its
    index, running the resource's regex, unquoting the match into a dict and looping over
    the resource's routes: ~5k instructions per request under callgrind (482k -> see
    docs/benchmarks.md) for an answer that is known once the path is not one of the own
    paths. So a path that is not exactly one of them goes straight to the proxy route; an
    own path (`/healthz`, also with a method it does not serve) takes aiohttp's full lookup,
    which falls through to the catch-all exactly as before. `request.match_info` of a proxied
    request is empty (nothing reads it; it held `tail`)."""

    def __init__(self) -> None:
        super().__init__()
        self._proxy: AbstractRoute | None = None
        self._own: frozenset[str] = frozenset()

    def add_proxy_route(self, handler: Handler) -> None:
        """The catch-all, added last: the own paths are the ones registered before it."""
        own = frozenset(r.canonical for r in self.resources())
        self._proxy = self.add_route("*", "/{tail:.*}", handler)
        self._own = own

    async def resolve(self, request: web.Request) -> UrlMappingMatchInfo:
        proxy = self._proxy
        if proxy is not None and request.rel_url.path_safe not in self._own:
            return UrlMappingMatchInfo({}, proxy)
        return await super().resolve(request)


def build_data_app(gw: Gateway) -> web.Application:
    # client_max_size is enforced by the handler itself (per config generation).
    router = DataRouter()
    with warnings.catch_warnings():
        # Application(router=...) is deprecated for routers that add nothing; this one
        # exists for its resolve() (above), the reason the argument is still accepted.
        warnings.simplefilter("ignore", DeprecationWarning)
        app = web.Application(client_max_size=1 << 40, handler_args={"max_field_size": 16384}, router=router)
    app[GATEWAY] = gw
    app.router.add_get("/healthz", _healthz)
    app.router.add_get("/readyz", _readyz)
    register_models_list(app)  # GET /v1/models from the routes (gateway/dataplane/models_list.py)
    router.add_proxy_route(handle)
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
        # Every phase of a client connection is bounded on both listeners: the head
        # (client_header_timeout_s, header_timeout.py), the body (client_body_timeout_s, the
        # data plane's body read) and the idle time between requests (keepalive_timeout).
        if self.data_plane:
            self._data_runner = HeaderTimeoutRunner(
                build_data_app(self.gw),
                header_timeout_s=cfg.server.client_header_timeout_s,
                access_log=None,
                handle_signals=False,
                handler_cancellation=True,
                shutdown_timeout=1.0,  # we drain ourselves first; this only bounds stragglers
                keepalive_timeout=cfg.server.client_keepalive_timeout_s,
                logger=_SERVER_LOG,
            )
            await self._data_runner.setup()
            host, port = cfg.server.listen_addr
            site = web.TCPSite(
                self._data_runner, host, port, reuse_port=self.reuse_port or None, backlog=2048
            )
            await _bind(site, "data plane (server.listen)", host, port)
            self._sites.append(site)
            self.bound["data"] = _bound_addr(site)
            if metrics.multiprocess_dir():  # another process reads this worker's metric files
                metrics.flush_every_iteration(asyncio.get_running_loop())
            self.gw.slo_evaluator.start()  # SLO/drift judgements; only processes that serve traffic
        if self.admin:
            self._admin_runner = HeaderTimeoutRunner(
                build_admin_app(self.gw),
                header_timeout_s=cfg.server.client_header_timeout_s,
                access_log=None,
                handle_signals=False,
                keepalive_timeout=cfg.server.client_keepalive_timeout_s,
                logger=_SERVER_LOG,
            )
            await self._admin_runner.setup()
            host, port = cfg.server.admin_addr
            asite = web.TCPSite(self._admin_runner, host, port)
            await _bind(asite, "admin plane (server.admin_listen)", host, port)
            self.bound["admin"] = _bound_addr(asite)
        # Only a process that holds its listeners has started: a failed bind leaves no startup
        # record behind (`aigw audit verify` would report it as "running, or killed").
        if self.gw.audit is not None:
            self.gw.audit.record_startup()
        # The admin process judges rollouts and writes their state; data-plane-only workers follow it.
        await self.gw.rollouts.start(leader=self.admin)

    async def abort(self) -> None:
        """Undo a start() that failed: close what was opened, write no shutdown record."""
        for runner in (self._data_runner, self._admin_runner):
            if runner is not None:
                await runner.cleanup()
        self.gw.draining = True
        await self.gw.slo_evaluator.stop()
        await self.gw.close()

    def install_signals(self) -> None:
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, lambda: asyncio.ensure_future(self.shutdown(announce=True)))
        loop.add_signal_handler(signal.SIGINT, lambda: asyncio.ensure_future(self.shutdown()))
        loop.add_signal_handler(signal.SIGHUP, lambda: asyncio.ensure_future(self.gw.reload("sighup")))

    async def shutdown(self, announce: bool = False) -> None:
        """The drain sequence (docs/operations.md). 1: /readyz answers 503 and new requests
        503 draining with Connection: close. 2 (SIGTERM, `announce`): the listener stays open
        for server.drain_announce_s so a load balancer's probe, on a new connection, sees
        the 503 and takes the replica out. 3: stop listening; in-flight requests get the
        rest of drain_grace_s. 4: close the planes, pools, filters and the audit log."""
        if self.gw.draining:
            return
        self.gw.draining = True
        server_cfg = self.gw.current.loaded.config.server
        grace = server_cfg.drain_grace_s
        announce_s = min(server_cfg.drain_announce_s, grace) if announce and self.data_plane else 0.0
        log.info("draining: readyz=503, listening %.1fs more, grace %.1fs", announce_s, grace)
        started = time.monotonic()
        if announce_s > 0:
            await asyncio.sleep(announce_s)
        for site in self._sites:
            await site.stop()
        self.gw.cut_body_waits()
        grace = max(grace - (time.monotonic() - started), 0.0)
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


async def _bind(site: web.TCPSite, plane: str, host: str, port: int) -> None:
    try:
        await site.start()
    except OSError as exc:
        reason = os.strerror(exc.errno).lower() if exc.errno else str(exc).rsplit(": ", 1)[-1]
        raise ListenError(exc.errno, f"{plane} cannot listen on {host}:{port}: {reason}") from exc


def _bound_addr(site: web.BaseSite) -> tuple[str, int]:
    server = getattr(site, "_server", None)
    if server is not None and server.sockets:
        addr = server.sockets[0].getsockname()
        return addr[0], addr[1]
    return ("", 0)


def configure_logging(level: str = "INFO") -> None:
    logging.basicConfig(level=level, format="%(message)s")
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    access = logging.getLogger("aigw.access")
    access.handlers[:] = [handler]
    access.propagate = False
    # Presidio logs one plain-text INFO line per recognizer and device at start-up (and again
    # in every worker), ahead of the JSON access log: keep its warnings and errors unless DEBUG.
    if logging.getLogger().getEffectiveLevel() > logging.DEBUG:
        logging.getLogger("presidio-analyzer").setLevel(logging.WARNING)
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
    gw.counts_reloads = admin  # a worker (admin=False): the supervisor counts reloads
    server = Server(gw, admin=admin, reuse_port=reuse_port)
    try:
        await server.start()
    except ListenError:
        await server.abort()
        raise
    # What startup built (config, filters, the PII/audit analyzers) lives as long as the process: keep it
    # out of the cyclic GC's full scans, which otherwise cost 10-30 us per request under load (docs/audit.md).
    gc.freeze()
    release_free_memory()  # what startup freed goes back to the system (gateway/service/memory.py)
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
