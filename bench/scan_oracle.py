"""Identical-output oracle for injection speed work: dump every SegmentScan, then compare.

A speed change to the injection pipeline (canonicalize, regions, classifier, rule
prefilter, rules) must not change any verdict, score bit or rule id. This script runs the
default filter's scan (`InjectionFilter._scan` of a filter built from the default
`InjectionConfig`: allow-list, `max_scan_chars` cut, indirect model weight, then
`Detector.scan`) on every text of training/data/*.jsonl, training/data/public/*.jsonl and
../shared/eval/*.jsonl, direct and indirect, and stores all SegmentScan fields (floats as
their exact hex form) keyed by file, line and role.

    python bench/scan_oracle.py dump [--out PATH]      # on the reference tree
    python bench/scan_oracle.py check [--dump PATH]    # on the changed tree: every difference

`check` prints each difference (file, line, role, field, old, new; never the text) and, for
floats, the largest deviation and whether a verdict at 0.7 flipped. Items of the blind test
set (docs_test_probe.jsonl) are reported as counts only. Exit status 1 on any difference.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DUMP = ROOT / "bench" / "results" / "raw" / "scan_oracle.json.gz"
BLIND = {"docs_test_probe.jsonl"}
THRESHOLD = 0.7


def sources() -> list[Path]:
    data = ROOT / "training" / "data"
    shared = ROOT.parent / "shared" / "eval"
    return [
        *sorted(data.glob("*.jsonl")),
        *sorted((data / "public").glob("*.jsonl")),
        *sorted(shared.glob("*.jsonl")),
    ]


def _enc(v: Any) -> Any:
    if isinstance(v, float):
        return v.hex()
    if isinstance(v, tuple):
        return list(v)
    return v


def run() -> dict[str, dict[str, Any]]:
    from filters.base import BuildContext
    from filters.injection import InjectionConfig, InjectionFilter

    f = InjectionFilter("injection", InjectionConfig(), BuildContext())
    out: dict[str, dict[str, Any]] = {}
    for path in sources():
        name = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else f"../shared/eval/{path.name}"
        for n, line in enumerate(path.open(encoding="utf-8")):
            text = json.loads(line).get("text")
            if not isinstance(text, str) or not text:
                continue
            for indirect in (False, True):
                s = f._scan(text, indirect)
                out[f"{name}:{n}:{'i' if indirect else 'd'}"] = {
                    k: _enc(getattr(s, k)) for k in s.__dataclass_fields__
                }
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("dump", "check"))
    ap.add_argument("--dump", "--out", dest="dump", type=Path, default=DEFAULT_DUMP)
    args = ap.parse_args()
    t0 = time.perf_counter()
    got = run()
    secs = time.perf_counter() - t0
    if args.mode == "dump":
        args.dump.parent.mkdir(parents=True, exist_ok=True)
        with gzip.open(args.dump, "wt", encoding="utf-8") as fh:
            json.dump(got, fh, sort_keys=True)
        print(f"{len(got)} scans dumped to {args.dump} in {secs:.1f} s")
        return 0
    with gzip.open(args.dump, "rt", encoding="utf-8") as fh:
        ref: dict[str, dict[str, Any]] = json.load(fh)
    diffs = 0
    blind_diffs = 0
    max_dev = 0.0
    flips = 0
    for key in sorted(ref.keys() | got.keys()):
        a, b = ref.get(key), got.get(key)
        blind = key.split(":")[0].rsplit("/", 1)[-1] in BLIND
        if a is None or b is None:
            diffs += 1
            blind_diffs += blind
            if not blind:
                print(f"{key}: only in {'new' if a is None else 'dump'}")
            continue
        for field in a.keys() | b.keys():
            if a.get(field) == b.get(field):
                continue
            diffs += 1
            blind_diffs += blind
            x, y = a.get(field), b.get(field)
            if isinstance(x, str) and isinstance(y, str) and field in ("score", "model", "tier2"):
                fx, fy = float.fromhex(x), float.fromhex(y)
                max_dev = max(max_dev, abs(fx - fy))
                if field == "score" and (fx >= THRESHOLD) != (fy >= THRESHOLD):
                    flips += 1
                x, y = repr(fx), repr(fy)
            if not blind:
                print(f"{key} {field}: {x} -> {y}")
    print(
        f"{len(got)} scans in {secs:.1f} s; {diffs} differences ({blind_diffs} in the blind test set, "
        f"counted only); max float deviation {max_dev:.3g}; verdicts flipped at {THRESHOLD}: {flips}"
    )
    return 1 if diffs else 0


if __name__ == "__main__":
    raise SystemExit(main())
