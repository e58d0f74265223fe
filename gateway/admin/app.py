"""Admin plane: /metrics and /admin/*, behind a bearer token compared in constant time.

/metrics needs no token when the admin plane is bound to loopback (the usual sidecar or
node-local scrape); everything under /admin/ always requires it unless the operator
explicitly chose `admin_auth: none`, which the config only allows on loopback.
"""

from __future__ import annotations

import hmac
import time
from typing import TYPE_CHECKING

from aiohttp import web

from gateway import metrics
from gateway.admin import console
from gateway.appkeys import GATEWAY
from gateway.audit.log import register_admin as register_audit_admin
from gateway.config import _is_loopback
from gateway.rollout.admin import register_admin as register_rollout_admin
from gateway.rollout.views import split_of
from gateway.slo import admin as slo_admin
from gateway.slo import drift

if TYPE_CHECKING:
    from gateway.service.gateway import Gateway


def _unauthorized() -> web.Response:
    return web.json_response(
        {
            "error": {
                "message": "Missing or invalid admin token.",
                "type": "authentication_error",
                "code": "invalid_admin_token",
                "param": None,
            }
        },
        status=401,
        headers={"WWW-Authenticate": "Bearer"},
    )


@web.middleware
async def _auth(request: web.Request, handler):
    gw: Gateway = request.app[GATEWAY]
    server_cfg = gw.current.loaded.config.server
    host, _ = server_cfg.admin_addr
    if request.path == "/metrics" and _is_loopback(host) and loopback_host_header(request.host):
        return await handler(request)
    if request.path in console.PUBLIC_PATHS or request.path in console.OPEN_PATHS:  # no data in them
        return await handler(request)
    if server_cfg.admin_auth == "none":
        return await handler(request)
    expected = gw.env.get(server_cfg.admin_token_env, "")
    header = request.headers.get("Authorization", "")
    given = header[7:] if header[:7].lower() == "bearer " else ""
    # compare_digest on bytes of possibly different lengths is still constant-time in content.
    # A header byte that is not UTF-8 arrives as a lone surrogate (aiohttp's surrogateescape):
    # encode it back to its bytes, which simply do not match, rather than raise a 500.
    given_bytes = given.encode("utf-8", "surrogatepass")
    if not expected or not hmac.compare_digest(given_bytes, expected.encode()):
        return _unauthorized()
    return await handler(request)


def loopback_host_header(host: str | None) -> bool:
    """The request's Host names this machine's loopback. A token-free /metrics on loopback is
    for local scrapers; a browser page from another site can reach 127.0.0.1 through DNS
    rebinding, but its requests then carry that site's name as Host and must show a token."""
    if not host:
        return False
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    if host.startswith("["):
        name = host[1:].split("]", 1)[0]
    return _is_loopback(name.lower())


async def _metrics(request: web.Request) -> web.Response:
    payload, ctype = metrics.render()
    return web.Response(body=payload, headers={"Content-Type": ctype})


async def _config(request: web.Request) -> web.Response:
    gw: Gateway = request.app[GATEWAY]
    loaded = gw.current.loaded
    return web.json_response(
        {
            "version": loaded.version,
            "loaded_at": loaded.loaded_at,
            "path": loaded.path,
            "last_error": gw.last_error or None,
        }
    )


async def _reload(request: web.Request) -> web.Response:
    gw: Gateway = request.app[GATEWAY]
    result = await gw.reload("admin_api")
    if not result.ok:
        return web.json_response({"version": result.version, "errors": result.errors}, status=422)
    return web.json_response({"version": result.version, "changed": result.changed})


async def _routes(request: web.Request) -> web.Response:
    gw: Gateway = request.app[GATEWAY]
    gen = gw.current
    out = []
    for name, rt in gen.routes.items():
        r = rt.route.config
        out.append(
            {
                "name": name,
                "match": r.match.model_dump(),
                "protocol": r.protocol,
                "filters": [
                    {"name": f.name, "type": f.type_name, "mode": f.config.mode}
                    for f in rt.chain.request_filters
                ],
                "response_filters": [
                    {"name": f.name, "type": f.type_name, "mode": f.config.mode}
                    for f in rt.chain.response_filters
                ],
                "upstream": rt.upstream.name,
                "split": split_of(gw.rollouts, name),  # gateway/rollout/views.py
            }
        )
    return web.json_response({"config_version": gen.version, "routes": out})


async def _status(request: web.Request) -> web.Response:
    gw: Gateway = request.app[GATEWAY]
    return web.json_response(
        {
            "pid_started_at": gw.started_at,
            "uptime_s": round(time.time() - gw.started_at, 1),
            "draining": gw.draining,
            "inflight": gw.inflight,
            "config_version": gw.current.version,
        }
    )


def build_admin_app(gw: Gateway) -> web.Application:
    app = web.Application(middlewares=[_auth])
    app[GATEWAY] = gw
    app.router.add_get("/metrics", _metrics)
    app.router.add_get("/admin/config", _config)
    app.router.add_post("/admin/config/reload", _reload)
    app.router.add_get("/admin/routes", _routes)
    app.router.add_get("/admin/status", _status)
    register_audit_admin(app)
    slo_admin.register_admin(app)  # /admin/slo
    drift.register_admin(app)  # /admin/drift, /admin/drift/{route}/pin
    register_rollout_admin(app)  # /admin/rollouts, /admin/rollouts/{route}[/{action}]
    console.register_console(app)  # /console/ (static) and /admin/console/*
    return app
