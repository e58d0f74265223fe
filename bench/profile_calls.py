"""Which functions a request calls, and how often: a deterministic profile of aigw per request.

callgrind (bench/instructions.py) gives the total instructions per request but only names C
functions: every Python function is one `_PyEval_EvalFrameDefault`. py-spy
(bench/profile_fresh.py) names Python frames but samples, so a 2 µs function is noise. This
script fills the gap: it runs aigw under cProfile (deterministic: every call is counted)
with the fast mock, sends a warm-up, profiles N requests from a client on the other core,
and prints calls per request and own time per request for the top functions. cProfile's
own cost inflates small functions, so the times rank, they do not measure; the call counts
are exact and are what a cut is judged by (with bench/instructions.py for the total).

    .venv/bin/python bench/profile_calls.py                                 # passthrough
    .venv/bin/python bench/profile_calls.py --config bench/configs/aigw-fullchain.yaml --top 60
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bodies import DEFAULT_TURNS, Bodies
from instructions import drive
from run import BENCH, CONFIGS, LOAD_CORE, PATH, PROXY_CORE, free_port, mock_command, wait_ready

# Run inside the gateway process. uvloop does not run Python-level signal handlers for
# signals it was not asked about, so a thread watches for two files instead and switches
# the profiler on the loop's thread (cProfile profiles the thread that enables it).
_RUNNER = """
import asyncio, cProfile, os, sys, threading, time
from gateway.cli import main
from gateway.service import server
prof = cProfile.Profile()
stats, cfg = sys.argv[1], sys.argv[2]
if sys.argv[3:4] == ["noop"]:
    sys.path.insert(0, sys.argv[4])
    from noop_filters import _patch
    _patch()
def stop():
    prof.disable()
    prof.dump_stats(stats)
def watch(loop):
    while not os.path.exists(stats + ".start"):
        time.sleep(0.05)
    loop.call_soon_threadsafe(prof.enable)
    while not os.path.exists(stats + ".stop"):
        time.sleep(0.05)
    loop.call_soon_threadsafe(stop)
start = server.Server.start
async def start_and_watch(self):
    await start(self)
    threading.Thread(target=watch, args=(asyncio.get_running_loop(),), daemon=True).start()
server.Server.start = start_and_watch
sys.argv = ["aigw", "run", "-c", cfg]
sys.exit(main())
"""


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", type=Path, default=CONFIGS / "aigw-passthrough.yaml")
    p.add_argument("--requests", type=int, default=3000)
    p.add_argument("--warmup", type=int, default=500)
    p.add_argument("--top", type=int, default=45)
    p.add_argument("--sort", choices=("tottime", "cumtime", "ncalls"), default="tottime")
    p.add_argument("--body", choices=("fresh", "cached"), default="fresh")
    p.add_argument("--turns", type=int, default=DEFAULT_TURNS)
    p.add_argument(
        "--noop-filters", action="store_true", help="every filter allows at once (bench/noop_filters.py)"
    )
    p.add_argument(
        "--callers", action="append", default=[], help="also print who calls functions matching this"
    )
    args = p.parse_args()
    os.sched_setaffinity(0, {LOAD_CORE})
    work = Path(tempfile.mkdtemp(prefix="aigw-calls-"))
    mock_port, port, admin_port = free_port(), free_port(), free_port()
    mock = subprocess.Popen(
        ["taskset", "-c", str(LOAD_CORE), *mock_command(mock_port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    doc = yaml.safe_load(args.config.read_text())
    doc["server"].update(listen=f"127.0.0.1:{port}", admin_listen=f"127.0.0.1:{admin_port}")
    for up in doc["upstreams"].values():
        up["url"] = f"http://127.0.0.1:{mock_port}"
    cfg = work / "aigw.yaml"
    cfg.write_text(yaml.safe_dump(doc, sort_keys=False))
    stats = work / "calls.prof"
    env = {**os.environ, "AIGW_ADMIN_TOKEN": "bench-admin-token", "PYTHONHASHSEED": "0"}
    gw = subprocess.Popen(
        [
            *("taskset", "-c", str(PROXY_CORE), sys.executable, "-c", _RUNNER, str(stats), str(cfg)),
            *(("noop", str(BENCH)) if args.noop_filters else ()),
        ],
        stdout=subprocess.DEVNULL,
        stderr=(work / "aigw.log").open("wb"),
        env=env,
    )
    try:
        wait_ready(mock_port, mock, None, "mock")
        wait_ready(port, gw, None, "aigw", timeout_s=120)
        url = f"http://127.0.0.1:{port}{PATH}"
        bodies = Bodies(fresh=args.body == "fresh", turns=args.turns)
        asyncio.run(drive(url, args.warmup, 32, bodies))
        Path(f"{stats}.start").touch()
        time.sleep(0.3)
        asyncio.run(drive(url, args.requests, 32, bodies))
        Path(f"{stats}.stop").touch()
        for _ in range(100):
            if stats.exists() and stats.stat().st_size:
                break
            time.sleep(0.1)
        time.sleep(0.5)
    finally:
        for proc in (gw, mock):
            proc.terminate()
            proc.wait(20)
    st = pstats.Stats(str(stats))
    n = args.requests
    rows = []
    for (file, line, func), (_cc, nc, tt, ct, _) in st.stats.items():  # type: ignore[attr-defined]
        where = f"{func} ({Path(file).name}:{line})" if file != "~" else func
        rows.append((where, nc / n, tt / n * 1e6, ct / n * 1e6))
    key = {"tottime": 2, "cumtime": 3, "ncalls": 1}[args.sort]
    rows.sort(key=lambda r: r[key], reverse=True)
    total_calls = sum(r[1] for r in rows)
    print(f"config {args.config.name}, {n} requests; {total_calls:.0f} profiled calls per request")
    print(f"{'calls/req':>9} {'own µs/req':>10} {'cum µs/req':>10}  function")
    for where, calls, tt, ct in rows[: args.top]:
        print(f"{calls:9.2f} {tt:10.2f} {ct:10.2f}  {where}")
    for pattern in args.callers:
        st.print_callers(pattern)
    return 0


if __name__ == "__main__":
    sys.exit(main())
