"""SLO tracking: the pure math, the ring buffers, alert timing on synthetic streams, end to end."""

from __future__ import annotations

import asyncio
import math

import numpy as np
import orjson
import pytest
from factories import make_exchange
from harness import running_gateway
from prometheus_client import REGISTRY

from gateway.config import parse_config
from gateway.exchange import Exchange
from gateway.slo.admin import cli_status, render_status
from gateway.slo.burn import (
    ALERT_RULES,
    WINDOWS,
    budget_remaining,
    burn_rate,
    exhaustion_hours,
    firing_rules,
)
from gateway.slo.config import SloConfig
from gateway.slo.evaluator import audit_alert
from gateway.slo.series import BAD, GOOD, NOT_EVENT, classify
from gateway.slo.tracker import SloTracker
from gateway.slo.window import BucketRing, LogBins, histogram_quantile


class Clock:
    def __init__(self, t: float = 1_700_000_000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


def make_ex(
    route: str = "chat",
    variant: str = "baseline",
    latency: float = 0.05,
    stream: bool = False,
    ttfb: float | None = None,
) -> Exchange:
    ex = make_exchange(route=route, variant=variant, stream=stream, latency_s=latency)
    if ttfb is not None:
        ex.timings["ttfb"] = ttfb
    return ex


def config(slo: dict | None = None, extra_routes: tuple[str, ...] = ()) -> object:
    routes = [{"name": "chat", "match": {"path": "/v1/chat/completions"}, "upstream": "u"}]
    if slo is not None:
        routes[0]["slo"] = slo
    routes += [{"name": n, "match": {"path": f"/{n}"}, "upstream": "u"} for n in extra_routes]
    return parse_config({"version": 1, "upstreams": {"u": {"url": "http://127.0.0.1:1"}}, "routes": routes})


# --- classification ---
@pytest.mark.parametrize(
    "outcome,status,expected",
    [
        ("success", 200, GOOD),
        ("upstream_5xx", 500, BAD),
        ("upstream_5xx", 529, BAD),
        ("timeout", 504, BAD),
        ("unreachable", 502, BAD),
        ("filter_failure", 503, BAD),
        ("draining", 503, BAD),
        ("upstream_4xx", 404, NOT_EVENT),
        ("blocked", 400, NOT_EVENT),
        ("rate_limited", 429, NOT_EVENT),
        ("denied", 403, NOT_EVENT),
        ("unauthenticated", 401, NOT_EVENT),
        ("too_large", 413, NOT_EVENT),
        ("client_closed", 499, NOT_EVENT),
        ("some_new_outcome", 503, BAD),  # a gateway 5xx under an outcome we do not know yet
        ("some_new_outcome", 200, GOOD),
    ],
)
def test_classify(outcome: str, status: int, expected: int) -> None:
    assert classify(outcome, status) == expected


# --- pure math ---
def test_burn_rate_and_budget() -> None:
    assert burn_rate(0, 0, 0.999) == 0.0
    assert burn_rate(1, 1000, 0.999) == pytest.approx(1.0)
    assert burn_rate(144, 10_000, 0.999) == pytest.approx(14.4)
    assert burn_rate(5, 100, 0.99) == pytest.approx(5.0)
    assert budget_remaining(0, 0, 0.999) == 1.0
    assert budget_remaining(1, 2000, 0.999) == pytest.approx(0.5)
    assert budget_remaining(3, 1000, 0.999) == pytest.approx(-2.0)
    assert exhaustion_hours(0.5, 1.0, 30) == pytest.approx(360.0)
    assert exhaustion_hours(1.0, 14.4, 30) == pytest.approx(50.0)
    assert exhaustion_hours(0.5, 0.0, 30) is None
    assert exhaustion_hours(-0.1, 2.0, 30) == 0.0


def test_firing_rules_needs_both_windows_and_min_events() -> None:
    burns = {"5m": 20.0, "30m": 3.0, "1h": 15.0, "6h": 2.0, "1d": 1.0, "3d": 0.5}
    events = dict.fromkeys(WINDOWS, 1000)
    assert [r.name for r in firing_rules(burns, events)] == ["page_fast"]
    assert firing_rules({**burns, "5m": 14.4}, events) == ()  # strictly greater
    assert firing_rules(burns, {**events, "1h": 5}, min_events=10) == ()
    slow = {"5m": 7.0, "30m": 7.0, "1h": 7.0, "6h": 7.0, "1d": 7.0, "3d": 7.0}
    assert [r.name for r in firing_rules(slow, events)] == ["page_slow", "ticket"]


# --- ring buffer and histograms ---
def test_ring_windows_roll_and_wrap() -> None:
    r = BucketRing(10, 6, 2)
    r.add(100, 0)
    r.add(100, 1, 3)
    r.add(101, 0)
    r.sync(101)
    assert r.window(1).tolist() == [1, 0]
    assert r.window(2).tolist() == [2, 3]
    r.add(104, 0, 5)  # a gap of two empty buckets
    r.sync(104)
    assert r.window(3).tolist() == [5, 0]
    assert r.window(5).tolist() == [7, 3]
    r.add(107, 0)  # wraps around the 6-row ring: buckets 100 and 101 fall out
    r.sync(107)
    assert r.window(6).tolist() == [6, 0]
    r.add(105, 1)  # late but still inside the ring
    r.sync(107)
    assert r.window(3).tolist() == [1, 1]
    r.add(50, 0)  # far too old: dropped
    r.sync(200)  # a gap longer than the ring clears everything
    assert r.window(6).tolist() == [0, 0]
    assert r.span(1, 2).tolist() == [0, 0]


def test_ring_span_is_the_window_before() -> None:
    r = BucketRing(1, 10, 1)
    for b in range(20, 30):
        r.add(b, 0, b)
    r.sync(29)
    assert r.window(3).tolist() == [27 + 28 + 29]
    assert r.span(3, 4).tolist() == [23 + 24 + 25 + 26]


def test_log_bins_and_quantiles() -> None:
    bins = LogBins(lo=0.001, ratio=1.25, k=56)
    assert bins.index(0.0) == 0
    assert bins.index(0.001) == 1
    assert bins.index(1e9) == bins.nbins - 1
    for x in (0.0012, 0.05, 0.7, 3.3, 100.0, *bins.edges):  # the edges themselves too
        lo, hi = bins.bounds(bins.index(x))
        assert lo <= x < hi
    assert bins.index(math.inf) == bins.index(math.nan) == bins.nbins - 1
    assert bins.index(-1.0) == 0
    rng = np.random.default_rng(7)
    samples = rng.lognormal(mean=math.log(0.2), sigma=0.8, size=20_000)
    counts = np.zeros(bins.nbins, dtype=np.int64)
    for s in samples:
        counts[bins.index(float(s))] += 1
    for q in (0.5, 0.9, 0.99):
        exact = float(np.quantile(samples, q))
        est = histogram_quantile(counts, bins, q)
        assert est is not None and abs(est / exact - 1) < 0.13  # within one bin width
    assert histogram_quantile(np.zeros(5), bins, 0.5) is None


# --- alert timing on synthetic streams with a frozen clock ---
class Reference:
    """Naive burn rates from the raw event list (same 10 s bucket alignment as the ring)."""

    def __init__(self, objective: float) -> None:
        self.events: list[tuple[int, bool]] = []
        self.objective = objective
        self.firing: set[str] = set()

    def add(self, t: float, bad: bool) -> None:
        self.events.append((int(t // 10), bad))

    def evaluate(self, t: float) -> list[tuple[str, bool]]:
        b = int(t // 10)
        burns, counts = {}, {}
        for w, secs in WINDOWS.items():
            k = secs // 10
            sel = [bad for (eb, bad) in self.events if b - k < eb <= b]
            counts[w] = len(sel)
            burns[w] = burn_rate(sum(sel), len(sel), self.objective)
        now = {r.name for r in firing_rules(burns, counts, ALERT_RULES, 10)}
        out = [(n, True) for n in sorted(now - self.firing)] + [(n, False) for n in sorted(self.firing - now)]
        self.firing = now
        return out


def drive(availability: float, step: int, per_step: int, phases: list[tuple[int, int]], eval_every: int = 1):
    """phases: (steps, bad events per step). Returns the tracker's and the reference's transitions."""
    clock = Clock(1_700_000_000.0 - 1_700_000_000.0 % 3600)
    tracker = SloTracker(clock)
    tracker.configure(config({"availability": availability, "min_events": 10}))
    ref = Reference(availability / 100)
    ok, fail = make_ex(), make_ex()
    got, want = [], []
    i = 0
    for steps, nbad in phases:
        for _ in range(steps):
            for j in range(per_step):
                bad = j < nbad
                tracker.observe(
                    fail if bad else ok, "upstream_5xx" if bad else "success", 500 if bad else 200
                )
                ref.add(clock.t, bad)
            if i % eval_every == 0:
                got += [(i, c.rule.name, c.firing) for c in tracker.evaluate(clock.t)]
                want += [(i, name, firing) for name, firing in ref.evaluate(clock.t)]
            clock.t += step
            i += 1
    return got, want, tracker


def test_page_fast_fires_after_43_minutes_and_clears_2_minutes_after_recovery() -> None:
    # availability 99: 2 of 10 bad = burn 20. 1h burn after m+1 bad minutes = (m+1)/3 > 14.4.
    # (With only two hours of history the 6h and 3d windows see mostly the incident, so the
    # other rules fire too: compared with the naive reference, asserted by time below.)
    got, want, _ = drive(99.0, 60, 10, [(120, 0), (60, 2), (30, 0)])
    assert got == want
    # The short window forgets first: 5m burn 4*(5-j) drops under 14.4 two minutes after the
    # last bad minute, while the 1h window still burns at 20.
    assert [(i, f) for i, n, f in got if n == "page_fast"] == [(120 + 43, True), (120 + 59 + 2, False)]


def test_page_slow_fires_after_3_6_hours_without_page_fast() -> None:
    # 1 of 10 bad = burn 10: never 14.4, so only the 6h/30m pair; 6h burn = (m+1)/36 > 6.
    got, want, _ = drive(99.0, 60, 10, [(360, 0), (240, 1), (20, 0)])
    assert got == want
    assert [(i, n, f) for i, n, f in got if n != "ticket"] == [
        (360 + 216, "page_slow", True),
        (360 + 239 + 12, "page_slow", False),  # 30m burn 10*(30-j)/30 <= 6 at j = 12
    ]


def test_ticket_fires_after_36_hours_and_clears_on_the_6h_window() -> None:
    # availability 90, 5-minute steps: 2 of 10 bad = burn 2; 3d burn = 2*(m+1)/864 > 1 at m = 432.
    got, want, tracker = drive(90.0, 300, 10, [(864, 0), (576, 2), (40, 0)], eval_every=1)
    assert got == want
    assert [(i, n, f) for i, n, f in got] == [
        (864 + 432, "ticket", True),
        (864 + 575 + 36, "ticket", False),  # 6h burn 2*(72-j)/72 <= 1 at j = 36
    ]
    snap = tracker.snapshot()
    v = snap["routes"][0]["variants"][0]
    assert v["windows"]["3d"]["burn_rate"]["availability"] > 1  # the long window still remembers


def test_latency_sli_and_ttft_for_streams() -> None:
    clock = Clock()
    tracker = SloTracker(clock)
    tracker.configure(config({"latency_ms": 200, "ttft_ms": 50, "percentile": 90, "availability": 99.9}))
    for _ in range(80):
        tracker.observe(make_ex(latency=0.05), "success", 200)
    for _ in range(10):
        tracker.observe(make_ex(latency=0.5), "success", 200)  # slow: bad
    for _ in range(5):  # long streams with a fast first token: good
        tracker.observe(make_ex(latency=3.0, stream=True, ttfb=0.02), "success", 200)
    for _ in range(5):  # TTFT over 50 ms: bad
        tracker.observe(make_ex(latency=0.1, stream=True, ttfb=0.08), "success", 200)
    for _ in range(7):
        tracker.observe(make_ex(latency=0.01), "blocked", 400)  # client errors: not events
    tracker.evaluate()
    v = tracker.snapshot()["routes"][0]["variants"][0]
    w = v["windows"]["5m"]
    assert (w["requests"], w["events"], w["errors"], w["slow"]) == (107, 100, 0, 15)
    assert w["burn_rate"]["latency"] == pytest.approx(0.15 / 0.10)
    assert w["burn_rate"]["availability"] == 0.0
    assert w["burn_rate"]["max"] == pytest.approx(1.5)
    assert w["ttft_ms"]["p50"] == pytest.approx(50, rel=0.7)
    assert 40 < w["latency_ms"]["p50"] < 65
    assert v["budget"]["remaining"] == pytest.approx(1 - 1.5)
    assert REGISTRY.get_sample_value(
        "aigw_slo_burn_rate", {"route": "chat", "variant": "baseline", "window": "5m"}
    ) == pytest.approx(1.5)
    # TTFT only (no latency_ms): non-streamed requests are not latency events.
    tracker.configure(config({"ttft_ms": 50}))
    clock.t += 3 * 86400  # everything above ages out
    tracker.observe(make_ex(latency=9.0), "success", 200)
    tracker.observe(make_ex(latency=9.0, stream=True, ttfb=0.2), "success", 200)
    w = tracker.snapshot()["routes"][0]["variants"][0]["windows"]["5m"]
    assert (w["events"], w["slow"], w["slow_rate"]) == (2, 1, 1.0)


def test_budget_with_short_history_and_reconfigure() -> None:
    clock = Clock()
    tracker = SloTracker(clock)
    tracker.configure(config({"availability": 99.0}, extra_routes=("other",)))
    for i in range(1000):
        tracker.observe(make_ex(), "timeout" if i < 5 else "success", 504 if i < 5 else 200)
    clock.t += 7200
    v = tracker.snapshot()["routes"][0]["variants"][0]
    assert v["budget"]["remaining"] == pytest.approx(0.5)  # half the budget of what was observed
    assert v["budget"]["observed_hours"] == pytest.approx(2.0)
    assert v["budget"]["events"] == 1000
    # A reload that changes the objective keeps the history; a removed route is dropped.
    tracker.configure(config({"availability": 99.5}))
    v = tracker.snapshot()["routes"][0]["variants"][0]
    assert v["budget"]["remaining"] == pytest.approx(0.0)
    assert set(tracker.routes) == {"chat"}
    assert all(k[0] == "chat" for k in tracker.series)


def test_variants_are_separate_and_bounded() -> None:
    tracker = SloTracker(Clock())
    tracker.configure(config({"availability": 99.0}))
    tracker.observe(make_ex(variant="canary"), "upstream_5xx", 500)
    tracker.observe(make_ex(), "success", 200)
    for i in range(10):
        tracker.observe(make_ex(variant=f"v{i}"), "success", 200)
    tracker.observe(make_ex(route="unknown"), "success", 200)
    assert len([k for k in tracker.series if k[0] == "chat"]) == 4
    tracker.evaluate()
    snap = {v["variant"]: v for v in tracker.snapshot()["routes"][0]["variants"]}
    assert snap["canary"]["windows"]["5m"]["error_rate"] == 1.0
    assert snap["baseline"]["windows"]["5m"]["error_rate"] == 0.0


def test_alert_changes_reach_listeners_metrics_and_audit() -> None:
    class FakeAudit:
        def __init__(self) -> None:
            self.records: list[tuple[str, dict]] = []

        def emit(self, kind: str, payload: dict, **kw: object) -> bool:
            self.records.append((kind, payload))
            return True

    class FakeGw:
        audit = FakeAudit()

    clock = Clock()
    tracker = SloTracker(clock)
    tracker.configure(config({"availability": 99.0, "min_events": 10}))
    tracker.listeners.append(lambda c: audit_alert(FakeGw, c.payload()))
    for _ in range(100):
        tracker.observe(make_ex(), "unreachable", 502)
    changes = tracker.evaluate()
    assert {(c.rule.name, c.firing) for c in changes} == {
        ("page_fast", True),
        ("page_slow", True),
        ("ticket", True),
    }
    labels = {"route": "chat", "variant": "baseline", "severity": "page"}
    assert REGISTRY.get_sample_value("aigw_slo_alert", labels) == 1.0
    kinds = [k for k, _ in FakeGw.audit.records]
    assert kinds == ["alert"] * 3 and FakeGw.audit.records[0][1]["state"] == "firing"
    assert tracker.evaluate() == []  # no change, no new records
    clock.t += 3 * 86400 + 60
    changes = tracker.evaluate()
    assert {c.firing for c in changes} == {False} and len(changes) == 3
    assert REGISTRY.get_sample_value("aigw_slo_alert", labels) == 0.0
    audit_alert(object(), {"rule": "x"})  # no audit log configured: nothing happens
    # a firing alert of a route removed by a reload resolves, with the reason
    for _ in range(100):
        tracker.observe(make_ex(), "unreachable", 502)
    assert len(tracker.evaluate()) == 3
    FakeGw.audit.records.clear()
    tracker.configure(
        parse_config(
            {
                "version": 1,
                "upstreams": {"u": {"url": "http://127.0.0.1:1"}},
                "routes": [{"name": "other", "match": {"path": "/o"}, "upstream": "u"}],
            }
        )
    )
    assert [(r[1]["state"], r[1].get("reason")) for r in FakeGw.audit.records] == [
        ("resolved", "route_removed")
    ] * 3
    assert REGISTRY.get_sample_value("aigw_slo_alert", labels) is None


def test_slo_config_bounds() -> None:
    with pytest.raises(ValueError):
        SloConfig(availability=100)
    with pytest.raises(ValueError):
        SloConfig(latency_ms=0)
    assert SloConfig().period_days == 30


# --- end to end through real servers ---
E2E = """
version: 1
upstreams:
  mock: {url: "MOCK_URL", timeout_s: 5}
routes:
  - name: slow
    match: {path: /v1/chat/completions, headers: {x-route: slow}}
    upstream: mock
    slo: {latency_ms: 1000, availability: 99.0, min_events: 1}
  - name: streamy
    match: {path: /v1/chat/completions, headers: {x-route: streamy}}
    upstream: mock
    slo: {latency_ms: 1000, ttft_ms: 1000, availability: 99.0}
  - name: healthy
    match: {path: /v1/chat/completions}
    upstream: mock
    slo: {latency_ms: 2000, availability: 99.0}
"""


def _chat(stream: bool = False) -> dict:
    return {"model": "m", "messages": [{"role": "user", "content": "hi"}], "stream": stream}


async def test_e2e_slow_and_failing_upstream_burn_while_healthy_route_does_not() -> None:
    async with running_gateway(E2E, env={"AIGW_SLO_EVAL_INTERVAL_S": "0.1"}) as gw:
        url = gw.url + "/v1/chat/completions"

        async def post(headers: dict, stream: bool = False) -> int:
            r = await gw.client.post(url, json=_chat(stream), headers=headers)
            await r.read()
            return r.status

        statuses = await asyncio.gather(
            *[post({"x-route": "slow", "x-mock-delay-ms": "1600"}) for _ in range(6)],
            *[post({"x-route": "slow", "x-mock-status": "500"}) for _ in range(4)],
            *[post({"x-route": "slow"}) for _ in range(10)],
            *[post({}) for _ in range(20)],
            # streams: slow first byte (bad), and a fast first byte with a slow total (good)
            *[post({"x-route": "streamy", "x-mock-delay-ms": "1600"}, stream=True) for _ in range(3)],
            *[
                post({"x-route": "streamy", "x-mock-chunk-delay-ms": "400", "x-mock-reply": "a b c d"}, True)
                for _ in range(3)
            ],
        )
        assert statuses.count(500) == 4
        await asyncio.sleep(0.3)  # at least one evaluator tick
        r = await gw.admin("GET", "/admin/slo")
        assert r.status == 200
        doc = await r.json()
        by_route = {x["route"]: x["variants"][0] for x in doc["routes"]}
        slow = by_route["slow"]["windows"]["5m"]
        assert (slow["events"], slow["errors"], slow["slow"]) == (20, 4, 6)
        assert slow["burn_rate"]["availability"] == pytest.approx(20.0)  # 20% bad / 1% allowed
        assert slow["burn_rate"]["latency"] == pytest.approx(0.3 / 0.01)
        assert slow["latency_ms"]["p99"] >= 1400  # histogram bins are good to about 12%
        assert {a["severity"] for a in by_route["slow"]["alerts"]} == {"page", "ticket"}
        healthy = by_route["healthy"]["windows"]["5m"]
        assert healthy["events"] == 20 and healthy["burn_rate"]["max"] < 1
        streamy = by_route["streamy"]["windows"]["5m"]
        assert (streamy["events"], streamy["slow"]) == (6, 3)  # judged by TTFT, not total time
        assert streamy["ttft_ms"]["p50"] is not None
        assert by_route["healthy"]["budget"]["remaining"] == 1.0
        metrics_text = await (await gw.client.get(gw.admin_url + "/metrics")).text()
        assert 'aigw_slo_burn_rate{route="slow",variant="baseline",window="5m"} 30.0' in metrics_text
        assert 'aigw_slo_alert{route="slow",severity="page",variant="baseline"} 1.0' in metrics_text
        assert "aigw_slo_latency_seconds_bucket" in metrics_text
        # the CLI table talks to the same endpoint (blocking client: run it off the loop)
        code = await asyncio.to_thread(cli_status, gw.admin_url, "test-admin-token")
        assert code == 0
        assert await asyncio.to_thread(cli_status, gw.admin_url, "wrong") == 1
        table = render_status(doc)
        assert "slow" in table.splitlines()[1] or "slow" in table
        # the tracker survives a reload: same object, history kept, new objective applied
        tracker = gw.gateway.slo
        gw.write_config(E2E.replace("availability: 99.0, min_events: 1", "availability: 98.0, min_events: 1"))
        result = await gw.gateway.reload("test")
        assert result.ok and result.changed
        assert gw.gateway.slo is tracker
        doc = await (await gw.admin("GET", "/admin/slo")).json()
        slow = next(x for x in doc["routes"] if x["route"] == "slow")["variants"][0]["windows"]["5m"]
        assert slow["burn_rate"]["availability"] == pytest.approx(10.0)


async def test_e2e_alert_changes_are_audit_records(tmp_path) -> None:
    cfg = f"""
version: 1
upstreams:
  mock: {{url: "MOCK_URL"}}
audit: {{path: "{tmp_path}"}}
routes:
  - name: chat
    match: {{path: /v1/chat/completions}}
    upstream: mock
    slo: {{availability: 99.0, min_events: 1}}
"""
    async with running_gateway(cfg, env={"AIGW_SLO_EVAL_INTERVAL_S": "3600"}) as gw:
        for _ in range(3):
            r = await gw.client.post(
                gw.url + "/v1/chat/completions", json=_chat(), headers={"x-mock-status": "503"}
            )
            assert r.status == 503
            await r.read()
        gw.gateway.slo_evaluator.tick()
    records = [
        orjson.loads(line)
        for f in sorted(tmp_path.glob("audit-*.jsonl"))
        for line in f.read_bytes().splitlines()
    ]
    alerts = [r for r in records if r.get("kind") == "alert"]
    assert {(a["data"]["rule"], a["data"]["state"]) for a in alerts} == {
        ("page_fast", "firing"),
        ("page_slow", "firing"),
        ("ticket", "firing"),
    }
    assert all(a["route"] == "chat" and a["data"]["sli"] == "availability" for a in alerts)
