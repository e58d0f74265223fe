"""Peer comparison: nginx, the minimal proxy, aigw (passthrough and full chain) and LiteLLM's proxy.

Every proxy sits in front of the same fast mock (bench/mock_upstream.py, OpenAI-compatible)
and gets the same kind of requests: bench/wrk/chat.lua's ~1 KB chat body whose newest user
message is new on every request (bench/bodies.py; the history repeats, as in a real
conversation), with the bearer `sk-bench-master-key`, which is LiteLLM's master key and aigw
full chain's principal key. Each peer is also measured once with the *cached* body (the same
bytes every time, what this table showed before): the full chain's scan cache then answers
every screening, so the two are reported apart. aigw runs with its default settings (access
log on).
Each proxy is pinned to core 0; the mock and wrk to core 1 (bench/run.py's helpers: process
groups, CPU and RSS from /proc, foreign-load detection with up to 2 re-measurements).

- **direct**: wrk straight to the mock (the floor every proxy adds to).
- **nginx**: Debian's nginx, one worker, upstream keep-alive, access log off; its own config
  in a temp dir on loopback (the system service is never started). The reverse-proxy floor.
- **minimal**: bench/minimal_proxy.py, the cheapest aiohttp + uvloop proxy (the ratios' base).
- **aigw passthrough**: bench/configs/aigw-passthrough.yaml.
- **aigw full chain**: bench/configs/aigw-fullchain.yaml (access, injection, keywords, PII on
  requests; PII on the answer).
- **LiteLLM proxy**: `litellm[proxy]` from its own venv (bench/.venv-litellm, see `make
  peers`), one uvicorn worker, offline (LITELLM_LOCAL_MODEL_COST_MAP=True, telemetry off),
  a master key, no database, the mock as an `openai/bench-model-8b` model.

Per target: warm-up, then req/s, p50/p99 at N connections with the proxy's CPU per request and
largest RSS (wrk -t1 -cN), then latency at one connection (wrk -c1, sequential back-to-back):
added p50/p99 = through the proxy minus direct. Results: bench/results/peers.md, peers.json
and peers.png (matplotlib, a bench-only dependency).

    python bench/peers.py                          # about 3 minutes
    python bench/peers.py --duration 3 --only nginx,aigw-full --results-dir /tmp/p   # quick
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import shlex
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bodies import Bodies, describe
from run import (
    CONFIGS,
    LOAD_CORE,
    LOAD_FIELDS,
    PROXY_CORE,
    WRK_DIR,
    Processes,
    Target,
    _raise_exit,
    free_port,
    machine_info,
    measured_wrk,
    measured_wrk_retry,
    median_of_runs,
    mock_command,
    paired_ratio,
    rss_kb,
    run_wrk,
    start_target,
    turn_orders,
    wait_ready,
)

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PATH = "/v1/chat/completions"
KEY = "sk-bench-master-key"
LITELLM_VENV = BENCH / ".venv-litellm"


@dataclass
class Peer:
    name: str
    label: str
    kind: str  # direct | nginx | aigw | litellm
    config: Path | None = None


PEERS = [
    Peer("direct", "direct to mock", "direct"),
    Peer("nginx", "nginx (reverse-proxy floor)", "nginx"),
    Peer("minimal", "minimal aiohttp proxy", "minimal"),
    Peer("aigw", "aigw passthrough", "aigw", CONFIGS / "aigw-passthrough.yaml"),
    Peer("aigw-full", "aigw full chain", "aigw", CONFIGS / "aigw-fullchain.yaml"),
    Peer("litellm", "LiteLLM proxy", "litellm"),
]


NGINX_CONF = """\
worker_processes 1;
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream mock {{ server 127.0.0.1:{mock_port}; keepalive 128; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://mock;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }}
    }}
}}
"""

LITELLM_CONF = """\
model_list:
  - model_name: bench-model-8b
    litellm_params:
      model: openai/bench-model-8b
      api_base: http://127.0.0.1:{mock_port}/v1
      api_key: sk-mock-upstream
litellm_settings:
  telemetry: false
  drop_params: true
general_settings:
  master_key: {key}
"""


def wait_http(port: int, path: str, proc: Any, procs: Processes, name: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with {proc.returncode}:\n{procs.log_tail(name)}")
        with contextlib.suppress(OSError):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2.0)
            conn.request("GET", path)
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return
        time.sleep(0.25)
    raise RuntimeError(f"{name} not ready on port {port} after {timeout_s}s:\n{procs.log_tail(name)}")


def start_peer(p: Peer, procs: Processes, mock_port: int, workdir: Path) -> tuple[Any, int | None]:
    """(process or None, port or None) of a started, ready peer."""
    mock_url = f"http://127.0.0.1:{mock_port}"
    if p.kind == "direct":
        return None, None
    if p.kind in ("aigw", "minimal"):
        run = start_target(Target(p.name, p.label, p.kind, p.config), procs, mock_url, workdir)
        return run.proc, run.port
    port = free_port()
    if p.kind == "nginx":
        ndir = workdir / "nginx"
        ndir.mkdir(exist_ok=True)
        conf = ndir / "nginx.conf"
        conf.write_text(NGINX_CONF.format(dir=ndir, mock_port=mock_port, port=port))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        proc = procs.start(
            p.name, [nginx, "-p", str(ndir), "-c", str(conf), "-e", str(ndir / "e.log")], PROXY_CORE
        )
        wait_ready(port, proc, procs, p.name)
        return proc, port
    # litellm
    exe = LITELLM_VENV / "bin" / "litellm"
    if not exe.exists():
        raise FileNotFoundError(f"{exe} missing: run `make peers` (or see bench/peers.py's docstring)")
    conf = workdir / "litellm.yaml"
    conf.write_text(LITELLM_CONF.format(mock_port=mock_port, key=KEY))
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "VIRTUAL_ENV", "PYTHONPATH") and not k.startswith("LITELLM_")
    }
    env.update(
        LITELLM_LOCAL_MODEL_COST_MAP="True",
        LITELLM_TELEMETRY="False",
        LITELLM_LOG="ERROR",
        LITELLM_MASTER_KEY=KEY,
        DISABLE_SCHEMA_UPDATE="True",
        HOME=str(workdir),
    )
    argv = [str(exe), "--config", str(conf), "--host", "127.0.0.1", "--port", str(port), "--num_workers", "1"]
    proc = procs.start(p.name, argv, PROXY_CORE, env=env)
    wait_http(port, "/health/liveliness", proc, procs, p.name, timeout_s=120)
    return proc, port


def check_answer(port: int) -> tuple[int, str]:
    """One request with the shared body and key: the proxy must answer 200 before it is measured."""
    body = Bodies().next()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(
        "POST",
        PATH,
        body=body,
        headers={"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"},
    )
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    return resp.status, data[:300].decode(errors="replace")


def bench_peer(
    p: Peer,
    procs: Processes,
    mock: Any,
    mock_port: int,
    workdir: Path,
    script: Path,
    args: argparse.Namespace,
) -> dict[str, Any]:
    proc, port = start_peer(p, procs, mock_port, workdir)
    try:
        url = f"http://127.0.0.1:{port or mock_port}{PATH}"
        status, text = check_answer(port or mock_port)
        if status != 200:
            raise RuntimeError(f"{p.name} answered {status} to the benchmark request: {text}")
        res: dict[str, Any] = {"name": p.name, "label": p.label, "url": url}
        if proc is not None:
            res["rss_idle_mb"] = round(rss_kb(proc.pid) / 1024, 1)
        print(f"  {args.duration}s at {args.connections} connections", flush=True)
        res.update(measure_once(proc, url, procs, mock, script, args, args.warmup, measured_wrk_retry))
        print(
            f"    {res['load']['rps']:.0f} req/s, p50 {res['load']['p50_ms']:.2f} ms, "
            f"CPU {res['load'].get('cpu_us_per_req', '-')} us/req",
            flush=True,
        )
        print(
            f"    1 connection: p50 {res['seq']['p50_ms']:.3f} ms, p99 {res['seq']['p99_ms']:.3f} ms",
            flush=True,
        )
        res["cached_load"] = measured_wrk_retry(
            procs, url, str(script), args, proc.pid if proc else None, mock.pid, fresh=False
        )
        print(f"    cached body: {res['cached_load']['rps']:.0f} req/s", flush=True)
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{p.name} died during the run:\n{procs.log_tail(p.name)}")
        return res
    finally:
        if proc is not None:
            procs.stop(proc)


def measure_once(
    proc: Any,
    url: str,
    procs: Processes,
    mock: Any,
    script: Path,
    args: argparse.Namespace,
    warmup_s: float,
    measure: Any,
) -> dict[str, Any]:
    """One round for one peer: warm-up, the loaded wrk run (`measure`: measured_wrk or its
    retrying twin) and the 1-connection latency run."""
    pid = proc.pid if proc else None
    if warmup_s > 0:
        run_wrk(procs, url, str(script), warmup_s, args.connections, 1)
    load = measure(procs, url, str(script), args, pid, mock.pid)
    return {"load": load, "seq": run_wrk(procs, url, str(script), args.latency_duration, 1, 1)}


def more_rounds(
    peers: list[Peer],
    results: list[dict[str, Any]],
    procs: Processes,
    mock: Any,
    mock_port: int,
    workdir: Path,
    script: Path,
    args: argparse.Namespace,
) -> None:
    """Rounds 2..N with every measured peer up, taken in turn (order reversed every other
    round): a wrk run and the 1-connection run each. Figures become medians of their rounds
    and ratios medians of per-round ratios (see bench/run.py's more_rounds for why)."""
    by_name = {r["name"]: r for r in results}
    chosen = [p for p in peers if p.name in by_name]
    started = [start_peer(p, procs, mock_port, workdir) for p in chosen]
    rounds: dict[str, list[dict[str, Any]]] = {p.name: [by_name[p.name]] for p in chosen}
    try:
        for n, order in turn_orders(len(chosen), args.rounds):
            print(f"round {n + 1}/{args.rounds}", flush=True)
            for i in order:
                p, (proc, port) = chosen[i], started[i]
                url = f"http://127.0.0.1:{port or mock_port}{PATH}"
                warmup = 1 if args.warmup > 0 else 0  # the peer is already warm from round 1
                this = measure_once(proc, url, procs, mock, script, args, warmup, measured_wrk)
                print(f"  {p.label}: {this['load']['rps']:.0f} req/s", flush=True)
                rounds[p.name].append(this)
    finally:
        for proc, _ in started:
            if proc is not None:
                procs.stop(proc)
    for name, have in rounds.items():
        res = by_name[name]
        res["rounds"] = len(have)
        for key, fields in (("load", LOAD_FIELDS), ("seq", ("p50_ms", "p99_ms"))):
            runs = [h[key] for h in have]
            res[key + "_rounds"] = runs
            res[key] = median_of_runs(runs, fields)


def derive(results: list[dict[str, Any]]) -> dict[str, Any]:
    by = {r["name"]: r for r in results}
    direct = by.get("direct")
    for r in results:
        if direct and r["name"] != "direct":
            r["added_p50_ms"] = round(r["seq"]["p50_ms"] - direct["seq"]["p50_ms"], 3)
            r["added_p99_ms"] = round(r["seq"]["p99_ms"] - direct["seq"]["p99_ms"], 3)
    ratios: dict[str, Any] = {}
    lite, full, minimal = by.get("litellm"), by.get("aigw-full"), by.get("minimal")
    if minimal:
        for r in results:
            if r["name"] not in ("direct", "minimal"):
                r["cpu_vs_minimal"] = round(paired_ratio(r, minimal, "cpu_us_per_req", invert=True), 3)
                mc, rc = minimal.get("cached_load", {}), r.get("cached_load", {})
                if mc.get("cpu_us_per_req") and rc.get("cpu_us_per_req"):
                    r["cached_cpu_vs_minimal"] = round(mc["cpu_us_per_req"] / rc["cpu_us_per_req"], 3)
    if lite and full:
        ratios["full_vs_litellm_rps"] = round(paired_ratio(full, lite, "rps"), 1)
        ratios["full_vs_litellm_cpu"] = round(paired_ratio(full, lite, "cpu_us_per_req", invert=True), 1)
        ratios["full_vs_litellm_rps_rounds"] = [
            round(x["rps"] / y["rps"], 1)
            for x, y in zip(full.get("load_rounds", []), lite.get("load_rounds", []), strict=False)
        ]
    ng, pt = by.get("nginx"), by.get("aigw")
    if ng and pt:
        ratios["passthrough_vs_nginx_rps"] = round(paired_ratio(pt, ng, "rps"), 3)
    return ratios


def _f(v: Any, fmt: str) -> str:
    return "–" if v is None else fmt.format(v)


def _noise(r: dict[str, Any]) -> str:
    if "core0_other" not in r and "core1_other" not in r:
        return "–"
    mark = " (disturbed)" if r.get("disturbed") else ""
    return f"{r.get('core0_other', 0):.0%} / {r.get('core1_other', 0):.0%}{mark}"


def _yes(v: float | None, limit: float) -> str:
    return "–" if v is None else ("yes" if v >= limit else "**no**")


def render(report: dict[str, Any]) -> str:
    m, a, ratios = report["machine"], report["args"], report["ratios"]
    by_name = {r["name"]: r for r in report["results"]}
    lines = [
        "# Peer comparison: nginx, aigw, LiteLLM proxy",
        "",
        f"- command: `{report['command']}`",
        f"- date: {m['date']}; tree: {m['commit']}; machine: {m['nproc']} cores, {m['cpu_model']}; "
        f"python {m['python']}, {m['wrk']}; {report['versions']}",
        "- pinning: proxy on core 0; mock (bench/mock_upstream.py) and wrk on core 1 (taskset)",
        f"- load: `wrk -t1 -c{a['connections']} -d{a['duration']}s` after {a['warmup']}s warm-up, POST of "
        f"bench/wrk/chat.lua's {describe(True)} (bench/bodies.py), `Authorization: Bearer {KEY}`; "
        f"latency: `wrk -t1 -c1 -d{a['latency_duration']}s` (sequential, back-to-back), added = minus direct; "
        "`cached`: one wrk run (first round) with the same body on every request",
        "- settings: each proxy's defaults (aigw: access log on, into a file); nginx: access log off",
        f"- shared machine: load average at start {' '.join(m['loadavg_start'])}, at end "
        f"{' '.join(report['loadavg_end'])}; `noise c0/c1`: foreign share of the proxy's core / the load core; "
        f"runs above 5% / 15% measured again (up to {a['retry_disturbed']}x) and marked if still disturbed",
        f"- rounds: {a.get('rounds', 1)}; the first measures each proxy alone, the others keep every proxy "
        "up and take them in turn (order reversed every other round). Figures are medians of their rounds, "
        "ratios medians of the per-round ratios: the host's speed drifts over minutes on this VM",
        "",
        f"| proxy | req/s at {a['connections']} conns | p50 ms | p99 ms | added p50 ms (1 conn) "
        "| added p99 ms (1 conn) | CPU µs/req | vs minimal by CPU | proxy CPU | RSS MB (idle / max) "
        "| cached req/s | cached CPU µs/req | cached vs minimal by CPU | errors / non-2xx | noise c0/c1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in report["results"]:
        ld, ca = r["load"], r.get("cached_load", {})
        errs = sum(ld["socket_errors"].values())
        lines.append(
            f"| {r['label']} | {ld['rps']:.0f} | {ld['p50_ms']:.2f} | {ld['p99_ms']:.2f} "
            f"| {_f(r.get('added_p50_ms'), '{:+.3f}')} | {_f(r.get('added_p99_ms'), '{:+.3f}')} "
            f"| {_f(ld.get('cpu_us_per_req'), '{:.0f}')} | {_f(r.get('cpu_vs_minimal'), '{:.2f}x')} "
            f"| {_f(ld.get('cpu_util'), '{:.0%}')} "
            f"| {_f(r.get('rss_idle_mb'), '{:.1f}')} / {_f(ld.get('rss_max_mb'), '{:.1f}')} "
            f"| {_f(ca.get('rps'), '{:.0f}')} | {_f(ca.get('cpu_us_per_req'), '{:.0f}')} "
            f"| {_f(r.get('cached_cpu_vs_minimal'), '{:.2f}x')} "
            f"| {errs} / {ld['non_2xx'] + r['seq']['non_2xx']} | {_noise(ld)} |"
        )
    full_ratio = ratios.get("full_vs_litellm_rps")
    lines += [
        "",
        "Direct: wrk and the mock share core 1, so that row is the mock's ceiling, not a proxy's. "
        "CPU µs/req: the proxy's utime+stime (whole process tree) over the measured run divided by the "
        "requests served; proxy CPU: its share of core 0 (about 100% means CPU-bound). A run marked "
        "disturbed only on the load core (c1) while the proxy used about 100% of a clean core 0 was still "
        "limited by the proxy; its CPU per request is reliable either way. Fresh bodies (the main columns) make "
        "the full chain screen every newest message; the cached columns show what a cache hit costs.",
        "",
        "## Target",
        "",
        "| target | measured | met |",
        "|---|---:|---|",
        f"| aigw full chain req/s >= 40x LiteLLM's | {_f(full_ratio, '{:.1f}x')} "
        f"(by CPU per request: {_f(ratios.get('full_vs_litellm_cpu'), '{:.1f}x')}"
        + (
            f"; rounds: {', '.join(f'{x:.1f}' for x in ratios['full_vs_litellm_rps_rounds'])}"
            if len(ratios.get("full_vs_litellm_rps_rounds") or []) > 1
            else ""
        )
        + ") "
        f"| {'–' if full_ratio is None else ('yes' if full_ratio >= 40 else '**no**')} |",
        f"| aigw full chain >= 0.6x the minimal proxy by CPU per request | "
        f"{_f((by_name.get('aigw-full') or {}).get('cpu_vs_minimal'), '{:.2f}x')} | "
        f"{_yes((by_name.get('aigw-full') or {}).get('cpu_vs_minimal'), 0.6)} |",
        f"| aigw passthrough >= 1.3x the minimal proxy by CPU per request | "
        f"{_f((by_name.get('aigw') or {}).get('cpu_vs_minimal'), '{:.2f}x')} | "
        f"{_yes((by_name.get('aigw') or {}).get('cpu_vs_minimal'), 1.3)} |",
        f"| aigw passthrough req/s vs nginx (for reference) | "
        f"{_f(ratios.get('passthrough_vs_nginx_rps'), '{:.2f}x')} | – |",
        "",
        "![req/s, CPU per request and added latency per proxy](peers.png)",
    ]
    return "\n".join(lines) + "\n"


def plot(report: dict[str, Any], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not installed: no plot (`make peers` installs it)", file=sys.stderr)
        return False
    rows = [r for r in report["results"] if r["name"] != "direct"]
    labels = [r["label"].replace(" (reverse-proxy floor)", "") for r in rows]
    colors = [
        "#7f7f7f" if r["name"] == "nginx" else "#d62728" if r["name"] == "litellm" else "#1f77b4"
        for r in rows
    ]
    fig, axes = plt.subplots(1, 3, figsize=(14, 4.2))
    panels = [
        ("req/s (log scale)", [r["load"]["rps"] for r in rows], True, "{:.0f}"),
        (
            "CPU µs per request (log scale)",
            [r["load"].get("cpu_us_per_req") or 0 for r in rows],
            True,
            "{:.0f}",
        ),
        ("added p50 latency, ms (1 connection)", [r.get("added_p50_ms") or 0 for r in rows], False, "{:.2f}"),
    ]
    for ax, (title, values, log, fmt) in zip(axes, panels, strict=True):
        bars = ax.bar(labels, values, color=colors)
        ax.set_title(title, fontsize=10)
        if log:
            ax.set_yscale("log")
        ax.tick_params(axis="x", labelrotation=20, labelsize=8)
        for b, v in zip(bars, values, strict=True):
            ax.annotate(
                fmt.format(v),
                (b.get_x() + b.get_width() / 2, b.get_height()),
                ha="center",
                va="bottom",
                fontsize=8,
            )
    fig.suptitle(
        f"Proxies in front of the same mock, one core each ({report['machine']['date']})", fontsize=11
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def versions() -> str:
    out = []
    with contextlib.suppress(Exception):
        import subprocess

        v = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr.strip()
        out.append(v.replace("nginx version: ", ""))
        pip = LITELLM_VENV / "bin" / "pip"
        if pip.exists():
            show = subprocess.run([str(pip), "show", "litellm"], capture_output=True, text=True).stdout
            ver = next(
                (ln.split(":", 1)[1].strip() for ln in show.splitlines() if ln.startswith("Version:")), "?"
            )
            out.append(f"litellm {ver}")
    return ", ".join(out)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--duration", type=int, default=8, help="seconds per measured wrk run (default 8)")
    p.add_argument("--warmup", type=int, default=2, help="seconds of wrk warm-up per proxy")
    p.add_argument("--connections", type=int, default=32, help="wrk connections (default 32)")
    p.add_argument("--latency-duration", type=int, default=4, help="seconds of the 1-connection latency run")
    p.add_argument("--retry-disturbed", type=int, default=1, help="re-measure a disturbed run up to N times")
    p.add_argument(
        "--rounds", type=int, default=3, help="rounds with every peer up, taken in turn; medians reported"
    )
    p.add_argument(
        "--only", default="", help="comma-separated subset of: " + ", ".join(x.name for x in PEERS)
    )
    p.add_argument("--results-dir", type=Path, default=BENCH / "results")
    args = p.parse_args(argv)
    args.threads = 1
    only = {n.strip() for n in args.only.split(",") if n.strip()}
    unknown = only - {x.name for x in PEERS}
    if unknown:
        p.error(f"unknown peer(s): {', '.join(sorted(unknown))}")
    args.only = sorted(only)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk not found: `apt-get install wrk` (or `make system-deps`)", file=sys.stderr)
        return 2
    pin = (os.cpu_count() or 1) >= 2 and shutil.which("taskset") is not None
    m = machine_info(pin)
    if pin:
        os.sched_setaffinity(0, {LOAD_CORE})
    signal.signal(signal.SIGTERM, _raise_exit)
    signal.signal(signal.SIGHUP, _raise_exit)
    peers = [x for x in PEERS if not args.only or x.name in args.only or x.name == "direct"]
    command = shlex.join(["python", "bench/peers.py", *(sys.argv[1:] if argv is None else argv)])
    workdir = Path(tempfile.mkdtemp(prefix="aigw-peers-"))
    procs = Processes(workdir, pin)
    results, skipped = [], {}
    try:
        script = WRK_DIR / "chat.lua"  # fresh bodies and the shared key: run_wrk's defaults
        mock_port = free_port()
        mock = procs.start("mock", mock_command(mock_port), LOAD_CORE)
        wait_ready(mock_port, mock, procs, "mock")
        print(f"mock on :{mock_port}; logs in {workdir}", flush=True)
        for x in peers:
            print(f"{x.label}:", flush=True)
            try:
                results.append(bench_peer(x, procs, mock, mock_port, workdir, script, args))
            except (FileNotFoundError, RuntimeError) as exc:
                print(f"  skipped: {exc}", flush=True)
                skipped[x.name] = str(exc)[:2000]
        if args.rounds > 1 and results:
            more_rounds(peers, results, procs, mock, mock_port, workdir, script, args)
    finally:
        procs.stop_all()
    report: dict[str, Any] = {
        "command": command,
        "machine": m,
        "versions": versions(),
        "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "loadavg_end": Path("/proc/loadavg").read_text().split()[:3],
        "results": results,
        "skipped": skipped,
    }
    report["ratios"] = derive(results)
    md = render(report)
    if skipped:
        md += "\nSkipped: " + "; ".join(f"{k}: {v.splitlines()[0]}" for k, v in skipped.items()) + "\n"
    args.results_dir.mkdir(parents=True, exist_ok=True)
    (args.results_dir / "peers.json").write_text(json.dumps(report, indent=2) + "\n")
    (args.results_dir / "peers.md").write_text(md)
    plot(report, args.results_dir / "peers.png")
    shutil.rmtree(workdir, ignore_errors=True)
    print()
    print(md)
    print(f"written: {args.results_dir / 'peers.md'}, peers.json, peers.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
