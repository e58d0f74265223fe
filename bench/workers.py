"""Every core: `workers: 2` against `workers: 1`, with the load generator on the same cores.

One machine of this class has 2 cores, and wrk and the mock upstream must run somewhere: on
the same 2 cores. So this runs, for a config (default: the full chain) and workers = 1 and 2,
with nothing pinned, in interleaved rounds: the mock (bench/mock_upstream.py), aigw with
`server.workers: N` (SO_REUSEPORT worker processes behind one supervisor) and wrk with 2
threads and fresh bodies (bench/bodies.py). Measured per run: req/s, and CPU time per
request of the gateway (whole process tree: supervisor and workers), of wrk and of the mock.

Why the ratio can reach 2x only when the gateway is most of the work: with 2 cores the best
N workers can do is use what wrk and the mock leave. If the gateway costs G µs of CPU per
request and the load generator L, one worker is capped by its core, G per request (if L fits
on the other core), and two workers by both cores, G + L per request: the ceiling ratio is
2G / (G + L). The report prints it next to the measured ratio.

    .venv/bin/python bench/workers.py [--config bench/configs/aigw-passthrough.yaml] [--write NAME]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bodies import describe
from run import (
    BENCH,
    CLK_TCK,
    CONFIGS,
    Processes,
    aigw_command,
    core_busy_ticks,
    cpu_ticks,
    descendants,
    free_port,
    run_wrk,
    wait_ready,
)


def own_ticks(pid: int) -> int:
    """utime + stime of one process (not its children)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return 0


def machine_busy() -> int:
    return sum(core_busy_ticks(c)[0] for c in range(os.cpu_count() or 1))


def start(procs: Processes, config: Path, workers: int, mock_port: int, workdir: Path) -> tuple[Any, str]:
    port, admin = free_port(), free_port()
    doc = yaml.safe_load(config.read_text())
    doc["server"].update(listen=f"127.0.0.1:{port}", admin_listen=f"127.0.0.1:{admin}", workers=workers)
    for up in doc["upstreams"].values():
        up["url"] = f"http://127.0.0.1:{mock_port}"
    cfg = workdir / f"aigw-{workers}.yaml"
    cfg.write_text(yaml.safe_dump(doc, sort_keys=False))
    env = {**os.environ, "AIGW_ADMIN_TOKEN": "bench-admin-token"}
    proc = procs.start(f"aigw-{workers}", [*aigw_command(), "run", "-c", str(cfg)], None, env=env)
    wait_ready(port, proc, procs, f"aigw-{workers}", timeout_s=60)
    time.sleep(1.0 if workers > 1 else 0.2)  # every worker bound (readyz answers from the first)
    return proc, f"http://127.0.0.1:{port}/v1/chat/completions"


def one_run(
    procs: Processes, url: str, gw_pid: int, mock_pid: int, args: argparse.Namespace
) -> dict[str, Any]:
    g0, m0 = cpu_ticks(gw_pid), cpu_ticks(mock_pid)
    # Each serving process apart (the supervisor, gw_pid, serves nothing under workers: 2): how
    # evenly SO_REUSEPORT spread the connections shows as their CPU split.
    servers = [p for p in descendants(gw_pid) if p != gw_pid] or [gw_pid]
    w0 = {p: own_ticks(p) for p in servers}
    busy0, t0 = machine_busy(), time.monotonic()
    ru0 = os.times()
    r = run_wrk(procs, url, "chat.lua", args.duration, args.connections, 2)
    ru1 = os.times()
    busy1, t1 = machine_busy(), time.monotonic()
    n = max(r["requests"], 1)
    wrk_s = (ru1.children_user + ru1.children_system) - (ru0.children_user + ru0.children_system)
    split = sorted((own_ticks(p) - w0[p] for p in servers), reverse=True)
    ours = (cpu_ticks(gw_pid) - g0) + (cpu_ticks(mock_pid) - m0) + wrk_s * CLK_TCK
    cores = os.cpu_count() or 1
    return {
        "busiest_worker_share": split[0] / max(sum(split), 1),
        # Busy CPU of the machine not ours (other sessions), in % of all cores over the run.
        "foreign_cpu_pct": max(busy1 - busy0 - ours, 0) / CLK_TCK / ((t1 - t0) * cores) * 100,
        "rps": r["rps"],
        "p50_ms": r["p50_ms"],
        "p99_ms": r["p99_ms"],
        "non_2xx": r["non_2xx"],
        "gateway_cpu_us": (cpu_ticks(gw_pid) - g0) / CLK_TCK / n * 1e6,
        "mock_cpu_us": (cpu_ticks(mock_pid) - m0) / CLK_TCK / n * 1e6,
        "wrk_cpu_us": wrk_s / n * 1e6,
        "loadavg": Path("/proc/loadavg").read_text().split()[0],
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", type=Path, default=CONFIGS / "aigw-fullchain.yaml")
    p.add_argument("--duration", type=int, default=8)
    p.add_argument("--connections", type=int, default=64)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--write", metavar="NAME", help="write bench/results/NAME.md and NAME.json")
    args = p.parse_args()
    args.config = args.config.resolve()
    workdir = Path(tempfile.mkdtemp(prefix="aigw-workers-"))
    procs = Processes(workdir, pin=False)
    runs: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
    try:
        mock_port = free_port()
        mock = procs.start(
            "mock", [sys.executable, str(BENCH / "mock_upstream.py"), "--port", str(mock_port)], None
        )
        wait_ready(mock_port, mock, procs, "mock")
        started = {n: start(procs, args.config, n, mock_port, workdir) for n in (1, 2)}
        for _proc, url in started.values():
            run_wrk(procs, url, "chat.lua", 2, args.connections, 2)  # warm-up (caches, workers)
        for r in range(args.rounds):
            for n in (1, 2) if r % 2 == 0 else (2, 1):
                proc, url = started[n]
                runs[n].append(one_run(procs, url, proc.pid, mock.pid, args))
                print(f"round {r + 1}, workers {n}: {runs[n][-1]['rps']:.0f} req/s", flush=True)
    finally:
        procs.stop_all()
        subprocess.run(["rm", "-rf", str(workdir)], check=False)
    med = {n: {k: statistics.median(float(x[k]) for x in rs) for k in rs[0]} for n, rs in runs.items()}
    ratios = [b["rps"] / a["rps"] for a, b in zip(runs[1], runs[2], strict=True)]
    g, load_gen = med[1]["gateway_cpu_us"], med[1]["mock_cpu_us"] + med[1]["wrk_cpu_us"]
    ceiling = 2 * g / (g + load_gen)
    lines = [
        f"# workers: 2 vs workers: 1 ({args.config.name})",
        "",
        f"- command: `python bench/workers.py --config {args.config.relative_to(BENCH.parent)} --duration "
        f"{args.duration} --connections {args.connections} --rounds {args.rounds}`; "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- {os.cpu_count()} cores shared with other engineers' work; nothing pinned: aigw, the mock and "
        f"`wrk -t2 -c{args.connections}` share them; {describe(True)}; default settings (access log on)",
        f"- medians of {args.rounds} interleaved rounds; load average during the runs: "
        f"{', '.join(x['loadavg'] for rs in runs.values() for x in rs)}",
        "",
        "| workers | req/s | p50 ms | p99 ms | gateway CPU µs/req | mock CPU µs/req | wrk CPU µs/req "
        "| busiest worker's CPU share | foreign CPU (other sessions) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, m in med.items():
        lines.append(
            f"| {n} | {m['rps']:.0f} | {m['p50_ms']:.2f} | {m['p99_ms']:.2f} | {m['gateway_cpu_us']:.0f} "
            f"| {m['mock_cpu_us']:.0f} | {m['wrk_cpu_us']:.0f} | {m['busiest_worker_share']:.0%} "
            f"| {m['foreign_cpu_pct']:.0f}% |"
        )
    lines += [
        "",
        f"- workers 2 / workers 1, req/s: **{statistics.median(ratios):.2f}x** (rounds: "
        f"{', '.join(f'{x:.2f}' for x in ratios)})",
        f"- ceiling on 2 cores with the load generator on them: 2G / (G + L) = {ceiling:.2f}x, with G = "
        f"{g:.0f} µs (gateway CPU per request, 1 worker) and L = {load_gen:.0f} µs (mock + wrk)",
    ]
    md = "\n".join(lines) + "\n"
    print(md)
    if args.write:
        (BENCH / "results" / f"{args.write}.md").write_text(md)
        import json

        (BENCH / "results" / f"{args.write}.json").write_text(
            json.dumps({"runs": runs, "median": med}, indent=2)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
