"""Instructions per request under callgrind: a deterministic A/B of proxies on a noisy VM.

Wall-clock throughput on this shared VM drifts by 10-20% within minutes (bench/run.py
measures in rounds and reports medians for that reason). Instruction counts do not drift:
the same proxy, config and request give the same count within ~1% between runs, whatever else the
host is doing. So this script runs each target under `valgrind --tool=callgrind`, sends a
warm-up, zeroes the counters (callgrind_control -z), sends N requests at 32 connections
from a Python client on the other core, dumps (callgrind_control -d) and divides.

    python bench/instructions.py                       # minimal, aigw, aigw-full
    python bench/instructions.py --only aigw --requests 4000

Bodies (bench/bodies.py): the newest user message is new on every request (`--body cached`:
one body every time, which only measures the scan cache's hits; `--turns N`: turn N of a
conversation). aigw runs with its default settings (access log on, into a file); the target
`aigw-nolog` is the passthrough with `access_log: false`.

Instructions are not time (cache misses, kernel time), but the ratio tracked the CPU-time
ratio within a few percent here (aigw passthrough vs the minimal proxy: 0.83x vs a median
of 0.88x by CPU time). Needs valgrind (Debian package `valgrind`); ~1 minute per target.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bodies import DEFAULT_TURNS, Bodies, describe
from run import (
    BENCH,
    CONFIGS,
    KEY,
    LOAD_CORE,
    PATH,
    PROXY_CORE,
    aigw_command,
    free_port,
    mock_command,
    wait_ready,
)

# name -> (config, server overrides); None: the minimal proxy
TARGETS: dict[str, tuple[Path, dict] | None] = {
    "minimal": None,
    "aigw": (CONFIGS / "aigw-passthrough.yaml", {}),
    "aigw-nolog": (CONFIGS / "aigw-passthrough.yaml", {"access_log": False}),
    "aigw-full": (CONFIGS / "aigw-fullchain.yaml", {}),
    # One worker of `workers: 2` as the supervisor starts it: data plane only, metrics in
    # multiprocess mode (files the supervisor reads), so its cost per request shows apart.
    "aigw-worker": (CONFIGS / "aigw-passthrough.yaml", {}),
    # The full chain's route with every filter answering "allow" at once (bench/noop_filters.py):
    # what parse, extract, the chain's loop, the answer's screening path and accounting cost.
    "aigw-noop-chain": (CONFIGS / "aigw-fullchain.yaml", {}),
}
DEFAULT_TARGETS = ("minimal", "aigw", "aigw-full")


async def drive(url: str, n: int, conns: int, bodies: Bodies) -> float:
    """n POSTs over `conns` keep-alive connections; every answer must be a 200."""
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {KEY}"}
    left = n
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=conns)) as s:

        async def worker() -> None:
            nonlocal left
            while left > 0:
                left -= 1
                async with s.post(url, data=bodies.next(), headers=headers) as r:
                    await r.read()
                    if r.status != 200:
                        raise RuntimeError(f"{url} answered {r.status}")

        t0 = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(conns)))
        return time.perf_counter() - t0


def command(
    name: str, port: int, admin_port: int, mock_url: str, workdir: Path, config: Path | None = None
) -> list[str]:
    target = TARGETS[name]
    if target is None:
        return [sys.executable, str(BENCH / "minimal_proxy.py"), "--port", str(port), "--upstream", mock_url]
    cfg_path, server = target
    if config is not None and name in ("aigw-full", "aigw-noop-chain"):
        cfg_path = config
    doc = yaml.safe_load(cfg_path.read_text())
    doc["server"].update(listen=f"127.0.0.1:{port}", admin_listen=f"127.0.0.1:{admin_port}", **server)
    for up in doc["upstreams"].values():
        up["url"] = mock_url
    cfg = workdir / f"{name}.yaml"
    cfg.write_text(yaml.safe_dump(doc, sort_keys=False))
    launcher = (
        [sys.executable, str(BENCH / "noop_filters.py")] if name == "aigw-noop-chain" else aigw_command()
    )
    return [*launcher, "_worker" if name == "aigw-worker" else "run", "-c", str(cfg)]


# --cache-sim: callgrind's cache simulation with this machine class's 1 MB L2 as the last level
# it models (its I1/D1 are the host's). Instructions do not see that a large working set (the
# classifier's table, the Hyperscan database, the interpreter's own) misses the caches inside
# the gateway where it hits in a loop of one function; the simulated misses do, and like the
# instruction count they do not move with the machine's load. ~2x slower than without.
CACHE_SIM = ("--cache-sim=yes", "--LL=1048576,16,64")


def measure(name: str, mock_url: str, workdir: Path, args: argparse.Namespace) -> dict[str, float]:
    port, admin_port = free_port(), free_port()
    out = workdir / f"{name}.callgrind"
    argv = [
        "taskset", "-c", str(PROXY_CORE),
        "valgrind", "--tool=callgrind", f"--callgrind-out-file={out}.%p", "--dump-instr=no",
        *(CACHE_SIM if args.cache_sim else ()),
        *command(name, port, admin_port, mock_url, workdir, args.config),
    ]  # fmt: skip
    env = {**os.environ, "AIGW_ADMIN_TOKEN": "bench-admin-token", "PYTHONHASHSEED": "0"}
    if name == "aigw-worker":
        (workdir / "metrics").mkdir(exist_ok=True)
        env["PROMETHEUS_MULTIPROC_DIR"] = str(workdir / "metrics")
    log = (workdir / f"{name}.log").open("wb")
    proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        # under valgrind a gateway takes ~40 s to start, ~5 minutes with --cache-sim
        wait_ready(port, proc, None, name, timeout_s=900 if args.cache_sim else 300)
        url = f"http://127.0.0.1:{port}{PATH}"
        bodies = Bodies(fresh=args.body == "fresh", turns=args.turns)
        asyncio.run(drive(url, args.warmup, 32, bodies))
        subprocess.run(["callgrind_control", "-z", str(proc.pid)], check=True, capture_output=True)
        seconds = asyncio.run(drive(url, args.requests, 32, bodies))
        subprocess.run(["callgrind_control", "-d", str(proc.pid)], check=True, capture_output=True)
        dumps = sorted(workdir.glob(f"{name}.callgrind.{proc.pid}.*"), key=lambda p: p.stat().st_mtime)
        if args.keep is not None:
            args.keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(dumps[-1], args.keep / f"{name}.callgrind")
        text = dumps[-1].read_text().splitlines()
        events = next(line.split()[1:] for line in text if line.startswith("events:"))
        counts = dict(
            zip(
                events,
                map(int, next(line.split()[1:] for line in text if line.startswith("summary:"))),
                strict=True,
            )
        )
        result = {
            "instructions_per_request": round(counts["Ir"] / args.requests),
            "seconds_under_valgrind": seconds,
        }
        if args.cache_sim:
            n = args.requests
            result["l1_misses_per_request"] = round(sum(counts[e] for e in ("I1mr", "D1mr", "D1mw")) / n)
            result["l2_misses_per_request"] = round(sum(counts[e] for e in ("ILmr", "DLmr", "DLmw")) / n)
        return result
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def render(report: dict) -> str:
    lines = [
        "# Instructions per request under callgrind",
        "",
        f"- command: `{report['command'].strip()}`; {report['date']}",
        f"- {report['requests']} requests at 32 connections after the warm-up; body: {report['body']}; aigw with "
        "its default settings (access log on) unless the target says otherwise",
        "",
        "| target | instructions/request | minimal ÷ target | L1 misses/request | L2 misses/request (1 MB, simulated) |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, r in report["results"].items():
        ratio = r.get("minimal_over_this")
        l1, l2 = r.get("l1_misses_per_request"), r.get("l2_misses_per_request")
        lines.append(
            f"| {name} | {r['instructions_per_request']:,} | {'–' if ratio is None else f'{ratio:.3f}x'} "
            f"| {'–' if l1 is None else f'{l1:,}'} | {'–' if l2 is None else f'{l2:,}'} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--only", action="append", default=[], choices=sorted(TARGETS))
    p.add_argument("--body", choices=("fresh", "cached"), default="fresh", help="newest message new or fixed")
    p.add_argument(
        "--turns", type=int, default=DEFAULT_TURNS, help="turn of the conversation (history length)"
    )
    p.add_argument("--requests", type=int, default=2000, help="measured requests per target")
    p.add_argument(
        "--config",
        type=Path,
        help="another chain for aigw-full and aigw-noop-chain (e.g. without response filters, to split a cost)",
    )
    p.add_argument("--warmup", type=int, default=300, help="requests before the counters are zeroed")
    p.add_argument(
        "--cache-sim", action="store_true", help="also count L1 and (simulated 1 MB) L2 misses per request"
    )
    p.add_argument("--out", type=Path, default=BENCH / "results" / "instructions.json")
    p.add_argument(
        "--keep",
        type=Path,
        help="copy each target's callgrind dump here (for callgrind_annotate: instructions per C function)",
    )
    args = p.parse_args()
    for tool in ("valgrind", "callgrind_control", "taskset"):
        if shutil.which(tool) is None:
            print(f"{tool} not found: `apt-get install valgrind` (taskset: util-linux)", file=sys.stderr)
            return 2
    os.sched_setaffinity(0, {LOAD_CORE})
    names = args.only or list(DEFAULT_TARGETS)
    workdir = Path(tempfile.mkdtemp(prefix="aigw-instr-"))
    mock_port = free_port()
    mock = subprocess.Popen(
        ["taskset", "-c", str(LOAD_CORE), *mock_command(mock_port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    results: dict[str, dict[str, float]] = {}
    try:
        wait_ready(mock_port, mock, None, "mock")
        for name in names:
            results[name] = measure(name, f"http://127.0.0.1:{mock_port}", workdir, args)
            r = results[name]
            misses = (
                f", L1 misses {r['l1_misses_per_request']:,}, L2 {r['l2_misses_per_request']:,}"
                if args.cache_sim
                else ""
            )
            print(f"{name}: {r['instructions_per_request']:,} instructions/request{misses}", flush=True)
    finally:
        mock.terminate()
        mock.wait(10)
        shutil.rmtree(workdir, ignore_errors=True)
    base = results.get("minimal", {}).get("instructions_per_request")
    for r in results.values():
        if base:
            r["minimal_over_this"] = round(base / r["instructions_per_request"], 3)
    report = {
        "command": "python bench/instructions.py " + " ".join(sys.argv[1:]),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "requests": args.requests,
        "body": describe(args.body == "fresh", args.turns),
        "results": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    args.out.with_suffix(".md").write_text(render(report))
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
