"""The golden-set pass rate as an SLO: rolling windows, burn rates, budget and alerts.

A separate small tracker rather than a third SLI of gateway/slo/tracker.py: its events are
validation cases, not requests (a few per interval, not thousands per second), it is fed
by the validation service after each run instead of by the request observers, and its
objective is the route's `validation.slo.min_pass_rate`. The arithmetic is shared: the same
windows, `burn_rate`, `budget_remaining` and the SRE workbook's multi-window alert table
(gateway/slo/burn.py), so a validation page means what an availability page means.

A case that fails or errs is a bad event; skipped cases (run budget spent) are not events.
Counts live in 60-second buckets over the longest window (3 days: 4320 rows x 2 columns)
and hourly buckets over the budget period, about 100 KB per route and variant.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from gateway import metrics
from gateway.slo.burn import ALERT_RULES, SEVERITIES, WINDOWS, budget_remaining, burn_rate, firing_rules
from gateway.slo.window import BucketRing
from gateway.validation.config import ValidationSloConfig

BUCKET_S = 60
BUCKET_N = max(WINDOWS.values()) // BUCKET_S
BUDGET_S = 3600
BUDGET_N = 90 * 24
TOTAL, BAD = 0, 1


def _r(x: float | None, nd: int = 4) -> float | None:
    if x is None or math.isnan(x):
        return None
    return 1e9 if math.isinf(x) else round(float(x), nd)


@dataclass(slots=True)
class QualitySeries:
    route: str
    variant: str
    cfg: ValidationSloConfig
    ring: BucketRing
    budget: BucketRing
    alerts: dict[str, float]  # rule name -> firing since
    last_pass_ratio: float | None = None


class QualityTracker:
    """Per route and variant: cases judged and failed, judged against min_pass_rate."""

    def __init__(self, clock: Callable[[], float], on_alert: Callable[[dict[str, Any]], None]) -> None:
        self.clock = clock
        self.on_alert = on_alert
        self.series: dict[tuple[str, str], QualitySeries] = {}
        self.routes: dict[str, ValidationSloConfig] = {}

    def configure(self, routes: dict[str, ValidationSloConfig]) -> None:
        """Routes with a validation section and their objectives; removed routes are forgotten."""
        self.routes = dict(routes)
        for key in [k for k in self.series if k[0] not in routes]:
            s = self.series.pop(key)
            for name in list(s.alerts):
                self._announce(s, name, False, {}, "route_removed")
            self._clear(s)
        for (route, _), s in self.series.items():
            s.cfg = routes[route]

    def _get(self, route: str, variant: str) -> QualitySeries | None:
        cfg = self.routes.get(route)
        if cfg is None:
            return None
        s = self.series.get((route, variant))
        if s is None:
            s = QualitySeries(
                route,
                variant,
                cfg,
                BucketRing(BUCKET_S, BUCKET_N, 2, np.int64),
                BucketRing(BUDGET_S, BUDGET_N, 2, np.int64),
                {},
            )
            self.series[(route, variant)] = s
        return s

    def record(self, route: str, variant: str, judged: int, bad: int, pass_ratio: float | None) -> None:
        """One run's outcome; counters and the pass-ratio gauge move now, burn rates on evaluate."""
        s = self._get(route, variant)
        if s is None:
            return
        now = self.clock()
        for ring, width in ((s.ring, BUCKET_S), (s.budget, BUDGET_S)):
            b = int(now // width)
            ring.add(b, TOTAL, judged)
            ring.add(b, BAD, bad)
        if pass_ratio is not None:
            s.last_pass_ratio = pass_ratio
            metrics.validation_pass_ratio.labels(route, variant).set(pass_ratio)

    def judge(self, s: QualitySeries, now: float) -> dict[str, Any]:
        s.ring.sync(int(now // BUCKET_S))
        s.budget.sync(int(now // BUDGET_S))
        objective = s.cfg.min_pass_rate
        windows = {w: s.ring.window(secs // BUCKET_S) for w, secs in WINDOWS.items()}
        burns = {w: burn_rate(float(c[BAD]), float(c[TOTAL]), objective) for w, c in windows.items()}
        events = {w: int(c[TOTAL]) for w, c in windows.items()}
        bc = s.budget.window(s.cfg.period_days * 24)
        firing = firing_rules(burns, events, ALERT_RULES, s.cfg.min_cases)
        return {
            "windows": windows,
            "burn": burns,
            "events": events,
            "budget": budget_remaining(float(bc[BAD]), float(bc[TOTAL]), objective),
            "budget_cases": int(bc[TOTAL]),
            "firing": firing,
        }

    def evaluate(self, now: float | None = None) -> None:
        """Burn-rate gauges and alert transitions for every series (cheap: a few sums each)."""
        now = self.clock() if now is None else now
        for s in list(self.series.values()):
            j = self.judge(s, now)
            for w in WINDOWS:
                metrics.validation_burn_rate.labels(s.route, s.variant, w).set(j["burn"][w])
            active = {r.severity for r in j["firing"]}
            for sev in SEVERITIES:
                metrics.validation_alert.labels(s.route, s.variant, sev).set(1.0 if sev in active else 0.0)
            firing_now = {r.name for r in j["firing"]}
            for name in firing_now - set(s.alerts):
                s.alerts[name] = now
                self._announce(s, name, True, j["burn"])
            for name in set(s.alerts) - firing_now:
                del s.alerts[name]
                self._announce(s, name, False, j["burn"])

    def _announce(
        self, s: QualitySeries, name: str, firing: bool, burns: dict[str, float], reason: str = ""
    ) -> None:
        rule = next(r for r in ALERT_RULES if r.name == name)
        payload = {
            "type": "validation_burn_rate",
            "route": s.route,
            "variant": s.variant,
            "sli": "validation",
            "severity": rule.severity,
            "rule": rule.name,
            "state": "firing" if firing else "resolved",
            "windows": [rule.long, rule.short],
            "threshold": rule.threshold,
            "burn_rate": {rule.long: _r(burns.get(rule.long)), rule.short: _r(burns.get(rule.short))},
            "min_pass_rate": s.cfg.min_pass_rate,
            "at": round(self.clock(), 3),
        }
        if reason:
            payload["reason"] = reason
        self.on_alert(payload)

    def _clear(self, s: QualitySeries) -> None:
        for collector, extra in (
            (metrics.validation_burn_rate, WINDOWS),
            (metrics.validation_alert, SEVERITIES),
        ):
            for x in extra:
                with contextlib.suppress(KeyError):
                    collector.remove(s.route, s.variant, x)
        with contextlib.suppress(KeyError):
            metrics.validation_pass_ratio.remove(s.route, s.variant)

    def snapshot(self, now: float | None = None) -> dict[str, Any]:
        """Per route and variant: pass ratio per window, burn rates, budget, firing alerts."""
        now = self.clock() if now is None else now
        out: dict[str, list[dict[str, Any]]] = {r: [] for r in self.routes}
        for (route, variant), s in sorted(self.series.items()):
            j = self.judge(s, now)
            out.setdefault(route, []).append(
                {
                    "variant": variant,
                    "min_pass_rate": s.cfg.min_pass_rate,
                    "last_pass_ratio": _r(s.last_pass_ratio),
                    "windows": {
                        w: {
                            "cases": int(c[TOTAL]),
                            "failed": int(c[BAD]),
                            "pass_ratio": _r(1.0 - c[BAD] / c[TOTAL]) if c[TOTAL] else None,
                            "burn_rate": _r(j["burn"][w]),
                        }
                        for w, c in j["windows"].items()
                    },
                    "budget": {
                        "period_days": s.cfg.period_days,
                        "cases": j["budget_cases"],
                        "remaining": _r(j["budget"]),
                    },
                    "alerts": [
                        {
                            "severity": r.severity,
                            "rule": r.name,
                            "long_window": r.long,
                            "short_window": r.short,
                            "threshold": r.threshold,
                            "since": round(s.alerts.get(r.name, now), 3),
                        }
                        for r in j["firing"]
                    ],
                }
            )
        return out
