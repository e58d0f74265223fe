"""The SLO's data: how an exchange counts (good, bad, not an event), the storage layout of the
rolling windows, and one (route, variant) series with its rings, objectives and alert state.

The SloTracker (tracker.py) fills and reads these; the evaluator (evaluator.py) runs its
judgements. Split from tracker.py so each module owns one concept.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gateway import metrics
from gateway.outcome import CLIENT_OUTCOMES, GOOD_OUTCOMES, SERVER_FAILURES
from gateway.slo.burn import WINDOWS, AlertRule
from gateway.slo.config import SloConfig
from gateway.slo.window import BucketRing, LogBins

# --- event classification (the single source; slo_rules.py derives its regexes from it) ---
NOT_EVENT, GOOD, BAD = 0, 1, 2


def classify(outcome: str, status: int) -> int:
    """NOT_EVENT (client error: no budget), GOOD, or BAD (server-side failure)."""
    if outcome in SERVER_FAILURES:
        return BAD
    if outcome in CLIENT_OUTCOMES:
        return NOT_EVENT
    if status >= 500:  # a gateway 5xx under an outcome this table does not know yet
        return BAD
    if outcome in GOOD_OUTCOMES or status < 400:
        return GOOD
    return NOT_EVENT


# --- storage layout ---
FINE_S = 10  # count buckets: every window, exact to 10 s
HIST_FINE_S, HIST_FINE_N = 10, 360  # latency histograms for windows <= 1h
HIST_COARSE_S, HIST_COARSE_N = 600, 432  # latency histograms for 6h .. 3d
BUDGET_S, BUDGET_N = 3600, 90 * 24  # hourly, longest period_days
FINE_N = WINDOWS["3d"] // FINE_S
REQ, EV, BAD_A, LEV, BAD_L = range(5)  # columns of the count rings
LAT_BINS = LogBins(lo=0.001, ratio=1.25, k=56)  # 1 ms .. 265 s, +-12% per bin
NB = LAT_BINS.nbins
lat_bin = LAT_BINS.index  # a C call (see LogBins.index); runs twice per request
QUANTILES = (50.0, 90.0, 95.0, 99.0)
SLIS = ("availability", "latency")
MAX_VARIANTS = 4  # per route: bounded memory whatever ends up in ex.variant


@dataclass(frozen=True, slots=True)
class AlertChange:
    """An alert rule of one route, variant and SLI started or stopped firing."""

    route: str
    variant: str
    sli: str
    rule: AlertRule
    firing: bool
    at: float
    burn_long: float
    burn_short: float
    reason: str | None = None  # why it resolved without the burn dropping (route_removed)

    def payload(self) -> dict[str, Any]:
        extra = {"reason": self.reason} if self.reason else {}
        return extra | {
            "type": "slo_burn_rate",
            "route": self.route,
            "variant": self.variant,
            "sli": self.sli,
            "severity": self.rule.severity,
            "rule": self.rule.name,
            "state": "firing" if self.firing else "resolved",
            "windows": [self.rule.long, self.rule.short],
            "threshold": self.rule.threshold,
            "burn_rate": {self.rule.long: rounded(self.burn_long), self.rule.short: rounded(self.burn_short)},
            "at": round(self.at, 3),
        }


def rounded(x: float | None, nd: int = 4) -> float | None:
    if x is None or math.isnan(x):
        return None
    if math.isinf(x):
        return 1e9
    return round(float(x), nd)


class Series:
    """One (route, variant): its rings, its objectives, its alert state, its gauge handles."""

    __slots__ = (
        "alerts",
        "budget",
        "cfg",
        "fine",
        "first_seen",
        "gauges",
        "hist_coarse",
        "hist_fine",
        "lat_s",
        "prom_total",
        "prom_ttft",
        "route",
        "ttft_s",
        "variant",
    )

    def __init__(self, route: str, variant: str, cfg: SloConfig | None) -> None:
        self.route = route
        self.variant = variant
        self.fine = BucketRing(FINE_S, FINE_N, 5, np.int32)
        self.hist_fine = BucketRing(HIST_FINE_S, HIST_FINE_N, 2 * NB, np.int32)
        self.hist_coarse = BucketRing(HIST_COARSE_S, HIST_COARSE_N, 2 * NB, np.int32)
        self.budget = BucketRing(BUDGET_S, BUDGET_N, 5, np.int64)
        self.first_seen: float | None = None
        self.alerts: dict[tuple[str, str], float] = {}  # (rule name, sli) -> firing since
        self.gauges: dict[str, Any] = {}
        self.prom_total = metrics.child(metrics.slo_latency, route, variant, "total")
        self.prom_ttft = metrics.child(metrics.slo_latency, route, variant, "ttft")
        self.cfg: SloConfig | None = None
        self.lat_s: float | None = None
        self.ttft_s: float | None = None
        self.set_config(cfg)

    def set_config(self, cfg: SloConfig | None) -> None:
        self.cfg = cfg
        self.lat_s = cfg.latency_ms / 1000.0 if cfg and cfg.latency_ms is not None else None
        self.ttft_s = cfg.ttft_ms / 1000.0 if cfg and cfg.ttft_ms is not None else None

    @property
    def nbytes(self) -> int:
        return sum(r.nbytes for r in (self.fine, self.hist_fine, self.hist_coarse, self.budget))


@dataclass(slots=True)
class Judgement:
    """What one evaluation found for one series (also the body of the gauges)."""

    windows: dict[str, np.ndarray]  # window -> counts [REQ, EV, BAD_A, LEV, BAD_L]
    burn: dict[str, dict[str, float]]  # sli -> window -> burn rate
    budget: dict[str, float]  # sli -> remaining fraction
    budget_counts: np.ndarray
    firing: tuple[tuple[AlertRule, str], ...] = field(default_factory=tuple)

    def max_burn(self, window: str) -> float:
        return max((b[window] for b in self.burn.values()), default=0.0)

    @property
    def remaining(self) -> float | None:
        return min(self.budget.values()) if self.budget else None
