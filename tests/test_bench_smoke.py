"""Smoke test of the benchmark driver: a 1-second run of aigw passthrough vs direct to the mock.

Needs wrk (Debian package, `make system-deps`); skipped without it. Checks that every
target answered, with no socket errors, and that the report files are written.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

import bodies  # noqa: E402

pytestmark = pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")


def test_bench_driver_smoke(tmp_path: Path) -> None:
    cmd = [
        sys.executable,
        str(REPO / "bench" / "run.py"),
        "--duration", "1",
        "--warmup", "0",
        "--only", "aigw",
        "--paced-count", "10",
        "--ttfb-count", "5",
        "--paced-rate", "50",
        "--retry-disturbed", "0",
        "--rounds", "2",
        "--results-dir", str(tmp_path),
    ]  # fmt: skip
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=90)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]

    report = json.loads((tmp_path / "core.json").read_text())
    assert [r["name"] for r in report["results"]] == ["direct", "aigw"]
    for r in report["results"]:
        for run in ("load", "stream_load"):
            assert r[run]["rps"] > 0, (r["name"], run)
            assert r[run]["socket_errors"] == {"connect": 0, "read": 0, "write": 0, "timeout": 0}
            assert r[run]["non_2xx"] == 0
        assert r["paced"]["ok"] == 10
        assert len(r["paced_rounds"]) == 2 and len(r["ttfb_rounds"]) == 2 and len(r["load_rounds"]) == 2
        assert r["ttfb"]["ok"] == 5
        assert r["load"]["body"] == "fresh" and r["cached_load"]["body"] == "cached"
        assert r["cached_load"]["rps"] > 0 and r["cached_load"]["non_2xx"] == 0
    aigw = report["results"][1]
    assert aigw["load"]["cpu_us_per_req"] > 0
    assert 0 < aigw["load"]["rss_max_mb"] < 1024
    assert "added_p50_ms" in aigw["derived"]
    assert (tmp_path / "core.md").read_text().startswith("# aigw core benchmark")


def test_wrk_scripts_are_generated_from_the_bodies_module() -> None:
    """bench/wrk/*.lua build their bodies in Lua: they must match bench/bodies.py's."""
    for stream in (False, True):
        assert bodies.lua_path(stream).read_text() == bodies.lua_script(stream), (
            "run `python bench/bodies.py --write-lua`"
        )


def test_fresh_bodies_differ_only_in_the_newest_message_and_are_valid_json() -> None:
    import orjson

    fresh = bodies.Bodies(seed=1)
    docs = [orjson.loads(fresh.next()) for _ in range(1000)]
    newest = [d["messages"][-1]["content"] for d in docs]
    assert len(set(newest)) == 1000
    assert all(d["messages"][:-1] == docs[0]["messages"][:-1] for d in docs)
    cached = bodies.Bodies(fresh=False)
    assert cached.next() == cached.next()
    long = orjson.loads(bodies.Bodies(turns=20, seed=1).next())["messages"]
    assert len(long) == 1 + 19 * 2 + 1
    assert len({m["content"] for m in long}) == len(long)  # a conversation does not repeat itself
    assert 900 < bodies.body_size() < 1200  # the ~1 KB body of every table


def test_corpus_bodies_draw_the_newest_message_from_the_pool() -> None:
    import orjson

    pool_texts = set(bodies.pool_texts())
    fresh = bodies.Bodies(seed=2, newest="corpus")
    newest = [orjson.loads(fresh.next())["messages"][-1]["content"] for _ in range(2000)]
    assert len(set(newest)) == 2000
    bases = {m.rsplit(" (ref ", 1)[0] for m in newest}
    assert bases <= pool_texts and len(bases) == len(pool_texts)  # every pool message, one lap each
    template = bodies.Bodies(seed=2, newest="template")
    assert orjson.loads(template.next())["messages"][-1]["content"].startswith(bodies.NEWEST_HEAD)


def test_wrk_sends_the_same_fresh_bodies_as_python(tmp_path: Path) -> None:
    """Run bench/wrk/chat.lua for a second against a server that keeps what it was sent."""
    import asyncio
    import socket
    import threading

    import orjson
    from aiohttp import web

    seen: list[bytes] = []

    async def handler(request: web.Request) -> web.Response:
        seen.append(await request.read())
        return web.json_response({"ok": True})

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    loop = asyncio.new_event_loop()
    app = web.Application()
    app.router.add_post("/v1/chat/completions", handler)
    runner = web.AppRunner(app, access_log=None)
    loop.run_until_complete(runner.setup())
    loop.run_until_complete(web.SockSite(runner, sock).start())
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        for mode in ("corpus", "template"):
            seen.clear()
            env = {**bodies.wrk_env(), "AIGW_BENCH_NEWEST": mode}
            subprocess.run(
                ["wrk", "-t1", "-c2", "-d1s", "-s", str(bodies.lua_path(False)),
                 f"http://127.0.0.1:{port}/v1/chat/completions"],
                env=env, cwd=tmp_path, capture_output=True, timeout=30, check=True,
            )  # fmt: skip
            docs = [orjson.loads(b) for b in seen]
            assert len(docs) > 20
            newest = [d["messages"][-1]["content"] for d in docs]
            assert len(set(newest)) == len(newest)
            python = orjson.loads(bodies.Bodies(newest=mode).next())
            assert all(d["messages"][:-1] == python["messages"][:-1] for d in docs)
            if mode == "corpus":
                pool_texts = set(bodies.pool_texts())
                assert all(m.rsplit(" (ref ", 1)[0] in pool_texts for m in newest)
            else:
                assert all(m.startswith(bodies.NEWEST_HEAD) for m in newest)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)


def test_the_message_pool_passes_the_shipped_detector() -> None:
    """Every pool message takes the full chain's whole path (bench/make_messages.py keeps only
    those); new weights that block one make the peers run report non-2xx answers."""
    import make_messages

    texts = bodies.pool_texts()
    kept, left_out = make_messages.forwarded(texts)
    assert left_out == 0 and kept == texts, "run `python bench/make_messages.py`"


def test_the_ablation_configs_are_the_full_chain_less_one_filter() -> None:
    """bench/run.py's aigw-full-noinjection and aigw-full-nopii read as "what this filter
    costs" only while they match the full chain in everything else."""
    import copy

    import yaml

    configs = REPO / "bench" / "configs"
    full = yaml.safe_load((configs / "aigw-fullchain.yaml").read_text())
    for name, drop in (("noinjection", "injection"), ("nopii", "pii")):
        doc = yaml.safe_load((configs / f"aigw-fullchain-{name}.yaml").read_text())
        want = copy.deepcopy(full)
        for route in want["routes"]:
            route["filters"] = [f for f in route["filters"] if f != drop]
            route["response_filters"] = [f for f in route.get("response_filters", []) if f != drop]
        assert doc == want, name
        assert any(drop in r["filters"] for r in full["routes"])
