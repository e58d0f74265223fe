"""Runner and quality-tracker cost: `.venv/bin/python tests/validation_bench.py` (numbers in docs/validation.md)."""

import asyncio
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from validation_fixtures import BASELINE_BOOK, CASES, write_set

from gateway.config import RouteConfig, UpstreamConfig
from gateway.dataplane.forward import UpstreamPool
from gateway.devtools.mockllm import start_mock
from gateway.protocols import get_adapter
from gateway.validation.cases import load_set
from gateway.validation.config import ValidationSloConfig
from gateway.validation.quality import QualityTracker
from gateway.validation.runner import run_set


async def main():
    runner, mock, port = await start_mock(name="b", answers=BASELINE_BOOK)
    d = Path(tempfile.mkdtemp())
    cases = [dict(c, id=f"{c['id']}-{i}") for i in range(20) for c in CASES]  # 120 cases
    cs = load_set("g", write_set(d / "g.jsonl", cases))
    pool = UpstreamPool("b", UpstreamConfig(url=f"http://127.0.0.1:{port}"), {})
    route = RouteConfig.model_validate(
        {
            "name": "chat",
            "match": {"path": "/v1/chat/completions", "models": ["llama-3.1-8b"]},
            "upstream": "b",
        }
    )
    for conc in (1, 4, 16):
        best = 1e9
        for _ in range(3):
            t0 = time.perf_counter()
            run = await run_set(
                pool=pool,
                adapter=get_adapter("openai-chat"),
                route=route,
                variant="baseline",
                case_set=cs,
                timeout_s=5,
                concurrency=conc,
                run_budget_s=60,
                config_version="x",
                trigger="bench",
            )
            best = min(best, time.perf_counter() - t0)
        print(
            f"120 cases, concurrency {conc}: {best * 1000:.0f} ms ({best / 120 * 1e6:.0f} us/case), pass rate {run.pass_rate}"
        )
    await pool.close()
    await runner.cleanup()
    tracemalloc.start()
    q = QualityTracker(time.time, lambda p: None)
    q.configure({"chat": ValidationSloConfig()})
    q.record("chat", "baseline", 20, 1, 0.95)
    cur, _ = tracemalloc.get_traced_memory()
    print(f"quality series memory: {cur / 1024:.0f} KiB")
    t0 = time.perf_counter()
    for _ in range(100):
        q.evaluate()
    print(f"quality evaluate (1 series): {(time.perf_counter() - t0) / 100 * 1e6:.0f} us")


asyncio.run(main())
