"""The SLO read side: GET /admin/slo and the `aigw slo status` table built from it.

The table is rendered from the same JSON document the endpoint serves, so what an
operator sees in a terminal is exactly what a script reading /admin/slo gets.
"""

from __future__ import annotations

import json
import sys
import urllib.error
import urllib.request
from collections.abc import Mapping
from typing import Any

from aiohttp import web

from gateway.appkeys import GATEWAY


async def _admin_slo(request: web.Request) -> web.Response:
    gw = request.app[GATEWAY]
    tracker = getattr(gw, "slo", None)
    if tracker is None:
        return web.json_response({"routes": [], "note": "SLO tracking is not installed"})
    doc = tracker.snapshot()
    validation = getattr(gw, "validation", None)
    if validation is not None:  # the golden-set pass-rate SLO (gateway/validation/quality.py)
        doc["validation"] = validation.snapshot()
    if not gw.data_plane:
        doc["note"] = (
            "this process serves no traffic (multi-worker supervisor): SLO state is per worker; "
            "judge the fleet with the rules from `aigw slo rules`"
        )
    return web.json_response(doc)


def register_admin(app: web.Application) -> None:
    app.router.add_get("/admin/slo", _admin_slo)


def _fmt(x: Any, spec: str = ".2f", none: str = "-") -> str:
    if x is None:
        return none
    return format(x, spec)


def render_status(doc: Mapping[str, Any]) -> str:
    """The `aigw slo status` table from an /admin/slo document."""
    head = (
        f"{'ROUTE':<16} {'VARIANT':<9} {'REQ 1h':>7} {'ERR% 1h':>8} {'SLOW% 1h':>9} {'P99 1h':>9} "
        f"{'BURN 5m':>8} {'1h':>7} {'6h':>7} {'3d':>7} {'BUDGET':>7}  ALERTS"
    )
    lines = [head]
    for route in doc.get("routes", []):
        slo = route.get("slo")
        for v in route.get("variants", []):
            w1 = v["windows"]["1h"]
            burns = {w: v["windows"][w]["burn_rate"].get("max") for w in ("5m", "1h", "6h", "3d")}
            lat = w1.get("latency_ms") or {}
            budget = v.get("budget") or {}
            alerts = ",".join(sorted({f"{a['severity']}:{a['sli']}" for a in v.get("alerts", [])})) or "-"
            err = w1.get("error_rate")
            slow = w1.get("slow_rate")
            rem = budget.get("remaining")
            lines.append(
                f"{route['route'][:16]:<16} {v['variant'][:9]:<9} {w1['requests']:>7} "
                f"{_fmt(err * 100 if err is not None else None):>8} "
                f"{_fmt(slow * 100 if slow is not None else None):>9} "
                f"{_fmt(lat.get('p99'), '.1f') + 'ms' if lat.get('p99') is not None else '-':>9} "
                + " ".join(f"{_fmt(burns[w]):>{8 if w == '5m' else 7}}" for w in burns)
                + f" {_fmt(rem * 100 if rem is not None else None, '.1f') + '%' if rem is not None else '-':>7}"
                + f"  {alerts if slo else 'no slo'}"
            )
    if doc.get("note"):
        lines.append(f"note: {doc['note']}")
    return "\n".join(lines)


def fetch_status(admin_url: str, token: str | None, timeout_s: float = 10.0) -> dict[str, Any]:
    """GET /admin/slo (blocking; for the CLI only)."""
    req = urllib.request.Request(admin_url.rstrip("/") + "/admin/slo")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(req, timeout=timeout_s) as resp:
        return json.loads(resp.read())


def cli_status(admin_url: str, token: str | None, as_json: bool = False) -> int:
    try:
        doc = fetch_status(admin_url, token)
    except urllib.error.HTTPError as exc:
        print(f"{admin_url}: HTTP {exc.code} {exc.reason}", file=sys.stderr)
        return 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"{admin_url}: cannot reach the admin API: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(doc, indent=2) if as_json else render_status(doc))
    return 0
