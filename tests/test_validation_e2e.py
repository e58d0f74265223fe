"""Validation inside a running gateway, against real mock upstreams on loopback.

The baseline mock answers the golden set right; the canary mock regresses on two of six
cases (answer books, driven by the request text). Waits poll for a condition with short
steps; the only time that passes is the configured intervals.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
from harness import running_gateway
from prometheus_client import REGISTRY
from validation_fixtures import BASELINE_BOOK, CANARY_BOOK, CANARY_FAILING, gateway_yaml, write_set

from gateway import metrics


async def _until(cond: Callable[[], Any], timeout_s: float = 15.0) -> Any:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = cond()
        if value:
            return value
        await asyncio.sleep(0.02)
    raise AssertionError("condition not met in time")


def _books(r: Any, canary_book: list = CANARY_BOOK) -> None:
    r.mock.answers = list(BASELINE_BOOK)
    r.mocks["canary"].answers = list(canary_book)


def _rollout_yaml(set_path: Path, audit_dir: Path, gates: str, validation: str, weight: float = 0) -> str:
    text = gateway_yaml(set_path, validation=validation)
    text = text.replace(
        "    upstream: base\n",
        "    upstream: base\n"
        f"    canary: {{upstream: cand, weight: {weight:g}}}\n"
        "    rollout:\n"
        "      steps: [10, 50, 100]\n"
        "      interval_s: 3600\n"
        f"      gates: {{{gates}}}\n",
    )
    text = text.replace("CANARY_URL", "CANARY_URL")
    return text + f'audit: {{path: "{audit_dir}", defaults: {{sample_rate: 0.0}}, flush_interval_ms: 20}}\n'


def _audit_records(audit_dir: Path, kind: str) -> list[dict]:
    out = []
    for f in sorted(audit_dir.glob("*.jsonl")):
        for line in f.read_bytes().splitlines():
            rec = orjson.loads(line)
            if rec.get("kind") == kind:
                out.append(rec)
    return out


async def test_held_canary_gets_its_first_step_after_a_passing_run(tmp_path: Path) -> None:
    set_path = write_set(tmp_path / "golden.jsonl")
    yaml_text = _rollout_yaml(
        set_path, tmp_path / "audit", "validation_before_first_step: true", "interval_s: 3600, sample: 6"
    )
    async with running_gateway(yaml_text, extra_mocks=("canary",)) as r:
        # the canary answers like the baseline: the whole set passes and the first step follows
        _books(r, BASELINE_BOOK)
        rollouts = r.gateway.rollouts
        ro = await _until(lambda: (x := rollouts.rollouts["chat"]) and x.weight == 10 and x)
        assert ro.state == "progressing"
        assert ro.history[0]["action"] == "start" and ro.history[0]["to"]["weight"] == 0
        assert "no traffic until a validation run on it passes" in ro.history[0]["reason"]
        gate = ro.last_decision["gates"][0]
        assert gate["gate"] == "validation_before_first_step" and gate["verdict"] == "pass"
        assert len(r.mocks["canary"].requests) == 6  # the whole set, once


async def test_held_canary_never_gets_traffic_and_a_failing_run_rolls_it_back(tmp_path: Path) -> None:
    set_path = write_set(tmp_path / "golden.jsonl")
    audit_dir = tmp_path / "audit"
    yaml_text = _rollout_yaml(
        set_path, audit_dir, "validation_before_first_step: true", "interval_s: 3600, sample: 6"
    )
    async with running_gateway(yaml_text, extra_mocks=("canary",)) as r:
        _books(r)
        rollouts = r.gateway.rollouts
        # While held (or once rolled back) user traffic goes to the baseline only.
        for _ in range(5):
            async with r.client.post(
                r.url + "/v1/chat/completions",
                json={"model": "llama-3.1-8b", "messages": [{"role": "user", "content": "hi"}]},
            ) as resp:
                assert resp.status == 200
                assert resp.headers.get("x-mock-upstream") == "mock"
        ro = await _until(lambda: (x := rollouts.rollouts["chat"]) and x.state == "rolled_back" and x)
        assert ro.weight == 0
        decision = ro.last_decision
        assert decision["action"] == "rollback" and decision["actor"] == "judge"
        gate = decision["gates"][0]
        assert gate["gate"] == "validation_before_first_step" and gate["verdict"] == "fail"
        assert set(gate["cases"]) == CANARY_FAILING
        assert "refund-window" in decision["reason"] and "ticket-json" in decision["reason"]
        # the canary only ever saw validation requests
        assert all(q["headers"].get("x-aigw-validation") == "1" for q in r.mocks["canary"].requests)
        # validation traffic is not in the route's SLO or the rollout evidence
        slo = r.gateway.slo.snapshot()
        chat = next(x for x in slo["routes"] if x["route"] == "chat")
        assert sum(v["windows"]["1h"]["requests"] for v in chat["variants"]) == 5
        assert rollouts.stats.routes["chat"].canary.requests == 0
    rollbacks = [x for x in _audit_records(audit_dir, "rollout") if x["data"]["action"] == "rollback"]
    assert set(rollbacks[-1]["data"]["gates"][0]["cases"]) == CANARY_FAILING
    runs = _audit_records(audit_dir, "validation")
    assert runs and runs[0]["data"]["trigger"] == "rollout_first_step"
    assert set(runs[0]["data"]["failing_ids"]) == CANARY_FAILING
    assert runs[0]["data"]["models"] == {"llama-3.1-8b": 6}
    assert runs[0]["data"]["config_version"]


async def test_paired_drop_rolls_back_a_progressing_canary(tmp_path: Path) -> None:
    set_path = write_set(tmp_path / "golden.jsonl")
    audit_dir = tmp_path / "audit"
    yaml_text = _rollout_yaml(
        set_path, audit_dir, "max_validation_pass_rate_drop: 0.05", "interval_s: 0.3, sample: 6", weight=10
    )
    async with running_gateway(yaml_text, extra_mocks=("canary",)) as r:
        _books(r)
        rollouts = r.gateway.rollouts
        assert rollouts.rollouts["chat"].weight == 10
        ro = await _until(lambda: (x := rollouts.rollouts["chat"]) and x.state == "rolled_back" and x)
        gate = next(g for g in ro.last_decision["gates"] if g["gate"] == "max_validation_pass_rate_drop")
        assert gate["verdict"] == "fail"
        assert set(gate["cases"]) == CANARY_FAILING
        assert gate["samples"] == {"cases": 6}
        assert "canary 4/6 vs baseline 6/6 on the same cases" in gate["detail"]
        # the baseline and the canary got the same cases
        base_q = sorted(orjson.loads(q["body"])["messages"][0]["content"] for q in r.mock.requests)
        cand_q = sorted(orjson.loads(q["body"])["messages"][0]["content"] for q in r.mocks["canary"].requests)
        assert base_q[:6] == cand_q[:6] or set(base_q) == set(cand_q)
        # /admin/rollouts shows the decision with the ids
        async with await r.admin("GET", "/admin/rollouts/chat") as resp:
            doc = await resp.json()
        assert doc["last_decision"]["action"] == "rollback"
    rollbacks = [x for x in _audit_records(audit_dir, "rollout") if x["data"]["action"] == "rollback"]
    g = next(g for g in rollbacks[-1]["data"]["gates"] if g["gate"] == "max_validation_pass_rate_drop")
    assert set(g["cases"]) == CANARY_FAILING
    # `aigw audit timeline` shows the validation runs next to the rollout
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gateway.cli", "audit", "timeline", str(audit_dir),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    text = out.decode()
    assert proc.returncode == 0, err.decode()
    assert "validation" in text and "canary (cand, schedule): 4/6 pass" in text
    assert "failing: refund-window,ticket-json" in text
    assert "rollback by judge" in text


def _sample(name: str, **labels: str) -> float | None:
    metrics.flush()
    return REGISTRY.get_sample_value(name, labels)


async def test_continuous_pass_ratio_and_burn_rate_react(tmp_path: Path) -> None:
    set_path = write_set(tmp_path / "golden.jsonl")
    text = gateway_yaml(set_path, validation="interval_s: 0.3, sample: 3")
    text = text.replace("min_pass_rate: 0.9", "min_pass_rate: 0.99")
    text = text.replace(
        "    upstream: base\n", "    upstream: base\n    canary: {upstream: cand, weight: 50}\n"
    )
    text += (
        f'audit: {{path: "{tmp_path / "audit"}", defaults: {{sample_rate: 0.0}}, flush_interval_ms: 20}}\n'
    )
    async with running_gateway(text, extra_mocks=("canary",)) as r:
        _books(r)
        svc = r.gateway.validation
        before = _sample("aigw_validation_cases_total", route="chat", variant="canary", verdict="fail") or 0.0
        # two runs of 3 cover the six cases: the canary fails 2 of them
        await _until(lambda: len(svc.routes["chat"].history.get("canary", ())) >= 2)
        assert _sample("aigw_validation_pass_ratio", route="chat", variant="baseline") == 1.0
        ratios = [p for _, p in svc.routes["chat"].history["canary"]]
        assert min(ratios) < 1.0
        fails = _sample("aigw_validation_cases_total", route="chat", variant="canary", verdict="fail")
        assert fails is not None and fails - before >= 2
        # 2 bad of 6+ cases against a 1% allowance: burn > 14.4 on 1h and 5m, the page fires
        svc.quality.evaluate()
        burn = _sample("aigw_validation_burn_rate", route="chat", variant="canary", window="1h")
        assert burn is not None and burn > 14.4
        assert _sample("aigw_validation_burn_rate", route="chat", variant="baseline", window="1h") == 0.0
        assert _sample("aigw_validation_alert", route="chat", variant="canary", severity="page") == 1.0
        async with await r.admin("GET", "/admin/slo") as resp:
            doc = await resp.json()
        route = doc["validation"]["routes"][0]
        assert route["route"] == "chat" and route["min_pass_rate"] == 0.99
        canary = next(v for v in route["variants"] if v["variant"] == "canary")
        assert canary["windows"]["1h"]["failed"] >= 2
        assert any(a["severity"] == "page" for a in canary["alerts"])
        assert {f["id"] for f in route["failing"]["canary"]} <= CANARY_FAILING
        failing = {f["id"]: f for f in route["failing"]["canary"]}
        if "refund-window" in failing:
            assert failing["refund-window"]["expected"] == {"contains": "14 days"}
            assert "refunds" in failing["refund-window"]["answer"]
        # validation traffic never reached the data plane's SLO
        chat = next(x for x in doc["routes"] if x["route"] == "chat")
        assert sum(v["windows"]["1h"]["requests"] for v in chat["variants"]) == 0
        # the canary is fixed: its latest pass ratio recovers (the windows still remember the failures)
        r.mocks["canary"].answers = list(BASELINE_BOOK)
        seen = len(svc.routes["chat"].history["canary"])
        await _until(lambda: len(svc.routes["chat"].history["canary"]) >= seen + 2)
        assert _sample("aigw_validation_pass_ratio", route="chat", variant="canary") == 1.0
    alerts = [
        x
        for x in _audit_records(tmp_path / "audit", "alert")
        if x["data"].get("type") == "validation_burn_rate"
    ]
    assert alerts and alerts[0]["data"]["state"] == "firing" and alerts[0]["data"]["variant"] == "canary"


async def test_reload_with_a_bad_set_is_refused_naming_the_line(tmp_path: Path) -> None:
    set_path = write_set(tmp_path / "golden.jsonl")
    async with running_gateway(gateway_yaml(set_path), extra_mocks=("canary",)) as r:
        old = r.gateway.current.version
        set_path.write_bytes(
            set_path.read_bytes() + b'{"id": "new", "messages": [], "expect": {"containz": "x"}}\n'
        )
        async with await r.admin("POST", "/admin/config/reload") as resp:
            assert resp.status == 422
            body = await resp.json()
        assert any(f"{set_path}:7: expect.containz" in e for e in body["errors"]), body
        assert r.gateway.current.version == old
        # fixing the file is a new version: the reload applies it
        write_set(set_path)
        set_path.write_bytes(
            set_path.read_bytes() + b'{"id": "new", "messages": [{"role": "user", "content": "x"}]}\n'
        )
        async with await r.admin("POST", "/admin/config/reload") as resp:
            assert resp.status == 200
        assert len(r.gateway.current.loaded.validation_sets["golden"].cases) == 7


async def test_demo_act_catches_the_canary(tmp_path: Path, capsys: Any) -> None:
    from gateway.devtools import demo_validation as demo

    text = """
version: 1
upstreams:
  mock-llm: {url: "MOCK_URL"}
routes:
  - name: chat
    match: {path: /v1/chat/completions}
    upstream: mock-llm
"""
    async with running_gateway(text, extra_mocks=("canary",)) as r:
        r.mock.answers = list(demo.BASELINE_BOOK)
        r.mocks["canary"].answers = list(demo.CANARY_BOOK)
        caught = await demo.validation_act(
            r.gateway, r.config_path, r.config_path.read_text(), r.placeholders["CANARY_URL"]
        )
        assert caught
        assert not any(q["headers"].get("x-aigw-validation") != "1" for q in r.mocks["canary"].requests)
    out = capsys.readouterr().out
    assert "baseline: 6/6 pass" in out and "canary: 4/6 pass" in out
    assert "rollback by judge -> rolled_back at 0%" in out
    assert "failing: refund-window, order-status-json" in out


def test_shipped_demo_set_is_the_demo_act_set() -> None:
    from gateway.config import RouteConfig
    from gateway.devtools.demo_validation import golden_jsonl
    from gateway.validation.cases import check_cases, load_set

    shipped = Path(__file__).parent.parent / "config" / "validation" / "demo.jsonl"
    assert shipped.read_bytes() == golden_jsonl()
    cs = load_set("demo", shipped)
    route = RouteConfig.model_validate(
        {"name": "chat", "match": {"path": "/v1/chat/completions"}, "upstream": "u"}
    )
    assert len(cs.cases) == 6 and check_cases(cs, route, "demo") == []
