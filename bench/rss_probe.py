"""Where the full chain's RSS goes: at start, after N fresh requests, by mapping.

The soak (bench/soak.py) says how much RSS the gateway has over 10 minutes, not what it is.
This starts the gateway with the soak's config (bench/configs/aigw-soak.yaml) and its mock,
reads /proc/PID/smaps when it is ready, sends N requests of the soak's traffic mix (every
newest message fresh; closed loop at --concurrency, as fast as the gateway answers), and
reads smaps again. Mappings are grouped: the brk heap and anonymous mappings (Python's
arenas, glibc's per-thread malloc arenas, RE2's automata, numpy buffers), each shared
library and extension module (the pages of code and data it touched), thread stacks. The
thread count and the gateway's own /admin/stats are printed beside it.

    python bench/rss_probe.py                      # 20,000 requests
    python bench/rss_probe.py --env MALLOC_ARENA_MAX=2 --requests 5000
    python bench/rss_probe.py --json out.json

Only the ratios and the differences between runs are meant to be read: RSS is what the
kernel has mapped in, so it moves by a few hundred KB with the order of allocations.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import Processes
from soak import CLASSES, CONFIG, KEY, PATH, build_request, start_stack

_HEAD = re.compile(r"^[0-9a-f]+-[0-9a-f]+ ")


def smaps_groups(pid: int) -> dict[str, int]:
    """KB of RSS per mapping group of one process (see the module docstring)."""
    groups: dict[str, int] = {}
    name = ""
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        if _HEAD.match(line):
            parts = line.split(None, 5)
            path = parts[5].strip() if len(parts) > 5 else ""
            if not path:
                name = "anon"
            elif path == "[heap]":
                name = "heap (brk)"
            elif path.startswith("[stack"):
                name = "main stack"
            elif path.startswith("["):
                name = path
            else:
                name = Path(path).name
        elif line.startswith("Rss:"):
            groups[name] = groups.get(name, 0) + int(line.split()[1])
    return groups


def status(pid: int) -> dict[str, int]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssAnon", "RssFile", "Threads", "VmHWM"):
            out[key] = int(value.split()[0])
    return out


async def drive(url: str, n: int, concurrency: int, seed: int) -> dict[str, int]:
    rnd = random.Random(seed)
    names = list(CLASSES)
    weights = [CLASSES[c][0] for c in names]
    statuses: dict[str, int] = {}
    queue = iter(range(n))
    headers = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}

    async def worker(session: aiohttp.ClientSession) -> None:
        for _ in queue:
            cls = rnd.choices(names, weights)[0]
            if cls == "slow":  # the delay only adds wall time here
                cls = "clean"
            body, extra, _expected = build_request(cls, rnd, 0)
            async with session.post(url, data=body, headers=extra) as resp:
                await resp.read()
                statuses[str(resp.status)] = statuses.get(str(resp.status), 0) + 1

    conn = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=conn, headers=headers) as session:
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
    return statuses


def snapshot(pid: int) -> dict[str, Any]:
    return {"status": status(pid), "groups": smaps_groups(pid)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--requests", type=int, default=20000)
    p.add_argument("--concurrency", type=int, default=32)
    p.add_argument("--env", action="append", default=[], help="NAME=VALUE for the gateway's environment")
    p.add_argument("--config", type=Path, default=CONFIG)
    p.add_argument("--json", type=Path, help="write both snapshots here")
    p.add_argument("--top", type=int, default=14, help="mapping groups shown")
    args = p.parse_args(argv)
    pin = (os.cpu_count() or 1) >= 2
    workdir = Path(tempfile.mkdtemp(prefix="aigw-rss-"))
    procs = Processes(workdir, pin)
    try:
        env = {k: v for k, _, v in (item.partition("=") for item in args.env)}
        port, gw, _mock = start_stack(procs, workdir, args.config, "rss-admin-token", env)
        pid = gw.pid
        start = snapshot(pid)
        statuses = asyncio.run(drive(f"http://127.0.0.1:{port}{PATH}", args.requests, args.concurrency, 9))
        end = snapshot(pid)
    finally:
        procs.stop_all()
    print(f"env: {' '.join(args.env) or '(default)'}; {args.requests} requests, statuses {statuses}")
    for key in ("VmRSS", "RssAnon", "RssFile", "Threads"):
        a, b = start["status"][key], end["status"][key]
        unit = "" if key == "Threads" else " MB"
        conv = (lambda x: x) if key == "Threads" else (lambda x: round(x / 1024, 1))
        print(f"{key:8} start {conv(a)}{unit}  end {conv(b)}{unit}  delta {conv(b - a)}{unit}")
    names = sorted(end["groups"], key=lambda k: -end["groups"][k])[: args.top]
    print(f"{'mapping group':40} {'start MB':>9} {'end MB':>9} {'delta':>7}")
    for name in names:
        a, b = start["groups"].get(name, 0), end["groups"][name]
        print(f"{name[:40]:40} {a / 1024:9.1f} {b / 1024:9.1f} {(b - a) / 1024:7.1f}")
    if args.json:
        args.json.write_text(json.dumps({"args": argv or sys.argv[1:], "start": start, "end": end}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
