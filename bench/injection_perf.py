"""Latency of the injection filter per message; writes bench/results/injection_perf.md.

Measures the uncached cost of screening one segment (canonicalize + rules + classifier,
exactly `Detector.scan`), for 1 KB and 20 KB messages built from benign and attack
texts, plus the cost of a cached repeat through the filter and the classifier load time.
Messages are made from the dev split when it is present, else from our own training
examples, so the benchmark runs anywhere. Cases are interleaved so background load on a
shared machine hits all of them alike; the load average is recorded.

Usage: python bench/injection_perf.py [--reps N] [--out PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEV = ROOT.parent / "shared" / "eval" / "injection_dev.jsonl"
OWN = ROOT / "training" / "data"


def corpus() -> tuple[dict[str, list[str]], str]:
    """Texts by kind: benign prompts, trigger-dense hard negatives, attacks."""
    files = (
        [DEV]
        if DEV.exists()
        else sorted(f for f in OWN.glob("*.jsonl") if not f.name.endswith("_probe.jsonl"))
    )
    out: dict[str, list[str]] = {"benign": [], "hard_negative": [], "attack": []}
    for f in files:
        for line in f.open(encoding="utf-8"):
            d = json.loads(line)
            kind = "attack" if d["label"] == "attack" else d.get("kind", "benign")
            out[
                "hard_negative" if kind == "hard_negative" else kind if kind == "attack" else "benign"
            ].append(d["text"])
    return out, "dev split" if DEV.exists() else "training/data"


def messages(texts: list[str], size: int, count: int) -> list[str]:
    """`count` messages of exactly `size` characters, each a run of consecutive texts."""
    out: list[str] = []
    start = 0
    while len(out) < count:
        buf = ""
        i = start
        while len(buf) < size:
            buf += texts[i % len(texts)] + "\n"
            i += 1
        out.append(buf[:size])
        start += 7
    return out


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3, help="passes over each message set")
    ap.add_argument("--count", type=int, default=60, help="messages per case")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "injection_perf.md")
    args = ap.parse_args()

    t0 = time.perf_counter()
    from filters.injection import Detector, InjectionConfig, InjectionFilter, load_model
    from filters.injection_model import InjectionModel
    from filters.injection_rules import RuleSet

    import_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    InjectionModel.load()
    load_s = time.perf_counter() - t0

    det = Detector(RuleSet(), load_model())
    texts, source = corpus()
    benign = texts["benign"]
    cases = {
        (kind, size): messages(ts, size, args.count if size == 1024 else max(10, args.count // 4))
        for size in (1024, 20480)
        for kind, ts in texts.items()
    }
    for msgs in cases.values():  # warm up regex and numpy paths
        det.scan(msgs[0])
    # how often the rule stage got past the RE2 prefilter (some rule may match the visible
    # text; above PREFILTER_MAX_CHARS the prefilter is not asked and the rules always run)
    from filters.canonical import canonicalize

    past: dict[tuple[str, int], int] = {}
    for key, msgs in cases.items():
        past[key] = 0
        for m in msgs:
            possible = det.rules.possible(canonicalize(m, with_index=False).text)
            past[key] += possible is None or bool(possible)
    times: dict[tuple[str, int], list[float]] = {k: [] for k in cases}
    cpu: dict[tuple[str, int], list[float]] = {k: [] for k in cases}
    load_before = os.getloadavg()[0]
    for _ in range(args.reps):
        longest = max(len(v) for v in cases.values())
        for i in range(longest):
            for key, msgs in cases.items():
                if i < len(msgs):
                    a, c = time.perf_counter(), time.process_time()
                    det.scan(msgs[i])
                    times[key].append(time.perf_counter() - a)
                    cpu[key].append(time.process_time() - c)
    load_after = os.getloadavg()[0]

    # cached repeat: a 20-turn conversation resent with one new turn
    from filters.base import BuildContext
    from gateway.exchange import Exchange, Segment

    f = InjectionFilter("injection", InjectionConfig(), BuildContext())
    turns = [
        Segment("user" if i % 2 == 0 else "assistant", t, ("messages", i)) for i, t in enumerate(benign[:20])
    ]
    ex = Exchange(request_id="b", method="POST", path="/v1/chat/completions", headers={}, body=b"")
    ex.texts = turns
    asyncio.run(f.on_request(ex))
    a = time.perf_counter()
    for _ in range(50):
        asyncio.run(f.on_request(ex))
    cached_ms = (time.perf_counter() - a) / 50 * 1000

    rows = []
    for (label, size), ts in times.items():
        ms = [t * 1000 for t in ts]
        cpu_p50 = statistics.median(cpu[(label, size)]) * 1000
        past_share = past[(label, size)] / len(cases[(label, size)])
        rows.append(
            (
                label,
                size,
                len(ms),
                statistics.median(ms),
                pct(ms, 0.95),
                pct(ms, 0.99),
                cpu_p50,
                past_share,
            )
        )
    lines = [
        "# Injection filter: measured latency",
        "",
        f"Generated by `bench/injection_perf.py` on {platform.machine()} / Python {platform.python_version()}, "
        f"{os.cpu_count()} cores shared with other work (load average {load_before:.2f} -> {load_after:.2f}). "
        f"Messages built from the {source}; uncached `Detector.scan` per message (canonicalize, "
        "classifier on every view and pasted region, the rule stage), cases interleaved. `past the prefilter`: some rule may match the "
        "visible text, so the rule stage went on past the RE2 prefilter.",
        "",
        "Kinds: `benign` = ordinary prompts and documents; `hard_negative` = benign texts packed with "
        "trigger words (ignore, override, password, jailbreak), the worst case for the rule prefilter; "
        "`attack` = injections and jailbreaks.",
        "",
        "Wall-clock percentiles include time the process waited for a core (the machine is shared); "
        "`CPU p50` is the process CPU time per message, the cost on an idle core.",
        "",
        "| messages | size | n | p50 ms | p95 ms | p99 ms | CPU p50 ms | target p50 | past the prefilter |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for label, size, n, p50, p95, p99, cpu_p50, past_share in rows:
        target = "0.1" if size == 1024 else "1.5"
        lines.append(
            f"| {label} | {size // 1024} KB | {n} | {p50:.3f} | {p95:.3f} | {p99:.3f} | {cpu_p50:.3f} | {target} "
            f"| {past_share:.2f} |"
        )
    lines += [
        "",
        f"- Classifier load: {load_s * 1000:.0f} ms (import of the filter modules: {import_s * 1000:.0f} ms; target < 1 s).",
        f"- Cached repeat of a 20-turn conversation through `InjectionFilter.on_request`: {cached_ms:.3f} ms "
        "(every segment is a ScanCache hit).",
        "",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
