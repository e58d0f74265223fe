"""The real `aigw` process: SIGTERM drain, SIGHUP reload, multi-worker start with SO_REUSEPORT
and aggregated metrics, the demo command."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import aiohttp
import pytest
from harness import free_port

from gateway.devtools.mockllm import start_mock
from gateway.rollout.views import status

TOKEN = "proc-admin-token"


def write_config(
    path: Path, mock_port: int, port: int, admin_port: int, workers: int = 1, deny: str = "zzz"
) -> None:
    path.write_text(
        f"""
version: 1
server: {{listen: "127.0.0.1:{port}", admin_listen: "127.0.0.1:{admin_port}", workers: {workers}, drain_grace_s: 5}}
upstreams:
  mock: {{url: "http://127.0.0.1:{mock_port}", timeout_s: 10}}
filters:
  kw: {{type: keywords, deny: ["{deny}"]}}
routes:
  - name: chat
    match: {{path: /v1/chat/completions}}
    filters: [kw]
    upstream: mock
"""
    )


async def wait_ready(url: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as c:
        while time.monotonic() < deadline:
            try:
                async with c.get(url + "/readyz") as r:
                    if r.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise TimeoutError(f"{url} not ready")


def spawn(config: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "AIGW_ADMIN_TOKEN": TOKEN}
    return subprocess.Popen(
        [sys.executable, "-m", "gateway.cli", "run", "-c", str(config)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(5)


CHAT = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}


def _collect_lines(proc: subprocess.Popen[bytes], lines: list[str]) -> None:
    """The process's output, line by line as it comes (a thread: the pipe blocks)."""
    assert proc.stdout is not None
    for raw in proc.stdout:
        lines.append(raw.decode(errors="replace"))


async def test_sigterm_drains_inflight_then_exits(tmp_path):
    runner, mock, mock_port = await start_mock()
    port, admin = free_port(), free_port()
    cfg = tmp_path / "g.yaml"
    write_config(cfg, mock_port, port, admin)
    proc = spawn(cfg)
    try:
        url = f"http://127.0.0.1:{port}"
        await wait_ready(url)
        async with aiohttp.ClientSession() as c:
            slow = asyncio.create_task(
                c.post(url + "/v1/chat/completions", json=CHAT, headers={"x-mock-delay-ms": "1200"})
            )
            await asyncio.sleep(0.3)
            proc.send_signal(signal.SIGTERM)
            await asyncio.sleep(0.2)
            # Draining: for server.drain_announce_s (default 2 s) the listener stays open so a
            # load balancer's probe sees /readyz 503 on a new connection (issue 16 row 13) ...
            async with aiohttp.ClientSession() as fresh:
                assert (await fresh.get(url + "/readyz")).status == 503
            resp = await slow
            assert resp.status == 200  # the in-flight request finished
            await asyncio.sleep(2.0)
            # ... then it stops accepting new connections.
            with pytest.raises(aiohttp.ClientError):
                async with aiohttp.ClientSession() as fresh:
                    await fresh.get(url + "/readyz")
        rc = await asyncio.get_running_loop().run_in_executor(None, proc.wait, 10)
        assert rc == 0
    finally:
        stop(proc)
        await runner.cleanup()


async def test_sighup_reloads_config(tmp_path):
    runner, mock, mock_port = await start_mock()
    port, admin = free_port(), free_port()
    cfg = tmp_path / "g.yaml"
    write_config(cfg, mock_port, port, admin, deny="alpha")
    proc = spawn(cfg)
    try:
        url = f"http://127.0.0.1:{port}"
        await wait_ready(url)
        body = {"model": "m", "messages": [{"role": "user", "content": "beta"}]}
        async with aiohttp.ClientSession() as c:
            assert (await c.post(url + "/v1/chat/completions", json=body)).status == 200
            write_config(cfg, mock_port, port, admin, deny="beta")
            proc.send_signal(signal.SIGHUP)
            for _ in range(50):
                await asyncio.sleep(0.1)
                if (await c.post(url + "/v1/chat/completions", json=body)).status == 400:
                    break
            else:
                pytest.fail("SIGHUP did not reload")
    finally:
        stop(proc)
        await runner.cleanup()


async def test_multi_worker_shares_port_and_aggregates_metrics(tmp_path):
    runner, mock, mock_port = await start_mock()
    port, admin = free_port(), free_port()
    cfg = tmp_path / "g.yaml"
    write_config(cfg, mock_port, port, admin, workers=2)
    proc = spawn(cfg)
    try:
        url = f"http://127.0.0.1:{port}"
        await wait_ready(url, timeout=40)
        await asyncio.sleep(1.0)  # let the second worker bind too
        n = 60
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as c:
            statuses = await asyncio.gather(
                *(c.post(url + "/v1/chat/completions", json=CHAT) for _ in range(n))
            )
            assert all(r.status == 200 for r in statuses)
            # A worker moves its counts into its metrics file at the end of the loop iteration
            # that finished its last request; on a loaded machine that can land after the
            # client's last response, so the supervisor's sum is read until it settles.
            total = 0.0
            for _ in range(50):
                async with c.get(f"http://127.0.0.1:{admin}/metrics") as r:
                    text = await r.text()
                total = sum(
                    float(line.rsplit(" ", 1)[1])
                    for line in text.splitlines()
                    if line.startswith("aigw_requests_total{") and 'route="chat"' in line
                )
                if total >= n:
                    break
                await asyncio.sleep(0.1)
        assert total == n
        workers = subprocess.run(
            ["pgrep", "-f", "gateway.cli _worker"], capture_output=True, text=True
        ).stdout.split()
        assert len(workers) >= 2
        # Reload through the supervisor reaches every worker.
        write_config(cfg, mock_port, port, admin, workers=2, deny="hi")
        async with aiohttp.ClientSession() as c:
            async with c.post(
                f"http://127.0.0.1:{admin}/admin/config/reload", headers={"Authorization": f"Bearer {TOKEN}"}
            ) as r:
                assert r.status == 200
            await asyncio.sleep(1.0)
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as c:
            results = await asyncio.gather(
                *(c.post(url + "/v1/chat/completions", json=CHAT) for _ in range(20))
            )
            assert all(r.status == 400 for r in results)
        proc.send_signal(signal.SIGTERM)
        rc = await asyncio.get_running_loop().run_in_executor(None, proc.wait, 20)
        assert rc == 0
    finally:
        stop(proc)
        subprocess.run(["pkill", "-f", f"gateway.cli _worker -c {cfg}"], check=False)
        await runner.cleanup()


def test_demo_runs_and_shows_every_kind_of_outcome():
    port, admin = free_port(), free_port()
    if not _port_free(8090):
        pytest.skip("port 8090 (demo mock) busy")
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "gateway.cli",
            "demo",
            "--no-serve",
            "--port",
            str(port),
            "--admin-port",
            str(admin),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "prompt redacted" in text
    assert "policy_violation: keyword_match" in text
    assert text.count("policy_violation: prompt_injection") == 2  # plain and base64-hidden
    assert "invalid_api_key" in text
    assert "answer redacted" in text
    assert "<EMAIL_ADDRESS>" in text
    assert "jane.doe@acme.io" not in text.split("upstream saw")[2]
    assert f"operator console: http://127.0.0.1:{admin}/console/" in text


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


# --- the first hour: what a new user sees from the CLI (issue 22) -------------------------------


def aigw(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gateway.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def test_help_hides_internal_commands_and_describes_every_option():
    bare = aigw()
    assert bare.returncode == 2 and "usage: aigw" in bare.stdout and "run the gateway" in bare.stdout
    top = aigw("--help").stdout
    assert "_worker" not in top and "_supervise" not in top and "SUPPRESS" not in top
    run = aigw("run", "--help").stdout
    # every option of `run` has a description (argparse prints the option alone otherwise)
    for opt in ("-c CONFIG, --config CONFIG", "--log-level LOG_LEVEL"):
        line = next(x for x in run.splitlines() if x.strip().startswith(opt))
        after = line.strip()[len(opt) :].strip()
        follows = run.splitlines()[run.splitlines().index(line) + 1].strip()
        assert after or (follows and not follows.startswith("-")), opt
    assert "AIGW_ADMIN_TOKEN" in run
    assert "(default: 8090)" in aigw("mock", "--help").stdout
    assert "-c CONFIG" in aigw("rollout", "status", "--help").stdout
    assert "-c CONFIG" in aigw("slo", "status", "--help").stdout


def test_busy_port_is_one_line_and_leaves_no_startup_record(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        cfg = tmp_path / "g.yaml"
        write_config(cfg, 1, taken, free_port())
        cfg.write_text(cfg.read_text() + f'audit: {{path: "{tmp_path / "audit"}"}}\n')
        out = aigw("run", "-c", str(cfg), env={"AIGW_ADMIN_TOKEN": TOKEN})
        assert out.returncode == 1
        assert out.stderr.strip().splitlines() == [
            f"aigw run: data plane (server.listen) cannot listen on 127.0.0.1:{taken}: address already in use"
        ]
        # the admin plane's port taken, after the data plane bound: the same, and nothing audited
        cfg2 = tmp_path / "g2.yaml"
        write_config(cfg2, 1, free_port(), taken)
        cfg2.write_text(cfg2.read_text() + f'audit: {{path: "{tmp_path / "audit"}"}}\n')
        out = aigw("run", "-c", str(cfg2), env={"AIGW_ADMIN_TOKEN": TOKEN})
        assert out.returncode == 1 and "Traceback" not in out.stderr
        assert "admin plane (server.admin_listen) cannot listen" in out.stderr
        assert not list(
            (tmp_path / "audit").glob("*.jsonl*")
        )  # no startup record of a process that never served
        mock = aigw("mock", "--port", str(taken))
        assert mock.returncode == 1
        assert mock.stderr.strip() == f"aigw mock: cannot listen on 127.0.0.1:{taken}: address already in use"


def test_check_names_the_file_warns_on_buckets_and_survives_a_closed_pipe(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("version: 1\nroutes: [\n")
    out = aigw("check", "-c", str(bad))
    assert out.returncode == 1 and f'in "{bad}"' in out.stderr and "<unicode string>" not in out.stderr

    cfg = tmp_path / "g.yaml"
    write_config(cfg, 1, free_port(), free_port())
    text = cfg.read_text().replace("    upstream: mock\n", "    upstream: mock\n    slo: {latency_ms: 300}\n")
    cfg.write_text(text)
    out = aigw("check", "-c", str(cfg), env={"AIGW_ADMIN_TOKEN": TOKEN})
    assert out.returncode == 0
    assert "warning: route chat: slo.latency_ms 300 ms is not a bucket boundary" in out.stderr

    # several whole-config mistakes: one error each, not one `;`-joined line
    twice = text.replace("upstream: mock\n", "upstream: ghost\n").replace(
        "filters: [kw]", "filters: [kw, nope]"
    )
    cfg.write_text(twice)
    out = aigw("check", "-c", str(cfg), env={"AIGW_ADMIN_TOKEN": TOKEN})
    errors = [line.strip() for line in out.stderr.splitlines()[1:]]
    assert "routes[0].upstream: unknown upstream 'ghost'" in errors
    assert "routes[0].filters[1]: unknown filter 'nope'" in errors

    cfg.write_text(text)
    piped = subprocess.run(
        f"{sys.executable} -m gateway.cli check -c {cfg} | head -1",
        shell=True,
        capture_output=True,
        text=True,
        env={**os.environ, "AIGW_ADMIN_TOKEN": TOKEN},
        timeout=60,
    )
    assert piped.stdout.startswith(f"{cfg}: OK") and len(piped.stdout.splitlines()) == 1
    assert "Traceback" not in piped.stderr and "BrokenPipeError" not in piped.stderr


async def test_multi_worker_counts_one_reload_once_and_starts_quietly(tmp_path):
    runner, mock, mock_port = await start_mock()
    port, admin = free_port(), free_port()
    cfg = tmp_path / "g.yaml"
    write_config(cfg, mock_port, port, admin, workers=2)
    cfg.write_text(
        cfg.read_text()
        .replace("filters:\n", "filters:\n  pii: {type: pii}\n")
        .replace("filters: [kw]", "filters: [kw, pii]")
    )
    proc = spawn(cfg)
    lines: list[str] = []
    reader = threading.Thread(target=_collect_lines, args=(proc, lines), daemon=True)
    reader.start()
    try:
        await wait_ready(f"http://127.0.0.1:{port}", timeout=60)
        # Both workers serve before the reload: a fixed 1 s wait once caught the second still
        # loading its filters (it then never saw the SIGHUP's config, and printed one line).
        deadline = time.monotonic() + 60
        while sum("serving data on" in line for line in lines) < 2:
            assert time.monotonic() < deadline and proc.poll() is None, "".join(lines)
            await asyncio.sleep(0.1)
        cfg.write_text(cfg.read_text().replace("timeout_s: 10", "timeout_s: 11"))
        async with aiohttp.ClientSession() as c:
            headers = {"Authorization": f"Bearer {TOKEN}"}
            async with c.post(f"http://127.0.0.1:{admin}/admin/config/reload", headers=headers) as r:
                assert r.status == 200 and (await r.json())["changed"] is True
            await asyncio.sleep(1.5)  # the workers reload on the supervisor's SIGHUP
            async with c.get(f"http://127.0.0.1:{admin}/metrics") as r:
                text = await r.text()
        ok = [line for line in text.splitlines() if line.startswith('aigw_config_reloads_total{result="ok"}')]
        assert ok == ['aigw_config_reloads_total{result="ok"} 1.0']
        proc.send_signal(signal.SIGTERM)
        assert await asyncio.get_running_loop().run_in_executor(None, proc.wait, 30) == 0
        reader.join(10)
        output = "".join(lines)
        assert "UserWarning" not in output and "Traceback" not in output
        assert "Loaded recognizer" not in output and "Using device" not in output
        assert output.count("serving data on") == 2
    finally:
        stop(proc)  # the whole process group: supervisor and workers
        await runner.cleanup()


ROLLOUT_CFG = """
version: 1
rollouts: {state_path: "STATE"}
upstreams:
  base: {url: "MOCK_URL"}
  can: {url: "CANARY_URL"}
routes:
  - name: chat
    match: {path: /v1/chat/completions}
    upstream: base
    canary: {upstream: can, weight: 0, sticky: none}
    rollout: {steps: [10, 50, 100], interval_s: 300, min_requests: 5}
  - name: plain
    match: {path: /v1/embeddings}
    upstream: base
"""


async def test_rollout_cli_reads_like_a_person_wrote_it(tmp_path, capsys, monkeypatch):
    from harness import ADMIN_TOKEN, running_gateway

    from gateway.cli import main
    from gateway.rollout.admin import format_status
    from gateway.rollout.analysis import Latency

    async def cli(*args: str) -> tuple[int, str, str]:
        code = await asyncio.to_thread(main, list(args))
        out = capsys.readouterr()
        return code, out.out, out.err

    cfg = ROLLOUT_CFG.replace("STATE", str(tmp_path / "ro.json"))
    async with running_gateway(cfg, extra_mocks=("canary",)) as gw:
        for _ in range(8):
            r = await gw.client.post(gw.url + "/v1/chat/completions", json=CHAT)
            assert r.status == 200
        base = ("--admin-url", gw.admin_url, "--token", ADMIN_TOKEN)
        # options before or after ROUTE
        code, out, _ = await cli("rollout", "status", *base, "chat")
        assert code == 0 and out.startswith("route chat: PROGRESSING")
        code, out2, _ = await cli("rollout", "status", "chat", *base)
        assert code == 0 and out2.splitlines()[0] == out.splitlines()[0]
        # one p95, the gate's quantile; the model gate counts samples; no "-ms"
        doc = status(gw.gateway.rollouts, "chat")
        ring = gw.gateway.rollouts.stats.routes["chat"].baseline.latencies()
        gate_p95 = round(Latency.raw(ring).quantile(0.95) * 1000, 2)
        assert doc["samples"]["baseline"]["p95_ms"] == gate_p95
        assert f"p95 {gate_p95:.4g}ms" in out and "-ms" not in out
        empty = {
            **doc,
            "samples": {
                **doc["samples"],
                "canary": {**doc["samples"]["canary"], "p50_ms": None, "p95_ms": None},
            },
        }
        assert "p50 -, p95 -" in format_status(empty)
        gate = next(g for g in doc["gates"]["gates"] if g["gate"] == "model_mismatch")
        counts = {v: doc["samples"][v]["requests"] for v in ("baseline", "canary")}
        assert gate["samples"] == counts and sum(counts.values()) == 8
        # an out-of-range weight is explained, locally and by the admin API
        code, _, err = await cli("rollout", "weight", "chat", "150", *base)
        assert code == 2 and "0..100, got 150" in err
        r = await gw.admin("POST", "/admin/rollouts/chat/weight", json={"weight": 150})
        assert r.status == 409
        assert (await r.json())["error"]["message"] == "weight must be a number in 0..100"
        # a route that does not exist, and one without a canary
        code, _, err = await cli("rollout", "pause", "nosuch", *base)
        assert code == 1 and err.strip() == (
            "aigw rollout pause nosuch: Route 'nosuch' does not exist (routes: chat, plain). (HTTP 404 no_route)"
        )
        code, _, err = await cli("rollout", "pause", "plain", *base)
        assert code == 1 and "Route 'plain' has no canary" in err
        # the admin address and token from the gateway's config file
        admin_port = gw.admin_url.rsplit(":", 1)[1]
        client_cfg = tmp_path / "client.yaml"
        client_cfg.write_text(
            f'version: 1\nserver: {{admin_listen: "0.0.0.0:{admin_port}", admin_token_env: MY_ADMIN_TOKEN}}\n'
            'upstreams: {u: {url: "http://x", auth: {header: authorization, value_env: NOT_SET_HERE}}}\n'
        )
        monkeypatch.delenv("AIGW_ADMIN_TOKEN", raising=False)
        monkeypatch.delenv("AIGW_ADMIN_URL", raising=False)
        monkeypatch.setenv("MY_ADMIN_TOKEN", ADMIN_TOKEN)
        # $USER unset: the actor falls back to the login name (or the uid)
        monkeypatch.delenv("USER", raising=False)
        code, out, err = await cli("rollout", "pause", "chat", "-c", str(client_cfg))
        assert code == 0, err
        actor = status(gw.gateway.rollouts, "chat")["last_decision"]["actor"]
        assert actor.startswith("admin_api:cli:") and actor != "admin_api:cli:unknown"
        code, out, err = await cli("slo", "status", "-c", str(client_cfg))
        assert code == 0 and out.startswith("ROUTE"), err


async def test_rejected_reload_answers_one_error_per_mistake(tmp_path):
    from harness import running_gateway

    cfg = ROLLOUT_CFG.replace("STATE", str(tmp_path / "ro.json"))
    async with running_gateway(cfg, extra_mocks=("canary",)) as gw:
        gw.write_config(
            cfg.replace("upstream: base\n", "upstream: ghost\n").replace(
                "\n  - name: plain", "\n  - name: chat"
            )
        )
        r = await gw.admin("POST", "/admin/config/reload")
        assert r.status == 422
        errors = (await r.json())["errors"]
        assert isinstance(errors, list) and all(";" not in e for e in errors)
        assert "routes[0].upstream: unknown upstream 'ghost'" in errors
        assert "routes[1].name: duplicate route name 'chat'" in errors
        # and a YAML syntax error names the file
        gw.config_path.write_text("routes: [\n")
        r = await gw.admin("POST", "/admin/config/reload")
        [err] = (await r.json())["errors"]
        assert r.status == 422 and f'in "{gw.config_path}"' in err
