"""The injection prefilter's two paths in one process: Hyperscan against FilteredRE2.

Each path scans its own fresh corpus messages (`Detector.scan`, interleaved, so load on a
shared machine hits both alike); CPU time per message, p50 and mean. Run
`python bench/prefilter_ab.py` (docs/injection.md, "Measured speed", round 7). For
instruction counts, which do not depend on the machine's load, run `valgrind --tool=callgrind
python bench/prefilter_ab.py --count SIZE N` with AIGW_HYPERSCAN=1 and =0, and once with
N=0 to subtract the start-up.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

from injection_perf import corpus, messages  # noqa: E402

from filters.injection import Detector, load_model  # noqa: E402
from filters.injection_rules import RuleSet  # noqa: E402


def count(size: int, n: int) -> None:
    """Scan `n` fresh benign messages of `size` characters after 5 of warm-up (for callgrind)."""
    texts, _ = corpus()
    rules = RuleSet()
    if os.environ.get("AIGW_HYPERSCAN", "1") != "0":
        assert rules._prefilter.wait_fast(600)
    det = Detector(rules, load_model())
    pool = messages(texts["benign"], size, n + 5)
    for m in pool[n:]:
        det.scan(m)
    for m in pool[:n]:
        det.scan(m)


def ab() -> None:
    texts, _ = corpus()
    fast = RuleSet()
    assert fast._prefilter.wait_fast(600), "no Hyperscan database (pip install -c constraints.txt hyperscan)"
    slow = RuleSet()
    slow._prefilter = type(fast._prefilter).__new__(type(fast._prefilter))
    slow._prefilter.__dict__.update(fast._prefilter.__dict__)
    slow._prefilter._fast = None
    model = load_model()
    dets = {"hyperscan": Detector(fast, model), "re2": Detector(slow, model)}
    for kind in ("benign", "hard_negative", "attack"):
        for size, n in ((1000, 300), (20000, 40)):
            pool = messages(texts[kind], size, 2 * n + 20)
            for d in dets.values():
                for m in pool[:5]:
                    d.scan(m)
            res: dict[str, list[float]] = {k: [] for k in dets}
            for i in range(n):
                for j, (k, d) in enumerate(dets.items()):
                    m = pool[20 + 2 * i + (j + i) % 2]  # its own fresh text; who gets which alternates
                    t = time.process_time()
                    d.scan(m)
                    res[k].append(time.process_time() - t)
            cells = "  ".join(
                f"{k} p50 {statistics.median(v) * 1e3:.3f} ms mean {statistics.mean(v) * 1e3:.3f}"
                for k, v in res.items()
            )
            print(f"{kind:14s} {size // 1000:2d} KB  {cells}", flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--count"]:
        count(int(sys.argv[2]), int(sys.argv[3]))
    else:
        ab()
