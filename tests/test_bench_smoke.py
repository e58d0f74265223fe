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
    aigw = report["results"][1]
    assert aigw["load"]["cpu_us_per_req"] > 0
    assert 0 < aigw["load"]["rss_max_mb"] < 1024
    assert "added_p50_ms" in aigw["derived"]
    assert (tmp_path / "core.md").read_text().startswith("# aigw core benchmark")
