"""What the admin API shows of a rollout (gateway/rollout/views.py): the status document with
its live gates, and the split of /admin/routes. Through the real API: test_rollout.py
`test_admin_api_and_cli`."""

from __future__ import annotations

import yaml
from test_rollout import CFG, gateway_for, observed

from gateway.rollout.transitions import PAUSED, PROGRESSING
from gateway.rollout.views import split_of, status


async def test_status_shows_the_weights_the_step_and_live_gates_on_this_process_evidence(tmp_path):
    gw = gateway_for(yaml.safe_load(CFG), tmp_path)
    try:
        doc = status(gw.rollouts, "chat")
        assert (doc["state"], doc["weight"], doc["step"], doc["steps"]) == (PROGRESSING, 5.0, 1, [5, 25, 100])
        assert doc["weights"] == {"baseline": 95.0, "canary": 5.0}
        assert (doc["baseline_upstream"], doc["canary_upstream"], doc["analysis_source"]) == (
            "a",
            "b",
            "memory",
        )
        assert (
            doc["window"]["next_evaluation_in_s"] is not None
            and 0 < doc["window"]["next_evaluation_in_s"] <= 60
        )
        assert doc["gates"]["live"] is True and doc["gates"]["verdict"] == "hold"  # no samples yet
        assert doc["last_decision"]["action"] == "start" and [h["action"] for h in doc["history"]] == [
            "start"
        ]
        observed(gw, "baseline", 60)
        observed(gw, "canary", 60)
        doc = status(gw.rollouts, "chat")
        assert doc["samples"]["canary"]["requests"] == 60 and doc["gates"]["verdict"] == "pass"
        assert gw.rollouts.rollouts["chat"].weight == 5.0  # a view never moves the rollout
        await gw.rollouts.act("chat", "weight", "test", 30.0)
        doc = status(gw.rollouts, "chat")
        assert (doc["state"], doc["weight"], doc["step"]) == (PAUSED, 30.0, 2)
        assert doc["window"]["next_evaluation_in_s"] is None  # paused: the judge does not look
    finally:
        await gw.close()


async def test_status_shows_the_last_verdict_when_the_evidence_is_elsewhere(tmp_path):
    doc = yaml.safe_load(CFG)
    doc["rollouts"] = {"analysis_source": "prometheus", "prometheus_url": "http://127.0.0.1:9"}
    gw = gateway_for(doc, tmp_path)
    try:
        assert status(gw.rollouts, "chat")["gates"] is None  # never judged: nothing to show
        gw.rollouts.judge.last_verdicts["chat"] = {"at": 1.0, "verdict": "hold", "reason": "r", "gates": []}
        assert status(gw.rollouts, "chat")["gates"]["at"] == 1.0
    finally:
        await gw.close()


async def test_split_of_a_route_with_and_without_a_canary(tmp_path):
    doc = yaml.safe_load(CFG)
    doc["upstreams"]["s"] = {"url": "http://127.0.0.1:9002"}
    doc["routes"][0]["shadow"] = {"upstream": "s", "percent": 10}
    doc["routes"].append({"name": "plain", "match": {"path": "/v1/embeddings"}, "upstream": "a"})
    gw = gateway_for(doc, tmp_path)
    try:
        assert split_of(gw.rollouts, "chat") == {"baseline": 95.0, "canary": 5.0, "shadow_percent": 10}
        assert split_of(gw.rollouts, "plain") == {"baseline": 100.0, "canary": 0.0, "shadow_percent": 0}
    finally:
        await gw.close()
