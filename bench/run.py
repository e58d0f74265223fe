"""The core benchmark: direct to a fast mock vs the minimal aiohttp proxy vs aigw, in one run.

Each proxy is pinned to core 0; the mock upstream, wrk and the paced client to core 1
(`taskset`), so the proxy under test has one core to itself and the load generator does
not steal from it. For every target, one after the other:

1. start it (proxies only; the mock runs for the whole benchmark) and wait until it answers;
2. warm up with wrk, then measure req/s and p50/p99 at N connections (wrk -t1 -cN --latency,
   POST of a ~1 KB chat body whose newest user message is new on every request: bench/bodies.py),
   the proxy's CPU seconds per request (utime+stime from /proc/<pid>/stat) and its largest RSS
   while loaded (VmRSS, sampled); then the same with the *cached* body (one body every time:
   the scan cache answers every screening, what the tables showed before), and for targets
   that screen, fresh bodies of turn 1 and turn 20 of a conversation (history repeats);
3. the same fresh load with a streamed (SSE) answer;
4. latency at low load: bench/paced_client.py at 30 req/s, sequential, then time to the
   first SSE byte, each compared with the same client talking to the mock directly;
   then more rounds (--rounds) with all targets up, taken in turn, of 2. and 4.: medians
   are reported, and ratios vs the minimal proxy are medians of per-round ratios;
5. stop it.

aigw runs with its default settings (access log on, written to a file, as a log shipper would
read it); `aigw-nolog` (not in the default set) is the same passthrough with `access_log: false`.

Results: a markdown table in bench/results/core.md (also printed) and the raw numbers in
bench/results/core.json. Every subprocess is started in its own process group and killed on
exit, every load run is bounded in time; only loopback addresses are used.

    python bench/run.py                      # the full run, about 2 minutes
    python bench/run.py --duration 1 --only aigw --results-dir /tmp/x   # a smoke run
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import http.client
import json
import os
import platform
import resource
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from bodies import DEFAULT_TURNS, body_size, describe, wrk_env  # bench/ is on sys.path when run as a script

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WRK_DIR = BENCH / "wrk"
CONFIGS = BENCH / "configs"
PATH = "/v1/chat/completions"
CLK_TCK = os.sysconf("SC_CLK_TCK")
PROXY_CORE = 0
LOAD_CORE = 1
CORE0_NOISE = 0.05  # foreign share of the proxy's core above which a run counts as disturbed
CORE1_NOISE = 0.15  # same for the load core (wrk's own softirq time is not fully attributed)
KEY = (
    "sk-bench-master-key"  # the full chain's principal (bench/configs/aigw-fullchain.yaml); others ignore it
)
LONG_TURN = 20  # the turn compared with turn 1 (conversation-aware screening: history is cached)


@dataclass
class Target:
    name: str
    label: str
    kind: str  # direct | minimal | aigw
    config: Path | None = None
    default: bool = True  # in the run without --only
    screens: bool = False  # reads the texts: turn 1 vs turn 20 is measured
    server: dict[str, Any] = field(default_factory=dict)  # overrides of the config's server section


TARGETS = [
    Target("direct", "direct to mock", "direct"),
    Target("minimal", "minimal aiohttp proxy", "minimal"),
    Target("aigw", "aigw passthrough", "aigw", CONFIGS / "aigw-passthrough.yaml"),
    Target(
        "aigw-nolog",
        "aigw passthrough, access_log: false",
        "aigw",
        CONFIGS / "aigw-passthrough.yaml",
        default=False,
        server={"access_log": False},
    ),
    Target(
        "aigw-keywords",
        "aigw + keywords filter",
        "aigw",
        CONFIGS / "aigw-keywords.yaml",
        default=False,
        screens=True,
    ),
    Target("aigw-full", "aigw full chain", "aigw", CONFIGS / "aigw-fullchain.yaml", screens=True),
    # Ablations (not in the default run): the full chain less one screening filter, so the
    # difference in CPU per request is what that filter costs inside the gateway, cache
    # effects included (docs/architecture.md, "Where a request's microseconds go").
    Target(
        "aigw-full-noinjection",
        "aigw full chain without injection",
        "aigw",
        CONFIGS / "aigw-fullchain-noinjection.yaml",
        default=False,
        screens=True,
    ),
    Target(
        "aigw-full-nopii",
        "aigw full chain without PII",
        "aigw",
        CONFIGS / "aigw-fullchain-nopii.yaml",
        default=False,
        screens=True,
    ),
]


# ---------------------------------------------------------------- processes


class Processes:
    """Subprocesses in their own process groups; stop_all() kills every group that is left."""

    def __init__(self, logdir: Path, pin: bool) -> None:
        self.logdir = logdir
        self.pin = pin
        self.running: dict[int, subprocess.Popen[bytes]] = {}

    def start(self, name: str, argv: list[str], core: int | None, env: dict[str, str] | None = None):
        if self.pin and core is not None:
            argv = ["taskset", "-c", str(core), *argv]
        with open(self.logdir / f"{name}.log", "wb") as log:
            proc = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                env=env,
                cwd=REPO,
                start_new_session=True,
            )
        self.running[proc.pid] = proc
        return proc

    def stop(self, proc: subprocess.Popen[bytes], grace_s: float = 5.0) -> None:
        """SIGTERM the group, then SIGKILL whatever is left of it (children included)."""
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(grace_s)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(2.0)
        self.running.pop(proc.pid, None)

    def stop_all(self) -> None:
        for proc in list(self.running.values()):
            self.stop(proc, grace_s=2.0)

    def log_tail(self, name: str, n: int = 2000) -> str:
        try:
            return (self.logdir / f"{name}.log").read_text(errors="replace")[-n:]
        except OSError:
            return ""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(
    port: int, proc: subprocess.Popen[bytes], procs: Processes | None, name: str, timeout_s: float = 20.0
) -> None:
    """Until GET /healthz answers 200 (for the minimal proxy that is the mock's, through it).
    `procs`: where the process's log is, for the error (None: a process started elsewhere)."""
    log = procs.log_tail if procs is not None else lambda _name: "(log not captured here)"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with {proc.returncode}:\n{log(name)}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1.0)
            conn.request("GET", "/healthz")
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"{name} not ready on port {port} after {timeout_s}s:\n{log(name)}")


# ---------------------------------------------------------------- /proc readings


def descendants(pid: int) -> list[int]:
    """pid and all its descendants (the proxy could fork workers)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except OSError:
            continue
    return out


def cpu_ticks(pid: int) -> int:
    total = 0
    for p in descendants(pid):
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
        except (OSError, IndexError, ValueError):
            continue
    return total


def rss_kb(pid: int) -> int:
    total = 0
    for p in descendants(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total


def core_busy_ticks(core: int) -> tuple[int, int]:
    """(busy, total) jiffies of one core from /proc/stat.

    Busy is user + nice + system + steal (steal: the hypervisor ran someone else). irq and
    softirq are left out: on loopback they are mostly our own packets, charged to no process.
    """
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith(f"cpu{core} "):
                v = [int(x) for x in line.split()[1:9]] + [0] * 8
                user, nice, system, idle, iowait, irq, softirq, steal = v[:8]
                return user + nice + system + steal, sum(v[:8])
    return 0, 0


@dataclass
class Sampler:
    """Samples the RSS of a process tree while a load run is going."""

    pid: int | None
    period_s: float = 0.2
    max_kb: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def __enter__(self) -> Sampler:
        if self.pid is not None:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.is_set():
            self.max_kb = max(self.max_kb, rss_kb(self.pid))  # type: ignore[arg-type]
            self._stop.wait(self.period_s)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(2.0)
            self.max_kb = max(self.max_kb, rss_kb(self.pid))  # type: ignore[arg-type]


# ---------------------------------------------------------------- load runs


def run_wrk(
    procs: Processes,
    url: str,
    script: str,
    duration: int,
    connections: int,
    threads: int,
    *,
    fresh: bool = True,
    turns: int = DEFAULT_TURNS,
    key: str = KEY,
) -> dict[str, Any]:
    """One wrk run; `fresh`/`turns`: the bodies bench/wrk/*.lua builds (bench/bodies.py)."""
    argv = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--latency",
        "--timeout",
        "5s",
        "-s",
        str(WRK_DIR / script),
        url,
    ]
    proc = procs.start("wrk", argv, LOAD_CORE, env=wrk_env(fresh=fresh, turns=turns, key=key))
    try:
        proc.wait(duration + 30)  # never a zombie left to count: wait() reaps it
    except subprocess.TimeoutExpired:
        procs.stop(proc)
        raise RuntimeError(f"wrk did not finish within {duration + 30}s") from None
    procs.stop(proc)
    out = procs.log_tail("wrk", 20000)
    line = next((ln for ln in out.splitlines() if ln.startswith("WRKJSON ")), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({proc.returncode}):\n{out}")
    r = json.loads(line[len("WRKJSON ") :])
    seconds = r["duration_us"] / 1e6
    return {
        "requests": r["requests"],
        "seconds": round(seconds, 3),
        "rps": round(r["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": r["p50_us"] / 1000,
        "p90_ms": r["p90_us"] / 1000,
        "p99_ms": r["p99_us"] / 1000,
        "mean_ms": round(r["mean_us"] / 1000, 3),
        "max_ms": r["max_us"] / 1000,
        "socket_errors": {k: r[k] for k in ("connect", "read", "write", "timeout")},
        "non_2xx": r["status"],
        "command": " ".join(argv),
        "body": "fresh" if fresh else "cached",
        "turns": turns,
        "pinned": procs.pin,
    }


def _children_cpu_s() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    me = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime + me.ru_utime + me.ru_stime


def measured_wrk(
    procs: Processes,
    url: str,
    script: str,
    args: argparse.Namespace,
    proxy_pid: int | None,
    mock_pid: int,
    **body: Any,
) -> dict[str, Any]:
    """One wrk run with the proxy's CPU time and RSS, and the foreign load on both cores around it.
    `body`: fresh/turns/key for run_wrk.

    `core0_other`: share of the proxy's core used by anything but the proxy; `core1_other`:
    share of the load core used by anything but the mock, wrk and this driver. On a quiet
    machine both stay near 0; on a shared one they tell which runs were disturbed.
    """
    t_proxy = cpu_ticks(proxy_pid) if proxy_pid else 0
    t_mock = cpu_ticks(mock_pid)
    t_children = _children_cpu_s()  # wrk is reaped inside the run: RUSAGE_CHILDREN counts it
    core0, core1 = core_busy_ticks(PROXY_CORE), core_busy_ticks(LOAD_CORE)
    with Sampler(proxy_pid) as sampler:
        r = run_wrk(procs, url, script, args.duration, args.connections, args.threads, **body)
    core0_after, core1_after = core_busy_ticks(PROXY_CORE), core_busy_ticks(LOAD_CORE)
    n = max(r["requests"], 1)
    d_mock = cpu_ticks(mock_pid) - t_mock
    d_children = (_children_cpu_s() - t_children) * CLK_TCK
    d_proxy = cpu_ticks(proxy_pid) - t_proxy if proxy_pid else 0
    r["mock_cpu_us_per_req"] = round(d_mock / CLK_TCK / n * 1e6, 2)
    if proxy_pid:
        r["cpu_us_per_req"] = round(d_proxy / CLK_TCK / n * 1e6, 2)
        r["cpu_util"] = round(d_proxy / CLK_TCK / r["seconds"], 3) if r["seconds"] else None
        r["rss_max_mb"] = round(sampler.max_kb / 1024, 1)
    if r["pinned"]:
        total0, total1 = core0_after[1] - core0[1], core1_after[1] - core1[1]
        if total0 > 0 and proxy_pid:  # with no proxy (direct) nothing of ours runs on core 0
            r["core0_other"] = round(max(core0_after[0] - core0[0] - d_proxy, 0) / total0, 3)
        if total1 > 0:
            ours = d_mock + d_children
            r["core1_other"] = round(max(core1_after[0] - core1[0] - ours, 0) / total1, 3)
    return r


def disturbance(r: dict[str, Any]) -> float:
    """How much foreign load a run saw (0 = none); above the thresholds a run is retried."""
    return max(r.get("core0_other", 0.0) / CORE0_NOISE, r.get("core1_other", 0.0) / CORE1_NOISE)


def measured_wrk_retry(
    procs: Processes,
    url: str,
    script: str,
    args: argparse.Namespace,
    proxy_pid: int | None,
    mock_pid: int,
    **body: Any,
) -> dict[str, Any]:
    """measured_wrk, repeated up to --retry-disturbed times when foreign load disturbed it."""
    best = measured_wrk(procs, url, script, args, proxy_pid, mock_pid, **body)
    discarded = []
    for _ in range(args.retry_disturbed):
        if disturbance(best) <= 1.0:
            break
        print(
            f"    disturbed (core0 other {best.get('core0_other')}, core1 other {best.get('core1_other')}): "
            "measuring again",
            flush=True,
        )
        time.sleep(3.0)
        again = measured_wrk(procs, url, script, args, proxy_pid, mock_pid, **body)
        worse, best = sorted([best, again], key=disturbance, reverse=True)
        discarded.append({k: worse.get(k) for k in ("rps", "p50_ms", "p99_ms", "core0_other", "core1_other")})
    best["disturbed"] = disturbance(best) > 1.0
    if discarded:
        best["discarded_runs"] = discarded
    return best


def run_paced(
    procs: Processes, url: str, args: argparse.Namespace, stream: bool, rate: float | None = None
) -> dict[str, Any]:
    count = args.ttfb_count if stream else args.paced_count
    rate = rate or args.paced_rate
    max_s = count / rate * 2 + 15
    argv = [
        sys.executable,
        str(BENCH / "paced_client.py"),
        "--url",
        url,
        "--rate",
        str(rate),
        "--count",
        str(count),
        "--max-seconds",
        str(max_s),
        "--key",
        KEY,
    ]
    if stream:
        argv += ["--stream", "--delay-ms", str(args.stream_delay_ms)]
    proc = procs.start("paced", argv, LOAD_CORE)
    try:
        proc.wait(max_s + 15)
    except subprocess.TimeoutExpired:
        procs.stop(proc)
        raise RuntimeError("paced client did not finish in time") from None
    procs.stop(proc)
    out = procs.log_tail("paced", 20000).strip().splitlines()
    if proc.returncode != 0 or not out:
        raise RuntimeError(f"paced client failed ({proc.returncode}):\n{procs.log_tail('paced')}")
    return json.loads(out[-1])


# ---------------------------------------------------------------- targets


@dataclass
class Running:
    proc: subprocess.Popen[bytes] | None
    port: int | None
    admin_port: int | None = None


def start_target(t: Target, procs: Processes, mock_url: str, workdir: Path) -> Running:
    if t.kind == "direct":
        return Running(None, None)
    port = free_port()
    admin_port = None
    if t.kind == "minimal":
        argv = [sys.executable, str(BENCH / "minimal_proxy.py"), "--port", str(port), "--upstream", mock_url]
        proc = procs.start(t.name, argv, PROXY_CORE)
    else:
        assert t.config is not None
        admin_port = free_port()
        doc = yaml.safe_load(t.config.read_text())
        doc["server"]["listen"] = f"127.0.0.1:{port}"
        doc["server"]["admin_listen"] = f"127.0.0.1:{admin_port}"
        doc["server"].update(t.server)
        for up in doc["upstreams"].values():
            up["url"] = mock_url
        cfg = workdir / f"{t.name}.yaml"
        cfg.write_text(yaml.safe_dump(doc, sort_keys=False))
        env = {**os.environ, "AIGW_ADMIN_TOKEN": "bench-admin-token"}
        proc = procs.start(t.name, [*aigw_command(), "run", "-c", str(cfg)], PROXY_CORE, env=env)
    wait_ready(port, proc, procs, t.name)
    return Running(proc, port, admin_port)


def mock_command(port: int) -> list[str]:
    """The fast OpenAI-compatible mock (bench/mock_upstream.py) every proxy is measured in front of."""
    return [sys.executable, str(BENCH / "mock_upstream.py"), "--port", str(port)]


def aigw_command() -> list[str]:
    script = Path(sys.executable).parent / "aigw"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "gateway.cli"]


def overhead_totals(admin_port: int | None) -> tuple[float, float] | None:
    """(sum, count) of aigw_gateway_overhead_seconds over all routes, from the admin /metrics."""
    if admin_port is None:
        return None
    try:
        conn = http.client.HTTPConnection("127.0.0.1", admin_port, timeout=2.0)
        conn.request("GET", "/metrics")
        text = conn.getresponse().read().decode()
        conn.close()
    except OSError:
        return None
    total = count = 0.0
    for line in text.splitlines():
        if line.startswith("aigw_gateway_overhead_seconds_sum"):
            total += float(line.rsplit(" ", 1)[1])
        elif line.startswith("aigw_gateway_overhead_seconds_count"):
            count += float(line.rsplit(" ", 1)[1])
    return total, count


def overhead_mean_ms(before: tuple[float, float] | None, after: tuple[float, float] | None) -> float | None:
    if before is None or after is None or after[1] <= before[1]:
        return None
    return round((after[0] - before[0]) / (after[1] - before[1]) * 1000, 3)


def bench_target(
    t: Target,
    procs: Processes,
    mock: subprocess.Popen[bytes],
    mock_url: str,
    workdir: Path,
    args: argparse.Namespace,
) -> dict[str, Any]:
    run = start_target(t, procs, mock_url, workdir)
    proc = run.proc
    try:
        url = (f"http://127.0.0.1:{run.port}" if run.port else mock_url) + PATH
        pid = proc.pid if proc else None
        res: dict[str, Any] = {"name": t.name, "label": t.label, "url": url}
        if pid:
            res["rss_idle_mb"] = round(rss_kb(pid) / 1024, 1)
        print(f"  warm-up {args.warmup}s", flush=True)
        if args.warmup > 0:
            run_wrk(procs, url, "chat.lua", args.warmup, args.connections, args.threads)
        print(f"  {args.duration}s at {args.connections} connections", flush=True)
        res["load"] = measured_wrk_retry(procs, url, "chat.lua", args, pid, mock.pid)
        print(f"    {res['load']['rps']:.0f} req/s, p50 {res['load']['p50_ms']:.2f} ms", flush=True)
        if not args.no_cached:
            res["cached_load"] = measured_wrk_retry(procs, url, "chat.lua", args, pid, mock.pid, fresh=False)
            print(f"    cached body: {res['cached_load']['rps']:.0f} req/s", flush=True)
        if t.screens and not args.no_turns:
            for turns in (1, LONG_TURN):
                res[f"turn{turns}_load"] = measured_wrk_retry(
                    procs, url, "chat.lua", args, pid, mock.pid, turns=turns
                )
                print(f"    turn {turns}: {res[f'turn{turns}_load']['rps']:.0f} req/s", flush=True)
        if not args.no_stream:
            res["stream_load"] = measured_wrk_retry(procs, url, "chat_stream.lua", args, pid, mock.pid)
            print(f"    stream {res['stream_load']['rps']:.0f} req/s", flush=True)
        res.update(latency_round(procs, url, run.admin_port, args))
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{t.name} died during the run:\n{procs.log_tail(t.name)}")
        return res
    finally:
        if proc is not None:
            procs.stop(proc)


def latency_round(
    procs: Processes, url: str, admin_port: int | None, args: argparse.Namespace
) -> dict[str, Any]:
    """One round of the low-load measurements of one target: paced, back-to-back, TTFB."""
    res: dict[str, Any] = {}
    if args.paced_count > 0:
        before = overhead_totals(admin_port)
        res["paced"] = run_paced(procs, url, args, stream=False)
        res["paced"]["aigw_overhead_mean_ms"] = overhead_mean_ms(before, overhead_totals(admin_port))
        print(f"    paced p50 {res['paced']['latency']['p50_ms']:.3f} ms", flush=True)
        if args.seq_rate > 0:
            res["seq"] = run_paced(procs, url, args, stream=False, rate=args.seq_rate)
            print(f"    back-to-back p50 {res['seq']['latency']['p50_ms']:.3f} ms", flush=True)
    if args.ttfb_count > 0 and not args.no_stream:
        res["ttfb"] = run_paced(procs, url, args, stream=True)
        print(f"    ttfb p50 {res['ttfb']['ttfb']['p50_ms']:.3f} ms", flush=True)
    return res


# Where each latency measurement keeps its summary (see bench/paced_client.py's output).
_ROUND_FIELDS = {"paced": ("latency",), "seq": ("latency",), "ttfb": ("ttfb", "total")}


LOAD_FIELDS = ("rps", "p50_ms", "p99_ms", "cpu_us_per_req", "cpu_util", "rss_max_mb")


def turn_orders(count: int, rounds: int) -> Iterator[tuple[int, list[int]]]:
    """Rounds 2..N (0-based round number) and the order the targets are taken in: reversed
    every other round, so no target is always measured first or last."""
    for n in range(1, rounds):
        order = list(range(count))
        if n % 2:
            order.reverse()
        yield n, order


def median_of_runs(runs: list[dict[str, Any]], fields: Iterable[str]) -> dict[str, Any]:
    """The first run's record with each of `fields` replaced by its median over the runs."""
    merged = dict(runs[0])
    for f in fields:
        vals = [x[f] for x in runs if x.get(f) is not None]
        if vals:
            merged[f] = round(statistics.median(vals), 3)
    return merged


def more_rounds(
    targets: list[Target],
    results: list[dict[str, Any]],
    procs: Processes,
    mock: subprocess.Popen[bytes],
    mock_url: str,
    workdir: Path,
    args: argparse.Namespace,
) -> None:
    """Rounds 2..N: every target up at once and taken in turn (order reversed every other
    round) for a wrk run and the low-load latency runs; then each figure becomes the median
    of its rounds, and the ratios vs the minimal proxy the median of the per-round ratios.

    Why: on this shared VM the host's state drifts by tens of percent over minutes, without
    showing as load on our cores (a busy sibling hyperthread, frequency). One pass per
    target compares targets measured minutes apart; pairs taken seconds apart, repeated,
    do not.
    """
    runs = [start_target(t, procs, mock_url, workdir) for t in targets]
    try:
        per_target: list[list[dict[str, Any]]] = [[r] for r in results]
        for n, order in turn_orders(len(targets), args.rounds):
            print(f"round {n + 1}/{args.rounds}", flush=True)
            for i in order:
                run = runs[i]
                url = (f"http://127.0.0.1:{run.port}" if run.port else mock_url) + PATH
                pid = run.proc.pid if run.proc else None
                print(f"  {targets[i].label}:", flush=True)
                this: dict[str, Any] = {}
                if args.warmup > 0:
                    run_wrk(procs, url, "chat.lua", 1, args.connections, args.threads)
                this["load"] = measured_wrk(procs, url, "chat.lua", args, pid, mock.pid)
                print(f"    {this['load']['rps']:.0f} req/s", flush=True)
                this.update(latency_round(procs, url, run.admin_port, args))
                per_target[i].append(this)
    finally:
        for run in runs:
            if run.proc is not None:
                procs.stop(run.proc)
    for res, rounds in zip(results, per_target, strict=True):
        res["rounds"] = len(rounds)
        loads = [r["load"] for r in rounds]
        res["load_rounds"] = loads
        merged = median_of_runs(loads, LOAD_FIELDS)
        merged["disturbed"] = any(x.get("disturbed") for x in loads)
        res["load"] = merged
        for key, subs in _ROUND_FIELDS.items():
            have = [r[key] for r in rounds if key in r]
            if len(have) < 2:
                continue
            res[key + "_rounds"] = have
            m = dict(have[0])
            for sub in subs:
                m[sub] = median_of_runs([h[sub] for h in have], have[0][sub])
            own = [h.get("aigw_overhead_mean_ms") for h in have if h.get("aigw_overhead_mean_ms") is not None]
            if own:
                m["aigw_overhead_mean_ms"] = round(statistics.median(own), 3)
            res[key] = m


def paired_ratio(r: dict[str, Any], base: dict[str, Any], field: str, invert: bool = False) -> float:
    """Median over rounds of r/base for one load field (base/r with invert: CPU capacity)."""
    a = r.get("load_rounds") or [r["load"]]
    b = base.get("load_rounds") or [base["load"]]
    ratios = [(y[field] / x[field]) if invert else (x[field] / y[field]) for x, y in zip(a, b, strict=False)]
    return round(statistics.median(ratios), 3)


# ---------------------------------------------------------------- report


def machine_info(pinned: bool) -> dict[str, Any]:
    model = "unknown"
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip() or str(os.cpu_count())
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.splitlines()
    import aiohttp

    try:
        import uvloop

        uv = uvloop.__version__
    except ImportError:  # pragma: no cover
        uv = "none"
    git = subprocess.run(
        ["git", "-C", str(REPO), "describe", "--always", "--dirty"], capture_output=True, text=True
    )
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": git.stdout.strip() or "unknown",
        "nproc": nproc,
        "cpu_model": model,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "aiohttp": aiohttp.__version__,
        "uvloop": uv,
        "wrk": " ".join(wrk_version[0].split()[:2]) if wrk_version else "wrk (unknown version)",
        "pinned": pinned,
        "loadavg_start": Path("/proc/loadavg").read_text().split()[:3],
    }


def _f(v: Any, fmt: str = "{:.2f}") -> str:
    return "–" if v is None else fmt.format(v)


def derive(results: list[dict[str, Any]]) -> None:
    """Ratios vs the minimal proxy and latency added vs direct, written into each result."""
    by = {r["name"]: r for r in results}
    minimal, direct = by.get("minimal"), by.get("direct")
    for r in results:
        d: dict[str, Any] = {}
        proxied = r["name"] != "direct"
        if minimal and proxied:
            d["rps_vs_minimal"] = paired_ratio(r, minimal, "rps")
            # CPU-bound proxies: capacity ~ 1 / CPU per request. Less sensitive than req/s to
            # foreign load stealing the proxy's core, so a cross-check on a shared machine.
            d["cpu_capacity_vs_minimal"] = paired_ratio(r, minimal, "cpu_us_per_req", invert=True)
            pairs = list(zip(r.get("load_rounds", []), minimal.get("load_rounds", []), strict=False))
            d["rps_vs_minimal_rounds"] = [round(x["rps"] / y["rps"], 3) for x, y in pairs]
            d["cpu_vs_minimal_rounds"] = [
                round(y["cpu_us_per_req"] / x["cpu_us_per_req"], 3)
                for x, y in pairs
                if x.get("cpu_us_per_req") and y.get("cpu_us_per_req")
            ]
            mc, rc = minimal.get("cached_load", {}), r.get("cached_load", {})
            if mc.get("cpu_us_per_req") and rc.get("cpu_us_per_req"):
                d["cached_cpu_vs_minimal"] = round(mc["cpu_us_per_req"] / rc["cpu_us_per_req"], 3)
        t1, tn = r.get("turn1_load", {}), r.get(f"turn{LONG_TURN}_load", {})
        if t1.get("cpu_us_per_req") and tn.get("cpu_us_per_req"):
            d["long_turn_cpu_ratio"] = round(tn["cpu_us_per_req"] / t1["cpu_us_per_req"], 3)
            if "stream_load" in r and "stream_load" in minimal:
                d["stream_rps_vs_minimal"] = round(r["stream_load"]["rps"] / minimal["stream_load"]["rps"], 3)
        if direct and "paced" in r and "paced" in direct:
            a, b = r["paced"]["latency"], direct["paced"]["latency"]
            d["added_p50_ms"] = round(a["p50_ms"] - b["p50_ms"], 3)
            d["added_p99_ms"] = round(a["p99_ms"] - b["p99_ms"], 3)
        if direct and "seq" in r and "seq" in direct:
            d["seq_added_p50_ms"] = round(
                r["seq"]["latency"]["p50_ms"] - direct["seq"]["latency"]["p50_ms"], 3
            )
        if direct and "ttfb" in r and "ttfb" in direct:
            a, b = r["ttfb"]["ttfb"], direct["ttfb"]["ttfb"]
            d["ttfb_added_p50_ms"] = round(a["p50_ms"] - b["p50_ms"], 3)
            d["ttfb_added_p99_ms"] = round(a["p99_ms"] - b["p99_ms"], 3)
        if minimal and proxied and "paced" in r and "paced" in minimal:
            # What the proxy adds beyond the cheapest Python proxy in the same topology.
            a, b = r["paced"]["latency"], minimal["paced"]["latency"]
            d["p50_vs_minimal_ms"] = round(a["p50_ms"] - b["p50_ms"], 3)
        if minimal and proxied and "ttfb" in r and "ttfb" in minimal:
            a, b = r["ttfb"]["ttfb"], minimal["ttfb"]["ttfb"]
            d["ttfb_p50_vs_minimal_ms"] = round(a["p50_ms"] - b["p50_ms"], 3)
        r["derived"] = d


def target_checks(results: list[dict[str, Any]]) -> list[tuple[str, str, bool | None]]:
    """Issue 19's goals, as ratios of this run (fresh bodies, default settings)."""
    by = {r["name"]: r for r in results}
    aigw, full, minimal = by.get("aigw"), by.get("aigw-full"), by.get("minimal")
    checks: list[tuple[str, str, bool | None]] = []

    def ratio_check(name: str, r: dict[str, Any] | None, key: str, limit: float) -> None:
        if r is None:
            return
        v = r["derived"].get(key)
        per_round = r["derived"].get("cpu_vs_minimal_rounds") if key == "cpu_capacity_vs_minimal" else None
        shown = _f(v, "{:.2f}x")
        if per_round and len(per_round) > 1:
            shown += f" (rounds: {', '.join(f'{x:.2f}' for x in per_round)})"
        if r["load"].get("disturbed") or (minimal and minimal["load"].get("disturbed")):
            shown += " (disturbed run)"
        checks.append((name, shown, None if v is None else v >= limit))

    ratio_check(
        "passthrough (default settings) >= 1.3x minimal proxy by CPU", aigw, "cpu_capacity_vs_minimal", 1.3
    )
    ratio_check("passthrough req/s >= 0.8x minimal proxy", aigw, "rps_vs_minimal", 0.8)
    ratio_check(
        "full chain, fresh messages >= 0.6x minimal proxy by CPU", full, "cpu_capacity_vs_minimal", 0.6
    )
    for label, r in (("passthrough", aigw), ("full chain", full)):
        if r is None:
            continue
        d = r["derived"]
        for key, what in (
            ("added_p50_ms", "p50 added at light load"),
            ("ttfb_added_p50_ms", "stream TTFB added (p50)"),
        ):
            v = d.get(key)
            checks.append((f"{label}: {what} <= 1 ms", _f(v, "{:.3f} ms"), None if v is None else v <= 1.0))
    if full is not None:
        rss = max(
            (
                full.get(k, {}).get("rss_max_mb") or 0
                for k in ("load", "stream_load", "cached_load", "turn20_load")
            ),
            default=0,
        )
        checks.append(
            ("full chain RSS under load <= 150 MB", _f(rss or None, "{:.1f} MB"), rss <= 150 if rss else None)
        )
    return checks


def _noise(r: dict[str, Any]) -> str:
    if "core0_other" not in r and "core1_other" not in r:
        return "–"
    mark = " (disturbed)" if r.get("disturbed") else ""
    return f"{r.get('core0_other', 0):.0%} / {r.get('core1_other', 0):.0%}{mark}"


def render(report: dict[str, Any]) -> str:
    m, a, results = report["machine"], report["args"], report["results"]
    pinning = (
        "proxy on core 0; mock, wrk and paced client on core 1 (taskset)"
        if m["pinned"]
        else "none (fewer than 2 cores or no taskset)"
    )
    lines = [
        "# aigw core benchmark",
        "",
        f"- command: `{report['command']}`",
        f"- date: {m['date']}; tree: {m['commit']} (`-dirty`: other engineers' uncommitted edits); machine: {m['nproc']} cores, {m['cpu_model']}, kernel {m['kernel']}",
        f"- python {m['python']}, aiohttp {m['aiohttp']}, uvloop {m['uvloop']}, {m['wrk']}",
        f"- pinning: {pinning}",
        f"- load: `wrk -t{a['threads']} -c{a['connections']} -d{a['duration']}s --latency`, "
        f"warm-up {a['warmup']}s, POST of a {describe(True)} (bench/bodies.py), ~600 B JSON answer; "
        "stream columns: the same bodies with `stream: true`, an SSE answer of 11 events; "
        "`cached`: one body every time (what these tables measured before this run's kind existed)",
        "- settings: aigw's defaults (access log on, one JSON line per request into a file) unless the "
        "target says otherwise",
        f"- low load: bench/paced_client.py, {a['paced_rate']:g} req/s sequential on one keep-alive "
        f"connection, {a['paced_count']} requests; TTFB: {a['ttfb_count']} streamed requests, mock events "
        f"{a['stream_delay_ms']:g} ms apart",
        f"- rounds: {a.get('rounds', 1)}; the first measures each target alone (throughput, streams, "
        "latency), the others keep every target up and take them in turn (order reversed every other "
        "round) for a wrk run and the latency runs. Req/s, CPU, p50/p99 and latency figures are medians "
        "of their rounds; `vs minimal` is the median of the per-round ratios (streams: first round only)",
        f"- shared machine: other engineers run tests and training on it. Load average at start "
        f"{' '.join(m['loadavg_start'])}, at end {' '.join(report['loadavg_end'])}. `noise c0/c1` is the "
        "share of the proxy's core / the load core used by foreign processes during the run; a run "
        f"above {CORE0_NOISE:.0%} / {CORE1_NOISE:.0%} is measured again "
        f"(up to {a['retry_disturbed']}x) and marked if still disturbed.",
        "",
        "## Throughput at {} connections".format(a["connections"]),
        "",
        "| target | req/s | vs minimal | p50 ms | p99 ms | CPU µs/req | vs minimal by CPU | proxy CPU "
        "| RSS MB (max) | stream req/s | stream vs minimal | socket errors / non-2xx | noise c0/c1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        ld, st, d = r["load"], r.get("stream_load", {}), r["derived"]
        errs = sum(ld["socket_errors"].values()) + sum(st.get("socket_errors", {}).values())
        non2 = ld["non_2xx"] + st.get("non_2xx", 0)
        rss = max(ld.get("rss_max_mb") or 0, st.get("rss_max_mb") or 0) or None
        noise = _noise(ld) if not st else f"{_noise(ld)}; stream {_noise(st)}"
        lines.append(
            f"| {r['label']} | {ld['rps']:.0f} | {_f(d.get('rps_vs_minimal'), '{:.2f}x')} | {ld['p50_ms']:.2f} "
            f"| {ld['p99_ms']:.2f} | {_f(ld.get('cpu_us_per_req'), '{:.0f}')} "
            f"| {_f(d.get('cpu_capacity_vs_minimal'), '{:.2f}x')} | {_f(ld.get('cpu_util'), '{:.0%}')} | {_f(rss, '{:.1f}')} | {_f(st.get('rps'), '{:.0f}')} "
            f"| {_f(d.get('stream_rps_vs_minimal'), '{:.2f}x')} | {errs} / {non2} | {noise} |"
        )
    lines += [
        "",
        "Direct: wrk and the mock share core 1, so that row is the mock's ceiling, not a proxy's. "
        "CPU µs/req: the proxy's utime+stime over the measured run divided by the requests served; "
        "proxy CPU: its share of core 0 (about 100% means CPU-bound); vs minimal by CPU: the minimal "
        "proxy's CPU per request over this one's, the capacity ratio if both are CPU-bound, which "
        "foreign load on core 0 disturbs less than req/s.",
        "",
        "## Fresh vs cached bodies (first round)",
        "",
        "A fresh body's newest user message has never been screened; the cached body is the same on every "
        "request, so after the first one every screening is a cache hit.",
        "",
        "| target | fresh req/s | fresh CPU µs/req | cached req/s | cached CPU µs/req | cached vs minimal by CPU |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        fr = (r.get("load_rounds") or [r["load"]])[0]
        ca = r.get("cached_load")
        if not ca:
            continue
        lines.append(
            f"| {r['label']} | {fr['rps']:.0f} | {_f(fr.get('cpu_us_per_req'), '{:.0f}')} | {ca['rps']:.0f} "
            f"| {_f(ca.get('cpu_us_per_req'), '{:.0f}')} | {_f(r['derived'].get('cached_cpu_vs_minimal'), '{:.2f}x')} |"
        )
    turn_rows = [r for r in results if r.get("turn1_load")]
    if turn_rows:
        lines += [
            "",
            f"## Turn 1 vs turn {LONG_TURN} of a conversation (fresh newest message, first round)",
            "",
            f"Turn {LONG_TURN} resends {LONG_TURN - 1} earlier user/assistant pairs (the same on every request, "
            f"as a conversation's history is): a {body_size(LONG_TURN)} B body against {body_size(1)} B "
            "for turn 1. Screening caches per "
            "message, so only the newest message is screened; parsing and extracting grow with the body.",
            "",
            f"| target | turn 1 req/s | turn 1 CPU µs/req | turn {LONG_TURN} req/s | turn {LONG_TURN} CPU µs/req "
            f"| turn {LONG_TURN} / turn 1 by CPU |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for r in turn_rows:
            t1, tn = r["turn1_load"], r[f"turn{LONG_TURN}_load"]
            lines.append(
                f"| {r['label']} | {t1['rps']:.0f} | {_f(t1.get('cpu_us_per_req'), '{:.0f}')} | {tn['rps']:.0f} "
                f"| {_f(tn.get('cpu_us_per_req'), '{:.0f}')} | {_f(r['derived'].get('long_turn_cpu_ratio'), '{:.2f}x')} |"
            )
    lines += [
        "",
        f"## Latency at low load ({a['paced_rate']:g} req/s) and streaming time to first byte",
        "",
        "| target | p50 ms | p99 ms | p50 added | p99 added | p50 vs minimal | aigw overhead (own metric, mean) "
        "| p50 added back-to-back | TTFB p50 ms | TTFB p99 ms | TTFB p50 added | TTFB p99 added "
        "| TTFB p50 vs minimal |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        p = r.get("paced", {}).get("latency", {})
        own = r.get("paced", {}).get("aigw_overhead_mean_ms")
        tt = r.get("ttfb", {}).get("ttfb", {})
        d = r["derived"]
        lines.append(
            f"| {r['label']} | {_f(p.get('p50_ms'), '{:.3f}')} | {_f(p.get('p99_ms'), '{:.3f}')} "
            f"| {_f(d.get('added_p50_ms'), '{:+.3f}')} | {_f(d.get('added_p99_ms'), '{:+.3f}')} "
            f"| {_f(d.get('p50_vs_minimal_ms'), '{:+.3f}')} | {_f(own, '{:.3f} ms')} "
            f"| {_f(d.get('seq_added_p50_ms'), '{:+.3f}')} "
            f"| {_f(tt.get('p50_ms'), '{:.3f}')} | {_f(tt.get('p99_ms'), '{:.3f}')} "
            f"| {_f(d.get('ttfb_added_p50_ms'), '{:+.3f}')} | {_f(d.get('ttfb_added_p99_ms'), '{:+.3f}')} "
            f"| {_f(d.get('ttfb_p50_vs_minimal_ms'), '{:+.3f}')} |"
        )
    lines += [
        "",
        "Added = through the proxy minus direct to the mock, same client, same pace. Direct keeps client and "
        "mock on core 1, a proxied request crosses to core 0 and back twice, so part of `added` is the "
        "cross-core wake-ups of this VM, which any proxy pays: `vs minimal` is what aigw adds beyond the "
        "cheapest Python proxy, and `aigw overhead` is the gateway's own aigw_gateway_overhead_seconds. "
        "Most of `added` at this pace is waking idle cores on this VM (each hop through the proxy is two more "
        f"wake-ups): `back-to-back` is the same sequential client at {a['seq_rate']:g} req/s, where the cores "
        "stay awake.",
    ]
    checks = report["targets"]
    if checks:
        lines += ["", "## Goals (issue 19)", "", "| goal | measured | met |", "|---|---:|---|"]
        for name, shown, ok in checks:
            lines.append(f"| {name} | {shown} | {'–' if ok is None else ('yes' if ok else '**no**')} |")
        if any("disturbed" in shown for _, shown, _ in checks):
            lines += [
                "",
                "A disturbed run is not a reliable ratio: run `make bench` again when the machine is quiet.",
            ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--duration", type=int, default=8, help="seconds per measured wrk run (default 8)")
    p.add_argument("--warmup", type=int, default=2, help="seconds of wrk warm-up per target (0: none)")
    p.add_argument("--connections", type=int, default=32, help="wrk connections (default 32)")
    p.add_argument("--threads", type=int, default=1, help="wrk threads (default 1)")
    p.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help=f"benchmark only these targets (repeat or comma-separate; 'direct' is always kept): "
        f"{', '.join(t.name for t in TARGETS)}",
    )
    p.add_argument("--paced-rate", type=float, default=30.0, help="req/s of the low-load latency runs")
    p.add_argument("--paced-count", type=int, default=150, help="requests per low-load latency run (0: skip)")
    p.add_argument(
        "--seq-rate",
        type=float,
        default=2000.0,
        help="pace of the back-to-back latency runs (same count as --paced-count; 0: skip)",
    )
    p.add_argument("--ttfb-count", type=int, default=90, help="streamed requests per TTFB run (0: skip)")
    p.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="rounds of the wrk and low-load latency runs, targets taken in turn; medians are reported",
    )
    p.add_argument(
        "--stream-delay-ms", type=float, default=5.0, help="mock's gap between SSE events in TTFB runs"
    )
    p.add_argument("--no-stream", action="store_true", help="skip the streaming runs")
    p.add_argument("--no-cached", action="store_true", help="skip the cached-body wrk runs")
    p.add_argument("--no-turns", action="store_true", help=f"skip the turn 1 vs turn {LONG_TURN} wrk runs")
    p.add_argument(
        "--retry-disturbed",
        type=int,
        default=2,
        help="measure a wrk run again (up to N times) when foreign load on the cores disturbed it",
    )
    p.add_argument("--results-dir", type=Path, default=BENCH / "results", help="where core.md/core.json go")
    args = p.parse_args(argv)
    names = {t.name for t in TARGETS}
    only = {n.strip() for item in args.only for n in item.split(",") if n.strip()}
    unknown = only - names
    if unknown:
        p.error(f"unknown target(s) {', '.join(sorted(unknown))}; choose from {', '.join(sorted(names))}")
    args.only = sorted(only)
    if args.duration < 1 or args.connections < 1 or args.threads < 1 or args.warmup < 0:
        p.error("--duration, --connections and --threads must be >= 1, --warmup >= 0")
    if args.paced_rate <= 0:
        p.error("--paced-rate must be positive")
    if args.rounds < 1:
        p.error("--rounds must be >= 1")
    return args


def _raise_exit(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        print("wrk not found: install it with `apt-get install wrk` (or `make system-deps`)", file=sys.stderr)
        return 2
    pin = (os.cpu_count() or 1) >= 2 and shutil.which("taskset") is not None
    machine = machine_info(pin)
    if pin:
        os.sched_setaffinity(0, {LOAD_CORE})  # the driver's own polling stays off the proxy's core
    signal.signal(signal.SIGTERM, _raise_exit)
    signal.signal(signal.SIGHUP, _raise_exit)
    targets = [t for t in TARGETS if (t.name in args.only if args.only else t.default) or t.name == "direct"]
    command = shlex.join(["python", "bench/run.py", *(sys.argv[1:] if argv is None else argv)])
    report: dict[str, Any] = {"command": command, "machine": machine}
    report["args"] = {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()}

    workdir = Path(tempfile.mkdtemp(prefix="aigw-bench-"))
    procs = Processes(workdir, pin)
    results: list[dict[str, Any]] = []
    try:
        mock_port = free_port()
        mock_url = f"http://127.0.0.1:{mock_port}"
        mock = procs.start(
            "mock", [sys.executable, str(BENCH / "mock_upstream.py"), "--port", str(mock_port)], LOAD_CORE
        )
        wait_ready(mock_port, mock, procs, "mock")
        print(f"mock upstream on {mock_url}; logs in {workdir}", flush=True)
        for t in targets:
            print(f"{t.label}:", flush=True)
            results.append(bench_target(t, procs, mock, mock_url, workdir, args))
        if args.rounds > 1:
            more_rounds(targets, results, procs, mock, mock_url, workdir, args)
    finally:
        procs.stop_all()
    report["loadavg_end"] = Path("/proc/loadavg").read_text().split()[:3]
    derive(results)
    report["results"] = results
    report["targets"] = target_checks(results)
    md = render(report)
    args.results_dir.mkdir(parents=True, exist_ok=True)
    (args.results_dir / "core.json").write_text(json.dumps(report, indent=2) + "\n")
    (args.results_dir / "core.md").write_text(md)
    shutil.rmtree(workdir, ignore_errors=True)
    print()
    print(md)
    print(f"written: {args.results_dir / 'core.md'}, {args.results_dir / 'core.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
