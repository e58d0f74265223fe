"""A paced load client: latency at low load, and time to first byte of streamed answers.

Debian's wrk 4.1 has no fixed-rate mode, so this sends requests one at a time over one
keep-alive connection at a fixed pace (default 30 req/s) and reports percentiles as JSON.
Run it once against the mock directly and once through each proxy: the difference is the
latency the proxy adds when it is not busy.

- default: latency = request sent until the whole answer is read.
- --stream: the body asks for an SSE stream and the header `x-mock-delay-ms` makes the
  mock space its events apart; ttfb = request sent until the first body chunk arrives.

Bodies come from bench/bodies.py: by default the newest user message is new on every request
(--body cached: the same body every time; --turns N: turn N of a conversation).

Bounded in count (--count) and in time (--max-seconds); loopback URLs only.

    python bench/paced_client.py --url http://127.0.0.1:18000/v1/chat/completions --count 150
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bodies import DEFAULT_KEY, DEFAULT_TURNS, Bodies


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list (q in 0..100)."""
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, round(q / 100.0 * len(sorted_values) + 0.5) - 1))
    return sorted_values[k]


def summarize(samples: list[float]) -> dict[str, float]:
    s = sorted(samples)
    return {
        "p50_ms": round(percentile(s, 50) * 1000, 3),
        "p90_ms": round(percentile(s, 90) * 1000, 3),
        "p99_ms": round(percentile(s, 99) * 1000, 3),
        "mean_ms": round(sum(s) / len(s) * 1000, 3) if s else float("nan"),
        "min_ms": round(s[0] * 1000, 3) if s else float("nan"),
    }


async def run(
    url: str,
    rate: float,
    count: int,
    warmup: int,
    max_seconds: float,
    stream: bool,
    delay_ms: float,
    bodies: Bodies,
    key: str = DEFAULT_KEY,
) -> dict:
    host = urlsplit(url).hostname or ""
    if not (host == "localhost" or host.startswith("127.") or host == "::1"):
        raise SystemExit(f"refusing a non-loopback target: {url}")
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {key}"}
    if stream and delay_ms > 0:
        headers["x-mock-delay-ms"] = str(delay_ms)
    timeout = aiohttp.ClientTimeout(total=10)
    connector = aiohttp.TCPConnector(limit=1, keepalive_timeout=30)
    first: list[float] = []  # ttfb (stream) or full latency
    total: list[float] = []
    statuses: dict[int, int] = {}
    errors = 0
    deadline = time.monotonic() + max_seconds
    interval = 1.0 / rate
    async with aiohttp.ClientSession(connector=connector, timeout=timeout, auto_decompress=False) as session:
        for i in range(warmup + count):
            if time.monotonic() > deadline:
                break
            if i == warmup:
                t0 = time.perf_counter()
            if i >= warmup:
                due = t0 + (i - warmup) * interval
                wait = due - time.perf_counter()
                if wait > 0:
                    await asyncio.sleep(wait)
            body = bodies.next()
            start = time.perf_counter()
            try:
                async with session.post(url, data=body, headers=headers) as resp:
                    if stream:
                        await resp.content.readany()
                        t_first = time.perf_counter()
                        await resp.read()
                    else:
                        await resp.read()
                        t_first = time.perf_counter()
                    end = time.perf_counter()
                    status = resp.status
            except (aiohttp.ClientError, TimeoutError):
                if i >= warmup:
                    errors += 1
                continue
            if i < warmup:
                continue
            statuses[status] = statuses.get(status, 0) + 1
            first.append(t_first - start)
            total.append(end - start)
    out: dict = {
        "url": url,
        "stream": stream,
        "rate": rate,
        "body": "fresh" if bodies.fresh else "cached",
        "sent": len(total) + errors,
        "ok": statuses.get(200, 0),
        "errors": errors,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
    }
    if stream:
        out["ttfb"] = summarize(first)
        out["total"] = summarize(total)
        out["mock_delay_ms"] = delay_ms
    else:
        out["latency"] = summarize(total)
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--url", required=True)
    p.add_argument("--rate", type=float, default=30.0, help="requests per second (paced, sequential)")
    p.add_argument("--count", type=int, default=150, help="measured requests")
    p.add_argument("--warmup", type=int, default=10, help="unmeasured requests first")
    p.add_argument("--max-seconds", type=float, default=30.0, help="hard time bound")
    p.add_argument("--stream", action="store_true", help="measure time to first SSE byte")
    p.add_argument("--delay-ms", type=float, default=5.0, help="with --stream: mock's gap between events")
    p.add_argument("--body", choices=("fresh", "cached"), default="fresh", help="newest message new or fixed")
    p.add_argument(
        "--turns", type=int, default=DEFAULT_TURNS, help="turn of the conversation (history length)"
    )
    p.add_argument("--key", default=DEFAULT_KEY, help="bearer key sent to the target")
    args = p.parse_args()
    if args.rate <= 0 or args.count <= 0 or args.turns < 1:
        raise SystemExit("--rate, --count and --turns must be positive")
    bodies = Bodies(stream=args.stream, fresh=args.body == "fresh", turns=args.turns)
    coro = run(
        args.url,
        args.rate,
        args.count,
        args.warmup,
        args.max_seconds,
        args.stream,
        args.delay_ms,
        bodies,
        args.key,
    )
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvloop is a dependency of the project
        result = asyncio.run(coro)
    else:
        result = uvloop.run(coro)
    sys.stdout.write(orjson.dumps(result).decode() + "\n")


if __name__ == "__main__":
    main()
