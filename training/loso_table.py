"""Markdown tables of the LOSO out-of-source scores at a threshold (for docs/injection.md).

Reads bench/results/injection_loso.scores.jsonl (written by train_injection.py's LOSO run).
Usage: python training/loso_table.py [--threshold T] [--scores PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from filters.injection import DEFAULT_THRESHOLD  # noqa: E402


def table(rows: list[dict], key, thr: float, field: str = "score") -> list[str]:
    agg: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for r in rows:
        a = agg[key(r)]
        if r["label"]:
            a[0] += 1
            a[1] += r[field] >= thr
        else:
            a[2] += 1
            a[3] += r[field] >= thr
    out = ["| held out | attacks | caught | benign | blocked |", "|---|---|---|---|---|"]
    for k in sorted(agg):
        n, c, m, b = agg[k]
        out.append(f"| {k} | {n} | {f'{c / n:.3f}' if n else '-'} | {m} | {f'{b / m:.3f}' if m else '-'} |")
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    ap.add_argument("--scores", type=Path, default=ROOT / "bench" / "results" / "injection_loso.scores.jsonl")
    args = ap.parse_args()
    rows = [json.loads(line) for line in args.scores.open(encoding="utf-8")]
    thr = args.threshold
    print(f"threshold {thr}\n")
    print("\n".join(table(rows, lambda r: r["source"], thr)) + "\n")
    print("\n".join(table(rows, lambda r: f"{r['source']} / {r['kind']}", thr)) + "\n")
    print(
        "\n".join(table([r for r in rows if r["source"] == "synthetic-docs"], lambda r: r["lang"], thr))
        + "\n"
    )
    print("\n".join(table(rows, lambda r: "all (pooled)", thr)) + "\n")
    print("model alone:\n" + "\n".join(table(rows, lambda r: "all (pooled)", thr, "model")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
