"""Smoke version of the soak benchmark (bench/soak.py): 5 s at 100 req/s of mixed traffic
through the full chain against `aigw mock`; no unexpected 5xx, no PII leak, an RSS series."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_soak_smoke(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / "soak.py"),
            "--duration",
            "5",
            "--rate",
            "100",
            "--rss-interval",
            "1",
            "--warmup-s",
            "1",
            "--results-dir",
            str(tmp_path),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    report = json.loads((tmp_path / "soak.json").read_text())
    r = report["result"]
    assert r["sent"] >= 450
    assert r["unexpected_5xx"] == 0, r["classes"]
    assert r["pii_leaks"] == 0, r["classes"]
    assert r["completed"] >= r["sent"] - r["shed"] - 5
    # every class saw its expected answers: blocks are 400s, failing upstreams pass through
    for name, c in r["classes"].items():
        if c["sent"]:
            assert any(str(s) in c["statuses"] for s in c["expected"]), (name, c)
    series = r["rss_series_mb"]
    assert len(series) >= 4 and all(mb > 10 for _, mb in series)
    assert r["rss_slope_mb_per_min"] is not None
    assert (tmp_path / "soak.md").read_text().startswith("# aigw soak")
