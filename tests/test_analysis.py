"""The canary judge's pure functions on synthetic samples (the recorded Prometheus answers:
test_rollout_prometheus.py)."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import pytest

from gateway.rollout import analysis
from gateway.rollout.analysis import FAIL, HOLD, PASS, Latency

FIXTURES = Path(__file__).parent / "fixtures" / "prometheus"


def brute_force(x: list[float], y: list[float]) -> tuple[float, float]:
    """U of y (pairs y > x, ties half) and the tie-corrected z, by definition, in plain Python."""
    u = sum(1.0 if b > a else 0.5 if b == a else 0.0 for a, b in itertools.product(x, y))
    n1, n2 = len(x), len(y)
    n = n1 + n2
    counts: dict[float, int] = {}
    for v in x + y:
        counts[v] = counts.get(v, 0) + 1
    tie = sum(t**3 - t for t in counts.values())
    sd = math.sqrt(n1 * n2 / 12 * ((n + 1) - tie / (n * (n - 1))))
    diff = u - n1 * n2 / 2
    z = (diff - math.copysign(0.5, diff)) / sd if diff else 0.0
    return u, z


@pytest.mark.parametrize("seed", range(5))
def test_mann_whitney_matches_the_definition_with_ties(seed):
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 12, size=40).astype(float).tolist()  # small integers: many ties
    y = (rng.integers(0, 12, size=33) + seed % 3).astype(float).tolist()
    mw = analysis.mann_whitney(x, y)
    u, z = brute_force(x, y)
    assert mw.u == pytest.approx(u)
    assert mw.z == pytest.approx(z)
    assert mw.p_greater == pytest.approx(0.5 * math.erfc(z / math.sqrt(2)))


def test_mann_whitney_weighted_equals_expanded():
    values = [0.1, 0.25, 0.5, 1.0]
    wb, wc = [5, 20, 7, 1], [1, 6, 12, 4]
    expanded_b = [v for v, w in zip(values, wb, strict=True) for _ in range(w)]
    expanded_c = [v for v, w in zip(values, wc, strict=True) for _ in range(w)]
    a = analysis.mann_whitney(values, values, wb, wc)
    b = analysis.mann_whitney(expanded_b, expanded_c)
    assert (a.u, a.z, a.p_greater) == pytest.approx((b.u, b.z, b.p_greater))
    assert a.p_greater < 0.01  # the canary's mass sits in the higher buckets


def test_mann_whitney_degenerate_inputs():
    assert analysis.mann_whitney([], [1.0]).p_greater == 0.5
    assert analysis.mann_whitney([1.0, 1.0], [1.0, 1.0]).p_greater == 0.5  # all tied: no evidence


def lognormal(seed: int, n: int, scale: float = 1.0) -> np.ndarray:
    return np.random.default_rng(seed).lognormal(mean=-2.0, sigma=0.5, size=n) * scale


def test_equal_distributions_pass():
    fails = 0
    for seed in range(40):
        g = analysis.latency_gate(
            Latency.raw(lognormal(seed, 300)), Latency.raw(lognormal(1000 + seed, 300)), 1.25, 100
        )
        assert g.verdict in (PASS, FAIL)
        fails += g.verdict == FAIL
    assert fails <= 1  # significance AND the effect floor: false alarms are rare


def test_one_and_a_half_times_slower_fails():
    g = analysis.latency_gate(
        Latency.raw(lognormal(1, 300)), Latency.raw(lognormal(2, 300, scale=1.5)), 1.25, 100
    )
    assert g.verdict == FAIL
    assert g.value == pytest.approx(1.5, rel=0.2)
    assert "significant" in g.detail


def test_too_few_samples_hold():
    g = analysis.latency_gate(Latency.raw(lognormal(1, 300)), Latency.raw(lognormal(2, 20, 3.0)), 1.25, 100)
    assert g.verdict == HOLD and g.value is None
    assert g.samples == {"baseline": 300, "canary": 20}


def test_significant_but_small_difference_passes_the_effect_floor():
    g = analysis.latency_gate(
        Latency.raw(lognormal(1, 20000)), Latency.raw(lognormal(2, 20000, scale=1.05)), 1.25, 100
    )
    assert "significant" in g.detail and "not significant" not in g.detail
    assert g.verdict == PASS


def test_large_p95_ratio_without_significance_passes():
    """A few slow outliers move the canary's p95 a lot but not the distribution: not a fail."""
    base = lognormal(1, 200)
    canary = lognormal(2, 200)
    canary[np.argsort(canary)[-12:]] *= 10  # the slowest 6% ten times slower
    g = analysis.latency_gate(Latency.raw(base), Latency.raw(canary), 1.25, 100)
    assert g.value is not None and g.value > 1.25
    assert g.verdict == PASS and "not significant" in g.detail


def test_rate_delta_gate():
    g = analysis.rate_delta_gate("max_error_rate_delta", 2, 1000, 50, 100, 0.01, 50)
    assert g.verdict == FAIL and g.value == pytest.approx(0.498)
    g = analysis.rate_delta_gate("max_error_rate_delta", 2, 1000, 1, 200, 0.01, 50)
    assert g.verdict == PASS
    g = analysis.rate_delta_gate("max_error_rate_delta", 2, 1000, 1, 20, 0.01, 50)
    assert g.verdict == HOLD


def test_judge_combines_fail_over_hold_over_pass():
    b = analysis.VariantSamples(1000, 5, 10, 0, Latency.raw(lognormal(1, 1000)))
    c = analysis.VariantSamples(30, 0, 0, 0, Latency.raw(lognormal(2, 30)))
    kw = dict(
        min_requests=100,
        max_error_rate_delta=0.01,
        max_p95_latency_ratio=1.25,
        max_block_rate_delta=0.02,
        max_shadow_divergence=None,
        model_mismatch=True,
    )
    v = analysis.judge(analysis.JudgeInput(b, c), **kw)
    assert v.verdict == HOLD and "needs 100" in v.reason
    c.model_mismatches = 1
    v = analysis.judge(analysis.JudgeInput(b, c), **kw)
    assert v.verdict == FAIL and v.reason.startswith("model_mismatch")
    c = analysis.VariantSamples(1000, 4, 11, 0, Latency.raw(lognormal(2, 1000)))
    v = analysis.judge(analysis.JudgeInput(b, c), **kw)
    assert v.verdict == PASS and v.reason == "all gates pass"
    assert [g["gate"] for g in v.public()["gates"]] == [
        "max_error_rate_delta",
        "max_p95_latency_ratio",
        "max_block_rate_delta",
        "model_mismatch",
    ]


def test_shadow_gate():
    assert analysis.shadow_gate(3, 1, 10, 0.2).verdict == HOLD
    assert analysis.shadow_gate(20, 2, 10, 0.2).verdict == PASS
    g = analysis.shadow_gate(20, 8, 10, 0.2)
    assert g.verdict == FAIL and g.value == pytest.approx(0.4)


def test_histogram_quantile_like_prometheus():
    bounds = np.array([0.1, 0.25, 0.5, math.inf])
    counts = np.array([50.0, 30.0, 20.0, 0.0])
    assert analysis.histogram_quantile(bounds, counts, 0.5) == pytest.approx(0.1)
    assert analysis.histogram_quantile(bounds, counts, 0.95) == pytest.approx(0.25 + 0.25 * 15 / 20)
    counts = np.array([0.0, 0.0, 90.0, 10.0])
    assert analysis.histogram_quantile(bounds, counts, 0.99) == 0.5  # in +Inf: the last finite bound


def test_latency_gate_floor_keeps_a_canary_two_ms_slower_on_loopback():
    """The case of issue 22: loopback mocks, p95 5.8 vs 3.6 ms, significant and a 1.6x ratio.
    Without a floor the judge rolls back; with the 5 ms default it passes; 20 ms slower fails."""
    rng = np.random.default_rng(7)
    base = rng.normal(0.0030, 0.0004, 400).clip(0.001)
    slower = base + 0.0022
    g = analysis.latency_gate(Latency.raw(base), Latency.raw(slower), 1.25, 100)
    assert g.verdict == FAIL  # ratio and test alone
    g = analysis.latency_gate(Latency.raw(base), Latency.raw(slower), 1.25, 100, min_delta_s=0.005)
    assert g.verdict == PASS and "within the 5ms floor" in g.detail and g.value > 1.25
    much = base + 0.020
    g = analysis.latency_gate(Latency.raw(base), Latency.raw(much), 1.25, 100, min_delta_s=0.005)
    assert g.verdict == FAIL
    # through judge() with the config's default
    from gateway.rollout.config import GatesConfig

    floor = GatesConfig().min_p95_latency_delta_ms
    assert floor == 5.0
    data = analysis.JudgeInput(
        analysis.VariantSamples(400, 0, 0, 0, Latency.raw(base)),
        analysis.VariantSamples(400, 0, 0, 0, Latency.raw(slower)),
    )
    common = dict(
        min_requests=100,
        max_error_rate_delta=None,
        max_p95_latency_ratio=1.25,
        max_block_rate_delta=None,
        max_shadow_divergence=None,
        model_mismatch=True,
    )
    assert analysis.judge(data, **common).verdict == FAIL
    verdict = analysis.judge(data, **common, min_p95_latency_delta_ms=floor)
    assert verdict.verdict == PASS
    model = next(g for g in verdict.gates if g.name == "model_mismatch")
    assert model.samples == {"baseline": 400, "canary": 400}  # answers judged, not mismatches
