"""Drift: the signal extractors, the tracker with a frozen clock, e2e (PSI: test_slo_psi.py,
refusals: test_slo_refusals.py)."""

from __future__ import annotations

import numpy as np
import pytest
from factories import make_exchange
from harness import running_gateway
from prometheus_client import REGISTRY

from filters.base import Action, Decision
from gateway.config import parse_config
from gateway.exchange import Exchange, Segment
from gateway.slo.config import DriftConfig
from gateway.slo.drift import LATENCY_BINS, DriftTracker, finish_reason


class Clock:
    def __init__(self, t: float = 1_700_000_000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


# --- signal extractors ---
@pytest.mark.parametrize(
    "doc,expected",
    [
        ({"choices": [{"finish_reason": "stop"}]}, "stop"),
        ({"choices": [{"finish_reason": "length"}]}, "length"),
        ({"stop_reason": "end_turn"}, "end_turn"),
        ({"stop_reason": "max_tokens"}, "max_tokens"),
        ({"status": "completed"}, "completed"),
        (
            {"status": "incomplete", "incomplete_details": {"reason": "max_output_tokens"}},
            "max_output_tokens",
        ),
        ({"outputs": []}, None),
        ("not a dict", None),
    ],
)
def test_finish_reason(doc: object, expected: str | None) -> None:
    assert finish_reason(doc) == expected


def test_drift_config_validation() -> None:
    with pytest.raises(ValueError, match="invalid regex"):
        DriftConfig(refusal_patterns=["(unclosed"])
    with pytest.raises(ValueError, match="multiple of 5"):
        DriftConfig(window_minutes=7)
    with pytest.raises(ValueError, match="psi_alert"):
        DriftConfig(psi_warn=0.5, psi_alert=0.2)


# --- tracker ---
def config(drift: dict | None = None, filters: tuple[str, ...] = ("kw",)) -> object:
    route = {
        "name": "chat",
        "match": {"path": "/v1/chat/completions"},
        "upstream": "u",
        "filters": list(filters),
    }
    if drift is not None:
        route["drift"] = drift
    return parse_config(
        {
            "version": 1,
            "upstreams": {"u": {"url": "http://127.0.0.1:1"}},
            "filters": {"kw": {"type": "keywords", "deny": ["x"]}},
            "routes": [route],
        }
    )


def make_ex(
    prompt_chars: int = 100,
    answer: str | None = "Sure, here you go.",
    finish: str = "stop",
    tokens: int | None = 40,
    score: float | None = 0.1,
    action: Action = Action.ALLOW,
    variant: str = "baseline",
    latency: float = 0.2,
) -> Exchange:
    ex = make_exchange("a" * prompt_chars, variant=variant, latency_s=latency)
    if answer is not None:
        ex.response_texts = [Segment("output", answer, ("choices", 0, "message", "content"))]
        ex.response_doc = {"choices": [{"finish_reason": finish}]}
    if tokens is not None:
        ex.usage = {"prompt_tokens": 10, "completion_tokens": tokens, "total_tokens": 10 + tokens}
    ex.decisions = [Decision(filter="kw", action=action, score=score)]
    return ex


def feed(tracker: DriftTracker, clock: Clock, minutes: int, per_minute: int, make, start_outcome="success"):
    for _ in range(minutes):
        for i in range(per_minute):
            tracker.observe(make(i), start_outcome, 200)
        clock.t += 60


def test_tracker_flags_a_shift_against_the_previous_day() -> None:
    clock = Clock()
    tracker = DriftTracker(clock)
    tracker.configure(config({"min_samples": 50}))
    changes_seen = []
    tracker.listeners.append(changes_seen.append)
    rng = np.random.default_rng(1)

    def normal(i: int) -> Exchange:
        return make_ex(prompt_chars=int(rng.integers(50, 200)), tokens=int(rng.integers(20, 80)))

    feed(tracker, clock, 24 * 60, 2, normal)  # a day of ordinary traffic
    tracker.evaluate()
    assert changes_seen == []
    labels = {"route": "chat", "variant": "baseline", "signal": "prompt_length"}
    assert REGISTRY.get_sample_value("aigw_drift_psi", labels) < 0.1

    def shifted(i: int) -> Exchange:
        # a new client with long prompts, a model that refuses a third of the time and stops on length
        refuse = i % 3 == 0
        return make_ex(
            prompt_chars=int(rng.integers(2000, 8000)),
            answer="I'm sorry, but I can't help with that." if refuse else "ok",
            finish="length" if i % 2 else "stop",
            score=0.9,
            action=Action.BLOCK if refuse else Action.ALLOW,
            tokens=int(rng.integers(20, 80)),
        )

    feed(tracker, clock, 60, 3, shifted)
    changes = tracker.evaluate()
    fired = {c.signal for c in changes if c.firing}
    assert {"prompt_length", "refusal", "finish_reason", "score:kw", "action:kw"} <= fired
    assert "answer_length" not in fired and "latency" not in fired
    assert REGISTRY.get_sample_value("aigw_drift_psi", labels) > 0.25
    snap = tracker.snapshot()["series"][0]
    assert snap["signals"]["refusal"]["recent"]["refused"] == pytest.approx(1 / 3, abs=0.01)
    assert snap["signals"]["action:kw"]["recent"]["block"] == pytest.approx(1 / 3, abs=0.01)
    assert snap["signals"]["prompt_length"]["level"] == "alert"
    assert snap["reference"] == "previous_day"
    # An hour of normal traffic later the recent window is normal again: alerts resolve.
    feed(tracker, clock, 60, 2, normal)
    resolved = {c.signal for c in tracker.evaluate() if not c.firing}
    assert fired <= resolved


def test_pinned_reference_and_variant_comparison() -> None:
    clock = Clock()
    tracker = DriftTracker(clock)
    tracker.configure(config({"min_samples": 20, "reference": "pinned", "window_minutes": 30}))
    feed(tracker, clock, 60, 2, lambda i: make_ex(prompt_chars=100))
    assert tracker.snapshot()["series"][0]["reference"].startswith("previous_day (not pinned")
    assert tracker.pin("chat") == ["baseline"]
    feed(tracker, clock, 30, 2, lambda i: make_ex(prompt_chars=100))
    snap = tracker.snapshot()["series"][0]
    assert snap["reference"] == "pinned" and snap["signals"]["prompt_length"]["psi"] == pytest.approx(
        0, abs=1e-9
    )
    # canary with different answers: the judge's API
    feed(tracker, clock, 30, 2, lambda i: make_ex(tokens=1000, variant="canary") if i else make_ex())
    assert tracker.compare("chat", "answer_length", minutes=30) > 1.0
    assert tracker.compare("chat", "prompt_length", minutes=30) == pytest.approx(0, abs=1e-9)
    assert tracker.compare("chat", "no_such_signal") is None
    assert tracker.unpin("chat") == ["baseline"]


def test_reconfigure_keeps_history_unless_the_layout_changes() -> None:
    clock = Clock()
    tracker = DriftTracker(clock)
    tracker.configure(config({"min_samples": 20}))
    feed(tracker, clock, 5, 4, lambda i: make_ex())
    before = tracker.counts("chat", "baseline", "prompt_length")
    assert before is not None and before.sum() == 20
    tracker.configure(config({"min_samples": 30, "psi_alert": 0.5}))  # thresholds only: kept
    assert tracker.counts("chat", "baseline", "prompt_length").sum() == 20
    tracker.configure(config({"min_samples": 30}, filters=()))  # different filters: new layout
    assert tracker.counts("chat", "baseline", "prompt_length").sum() == 0
    assert tracker.counts("chat", "baseline", "score:kw") is None
    tracker.configure(config({"enabled": False}))
    assert tracker.series == {}


# --- end to end ---
E2E = """
version: 1
upstreams:
  mock: {url: "MOCK_URL"}
filters:
  kw: {type: keywords, deny: ["forbidden"], action: block}
routes:
  - name: chat
    match: {path: /v1/chat/completions}
    filters: [kw]
    response_filters: [kw]
    upstream: mock
    drift: {min_samples: 10}
"""


async def test_e2e_drift_endpoint_and_pin() -> None:
    async with running_gateway(E2E) as gw:
        for i in range(12):
            reply = "I'm sorry, but I can't help with that." if i % 2 else "Sure."
            r = await gw.client.post(
                gw.url + "/v1/chat/completions",
                json={"model": "m", "messages": [{"role": "user", "content": "hello " * (i + 1)}]},
                headers={"x-mock-reply": reply},
            )
            assert r.status == 200
            await r.read()
        doc = await (await gw.admin("GET", "/admin/drift")).json()
        s = doc["series"][0]
        assert s["route"] == "chat" and s["variant"] == "baseline"
        sig = s["signals"]
        assert sig["prompt_length"]["recent_n"] == 12
        assert sig["refusal"]["recent"] == {"answered": 0.5, "refused": 0.5}
        assert sig["finish_reason"]["recent"] == {"stop": 1.0}
        assert sig["action:kw"]["recent_n"] == 24  # request and response phase
        assert sig["prompt_length"]["level"] == "insufficient_data"  # nothing in the reference yet
        r = await gw.admin("POST", "/admin/drift/chat/pin")
        assert (await r.json())["pinned"] == ["baseline"]
        assert (await gw.admin("POST", "/admin/drift/nope/pin")).status == 404
        assert (await (await gw.admin("DELETE", "/admin/drift/chat/pin")).json())["unpinned"] == ["baseline"]


def test_sampling_counts_at_most_the_cap_per_second() -> None:
    clock = Clock()
    tracker = DriftTracker(clock)
    tracker.configure(config({"max_samples_per_s": 5}))
    for _ in range(12):
        tracker.observe(make_ex(), "success", 200)
    s = tracker.series[("chat", "baseline")]
    lay = s.layout
    latency_counted = sum(s.ring.cur[lay.latency : lay.latency + LATENCY_BINS.nbins])
    assert latency_counted == 5  # the first five of this second
    clock.t += 1.0
    for _ in range(3):
        tracker.observe(make_ex(), "success", 200)
    assert sum(s.ring.cur[lay.latency : lay.latency + LATENCY_BINS.nbins]) == 8  # a new second

    every = DriftTracker(clock)
    every.configure(config({"max_samples_per_s": 0}))  # 0: every exchange
    for _ in range(12):
        every.observe(make_ex(), "success", 200)
    s = every.series[("chat", "baseline")]
    assert sum(s.ring.cur[s.layout.latency : s.layout.latency + LATENCY_BINS.nbins]) == 12
