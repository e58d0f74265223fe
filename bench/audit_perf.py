"""What the audit log costs a request: in-process microbenchmarks plus an end-to-end throughput check.

1. In process (no sockets): a real Gateway with an audit section, real Exchanges as the
   proxy leaves them (one route, one filter decision, uuid request ids). Timed per call:
   - the finisher + observer pair for an unsampled exchange (target: <= 30 us p50),
   - the same at sample_rate 0.01, as wall time per exchange while the writer thread runs,
   - a mandatory record (a blocked request): redact, seal, one os.write, inline (short text)
     and through the executor (a 2 KB prompt).
2. End to end (`--e2e`, default on): `aigw run` pinned to core 0, the load generator (wrk)
   and the upstream mock on core 1; passthrough without audit vs with audit at sample_rate
   0.01, alternating, several rounds; the median req/s of each (target: >= 95%).

Results: bench/results/audit_perf.md (and printed).

    python bench/audit_perf.py                 # about a minute
    python bench/audit_perf.py --no-e2e -n 50000
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(REPO))

from filters.base import Action, Decision  # noqa: E402
from gateway.config import load_config  # noqa: E402
from gateway.exchange import Exchange, Segment  # noqa: E402
from gateway.service.gateway import Gateway  # noqa: E402

CONFIG = """
version: 1
server: {{listen: "127.0.0.1:{port}", admin_listen: "127.0.0.1:{admin}", access_log: false, drain_grace_s: 1}}
upstreams:
  mock: {{url: "http://127.0.0.1:{mock}"}}
filters:
  kw: {{type: keywords, deny: ["forbidden-topic"], action: block}}
{audit}
routes:
  - name: chat
    match: {{path: /v1/chat/completions}}
    filters: {filters}
    upstream: mock
"""
PROMPT_2K = (
    "Our service calls an external API that sometimes answers 429 or 503 and we retry immediately. "
    "Reach me at ops-oncall@example.com if it matters. "
) * 14


def _pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))]


def _exchange(gw: Gateway, text: str = "hello there", blocked: bool = False) -> Exchange:
    ex = Exchange(
        request_id=uuid.uuid4().hex,
        method="POST",
        path="/v1/chat/completions",
        headers={"user-agent": "bench"},
        body=b"",
    )
    ex.route, ex.upstream, ex.config_version = "chat", "mock", gw.current.version
    ex.texts = [Segment("user", text, ("messages", 0, "content"))]
    action = Action.BLOCK if blocked else Action.ALLOW
    ex.decisions.append(Decision("kw", action, "keyword_match" if blocked else None, elapsed_s=2e-5))
    ex.timings.update(filters=3e-5, upstream=2e-3)
    ex.response_status = 0 if blocked else 200
    return ex


async def _noop(ex: Exchange, outcome: str, status: int) -> bool:
    return True


async def micro(n: int) -> dict[str, float]:
    out: dict[str, float] = {}
    tmp = Path(tempfile.mkdtemp(prefix="aigw-audit-bench-"))
    try:
        for rate in (0.0, 0.01):
            audit_yaml = f'audit: {{path: "{tmp / str(rate)}", defaults: {{sample_rate: {rate}}}}}'
            cfg = tmp / f"gw-{rate}.yaml"
            cfg.write_text(CONFIG.format(port=0, admin=0, mock=1, audit=audit_yaml, filters="[kw]"))
            env = {"AIGW_ADMIN_TOKEN": "x"}
            gw = Gateway(load_config(cfg, env), env)
            audit = gw.audit
            assert audit is not None
            exs = [_exchange(gw) for _ in range(n)]
            # the harness alone (timer + an awaited no-op finisher + a no-op observer)
            base = []
            for ex in exs[: n // 4]:
                t0 = time.perf_counter_ns()
                await _noop(ex, "success", 200)
                (lambda *a: None)(ex, "success", 200)
                base.append(time.perf_counter_ns() - t0)
            samples = []
            wall0 = time.perf_counter()
            for ex in exs:
                t0 = time.perf_counter_ns()
                await audit.finish(ex, "success", 200)
                audit.observe(ex, "success", 200)
                samples.append(time.perf_counter_ns() - t0)
            wall = time.perf_counter() - wall0
            key = "unsampled" if rate == 0.0 else "rate_0.01"
            out[f"{key}_p50_us"] = _pct(samples, 0.5) / 1000
            out[f"{key}_p99_us"] = _pct(samples, 0.99) / 1000
            out[f"{key}_mean_us"] = statistics.fmean(samples) / 1000
            out[f"{key}_wall_us"] = wall / n * 1e6
            out[f"{key}_harness_p50_us"] = _pct(base, 0.5) / 1000
            if rate == 0.0:
                for label, text, count in (("block_inline", "tell me about forbidden-topic", 2000),
                                           ("block_2kb_executor", PROMPT_2K, 500)):  # fmt: skip
                    lat = []
                    for i in range(count):
                        ex = _exchange(gw, f"{text} #{i}", blocked=True)  # distinct texts: no cache hits
                        t0 = time.perf_counter_ns()
                        ok = await audit.finish(ex, "blocked", 400)
                        lat.append(time.perf_counter_ns() - t0)
                        assert ok
                    out[f"{label}_p50_us"] = _pct(lat, 0.5) / 1000
                    out[f"{label}_p99_us"] = _pct(lat, 0.99) / 1000
            await gw.close()
            if rate == 0.01:
                written = audit.sink.written.get("exchange", 0)
                out["rate_0.01_records"] = written
                out["rate_0.01_expected"] = n * 0.01
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


# --- end to end -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(port: int, path: str, timeout: float = 30.0) -> None:
    import http.client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            c.request("GET", path)
            if c.getresponse().status == 200:
                return
        time.sleep(0.1)
    raise TimeoutError(f"port {port} not ready")


def spawn(cmd: list[str], core: int, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        ["taskset", "-c", str(core), *cmd],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process (all its threads, so the audit writer thread counts too)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def e2e(rounds: int, duration: int, connections: int) -> dict[str, object]:
    tmp = Path(tempfile.mkdtemp(prefix="aigw-audit-e2e-"))
    mock_port = free_port()
    if (BENCH / "mock_upstream.py").exists():
        mock_cmd = [sys.executable, str(BENCH / "mock_upstream.py"), "--port", str(mock_port)]
    else:
        mock_cmd = [sys.executable, "-m", "gateway.cli", "mock", "--port", str(mock_port)]
    lua = BENCH / "wrk" / "chat.lua"
    if not lua.exists():
        lua = tmp / "chat.lua"
        lua.write_text(
            'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
            'wrk.body = \'{"model": "m", "messages": [{"role": "user", "content": "hello there"}]}\'\n'
        )
    mock = spawn(mock_cmd, 1)
    results: dict[str, list[float]] = {"off": [], "audit_0.01": []}
    cpu: dict[str, list[float]] = {"off": [], "audit_0.01": []}
    records: list[int] = []
    try:
        wait_http(mock_port, "/healthz")
        for r in range(rounds):
            for variant in ("off", "audit_0.01") if r % 2 == 0 else ("audit_0.01", "off"):
                port, admin = free_port(), free_port()
                audit_dir = tmp / f"audit-{r}"
                audit_yaml = (
                    f'audit: {{path: "{audit_dir}", defaults: {{sample_rate: 0.01}}}}'
                    if variant != "off"
                    else ""
                )
                cfg = tmp / f"{variant}-{r}.yaml"
                cfg.write_text(
                    CONFIG.format(port=port, admin=admin, mock=mock_port, audit=audit_yaml, filters="[]")
                )
                env = {**os.environ, "AIGW_ADMIN_TOKEN": "x", "AIGW_LOG_LEVEL": "WARNING"}
                gw = spawn([sys.executable, "-m", "gateway.cli", "run", "-c", str(cfg)], 0, env)
                try:
                    wait_http(port, "/readyz")
                    url = f"http://127.0.0.1:{port}/v1/chat/completions"
                    wrk = ["taskset", "-c", "1", "wrk", "-t1", f"-c{connections}", "-s", str(lua)]
                    subprocess.run([*wrk, "-d1s", url], capture_output=True, check=True)  # warm-up
                    c0 = cpu_seconds(gw.pid)
                    res = subprocess.run(
                        [*wrk, f"-d{duration}s", url], capture_output=True, text=True, check=True
                    )
                    c1 = cpu_seconds(gw.pid)
                    m = re.search(r"Requests/sec:\s+([\d.]+)", res.stdout)
                    n = re.search(r"(\d+) requests in", res.stdout)
                    assert m and n, res.stdout
                    results[variant].append(float(m.group(1)))
                    cpu[variant].append((c1 - c0) / int(n.group(1)) * 1e6)
                finally:
                    stop(gw)
                if variant != "off":
                    from gateway.audit.verify import verify_path

                    reports = verify_path(audit_dir, None)
                    assert all(rep.ok for rep in reports)
                    records.append(sum(rep.records for rep in reports))
                print(
                    f"  round {r} {variant}: {results[variant][-1]:.0f} req/s, {cpu[variant][-1]:.1f} CPU µs/req",
                    flush=True,
                )
    finally:
        stop(mock)
        shutil.rmtree(tmp, ignore_errors=True)
    off, on = statistics.median(results["off"]), statistics.median(results["audit_0.01"])
    cpu_off, cpu_on = statistics.median(cpu["off"]), statistics.median(cpu["audit_0.01"])
    return {
        "runs": results,
        "cpu": cpu,
        "off": off,
        "on": on,
        "ratio": on / off,
        "cpu_off": cpu_off,
        "cpu_on": cpu_on,
        "cpu_ratio": cpu_off / cpu_on,
        "records": records,
    }


def render(micro_res: dict[str, float], e2e_res: dict[str, object] | None, args: argparse.Namespace) -> str:
    m = micro_res
    load = os.getloadavg()
    lines = [
        "# audit log: cost per request",
        "",
        "- command: `python bench/audit_perf.py"
        + (" --no-e2e" if e2e_res is None else f" --rounds {args.rounds} --duration {args.duration}")
        + "`",
        f"- date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"python {platform.python_version()}; load average at end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
        "(a machine shared with other engineers' test runs: expect a few % of noise)",
        "",
        f"## In process: finisher + observer per exchange ({args.n} exchanges, one filter decision each)",
        "",
        "| case | p50 µs | p99 µs | mean µs | wall µs / exchange | target |",
        "|---|---:|---:|---:|---:|---|",
        f"| unsampled (sample_rate 0) | {m['unsampled_p50_us']:.2f} | {m['unsampled_p99_us']:.2f} | "
        f"{m['unsampled_mean_us']:.2f} | {m['unsampled_wall_us']:.2f} | p50 <= 30 µs: "
        f"**{'yes' if m['unsampled_p50_us'] <= 30 else 'no'}** |",
        f"| sample_rate 0.01 (enqueue; writer thread running) | {m['rate_0.01_p50_us']:.2f} | "
        f"{m['rate_0.01_p99_us']:.2f} | {m['rate_0.01_mean_us']:.2f} | {m['rate_0.01_wall_us']:.2f} | – |",
        f"| timing harness alone (no-op finisher + observer) | {m['unsampled_harness_p50_us']:.2f} | – | – | – | – |",
        "",
        f"At 0.01 the writer thread wrote {m['rate_0.01_records']:.0f} exchange records "
        f"(expected ≈ {m['rate_0.01_expected']:.0f}).",
        "",
        "## Mandatory records (a blocked request): added before the answer",
        "",
        "| case | p50 µs | p99 µs |",
        "|---|---:|---:|",
        f"| short prompt, inline on the loop (redact + seal + one os.write) | {m['block_inline_p50_us']:.1f} | "
        f"{m['block_inline_p99_us']:.1f} |",
        f"| 2 KB prompt with an e-mail, on the executor | {m['block_2kb_executor_p50_us']:.1f} | "
        f"{m['block_2kb_executor_p99_us']:.1f} |",
        "",
    ]
    if e2e_res is not None:
        runs, cpu = e2e_res["runs"], e2e_res["cpu"]
        assert isinstance(runs, dict) and isinstance(cpu, dict)
        lines += [
            f"## End to end: passthrough req/s, aigw on core 0, wrk and mock on core 1 "
            f"(wrk -t1 -c{args.connections} -d{args.duration}s, {args.rounds} alternating rounds)",
            "",
            "| variant | runs (req/s) | median req/s | runs (gateway CPU µs / request) | median CPU µs/req |",
            "|---|---|---:|---|---:|",
            f"| no audit | {', '.join(f'{x:.0f}' for x in runs['off'])} | {e2e_res['off']:.0f} | "
            f"{', '.join(f'{x:.0f}' for x in cpu['off'])} | {e2e_res['cpu_off']:.1f} |",
            f"| audit, sample_rate 0.01 | {', '.join(f'{x:.0f}' for x in runs['audit_0.01'])} | {e2e_res['on']:.0f} | "
            f"{', '.join(f'{x:.0f}' for x in cpu['audit_0.01'])} | {e2e_res['cpu_on']:.1f} |",
            "",
            f"Throughput ratio with/without audit (median req/s): **{e2e_res['ratio']:.3f}**; capacity ratio "
            f"from CPU per request (what one saturated core serves): **{e2e_res['cpu_ratio']:.3f}** "
            f"(target >= 0.95). Records per audited run (verified chains): "
            f"{', '.join(map(str, e2e_res['records']))}.",
            "",
        ]
    lines += [
        "Note: `aigw run` calls `gc.freeze()` once started (gateway/service/server.py serve). Without it the audit's",
        "PII analyzer (~75k long-lived objects) makes every full cyclic-GC pass rescan them: under this load",
        "gen2 collections took ~450 ms per 4 s with audit vs ~200 ms without, about 15 µs per request, and",
        "the end-to-end ratio fell to ~0.87-0.90. With the freeze, gen2 costs ~6 ms per 4 s in both.",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("-n", type=int, default=200_000, help="exchanges per in-process case")
    p.add_argument("--no-e2e", dest="e2e", action="store_false")
    p.add_argument("--rounds", type=int, default=4)
    p.add_argument("--duration", type=int, default=5)
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--results", default=str(BENCH / "results" / "audit_perf.md"))
    args = p.parse_args()
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    micro_res = asyncio.run(micro(args.n))
    e2e_res = e2e(args.rounds, args.duration, args.connections) if args.e2e and shutil.which("wrk") else None
    text = render(micro_res, e2e_res, args)
    Path(args.results).parent.mkdir(parents=True, exist_ok=True)
    Path(args.results).write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
