"""Score JSONL files with the shipped injection detector: caught / blocked per file and kind.

For data the detector has never been trained on: a new source before it joins training (the
free-form files of 2026-12-07 were scored this way first, docs/injection.md), or your own
traffic samples. Each line: {"text", "label": "attack"|"benign", "kind", "role"}; the row is
scanned in its role (tool and document text as indirect), at the shipped threshold.

Usage: python training/score_files.py FILE.jsonl [...] [--threshold T] [--model DIR]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from filters.injection import DEFAULT_THRESHOLD, MODEL_OFFSET, Detector, load_model  # noqa: E402
from filters.injection_rules import RuleSet  # noqa: E402
from training.evaluate_injection import scan_scores  # noqa: E402
from training.train_injection import load_eval  # noqa: E402


def score_file(det: Detector, path: Path, thr: float) -> dict[tuple[str, str], tuple[int, int]]:
    """(label, kind) -> (flagged, rows); kind "ALL" sums a label."""
    rows = load_eval(path)
    flagged: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    for row, s in zip(rows, scan_scores(det, rows), strict=True):
        label = "attack" if row.label else "benign"
        for key in ((label, row.kind), (label, "ALL")):
            total[key] += 1
            flagged[key] += bool(s >= thr)
    return {k: (flagged[k], total[k]) for k in sorted(total)}


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    ap.add_argument(
        "--model", default=None, help="a model directory (weights.npz, model.json); default: the shipped one"
    )
    ap.add_argument(
        "--offset",
        type=float,
        default=MODEL_OFFSET,
        help="the classifier's offset (model_offset); default: shipped",
    )
    args = ap.parse_args(argv)
    det = Detector(RuleSet(), load_model(args.model), model_offset=args.offset)
    sums: Counter[tuple[str, str]] = Counter()
    print("| file | attacks caught | benign blocked | by kind |\n|---|---|---|---|")
    for path in args.files:
        got = score_file(det, path, args.threshold)
        kinds = ", ".join(f"{lab} {kind} {f}/{n}" for (lab, kind), (f, n) in got.items() if kind != "ALL")
        cells = []
        for label in ("attack", "benign"):
            f, n = got.get((label, "ALL"), (0, 0))
            sums[(label, "f")] += f
            sums[(label, "n")] += n
            cells.append(f"{f}/{n} ({f / n:.3f})" if n else "-")
        print(f"| {path.stem} | {cells[0]} | {cells[1]} | {kinds} |")
    a, b = (sums[("attack", "f")], sums[("attack", "n")]), (sums[("benign", "f")], sums[("benign", "n")])
    print(
        f"| **all** | {a[0]}/{a[1]} ({a[0] / max(1, a[1]):.3f}) | {b[0]}/{b[1]} ({b[0] / max(1, b[1]):.3f}) | |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
