"""Chaos soak: well-behaved traffic mixed with misbehaving upstreams and slow clients.

Starts `aigw mock` (the well-behaved upstream), a byte-scripted chaos upstream in this
process, and the gateway (`aigw run`, bench/configs written to a temp dir), then for
--duration seconds drives, all at once:

| traffic | what | expected |
|---|---|---|
| good | chat requests (plain and streamed) with a unique nonce, through the screened route | 200, and the answer carries this request's nonce |
| chaos | requests whose upstream misbehaves (modes below) | the mode's statuses or a cut body |
| slowloris | connections trickling a head one byte per second | closed by the header timeout |
| bodiless | heads whose body never comes | 408 within the body timeout |

Chaos modes (the upstream picks by path): `reset` (2 MiB sized answer, RST halfway),
`stall` (chunked answer that stops), `nul` (NUL in a header), `status999`, `badchunk`
(invalid chunk framing), `endless_json` (screened route, never-ending JSON: answer bound),
`endless_event` (screened stream, one SSE event that never ends), `ok` (control).

Pass: 0 answers delivered to the wrong client (a good answer without its own nonce, or an
`x-request-id` that is not the one sent), 0 unexpected statuses for good traffic, every
chaos request ends in its mode's allowed outcomes, and gateway RSS stays under
--rss-limit-mb. The gateway's RSS (VmRSS) is sampled every --rss-interval seconds.

    python bench/chaos_soak.py                       # 10 minutes (make chaos)
    python bench/chaos_soak.py --duration 8 --rate 40 --results-dir /tmp/c   # smoke
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import aiohttp
import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import Processes, aigw_command, free_port, rss_kb, wait_ready

CONFIG = """
version: 1
server: {{listen: "127.0.0.1:{port}", admin_listen: "127.0.0.1:{admin_port}", access_log: false,
         client_header_timeout_s: 2, client_body_timeout_s: 2, client_keepalive_timeout_s: 5,
         max_answer_bytes: 1048576, drain_grace_s: 5}}
upstreams:
  mock: {{url: "http://127.0.0.1:{mock_port}"}}
  chaos: {{url: "http://127.0.0.1:{chaos_port}", timeout_s: 5, read_idle_timeout_s: 1, retries: 0}}
filters:
  kw: {{type: keywords, deny: ["never-said-word"], action: block}}
routes:
  - name: chat
    match: {{path: /v1/chat/completions}}
    filters: [kw]
    response_filters: [kw]
    upstream: mock
  - name: chaos
    match: {{path: /chaos, prefix: true}}
    protocol: generic-json
    paths: ["$.input"]
    upstream: chaos
  - name: screened
    match: {{path: /screened, prefix: true}}
    response_filters: [kw]
    upstream: chaos
"""

MODES = {
    # mode: (route prefix, allowed outcomes); "cut" = a 200 whose body broke off
    "reset": ("/chaos", {"cut"}),
    "stall": ("/chaos", {"cut"}),
    "nul": ("/chaos", {"502"}),
    "status999": ("/chaos", {"502"}),
    "badchunk": ("/chaos", {"cut", "502"}),
    "endless_json": ("/screened", {"502"}),
    "endless_event": ("/screened", {"200-error-event"}),
    "ok": ("/chaos", {"200"}),
}
BIG = 2 * 1024 * 1024


# -- the chaos upstream --------------------------------------------------------------------


async def _read_request(reader: asyncio.StreamReader) -> bytes | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
        return None
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    if length:
        await reader.readexactly(length)
    return head


async def _chaos_conn(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while (head := await _read_request(reader)) is not None:
            mode = head.split(b" ", 2)[1].decode().strip("/").split("/")[1]
            if not await _answer(mode, reader, writer):
                return
    except (ConnectionError, asyncio.IncompleteReadError):
        pass
    finally:
        writer.close()


async def _answer(mode: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
    """Answer one request; False ends the connection."""
    w = writer.write
    if mode == "ok":
        w(b'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"ok":true}')
        await writer.drain()
        return True
    if mode == "nul":
        w(b"HTTP/1.1 200 OK\r\nX-Evil: a\x00b\r\nContent-Length: 2\r\n\r\n{}")
    elif mode == "status999":
        w(b"HTTP/1.1 999 Odd\r\nContent-Length: 2\r\n\r\n{}")
    elif mode == "badchunk":
        w(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n")
    elif mode == "reset":
        w(b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: %d\r\n\r\n" % BIG)
        w(b"x" * (BIG // 2))
        await writer.drain()
        writer.transport.abort()
        return False
    elif mode == "stall":
        w(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
        await writer.drain()
        await reader.read()  # until the gateway gives up
        return False
    elif mode in ("endless_json", "endless_event"):
        sse = mode == "endless_event"
        ctype = b"text/event-stream" if sse else b"application/json"
        w(b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype + b"\r\nTransfer-Encoding: chunked\r\n\r\n")
        piece = (b"data: " if sse else b'{"pad": "') + b"x" * 65000
        for _ in range(100_000):
            w(b"%x\r\n%s\r\n" % (len(piece), piece))
            await writer.drain()
            piece = b"x" * 65000
        return False
    await writer.drain()
    return False


# -- traffic ------------------------------------------------------------------------------


class Tally:
    def __init__(self) -> None:
        self.good: Counter[str] = Counter()
        self.chaos: dict[str, Counter[str]] = {m: Counter() for m in MODES}
        self.wrong_client = 0
        self.slow: Counter[str] = Counter()


async def good_request(session: aiohttp.ClientSession, url: str, n: int, stream: bool, t: Tally) -> None:
    nonce = f"nonce-{n}-{random.getrandbits(40):x}"
    doc = {"model": "gpt-4o", "stream": stream, "messages": [{"role": "user", "content": nonce}]}
    rid = f"chaos-soak-{n}"
    try:
        async with session.post(url + "/v1/chat/completions", json=doc, headers={"x-request-id": rid}) as r:
            body = await r.read()
            if r.status != 200:
                t.good[f"status_{r.status}"] += 1
                return
            if r.headers.get("x-request-id") != rid:
                t.wrong_client += 1
                return
            text = _answer_text(body, stream)
            if nonce not in text:
                t.wrong_client += 1
                return
            t.good["ok"] += 1
    except (aiohttp.ClientError, TimeoutError) as exc:
        t.good[f"error_{type(exc).__name__}"] += 1


def _answer_text(body: bytes, stream: bool) -> str:
    if not stream:
        return orjson.loads(body)["choices"][0]["message"]["content"]
    out = []
    for line in body.split(b"\n"):
        if line.startswith(b"data: {"):
            for choice in orjson.loads(line[6:]).get("choices", []):
                out.append(choice.get("delta", {}).get("content") or "")
    return "".join(out)


async def chaos_request(session: aiohttp.ClientSession, url: str, mode: str, t: Tally) -> None:
    prefix, _ = MODES[mode]
    doc = (
        {"input": "x"}
        if prefix == "/chaos"
        else {"model": "m", "messages": [{"role": "user", "content": "x"}]}
    )
    if mode == "endless_event":
        doc["stream"] = True
    try:
        async with session.post(f"{url}{prefix}/{mode}/v1/x", json=doc) as r:
            try:
                body = await r.read()
            except aiohttp.ClientPayloadError:
                t.chaos[mode]["cut"] += 1
                return
            ended_with_error = b'"code":"upstream_' in body or b'"code":"unreadable_answer"' in body
            if r.status == 200 and ended_with_error and mode == "endless_event":
                t.chaos[mode]["200-error-event"] += 1
            else:
                t.chaos[mode][str(r.status)] += 1
    except (aiohttp.ServerDisconnectedError, aiohttp.ClientPayloadError):
        t.chaos[mode]["cut"] += 1
    except (aiohttp.ClientError, TimeoutError) as exc:
        t.chaos[mode][f"error_{type(exc).__name__}"] += 1


async def slowloris(port: int, t: Tally, stop: asyncio.Event) -> None:
    head = b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.5)
            continue
        t0 = time.monotonic()
        try:
            for b in head:
                writer.write(bytes([b]))
                await writer.drain()
                try:
                    if await asyncio.wait_for(reader.read(1), 1.0) == b"":
                        break
                except TimeoutError:
                    pass
                if stop.is_set():
                    break
        except ConnectionError:
            pass
        finally:
            writer.close()
        t.slow[f"slowloris_closed_after_{round(time.monotonic() - t0)}s"] += 1


async def bodiless(port: int, t: Tally, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            await asyncio.sleep(0.5)
            continue
        writer.write(b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{")
        try:
            data = await asyncio.wait_for(reader.read(), 10)
            t.slow["bodiless_" + (data[9:12].decode() or "closed")] += 1
        except (TimeoutError, ConnectionError):
            t.slow["bodiless_not_closed"] += 1
        finally:
            writer.close()


async def drive(args: argparse.Namespace, port: int, gw_pid: int) -> dict[str, Any]:
    url = f"http://127.0.0.1:{port}"
    t = Tally()
    stop = asyncio.Event()
    slow = [asyncio.create_task(slowloris(port, t, stop)) for _ in range(args.slow_clients)]
    slow += [asyncio.create_task(bodiless(port, t, stop)) for _ in range(args.slow_clients)]
    rss: list[tuple[float, float]] = []
    timeout = aiohttp.ClientTimeout(total=20)
    async with (
        aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=200)) as good,
        aiohttp.ClientSession(timeout=timeout, connector=aiohttp.TCPConnector(limit=100)) as bad,
    ):
        tasks: set[asyncio.Task[None]] = set()
        t0 = time.monotonic()
        next_rss = t0
        n = 0
        modes = list(MODES)
        while (now := time.monotonic()) - t0 < args.duration:
            if now >= next_rss:
                rss.append((round(now - t0, 1), rss_kb(gw_pid) / 1024))
                next_rss += args.rss_interval
            due = t0 + n / args.rate
            if due > now:
                await asyncio.sleep(due - now)
            n += 1
            if n % args.chaos_every == 0:
                coro = chaos_request(bad, url, modes[(n // args.chaos_every) % len(modes)], t)
            else:
                coro = good_request(good, url, n, stream=n % 2 == 0, t=t)
            if len(tasks) < args.max_inflight:
                task = asyncio.create_task(coro)
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            else:
                coro.close()
                t.good["shed"] += 1
        await asyncio.gather(*tasks)
        stop.set()
        await asyncio.gather(*slow, return_exceptions=True)
        rss.append((round(time.monotonic() - t0, 1), rss_kb(gw_pid) / 1024))
    unexpected_chaos = {m: {k: v for k, v in c.items() if k not in MODES[m][1]} for m, c in t.chaos.items()}
    good_total = sum(t.good.values())
    return {
        "sent": n,
        "good": dict(t.good),
        "good_unexpected": good_total - t.good["ok"] - t.good["shed"],
        "wrong_client": t.wrong_client,
        "chaos": {m: dict(c) for m, c in t.chaos.items()},
        "chaos_unexpected": {m: c for m, c in unexpected_chaos.items() if c},
        "slow_clients": dict(t.slow),
        "rss_mb": rss,
        "rss_max_mb": round(max(v for _, v in rss), 1),
    }


def render(args: argparse.Namespace, r: dict[str, Any], ok: bool) -> str:
    lines = [
        "# aigw chaos soak",
        "",
        f"- {args.duration:g} s, {args.rate:g} req/s (1 in {args.chaos_every} to a misbehaving upstream), "
        f"{args.slow_clients} slowloris + {args.slow_clients} bodiless clients at all times",
        f"- result: **{'PASS' if ok else 'FAIL'}**: sent {r['sent']}, good ok {r['good'].get('ok', 0)}, "
        f"good unexpected {r['good_unexpected']}, wrong client {r['wrong_client']}, "
        f"RSS max {r['rss_max_mb']} MB (limit {args.rss_limit_mb})",
        "",
        "| chaos mode | outcomes |",
        "|---|---|",
    ]
    lines += [f"| {m} | {json.dumps(c, sort_keys=True)} |" for m, c in r["chaos"].items()]
    lines += ["", f"slow clients: {json.dumps(r['slow_clients'], sort_keys=True)}", ""]
    lines.append("RSS (s, MB): " + ", ".join(f"{s:g}:{v:.0f}" for s, v in r["rss_mb"]))
    return "\n".join(lines) + "\n"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    p.add_argument("--duration", type=float, default=600.0)
    p.add_argument("--rate", type=float, default=200.0, help="requests per second (good + chaos)")
    p.add_argument("--chaos-every", type=int, default=10, help="1 request in N goes to a chaos mode")
    p.add_argument("--slow-clients", type=int, default=20, help="slowloris clients (and as many bodiless)")
    p.add_argument("--max-inflight", type=int, default=400)
    p.add_argument("--rss-interval", type=float, default=5.0)
    p.add_argument("--rss-limit-mb", type=float, default=400.0)
    p.add_argument("--results-dir", type=Path, default=Path(__file__).resolve().parent / "results")
    return p.parse_args(argv)


async def _main(args: argparse.Namespace, procs: Processes, workdir: Path) -> int:
    chaos_port = free_port()
    chaos = await asyncio.start_server(_chaos_conn, "127.0.0.1", chaos_port)
    mock_port, port, admin_port = free_port(), free_port(), free_port()
    mock = procs.start("mock", [*aigw_command(), "mock", "--port", str(mock_port)], None)
    cfg = workdir / "chaos.yaml"
    cfg.write_text(
        CONFIG.format(port=port, admin_port=admin_port, mock_port=mock_port, chaos_port=chaos_port)
    )
    env = {**os.environ, "AIGW_ADMIN_TOKEN": "chaos-soak"}
    gw = procs.start("aigw", [*aigw_command(), "run", "-c", str(cfg)], None, env=env)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, wait_ready, mock_port, mock, procs, "mock")
    await loop.run_in_executor(None, lambda: wait_ready(port, gw, procs, "aigw", timeout_s=60))
    try:
        result = await drive(args, port, gw.pid)
    finally:
        chaos.close()
    ok = (
        result["wrong_client"] == 0
        and result["good_unexpected"] == 0
        and not result["chaos_unexpected"]
        and result["rss_max_mb"] < args.rss_limit_mb
        and gw.poll() is None
    )
    args.results_dir.mkdir(parents=True, exist_ok=True)
    (args.results_dir / "chaos_soak.json").write_text(json.dumps({"ok": ok, "result": result}, indent=1))
    report = render(args, result, ok)
    (args.results_dir / "chaos_soak.md").write_text(report)
    print(report)
    return 0 if ok else 1


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)  # stop_all() in main's finally still runs


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="aigw-chaos-"))
    procs = Processes(workdir, pin=False)
    signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        return asyncio.run(_main(args, procs, workdir))
    finally:
        procs.stop_all()


if __name__ == "__main__":
    sys.exit(main())
