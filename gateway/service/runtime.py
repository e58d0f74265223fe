"""A config generation: everything built from one config file, swapped in atomically.

Reload builds the next generation off to the side (validation, routes, filters, pools) and
only then swaps one reference. Requests hold the generation they started with, so they
finish on the config they started on; a retired generation is closed once its last
request ends. Pools are shared between generations when an upstream is unchanged, so a
reload does not drop warm keep-alive connections.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from filters.base import BuildContext, Filter, FilterConfig
from filters.chain import FilterChain
from filters.registry import BUILT_IN, FILTER_TYPES
from gateway import metrics
from gateway.config import ConfigError, LoadedConfig, UpstreamConfig
from gateway.dataplane.forward import UpstreamPool
from gateway.dataplane.routing import CompiledRoute, Router
from gateway.protocols import ProtocolAdapter, get_adapter
from gateway.rollout.traffic import CanaryRuntime, ShadowRuntime, splits_of

log = logging.getLogger("aigw.runtime")


@dataclass(slots=True)
class RouteRuntime:
    route: CompiledRoute
    adapter: ProtocolAdapter
    chain: FilterChain
    upstream: UpstreamPool
    parse_body: bool  # does anything on this route need the parsed JSON?
    canary: CanaryRuntime | None = None  # weighted canary variant (weight lives in a shared Split)
    shadow: ShadowRuntime | None = None  # mirror a share of requests to another upstream


@dataclass(slots=True)
class Generation:
    loaded: LoadedConfig
    router: Router
    routes: dict[str, RouteRuntime]
    filters: dict[str, Filter]
    pools: dict[str, UpstreamPool]
    inflight: int = 0
    retired: bool = False
    closed: asyncio.Event = field(default_factory=asyncio.Event)
    version: str = field(init=False)
    access_log: bool = field(init=False)
    # route -> True when one of its request filters has an after-the-answer hook (on_complete),
    # so the request path skips the hook's coroutine on routes that have none.
    completes: dict[str, bool] = field(init=False)

    def __post_init__(self) -> None:
        self.version = self.loaded.version
        self.access_log = self.loaded.config.server.access_log
        self.completes = {
            name: any(type(f).on_complete is not Filter.on_complete for f in rt.chain.request_filters)
            for name, rt in self.routes.items()
        }


class PoolRegistry:
    """Upstream pools keyed by name + settings + resolved credential."""

    def __init__(self) -> None:
        self._pools: dict[tuple[str, UpstreamConfig, str], UpstreamPool] = {}

    def acquire(self, name: str, cfg: UpstreamConfig, env: Mapping[str, str]) -> UpstreamPool:
        secret = env.get(cfg.auth.value_env, "") if cfg.auth else ""
        key = (name, cfg, secret)
        pool = self._pools.get(key)
        if pool is None:
            pool = UpstreamPool(name, cfg, env)
            self._pools[key] = pool
        pool.users += 1
        return pool

    async def release(self, pool: UpstreamPool) -> None:
        pool.users -= 1
        if pool.users <= 0:
            for key, p in list(self._pools.items()):
                if p is pool:
                    del self._pools[key]
            await pool.close()

    async def close_all(self) -> None:
        for pool in list(self._pools.values()):
            await pool.close()
        self._pools.clear()


def build_filters(loaded: LoadedConfig, env: Mapping[str, str], shared: dict) -> dict[str, Filter]:
    cfg = loaded.config
    ctx = BuildContext(
        principals=tuple(cfg.principals),
        limits_backend=cfg.limits_backend,
        limits_on_backend_error=cfg.limits_on_backend_error,
        env=env,
        shared=shared,
        events=metrics.filter_event,
    )
    built: dict[str, Filter] = {}
    errors: list[str] = []
    used = {n for r in cfg.routes for n in (*r.filters, *r.response_filters)}
    for name, fcfg in cfg.filters.items():
        try:
            built[name] = FILTER_TYPES[fcfg.type](name, fcfg, ctx)
        except ConfigError as exc:
            errors.extend(f"filters.{name}: {e}" for e in exc.errors)
        except (ValueError, OSError, ImportError) as exc:
            errors.append(f"filters.{name}: {exc}")
    for name, type_name in BUILT_IN.items():
        if name in used and name not in built:
            cls = FILTER_TYPES[type_name]
            default_cfg: FilterConfig = cls.Config(type=type_name)
            try:
                built[name] = cls(name, default_cfg, ctx)
            except (ValueError, OSError) as exc:
                errors.append(f"filters.{name}: {exc}")
    if errors:
        raise ConfigError(errors)
    return built


def build_generation(
    loaded: LoadedConfig,
    env: Mapping[str, str],
    pools: PoolRegistry,
    shared: dict,
    filters: dict[str, Filter] | None = None,
) -> Generation:
    """Build everything a config needs. Raises ConfigError; acquires pools only on success.

    `filters` may come prebuilt: a reload builds them in a worker thread (loading models can
    take a second) and only the cheap, loop-bound rest happens here.
    """
    cfg = loaded.config
    if filters is None:
        filters = build_filters(loaded, env, shared)
    router = Router(cfg.routes)
    acquired: dict[str, UpstreamPool] = {}
    for name, ucfg in cfg.upstreams.items():
        acquired[name] = pools.acquire(name, ucfg, env)
    routes: dict[str, RouteRuntime] = {}
    splits = splits_of(shared)
    for cr in router.routes:
        r = cr.config
        chain = FilterChain(
            [filters[n] for n in r.filters],
            [filters[n] for n in r.response_filters],
            fail_closed=r.on_filter_error == "fail_closed",
            budget_s=r.filter_budget_ms / 1000.0,
        )
        adapter = get_adapter(r.protocol, paths=r.paths)
        canary = shadow = None
        if r.canary is not None:
            split = splits.get(r.name, r.canary.weight)
            canary = CanaryRuntime(r.name, r.canary, acquired[r.canary.upstream], split)
        if r.shadow is not None:
            shadow = ShadowRuntime(r.name, r.shadow, acquired[r.shadow.upstream], adapter)
        routes[r.name] = RouteRuntime(
            route=cr,
            adapter=adapter,
            chain=chain,
            upstream=acquired[r.upstream],
            parse_body=bool(r.filters or r.response_filters or cr.needs_model),
            canary=canary,
            shadow=shadow,
        )
    return Generation(loaded=loaded, router=router, routes=routes, filters=filters, pools=acquired)


async def retire(gen: Generation, pools: PoolRegistry) -> None:
    """Wait for the generation's in-flight requests, then release its pools and filters."""
    gen.retired = True
    if gen.inflight > 0:
        await gen.closed.wait()
    for pool in gen.pools.values():
        await pools.release(pool)
    for f in gen.filters.values():
        try:
            await f.close()
        except Exception:  # closing must not break the reload
            log.exception("closing filter %s failed", f.name)
