"""Which candidate training rows share too much text with a blind test set, without reading it.

New training text (a helper's file, a public source) must not carry an item of a test set
into training: the test would then measure memory. This prints, for each candidate row whose
8-character shingles overlap any test item's by more than `--max` (the share of the
candidate's shingles, or of a long test item's, whichever is larger), the row's id and the
overlap, never the test text. Rows it names are dropped before training (the free-form
README records which).

    python training/overlap_check.py /work/freeform3/*.jsonl
    python training/overlap_check.py FILES --test training/data/docs_test_probe.jsonl --max 0.3
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "training" / "data"
TESTS = [
    DATA / "docs_test_probe.jsonl",
    DATA / "writers_test_probe.jsonl",
    DATA / "writers2_test_probe.jsonl",
]
DEV = ROOT.parent / "shared" / "eval" / "injection_dev.jsonl"
K = 8
LONG_TEST = 200  # shingles


def shingles(text: str) -> set[str]:
    t = " ".join(text.lower().split())
    return {t[i : i + K] for i in range(max(1, len(t) - K + 1))}


def overlaps(
    files: list[Path], tests: list[Path], limit: float
) -> tuple[list[tuple[str, float, str]], float]:
    """(id, overlap, test file:line) of every candidate row over `limit`; the highest of the rest."""
    items: list[tuple[str, set[str]]] = []
    for path in tests:
        for n, line in enumerate(path.open(encoding="utf-8")):
            items.append((f"{path.name}:{n + 1}", shingles(json.loads(line)["text"])))
    index: dict[str, list[int]] = defaultdict(list)
    for i, (_, sh) in enumerate(items):
        for s in sh:
            index[s].append(i)
    flagged: list[tuple[str, float, str]] = []
    worst = 0.0
    for path in files:
        for line in path.open(encoding="utf-8"):
            row = json.loads(line)
            sh = shingles(row["text"])
            common: dict[int, int] = defaultdict(int)
            for s in sh:
                for i in index.get(s, ()):
                    common[i] += 1
            best, where = 0.0, ""
            for i, c in common.items():
                # the candidate's share; the test item's too when it is long enough that a
                # share of it is more than one stock phrase ("ignore previous instructions")
                test_len = len(items[i][1])
                share = max(c / len(sh), c / test_len if test_len >= LONG_TEST else 0.0)
                if share > best:
                    best, where = share, items[i][0]
            if best > limit:
                flagged.append((str(row.get("id", "?")), best, where))
            else:
                worst = max(worst, best)
    return flagged, worst


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument(
        "--test", type=Path, action="append", help="test sets (default: the two blind probes + dev)"
    )
    ap.add_argument("--max", type=float, default=0.3)
    args = ap.parse_args(argv)
    tests = args.test or [*TESTS, *([DEV] if DEV.exists() else [])]
    flagged, worst = overlaps(args.files, tests, args.max)
    for row_id, share, where in flagged:
        print(f"{row_id}\t{share:.2f}\t{where}")
    print(f"# {len(flagged)} rows over {args.max}; highest overlap of the rest {worst:.2f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
