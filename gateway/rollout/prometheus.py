"""The judge's fleet view from Prometheus (`rollouts.analysis_source: prometheus`): the PromQL
for one route's evidence window, the URL of an instant query, and turning the answers into
the judge's input. Pure functions (the judge loop in gateway/rollout/judge.py does the HTTP).

Every query sums over replicas, so a fleet behind one Prometheus is judged as one: latency
comes as histogram buckets, which gateway/rollout/analysis.py judges as heavily tied samples.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import numpy as np

from gateway.outcome import BLOCK_OUTCOMES
from gateway.rollout.analysis import ERROR_OUTCOMES, JudgeInput, Latency, VariantSamples


def _sel(route: str, extra: str = "") -> str:
    esc = route.replace("\\", "\\\\").replace('"', '\\"')
    return "{" + f'route="{esc}"' + (f",{extra}" if extra else "") + "}"


def prometheus_queries(route: str, window_s: float) -> dict[str, str]:
    """The PromQL the fleet judge needs for one route over the last `window_s` seconds.

    Every query sums over replicas (instance/pod labels disappear in `sum by`), so the
    judge sees the fleet: requests by variant and outcome, latency buckets by variant,
    shadow results, and model mismatches by upstream.
    """
    w = f"{max(1, math.ceil(window_s))}s"
    return {
        "requests": f"sum by (variant, outcome) (increase(aigw_requests_total{_sel(route)}[{w}]))",
        "latency": (
            f"sum by (variant, le) (increase(aigw_request_duration_seconds_bucket{_sel(route)}[{w}]))"
        ),
        "shadow": f"sum by (result) (increase(aigw_shadow_requests_total{_sel(route)}[{w}]))",
        "mismatch": f"sum by (upstream) (increase(aigw_model_mismatch_total{_sel(route)}[{w}]))",
    }


def prometheus_query_url(base_url: str, query: str, at: float | None = None) -> str:
    """GET URL of an instant query against Prometheus' HTTP API (/api/v1/query)."""
    params = {"query": query}
    if at is not None:
        params["time"] = f"{at:.3f}"
    return base_url.rstrip("/") + "/api/v1/query?" + urlencode(params)


class PrometheusError(ValueError):
    """The answer was not a successful instant-vector result."""


def parse_vector(answer: Mapping[str, Any]) -> list[tuple[dict[str, str], float]]:
    """(labels, value) pairs of an instant-vector answer; raises PrometheusError otherwise."""
    if not isinstance(answer, Mapping) or answer.get("status") != "success":
        err = answer.get("error") if isinstance(answer, Mapping) else None
        raise PrometheusError(f"query failed: {err or 'not a success answer'}")
    data = answer.get("data")
    if not isinstance(data, Mapping) or data.get("resultType") != "vector":
        raise PrometheusError("expected resultType vector")
    out: list[tuple[dict[str, str], float]] = []
    for item in data.get("result") or []:
        try:
            labels = dict(item["metric"])
            value = float(item["value"][1])
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise PrometheusError(f"malformed sample: {item!r}") from exc
        if math.isnan(value):
            continue
        out.append((labels, value))
    return out


def _le(value: str) -> float:
    return math.inf if value in ("+Inf", "Inf", "inf") else float(value)


def samples_from_prometheus(
    answers: Mapping[str, Mapping[str, Any]], canary_upstream: str, shadow_expected: int = 0
) -> JudgeInput:
    """Turn the answers to `prometheus_queries` into the judge's input.

    Counters give rates (increase() extrapolates, so counts are rounded); cumulative `le`
    buckets become per-bucket counts (weights) at their upper bounds.
    """
    variants = {"baseline": VariantSamples(), "canary": VariantSamples()}
    for labels, value in parse_vector(answers["requests"]):
        v = variants.get(labels.get("variant", ""))
        if v is None:
            continue
        n = round(value)
        v.requests += n
        outcome = labels.get("outcome", "")
        if outcome in ERROR_OUTCOMES:
            v.errors += n
        elif outcome in BLOCK_OUTCOMES:
            v.blocks += n
    buckets: dict[str, dict[float, float]] = {"baseline": {}, "canary": {}}
    for labels, value in parse_vector(answers["latency"]):
        b = buckets.get(labels.get("variant", ""))
        if b is None or "le" not in labels:
            continue
        le = _le(labels["le"])
        b[le] = b.get(le, 0.0) + value
    for name, cum in buckets.items():
        if not cum:
            continue
        bounds = np.array(sorted(cum), dtype=np.float64)
        cumulative = np.maximum.accumulate(np.array([cum[b] for b in bounds], dtype=np.float64))
        counts = np.diff(cumulative, prepend=0.0)
        variants[name].latency = Latency(bounds, np.round(counts), binned=True)
    compared = diverged = 0
    for labels, value in parse_vector(answers["shadow"]):
        result = labels.get("result", "")
        if result in ("match", "diverged"):
            compared += round(value)
            if result == "diverged":
                diverged += round(value)
    for labels, value in parse_vector(answers["mismatch"]):
        if labels.get("upstream") == canary_upstream:
            variants["canary"].model_mismatches += round(value)
        else:
            variants["baseline"].model_mismatches += round(value)
    return JudgeInput(variants["baseline"], variants["canary"], compared, diverged, shadow_expected)
