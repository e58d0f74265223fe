"""The operator console: a static page under /console/ plus a few read-only admin endpoints.

The page (gateway/admin/console_static/index.html, console.js, console.css; no CDN, no build step) holds
no data, so it is served without a token. Every number it shows comes from /admin/*, called
with the admin token the operator types in (kept in sessionStorage only). This module adds:

  GET /admin/console/overview   upstreams (URL without credentials, expected model), model
                                mismatch counts, filter decisions and p50/p99 per filter
                                (from the Prometheus collectors), config version and the
                                unified diff of the last applied reload
  GET /admin/console/series     a bounded ring of samples (every SAMPLE_S seconds) of the
                                SLO numbers and filter counters, for the inline charts
  GET /admin/console/audit      the tail of the current audit file, mandatory records only,
                                as stored (already redacted), ?route=&kind=&limit=, and the
                                chain verification of that file

Sampling runs in one background task while the admin app is up: nothing per request.
"""

from __future__ import annotations

import asyncio
import contextlib
import difflib
import os
import re
import time
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from aiohttp import web

from gateway import metrics
from gateway.appkeys import GATEWAY
from gateway.audit.verify import KeyRequired, verify_chain

if TYPE_CHECKING:
    from gateway.service.gateway import Gateway

STATIC_DIR = Path(__file__).with_name("console_static")
ASSETS = {
    "index.html": "text/html",
    "console.js": "application/javascript",
    "console.css": "text/css",
}
# Exact paths the admin token middleware lets through (static files only, no data).
PUBLIC_PATHS = frozenset({"/console", "/console/", *(f"/console/{name}" for name in ASSETS)})
# Also without a token, and also without data: `/` leads a browser to the console, and
# `/favicon.ico` (which every browser asks for) is an empty 204 instead of a 401 in the console log.
OPEN_PATHS = frozenset({"/", "/favicon.ico"})

SAMPLE_S = 5.0
RING_SIZE = 360  # 30 minutes at 5 s
HOUR_SNAPSHOTS = 62  # one a minute: just over an hour
TAIL_BYTES = 512 * 1024
MAX_TEXT = 2000
DIFF_MAX_LINES = 400
VERIFY_MIN_S = 30.0
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
_USERINFO = re.compile(r"(://)[^/@\s\"']+@")


def strip_credentials(text: str) -> str:
    """user:password@ in URLs becomes ***@ (config text and upstream URLs)."""
    return _USERINFO.sub(r"\1***@", text)


class ConsoleState:
    """Per admin app: the sample ring, the config texts for the diff, the verify cache."""

    def __init__(self, gw: Gateway) -> None:
        self.gw = gw
        self.ring: deque[dict[str, Any]] = deque(maxlen=RING_SIZE)
        # one filter-count snapshot a minute, a little over an hour of them: the baseline
        # for "decisions over the last hour"
        self.minutes: deque[tuple[float, dict[str, int]]] = deque(maxlen=HOUR_SNAPSHOTS)
        # upstream name -> the last `model` an answer from it carried (this process only;
        # known where the gateway reads answers: pinned upstreams, screened routes, usage)
        self.observed_models: dict[str, str] = {}
        loaded = gw.current.loaded
        self.current_text = loaded.raw_text
        self.last_change: dict[str, Any] | None = None
        self._verify_cache: tuple[tuple[str, int, float], dict[str, Any]] | None = None
        self._task: asyncio.Task[None] | None = None
        self.verify_lock = asyncio.Lock()

    # -- config diff ------------------------------------------------------------------------

    def on_reload(self, result: Any, source: str) -> None:
        new = self.gw.current.loaded
        old_text, self.current_text = self.current_text, new.raw_text
        diff = list(
            difflib.unified_diff(
                strip_credentials(old_text).splitlines(),
                strip_credentials(new.raw_text).splitlines(),
                "previous",
                f"version {new.version}",
                lineterm="",
            )
        )
        self.last_change = {
            "at": round(time.time(), 3),
            "source": source,
            "version": new.version,
            "diff": diff[:DIFF_MAX_LINES],
            "truncated": len(diff) > DIFF_MAX_LINES,
        }

    def observe(self, ex: Any, outcome: str, status: int) -> None:
        """Observer: remember the model each upstream last answered with (one dict store)."""
        if ex.observed_model:
            self.observed_models[ex.upstream] = ex.observed_model

    # -- sampling ---------------------------------------------------------------------------

    def sample(self) -> dict[str, Any]:
        point: dict[str, Any] = {"t": round(time.time(), 3), "slo": [], "filters": {}}
        tracker = getattr(self.gw, "slo", None)
        if tracker is not None:
            try:
                doc = tracker.snapshot()
            except Exception:  # a sampler must never take the admin plane down
                doc = {"routes": []}
            for route in doc.get("routes", []):
                for v in route.get("variants", []):
                    w = v["windows"].get("5m") or {}
                    lat = w.get("latency_ms") or {}
                    ttft = w.get("ttft_ms") or {}
                    point["slo"].append(
                        {
                            "route": route["route"],
                            "variant": v["variant"],
                            "requests": w.get("requests"),
                            "error_rate": w.get("error_rate"),
                            "p50": lat.get("p50"),
                            "p99": lat.get("p99"),
                            "ttft_p50": ttft.get("p50"),
                            "burn": (w.get("burn_rate") or {}).get("max"),
                        }
                    )
        point["filters"] = filter_counts()
        return point

    @property
    def interval_s(self) -> float:
        try:  # AIGW_CONSOLE_SAMPLE_S: tests sample faster
            return max(0.1, float(self.gw.env.get("AIGW_CONSOLE_SAMPLE_S") or SAMPLE_S))
        except ValueError:
            return SAMPLE_S

    async def run(self) -> None:
        while True:
            point = self.sample()
            self.ring.append(point)
            if not self.minutes or point["t"] - self.minutes[-1][0] >= 60.0:
                self.minutes.append((point["t"], point["filters"]))
            await asyncio.sleep(self.interval_s)

    def hour_baseline(self, now: float) -> tuple[float, dict[str, int]] | None:
        """The oldest snapshot at most an hour old (or the oldest there is, if younger)."""
        for t, counts in self.minutes:
            if t >= now - 3600.0:
                return t, counts
        return self.minutes[-1] if self.minutes else None

    # -- audit ------------------------------------------------------------------------------

    def verify_current(self, path: Path) -> dict[str, Any]:
        try:
            st = path.stat()
        except OSError as exc:
            return {"ok": False, "error": f"cannot read the audit file: {exc.strerror}"}
        key = (str(path), st.st_size, st.st_mtime)
        cached = self._verify_cache
        if cached is not None and (
            cached[0] == key
            # a growing file is re-read at most every VERIFY_MIN_S: the whole file is hashed
            or (cached[0][0] == key[0] and time.time() - cached[1]["checked_at"] < VERIFY_MIN_S)
        ):
            return cached[1]
        audit = self.gw.audit
        secret = ""
        if audit is not None and audit.cfg.hmac_key_env:
            secret = self.gw.env.get(audit.cfg.hmac_key_env, "")
        try:
            report = verify_chain(0, [path], secret.encode() or None, partial=True)
            if not report.ok and report.broken and "incomplete last line" in report.broken.reason:
                report = verify_chain(0, [path], secret.encode() or None, partial=True)  # a write in progress
        except KeyRequired as exc:
            return {"ok": False, "error": str(exc)}
        out: dict[str, Any] = {
            "ok": report.ok,
            "file": path.name,
            "records": report.records,
            "first_seq": report.first_seq,
            "last_seq": report.last_seq,
            "alg": report.alg,
            "checked_at": round(time.time(), 3),
            "notes": report.notes,
        }
        if report.broken is not None:
            b = report.broken
            out["broken"] = {"lineno": b.lineno, "seq": b.seq, "reason": b.reason}
        self._verify_cache = (key, out)
        return out


def _hist_quantile(buckets: list[tuple[float, float]], q: float) -> float | None:
    """q-quantile from cumulative (upper bound, count) buckets, linear within a bucket."""
    if not buckets or buckets[-1][1] <= 0:
        return None
    total = buckets[-1][1]
    rank = q * total
    prev_ub, prev_c = 0.0, 0.0
    for ub, c in buckets:
        if c >= rank:
            if ub == float("inf"):
                return prev_ub
            frac = (rank - prev_c) / (c - prev_c) if c > prev_c else 1.0
            return prev_ub + (ub - prev_ub) * frac
        prev_ub, prev_c = ub, c
    return prev_ub


def _families(metric: Any) -> list[Any]:
    """A collector's families: this process's, or every worker's under multiprocess mode
    (the supervisor's admin process serves no traffic itself)."""
    if not metrics.multiprocess_dir():
        return list(metric.collect())
    from prometheus_client import CollectorRegistry
    from prometheus_client import multiprocess as mp

    registry = CollectorRegistry()
    mp.MultiProcessCollector(registry)
    name = metric._name
    return [fam for fam in registry.collect() if fam.name == name]


def filter_counts() -> dict[str, int]:
    """'filter|action|mode' -> decisions so far (all workers under multiprocess mode)."""
    out: dict[str, int] = {}
    for fam in _families(metrics.filter_decisions):
        for s in fam.samples:
            if s.name.endswith("_total"):
                lb = s.labels
                out[f"{lb['filter']}|{lb['action']}|{lb['mode']}"] = int(s.value)
    return out


def filter_stats(baseline: dict[str, int] | None = None) -> list[dict[str, Any]]:
    """Decisions per filter, action and mode (since start, and since `baseline` counts when
    given: the last hour), and p50/p99 time, from the Prometheus collectors."""
    stats: dict[str, dict[str, Any]] = {}

    def entry(name: str) -> dict[str, Any]:
        return stats.setdefault(
            name,
            {
                "filter": name,
                "decisions": {},
                "window_decisions": {},
                "p50_ms": None,
                "p99_ms": None,
                "calls": 0,
                "errors": {},
            },
        )

    for key, value in filter_counts().items():
        name, action, mode = key.split("|")
        e = entry(name)
        e["decisions"].setdefault(mode, {})[action] = value
        if baseline is not None:
            e["window_decisions"].setdefault(mode, {})[action] = value - baseline.get(key, 0)
    buckets: dict[str, list[tuple[float, float]]] = {}
    for fam in _families(metrics.filter_duration):
        for s in fam.samples:
            if s.name.endswith("_bucket"):
                buckets.setdefault(s.labels["filter"], []).append((float(s.labels["le"]), s.value))
    for name, bs in buckets.items():
        bs.sort()
        e = entry(name)
        e["calls"] = int(bs[-1][1]) if bs else 0
        for q, field in ((0.5, "p50_ms"), (0.99, "p99_ms")):
            v = _hist_quantile(bs, q)
            e[field] = round(v * 1000, 4) if v is not None else None
    for fam in _families(metrics.filter_errors):
        for s in fam.samples:
            if s.name.endswith("_total"):
                entry(s.labels["filter"])["errors"][s.labels["reason"]] = int(s.value)
    return sorted(stats.values(), key=lambda e: e["filter"])


def _model_mismatches() -> dict[str, int]:
    out: dict[str, int] = {}
    for fam in _families(metrics.model_mismatch):
        for s in fam.samples:
            if s.name.endswith("_total"):
                out[f"{s.labels['route']}|{s.labels['upstream']}"] = int(s.value)
    return out


def _state(request: web.Request) -> ConsoleState:
    return request.app[CONSOLE]


async def _static(request: web.Request) -> web.StreamResponse:
    name = request.match_info.get("name") or "index.html"
    ctype = ASSETS.get(name)
    if ctype is None:
        raise web.HTTPNotFound()
    body = await asyncio.to_thread((STATIC_DIR / name).read_bytes)
    return web.Response(body=body, content_type=ctype, charset="utf-8", headers=SECURITY_HEADERS)


async def _redirect(request: web.Request) -> web.StreamResponse:
    raise web.HTTPFound("/console/")


async def _favicon(request: web.Request) -> web.Response:
    return web.Response(status=204, headers={"Cache-Control": "max-age=86400"})


async def _overview(request: web.Request) -> web.Response:
    st = _state(request)
    gw = st.gw
    loaded = gw.current.loaded
    cfg = loaded.config
    mism = _model_mismatches()
    upstreams = [
        {
            "name": name,
            "url": strip_credentials(u.url),
            "expect_model": u.expect_model,
            "observed_model": st.observed_models.get(name),
            "model_mismatches": sum(v for k, v in mism.items() if k.endswith(f"|{name}")),
        }
        for name, u in cfg.upstreams.items()
    ]
    routes = []
    for r in cfg.routes:
        routes.append(
            {
                "name": r.name,
                "upstream": r.upstream,
                "canary": r.canary.upstream if r.canary is not None else None,
                "shadow": r.shadow.upstream if r.shadow is not None else None,
                "model_mismatches": {
                    k.split("|", 1)[1]: v for k, v in mism.items() if k.startswith(f"{r.name}|")
                },
            }
        )
    now = time.time()
    base = st.hour_baseline(now)
    return web.json_response(
        {
            "generated_at": round(now, 3),
            "pid": os.getpid(),
            "upstreams": upstreams,
            "routes": routes,
            "filters": filter_stats(base[1] if base else None),
            "filters_window_s": round(now - base[0], 1) if base else None,
            "filters_note": "window_decisions: over the last hour (or since the console started "
            "sampling, when that is less); decisions: since this process started",
            "config": {
                "version": loaded.version,
                "loaded_at": loaded.loaded_at,
                "path": loaded.path,
                "last_error": gw.last_error or None,
                "last_change": st.last_change,
            },
        }
    )


async def _series(request: web.Request) -> web.Response:
    st = _state(request)
    return web.json_response({"interval_s": st.interval_s, "points": list(st.ring)})


def _clip(value: Any) -> Any:
    if isinstance(value, str):
        return value if len(value) <= MAX_TEXT else value[:MAX_TEXT] + "…"
    if isinstance(value, dict):
        return {k: _clip(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clip(v) for v in value]
    return value


def read_tail(path: Path, limit: int, route: str | None, kind: str | None) -> list[dict[str, Any]]:
    """Newest first: mandatory records (not sampled exchanges) of the last TAIL_BYTES of a file."""
    with open(path, "rb") as fh:
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        start = max(0, size - TAIL_BYTES)
        fh.seek(start)
        data = fh.read(size - start)
    lines = data.split(b"\n")
    if start > 0:
        lines = lines[1:]  # the first line is cut
    out: list[dict[str, Any]] = []
    for raw in reversed(lines):
        if not raw.strip():
            continue
        try:
            rec = orjson.loads(raw)
        except orjson.JSONDecodeError:
            continue
        if not isinstance(rec, dict):
            continue
        if rec.get("kind") == "exchange" and rec.get("why") == ["sample"]:
            continue
        if route and rec.get("route") != route:
            continue
        if kind and rec.get("kind") != kind:
            continue
        out.append(_clip(rec))
        if len(out) >= limit:
            break
    return out


async def _audit(request: web.Request) -> web.Response:
    st = _state(request)
    audit = st.gw.audit
    if audit is None:
        return web.json_response({"enabled": False, "records": []})
    q = request.query
    try:
        limit = max(1, min(500, int(q.get("limit", "100"))))
    except ValueError:
        limit = 100
    route = q.get("route") or None
    kind = q.get("kind") or None
    w = audit.writer
    if not w.file:
        return web.json_response({"enabled": True, "file": None, "records": [], "verify": None})
    path = Path(w.dir) / w.file
    try:
        records = await asyncio.to_thread(read_tail, path, limit, route, kind)
    except OSError as exc:
        return web.json_response(
            {"enabled": True, "file": w.file, "records": [], "error": exc.strerror, "verify": None}
        )
    async with st.verify_lock:  # one verification at a time, however many tabs are open
        verify = await asyncio.to_thread(st.verify_current, path)
    return web.json_response(
        {"enabled": True, "file": w.file, "healthy": audit.ready, "records": records, "verify": verify}
    )


CONSOLE = web.AppKey("aigw_console", ConsoleState)


async def _start(app: web.Application) -> None:
    st = app[CONSOLE]
    st._task = asyncio.create_task(st.run(), name="aigw-console-sampler")


async def _stop(app: web.Application) -> None:
    st = app[CONSOLE]
    with contextlib.suppress(ValueError):
        st.gw.on_reload.remove(st.on_reload)
    if st._task is not None:
        st._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await st._task


def register_console(app: web.Application) -> None:
    """Static console under /console/ and its read-only /admin/console/* endpoints."""
    gw: Gateway = app[GATEWAY]
    st = ConsoleState(gw)
    app[CONSOLE] = st
    gw.on_reload.append(st.on_reload)
    gw.observers.append(st.observe)
    app.router.add_get("/", _redirect)
    app.router.add_get("/favicon.ico", _favicon)
    app.router.add_get("/console", _redirect)
    app.router.add_get("/console/", _static)
    app.router.add_get("/console/{name}", _static)
    app.router.add_get("/admin/console/overview", _overview)
    app.router.add_get("/admin/console/series", _series)
    app.router.add_get("/admin/console/audit", _audit)
    app.on_startup.append(_start)
    app.on_cleanup.append(_stop)
