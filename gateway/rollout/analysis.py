"""The canary judge: pure statistics over baseline and canary samples (numpy).

Latency is judged the way Kayenta does it: a Mann-Whitney U test says whether the canary is
*significantly* slower (one-sided, normal approximation with tie correction), and an effect
size floor says whether the difference *matters* (the canary/baseline p95 ratio above the
gate). Only both together fail the gate: with many samples a 2% slowdown is significant but
harmless; with few samples a large p95 ratio may be noise. Error and block rates are judged
by their difference (canary minus baseline) against the gate. Every gate answers pass, fail
or hold (not enough samples yet), and the verdict is the worst of them: fail > hold > pass.

Samples come either as raw values (this replica's memory) or as histogram buckets (the
fleet-wide view read from Prometheus); the U test takes both as (values, weights), so binned
data is simply heavily tied data, which the tie correction handles exactly. The Prometheus
query building and answer parsing for the fleet view are gateway/rollout/prometheus.py.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gateway.outcome import UPSTREAM_ERRORS

PASS, FAIL, HOLD = "pass", "fail", "hold"
_SEVERITY = {PASS: 0, HOLD: 1, FAIL: 2}

# Outcomes of aigw_requests_total that count as the variant's errors / filter blocks.
ERROR_OUTCOMES = UPSTREAM_ERRORS  # a variant's errors: failures of its upstream (gateway/outcome.py)


# --- Mann-Whitney U --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MannWhitney:
    u: float  # U statistic of the second sample (canary): pairs where canary > baseline (+0.5 ties)
    z: float  # normal approximation with tie and continuity correction (positive: canary larger)
    p_greater: float  # one-sided p-value of "canary is stochastically larger"
    n_baseline: float
    n_canary: float

    @property
    def p_two_sided(self) -> float:
        return min(1.0, 2.0 * min(self.p_greater, 1.0 - self.p_greater))


def _norm_sf(z: float) -> float:
    return 0.5 * math.erfc(z / math.sqrt(2.0))


def mann_whitney(
    baseline: Sequence[float] | np.ndarray,
    canary: Sequence[float] | np.ndarray,
    baseline_weights: Sequence[float] | np.ndarray | None = None,
    canary_weights: Sequence[float] | np.ndarray | None = None,
) -> MannWhitney:
    """U test of canary vs baseline on (optionally weighted) samples.

    Weights are counts: a histogram bucket is its upper bound with the bucket's count as
    weight. Midranks of tied values and the tie term sum(t^3 - t) are computed per unique
    value, so 10^6 binned observations cost as much as their number of distinct values.
    """
    x = np.asarray(baseline, dtype=np.float64)
    y = np.asarray(canary, dtype=np.float64)
    wx = np.ones_like(x) if baseline_weights is None else np.asarray(baseline_weights, dtype=np.float64)
    wy = np.ones_like(y) if canary_weights is None else np.asarray(canary_weights, dtype=np.float64)
    n1, n2 = float(wx.sum()), float(wy.sum())
    if n1 <= 0 or n2 <= 0:
        return MannWhitney(0.0, 0.0, 0.5, n1, n2)
    values, inverse = np.unique(np.concatenate([x, y]), return_inverse=True)
    count_x = np.bincount(inverse[: len(x)], weights=wx, minlength=len(values))
    count_y = np.bincount(inverse[len(x) :], weights=wy, minlength=len(values))
    t = count_x + count_y
    upper = np.cumsum(t)
    midrank = upper - (t - 1.0) / 2.0
    r2 = float(np.dot(count_y, midrank))
    u2 = r2 - n2 * (n2 + 1.0) / 2.0
    n = n1 + n2
    tie = float(np.sum(t**3 - t))
    var = n1 * n2 / 12.0 * ((n + 1.0) - tie / (n * (n - 1.0))) if n > 1 else 0.0
    if var <= 0:  # every value tied: no evidence either way
        return MannWhitney(u2, 0.0, 0.5, n1, n2)
    diff = u2 - n1 * n2 / 2.0
    z = (diff - math.copysign(0.5, diff)) / math.sqrt(var) if diff != 0 else 0.0
    return MannWhitney(u2, z, _norm_sf(z), n1, n2)


# --- percentiles of raw or binned samples ----------------------------------------------------


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """Quantile of weighted raw samples (inverted CDF); nan when empty."""
    if values.size == 0 or weights.sum() <= 0:
        return float("nan")
    order = np.argsort(values, kind="stable")
    v, w = values[order], weights[order]
    cdf = np.cumsum(w)
    idx = int(np.searchsorted(cdf, q * cdf[-1], side="left"))
    return float(v[min(idx, v.size - 1)])


def histogram_quantile(upper_bounds: np.ndarray, counts: np.ndarray, q: float) -> float:
    """Prometheus' histogram_quantile on per-bucket (not cumulative) counts."""
    total = counts.sum()
    if total <= 0:
        return float("nan")
    cum = np.cumsum(counts)
    rank = q * total
    i = int(np.searchsorted(cum, rank, side="left"))
    i = min(i, len(counts) - 1)
    hi = upper_bounds[i]
    lo = upper_bounds[i - 1] if i > 0 else 0.0
    if math.isinf(hi):
        return float(lo)
    below = cum[i - 1] if i > 0 else 0.0
    inside = counts[i]
    return float(lo + (hi - lo) * ((rank - below) / inside if inside > 0 else 1.0))


# --- the samples the judge reads -------------------------------------------------------------


@dataclass(slots=True)
class Latency:
    """Latency samples as (values, weights); `binned` means values are bucket upper bounds."""

    values: np.ndarray
    weights: np.ndarray
    binned: bool = False

    @classmethod
    def raw(cls, samples: Sequence[float] | np.ndarray) -> Latency:
        v = np.asarray(samples, dtype=np.float64)
        return cls(v, np.ones_like(v))

    @property
    def n(self) -> float:
        return float(self.weights.sum())

    def quantile(self, q: float) -> float:
        if self.binned:
            return histogram_quantile(self.values, self.weights, q)
        return weighted_quantile(self.values, self.weights, q)

    def for_test(self) -> tuple[np.ndarray, np.ndarray]:
        """Values usable for ranking: the +Inf bucket ranks above every finite bound."""
        if self.binned and self.values.size and math.isinf(self.values[-1]):
            v = self.values.copy()
            finite = v[np.isfinite(v)]
            v[~np.isfinite(v)] = (finite.max() * 2.0 + 1.0) if finite.size else 1.0
            return v, self.weights
        return self.values, self.weights


@dataclass(slots=True)
class VariantSamples:
    requests: int = 0
    errors: int = 0
    blocks: int = 0
    model_mismatches: int = 0
    latency: Latency = field(default_factory=lambda: Latency.raw([]))


@dataclass(slots=True)
class JudgeInput:
    baseline: VariantSamples
    canary: VariantSamples
    shadow_compared: int = 0
    shadow_diverged: int = 0
    shadow_expected: int = 0  # comparisons needed before the divergence gate can judge


@dataclass(frozen=True, slots=True)
class GateResult:
    name: str
    verdict: str  # pass | fail | hold
    value: float | None
    threshold: float | None
    samples: Mapping[str, float]
    detail: str = ""
    cases: tuple[str, ...] = ()  # validation gates: the ids of the cases that failed it

    def public(self) -> dict[str, Any]:
        def r(x: float | None) -> float | None:
            return None if x is None or (isinstance(x, float) and math.isnan(x)) else round(x, 6)

        doc: dict[str, Any] = {
            "gate": self.name,
            "verdict": self.verdict,
            "value": r(self.value),
            "threshold": self.threshold,
            "samples": self.samples,
            "detail": self.detail,
        }
        if self.cases:
            doc["cases"] = list(self.cases)
        return doc


@dataclass(frozen=True, slots=True)
class Verdict:
    verdict: str
    gates: tuple[GateResult, ...]

    @property
    def reason(self) -> str:
        bad = [g for g in self.gates if g.verdict == self.verdict and self.verdict != PASS]
        if not bad:
            return "all gates pass"
        return "; ".join(f"{g.name}: {g.detail}" for g in bad)

    def public(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "reason": self.reason, "gates": [g.public() for g in self.gates]}


def combine(gates: Iterable[GateResult]) -> Verdict:
    gs = tuple(gates)
    worst = max((g.verdict for g in gs), key=_SEVERITY.__getitem__, default=PASS)
    return Verdict(worst, gs)


# --- the gates -------------------------------------------------------------------------------


def _counts(b: VariantSamples, c: VariantSamples) -> dict[str, float]:
    return {"baseline": b.requests, "canary": c.requests}


def rate_delta_gate(
    name: str, b_events: int, b_n: int, c_events: int, c_n: int, max_delta: float, min_requests: int
) -> GateResult:
    """Canary rate minus baseline rate against `max_delta`; hold below `min_requests` each."""
    samples = {"baseline": b_n, "canary": c_n}
    if b_n < min_requests or c_n < min_requests:
        return GateResult(name, HOLD, None, max_delta, samples, f"needs {min_requests} requests per variant")
    delta = c_events / c_n - b_events / b_n
    verdict = FAIL if delta > max_delta else PASS
    detail = f"canary {c_events}/{c_n} vs baseline {b_events}/{b_n}: delta {delta:+.4f} (max {max_delta})"
    return GateResult(name, verdict, delta, max_delta, samples, detail)


def latency_gate(
    baseline: Latency,
    canary: Latency,
    max_ratio: float,
    min_requests: int,
    alpha: float = 0.05,
    quantile: float = 0.95,
    min_delta_s: float = 0.0,
) -> GateResult:
    """Fail only when the canary is significantly slower (U test) AND its p95 ratio exceeds the gate
    AND the p95s differ by more than `min_delta_s`: on fast upstreams (loopback mocks, ~3 ms) a
    ratio and a p-value alone roll back a canary that is 2 ms slower, which no caller notices."""
    samples = {"baseline": round(baseline.n), "canary": round(canary.n)}
    if baseline.n < min_requests or canary.n < min_requests:
        return GateResult(
            "max_p95_latency_ratio", HOLD, None, max_ratio, samples, f"needs {min_requests} latency samples"
        )
    pb, pc = baseline.quantile(quantile), canary.quantile(quantile)
    ratio = pc / pb if pb > 0 else (1.0 if pc <= 0 else math.inf)
    xv, xw = baseline.for_test()
    yv, yw = canary.for_test()
    mw = mann_whitney(xv, yv, xw, yw)
    significant = mw.p_greater < alpha
    material = pc - pb > min_delta_s
    verdict = FAIL if significant and ratio > max_ratio and material else PASS
    detail = (
        f"p95 canary {pc * 1000:.1f}ms / baseline {pb * 1000:.1f}ms = {ratio:.3f} (max {max_ratio}); "
        f"Mann-Whitney p={mw.p_greater:.4g} ({'significant' if significant else 'not significant'})"
    )
    if min_delta_s > 0 and not material:
        detail += f"; difference {(pc - pb) * 1000:.1f}ms within the {min_delta_s * 1000:g}ms floor"
    return GateResult("max_p95_latency_ratio", verdict, ratio, max_ratio, samples, detail)


def shadow_gate(compared: int, diverged: int, expected: int, max_divergence: float) -> GateResult:
    """Share of shadow comparisons that diverged, against the gate; hold until `expected` exist."""
    samples = {"compared": compared}
    if compared < max(1, expected):
        return GateResult(
            "max_shadow_divergence",
            HOLD,
            None,
            max_divergence,
            samples,
            f"needs {max(1, expected)} comparisons",
        )
    share = diverged / compared
    verdict = FAIL if share > max_divergence else PASS
    detail = f"{diverged}/{compared} shadow answers diverged = {share:.3f} (max {max_divergence})"
    return GateResult("max_shadow_divergence", verdict, share, max_divergence, samples, detail)


def model_gate(
    canary_mismatches: int, baseline_mismatches: int, canary_requests: int = 0, baseline_requests: int = 0
) -> GateResult:
    """Any answer from the canary upstream with an unexpected model fails (no minimum sample).
    `samples` counts the answers judged, like every other gate; the mismatches are the value."""
    samples = {"baseline": baseline_requests, "canary": canary_requests}
    if canary_mismatches > 0:
        return GateResult(
            "model_mismatch",
            FAIL,
            float(canary_mismatches),
            0.0,
            samples,
            f"{canary_mismatches} canary answers carried an unexpected model "
            f"(baseline: {baseline_mismatches})",
        )
    return GateResult("model_mismatch", PASS, 0.0, 0.0, samples, "no unexpected model")


_JUDGED = frozenset({"pass", "fail", "error"})  # case verdicts of gateway/validation (not skipped)
_MAX_IDS = 20  # failing case ids named in a gate's detail (all are in `cases`)


def _ids(ids: Sequence[str]) -> str:
    shown = ", ".join(ids[:_MAX_IDS])
    return shown + (f" (+{len(ids) - _MAX_IDS} more)" if len(ids) > _MAX_IDS else "")


def validation_drop_gate(
    baseline: Mapping[str, str], canary: Mapping[str, str], max_drop: float
) -> GateResult:
    """Golden-set pass rate, baseline minus canary, on the cases both judged (paired).

    Pairing removes the set's own difficulty from the comparison: a case that fails on both
    variants says nothing about the canary. `cases` lists the regressions (pass on baseline,
    not on canary); hold until a paired run exists.
    """
    name = "max_validation_pass_rate_drop"
    common = [k for k, v in canary.items() if v in _JUDGED and baseline.get(k) in _JUDGED]
    n = len(common)
    if n == 0:
        return GateResult(name, HOLD, None, max_drop, {"cases": 0}, "waiting for a paired validation run")
    b_pass = sum(1 for k in common if baseline[k] == "pass")
    c_pass = sum(1 for k in common if canary[k] == "pass")
    drop = round((b_pass - c_pass) / n, 12)  # 19/20 vs 20/20 is a drop of exactly 0.05
    regressed = tuple(k for k in common if baseline[k] == "pass" and canary[k] != "pass")
    verdict = FAIL if drop > max_drop else PASS
    detail = (
        f"canary {c_pass}/{n} vs baseline {b_pass}/{n} on the same cases: drop {drop:+.3f} (max {max_drop})"
        + (f"; regressed: {_ids(regressed)}" if regressed else "")
    )
    return GateResult(name, verdict, drop, max_drop, {"cases": n}, detail, regressed)


def validation_first_step_gate(canary: Mapping[str, str] | None, min_pass_rate: float) -> GateResult:
    """A new canary's first step waits for one validation run on it at or above min_pass_rate."""
    name = "validation_before_first_step"
    if canary is None:
        return GateResult(
            name, HOLD, None, min_pass_rate, {"cases": 0}, "waiting for a validation run on the canary"
        )
    judged = [k for k, v in canary.items() if v in _JUDGED]
    if not judged:
        return GateResult(name, HOLD, None, min_pass_rate, {"cases": 0}, "the validation run judged no case")
    failing = tuple(k for k in judged if canary[k] != "pass")
    rate = (len(judged) - len(failing)) / len(judged)
    verdict = FAIL if rate < min_pass_rate else PASS
    detail = (
        f"canary passed {len(judged) - len(failing)}/{len(judged)} = {rate:.3f} (min {min_pass_rate})"
        + (f"; failing: {_ids(failing)}" if failing else "")
    )
    return GateResult(name, verdict, rate, min_pass_rate, {"cases": len(judged)}, detail, failing)


def judge(
    data: JudgeInput,
    *,
    min_requests: int,
    max_error_rate_delta: float | None,
    max_p95_latency_ratio: float | None,
    max_block_rate_delta: float | None,
    max_shadow_divergence: float | None,
    model_mismatch: bool,
    alpha: float = 0.05,
    min_p95_latency_delta_ms: float = 0.0,
) -> Verdict:
    """Run every configured gate (None disables one) and combine: fail > hold > pass."""
    b, c = data.baseline, data.canary
    gates: list[GateResult] = []
    if max_error_rate_delta is not None:
        gates.append(
            rate_delta_gate(
                "max_error_rate_delta",
                b.errors,
                b.requests,
                c.errors,
                c.requests,
                max_error_rate_delta,
                min_requests,
            )
        )
    if max_p95_latency_ratio is not None:
        gates.append(
            latency_gate(
                b.latency,
                c.latency,
                max_p95_latency_ratio,
                min_requests,
                alpha,
                min_delta_s=min_p95_latency_delta_ms / 1000.0,
            )
        )
    if max_block_rate_delta is not None:
        gates.append(
            rate_delta_gate(
                "max_block_rate_delta",
                b.blocks,
                b.requests,
                c.blocks,
                c.requests,
                max_block_rate_delta,
                min_requests,
            )
        )
    if max_shadow_divergence is not None:
        gates.append(
            shadow_gate(
                data.shadow_compared, data.shadow_diverged, data.shadow_expected, max_shadow_divergence
            )
        )
    if model_mismatch:
        gates.append(model_gate(c.model_mismatches, b.model_mismatches, c.requests, b.requests))
    return combine(gates)
