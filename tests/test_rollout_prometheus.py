"""The judge's fleet view (gateway/rollout/prometheus.py): the PromQL, the query URL, and the
judge's input from recorded Prometheus answers (tests/fixtures/prometheus)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from gateway.rollout import analysis, prometheus
from gateway.rollout.analysis import FAIL, PASS

FIXTURES = Path(__file__).parent / "fixtures" / "prometheus"


def load(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def test_prometheus_queries_and_url():
    q = prometheus.prometheus_queries('chat"x', 299.2)
    assert q["requests"] == (
        'sum by (variant, outcome) (increase(aigw_requests_total{route="chat\\"x"}[300s]))'
    )
    assert q["latency"].startswith("sum by (variant, le) (increase(aigw_request_duration_seconds_bucket{")
    assert "aigw_shadow_requests_total" in q["shadow"] and "aigw_model_mismatch_total" in q["mismatch"]
    url = prometheus.prometheus_query_url("http://prom:9090/", q["requests"], at=1732723200.5)
    parsed = urlparse(url)
    assert parsed.path == "/api/v1/query"
    assert parse_qs(parsed.query) == {"query": [q["requests"]], "time": ["1732723200.500"]}


def test_parse_vector_rejects_errors_and_matrices():
    with pytest.raises(prometheus.PrometheusError, match="parse error"):
        prometheus.parse_vector(load("error_bad_data"))
    with pytest.raises(prometheus.PrometheusError, match="vector"):
        prometheus.parse_vector(load("matrix"))
    rows = prometheus.parse_vector(load("requests"))
    assert ({"outcome": "success", "variant": "canary"}, pytest.approx(490.0)) in rows


def answers(latency: str, mismatch: str = "mismatch_none") -> dict:
    return {
        "requests": load("requests"),
        "latency": load(latency),
        "shadow": load("shadow"),
        "mismatch": load(mismatch),
    }


def test_samples_from_prometheus():
    data = prometheus.samples_from_prometheus(answers("latency_same"), "llama-v2", shadow_expected=25)
    b, c = data.baseline, data.canary
    assert (b.requests, b.errors, b.blocks) == (9512, 19, 79)
    assert (c.requests, c.errors, c.blocks) == (495, 1, 4)
    assert b.latency.binned and b.latency.n == 9512 and c.latency.n == 502
    assert (data.shadow_compared, data.shadow_diverged) == (50, 3)
    assert b.latency.quantile(0.5) == pytest.approx(0.25 + 0.25 * (4756 - 4310) / 4200)


def judge_fleet(data: analysis.JudgeInput) -> analysis.Verdict:
    return analysis.judge(
        data,
        min_requests=200,
        max_error_rate_delta=0.01,
        max_p95_latency_ratio=1.25,
        max_block_rate_delta=0.02,
        max_shadow_divergence=0.1,
        model_mismatch=True,
    )


def test_fleet_judge_on_recorded_answers():
    same = judge_fleet(prometheus.samples_from_prometheus(answers("latency_same"), "llama-v2", 25))
    assert same.verdict == PASS, same.reason
    slow = judge_fleet(prometheus.samples_from_prometheus(answers("latency_slow"), "llama-v2", 25))
    assert slow.verdict == FAIL and slow.reason.startswith("max_p95_latency_ratio")
    swapped = prometheus.samples_from_prometheus(answers("latency_same", "mismatch_canary"), "llama-v2", 25)
    assert swapped.canary.model_mismatches == 6
    assert judge_fleet(swapped).verdict == FAIL
