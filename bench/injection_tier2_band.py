"""How much traffic an injection tier-2 band sends to the transformer classifier.

Scores every text of the development split with tier 1 (the injection filter at its
defaults) and counts, per candidate band, the attacks and benign texts whose score falls in
it (those would be asked of tier 2), and the attacks below it (tier 1 alone lets them pass).
Also times the tier-2 runner itself with the project's tiny test classifier.

Usage: python bench/injection_tier2_band.py [--dev PATH]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BANDS = ((0.1, 0.9), (0.15, 0.9), (0.2, 0.9), (0.3, 0.9), (0.4, 0.9), (0.5, 0.9))


def main() -> None:
    from filters.base import BuildContext
    from filters.injection import InjectionConfig, InjectionFilter

    ap = argparse.ArgumentParser()
    ap.add_argument("--dev", default=str(ROOT.parent / "shared" / "eval" / "injection_dev.jsonl"))
    args = ap.parse_args()
    f = InjectionFilter("injection", InjectionConfig(), BuildContext())
    rows = [
        json.loads(line) for line in Path(args.dev).read_text(encoding="utf-8").split("\n") if line.strip()
    ]
    scored = [(r["label"] == "attack", f._scan(r["text"], False).score) for r in rows]
    attacks = [s for a, s in scored if a]
    benign = [s for a, s in scored if not a]
    print(f"{len(rows)} texts: {len(attacks)} attacks, {len(benign)} benign")
    print("| band | attacks in band | benign in band | attacks below the band |")
    print("|---|---:|---:|---:|")
    for lo, hi in BANDS:
        ia = sum(lo <= s < hi for s in attacks)
        ib = sum(lo <= s < hi for s in benign)
        below = sum(s < lo for s in attacks)
        print(
            f"| [{lo}, {hi}) | {ia} / {len(attacks)} | {ib} / {len(benign)} ({ib / len(benign):.0%}) | {below} |"
        )

    from filters.injection_tier2 import Tier2Config, Tier2Model
    from training import tier2_tiny

    with tempfile.TemporaryDirectory() as tmp:
        onnx_path, tok_path = tier2_tiny.build(Path(tmp))
        m = Tier2Model(Tier2Config(onnx=str(onnx_path), tokenizer=str(tok_path)))
        one = ("Please summarize this invoice for March: three items, total 240 EUR, due in 30 days. " * 12)[
            :1000
        ]
        for name, text, n in (("1 KB", one, 200), ("20 KB", (one * 20)[:20000], 50)):
            times = []
            for i in range(n):
                t0 = time.process_time()
                m.score(f"{text} {i}")
                times.append(time.process_time() - t0)
            print(f"tiny tier-2 runner, CPU p50 per {name}: {statistics.median(times) * 1000:.3f} ms")


if __name__ == "__main__":
    main()
