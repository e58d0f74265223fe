"""Rollout controls: the admin API handlers and the `aigw rollout` client that talks to them.

  GET  /admin/rollouts                       every route with a canary
  GET  /admin/rollouts/{route}               state, step, weights, live gates, last decision
  POST /admin/rollouts/{route}/promote|pause|resume|rollback
  POST /admin/rollouts/{route}/weight        {"weight": N}

An action answers only after the new state is on disk (with `rollouts.store`: in the store,
so every replica applies it; 503 `store_unavailable` when the store cannot be reached). The
audit record names the actor: `admin_api` plus the caller's `x-aigw-actor` header when given
(the CLI sends `cli:$USER`).
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import sys
import urllib.error
import urllib.request
from typing import TYPE_CHECKING, Any

from aiohttp import web

from gateway.appkeys import GATEWAY
from gateway.rollout.store import StoreUnavailable
from gateway.rollout.transitions import TransitionError
from gateway.rollout.views import status

if TYPE_CHECKING:
    from gateway.service.gateway import Gateway

DEFAULT_ADMIN_URL = "http://127.0.0.1:8081"


def _error(status: int, code: str, message: str) -> web.Response:
    return web.json_response(
        {"error": {"message": message, "type": "invalid_request_error", "code": code, "param": None}},
        status=status,
    )


async def _list(request: web.Request) -> web.Response:
    gw: Gateway = request.app[GATEWAY]
    return web.json_response({"rollouts": [status(gw.rollouts, name) for name in gw.rollouts.rollouts]})


def _missing(gw: Gateway, route: str) -> web.Response:
    """404 for a route without a rollout: say whether it does not exist or has no canary."""
    if route not in gw.current.routes:
        known = ", ".join(sorted(gw.current.routes)) or "none"
        return _error(404, "no_route", f"Route {route!r} does not exist (routes: {known}).")
    return _error(404, "no_rollout", f"Route {route!r} has no canary.")


async def _get(request: web.Request) -> web.Response:
    gw: Gateway = request.app[GATEWAY]
    route = request.match_info["route"]
    if route not in gw.rollouts.rollouts:
        return _missing(gw, route)
    return web.json_response(status(gw.rollouts, route))


async def _act(request: web.Request) -> web.Response:
    gw: Gateway = request.app[GATEWAY]
    route, action = request.match_info["route"], request.match_info["action"]
    if action not in ("promote", "pause", "resume", "rollback", "weight"):
        return _error(404, "unknown_action", f"Unknown rollout action {action!r}.")
    if route not in gw.rollouts.rollouts:
        return _missing(gw, route)
    value: float | None = None
    if action == "weight":
        try:
            body = await request.json()
            value = float(body["weight"])
        except (ValueError, KeyError, TypeError):
            return _error(400, "invalid_weight", 'Expected a JSON body {"weight": N} with N in 0..100.')
    actor = "admin_api"
    who = request.headers.get("x-aigw-actor", "")[:64]
    if who:
        actor = f"admin_api:{who}"
    try:
        await gw.rollouts.act(route, action, actor, value)
    except TransitionError as exc:
        return _error(409, "invalid_transition", str(exc))
    except StoreUnavailable as exc:
        return _error(
            503,
            "store_unavailable",
            f"The rollout store is unreachable ({exc}); the fleet keeps its last weights. Retry when it is back.",
        )
    return web.json_response(status(gw.rollouts, route))


def register_admin(app: web.Application) -> None:
    app.router.add_get("/admin/rollouts", _list)
    app.router.add_get("/admin/rollouts/{route}", _get)
    app.router.add_post("/admin/rollouts/{route}/{action}", _act)


# --- the CLI client ----------------------------------------------------------------------------


def _when(ts: float | None) -> str:
    if not ts:
        return "-"
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%Y-%m-%d %H:%M:%SZ")


def _num(x: Any) -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:.4g}"
    return str(x)


def _ms(x: Any) -> str:
    """A latency in ms, or `-` (not `-ms`) when there is none yet."""
    return "-" if x is None else f"{_num(x)}ms"


def format_status(doc: dict[str, Any]) -> str:
    """A readable rollout status: state, step, weights, each gate, last decision and why."""
    lines: list[str] = []
    steps = doc.get("steps") or []
    step = f", step {doc['step']}/{len(steps)} {steps}" if steps else ""
    mode = "automatic" if doc.get("automatic") else "manual weight only"
    w = doc["weights"]
    lines.append(f"route {doc['route']}: {doc['state'].upper()} ({mode}){step}")
    lines.append(
        f"  weights     baseline {_num(w['baseline'])}% ({doc.get('baseline_upstream')})"
        f"  canary {_num(w['canary'])}% ({doc.get('canary_upstream')}), sticky {doc.get('sticky')}"
    )
    if doc.get("shadow"):
        lines.append(f"  shadow      {doc['shadow']['percent']}% to {doc['shadow']['upstream']}")
    win = doc.get("window") or {}
    nxt = win.get("next_evaluation_in_s")
    lines.append(
        f"  window      {_num(win.get('age_s'))}s old"
        + (f", next judgement in {_num(nxt)}s" if nxt is not None else "")
        + (f" (interval {_num(doc.get('interval_s'))}s, min_requests {doc['min_requests']})" if steps else "")
        + f", source {doc.get('analysis_source')}"
    )
    samples = doc.get("samples") or {}
    for variant in ("baseline", "canary"):
        s = samples.get(variant)
        if s:
            lines.append(
                f"  {variant:<11} requests {s['requests']}, errors {s['errors']}, blocks {s['blocks']}, "
                f"model mismatches {s['model_mismatches']}, "
                f"p50 {_ms(s['p50_ms'])}, p95 {_ms(s['p95_ms'])}"
            )
    if samples.get("shadow"):
        sh = samples["shadow"]
        lines.append(f"  shadow      compared {sh['compared']}, diverged {sh['diverged']}")
    gates = doc.get("gates")
    if gates:
        live = " (live, current window)" if gates.get("live") else f" (judged {_when(gates.get('at'))})"
        lines.append(f"  gates: {gates['verdict'].upper()}{live}")
        for g in gates["gates"]:
            samples_txt = " ".join(f"{k}={v}" for k, v in g["samples"].items())
            lines.append(
                f"    {g['gate']:<22} {g['verdict']:<5} value {_num(g['value']):<9} "
                f"threshold {_num(g['threshold']):<7} samples {samples_txt}"
            )
            if g.get("detail"):
                lines.append(f"      {g['detail']}")
    fleet = doc.get("fleet")
    if fleet:
        lines.append(
            f"  fleet       replica {fleet['replica']}, leader {fleet.get('leader') or '-'}, "
            f"store {fleet['store']}, version applied {_num(fleet.get('applied_version'))}"
            f" / stored {_num(fleet.get('stored_version'))}"
            + (" (this replica's config names another canary)" if fleet.get("config_mismatch") else "")
        )
        for r in fleet.get("replicas") or []:
            lines.append(
                f"    {r['id']:<28} version {_num(r.get('applied_version')):<5} "
                f"evidence {_num(round(100 * (r.get('evidence_share') or 0), 1))}%  "
                f"reported {_when(r.get('last_report'))}"
            )
        ev = fleet.get("evidence")
        if ev:
            lines.append(
                f"  fleet evidence ({ev['replicas']} replicas): baseline {ev['baseline']['requests']} requests, "
                f"canary {ev['canary']['requests']} requests"
            )
    last = doc.get("last_decision")
    if last:
        to = last.get("to") or {}
        lines.append(
            f"  last decision: {last['action']} by {last['actor']} at {_when(last.get('at'))}"
            + (f" -> {to.get('state')} {_num(to.get('weight'))}%" if to else "")
        )
        lines.append(f"    why: {last.get('reason')}")
    return "\n".join(lines)


def cli_actor() -> str:
    """Who runs the CLI, for the audit record: $USER, else the login name, else `uid:N`."""
    user = os.environ.get("USER")
    if user:
        return user
    try:
        return getpass.getuser()  # LOGNAME, USER, LNAME, USERNAME, then the password database
    except (KeyError, OSError, ImportError):
        return f"uid:{os.getuid()}"


def _request(method: str, url: str, token: str, body: dict[str, Any] | None) -> tuple[int, dict[str, Any]]:
    data = json.dumps(body).encode() if body is not None else (b"" if method == "POST" else None)
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Authorization", f"Bearer {token}")
    req.add_header("Content-Type", "application/json")
    req.add_header("x-aigw-actor", f"cli:{cli_actor()}"[:64])
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as exc:
        try:
            return exc.code, json.loads(exc.read() or b"{}")
        except ValueError:
            return exc.code, {"error": {"message": exc.reason}}


def run_cli(action: str, route: str | None, weight: float | None, admin_url: str, token: str) -> int:
    """`aigw rollout ...`: 0 on success, 1 on an API error, 2 when the admin plane is unreachable."""
    base = admin_url.rstrip("/") + "/admin/rollouts"
    try:
        if action == "status":
            status, doc = _request("GET", base + (f"/{route}" if route else ""), token, None)
        elif route is None:
            print(f"aigw rollout {action}: ROUTE is required", file=sys.stderr)
            return 2
        elif action == "weight":
            if weight is None or not 0 <= weight <= 100:
                got = "" if weight is None else f", got {weight:g}"
                print(f"aigw rollout weight: the canary weight is a percent, 0..100{got}", file=sys.stderr)
                return 2
            status, doc = _request("POST", f"{base}/{route}/weight", token, {"weight": weight})
        else:
            status, doc = _request("POST", f"{base}/{route}/{action}", token, None)
    except (urllib.error.URLError, OSError) as exc:
        print(f"cannot reach the admin API at {admin_url}: {exc}", file=sys.stderr)
        return 2
    if status >= 400:
        err = doc.get("error") or {}
        if not isinstance(err, dict):
            err = {"message": str(err)}
        what = f"aigw rollout {action}" + (f" {route}" if route else "")
        code = f" {err['code']}" if err.get("code") else ""
        hint = " (check the admin token: --token, -c or $AIGW_ADMIN_TOKEN)" if status == 401 else ""
        print(f"{what}: {err.get('message') or doc} (HTTP {status}{code}){hint}", file=sys.stderr)
        return 1
    if "rollouts" in doc:
        print("\n\n".join(format_status(d) for d in doc["rollouts"]) or "no route has a canary")
    else:
        print(format_status(doc))
    return 0
