"""`aigw audit verify|timeline|export`: a real log verifies, every kind of tampering is caught,
HMAC keys matter, the timeline matches a golden file, and a SIGKILLed gateway keeps every
acknowledged blocked request."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import orjson
import pytest
from harness import free_port, running_gateway

from gateway.audit.chain import ChainWriter, Sealer, canonical, chain_files
from gateway.audit.records import config_changes
from gateway.cli import main
from gateway.config import parse_config

KEY = "test-audit-key-0123456789"

LOG_CONFIG = """
version: 1
upstreams:
  mock: {{url: "MOCK_URL"}}
filters:
  kw: {{type: keywords, deny: ["forbidden-topic"], action: block}}
audit: {{path: "{path}", rotate_bytes: 4096, {extra}}}
routes:
  - name: chat
    match: {{path: /v1/chat/completions}}
    filters: [kw]
    upstream: mock
    audit: {{sample_rate: 0.5}}
"""


async def _make_log(path: Path, extra: str = "", env: dict | None = None) -> None:
    async with running_gateway(LOG_CONFIG.format(path=path, extra=extra), env=env) as gw:
        for i in range(24):
            text = "forbidden-topic" if i % 3 == 0 else f"hello number {i}"
            r = await gw.client.post(
                gw.url + "/v1/chat/completions",
                json={"model": "m", "messages": [{"role": "user", "content": text}]},
                headers={"x-request-id": f"req-{i:03d}"},
            )
            assert r.status in (200, 400)


@pytest.fixture(scope="module")
def real_log(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("audit") / "log"
    asyncio.run(_make_log(path))
    assert len(chain_files(path)[0]) >= 3  # rotated by size
    return path


@pytest.fixture
def log_copy(real_log, tmp_path) -> Path:
    dst = tmp_path / "log"
    shutil.copytree(real_log, dst)
    return dst


def verify(path: Path, capsys, *extra: str) -> tuple[int, str]:
    code = main(["audit", "verify", str(path), *extra])
    return code, capsys.readouterr().out


def lines_of(path: Path) -> tuple[list[Path], list[list[bytes]]]:
    files = chain_files(path)[0]
    return files, [f.read_bytes().splitlines(keepends=True) for f in files]


def test_verify_passes_on_a_real_log(real_log, capsys):
    code, out = verify(real_log, capsys)
    assert code == 0, out
    assert "chain 0: OK" in out and "clean shutdown" in out
    export = subprocess.run(
        [sys.executable, "-m", "gateway.cli", "audit", "export", str(real_log), "--kind", "exchange"],
        capture_output=True,
        check=True,
    ).stdout
    recs = [orjson.loads(x) for x in export.splitlines()]
    assert recs and all(r["kind"] == "exchange" for r in recs)
    assert sum(r["why"] == ["block"] for r in recs) == 8  # every blocked request, sampled or not
    # a single file verifies on its own, but not as a whole chain (its head was rotated away)
    second = chain_files(real_log)[0][1]
    assert main(["audit", "verify", str(second)]) == 1
    assert main(["audit", "verify", str(second), "--partial"]) == 0


def _edit_record(line: bytes, **changes) -> bytes:
    rec = orjson.loads(line)
    rec.update(changes)
    return orjson.dumps(rec) + b"\n"


def test_edited_field_is_caught(log_copy, capsys):
    files, content = lines_of(log_copy)
    i = next(i for i, x in enumerate(content[0]) if b'"why":["block"]' in x)
    content[0][i] = content[0][i].replace(b'"status":400', b'"status":200')
    files[0].write_bytes(b"".join(content[0]))
    code, out = verify(log_copy, capsys)
    assert code == 1 and f"line {i + 1}" in out and "hash mismatch" in out and '"status":200' in out


def test_edited_and_rehashed_record_breaks_the_next_link(log_copy, capsys):
    files, content = lines_of(log_copy)
    rec = orjson.loads(content[0][3])
    rec.pop("hash")
    rec["status"] = 299
    rec["hash"] = Sealer().digest(canonical(rec))  # a forger without a key can redo one hash...
    content[0][3] = orjson.dumps(rec) + b"\n"
    files[0].write_bytes(b"".join(content[0]))
    code, out = verify(log_copy, capsys)
    assert code == 1 and "line 5" in out and "prev is not the hash of the previous record" in out


def test_deleted_record_is_caught(log_copy, capsys):
    files, content = lines_of(log_copy)
    del content[1][2]
    files[1].write_bytes(b"".join(content[1]))
    code, out = verify(log_copy, capsys)
    assert code == 1 and "records deleted or reordered" in out and files[1].name in out


def test_reordered_records_are_caught(log_copy, capsys):
    files, content = lines_of(log_copy)
    content[0][3], content[0][4] = content[0][4], content[0][3]
    files[0].write_bytes(b"".join(content[0]))
    code, out = verify(log_copy, capsys)
    assert code == 1 and "line 4" in out and "deleted or reordered" in out


def test_truncated_file_is_caught(log_copy, capsys):
    files, _ = lines_of(log_copy)
    data = files[-1].read_bytes()
    files[-1].write_bytes(data[: len(data) - 40])  # cut inside the last record
    code, out = verify(log_copy, capsys)
    assert code == 1 and "incomplete last line" in out


def test_deleted_middle_file_is_caught(log_copy, capsys):
    files, _ = lines_of(log_copy)
    files[1].unlink()
    code, out = verify(log_copy, capsys)
    assert code == 1 and ("previous file should be" in out or "deleted or reordered" in out)


async def test_hmac_keyed_log_needs_the_right_key(tmp_path, capsys, monkeypatch):
    path = tmp_path / "keyed"
    await _make_log(path, extra="hmac_key_env: AUDIT_TEST_KEY", env={"AUDIT_TEST_KEY": KEY})
    monkeypatch.delenv("AIGW_AUDIT_KEY", raising=False)
    code, out = verify(path, capsys)
    assert code == 2  # cannot check a keyed log without its key
    monkeypatch.setenv("AUDIT_TEST_KEY", KEY)
    assert verify(path, capsys, "--hmac-key-env", "AUDIT_TEST_KEY")[0] == 0
    monkeypatch.setenv("AIGW_AUDIT_KEY", "wrong-key")
    code, out = verify(path, capsys)
    assert code == 1 and "hash mismatch" in out
    # rewriting the whole chain with plain SHA-256 (no key needed) does not fool a key holder
    files, content = lines_of(path)
    prev, seq = "0" * 64, 0
    for f, lines in zip(files, content, strict=True):
        out_lines = []
        for raw in lines:
            rec = orjson.loads(raw)
            rec.pop("hash")
            seq += 1
            rec.update(seq=seq, prev=prev)
            if rec["kind"] == "rotation":
                rec.update(alg="sha256", previous_hash=prev)
            prev = Sealer().digest(canonical(rec))
            out_lines.append(orjson.dumps({**rec, "hash": prev}) + b"\n")
        f.write_bytes(b"".join(out_lines))
    assert verify(path, capsys, "--hmac-key-env", "NO_SUCH_VAR")[0] == 0  # consistent as an unkeyed chain
    code, out = verify(path, capsys, "--hmac-key-env", "AUDIT_TEST_KEY")
    assert code == 1 and "rewritten without the key" in out


# --- timeline golden test ------------------------------------------------------------------

T0 = 1_767_225_600.0  # 2026-01-01T00:00:00Z


def _golden_log(path: Path) -> None:
    now = [T0]
    w = ChainWriter(path, Sealer(), clock=lambda: now[0])
    base = {
        "version": 1,
        "upstreams": {"v1": {"url": "http://a"}, "v2": {"url": "http://b"}},
        "routes": [{"name": "chat", "match": {"path": "/v1/chat"}, "upstream": "v1"}],
    }
    changed = {**base, "routes": [{**base["routes"][0], "upstream": "v2"}]}
    exchange = {
        "kind": "exchange",
        "route": "chat",
        "principal": "support-bot",
        "upstream": "v1",
        "upstream_status": None,
        "error": None,
        "model": {"mismatch": False},
    }
    events = [
        {"kind": "startup", "pid": 42, "host": "node-1", "role": "data", "config_version": "a" * 64,
         "config": {"routes": ["chat"]}},
        {**exchange, "request_id": "r-sampled", "kinds": [], "decisions": [], "status": 200, "outcome": "success",
         "upstream_status": 200},
        {"kind": "config_change", "source": "admin_api", "result": "applied", "old_version": "a" * 64,
         "new_version": "b" * 64, "changes": config_changes(parse_config(base), parse_config(changed))},
        {**exchange, "request_id": "r-1", "kinds": ["block"], "status": 400, "outcome": "blocked",
         "decisions": [{"filter": "injection", "action": "block", "reason": "prompt_injection", "score": 0.93,
                        "mode": "enforce"}]},
        {"kind": "rollout", "route": "chat", "request_id": None,
         "data": {"canary_upstream": "v2", "action": "rollback", "actor": "judge", "reason": "error_rate_delta",
                  "from": {"state": "stepping", "weight": 25}, "to": {"state": "rolled_back", "weight": 0}}},
        {**exchange, "request_id": "r-2", "kinds": ["error"], "status": 502, "outcome": "upstream_5xx",
         "decisions": [], "upstream": "v2", "upstream_status": 502},
        {"kind": "alert", "route": "chat", "request_id": None,
         "data": {"type": "slo_burn_rate", "route": "chat", "rule": "page", "state": "firing", "severity": "page",
                  "burn_rate": {"1h": 14.4, "5m": 15.1}, "at": T0}},
        {**exchange, "route": "embed", "request_id": "r-3", "kinds": ["block"], "status": 400, "outcome": "blocked",
         "decisions": [{"filter": "pii", "action": "block", "reason": "pii_detected", "score": 1.0, "mode": "enforce"}]},
        {"kind": "config_change", "source": "sighup", "result": "rejected", "old_version": "b" * 64,
         "errors": ["routes[0].upstream: unknown upstream 'v3'"]},
        {"kind": "shutdown", "uptime_s": 300.0, "records": {"exchange": 4, "rotation": 1}, "dropped": 0,
         "write_errors": 0},
    ]  # fmt: skip
    for i, rec in enumerate(events):
        now[0] = T0 + 60 * i + 0.25
        rec["ts"] = now[0]
        assert w.commit([rec])
    w.close()


GOLDEN = """\
2026-01-01T00:00:00.250Z  startup           -            pid 42 on node-1 (data), config aaaaaaaaaaaa, 1 routes
2026-01-01T00:02:00.250Z  config_change     -            admin_api: aaaaaaaaaaaa -> bbbbbbbbbbbb; routes ~chat(upstream v1 -> v2)
2026-01-01T00:03:00.250Z  block             chat         req r-1 by support-bot injection block prompt_injection 0.93 -> 400 blocked
2026-01-01T00:04:00.250Z  rollout           chat         rollback by judge: stepping 25% -> rolled_back 0% (error_rate_delta)
2026-01-01T00:05:00.250Z  error             chat         req r-2 by support-bot -> 502 upstream_5xx upstream v2 502
2026-01-01T00:06:00.250Z  alert             chat         type=slo_burn_rate rule=page state=firing severity=page burn_rate={1h:14.4,5m:15.1}
2026-01-01T00:07:00.250Z  block             embed        req r-3 by support-bot pii block pii_detected 1.00 -> 400 blocked
2026-01-01T00:08:00.250Z  config_change     -            sighup: reload REJECTED (1 errors), still bbbbbbbbbbbb: routes[0].upstream: unknown upstream 'v3'
2026-01-01T00:09:00.250Z  shutdown          -            after 300.0 s, 5 records written, 0 dropped, 0 write errors
"""


def test_timeline_golden(tmp_path, capsys):
    _golden_log(tmp_path)
    assert main(["audit", "verify", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["audit", "timeline", str(tmp_path)]) == 0
    assert capsys.readouterr().out == GOLDEN
    # --route keeps that route plus gateway-wide events; --kind narrows; --since/--until cut
    main(
        ["audit", "timeline", str(tmp_path), "--route", "embed", "--kind", "block", "--kind", "config_change"]
    )
    out = capsys.readouterr().out.splitlines()
    assert [x.split()[1] for x in out] == ["config_change", "block", "config_change"]
    main(["audit", "timeline", str(tmp_path), "--since", "2026-01-01T00:03:00Z", "--until", str(T0 + 330)])
    assert [x.split()[1] for x in capsys.readouterr().out.splitlines()] == ["block", "rollout", "error"]
    main(["audit", "timeline", str(tmp_path), "--kind", "exchange", "--json"])
    [entry] = [orjson.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert entry["request_id"] == "r-sampled" and entry["time"] == "2026-01-01T00:01:00.250Z"


def test_kind_takes_a_comma_list_and_refuses_unknown_kinds(tmp_path, capsys):
    _golden_log(tmp_path)
    # the form the README and docs/operations.md show
    assert main(["audit", "timeline", str(tmp_path), "--kind", "rollout,config_change"]) == 0
    kinds = [x.split()[1] for x in capsys.readouterr().out.splitlines()]
    assert kinds == ["config_change", "rollout", "config_change"]
    assert main(["audit", "timeline", str(tmp_path), "--kind", "rollout, alert", "--kind", "block"]) == 0
    assert {x.split()[1] for x in capsys.readouterr().out.splitlines()} == {"rollout", "alert", "block"}
    for argv in (
        ["audit", "timeline", str(tmp_path), "--kind", "rollout,rollouts"],
        ["audit", "export", str(tmp_path), "--kind", "block"],  # a timeline kind, not a record kind
    ):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 2
        err = capsys.readouterr().err
        assert err.startswith("aigw audit: unknown kind ") and "known:" in err
    assert main(["audit", "export", str(tmp_path), "--kind", "startup,shutdown"]) == 0
    kinds = [orjson.loads(x)["kind"] for x in capsys.readouterr().out.splitlines()]
    assert kinds == ["startup", "shutdown"]


# --- SIGKILL -----------------------------------------------------------------------------------


async def test_sigkill_after_50_acknowledged_blocks_leaves_50_records(tmp_path, capsys):
    from gateway.devtools.mockllm import start_mock

    mock_runner, _, mock_port = await start_mock()
    port, admin = free_port(), free_port()
    audit_dir = tmp_path / "audit"
    cfg = tmp_path / "gw.yaml"
    cfg.write_text(
        f"""
version: 1
server: {{listen: "127.0.0.1:{port}", admin_listen: "127.0.0.1:{admin}"}}
upstreams:
  mock: {{url: "http://127.0.0.1:{mock_port}"}}
filters:
  kw: {{type: keywords, deny: ["forbidden-topic"], action: block}}
audit: {{path: "{audit_dir}", defaults: {{sample_rate: 0.0}}}}
routes:
  - name: chat
    match: {{path: /v1/chat/completions}}
    filters: [kw]
    upstream: mock
"""
    )
    env = {**os.environ, "AIGW_ADMIN_TOKEN": "t"}

    def spawn() -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "gateway.cli", "run", "-c", str(cfg)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    async def wait_ready(session: aiohttp.ClientSession) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                async with session.get(f"http://127.0.0.1:{port}/readyz") as r:
                    if r.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
        raise TimeoutError("gateway not ready")

    proc = spawn()
    try:
        async with aiohttp.ClientSession() as session:
            await wait_ready(session)
            body = {"model": "m", "messages": [{"role": "user", "content": "forbidden-topic"}]}
            for i in range(50):
                async with session.post(
                    f"http://127.0.0.1:{port}/v1/chat/completions",
                    json=body,
                    headers={"x-request-id": f"k{i}"},
                ) as r:
                    assert r.status == 400
            os.killpg(proc.pid, signal.SIGKILL)  # right after the 50th answer: no drain, no flush
            proc.wait(5)
            recs = [orjson.loads(x) for f in chain_files(audit_dir)[0] for x in f.read_bytes().splitlines()]
            assert [r["request_id"] for r in recs if r["kind"] == "exchange"] == [f"k{i}" for i in range(50)]
            code, out = verify(audit_dir, capsys)
            assert code == 0 and "running, or killed" in out
            # a restart continues the same chain in a new file
            proc = spawn()
            await wait_ready(session)
            async with session.post(f"http://127.0.0.1:{port}/v1/chat/completions", json=body) as r:
                assert r.status == 400
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(10)
        await mock_runner.cleanup()
    code, out = verify(audit_dir, capsys)
    assert code == 0 and "2 files" in out and "clean shutdown" in out
