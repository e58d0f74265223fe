"""Latency and availability SLOs per route and variant: rolling windows, budgets, burn-rate alerts.

Every finished exchange is classified once (an observer on `gw.observers`): client errors
are not events, server-side failures burn the availability budget, and an event slower
than the route's threshold (time to first byte for streams when `ttft_ms` is set) burns
the latency budget. Counts go into 10-second ring buckets covering three days, latency
into compact log-binned histograms (10-second buckets for an hour, 10-minute buckets for
three days) and into hourly buckets for the budget period. Everything that scans a window
runs in the evaluator task every few seconds or on an admin read, never per request.

The tracker lives on the Gateway (`gw.slo`) and survives config reloads: the reload
callback only updates each route's objectives, so history is kept; a removed route's
series and gauges are dropped. State is per process: with `workers > 1` each worker
judges its own share, and the fleet view comes from the Prometheus rules that
`aigw slo rules` writes over the same classification (see docs/slo.md).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from gateway import metrics
from gateway.slo.burn import (
    ALERT_RULES,
    SEVERITIES,
    WINDOWS,
    AlertRule,
    budget_remaining,
    burn_rate,
    exhaustion_hours,
    firing_rules,
)
from gateway.slo.config import SloConfig
from gateway.slo.series import (
    BAD,
    BAD_A,
    BAD_L,
    BUDGET_S,
    EV,
    FINE_S,
    GOOD,
    HIST_COARSE_S,
    HIST_FINE_N,
    HIST_FINE_S,
    LAT_BINS,
    LEV,
    MAX_VARIANTS,
    NB,
    NOT_EVENT,
    QUANTILES,
    REQ,
    AlertChange,
    Judgement,
    Series,
    classify,
    lat_bin,
    rounded,
)
from gateway.slo.window import histogram_quantile

if TYPE_CHECKING:
    from gateway.config import GatewayConfig
    from gateway.exchange import Exchange

log = logging.getLogger("aigw.slo")


class SloTracker:
    """Per route and variant SLO bookkeeping. `observe` is the per-request O(1) part."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self.series: dict[tuple[str, str], Series] = {}
        self.routes: dict[str, SloConfig | None] = {}
        self.listeners: list[Callable[[AlertChange], None]] = []
        self.last_eval_at: float | None = None
        self.last_eval_s: float = 0.0

    # --- configuration (initial load and every reload) ---
    def configure(self, config: GatewayConfig) -> None:
        routes = {r.name: getattr(r, "slo", None) for r in config.routes}
        for key in [k for k in self.series if k[0] not in routes]:
            self._drop(key)
        self.routes = routes
        for name, cfg in routes.items():
            found = False
            for (route, _), s in self.series.items():
                if route == name:
                    s.set_config(cfg)
                    found = True
            if not found:
                self.series[(name, "baseline")] = Series(name, "baseline", cfg)
        for s in self.series.values():
            if s.cfg is None:
                self._clear_gauges(s)

    def _drop(self, key: tuple[str, str]) -> None:
        """Forget a removed route's series; its firing alerts resolve (the record says why)."""
        s = self.series.pop(key)
        by_name = {r.name: r for r in ALERT_RULES}
        now = self.clock()
        for name, sli in list(s.alerts):
            self._announce(
                AlertChange(s.route, s.variant, sli, by_name[name], False, now, 0.0, 0.0, "route_removed")
            )
        s.alerts.clear()
        self._clear_gauges(s)
        for kind in ("total", "ttft"):
            _remove(metrics.slo_latency, s.route, s.variant, kind)

    def _clear_gauges(self, s: Series) -> None:
        for w in WINDOWS:
            _remove(metrics.slo_burn_rate, s.route, s.variant, w)
        _remove(metrics.slo_error_budget_remaining, s.route, s.variant)
        for sev in SEVERITIES:
            _remove(metrics.slo_alert, s.route, s.variant, sev)
        s.gauges.clear()

    def _series_for(self, route: str, variant: str) -> Series | None:
        if route not in self.routes:
            return None
        if sum(1 for k in self.series if k[0] == route) >= MAX_VARIANTS:
            return None
        s = Series(route, variant, self.routes[route])
        self.series[(route, variant)] = s
        return s

    # --- per request ---
    def observe(self, ex: Exchange, outcome: str, status: int) -> None:
        """Observer for gw.observers: classify and count one exchange (O(1), never raises).

        Runs on every request, so the current row of each ring is taken directly when its
        bucket is still current (a ring only rolls a few times a minute) and the latency
        bin is computed inline.
        """
        s = self.series.get((ex.route, ex.variant))
        if s is None:
            if not ex.route:
                return
            s = self._series_for(ex.route, ex.variant)
            if s is None:
                return
        now = self.clock()
        kind = GOOD if outcome == "success" and status < 500 else classify(outcome, status)
        b = int(now // FINE_S)
        fine = s.fine
        row = fine.cur if fine.head == b else fine.row(b)
        if kind == NOT_EVENT:
            if row is None:
                fine.add(b, REQ)
            else:
                row[REQ] += 1
            return
        if s.first_seen is None:
            s.first_seen = now
        lat = ex.elapsed()
        # Streamed: the client asked for a stream (ex.stream is only known on routes that parse
        # the body) or the answer was relayed chunk by chunk, which is when a ttfb is recorded.
        ttfb = ex.timings.get("ttfb")
        if (ex.stream or ttfb is not None) and s.ttft_s is not None:
            value: float = ttfb if ttfb is not None else lat
            threshold: float | None = s.ttft_s
            prom = s.prom_ttft
        else:
            value, threshold, prom = lat, s.lat_s, s.prom_total
        bad_a = kind == BAD
        slow = threshold is not None and value > threshold
        late = row is None
        if row is None:  # late: the clock stepped back past the current bucket: count into its row
            row = [0] * 5
        row[REQ] += 1
        row[EV] += 1
        if bad_a:
            row[BAD_A] += 1
        if threshold is not None:
            row[LEV] += 1
            if slow:
                row[BAD_L] += 1
        if late:
            for col, n in enumerate(row):
                if n:
                    fine.add(b, col, n)
        i_lat = lat_bin(lat)
        i_ttft = NB + lat_bin(ttfb) if ttfb is not None else -1
        # HIST_FINE_S == FINE_S: the fine histogram shares the count ring's bucket id.
        for hist, hb in ((s.hist_fine, b), (s.hist_coarse, int(now // HIST_COARSE_S))):
            h = hist.cur if hist.head == hb else hist.row(hb)
            if h is not None:
                h[i_lat] += 1
                if i_ttft >= 0:
                    h[i_ttft] += 1
        budget = s.budget
        bb = int(now // BUDGET_S)
        brow = budget.cur if budget.head == bb else budget.row(bb)
        if brow is not None:
            brow[EV] += 1
            if bad_a:
                brow[BAD_A] += 1
            if threshold is not None:
                brow[LEV] += 1
                if slow:
                    brow[BAD_L] += 1
        prom.observe(value)

    # --- evaluation (periodic, off the request path) ---
    def judge(self, s: Series, now: float) -> Judgement:
        s.fine.sync(int(now // FINE_S))
        s.budget.sync(int(now // BUDGET_S))
        windows = {w: s.fine.window(secs // FINE_S) for w, secs in WINDOWS.items()}
        cfg = s.cfg
        burn: dict[str, dict[str, float]] = {}
        budget: dict[str, float] = {}
        period = (cfg.period_days if cfg else 30) * 24
        bc = s.budget.window(period)
        if cfg is not None:
            burn["availability"] = {
                w: burn_rate(c[BAD_A], c[EV], cfg.availability_objective) for w, c in windows.items()
            }
            budget["availability"] = budget_remaining(bc[BAD_A], bc[EV], cfg.availability_objective)
            if cfg.has_latency:
                burn["latency"] = {
                    w: burn_rate(c[BAD_L], c[LEV], cfg.latency_objective) for w, c in windows.items()
                }
                budget["latency"] = budget_remaining(bc[BAD_L], bc[LEV], cfg.latency_objective)
        firing: list[tuple[AlertRule, str]] = []
        if cfg is not None:
            events = {w: int(c[EV]) for w, c in windows.items()}  # same guard as the fleet rules
            for sli, burns in burn.items():
                firing.extend(
                    (rule, sli) for rule in firing_rules(burns, events, ALERT_RULES, cfg.min_events)
                )
        return Judgement(windows, burn, budget, bc, tuple(firing))

    def evaluate(self, now: float | None = None) -> list[AlertChange]:
        """Judge every series, update the gauges, return (and announce) alert state changes."""
        now = self.clock() if now is None else now
        t0 = time.perf_counter()
        changes: list[AlertChange] = []
        for s in list(self.series.values()):
            if s.cfg is None:
                continue
            j = self.judge(s, now)
            changes.extend(self._transitions(s, j, now))
            self._export(s, j)
        self.last_eval_at = now
        self.last_eval_s = time.perf_counter() - t0
        for change in changes:
            self._announce(change)
        return changes

    def _transitions(self, s: Series, j: Judgement, now: float) -> list[AlertChange]:
        firing_now = {(rule.name, sli): rule for rule, sli in j.firing}
        out: list[AlertChange] = []
        by_name = {r.name: r for r in ALERT_RULES}
        for key, rule in firing_now.items():
            if key not in s.alerts:
                s.alerts[key] = now
                burns = j.burn[key[1]]
                out.append(
                    AlertChange(
                        s.route, s.variant, key[1], rule, True, now, burns[rule.long], burns[rule.short]
                    )
                )
        for key in [k for k in s.alerts if k not in firing_now]:
            del s.alerts[key]
            rule = by_name[key[0]]
            burns = j.burn.get(key[1], {})
            out.append(
                AlertChange(
                    s.route,
                    s.variant,
                    key[1],
                    rule,
                    False,
                    now,
                    burns.get(rule.long, 0.0),
                    burns.get(rule.short, 0.0),
                )
            )
        return out

    def _export(self, s: Series, j: Judgement) -> None:
        g = s.gauges
        if not g:
            for w in WINDOWS:
                g[w] = metrics.slo_burn_rate.labels(s.route, s.variant, w)
            g["budget"] = metrics.slo_error_budget_remaining.labels(s.route, s.variant)
            for sev in SEVERITIES:
                g["alert:" + sev] = metrics.slo_alert.labels(s.route, s.variant, sev)
        for w in WINDOWS:
            g[w].set(j.max_burn(w))
        rem = j.remaining
        g["budget"].set(1.0 if rem is None else rem)
        active = {rule.severity for rule, _ in j.firing}
        for sev in SEVERITIES:
            g["alert:" + sev].set(1.0 if sev in active else 0.0)

    def _announce(self, change: AlertChange) -> None:
        p = change.payload()
        log.warning(
            "SLO alert %s: route=%s variant=%s sli=%s severity=%s rule=%s burn %s=%.2f %s=%.2f (> %g)",
            p["state"],
            change.route,
            change.variant,
            change.sli,
            change.rule.severity,
            change.rule.name,
            change.rule.long,
            change.burn_long,
            change.rule.short,
            change.burn_short,
            change.rule.threshold,
        )
        for listener in self.listeners:
            try:
                listener(change)
            except Exception:
                log.exception("SLO alert listener failed")

    # --- read side: /admin/slo ---
    def snapshot(self, now: float | None = None) -> dict[str, Any]:
        now = self.clock() if now is None else now
        routes: dict[str, dict[str, Any]] = {}
        for name, cfg in self.routes.items():
            routes[name] = {
                "route": name,
                "slo": cfg.model_dump() if cfg is not None else None,
                "variants": [],
            }
        for (route, _variant), s in sorted(self.series.items()):
            if route in routes:
                routes[route]["variants"].append(self._series_view(s, now))
        return {
            "generated_at": round(now, 3),
            "scope": "process",
            "pid": os.getpid(),
            "last_evaluation_at": self.last_eval_at,
            "last_evaluation_ms": round(self.last_eval_s * 1000, 3),
            "windows": list(WINDOWS),
            "alert_rules": [
                {
                    "name": r.name,
                    "severity": r.severity,
                    "long": r.long,
                    "short": r.short,
                    "threshold": r.threshold,
                }
                for r in ALERT_RULES
            ],
            "routes": list(routes.values()),
        }

    def _series_view(self, s: Series, now: float) -> dict[str, Any]:
        j = self.judge(s, now)
        s.hist_fine.sync(int(now // HIST_FINE_S))
        s.hist_coarse.sync(int(now // HIST_COARSE_S))
        cfg = s.cfg
        qs = QUANTILES if cfg is None or cfg.percentile in QUANTILES else (*QUANTILES, cfg.percentile)
        windows: dict[str, Any] = {}
        for w, secs in WINDOWS.items():
            c = j.windows[w]
            if secs <= HIST_FINE_S * HIST_FINE_N:
                h = s.hist_fine.window(secs // HIST_FINE_S)
            else:
                h = s.hist_coarse.window(secs // HIST_COARSE_S)
            windows[w] = {
                "requests": int(c[REQ]),
                "events": int(c[EV]),
                "errors": int(c[BAD_A]),
                "error_rate": rounded(c[BAD_A] / c[EV]) if c[EV] else None,
                "slow": int(c[BAD_L]),
                "slow_rate": rounded(c[BAD_L] / c[LEV]) if c[LEV] else None,
                "latency_ms": _quantiles(h[:NB], qs),
                "ttft_ms": _quantiles(h[NB:], qs),
                "burn_rate": {sli: rounded(b[w]) for sli, b in j.burn.items()}
                | ({"max": rounded(j.max_burn(w))} if j.burn else {}),
            }
        budget: dict[str, Any] | None = None
        if cfg is not None:
            observed_h = 0.0 if s.first_seen is None else max(0.0, now - s.first_seen) / 3600.0
            rem = j.remaining
            budget = {
                "period_days": cfg.period_days,
                "observed_hours": round(min(observed_h, cfg.period_days * 24.0), 3),
                "events": int(j.budget_counts[EV]),
                "remaining": rounded(rem),
                "by_sli": {k: rounded(v) for k, v in j.budget.items()},
                "exhaustion_hours_at_1h_burn": rounded(
                    exhaustion_hours(rem if rem is not None else 1.0, j.max_burn("1h"), cfg.period_days), 2
                ),
            }
        return {
            "variant": s.variant,
            "observed_since": None if s.first_seen is None else round(s.first_seen, 3),
            "windows": windows,
            "budget": budget,
            "alerts": [
                {
                    "severity": rule.severity,
                    "rule": rule.name,
                    "sli": sli,
                    "long_window": rule.long,
                    "short_window": rule.short,
                    "threshold": rule.threshold,
                    "since": round(s.alerts.get((rule.name, sli), now), 3),
                }
                for rule, sli in j.firing
            ],
        }


def _quantiles(counts: np.ndarray, qs: Iterable[float]) -> dict[str, float | None] | None:
    if not counts.any():
        return None
    out: dict[str, float | None] = {}
    for q in qs:
        v = histogram_quantile(counts, LAT_BINS, q / 100.0)
        out[f"p{q:g}"] = None if v is None else round(v * 1000.0, 3)
    return out


def _remove(collector: Any, *labels: str) -> None:
    try:
        collector.remove(*labels)
    except KeyError:
        pass
