"""Screening a long text off the event loop: a thread pool or a process pool, on this machine?

Texts over `offload_chars` are screened off the event loop (filters/base.py `offload`: the
default thread pool). Under the GIL a thread only helps where the work releases the GIL;
a process pool runs truly in parallel on the other core but pays pickling, a pipe round trip
and, in production, a copy of the screening model in every pool process. This measures both
for a 20 KB text through the injection detector (canonicalize, rules, classifier: what
`offload_chars` guards) and, with --pii, Presidio's analyzer:

- `inline`: scanned on the loop (what a text under offload_chars gets).
- `thread`: `run_in_executor` on a 2-thread pool.
- `process`: `run_in_executor` on a 2-process pool whose processes built their own detector.

While K scans run (K = --concurrent, submitted together, like K requests with long texts
arriving at once), a ticker task on the loop wakes every 1 ms: its lateness is what every
other request on that loop waits (the loop lag). Reported: wall time for the K scans
(throughput), the ticker's p50/p99/max lag, and the main process's CPU per scan.

    .venv/bin/python bench/offload_perf.py [--concurrent 8] [--rounds 5] [--pii] [--write]
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SIZE = 20_000
_scanner: Callable[[str], Any] | None = None


def build(kind: str) -> Callable[[str], Any]:
    if kind == "injection":
        from filters.injection import Detector, load_model
        from filters.injection_rules import RuleSet

        detector = Detector(RuleSet(()), load_model())
        return detector.scan
    from filters.base import BuildContext
    from filters.pii import PiiConfig, PiiFilter

    f = PiiFilter("pii", PiiConfig(type="pii"), BuildContext(env={}, shared={}))
    return f._analyzer.analyze


def _init(kind: str) -> None:
    global _scanner
    _scanner = build(kind)


def _scan_in_pool(text: str) -> int:
    assert _scanner is not None
    _scanner(text)
    return len(text)  # the result's size does not matter here; a small answer keeps IPC fair


def texts(n: int, salt: int) -> list[str]:
    base = (
        "Quarterly report for the platform team. Latency of the checkout service stayed under its "
        "objective; two incidents were traced to a retry storm after an upstream outage. Contact the "
        "on-call engineer before changing the rate limits. "
    )
    out = []
    for i in range(n):
        t = f"[{salt}-{i}] " + base * (SIZE // len(base) + 1)
        out.append(t[:SIZE])
    return out


async def ticker(stop: asyncio.Event, lags: list[float]) -> None:
    while not stop.is_set():
        t = time.perf_counter()
        await asyncio.sleep(0.001)
        lags.append(time.perf_counter() - t - 0.001)


async def one_round(mode: str, scan: Callable[[str], Any], pool: Any, batch: list[str]) -> dict[str, float]:
    loop = asyncio.get_running_loop()
    stop, lags = asyncio.Event(), []
    tick = asyncio.create_task(ticker(stop, lags))
    await asyncio.sleep(0.01)
    cpu0, t0 = time.process_time(), time.perf_counter()
    if mode == "inline":
        for text in batch:
            scan(text)
            await asyncio.sleep(0)
    elif mode == "thread":
        await asyncio.gather(*(loop.run_in_executor(pool, scan, text) for text in batch))
    else:
        await asyncio.gather(*(loop.run_in_executor(pool, _scan_in_pool, text) for text in batch))
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    stop.set()
    await tick
    lags.sort()
    return {
        "wall_ms": wall * 1000,
        "per_scan_ms": wall * 1000 / len(batch),
        "main_cpu_ms_per_scan": cpu * 1000 / len(batch),
        "lag_p50_ms": lags[len(lags) // 2] * 1000 if lags else 0.0,
        "lag_p99_ms": lags[min(len(lags) - 1, int(len(lags) * 0.99))] * 1000 if lags else 0.0,
        "lag_max_ms": lags[-1] * 1000 if lags else 0.0,
    }


async def measure(kind: str, n_texts: int, rounds: int) -> dict[str, dict[str, float]]:
    scan = build(kind)
    threads = concurrent.futures.ThreadPoolExecutor(2)
    procs = concurrent.futures.ProcessPoolExecutor(2, initializer=_init, initargs=(kind,))
    loop = asyncio.get_running_loop()
    await asyncio.gather(*(loop.run_in_executor(procs, _scan_in_pool, "warm up " * 10) for _ in range(4)))
    scan("warm up")
    runs: dict[str, list[dict[str, float]]] = {"inline": [], "thread": [], "process": []}
    try:
        for r in range(rounds):
            for mode in runs:  # interleaved, so drifting background load hits all three alike
                pool = threads if mode == "thread" else procs
                runs[mode].append(await one_round(mode, scan, pool, texts(n_texts, r * 10 + len(runs[mode]))))
    finally:
        threads.shutdown()
        procs.shutdown()
    return {mode: {k: statistics.median(x[k] for x in rs) for k in rs[0]} for mode, rs in runs.items()}


def render(results: dict[str, dict[str, dict[str, float]]], args: argparse.Namespace) -> str:
    lines = [
        "# Long texts off the event loop: threads or processes",
        "",
        f"- command: `python bench/offload_perf.py --concurrent {args.concurrent} --rounds {args.rounds}"
        f"{' --pii' if args.pii else ''}`; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- python {platform.python_version()}, {os.cpu_count()} cores shared with other engineers' work "
        f"(load average {' '.join(Path('/proc/loadavg').read_text().split()[:3])}); medians of {args.rounds} "
        "interleaved rounds",
        f"- {args.concurrent} texts of {SIZE:,} characters submitted at once; pools of 2; `loop lag`: how late "
        "a 1 ms timer on the event loop fires meanwhile (what every other request waits)",
        "",
        "| scanner | mode | wall ms per text | main process CPU ms per text | loop lag p50 ms | p99 ms | max ms |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for kind, modes in results.items():
        for mode, r in modes.items():
            lines.append(
                f"| {kind} | {mode} | {r['per_scan_ms']:.1f} | {r['main_cpu_ms_per_scan']:.1f} | "
                f"{r['lag_p50_ms']:.2f} | {r['lag_p99_ms']:.2f} | {r['lag_max_ms']:.2f} |"
            )
    lines += [
        "",
        "How to read it: a thread shortens the loop's stall (p99, max lag) only as far as the scan releases "
        "the GIL (the injection classifier in C and the RE2 rule prefilter do; canonicalization and the "
        "Python rules do not). A process pool takes the CPU off the loop's core (main process CPU per text: "
        "pickling the text and the answer) and shortens the stall to the pipe round trips, at the price of a "
        "copy of the scanner (model, Presidio) in each pool process; it adds throughput only where a core "
        "is idle, which `workers: N` already uses.",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--concurrent", type=int, default=8)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--pii", action="store_true", help="also Presidio's analyzer (slow to load)")
    p.add_argument("--write", action="store_true", help="write bench/results/offload_perf.md")
    args = p.parse_args()
    kinds = ["injection", *(["pii"] if args.pii else [])]
    results = {kind: asyncio.run(measure(kind, args.concurrent, args.rounds)) for kind in kinds}
    md = render(results, args)
    print(md)
    if args.write:
        (REPO / "bench" / "results" / "offload_perf.md").write_text(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
