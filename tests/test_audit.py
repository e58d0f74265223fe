"""The audit log: sampling, classification, the chain writer, and end to end through real servers
(lineage, redaction, durability before the answer, failure policy, reloads, emit)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import orjson
import pytest
from harness import running_gateway

from filters.base import Action, Decision
from gateway import metrics
from gateway.audit.chain import ChainWriter, Sealer, chain_files
from gateway.audit.config import AuditConfig
from gateway.audit.policy import (
    classify,
    is_sampled,
    model_mismatch,
    rate_threshold,
    sample_point,
    set_sample_key,
)
from gateway.audit.records import config_changes, redact_text
from gateway.audit.verify import verify_path
from gateway.config import parse_config

# --- sampling -----------------------------------------------------------------------------


def _sampled_in_another_process(key: str | None) -> list[str]:
    code = (
        "from gateway.audit.policy import is_sampled, set_sample_key\n"
        f"set_sample_key({key!r}.encode() if {key!r} else None)\n"
        "print(','.join(i for i in (f'req-{n}' for n in range(2000)) if is_sampled(i, 0.1)))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip().split(",")


def test_sampling_is_deterministic_and_replica_independent_under_a_shared_key():
    ids = [f"req-{i}" for i in range(2000)]
    set_sample_key(b"shared audit key")
    try:
        here = [i for i in ids if is_sampled(i, 0.1)]
        assert sample_point("abc") == sample_point("abc")
    finally:
        set_sample_key(None)
    # A different interpreter with a different hash seed (another replica) picks the same ids.
    assert _sampled_in_another_process("shared audit key") == here
    assert 150 < len(here) < 250  # ~10%


def test_sample_points_cannot_be_predicted_without_the_secret():
    """Clients choose x-request-id: with a public key they could pick ids never sampled.
    Without a configured key each process draws its own secret; a different key (one the
    client might guess) samples different ids."""
    ids = [f"req-{i}" for i in range(2000)]
    here = [i for i in ids if is_sampled(i, 0.1)]
    assert _sampled_in_another_process(None) != here
    assert _sampled_in_another_process("guessed") != here


def test_sampling_edges_and_monotonic_in_rate():
    ids = [f"id{i}" for i in range(3000)]
    assert not any(is_sampled(i, 0.0) for i in ids)
    assert all(is_sampled(i, 1.0) for i in ids)
    low = {i for i in ids if is_sampled(i, 0.01)}
    high = {i for i in ids if is_sampled(i, 0.05)}
    assert low <= high  # raising the rate only adds exchanges: replicas at different rates still agree
    assert rate_threshold(0.5) == 1 << 63


def _d(action: Action, mode: str = "enforce") -> Decision:
    return Decision(filter="f", action=action, mode=mode)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "decisions, outcome, status, models, expected",
    [
        ([], "success", 200, (None, None), ()),
        ([_d(Action.ALLOW)], "success", 200, (None, None), ()),
        ([_d(Action.BLOCK)], "blocked", 400, (None, None), ("block",)),
        ([_d(Action.REDACT), _d(Action.FLAG)], "success", 200, (None, None), ("redact", "flag")),
        ([_d(Action.BLOCK, "monitor")], "success", 200, (None, None), ("flag",)),  # would have blocked
        ([], "upstream_5xx", 502, (None, None), ("error",)),
        ([], "unreachable", 502, (None, None), ("error",)),
        ([], "timeout", 504, (None, None), ("error",)),
        ([], "filter_failure", 503, (None, None), ("error",)),
        ([], "draining", 503, (None, None), ()),
        ([], "upstream_4xx", 429, (None, None), ()),
        ([], "success", 200, ("llama-3", "llama-2"), ("flag",)),  # model swap
        ([], "success", 200, ("llama-3", "llama-3"), ()),
        ([], "success", 200, ("llama-3*", "llama-3-0613"), ()),  # a glob pin
        ([], "success", 200, ("llama-3", None), ()),
    ],
)
def test_classify(decisions, outcome, status, models, expected):
    assert classify(decisions, outcome, status, model_mismatch(*models)) == expected


# --- records --------------------------------------------------------------------------------


def test_redact_text_cuts_after_redacting():
    text = "mail jane.doe@example.com " + "x" * 50
    out = redact_text(text, 20)
    assert out["text"].startswith("mail <EMAIL_ADDRESS>") and out["truncated"] and out["chars"] == len(text)
    # A huge text is only scanned in a window; what is kept never shows a cut entity.
    big = ("4111 1111 1111 1111 " * 5000)[:100_000]
    out = redact_text(big, 100)
    assert "1111" not in out["text"] and out["truncated"]


def _cfg(extra_route: str = "", weight: int = 5) -> object:
    return parse_config(
        orjson.loads(
            orjson.dumps(
                {
                    "version": 1,
                    "upstreams": {"a": {"url": "http://a"}, "b": {"url": "http://b"}},
                    "filters": {"kw": {"type": "keywords", "deny": ["x"], "mode": "enforce"}},
                    "audit": {"path": "/tmp/x"},
                    "routes": [
                        {
                            "name": "chat",
                            "match": {"path": "/v1/chat"},
                            "upstream": "a",
                            "filters": ["kw"],
                            "audit": {"sample_rate": weight / 100},
                        },
                        *(
                            [{"name": extra_route, "match": {"path": "/x"}, "upstream": "b"}]
                            if extra_route
                            else []
                        ),
                    ],
                    "principals": [{"name": "bot", "key_sha256": ["ab" * 32]}],
                }
            )
        )
    )


def test_config_changes_summary():
    old, new = _cfg(), _cfg("embed", weight=25)
    ch = config_changes(old, new)
    assert ch["routes"]["added"] == ["embed"]
    assert ch["routes"]["changed"]["chat"] == [{"path": "audit.sample_rate", "old": 0.05, "new": 0.25}]
    assert "upstreams" not in ch and "principals" not in ch
    assert config_changes(old, old) == {}


def test_route_audit_needs_top_level_section():
    with pytest.raises(Exception, match=r"routes\[0\].audit: needs the top-level audit section"):
        parse_config(
            {
                "version": 1,
                "upstreams": {"a": {"url": "http://a"}},
                "routes": [
                    {"name": "r", "match": {"path": "/"}, "upstream": "a", "audit": {"sample_rate": 1}}
                ],
            }
        )
    with pytest.raises(Exception, match="credential headers"):
        AuditConfig(path="/x", headers=["user-agent", "Authorization"])


# --- the chain writer -------------------------------------------------------------------------


def test_writer_rotates_by_size_and_age_and_continues_after_restart(tmp_path):
    now = [1_700_000_000.0]
    w = ChainWriter(tmp_path, Sealer(), rotate_bytes=4096, rotate_s=60, clock=lambda: now[0])
    for i in range(40):
        assert w.commit([{"kind": "alert", "ts": now[0], "data": {"i": i, "pad": "p" * 200}}])
    files = chain_files(tmp_path)[0]
    assert len(files) >= 2  # size
    now[0] += 61
    assert w.commit([{"kind": "alert", "ts": now[0], "data": {}}])
    assert len(chain_files(tmp_path)[0]) == len(files) + 1  # age
    last = w.seq
    w.close()
    # A restart continues the chain in a new file whose header links to the old head.
    w2 = ChainWriter(tmp_path, Sealer(), clock=lambda: now[0])
    written = w2.commit([{"kind": "alert", "ts": now[0], "data": {}}])
    assert written is not None and written[0]["kind"] == "rotation" and written[0]["reason"] == "start"
    assert written[0]["seq"] == last + 1 and written[0]["previous_hash"] == w.last_hash
    w2.close()
    [report] = verify_path(tmp_path, None)
    assert report.ok and report.records == last + 2 and report.first_seq == 1


def test_two_processes_never_share_a_chain(tmp_path):
    a, b = ChainWriter(tmp_path, Sealer()), ChainWriter(tmp_path, Sealer())
    assert a.commit([{"kind": "alert", "ts": 1.0}]) and b.commit([{"kind": "alert", "ts": 1.0}])
    assert (a.slot, b.slot) == (0, 1)
    a.close()
    b.close()
    assert all(r.ok for r in verify_path(tmp_path, None))


def test_disk_full_loses_nothing_silently_and_records_the_gap(tmp_path):
    w = ChainWriter(tmp_path, Sealer())
    assert w.commit([{"kind": "alert", "ts": 1.0}])
    seq, head = w.seq, w.last_hash
    full = os.open("/dev/full", os.O_WRONLY)
    saved = os.dup(w._fd)
    os.dup2(full, w._fd)  # every write now fails with ENOSPC, as on a full disk
    assert w.commit([{"kind": "alert", "ts": 2.0}]) is None
    assert w.commit([{"kind": "alert", "ts": 3.0}], mandatory=False) is None
    assert (w.seq, w.last_hash) == (seq, head)  # the chain did not advance past what is on disk
    assert w.failing_since is not None and "No space" in w.last_error
    os.dup2(saved, w._fd)
    written = w.commit([{"kind": "alert", "ts": 4.0}])
    assert written is not None and written[0]["kind"] == "audit_gap"
    assert written[0]["lost"] == {"mandatory": 1, "sampled": 1}
    w.close()
    assert verify_path(tmp_path, None)[0].ok


# --- end to end ---------------------------------------------------------------------------------

BASE = """
version: 1
upstreams:
  mock: {{url: "MOCK_URL", expect_model: "gpt-*"}}
  unpinned: {{url: "MOCK_URL"}}
filters:
  kw: {{type: keywords, deny: ["forbidden-topic"], action: block}}
  watch: {{type: keywords, deny: ["watchword"], action: block, mode: monitor}}
  answers: {{type: keywords, deny: ["zzz-never"], action: flag}}
audit: {{path: "{path}", on_failure: {on_failure}, defaults: {{sample_rate: 0.0}}, flush_interval_ms: 20}}
routes:
  - name: chat
    match: {{path: /v1/chat/completions, models: ["gpt-*"]}}
    filters: [kw, watch]
    response_filters: [answers]
    upstream: mock
    audit: {{sample_rate: {rate}, always: [block, redact, flag, error]}}
  - name: plain
    match: {{path: /v1/chat/completions}}
    upstream: unpinned
    audit: {{sample_rate: {plain_rate}}}
"""


def config(path: Path, on_failure: str = "fail_closed", rate: float = 0.0, plain_rate: float = 0.0) -> str:
    return BASE.format(path=path, on_failure=on_failure, rate=rate, plain_rate=plain_rate)


def chat(content: str, model: str = "gpt-4o", **extra: object) -> dict:
    return {"model": model, "messages": [{"role": "user", "content": content}], **extra}


def records(path: Path) -> list[dict]:
    out = []
    for files in chain_files(path).values():
        for f in files:
            out += [orjson.loads(line) for line in f.read_bytes().splitlines()]
    return out


def exchanges(path: Path) -> list[dict]:
    return [r for r in records(path) if r["kind"] == "exchange"]


async def test_blocked_exchange_is_on_disk_before_the_answer_with_lineage(tmp_path):
    async with running_gateway(config(tmp_path)) as gw:
        r = await gw.client.post(
            gw.url + "/v1/chat/completions",
            json=chat("tell me about forbidden-topic"),
            headers={"Authorization": "Bearer sk-client-secret", "User-Agent": "unit-test/1"},
        )
        assert r.status == 400
        [rec] = exchanges(tmp_path)  # read right after the answer: no flush wait
        assert rec["request_id"] == r.headers["x-request-id"]
        assert rec["route"] == "chat" and rec["upstream"] == "mock" and rec["variant"] == "baseline"
        assert rec["config_version"] == gw.gateway.current.version
        assert rec["why"] == ["block"] and rec["status"] == 400 and rec["outcome"] == "blocked"
        assert [f["name"] for f in rec["filters"]] == ["kw", "watch", "answers"]
        assert rec["filters"][0]["lineage"] == "keywords/1" and rec["filters"][1]["mode"] == "monitor"
        assert rec["decisions"][0]["action"] == "block" and rec["decisions"][0]["reason"] == "keyword_match"
        assert rec["model"]["expected"] == "gpt-*" and rec["model"]["requested"] == "gpt-4o"
        assert rec["headers"] == {"user-agent": "unit-test/1"}
        assert rec["request"] == [{"role": "user", "text": "tell me about forbidden-topic", "chars": 29}]
        raw = b"".join(f.read_bytes() for fs in chain_files(tmp_path).values() for f in fs)
        assert b"sk-client-secret" not in raw and b"Bearer" not in raw

        # monitor-mode "would have blocked" and a model swap are flags: recorded, answer unchanged
        r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("the watchword"))
        assert r.status == 200
        r = await gw.client.post(
            gw.url + "/v1/chat/completions", json=chat("hi"), headers={"x-mock-model": "other"}
        )
        assert r.status == 200
        flagged = exchanges(tmp_path)[1:]
        assert [x["why"] for x in flagged] == [["flag"], ["flag"]]
        assert flagged[1]["model"] == {
            "requested": "gpt-4o",
            "expected": "gpt-*",
            "observed": "other",
            "mismatch": True,
        }
        # an upstream 5xx is an error record; an ordinary request at sample_rate 0 is not recorded
        r = await gw.client.post(
            gw.url + "/v1/chat/completions", json=chat("x"), headers={"x-mock-status": "500"}
        )
        assert r.status == 500
        r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("x"))
        assert r.status == 200
        assert [x["why"] for x in exchanges(tmp_path)[3:]] == [["error"]]
        m = await gw.admin("GET", "/admin/audit")
        status = await m.json()
        assert status["healthy"] and status["records"]["exchange"] == 4
    recs = records(tmp_path)
    assert [r["kind"] for r in recs[:2]] == ["rotation", "startup"] and recs[-1]["kind"] == "shutdown"
    assert verify_path(tmp_path, None)[0].ok


async def test_no_raw_pii_in_records_even_without_a_pii_filter(tmp_path):
    email, card = "jane.doe@example.com", "4111 1111 1111 1111"
    async with running_gateway(config(tmp_path, rate=1.0, plain_rate=1.0)) as gw:
        # `plain` has no filters at all (texts are read by the audit itself); `chat` screens answers.
        for model in ("local-model", "gpt-4o"):
            r = await gw.client.post(
                gw.url + "/v1/chat/completions",
                json=chat(f"write to {email}, card {card}", model=model),
                headers={"User-Agent": f"bot {email}"},
            )
            assert r.status == 200
            assert email in (await r.text())  # the route itself lets it through: only the audit redacts
        r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat(f"{email} forbidden-topic"))
        assert r.status == 400
    recs = exchanges(tmp_path)
    assert len(recs) == 3
    by_route = {r["route"]: r for r in recs if r["status"] == 200}
    assert by_route["plain"]["request"][0]["text"] == "write to <EMAIL_ADDRESS>, card <CREDIT_CARD>"
    assert by_route["chat"]["response"][0]["text"] == "echo: write to <EMAIL_ADDRESS>, card <CREDIT_CARD>"
    raw = b"".join(f.read_bytes() for fs in chain_files(tmp_path).values() for f in fs)
    for secret in (email, card, card.replace(" ", ""), "jane.doe"):
        assert secret.encode() not in raw


async def test_sampled_records_are_flushed_by_the_writer_thread(tmp_path):
    cfg = config(tmp_path, plain_rate=1.0).replace(
        "flush_interval_ms: 20", "flush_interval_ms: 100, queue_size: 16"
    )
    async with running_gateway(cfg) as gw:
        for _ in range(5):
            r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("hi", model="local"))
            assert r.status == 200
        deadline = time.monotonic() + 2
        while len(exchanges(tmp_path)) < 5 and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        assert [x["why"] for x in exchanges(tmp_path)] == [["sample"]] * 5
        # queue full: drop and count, never block
        audit = gw.gateway.audit
        before = metrics.audit_dropped._value.get()
        pending = audit._record(
            gw_exchange(), "success", 200, audit._table_for(""), audit._table_for("").default, (), ["sample"]
        )
        for _ in range(audit.cfg.queue_size + 50):
            audit.sink.enqueue(pending)
        assert audit.sink.dropped >= 1 and metrics.audit_dropped._value.get() > before


def gw_exchange():
    from gateway.exchange import Exchange

    return Exchange(request_id="q", method="POST", path="/x", headers={}, body=b"")


async def test_streamed_block_is_recorded_before_the_stream_ends(tmp_path):
    cfg = config(tmp_path).replace('deny: ["zzz-never"], action: flag', 'deny: ["secret"], action: block')
    async with running_gateway(cfg) as gw:
        async with gw.client.post(
            gw.url + "/v1/chat/completions",
            json=chat("x", stream=True),
            headers={"x-mock-reply": "the secret is out"},
        ) as r:
            body = await r.read()
        assert b"secret" not in body.replace(b"stopped by policy", b"")
        [rec] = exchanges(tmp_path)
        assert rec["stream"] and rec["why"] == ["block"] and rec["outcome"] == "blocked"


@contextlib.contextmanager
def unwritable(path: Path):
    """A directory nobody can create files in, root included (root ignores mode bits)."""
    if os.geteuid() != 0:
        path.chmod(0o555)
        try:
            yield
        finally:
            path.chmod(0o755)
        return
    if (
        shutil.which("chattr")
        and subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0
    ):
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        return
    pytest.skip("cannot make a directory read-only for root here (no chattr +i)")


@pytest.mark.parametrize("policy", ["fail_closed", "allow"])
async def test_read_only_directory_follows_the_failure_policy(tmp_path, policy):
    path = tmp_path / "audit"
    path.mkdir()
    errors_before = metrics.audit_write_errors._value.get()
    with unwritable(path):
        async with running_gateway(config(path, on_failure=policy)) as gw:
            blocked = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("forbidden-topic"))
            ordinary = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("hello"))
            ready = await gw.client.get(gw.url + "/readyz")
            ready_body = await ready.json()
            assert ordinary.status == 200  # nothing mandatory to write: served either way
            assert ready_body["audit"] == "failing"
            if policy == "fail_closed":
                assert blocked.status == 503
                assert (await blocked.json())["error"]["code"] == "audit_unavailable"
                assert ready.status == 503 and ready_body["status"] == "audit_unavailable"
            else:
                assert blocked.status == 400
                assert ready.status == 200
            assert metrics.audit_write_errors._value.get() > errors_before
            status = await (await gw.admin("GET", "/admin/audit")).json()
            assert not status["healthy"] and status["lost"]["mandatory"] >= 1


async def test_recovery_writes_a_gap_record_and_readiness_returns(tmp_path):
    path = tmp_path / "audit"
    path.mkdir()
    cm = running_gateway(config(path))
    with unwritable(path):
        gw = await cm.__aenter__()
        try:
            r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("forbidden-topic"))
            assert r.status == 503
        except BaseException:
            await cm.__aexit__(None, None, None)
            raise
    try:
        # no traffic needed: the writer thread retries every second and records the gap
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            r = await gw.client.get(gw.url + "/readyz")
            if r.status == 200:
                break
            await asyncio.sleep(0.1)
        assert r.status == 200 and (await r.json())["audit"] == "ok"
        r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("forbidden-topic"))
        assert r.status == 400
    finally:
        await cm.__aexit__(None, None, None)
    recs = records(path)
    assert [x["kind"] for x in recs[:3]] == ["rotation", "audit_gap", "exchange"]
    assert recs[1]["lost"]["mandatory"] >= 2  # the startup record and the refused exchange
    assert verify_path(path, None)[0].ok


async def test_reloads_are_recorded_applied_and_rejected(tmp_path):
    async with running_gateway(config(tmp_path)) as gw:
        old = gw.gateway.current.version
        gw.write_config(config(tmp_path, rate=0.25))
        r = await gw.admin("POST", "/admin/config/reload")
        assert r.status == 200
        gw.write_config("version: 1\nroutes: []\n")
        r = await gw.admin("POST", "/admin/config/reload")
        assert r.status == 422
        changes = [x for x in records(tmp_path) if x["kind"] == "config_change"]
        applied, rejected = changes
        assert applied["source"] == "admin_api" and applied["result"] == "applied"
        assert applied["old_version"] == old and applied["new_version"] == gw.gateway.current.version
        assert applied["changes"]["routes"]["changed"]["chat"] == [
            {"path": "audit.sample_rate", "old": 0.0, "new": 0.25}
        ]
        assert rejected["result"] == "rejected" and rejected["errors"]
        # the new sampling rate is live
        assert gw.gateway.audit._table_for(gw.gateway.current.version).get("chat").sample_rate == 0.25


async def test_emit_api_for_rollouts_alerts_and_shadow_divergence(tmp_path):
    async with running_gateway(config(tmp_path)) as gw:
        audit = gw.gateway.audit
        assert audit.emit(
            "rollout", {"route": "chat", "from_weight": 5, "to_weight": 25, "action": "promote"}, route="chat"
        )
        assert audit.emit("alert", {"name": "burn_rate", "window": "1h", "note": "page jane@example.com"})
        # chat's `always` does not list shadow_divergence and its rate is 0: skipped
        assert audit.emit("shadow_divergence", {"score": 0.4}, route="chat", request_id="r1")
        with pytest.raises(ValueError):
            audit.emit("nonsense", {})
        kinds = [r["kind"] for r in records(tmp_path)]
        assert kinds.count("rollout") == 1 and kinds.count("alert") == 1 and "shadow_divergence" not in kinds
        alert = next(r for r in records(tmp_path) if r["kind"] == "alert")
        assert alert["data"]["note"] == "page <EMAIL_ADDRESS>"


def test_interrupted_write_is_acknowledged_by_the_next_file(tmp_path):
    w = ChainWriter(tmp_path, Sealer())
    assert w.commit([{"kind": "alert", "ts": 1.0}])
    w.close()
    [f] = chain_files(tmp_path)[0]
    with open(f, "ab") as fh:  # a crash during a write that the kernel only partly completed
        fh.write(b'{"kind":"exchange","seq":3,"pr')
    w2 = ChainWriter(tmp_path, Sealer())
    written = w2.commit([{"kind": "alert", "ts": 2.0}])
    assert written is not None and written[0]["recovered"] == {"file": f.name, "torn_bytes": 30}
    assert written[0]["seq"] == 3  # continues after the last complete record
    w2.close()
    [report] = verify_path(tmp_path, None)
    assert report.ok and "interrupted write" in report.notes[0]
