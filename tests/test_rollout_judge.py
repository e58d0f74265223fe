"""The canary judge's loop (gateway/rollout/judge.py): judging on an injected clock, evidence
from Prometheus, and the shadow share the divergence gate waits for."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from aiohttp import web
from test_rollout import CFG, gateway_for, observed
from test_traffic import FakeAudit

from gateway.config import LoadedConfig, config_version, parse_config
from gateway.rollout.judge import shadow_expected
from gateway.rollout.manager import RolloutManager
from gateway.rollout.transitions import PROGRESSING, ROLLED_BACK
from gateway.service.gateway import Gateway

FIXTURES = Path(__file__).parent / "fixtures" / "prometheus"


async def test_judge_loop_with_injected_clock(tmp_path):
    doc = yaml.safe_load(CFG)
    doc["rollouts"] = {"state_path": str(tmp_path / "state.json")}
    cfg = parse_config(doc)
    gw = Gateway(LoadedConfig(cfg, config_version(cfg), str(tmp_path / "c.yaml")), {})
    now = [1000.0]
    gw.observers.remove(gw.rollouts.observe)  # replace the default manager by one on our clock
    gw.on_reload.remove(gw.rollouts._on_reload)
    m = gw.rollouts = RolloutManager(gw, clock=lambda: now[0])
    audit = FakeAudit()
    gw.audit = audit
    assert (m.rollouts["chat"].state, m.rollouts["chat"].weight) == (PROGRESSING, 5)
    observed(gw, "baseline", 60)
    observed(gw, "canary", 60)
    await m.judge.tick(now=1030.0)  # interval (60 s) not over: nothing judged
    assert m.rollouts["chat"].weight == 5 and m.rollouts["chat"].last_decision["action"] == "start"
    await m.judge.tick(now=1061.0)
    ro = m.rollouts["chat"]
    assert (ro.state, ro.weight) == (PROGRESSING, 25) and ro.last_decision["actor"] == "judge"
    assert ro.window_started_at == 1061.0 and m.stats.routes["chat"].canary.requests == 0  # new window
    await m.judge.tick(now=1122.0)  # no samples in the new window: hold
    assert ro.last_decision["action"] == "hold" and "needs 50" in ro.last_decision["reason"]
    observed(gw, "baseline", 60)
    observed(gw, "canary", 30)
    observed(gw, "canary", 30, outcome="upstream_5xx")
    await m.judge.tick(now=1183.0)
    assert (ro.state, ro.weight) == (ROLLED_BACK, 0.0)
    assert ro.last_decision["reason"].startswith("max_error_rate_delta")
    gates = {g["gate"]: g for g in ro.last_decision["gates"]}
    assert (
        gates["max_error_rate_delta"]["verdict"] == "fail" and gates["max_error_rate_delta"]["value"] == 0.5
    )
    kinds = [(k, p["action"], p["actor"]) for k, p, _ in audit.records]
    assert kinds == [("rollout", "advance", "judge"), ("rollout", "rollback", "judge")]
    await m.flush()
    saved = json.loads((tmp_path / "state.json").read_text())["routes"]["chat"]
    assert saved["state"] == ROLLED_BACK and [h["action"] for h in saved["history"]] == [
        "start",
        "advance",
        "rollback",
    ]
    await m.stop()
    await gw.close()


class FakePrometheus:
    """Answers /api/v1/query with the recorded fixtures, picked by the metric in the query."""

    def __init__(self, latency: str) -> None:
        self.latency = latency
        self.queries: list[dict[str, str]] = []

    async def query(self, request: web.Request) -> web.Response:
        q = request.query["query"]
        self.queries.append(dict(request.query))
        name = (
            "requests"
            if "aigw_requests_total" in q
            else self.latency
            if "duration_seconds_bucket" in q
            else "shadow"
            if "shadow" in q
            else "mismatch_none"
        )
        return web.json_response(json.loads((FIXTURES / f"{name}.json").read_text()))


async def test_prometheus_source_judges_fleet_samples(tmp_path):
    prom = FakePrometheus("latency_same")
    app = web.Application()
    app.router.add_get("/api/v1/query", prom.query)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    doc = yaml.safe_load(CFG)
    doc["routes"][0]["rollout"]["min_requests"] = 200
    doc["rollouts"] = {"analysis_source": "prometheus", "prometheus_url": f"http://127.0.0.1:{port}"}
    gw = gateway_for(doc, tmp_path)
    try:
        m = gw.rollouts
        ro = m.rollouts["chat"]
        now = ro.window_started_at + 120
        verdict = await m.judge.evaluate("chat", now=now)
        assert verdict is not None and verdict.verdict == "pass", verdict.reason
        assert (ro.state, ro.weight) == (PROGRESSING, 25)
        assert len(prom.queries) == 4 and all(q["time"] == f"{now:.3f}" for q in prom.queries)
        assert "[120s]" in prom.queries[0]["query"]  # the window since the step began
        prom.latency = "latency_slow"
        verdict = await m.judge.evaluate("chat", now=now + 60)
        assert verdict is not None and verdict.verdict == "fail"
        assert (ro.state, ro.weight) == (ROLLED_BACK, 0.0)
        assert ro.last_decision["reason"].startswith("max_p95_latency_ratio")
        await runner.cleanup()  # Prometheus gone: hold, never move
        m.rollouts["chat"].state = PROGRESSING
        assert await m.judge.evaluate("chat", now=now + 120) is None
        assert ro.last_decision["action"] == "hold" and "samples unavailable" in ro.last_decision["reason"]
    finally:
        await runner.cleanup()
        await gw.close()


async def test_the_shadow_share_and_the_loop_cadence(tmp_path):
    doc = yaml.safe_load(CFG)
    gw = gateway_for(doc, tmp_path)
    rcfg = gw.rollouts.route_cfg("chat")
    assert rcfg is not None and shadow_expected(rcfg) == 0  # no shadow section: nothing to wait for
    assert gw.rollouts.judge.tick_s() == 5.0  # interval_s 60: a quarter, capped at 5 s
    doc["upstreams"]["s"] = {"url": "http://127.0.0.1:9002"}
    doc["routes"][0]["shadow"] = {"upstream": "s", "percent": 10}
    doc["routes"][0]["rollout"]["interval_s"] = 0.4
    gw2 = gateway_for(doc, tmp_path)
    rcfg2 = gw2.rollouts.route_cfg("chat")
    assert rcfg2 is not None and shadow_expected(rcfg2) == 5  # 10% of min_requests 50
    assert gw2.rollouts.judge.tick_s() == 0.1
    await gw.close()
    await gw2.close()
