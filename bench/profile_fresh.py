"""Where a fresh full-chain request's time goes: py-spy samples of aigw under wrk, grouped by owner.

Starts the fast mock (bench/mock_upstream.py) and aigw with a config (default: the full chain,
bench/configs/aigw-fullchain.yaml, default settings) pinned to core 0, loads it with wrk on
core 1 with fresh bodies (bench/bodies.py: the newest user message is new on every request),
and records the gateway with `py-spy record --format raw` (sampling; the process is paused
for each sample, so the stacks are exact). Each sample's innermost frame is attributed to the
part of the code base that owns it (the table below), which gives the share of the gateway's
busy time per part; with the CPU time per request measured over the same run, the share
becomes µs per request.

    .venv/bin/pip install py-spy              # bench-only tool, not a dependency
    .venv/bin/python bench/profile_fresh.py [--config bench/configs/aigw-passthrough.yaml] [--write NAME]

--write NAME: bench/results/NAME.md (the table) and NAME.txt (the top frames).
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bodies import DEFAULT_TURNS, describe
from run import (
    BENCH,
    CONFIGS,
    LOAD_CORE,
    PROXY_CORE,
    Processes,
    aigw_command,
    cpu_ticks,
    free_port,
    mock_command,
    run_wrk,
    wait_ready,
)

CLK_TCK = os.sysconf("SC_CLK_TCK")

# (group, pattern on "function (file:line)"): the first match owns the sample's innermost frame.
GROUPS: list[tuple[str, str]] = [
    ("injection filter (rules, model, word index)", r"filters/injection|injection_model|filters/word_index"),
    (
        "PII filter (incl. Presidio, spaCy, prefilter)",
        r"filters/pii|presidio|spacy|thinc|tldextract|phonenumbers",
    ),
    ("text canonicalization (filters/canonical.py)", r"filters/canonical"),
    ("scan cache (filters/cache.py)", r"filters/cache"),
    ("keywords / flooding filters", r"filters/keywords|filters/flooding"),
    ("access filter and limits", r"filters/access|filters/limits"),
    ("filter chain (filters/chain.py, base.py)", r"filters/chain|filters/base"),
    ("protocol adapter: extract, write back", r"gateway/protocols"),
    ("access log", r"gateway/dataplane/access_log"),
    ("metrics", r"gateway/metrics|prometheus_client"),
    ("audit", r"gateway/audit"),
    ("SLO and drift observers", r"gateway/slo"),
    ("canary, shadow, rollout", r"gateway/rollout"),
    (
        "proxy handler: read, parse, route, account",
        r"gateway/dataplane/proxy|gateway/dataplane/routing|gateway/exchange",
    ),
    ("answer: forward, screen, stream back", r"gateway/dataplane/(answers|forward|sse|http_client|errors)"),
    ("HTTP server and client (aiohttp)", r"aiohttp|multidict|yarl|header_timeout"),
    ("event loop (asyncio, uvloop)", r"asyncio|uvloop"),
]


def group_of(frame: str) -> str | None:
    for name, pattern in GROUPS:
        if re.search(pattern, frame):
            return name
    return None


def parse_raw(text: str) -> tuple[collections.Counter[str], collections.Counter[str], int]:
    """(samples per group, samples per owning frame, total) from py-spy's raw (collapsed) output.

    A sample is charged to its innermost frame that some group owns: library code no group
    names (numpy, re, functools, threading) is charged to the frame that called it.
    """
    groups: collections.Counter[str] = collections.Counter()
    frames: collections.Counter[str] = collections.Counter()
    total = 0
    for line in text.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        chain = stack.split(";")  # outermost first
        owner, group = chain[-1], "other"
        for frame in reversed(chain):
            found = group_of(frame)
            if found is not None:
                owner, group = frame, found
                break
        groups[group] += n
        frames[owner] += n
        total += n
    return groups, frames, total


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", type=Path, default=CONFIGS / "aigw-fullchain.yaml")
    p.add_argument("--duration", type=int, default=20, help="seconds of sampling under load")
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--rate", type=int, default=250, help="py-spy samples per second")
    p.add_argument("--body", choices=("fresh", "cached"), default="fresh")
    p.add_argument("--turns", type=int, default=DEFAULT_TURNS)
    p.add_argument("--write", metavar="NAME", help="write bench/results/NAME.md and NAME.txt")
    p.add_argument("--raw", type=Path, help="keep py-spy's raw stacks here")
    args = p.parse_args()
    args.config = args.config.resolve()
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(spy).exists():
        print("py-spy not found: .venv/bin/pip install py-spy", file=sys.stderr)
        return 2
    os.sched_setaffinity(0, {LOAD_CORE})
    workdir = Path(tempfile.mkdtemp(prefix="aigw-profile-"))
    procs = Processes(workdir, pin=(os.cpu_count() or 1) >= 2)
    try:
        mock_port, port, admin = free_port(), free_port(), free_port()
        mock = procs.start("mock", mock_command(mock_port), LOAD_CORE)
        wait_ready(mock_port, mock, procs, "mock")
        doc = yaml.safe_load(args.config.read_text())
        doc["server"].update(listen=f"127.0.0.1:{port}", admin_listen=f"127.0.0.1:{admin}")
        for up in doc["upstreams"].values():
            up["url"] = f"http://127.0.0.1:{mock_port}"
        cfg = workdir / "aigw.yaml"
        cfg.write_text(yaml.safe_dump(doc, sort_keys=False))
        env = {**os.environ, "AIGW_ADMIN_TOKEN": "bench-admin-token"}
        gw = procs.start("aigw", [*aigw_command(), "run", "-c", str(cfg)], PROXY_CORE, env=env)
        wait_ready(port, gw, procs, "aigw")
        url = f"http://127.0.0.1:{port}/v1/chat/completions"
        fresh = args.body == "fresh"
        run_wrk(procs, url, "chat.lua", 3, args.connections, 1, fresh=fresh, turns=args.turns)  # warm-up
        raw = workdir / "profile.txt"
        spy_proc = subprocess.Popen(
            [spy, "record", "--gil", "--format", "raw", "--rate", str(args.rate), "--duration", str(args.duration),
             "--output", str(raw), "--pid", str(gw.pid)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(0.5)
        t0 = cpu_ticks(gw.pid)
        load = run_wrk(
            procs, url, "chat.lua", args.duration - 2, args.connections, 1, fresh=fresh, turns=args.turns
        )
        cpu_us = (cpu_ticks(gw.pid) - t0) / CLK_TCK / max(load["requests"], 1) * 1e6
        spy_proc.wait(args.duration + 60)
        groups, frames, total = parse_raw(raw.read_text())
        if args.raw:
            shutil.copy(raw, args.raw)
    finally:
        procs.stop_all()
    if not total:
        print("no samples", file=sys.stderr)
        return 1
    config = args.config.resolve()
    shown = config.relative_to(BENCH.parent) if config.is_relative_to(BENCH.parent) else config
    lines = [
        f"# Where a request's time goes: {args.config.name}, {args.body} bodies",
        "",
        f"- command: `python bench/profile_fresh.py --config {shown} "
        f"--body {args.body} --turns {args.turns}`; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- load: wrk -c{args.connections} on core 1, {describe(fresh, args.turns)}; aigw on core 0 with "
        f"its default settings; {load['rps']:.0f} req/s, {cpu_us:.0f} µs CPU per request over the run "
        "(shared machine: the absolute figures are noisy, the shares less so)",
        f"- py-spy {args.rate} Hz, `--gil` (the thread running Python), {total} samples; each sample is charged to the part that owns its innermost "
        "frame of ours (library code such as numpy or the regex engine is charged to the "
        "line of ours that called it)",
        "",
        "| part | share of samples | ≈ µs per request |",
        "|---|---:|---:|",
    ]
    for name, n in groups.most_common():
        lines.append(f"| {name} | {n / total:.1%} | {n / total * cpu_us:.0f} |")
    md = "\n".join(lines) + "\n"
    top = "\n".join(f"{n / total:6.2%}  {frame}" for frame, n in frames.most_common(60))
    print(md)
    print(top)
    if args.write:
        (BENCH / "results" / f"{args.write}.md").write_text(md)
        (BENCH / "results" / f"{args.write}.txt").write_text(top + "\n")
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
