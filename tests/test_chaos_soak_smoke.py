"""Smoke version of the chaos soak (bench/chaos_soak.py, `make chaos`): 5 s of good traffic
mixed with every misbehaving-upstream mode and slow clients, through a real `aigw run`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_chaos_soak_smoke(tmp_path: Path) -> None:
    argv = [sys.executable, str(REPO / "bench" / "chaos_soak.py"), "--duration", "5", "--rate", "40"]
    argv += ["--slow-clients", "3", "--rss-interval", "1", "--results-dir", str(tmp_path)]
    proc = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, timeout=90)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    report = json.loads((tmp_path / "chaos_soak.json").read_text())
    r = report["result"]
    assert report["ok"] and r["wrong_client"] == 0 and r["good_unexpected"] == 0
    assert r["good"]["ok"] >= 100
    assert all(r["chaos"][mode] for mode in r["chaos"]), r["chaos"]  # every mode was exercised
    assert r["slow_clients"], "slow clients ran"
