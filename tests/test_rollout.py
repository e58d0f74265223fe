"""Rollouts (gateway/rollout/manager.py): the config section, and the whole thing through real
servers (automatic step-up, automatic rollback, admin API, CLI, restart, workers following the
leader's file). The rules, the record and the judge have their own modules: test_rollout_transitions.py,
test_rollout_state.py, test_rollout_judge.py, test_rollout_views.py."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from harness import running_gateway
from prometheus_client import REGISTRY
from test_traffic import FakeAudit, FakeUpstream, chat

from gateway.config import ConfigError, LoadedConfig, config_version, parse_config
from gateway.exchange import Exchange
from gateway.rollout import views
from gateway.rollout.admin import format_status, run_cli
from gateway.rollout.transitions import PAUSED, PROGRESSING, PROMOTED, ROLLED_BACK
from gateway.service.gateway import Gateway

# --- config ----------------------------------------------------------------------------------

CFG = """
version: 1
upstreams:
  a: {url: "http://127.0.0.1:9000"}
  b: {url: "http://127.0.0.1:9001"}
routes:
  - name: chat
    match: {path: /v1/chat/completions}
    upstream: a
    canary: {upstream: b, weight: 5}
    rollout: {steps: [5, 25, 100], interval_s: 60, min_requests: 50, gates: {max_p95_latency_ratio: 1.5}}
"""


def test_config_accepts_a_rollout():
    cfg = parse_config(yaml.safe_load(CFG))
    ro = cfg.routes[0].rollout
    assert ro.steps == [5, 25, 100] and ro.gates.max_p95_latency_ratio == 1.5
    assert ro.gates.max_error_rate_delta == 0.01 and ro.on_fail == "rollback"
    assert cfg.rollouts.analysis_source == "memory"


@pytest.mark.parametrize(
    ("mutate", "error"),
    [
        (lambda d: d["routes"][0]["rollout"].update(steps=[5, 5, 100]), "routes[0].rollout.steps"),
        (lambda d: d["routes"][0]["rollout"].update(steps=[0, 100]), "routes[0].rollout.steps"),
        (lambda d: d["routes"][0]["rollout"].update(on_fail="panic"), "routes[0].rollout.on_fail"),
        (
            lambda d: d["routes"][0]["rollout"]["gates"].update(max_error_rate_delta=2),
            "routes[0].rollout.gates",
        ),
        (lambda d: d["routes"][0].pop("canary"), "routes[0].rollout: needs a canary section"),
        (
            lambda d: d["routes"][0]["rollout"]["gates"].update(max_shadow_divergence=0.1),
            "routes[0].rollout.gates.max_shadow_divergence: needs a shadow section",
        ),
        (
            lambda d: d.update(rollouts={"analysis_source": "prometheus"}),
            "rollouts: prometheus_url is required",
        ),
        (lambda d: d.update(rollouts={"prometheus_url": "prom:9090"}), "rollouts: prometheus_url must start"),
    ],
)
def test_config_errors_name_their_path(mutate, error):
    doc = yaml.safe_load(CFG)
    mutate(doc)
    with pytest.raises(ConfigError) as exc:
        parse_config(doc)
    assert any(e.startswith(error) for e in exc.value.errors), exc.value.errors


# --- the manager with an injected clock --------------------------------------------------------


def observed(gw: Gateway, variant: str, n: int, outcome: str = "success") -> None:
    for i in range(n):
        ex = Exchange(request_id=f"{variant}{i}", method="POST", path="/", headers={}, body=b"")
        ex.route, ex.variant = "chat", variant
        ex.split = True
        gw.rollouts.observe(ex, outcome, 200 if outcome == "success" else 502)


# --- through real servers ----------------------------------------------------------------------

E2E = """
version: 1
rollouts: {state_path: "STATE"}
upstreams:
  base: {url: "MOCK_URL"}
  can: {url: "CANARY_URL"EXPECT}
  can2: {url: "CANARY_URL", timeout_s: 9}
routes:
  - name: ROUTE
    match: {path: /v1/chat/completions}
    protocol: openai-chat
    upstream: base
    canary: {upstream: can, weight: 0, sticky: none}
    rollout:
      steps: [10, 50, 100]
      interval_s: INTERVAL
      min_requests: 5
      gates: {max_error_rate_delta: 0.05, max_p95_latency_ratio: 5.0, max_block_rate_delta: 0.05}
      on_fail: ON_FAIL
"""


def e2e(route: str, state: Path, interval: float = 0.2, on_fail: str = "rollback", expect: str = "") -> str:
    return (
        E2E.replace("ROUTE", route)
        .replace("STATE", str(state))
        .replace("INTERVAL", str(interval))
        .replace("ON_FAIL", on_fail)
        .replace("EXPECT", expect)
    )


@contextlib.asynccontextmanager
async def traffic(gw, headers: dict[str, str] | None = None, workers: int = 4):
    """Keep requests flowing in the background while the test waits for the judge."""
    statuses: list[tuple[int, str]] = []

    async def worker(k: int) -> None:
        i = 0
        while True:
            async with gw.client.post(
                gw.url + "/v1/chat/completions", json=chat(f"w{k} {i}"), headers=headers
            ) as r:
                await r.read()
                statuses.append((r.status, r.headers.get("x-aigw-variant", "")))
            i += 1

    tasks = [asyncio.create_task(worker(k)) for k in range(workers)]
    try:
        yield statuses
    finally:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def until(cond, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


def gauge(name: str, **labels: str) -> float | None:
    return REGISTRY.get_sample_value(name, labels)


async def test_healthy_canary_steps_up_to_promotion(tmp_path):
    state = tmp_path / "rollouts.json"
    async with running_gateway(e2e("ro-up", state), extra_mocks=("canary",)) as gw:
        audit = FakeAudit()
        gw.gateway.audit = audit
        ro = gw.gateway.rollouts.rollouts["ro-up"]
        assert (ro.state, ro.weight) == (PROGRESSING, 10)
        assert gauge("aigw_canary_weight", route="ro-up") == 10
        async with traffic(gw) as seen:
            await until(lambda: ro.state == PROMOTED)
        assert [h["action"] for h in ro.history] == ["start", "advance", "promote"]
        assert [(h["from"]["weight"], h["to"]["weight"]) for h in ro.history[1:]] == [(10, 50), (50, 100)]
        assert {v for s, v in seen} == {"baseline", "canary"} and all(s == 200 for s, _ in seen)
        assert gauge("aigw_canary_weight", route="ro-up") == 100
        assert gauge("aigw_rollout_state", route="ro-up", state="promoted") == 1
        assert gauge("aigw_rollout_state", route="ro-up", state="progressing") == 0
        assert [(k, p["action"]) for k, p, _ in audit.records] == [
            ("rollout", "advance"),
            ("rollout", "promote"),
        ]
        assert all(len(p["gates"]) == 4 for _, p, _ in audit.records)  # gate values on every judged move
        r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("after"))
        assert r.headers["x-aigw-variant"] == "canary" and r.headers["x-mock-upstream"] == "canary"
        await gw.gateway.rollouts.flush()
        assert json.loads(state.read_text())["routes"]["ro-up"]["state"] == PROMOTED


@pytest.mark.parametrize("on_fail", ["rollback", "pause"])
async def test_failing_canary_is_rolled_back_automatically(tmp_path, on_fail):
    route = f"ro-fail-{on_fail}"
    async with FakeUpstream(fail_every=2) as flaky:  # the canary fails 50% of its requests
        text = e2e(route, tmp_path / "s.json", on_fail=on_fail).replace("CANARY_URL", flaky.url)
        async with running_gateway(text) as gw:
            ro = gw.gateway.rollouts.rollouts[route]
            async with traffic(gw) as seen:
                await until(lambda: ro.state != PROGRESSING)
            expected = (ROLLED_BACK, 0.0) if on_fail == "rollback" else (PAUSED, 10)
            assert (ro.state, ro.weight) == expected
            last = ro.last_decision
            assert last["actor"] == "judge" and last["action"] == (
                "rollback" if on_fail == "rollback" else "pause"
            )
            gate = next(g for g in last["gates"] if g["gate"] == "max_error_rate_delta")
            assert gate["verdict"] == "fail" and gate["value"] > 0.3
            assert any(s == 500 and v == "canary" for s, v in seen)
            if on_fail == "rollback":
                for _ in range(20):
                    r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("x"))
                    assert r.status == 200 and r.headers["x-aigw-variant"] == "baseline"


async def test_model_mismatch_on_the_canary_fails_the_rollout(tmp_path):
    text = e2e("ro-model", tmp_path / "s.json", expect=', expect_model: "gpt-4o"')
    async with running_gateway(text, extra_mocks=("canary",)) as gw:
        ro = gw.gateway.rollouts.rollouts["ro-model"]
        async with traffic(gw, headers={"x-mock-model": "gpt-4o-swapped"}):
            await until(lambda: ro.state != PROGRESSING)
        assert ro.state == ROLLED_BACK
        assert ro.last_decision["reason"].startswith("model_mismatch")


async def test_admin_api_and_cli(tmp_path):
    async with running_gateway(
        e2e("ro-admin", tmp_path / "s.json", interval=300), extra_mocks=("canary",)
    ) as gw:
        r = await gw.client.get(gw.admin_url + "/admin/rollouts/ro-admin")
        assert r.status == 401
        doc = await (await gw.admin("GET", "/admin/rollouts/ro-admin")).json()
        assert doc["state"] == PROGRESSING and doc["weights"] == {"baseline": 90.0, "canary": 10.0}
        assert doc["step"] == 1 and doc["steps"] == [10, 50, 100]
        assert doc["gates"]["verdict"] == "hold"
        assert [g["gate"] for g in doc["gates"]["gates"]] == [
            "max_error_rate_delta",
            "max_p95_latency_ratio",
            "max_block_rate_delta",
            "model_mismatch",
        ]

        async def act(action: str, **kw: Any) -> tuple[int, dict]:
            headers = {"Authorization": "Bearer test-admin-token", "x-aigw-actor": "alice"}
            r = await gw.client.post(
                gw.admin_url + f"/admin/rollouts/ro-admin/{action}", headers=headers, **kw
            )
            return r.status, await r.json()

        assert (await act("pause"))[1]["state"] == PAUSED
        assert (await act("resume"))[1]["state"] == PROGRESSING
        status, doc = await act("weight", json={"weight": 30})
        assert status == 200 and (doc["state"], doc["weight"]) == (PAUSED, 30)
        assert doc["last_decision"]["actor"] == "admin_api:alice"
        assert (await act("weight", json={"weight": "lots"}))[0] == 400
        assert (await act("weight", json={"weight": 130}))[0] == 409
        assert (await act("rollback"))[1]["weight"] == 0
        status, doc = await act("pause")
        assert status == 409 and doc["error"]["code"] == "invalid_transition"
        assert (await act("promote"))[1]["state"] == PROMOTED
        assert (await act("explode"))[0] == 404
        r = await gw.admin("GET", "/admin/rollouts/nope")
        assert r.status == 404
        routes = (await (await gw.admin("GET", "/admin/routes")).json())["routes"]
        assert routes[0]["split"] == {"baseline": 0.0, "canary": 100.0, "shadow_percent": 0}

        # the CLI against the same admin API (urllib in a thread: the loop keeps serving)
        token = "test-admin-token"
        code = await asyncio.to_thread(run_cli, "rollback", "ro-admin", None, gw.admin_url, token)
        assert code == 0
        code = await asyncio.to_thread(run_cli, "weight", "ro-admin", 12.5, gw.admin_url, token)
        assert code == 0 and gw.gateway.rollouts.rollouts["ro-admin"].weight == 12.5
        assert await asyncio.to_thread(run_cli, "resume", "nope", None, gw.admin_url, token) == 1
        assert await asyncio.to_thread(run_cli, "status", "ro-admin", None, gw.admin_url, "wrong") == 1
        text = format_status(views.status(gw.gateway.rollouts, "ro-admin"))
        assert "route ro-admin: PAUSED (automatic), step 1/3" in text
        assert "baseline 87.5% (base)  canary 12.5% (can)" in text
        assert "max_error_rate_delta" in text and "threshold 0.05" in text
        assert "last decision: weight by admin_api:cli:" in text and "why: manual weight to 12.5%" in text


async def test_restart_resumes_and_reloads_keep_or_restart(tmp_path):
    state = tmp_path / "rollouts.json"
    async with FakeUpstream() as canary:  # the same canary URL across both runs
        cfg = e2e("ro-restart", state, interval=300).replace("CANARY_URL", canary.url)
        await restart_and_reload(cfg, state)


async def restart_and_reload(cfg: str, state: Path) -> None:
    async with running_gateway(cfg) as gw:
        r = await gw.admin("POST", "/admin/rollouts/ro-restart/weight", json={"weight": 40})
        assert r.status == 200
    saved = json.loads(state.read_text())["routes"]["ro-restart"]  # noqa: ASYNC240
    assert (saved["state"], saved["weight"]) == (PAUSED, 40)
    async with running_gateway(cfg) as gw:
        m = gw.gateway.rollouts
        ro = m.rollouts["ro-restart"]
        assert (ro.state, ro.weight) == (PAUSED, 40)  # resumed, not restarted
        assert [h["action"] for h in ro.history] == ["start", "weight"]
        assert gw.gateway.current.routes["ro-restart"].canary.split.weight == 40
        variants = []
        for _ in range(200):
            r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("x"))
            variants.append(r.headers["x-aigw-variant"])
        assert 40 <= variants.count("canary") <= 120  # 40% of 200 within ~4.5 sigma

        # a reload that keeps the canary upstream keeps the rollout ...
        gw.write_config(
            cfg.replace("protocol: openai-chat", "protocol: openai-chat\n    filter_budget_ms: 500")
        )
        assert (await gw.admin("POST", "/admin/config/reload")).status == 200
        assert m.rollouts["ro-restart"] is ro and (ro.state, ro.weight) == (PAUSED, 40)
        # ... one that changes it starts a new rollout
        gw.write_config(cfg.replace("canary: {upstream: can,", "canary: {upstream: can2,"))
        assert (await gw.admin("POST", "/admin/config/reload")).status == 200
        new = m.rollouts["ro-restart"]
        assert (new.state, new.weight, new.canary_upstream) == (PROGRESSING, 10, "can2")
        assert new.last_decision["reason"] == "canary upstream is now can2"
        assert new.last_decision["actor"] == "config_reload:admin_api"
        # removing the canary drops the rollout and its gauges
        gw.write_config(
            cfg.replace("canary: {upstream: can, weight: 0, sticky: none}", "").split("    rollout:")[0]
        )
        assert (await gw.admin("POST", "/admin/config/reload")).status == 200
        assert "ro-restart" not in m.rollouts and gauge("aigw_canary_weight", route="ro-restart") is None
        r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("x"))
        assert "x-aigw-variant" not in r.headers


# --- fleet mode: the judge reads Prometheus; workers follow the leader's state file ------------


def gateway_for(doc: dict, tmp_path: Path) -> Gateway:
    cfg = parse_config(doc)
    return Gateway(LoadedConfig(cfg, config_version(cfg), str(tmp_path / "c.yaml")), {})


async def test_workers_follow_the_leaders_state_file(tmp_path):
    doc = yaml.safe_load(CFG)
    doc["rollouts"] = {"state_path": str(tmp_path / "state.json")}
    leader, worker = gateway_for(doc, tmp_path), gateway_for(doc, tmp_path)
    worker.rollouts.leader = False
    await leader.rollouts.act("chat", "weight", "test", 30.0)
    worker.rollouts.follow()
    assert (worker.rollouts.rollouts["chat"].state, worker.rollouts.rollouts["chat"].weight) == (PAUSED, 30)
    assert worker.current.routes["chat"].canary.split.weight == 30
    mtime = (tmp_path / "state.json").stat().st_mtime
    await worker.rollouts.act("chat", "promote", "test")  # a follower never writes the file
    assert (tmp_path / "state.json").stat().st_mtime == mtime
    await leader.close()
    await worker.close()
