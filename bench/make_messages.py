"""Build bench/data/messages.txt: the pool the load benchmarks draw the newest user message from.

A benchmark whose newest messages differ only in a few words from one template keeps the
screening's work almost constant: the same rule atoms match, the same regexes run, and the
Hyperscan/RE2 prefilter sees the same bytes but four. Real traffic is many different texts.
So every fresh body's newest message is one of these ~1,000 ordinary chat requests and
helpdesk tickets (then a per-request counter, so no two bodies are equal and the scan cache
never answers).

Sources (rows of `training/data/public/`, see training/SOURCES.md for commits and licences):
- fastchat_bench: lm-sys/FastChat MT-bench and Vicuna-bench questions (Apache-2.0);
- it_tickets: the Kaggle "IT Service Ticket Classification" helpdesk tickets (CC0);
- t0_prompts: P3/T0 task prompts from yizhongw/self-instruct (Apache-2.0);
- tau_bench: customer turns of sierra-research/tau-bench (MIT).

Kept: texts of 80-700 characters that the full chain of bench/configs/aigw-fullchain.yaml
forwards (the shipped injection detector does not block them at its default threshold and
the keyword filter's phrase is absent), so every request takes the whole path to the
upstream; the cost of a block is measured elsewhere. One JSON-escaped string per line (no
quotes around it), so bench/wrk/chat.lua can paste a line into the body as it is.

    python bench/make_messages.py          # rewrites bench/data/messages.txt (deterministic)
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "data" / "messages.txt"
SOURCES = {"fastchat_bench": 238, "it_tickets": 340, "t0_prompts": 340, "tau_bench": 120}
MIN_CHARS, MAX_CHARS = 80, 700


def candidates() -> list[str]:
    rnd = random.Random(20261207)
    out: list[str] = []
    for name, want in SOURCES.items():
        rows = [json.loads(line) for line in (ROOT / "training/data/public" / f"{name}.jsonl").open()]
        texts = sorted(
            {
                r["text"].strip()
                for r in rows
                if r["label"] == "benign"
                and r.get("role", "user") == "user"
                and (name != "tau_bench" or r["kind"] == "benign")  # its customer turns, not chat logs
                and MIN_CHARS <= len(r["text"].strip()) <= MAX_CHARS
            }
        )
        rnd.shuffle(texts)
        out.extend(texts[:want])
    return out


def forwarded(texts: list[str]) -> tuple[list[str], int]:
    """The texts the full chain of bench/configs/aigw-fullchain.yaml forwards (the shipped
    injection detector below its default threshold, the keyword filter's phrase absent),
    and how many it does not."""
    sys.path.insert(0, str(ROOT))
    from filters.injection import Detector, load_model
    from filters.injection_config import InjectionConfig
    from filters.injection_rules import RuleSet

    det = Detector(RuleSet(), load_model())
    threshold = InjectionConfig().threshold
    kept = [t for t in texts if "internal project falcon" not in t.lower() and det.scan(t).score < threshold]
    return kept, len(texts) - len(kept)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    kept, left_out = forwarded(candidates())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(orjson.dumps(t).decode()[1:-1] for t in kept) + "\n")
    mean = sum(map(len, kept)) / len(kept)
    print(f"written {args.out}: {len(kept)} messages (mean {mean:.0f} chars), {left_out} left out")
    return 0


if __name__ == "__main__":
    sys.exit(main())
