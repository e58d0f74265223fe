"""Generalization of the injection filter: leave-one-source-out, dev split, probes.

LOSO (the headline): for every training source, the classifier is trained on the other
sources and the held-out source is scored by the whole detector (canonicalization +
rules + model: `Detector.scan`, the code the filter runs, in the row's role). Per source
and per kind: share flagged at the shipped threshold (TPR for attacks, FPR for benign).

Then the shipped model, never trained on them, on the development split
(../shared/eval/injection_dev.jsonl) and on the hand-written probe sets
(training/data/*_probe.jsonl).

Usage: python training/evaluate_injection.py [--dev PATH] [--out PATH]
   (LOSO runs from train_injection.py, which hands it the featurized rows)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from filters.canonical import canonicalize  # noqa: E402
from filters.injection import DEFAULT_THRESHOLD, Detector, load_model  # noqa: E402
from filters.injection_rules import RuleSet  # noqa: E402
from training.train_injection import (  # noqa: E402
    DEFAULT_DEV,
    OWN_DATA,
    Row,
    load_eval,
    loso_models,
)

INDIRECT_ROLES = {"tool", "document", "assistant"}


def roc_auc(y: np.ndarray, s: np.ndarray) -> float:
    """Mann-Whitney AUC (ties broken by order; fine for reporting)."""
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    ranks[order] = np.arange(1, len(s) + 1)
    pos = y == 1
    n_pos, n_neg = pos.sum(), (~pos).sum()
    if not n_pos or not n_neg:
        return float("nan")
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def scan_scores(det: Detector, rows: Sequence[Row]) -> np.ndarray:
    return np.array([det.scan(r.text, indirect=r.role in INDIRECT_ROLES).score for r in rows])


def per_group(rows: Sequence[Row], s: np.ndarray, thr: float, key) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for r, v in zip(rows, s, strict=True):
        g = out.setdefault(key(r), {"attack_n": 0, "attack_hit": 0, "benign_n": 0, "benign_hit": 0})
        lab = "attack" if r.label else "benign"
        g[f"{lab}_n"] += 1
        g[f"{lab}_hit"] += int(v >= thr)
    for g in out.values():
        g["tpr"] = round(g["attack_hit"] / g["attack_n"], 4) if g["attack_n"] else None
        g["fpr"] = round(g["benign_hit"] / g["benign_n"], 4) if g["benign_n"] else None
    return dict(sorted(out.items()))


def summary(rows: Sequence[Row], s: np.ndarray, thr: float) -> dict:
    y = np.array([r.label for r in rows])
    return {
        "n": len(rows),
        "auc": round(roc_auc(y, s), 4),
        "threshold": thr,
        "tpr": round(float((s[y == 1] >= thr).mean()), 4) if (y == 1).any() else None,
        "fpr": round(float((s[y == 0] >= thr).mean()), 4) if (y == 0).any() else None,
        "per_kind": per_group(rows, s, thr, lambda r: r.kind),
    }


# Detector settings compared side by side on the same LOSO models (Detector keyword arguments)
VARIANTS: dict[str, dict[str, float]] = {
    "gate0.2": {"rule_gate": 0.2},
    "no_rules": {"rule_gate": 2.0},
    **{
        f"offset{o}": {"model_offset": o}
        for o in (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.6, 1.8, 2.0)
    },
}


def loso_report(
    rows: list[Row],
    X,
    cfg,
    p,
    out: Path | None = None,
    thr: float = DEFAULT_THRESHOLD,
    variants_too: bool = False,
    cache: Path | None = None,
) -> dict:
    """LOSO scores of every row; `variants_too` also scores the VARIANTS detector settings."""
    rules = RuleSet()
    score = np.zeros(len(rows))
    model_only = np.zeros(len(rows))
    variants = {k: np.zeros(len(rows)) for k in VARIANTS}
    for src, test, model in loso_models(rows, X, cfg, p, cache):
        det = Detector(rules, model)
        sub = [rows[i] for i in test]
        score[test] = scan_scores(det, sub)
        for k, kwargs in VARIANTS.items() if variants_too else ():
            variants[k][test] = scan_scores(Detector(rules, model, **kwargs), sub)
        model_only[test] = [model.score(canonicalize(r.text, with_index=False).text) for r in sub]
        g = per_group(sub, score[test], thr, lambda r: r.origin)[src]
        print(
            f"LOSO {src:28s} attacks {g['attack_n']:5d} tpr {g['tpr']}  benign {g['benign_n']:5d} fpr {g['fpr']}",
            flush=True,
        )
    rep = {
        "protocol": "leave-one-source-out; held-out source scored by Detector.scan (rules + model)",
        "threshold": thr,
        "pooled": summary(rows, score, thr),
        "pooled_model_only": summary(rows, model_only, thr),
        "per_source": per_group(rows, score, thr, lambda r: r.origin),
        "per_source_kind": per_group(rows, score, thr, lambda r: f"{r.origin} / {r.kind}"),
        "per_lang_synthetic": per_group(
            [r for r in rows if r.origin == "synthetic-docs"],
            score[[i for i, r in enumerate(rows) if r.origin == "synthetic-docs"]],
            thr,
            lambda r: r.lang,
        ),
    }
    # the thresholds LOSO would pick (reported, to justify the shipped one)
    y = np.array([r.label for r in rows])
    docs = np.array([r.kind in ("document", "indirect") for r in rows])
    ordinary = np.array([r.kind == "benign" for r in rows])
    rep["variants"] = (
        {}
        if not variants_too
        else {
            k: {
                str(t): {
                    "tpr": round(float((v[y == 1] >= t).mean()), 4),
                    "fpr": round(float((v[y == 0] >= t).mean()), 4),
                    "doc_fpr": round(float((v[(y == 0) & docs] >= t).mean()), 4),
                    "ordinary_fpr": round(float((v[ordinary] >= t).mean()), 4),
                }
                for t in (0.6, 0.65, 0.7, 0.75, 0.8, 0.85)
            }
            for k, v in variants.items()
        }
    )
    print(json.dumps(rep["variants"]))
    for t in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        rep.setdefault("sweep", {})[str(t)] = {
            "tpr": round(float((score[y == 1] >= t).mean()), 4),
            "fpr": round(float((score[y == 0] >= t).mean()), 4),
        }
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(rep, indent=2) + "\n", encoding="utf-8")
        # out-of-source scores, to tabulate any threshold without retraining
        with open(out.with_suffix(".scores.jsonl"), "w", encoding="utf-8") as f:
            for i, (r, v, m) in enumerate(zip(rows, score, model_only, strict=True)):
                f.write(
                    json.dumps(
                        {
                            "source": r.origin,
                            "kind": r.kind,
                            "lang": r.lang,
                            "label": r.label,
                            "score": round(float(v), 5),
                            "model": round(float(m), 5),
                            **(
                                {f"v_{k}": round(float(variants[k][i]), 5) for k in VARIANTS}
                                if variants_too
                                else {}
                            ),
                        }
                    )
                    + "\n"
                )
    print(
        json.dumps(
            {"pooled": {k: v for k, v in rep["pooled"].items() if k != "per_kind"}, "sweep": rep["sweep"]}
        )
    )
    return {"loso": {k: rep[k] for k in ("protocol", "threshold", "pooled", "per_source", "sweep")}}


def held_out_report(dev: Path, thr: float = DEFAULT_THRESHOLD) -> dict:
    """The shipped detector on sets it never trained on: the dev split and the probes."""
    det = Detector(RuleSet(), load_model())
    out = {}
    for name, path in [("dev", dev), *((f.stem, f) for f in sorted(OWN_DATA.glob("*_probe.jsonl")))]:
        rows = load_eval(path)
        if rows:
            out[name] = summary(rows, scan_scores(det, rows), thr)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "injection_heldout.json")
    ap.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args = ap.parse_args(argv)
    rep = held_out_report(args.dev, args.threshold)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rep, indent=2) + "\n", encoding="utf-8")
    for name, r in rep.items():
        print(f"{name:16s} n {r['n']:5d} auc {r['auc']} tpr {r['tpr']} fpr {r['fpr']}")
        for k, v in r["per_kind"].items():
            print(f"    {k:22s} {v}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
