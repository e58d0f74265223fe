"""PSI (gateway/slo/psi.py) on known distributions: identical, hand-computed, shifted normals
against theory, empty bins, smoothing, levels."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gateway.slo.psi import psi, psi_level


def test_psi_identical_is_zero_and_scale_free() -> None:
    assert psi([10, 20, 30], [10, 20, 30]) == 0.0
    assert psi([1, 2, 3], [100, 200, 300]) == pytest.approx(0.0, abs=1e-12)


def test_psi_hand_computed() -> None:
    # expected 50/50, actual 80/20: (0.8-0.5)ln(1.6) + (0.2-0.5)ln(0.4)
    want = 0.3 * math.log(1.6) + (-0.3) * math.log(0.4)
    assert psi([50, 50], [80, 20]) == pytest.approx(want)
    assert psi([50, 50], [80, 20]) == pytest.approx(psi([80, 20], [50, 50]))  # symmetric


def test_psi_of_shifted_normals_matches_theory() -> None:
    # For N(0,1) against N(mu,1) with fine bins PSI -> symmetric KL = mu^2.
    edges = np.linspace(-6, 7, 261)
    from math import erf, sqrt

    def cdf(x: np.ndarray, mu: float) -> np.ndarray:
        return np.array([0.5 * (1 + erf((v - mu) / sqrt(2))) for v in x])

    e = np.diff(cdf(edges, 0.0)) * 1e6
    a = np.diff(cdf(edges, 0.5)) * 1e6
    assert psi(e, a) == pytest.approx(0.25, rel=0.02)
    a2 = np.diff(cdf(edges, 0.1)) * 1e6
    assert psi(e, a2) == pytest.approx(0.01, rel=0.05)


def test_psi_empty_bins_and_errors() -> None:
    v = psi([100, 0], [50, 50])  # a bin that appears: large but finite
    assert 2 < v < 5
    # additive smoothing: an empty bin in a small window is weak evidence
    assert psi([94, 6], [100, 0]) > 0.25 > psi([94, 6], [100, 0], pseudo_count=0.5) > 0.01
    assert psi([10, 20], [10, 20], pseudo_count=0.5) == pytest.approx(0.0)
    assert math.isnan(psi([0, 0], [1, 2]))
    with pytest.raises(ValueError):
        psi([1, 2], [1, 2, 3])
    assert psi_level(0.05, 0.1, 0.25) == "ok"
    assert psi_level(0.2, 0.1, 0.25) == "warn"
    assert psi_level(0.3, 0.1, 0.25) == "alert"
    assert psi_level(math.nan, 0.1, 0.25) == "insufficient_data"
