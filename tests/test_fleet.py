"""Fleet rollouts (`rollouts.store`): a real redis-server on an ephemeral loopback port and three
real `aigw run` processes sharing it, requests spread round-robin over them; plus the store's
compare-and-set and fencing, and the pure evidence sums, on their own.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import numpy as np
import pytest
from harness import ADMIN_TOKEN, free_port, running_gateway
from redis_server import RedisServer

from gateway.devtools.mockllm import MOCK_ID_HEADER, start_mock
from gateway.rollout import fleet_evidence
from gateway.rollout.config import RolloutsSettings
from gateway.rollout.evidence import RouteWindow
from gateway.rollout.leader import LeaderLease
from gateway.rollout.store import Fenced, RolloutStore, StoreUnavailable, VersionConflict
from gateway.rollout.transitions import PROGRESSING, PROMOTED, ROLLED_BACK

TOKEN = "fleet-admin-token"
CHAT = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
AUTH = {"Authorization": f"Bearer {TOKEN}"}


# --- pure: the fleet sum ---------------------------------------------------------------------


def _window(latencies: dict[str, list[float]], errors: int = 0) -> RouteWindow:
    w = RouteWindow(64)
    for name, lats in latencies.items():
        v = getattr(w, name)
        for x in lats:
            v.requests += 1
            v.add_latency(x)
        v.requests += errors
        v.errors += errors
    return w


def test_fleet_totals_are_the_sum_of_the_reports_of_the_current_window():
    a = fleet_evidence.report_of(_window({"baseline": [0.004, 0.02], "canary": [0.3]}, errors=1), 7, 1.0)
    b = fleet_evidence.report_of(_window({"baseline": [0.004], "canary": [0.3, 200.0]}), 7, 1.0)
    old = fleet_evidence.report_of(_window({"baseline": [1.0] * 50}), 6, 1.0)  # an older window
    total = fleet_evidence.totals([a, b, old], 7)
    assert total["replicas"] == 2
    assert total["baseline"]["requests"] == 4 and total["baseline"]["errors"] == 1
    assert total["canary"]["requests"] == 4 and total["canary"]["errors"] == 1
    # 0.004 falls in le=0.005 (index 0), 0.02 in le=0.025 (2), 0.3 in le=0.5 (6), 200 in +Inf (last)
    assert total["baseline"]["buckets"][0] == 2 and total["baseline"]["buckets"][2] == 1
    assert total["canary"]["buckets"][6] == 2 and total["canary"]["buckets"][-1] == 1
    data = fleet_evidence.judge_input(total, 0)
    assert data.baseline.latency.binned and data.baseline.latency.n == 3
    assert data.canary.latency.n == 3
    assert fleet_evidence.shares({"a": a, "b": b, "c": old}, 7) == {
        "a": 0.625,
        "b": 0.375,
    }  # 5 and 3 of 8 requests


def test_bad_report_fields_count_as_nothing():
    bad = {"version": 3, "baseline": {"requests": -5, "errors": "x", "buckets": [1, 2]}, "canary": None,
           "shadow": {"compared": True}}  # fmt: skip
    total = fleet_evidence.totals([bad, {"version": 3}], 3)
    assert total["replicas"] == 2
    assert total["baseline"]["requests"] == 0 and sum(total["baseline"]["buckets"]) == 0
    assert total["shadow"] == {"compared": 0, "diverged": 0}


def test_merged_histograms_judge_like_raw_samples():
    """The same latencies as raw samples (memory) and as summed buckets (store): same U verdict."""
    from gateway.rollout.analysis import Latency, mann_whitney

    rng = np.random.default_rng(1)
    base = rng.uniform(0.01, 0.04, 400)
    slow = rng.uniform(0.2, 0.4, 400)
    reports = [
        fleet_evidence.report_of(_window({"baseline": list(base[i::3]), "canary": list(slow[i::3])}), 1, 0.0)
        for i in range(3)
    ]
    data = fleet_evidence.judge_input(fleet_evidence.totals(reports, 1), 0)
    xv, xw = data.baseline.latency.for_test()
    yv, yw = data.canary.latency.for_test()
    assert mann_whitney(xv, yv, xw, yw).p_greater < 1e-9
    raw = mann_whitney(Latency.raw(base).values, Latency.raw(slow).values)
    assert raw.p_greater < 1e-9


def test_settings_need_a_redis_url_and_store_source_needs_a_store():
    with pytest.raises(ValueError, match="store is required"):
        RolloutsSettings(analysis_source="store")
    with pytest.raises(ValueError, match="expected redis://"):
        RolloutsSettings(store="http://redis:6379")
    with pytest.raises(ValueError, match="replica_id"):
        RolloutsSettings(store="redis://r:6379/0", replica_id="bad id with spaces")
    assert RolloutsSettings(store="redis://r:6379/0", analysis_source="store").lease_s == 10.0


# --- the store on its own (real Redis) ---------------------------------------------------------


async def test_store_compare_and_set_and_fencing(redis_server: RedisServer) -> None:
    store = RolloutStore(redis_server.url, 1.0)
    try:
        assert await store.read(["chat"]) == {"chat": None}
        assert await store.write("chat", {"weight": 5}, None, create_version=4) == 4
        with pytest.raises(VersionConflict) as exc:
            await store.write("chat", {"weight": 6}, None)  # exists already
        assert exc.value.stored == 4
        with pytest.raises(VersionConflict):
            await store.write("chat", {"weight": 6}, 3)  # stale expectation
        assert await store.write("chat", {"weight": 6}, 4) == 5
        # Fencing: only the current lease holder's judge write passes.
        a = await store.lease("a", 0.3)
        assert a.endswith(" a") and await store.lease("b", 0.3) == a  # b sees a's lease
        assert await store.write("chat", {"weight": 7}, 5, lease=a) == 6
        await asyncio.sleep(0.4)  # a's lease expires (a was paused)
        b = await store.lease("b", 5.0)
        assert b.endswith(" b") and int(b.split()[0]) > int(a.split()[0])
        with pytest.raises(Fenced):
            await store.write("chat", {"weight": 50}, 6, lease=a)  # a wakes up: refused
        assert (await store.read(["chat"]))["chat"] == (6, {"weight": 7})
        assert await store.write("chat", {"weight": 8}, 6, lease=b) == 7
    finally:
        await store.close()


async def test_store_down_is_reported_within_the_timeout() -> None:
    store = RolloutStore(f"redis://127.0.0.1:{free_port()}/0", 0.2)
    try:
        t0 = time.monotonic()
        with pytest.raises(StoreUnavailable):
            await store.read(["chat"])
        with pytest.raises(StoreUnavailable):
            await store.write("chat", {}, 1)
        assert time.monotonic() - t0 < 2.0
    finally:
        await store.close()


async def test_lease_expires_locally_without_renewal(redis_server: RedisServer) -> None:
    now = [100.0]
    store = RolloutStore(redis_server.url, 1.0)
    try:
        lease = LeaderLease(store, "a", 2.0, monotonic=lambda: now[0])
        assert await lease.renew() and lease.leads and lease.fence and lease.leader == "a"
        now[0] += 1.99
        assert lease.leads
        now[0] += 0.02  # one lease period after the renewal was sent: no longer trusted locally
        assert not lease.leads and lease.fence is None
        await lease.stop()  # gives the (server-side still valid) lease up for a successor
        assert await store.leader() is None
    finally:
        await store.close()


# --- one gateway in this process: the judge's write is fenced ---------------------------------


def _fleet_yaml(redis_url: str, replica: str, state_path: Path, **rollout: Any) -> str:
    # Both variants are the same loopback mock: a p95 5x the baseline's would take a 25 ms
    # bucket, so scheduling noise on a loaded test machine cannot fail the latency gate.
    gates = "{max_p95_latency_ratio: 5}"
    ro = {"steps": [50, 100], "interval_s": 1, "min_requests": 10, "gates": gates, **rollout}
    ro_yaml = ", ".join(f"{k}: {v}" for k, v in ro.items())
    return f"""
version: 1
upstreams:
  base: {{url: "MOCK_URL", timeout_s: 10}}
  can: {{url: "CANARY_URL", timeout_s: 10}}
routes:
  - name: chat
    match: {{path: /v1/chat/completions}}
    upstream: base
    canary: {{upstream: can, weight: 0, sticky: none}}
    rollout: {{{ro_yaml}}}
rollouts:
  store: "{redis_url}"
  analysis_source: store
  lease_s: 1
  replica_id: {replica}
  state_path: "{state_path}"
"""


async def _until(pred: Any, timeout: float, step: float = 0.05) -> float:
    """Wait until pred() (maybe async) is true; the seconds it took. TimeoutError otherwise."""
    t0 = time.monotonic()
    while True:
        ok = pred()
        if asyncio.iscoroutine(ok):
            ok = await ok
        if ok:
            return time.monotonic() - t0
        if time.monotonic() - t0 > timeout:
            raise TimeoutError("condition not met")
        await asyncio.sleep(step)


async def test_a_paused_leader_that_lost_its_lease_cannot_write(redis_server: RedisServer, tmp_path):
    """The judge still believes it leads (its local lease has not run out), but meanwhile its
    lease was taken over in the store: its promotion is refused, nothing moves."""
    cfg = _fleet_yaml(redis_server.url, "solo", tmp_path / "solo.json", interval_s=3600)
    async with running_gateway(cfg, extra_mocks=("canary",)) as gw:
        m = gw.gateway.rollouts
        assert m.fleet is not None
        await _until(lambda: m.fleet.lease.leads and m.versions.get("chat"), 5)
        for _ in range(40):
            async with gw.client.post(gw.url + "/v1/chat/completions", json=CHAT) as r:
                assert r.status == 200
        await _until(
            lambda: m.fleet.evidence.get("chat", {}).get("solo", {}).get("canary", {}).get("requests"), 5
        )
        await asyncio.sleep(1.1)  # the last report includes every request
        lease = m.fleet.lease
        assert lease._task is not None
        lease._task.cancel()  # "paused": no more renewals ...
        with contextlib.suppress(asyncio.CancelledError):
            await lease._task
        lease._task = None
        lease._valid_until = time.monotonic() + 60  # ... and it has not noticed yet
        store = RolloutStore(redis_server.url, 1.0)
        try:
            await store._client.delete("aigw:rollout:leader")  # its lease ran out in the store
            successor = await store.lease("successor", 30)  # and another replica took it
            version = m.versions["chat"]
            verdict = await m.judge.evaluate("chat")
            # it wanted to move: promote on a pass, roll back on a fail (the latency gate can
            # see loopback noise in a loaded machine); either is a transition to refuse
            assert verdict is not None and verdict.verdict in ("pass", "fail")
            ro = m.rollouts["chat"]
            assert (ro.state, ro.weight) == (PROGRESSING, 50.0)
            assert "not written" in ro.last_decision["reason"] and ro.last_decision["action"] == "hold"
            assert (await store.read(["chat"]))["chat"][0] == version
            assert await store.leader() == successor
        finally:
            await store.close()


# --- three gateway processes ---------------------------------------------------------------------


@dataclass
class Replica:
    name: str
    url: str
    admin_url: str
    proc: subprocess.Popen[bytes]
    log: Path


@dataclass
class Fleet3:
    replicas: list[Replica]
    redis: RedisServer
    client: aiohttp.ClientSession
    canary_mock: Any
    base_mock: Any
    rr: int = 0

    def alive(self) -> list[Replica]:
        return [r for r in self.replicas if r.proc.poll() is None]

    async def chat(self, n: int, replicas: list[Replica] | None = None) -> dict[str, list[str]]:
        """n requests spread round-robin; which upstream answered, per replica."""
        targets = replicas or self.alive()
        seen: dict[str, list[str]] = {r.name: [] for r in targets}
        for _ in range(n):
            rep = targets[self.rr % len(targets)]
            self.rr += 1
            async with self.client.post(rep.url + "/v1/chat/completions", json=CHAT) as r:
                assert r.status == 200, await r.text()
                seen[rep.name].append(r.headers.get(MOCK_ID_HEADER, "?"))
        return seen

    async def status(self, rep: Replica) -> dict[str, Any]:
        async with self.client.get(rep.admin_url + "/admin/rollouts/chat", headers=AUTH) as r:
            assert r.status == 200, await r.text()
            return await r.json()

    async def act(self, rep: Replica, action: str) -> tuple[int, dict[str, Any]]:
        async with self.client.post(rep.admin_url + f"/admin/rollouts/chat/{action}", headers=AUTH) as r:
            return r.status, await r.json()

    async def leader(self) -> Replica:
        for rep in self.alive():
            if (await self.status(rep))["fleet"]["leads"]:
                return rep
        raise LookupError("no replica leads")


@contextlib.asynccontextmanager
async def fleet_of_three(redis: RedisServer, tmp_path: Path, **rollout: Any) -> AsyncIterator[Fleet3]:
    base_runner, base_mock, base_port = await start_mock(name="base")
    can_runner, can_mock, can_port = await start_mock(name="canary")
    replicas: list[Replica] = []
    client = aiohttp.ClientSession()
    try:
        for i in (1, 2, 3):
            port, admin_port = free_port(), free_port()
            cfg = _fleet_yaml(redis.url, f"r{i}", tmp_path / f"r{i}.json", **rollout)
            cfg = cfg.replace("MOCK_URL", f"http://127.0.0.1:{base_port}")
            cfg = cfg.replace("CANARY_URL", f"http://127.0.0.1:{can_port}")
            cfg = (
                f'server: {{listen: "127.0.0.1:{port}", admin_listen: "127.0.0.1:{admin_port}", drain_grace_s: 1}}\n'
                + cfg
            )
            path = tmp_path / f"r{i}.yaml"
            path.write_text(cfg)
            log = tmp_path / f"r{i}.log"
            proc = subprocess.Popen(  # noqa: ASYNC220 - started once per test, before any traffic
                [sys.executable, "-m", "gateway.cli", "run", "-c", str(path)],
                env={**os.environ, "AIGW_ADMIN_TOKEN": TOKEN},
                stdout=log.open("wb"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            replicas.append(
                Replica(f"r{i}", f"http://127.0.0.1:{port}", f"http://127.0.0.1:{admin_port}", proc, log)
            )
        fleet = Fleet3(replicas, redis, client, can_mock, base_mock)
        for rep in replicas:
            await _until(lambda rep=rep: _ready(client, rep), 30, 0.1)
        # every replica applied the same stored version and one of them leads
        await _until(lambda: _converged(fleet), 10, 0.1)
        await _until(lambda: _all_listed(fleet), 5, 0.1)
        yield fleet
    finally:
        for rep in replicas:
            if rep.proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(rep.proc.pid, signal.SIGCONT)
                    os.killpg(rep.proc.pid, signal.SIGKILL)
            rep.proc.wait(10)
        await client.close()
        await base_runner.cleanup()
        await can_runner.cleanup()


async def _ready(client: aiohttp.ClientSession, rep: Replica) -> bool:
    if rep.proc.poll() is not None:
        raise RuntimeError(f"{rep.name} exited: {rep.log.read_text()[-2000:]}")
    try:  # the data plane binds first, the admin plane next: both must answer
        async with client.get(rep.url + "/readyz") as r:
            if r.status != 200:
                return False
        async with client.get(rep.admin_url + "/admin/rollouts/chat", headers=AUTH) as r:
            return r.status == 200
    except aiohttp.ClientError:
        return False


async def _all_listed(fleet: Fleet3) -> bool:
    docs = [await fleet.status(r) for r in fleet.replicas]
    return all({x["id"] for x in d["fleet"]["replicas"]} == {"r1", "r2", "r3"} for d in docs)


async def _converged(fleet: Fleet3, replicas: list[Replica] | None = None) -> bool:
    docs = [await fleet.status(r) for r in replicas or fleet.alive()]
    versions = {d["version"] for d in docs}
    stored = {d["fleet"]["stored_version"] for d in docs}
    if any(d["fleet"]["store"] != "up" for d in docs):
        return False
    return (
        len(versions) == 1
        and None not in versions
        and versions == stored
        and sum(d["fleet"]["leads"] for d in docs) == 1
    )


async def test_rollback_on_one_replica_stops_canary_answers_on_all_three_within_1s(redis_server, tmp_path):
    async with fleet_of_three(redis_server, tmp_path, min_requests=100_000) as fleet:
        seen = await fleet.chat(60)
        assert all("canary" in s for s in seen.values()), seen  # 50% canary everywhere
        docs = [await fleet.status(r) for r in fleet.replicas]
        assert {d["fleet"]["leader"] for d in docs} == {
            next(d["fleet"]["replica"] for d in docs if d["fleet"]["leads"])
        }
        assert {r["id"] for r in docs[0]["fleet"]["replicas"]} == {"r1", "r2", "r3"}

        status, doc = await fleet.act(fleet.replicas[1], "rollback")
        t0 = time.monotonic()
        assert status == 200 and doc["state"] == ROLLED_BACK and doc["weight"] == 0.0
        new_version = doc["version"]

        async def everyone_applied() -> bool:
            return all([(await fleet.status(r))["version"] == new_version for r in fleet.replicas])

        took = await _until(everyone_applied, 1.0, 0.02)
        print(f"rollback applied by all three replicas {took * 1000:.0f} ms after the answer")
        assert time.monotonic() - t0 < 1.0
        seen = await fleet.chat(60)
        assert all(s and "canary" not in s for s in seen.values()), seen
        for rep in fleet.replicas:
            d = await fleet.status(rep)
            assert (d["state"], d["weight"]) == (ROLLED_BACK, 0.0)
            assert d["last_decision"]["replica"] == "r2"  # who decided, seen from every replica


async def test_killing_the_leader_hands_the_judge_over_and_the_rollout_continues(redis_server, tmp_path):
    async with fleet_of_three(redis_server, tmp_path, steps="[10, 50, 100]", min_requests=20) as fleet:
        old = await fleet.leader()
        before = (await fleet.status(old))["version"]
        os.killpg(old.proc.pid, signal.SIGKILL)
        old.proc.wait(5)
        rest = fleet.alive()

        async def someone_leads() -> bool:
            docs = [await fleet.status(r) for r in rest]
            return sum(d["fleet"]["leads"] for d in docs) == 1

        took = await _until(someone_leads, 4.0, 0.05)
        print(f"new leader {took:.2f} s after the old one was killed (lease 1 s)")
        assert took <= 2 * 1.0
        new = await fleet.leader()
        assert new is not old
        # the rollout continues from the stored state: 10% -> 50% -> promoted
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            await fleet.chat(30, rest)
            if (await fleet.status(new))["state"] == PROMOTED:
                break
            await asyncio.sleep(0.2)
        doc = await fleet.status(new)
        assert doc["state"] == PROMOTED, doc["history"]
        judged = [h for h in doc["history"] if h["actor"] == "judge"]
        assert [h["to"]["weight"] for h in judged] == [50.0, 100.0]
        assert {h["replica"] for h in judged} == {new.name}
        assert doc["version"] == before + 2
        await _until(lambda: _converged(fleet, rest), 3.0)


async def test_the_judges_fleet_evidence_is_the_sum_of_the_replicas_counts(redis_server, tmp_path):
    async with fleet_of_three(redis_server, tmp_path, min_requests=100_000) as fleet:
        await fleet.chat(90)
        await asyncio.sleep(2.5)  # every replica reported (1 s) and the leader judged again (1 s)
        docs = {r.name: await fleet.status(r) for r in fleet.replicas}
        leader = next(d for d in docs.values() if d["fleet"]["leads"])
        judged = leader["fleet"]["judged_evidence"]
        assert judged is not None and judged["replicas"] == 3
        for variant in ("baseline", "canary"):
            own = [d["samples"][variant] for d in docs.values()]
            assert judged[variant]["requests"] == sum(s["requests"] for s in own)
            assert judged[variant]["errors"] == sum(s["errors"] for s in own)
            assert judged[variant]["latency_samples"] == sum(s["latency_samples"] for s in own)
        assert judged["baseline"]["requests"] + judged["canary"]["requests"] == 90
        gate = next(g for g in leader["gates"]["gates"] if g["gate"] == "max_error_rate_delta")
        assert gate["samples"] == {
            "baseline": judged["baseline"]["requests"],
            "canary": judged["canary"]["requests"],
        }
        shares = {r["id"]: r["evidence_share"] for r in leader["fleet"]["replicas"]}
        assert shares == pytest.approx({"r1": 1 / 3, "r2": 1 / 3, "r3": 1 / 3}, abs=1e-3)
        # the CLI shows the same fleet block
        from gateway.rollout.admin import format_status

        text = format_status(leader)
        assert "fleet       replica" in text and "r1" in text and "r3" in text


async def _metric(client: aiohttp.ClientSession, rep: Replica, name: str) -> float | None:
    async with client.get(rep.admin_url + "/metrics", headers=AUTH) as r:
        for line in (await r.text()).splitlines():
            if line.startswith(name + "{" + f'replica="{rep.name}"' + "} "):
                return float(line.split()[1])
    return None


async def test_redis_stopped_mid_rollout_fails_static_and_reconciles(redis_server, tmp_path):
    async with fleet_of_three(redis_server, tmp_path, min_requests=20) as fleet:
        before = await fleet.status(fleet.replicas[0])
        assert (before["state"], before["weight"]) == (PROGRESSING, 50.0)
        redis_server.kill()
        await _until(lambda: _all_down(fleet), 5.0)
        # traffic keeps its split, though the evidence would now promote: the judge holds
        seen = await fleet.chat(120)
        await asyncio.sleep(2.0)
        for rep in fleet.replicas:
            assert "canary" in seen[rep.name] and "base" in seen[rep.name]
            d = await fleet.status(rep)
            assert (d["state"], d["weight"], d["version"]) == (PROGRESSING, 50.0, before["version"])
            assert not d["fleet"]["leads"]
            status, err = await fleet.act(rep, "rollback")
            assert status == 503 and err["error"]["code"] == "store_unavailable"
            assert await _metric(fleet.client, rep, "aigw_rollout_store_up") == 0.0
            async with fleet.client.get(rep.url + "/readyz") as r:
                assert r.status == 200
        # Redis comes back empty (no persistence): the fleet re-seeds it with the weights it
        # applies now, without a jump, and the rollout continues.
        redis_server.start()
        await _until(lambda: _converged(fleet), 6.0)
        for rep in fleet.replicas:
            # re-seeded (a new version) with the weight every replica kept; the only move after
            # that is the judge's promotion on the evidence of the outage (it may already be done)
            d = await fleet.status(rep)
            assert d["version"] >= before["version"] + 1 and d["fleet"]["store"] == "up"
            assert [(h["action"], h["to"]["weight"]) for h in d["history"]] in (
                [("start", 50.0)],
                [("start", 50.0), ("promote", 100.0)],
            ), d["history"]
            assert await _metric(fleet.client, rep, "aigw_rollout_store_up") == 1.0
        deadline = time.monotonic() + 10
        while (await fleet.status(fleet.replicas[2]))["state"] != PROMOTED and time.monotonic() < deadline:
            await fleet.chat(30)
            await asyncio.sleep(0.3)
        await _until(lambda: _converged(fleet), 3.0)
        for rep in fleet.replicas:
            d = await fleet.status(rep)
            assert (d["state"], d["weight"]) == (PROMOTED, 100.0)
            assert [(h["action"], h["to"]["weight"]) for h in d["history"]] == [
                ("start", 50.0),
                ("promote", 100.0),
            ]


async def _all_down(fleet: Fleet3) -> bool:
    return all([(await fleet.status(r))["fleet"]["store"] == "unavailable" for r in fleet.replicas])


async def test_a_paused_leader_process_does_not_move_the_rollout_when_it_wakes(redis_server, tmp_path):
    async with fleet_of_three(redis_server, tmp_path, steps="[10, 50, 100]", min_requests=20) as fleet:
        old = await fleet.leader()
        os.killpg(old.proc.pid, signal.SIGSTOP)
        rest = [r for r in fleet.replicas if r is not old]

        async def another_leads() -> bool:
            return any([(await fleet.status(r))["fleet"]["leads"] for r in rest])

        await _until(another_leads, 3.0)
        new = [r for r in rest if (await fleet.status(r))["fleet"]["leads"]][0]
        await fleet.chat(60, rest)  # evidence for a step while the old leader sleeps
        os.killpg(old.proc.pid, signal.SIGCONT)
        await _until(lambda: _converged(fleet), 5.0)
        deadline = time.monotonic() + 15
        while (await fleet.status(new))["state"] != PROMOTED and time.monotonic() < deadline:
            await fleet.chat(30)
            await asyncio.sleep(0.2)
        await _until(lambda: _converged(fleet), 3.0)
        for rep in fleet.replicas:
            d = await fleet.status(rep)
            judged = [h for h in d["history"] if h["actor"] == "judge"]
            assert judged and {h["replica"] for h in judged} == {new.name}, d["history"]
        assert not (await fleet.status(old))["fleet"]["leads"]
        assert (await fleet.status(old))[
            "state"
        ] == PROMOTED  # the old leader applied what the new one decided


# --- two in-process replicas: audit, config reloads, bad stored data --------------------------


def _two_yaml(redis_url: str, replica: str, base: int, canary: int, tmp: Path) -> str:
    return f"""
version: 1
upstreams:
  base: {{url: "http://127.0.0.1:{base}", timeout_s: 10}}
  can: {{url: "http://127.0.0.1:{canary}", timeout_s: 10}}
routes:
  - name: chat
    match: {{path: /v1/chat/completions}}
    upstream: base
    canary: {{upstream: can, weight: 0, sticky: none}}
    rollout: {{steps: [50, 100], interval_s: 3600, min_requests: 10}}
rollouts:
  store: "{redis_url}"
  analysis_source: store
  lease_s: 1
  replica_id: {replica}
  state_path: "{tmp / replica}.json"
audit: {{path: "{tmp / ("audit-" + replica)}", defaults: {{sample_rate: 0.0}}, flush_interval_ms: 20}}
"""


def _audit(directory: Path, kind: str) -> list[dict[str, Any]]:
    import orjson

    from gateway.audit.chain import chain_files

    out = []
    for files in chain_files(directory).values():
        for f in files:
            out += [orjson.loads(line) for line in f.read_bytes().splitlines()]
    return [{"route": r["route"], **r["data"]} for r in out if r["kind"] == kind]


@contextlib.asynccontextmanager
async def _mocks(*names: str) -> AsyncIterator[list[int]]:
    started = [await start_mock(name=n) for n in names]
    try:
        yield [port for _, _, port in started]
    finally:
        for runner, _, _ in started:
            await runner.cleanup()


async def _applied(*gws: Any) -> bool:
    ms = [g.gateway.rollouts for g in gws]
    versions = {m.versions.get("chat") for m in ms}
    stored = {m.fleet.stored.get("chat") for m in ms}
    return all(m.fleet.up for m in ms) and len(versions) == 1 and None not in versions and versions == stored


async def test_every_replica_audits_its_own_traffic_move_and_only_the_actor_the_decision(
    redis_server, tmp_path
):
    async with _mocks("base", "canary") as (base, can):
        ya = _two_yaml(redis_server.url, "a", base, can, tmp_path)
        yb = _two_yaml(redis_server.url, "b", base, can, tmp_path)
        async with running_gateway(ya) as a, running_gateway(yb) as b:
            await _until(lambda: _applied(a, b), 5)
            r = await a.client.post(
                a.admin_url + "/admin/rollouts/chat/rollback",
                headers={"Authorization": f"Bearer {ADMIN_TOKEN}", "x-aigw-actor": "alice"},
            )
            assert r.status == 200
            await _until(lambda: b.gateway.rollouts.rollouts["chat"].weight == 0.0, 1.0, 0.01)
            version = a.gateway.rollouts.versions["chat"]
        for name, made in (("a", True), ("b", False)):
            d = tmp_path / f"audit-{name}"
            decisions = [r for r in _audit(d, "rollout") if r.get("action") == "rollback"]
            applied = _audit(d, "rollout_applied")
            assert len(decisions) == (1 if made else 0)
            if made:
                assert decisions[0]["replica"] == "a" and decisions[0]["version"] == version
                assert decisions[0]["actor"] == "admin_api:alice"
            assert [(x["replica"], x["version"], x["from_weight"], x["to_weight"]) for x in applied] == [
                (name, version, 50.0, 0.0)
            ]
            assert applied[0]["decided_by"] == "admin_api:alice"


async def test_a_reload_with_a_new_canary_starts_the_fleets_new_rollout(redis_server, tmp_path):
    async with _mocks("base", "canary", "canary2") as (base, can, can2):
        ya = _two_yaml(redis_server.url, "a", base, can, tmp_path)
        yb = _two_yaml(redis_server.url, "b", base, can, tmp_path)
        async with running_gateway(ya) as a, running_gateway(yb) as b:
            await _until(lambda: _applied(a, b), 5)
            r = await a.admin("POST", "/admin/rollouts/chat/rollback")
            assert r.status == 200
            await _until(lambda: _applied(a, b), 2)
            v = a.gateway.rollouts.versions["chat"]
            # b is deployed first with the fixed canary: its config starts the fleet's new rollout
            b.write_config(_two_yaml(redis_server.url, "b", base, can2, tmp_path))
            assert (await b.gateway.reload("test")).ok
            await _until(lambda: b.gateway.rollouts.fleet.stored.get("chat") == v + 1, 3)
            assert b.gateway.rollouts.rollouts["chat"].weight == 50.0
            # a still runs the old config: it keeps its split (0%) and says why
            await asyncio.sleep(1.2)
            sa = (await (await a.admin("GET", "/admin/rollouts/chat")).json())["fleet"]
            assert sa["config_mismatch"] and sa["stored_version"] == v + 1 and sa["applied_version"] == v
            assert a.gateway.rollouts.rollouts["chat"].weight == 0.0
            # a gets the new config too: it adopts the stored rollout, no second restart
            a.write_config(_two_yaml(redis_server.url, "a", base, can2, tmp_path))
            assert (await a.gateway.reload("test")).ok
            await _until(lambda: a.gateway.rollouts.versions.get("chat") == v + 1, 3)
            assert a.gateway.rollouts.rollouts["chat"].weight == 50.0
            assert not a.gateway.rollouts.fleet.mismatch


async def test_bad_data_in_the_store_is_replaced_or_ignored(redis_server, tmp_path):
    async with _mocks("base", "canary") as (base, can):
        ya = _two_yaml(redis_server.url, "a", base, can, tmp_path)
        async with running_gateway(ya) as a:
            m = a.gateway.rollouts
            await _until(lambda: _applied(a), 5)
            store = RolloutStore(redis_server.url, 1.0)
            try:
                client = store._client
                # a notification that is not "<route> <version>", and one for an unknown route
                await client.publish("aigw:rollout:events", b"\xff\xfe garbage")
                await client.publish("aigw:rollout:events", "nosuchroute 7")
                for bad in (
                    {"version": "12", "doc": "{not json"},
                    {"version": "x", "doc": "[1, 2]"},
                    {"version": "13", "doc": '{"route": "chat", "state": "exploded", "weight": 5}'},
                    {"version": "14", "doc": '{"route": "other", "state": "paused", "weight": 5}'},
                ):
                    await client.hset("aigw:rollout:route:chat", mapping=bad)
                    await client.publish("aigw:rollout:events", "chat 99")

                    async def repaired() -> bool:
                        got = (await store.read(["chat"]))["chat"]
                        return got is not None and got[1] is not None and got[1].get("state") == "progressing"

                    await _until(repaired, 3)
                    ro = m.rollouts["chat"]
                    assert (ro.state, ro.weight) == (PROGRESSING, 50.0)
                # evidence reports that are not JSON objects are skipped
                await client.hset("aigw:rollout:evidence:chat", mapping={"x": "nope", "y": "[]"})
                await client.hset("aigw:rollout:replicas", mapping={"z": "{bad", "w": '{"at": "soon"}'})
                await asyncio.sleep(1.2)
                doc = await (await a.admin("GET", "/admin/rollouts/chat")).json()
                assert [r["id"] for r in doc["fleet"]["replicas"]] == ["a"]
                assert doc["fleet"]["store"] == "up"
            finally:
                await store.close()
            async with a.client.post(a.url + "/v1/chat/completions", json=CHAT) as r:
                assert r.status == 200


async def test_reports_are_batched_and_off_the_request_path(redis_server, tmp_path):
    async with _mocks("base", "canary") as (base, can):
        ya = _two_yaml(redis_server.url, "a", base, can, tmp_path)
        async with running_gateway(ya) as a:
            await _until(lambda: _applied(a), 5)
            store = RolloutStore(redis_server.url, 1.0)
            try:

                async def evidence_writes() -> int:
                    stats = await store._client.info("commandstats")
                    return int(stats.get("cmdstat_hset", {}).get("calls", 0))

                before, t0 = await evidence_writes(), time.monotonic()
                sent = 0
                while time.monotonic() - t0 < 3.0:  # ~hundreds of requests in 3 s
                    async with a.client.post(a.url + "/v1/chat/completions", json=CHAT) as r:
                        assert r.status == 200
                    sent += 1
                writes = await evidence_writes() - before
                elapsed = time.monotonic() - t0
                # one heartbeat + one evidence field per second (one route), whatever the traffic
                print(f"{sent} requests in {elapsed:.1f} s: {writes} HSETs to the store")
                assert sent > 50 and writes <= 2 * (elapsed + 1), (sent, writes, elapsed)
                # Redis hangs (SIGSTOP): requests do not wait for it
                assert redis_server.proc is not None
                os.kill(redis_server.proc.pid, signal.SIGSTOP)
                try:
                    worst = 0.0
                    for _ in range(30):
                        t = time.monotonic()
                        async with a.client.post(a.url + "/v1/chat/completions", json=CHAT) as r:
                            assert r.status == 200
                        worst = max(worst, time.monotonic() - t)
                        await asyncio.sleep(0.05)
                    print(f"slowest request while Redis hangs: {worst * 1000:.1f} ms")
                    assert worst < 0.25, worst
                    await _until(lambda: not a.gateway.rollouts.fleet.up, 5)
                finally:
                    os.kill(redis_server.proc.pid, signal.SIGCONT)
                await _until(lambda: a.gateway.rollouts.fleet.up, 5)
            finally:
                await store.close()


async def test_only_the_fleet_leader_runs_scheduled_validation(redis_server, tmp_path):
    """Issue 21, fleets: probe traffic must not grow with the number of replicas, so the
    validation scheduler of every replica asks the fleet lease before a scheduled run."""
    async with _mocks("base", "canary") as (base, can):
        ya = _two_yaml(redis_server.url, "a", base, can, tmp_path)
        yb = _two_yaml(redis_server.url, "b", base, can, tmp_path)
        async with running_gateway(ya) as a, running_gateway(yb) as b:
            gws = (a.gateway, b.gateway)
            await _until(lambda: _applied(a, b), 5)
            await _until(lambda: any(g.rollouts.fleet.lease.leads for g in gws), 5)
            runs = [g.validation.should_run() for g in gws]
            leads = [g.rollouts.fleet.lease.leads for g in gws]
            assert runs == leads and sorted(runs) == [False, True]
