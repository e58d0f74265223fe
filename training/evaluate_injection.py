"""Cross-validated quality of the injection filter; writes bench/results/injection_eval.md.

Protocol: stratified k-fold over the dev split (strata = label x kind). For each fold the
classifier is trained on the other folds plus our own examples (training/data), and the
held-out fold is scored by the *whole* detector (canonicalization + rules + model, the
code the filter runs). A dev row is never scored by a model that saw it. Rules are not
learned, so they need no split. The report gives ROC AUC, TPR at FPR 1% / 5%, the
operating point at the shipped threshold and per-kind rates, for the combined score and
for rules and model alone; then the flag rate on harmful_dev.jsonl (harmful requests,
not injections: we only report it).

Then the probe sets (training/data/{benign,attack}_probe.jsonl, written by
training/make_probes.py, never trained on): hand-written prompts in styles the dev split
lacks, screened by the shipped filter with its default config in their own role. They
stand in for held-out data: blocked share of benign probes (FPR) and of attack probes
(TPR), per split and per subkind. `check` rows were not looked at while tuning rules.

Usage: python training/evaluate_injection.py [--dev PATH] [--harmful PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from filters.injection import DEFAULT_THRESHOLD, Detector, load_model  # noqa: E402
from filters.injection_model import FeatureConfig  # noqa: E402
from filters.injection_rules import RuleSet  # noqa: E402
from training.train_injection import (  # noqa: E402
    DEFAULT_DEV,
    OWN_DATA,
    Matrix,
    Params,
    Row,
    cross_val_models,
    featurize,
    load_rows,
)

INDIRECT_ROLES = {"tool", "document", "assistant"}
DEFAULT_HARMFUL = ROOT.parent / "shared" / "eval" / "harmful_dev.jsonl"
PROBE_FILES = ("benign_probe.jsonl", "attack_probe.jsonl")
# Probe results of the filter before the precision work (commit 2591a38: its rules and
# model, the same probe files, default config), for the before/after table.
BASELINE_PROBES = {
    "commit": "2591a38",
    "benign_probe.jsonl": {"all": 0.150, "tune": 0.170, "check": 0.110},
    "attack_probe.jsonl": {"all": 0.819, "tune": 0.817, "check": 0.824},
}


def roc_auc(y: np.ndarray, s: np.ndarray) -> float:
    """Mann-Whitney AUC with ties counted half."""
    order = np.argsort(s, kind="mergesort")
    ranks = np.empty(len(s))
    sorted_s = s[order]
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and sorted_s[j + 1] == sorted_s[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    pos = y == 1
    n_pos, n_neg = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def tpr_at_fpr(y: np.ndarray, s: np.ndarray, fpr: float) -> tuple[float, float]:
    """Best TPR with FPR <= fpr, and the threshold that achieves it."""
    neg = np.sort(s[y == 0])[::-1]
    allowed = int(np.floor(fpr * len(neg)))
    # threshold strictly above the (allowed+1)-th highest negative score
    thr = np.nextafter(neg[allowed], 1.0) if allowed < len(neg) else 0.0
    return float((s[y == 1] >= thr).mean()), float(thr)


def rates(rows: Sequence[Row], s: np.ndarray, thr: float) -> dict[str, dict[str, float]]:
    """Per-kind share of rows at or above the threshold (TPR for attacks, FPR for benign)."""
    out: dict[str, dict[str, float]] = {}
    for kind in sorted({r.kind for r in rows}):
        idx = np.array([i for i, r in enumerate(rows) if r.kind == kind])
        out[kind] = {"n": len(idx), "flagged": float((s[idx] >= thr).mean())}
    return out


def summarize(rows: Sequence[Row], s: np.ndarray, thr: float) -> dict:
    y = np.array([r.label for r in rows])
    t1, thr1 = tpr_at_fpr(y, s, 0.01)
    t2, thr2 = tpr_at_fpr(y, s, 0.02)
    t5, thr5 = tpr_at_fpr(y, s, 0.05)
    pred = s >= thr
    return {
        "auc": round(roc_auc(y, s), 4),
        "tpr_at_fpr_1pct": round(t1, 4),
        "tpr_at_fpr_2pct": round(t2, 4),
        "tpr_at_fpr_5pct": round(t5, 4),
        "threshold_fpr_1pct": round(thr1, 4),
        "threshold_fpr_2pct": round(thr2, 4),
        "threshold_fpr_5pct": round(thr5, 4),
        "at_threshold": {
            "threshold": thr,
            "tpr": round(float(pred[y == 1].mean()), 4),
            "fpr": round(float(pred[y == 0].mean()), 4),
        },
        "per_kind": {
            k: {"n": v["n"], "flagged": round(v["flagged"], 4)} for k, v in rates(rows, s, thr).items()
        },
    }


def cv_report(
    rows: list[Row], X: Matrix, cfg: FeatureConfig, p: Params, thr: float = DEFAULT_THRESHOLD
) -> dict:
    """Out-of-fold scores for every dev row and the summary metrics."""
    dev = [i for i, r in enumerate(rows) if r.origin == "dev"]
    combined = np.zeros(len(rows))
    model_only = np.zeros(len(rows))
    rules = RuleSet()
    rules_only_det = Detector(rules, None)
    for _, test, model in cross_val_models(rows, X, cfg, p):
        det = Detector(rules, model)
        for i in test:
            ind = rows[i].role in INDIRECT_ROLES
            sc = det.scan(rows[i].text, indirect=ind, model_weight=0.6 if ind else 1.0)
            combined[i] = sc.score
            model_only[i] = model.score(_canon(rows[i].text))
    rules_only = np.array(
        [rules_only_det.scan(rows[i].text, indirect=rows[i].role in INDIRECT_ROLES).score for i in dev]
    )
    dev_rows = [rows[i] for i in dev]
    return {
        "protocol": f"stratified {p.folds}-fold CV on dev (label x kind), own examples always in training",
        "summary": summarize(dev_rows, combined[dev], thr),
        "model_only": summarize(dev_rows, model_only[dev], 0.5),
        "rules_only": summarize(dev_rows, rules_only, thr),
        "_oof": combined[dev].tolist(),
    }


def _canon(text: str) -> str:
    from filters.canonical import canonicalize

    return canonicalize(text).text


def harmful_flag_rate(path: Path, thr: float) -> dict | None:
    if not path.exists():
        return None
    det = Detector(RuleSet(), load_model())
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    scores = np.array([det.scan(t).score for t in texts])
    return {"n": len(texts), "flagged": round(float((scores >= thr).mean()), 4)}


def probe_report(own: Path) -> dict | None:
    """Blocked share of each probe file under the shipped filter's default config."""
    import asyncio

    from filters.base import Action, BuildContext
    from filters.injection import InjectionConfig, InjectionFilter
    from gateway.exchange import Exchange, Segment

    if not all((own / f).exists() for f in PROBE_FILES):
        return None
    filt = InjectionFilter("injection", InjectionConfig(), BuildContext())

    async def blocked(text: str, role: str) -> bool:
        ex = Exchange(request_id="p", method="POST", path="/v1/chat/completions", headers={}, body=b"")
        ex.texts = [Segment(role, text, ("messages", 0, "content"))]
        return (await filt.on_request(ex)).action is not Action.ALLOW

    out: dict = {}
    for name in PROBE_FILES:
        rows = [json.loads(line) for line in (own / name).open(encoding="utf-8")]
        flags = [asyncio.run(blocked(r["text"], r.get("role", "user"))) for r in rows]
        groups: dict[str, list[bool]] = {"all": flags}
        for r, f in zip(rows, flags, strict=True):
            groups.setdefault(r.get("split", "tune"), []).append(f)
            groups.setdefault("subkind:" + r["subkind"].split("/")[0], []).append(f)
        out[name] = {k: {"n": len(v), "blocked": round(sum(v) / len(v), 3)} for k, v in groups.items()}
        out[name]["_misses"] = [
            r["id"] for r, f in zip(rows, flags, strict=True) if f != (r["label"] == "attack")
        ]
    return out


def own_data_rules(own: Path, thr: float) -> dict:
    """Rules-only rates on our own examples (the model trained on them, so no model here)."""
    rows = load_rows(None, own)
    det = Detector(RuleSet(), None)
    s = np.array([det.scan(r.text, indirect=r.role in INDIRECT_ROLES).score for r in rows])
    return {k: {"n": v["n"], "flagged": round(v["flagged"], 4)} for k, v in rates(rows, s, thr).items()}


def _table(title: str, m: dict) -> list[str]:
    at = m["at_threshold"]
    lines = [
        f"### {title}",
        "",
        "| metric | value |",
        "|---|---|",
        f"| ROC AUC | {m['auc']:.4f} |",
        f"| TPR at FPR <= 1% | {m['tpr_at_fpr_1pct']:.3f} (threshold {m['threshold_fpr_1pct']:.3f}) |",
        f"| TPR at FPR <= 2% | {m['tpr_at_fpr_2pct']:.3f} (threshold {m['threshold_fpr_2pct']:.3f}) |",
        f"| TPR at FPR <= 5% | {m['tpr_at_fpr_5pct']:.3f} (threshold {m['threshold_fpr_5pct']:.3f}) |",
        f"| at threshold {at['threshold']}: TPR / FPR | {at['tpr']:.3f} / {at['fpr']:.3f} |",
        "",
        "| kind | n | flagged at threshold |",
        "|---|---|---|",
    ]
    lines += [f"| {k} | {v['n']} | {v['flagged']:.3f} |" for k, v in m["per_kind"].items()]
    return lines + [""]


def _probe_table(probes: dict) -> list[str]:
    lines = [
        "### Probe sets (hand-written, never trained on; stand-in for held-out data)",
        "",
        "Shipped filter, default config (threshold "
        + str(DEFAULT_THRESHOLD)
        + "), each probe in its own role "
        "(tool / document probes are indirect). Benign: blocked = false-positive rate; attacks: blocked = "
        "detection rate (including `invisible_text`). `check` rows (every third) were not looked at while "
        f"tuning rules. Before = commit {BASELINE_PROBES['commit']} (rules and model before the precision work).",
        "",
        "| probe set | split | n | blocked before | blocked now |",
        "|---|---|---|---|---|",
    ]
    for name in PROBE_FILES:
        base = BASELINE_PROBES[name]
        for split in ("all", "tune", "check"):
            v = probes[name][split]
            lines.append(f"| {name} | {split} | {v['n']} | {base[split]:.3f} | {v['blocked']:.3f} |")
    lines += ["", "| probe set | subkind | n | blocked now |", "|---|---|---|---|"]
    for name in PROBE_FILES:
        for k, v in probes[name].items():
            if k.startswith("subkind:"):
                lines.append(f"| {name} | {k.split(':', 1)[1]} | {v['n']} | {v['blocked']:.3f} |")
    for name in PROBE_FILES:
        misses = probes[name]["_misses"]
        lines += [
            "",
            f"{'False positives' if 'benign' in name else 'Misses'} in {name}: {', '.join(misses) or 'none'}.",
        ]
    return lines + [""]


def write_report(
    report: dict, harmful: dict | None, own: dict, out: Path, elapsed: float, probes: dict | None = None
) -> None:
    lines = [
        "# Injection filter: measured quality",
        "",
        "Generated by `training/evaluate_injection.py`. " + report["protocol"] + ". "
        "Scores come from the full detector (canonicalization + rules + classifier). "
        "Kinds: jailbreak / injection / obfuscated_injection are attacks (flagged = TPR); "
        "benign / hard_negative are benign (flagged = FPR).",
        "",
    ]
    lines += _table("Combined score (what the filter uses)", report["summary"])
    lines += _table("Classifier alone (threshold 0.5)", report["model_only"])
    lines += _table("Rules alone", report["rules_only"])
    if probes:
        lines += _probe_table(probes)
    if harmful:
        lines += [
            "### harmful_dev.jsonl (harmful requests, not injections)",
            "",
            f"Flag rate of the shipped model at threshold {DEFAULT_THRESHOLD}: "
            f"{harmful['flagged']:.3f} of {harmful['n']} (reported only: these are not injections, "
            "so a flag here is neither a hit nor a false positive for this filter).",
            "",
        ]
    lines += [
        "### Our own examples (training/data), rules alone",
        "",
        "The classifier trains on these, so only the untrained rules are measured here.",
        "",
        "| kind | n | flagged |",
        "|---|---|---|",
    ]
    lines += [f"| {k} | {v['n']} | {v['flagged']:.3f} |" for k, v in own.items()]
    lines += ["", f"Evaluation took {elapsed:.0f} s.", ""]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    ap.add_argument("--own", type=Path, default=OWN_DATA)
    ap.add_argument("--harmful", type=Path, default=DEFAULT_HARMFUL)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "injection_eval.md")
    args = ap.parse_args(argv)
    if not args.dev.exists():
        print(f"dev split not found: {args.dev}", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    cfg, p = load_model().cfg, Params()
    rows = load_rows(args.dev, args.own)
    X = featurize([r.text for r in rows], cfg)
    report = cv_report(rows, X, cfg, p)
    harmful = harmful_flag_rate(args.harmful, DEFAULT_THRESHOLD)
    own = own_data_rules(args.own, DEFAULT_THRESHOLD)
    probes = probe_report(args.own)
    write_report(report, harmful, own, args.out, time.perf_counter() - t0, probes)
    print(json.dumps({"summary": report["summary"], "harmful": harmful}, indent=2))
    if probes:
        for name in PROBE_FILES:
            print(name, {k: v for k, v in probes[name].items() if k in ("all", "tune", "check")})
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
