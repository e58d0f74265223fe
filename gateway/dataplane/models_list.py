"""`GET /v1/models`, answered from the routes: many OpenAI-compatible tools call it at start-up.

The answer is the OpenAI list shape, `{"object": "list", "data": [{"id", "object": "model",
"created", "owned_by"}]}`, holding the models this caller could send a request for:

  - a model is listed when it is named exactly (no glob) in a route's `match.models` or as the
    `expect_model` of a route's upstream or canary upstream; a route that matches any model
    lists nothing (there is no name to show);
  - routes whose filters include `access` are listed only for a key that may use them (the
    principal's `allow.routes` and `allow.models`), like the access filter would decide;
    routes without `access` are listed for everyone;
  - a key that is given but unknown is a 401, and so is a missing key when any route needs
    one: the same answer a data-plane request without a valid key gets.

A route that matches `GET /v1/models` itself (e.g. `match: {path: /v1/models, methods: [GET]}`)
takes precedence: the request is then proxied to that route's upstream like any other.
Off the hot path: computed per call from the current config (a few routes and principals).
"""

from __future__ import annotations

import time
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any

import orjson
from aiohttp import web

from filters.access import Principal, credential, hash_key
from gateway.appkeys import GATEWAY
from gateway.dataplane import errors
from gateway.dataplane.proxy import _new_request_id, handle

if TYPE_CHECKING:
    from gateway.config import GatewayConfig, RouteConfig
    from gateway.service.gateway import Gateway

PATH = "/v1/models"
_GLOB_CHARS = frozenset("*?[")


def _named(pattern: str | None) -> str | None:
    return pattern if pattern and not (_GLOB_CHARS & set(pattern)) else None


def route_models(cfg: GatewayConfig, route: RouteConfig) -> list[str]:
    """The exact model names a route serves (match.models, then the upstreams' expect_model)."""
    names = [m for m in (route.match.models or []) if _named(m)]
    for upstream in (route.upstream, route.canary.upstream if route.canary else None):
        u = cfg.upstreams.get(upstream) if upstream else None
        pinned = _named(u.expect_model) if u is not None else None
        if pinned and (not route.match.models or any(fnmatchcase(pinned, m) for m in route.match.models)):
            names.append(pinned)
    return list(dict.fromkeys(names))


def visible_models(cfg: GatewayConfig, principal: Principal | None) -> list[str]:
    """Models of the routes this caller may use (principal None: no valid key was given)."""
    seen: dict[str, None] = {}
    for route in cfg.routes:
        guarded = "access" in route.filters
        if guarded and principal is None:
            continue
        if guarded and principal is not None and principal.routes is not None:
            if not principal.routes.match(route.name):
                continue
        for name in route_models(cfg, route):
            if guarded and principal is not None and principal.models is not None:
                if not principal.models.match(name):
                    continue
            seen.setdefault(name, None)
    return list(seen)


def _principal_for(cfg: GatewayConfig, key: str) -> Principal | None:
    digest = hash_key(key)
    for pc in cfg.principals:
        if digest in pc.key_sha256:
            return Principal.compile(pc)
    return None


def _json(payload: Any, status: int, request_id: str) -> web.Response:
    return web.Response(
        body=payload if isinstance(payload, bytes) else orjson.dumps(payload),
        status=status,
        content_type="application/json",
        headers={"x-request-id": request_id},
    )


async def list_models(request: web.Request) -> web.StreamResponse:
    gw: Gateway = request.app[GATEWAY]
    gen = gw.current
    route, _ = gen.router.match(gen.router.candidates(PATH), request.method, request.headers, lambda: None)
    if route is not None:  # a route proxies /v1/models: the upstream answers
        return await handle(request)
    rid = (request.headers.get("x-request-id") or _new_request_id())[:128]
    if gw.draining:
        err = errors.lookup("draining")
        return _json(errors.body(err, rid), err.status, rid)
    cfg = gen.loaded.config
    key = credential(request.headers)
    principal = _principal_for(cfg, key) if key is not None else None
    needs_key = any("access" in r.filters for r in cfg.routes)
    if (key is not None and principal is None) or (key is None and needs_key):
        err = errors.lookup("invalid_api_key")
        return _json(errors.body(err, rid), err.status, rid)
    created = int(gen.loaded.loaded_at or time.time())
    data = [
        {"id": name, "object": "model", "created": created, "owned_by": "aigw"}
        for name in visible_models(cfg, principal)
    ]
    return _json({"object": "list", "data": data}, 200, rid)


def register(app: web.Application) -> None:
    """Called from gateway/service/server.py build_data_app, before the catch-all proxy route."""
    app.router.add_get(PATH, list_models, allow_head=False)
