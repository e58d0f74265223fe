"""Train the injection classifier shipped in filters/injection_model/ (reproducible).

Data: the dev split (`../shared/eval/injection_dev.jsonl`, or --dev) plus our own
examples in training/data/*.jsonl. Texts are canonicalized exactly as the filter does
before featurization, so the model learns on what it will see at run time.

Model: L2-regularized logistic regression on hashed character/word n-grams, fitted by
full-batch Adam in numpy with balanced class weights. Everything is deterministic (no
random init, fixed iteration count, fixed data order), so the same data gives the same
weights bit for bit, and `weights_sha256` in model.json proves it.

Usage:
    python training/train_injection.py            # CV report + write the model
    python training/train_injection.py --cv-only  # CV report only
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from filters.canonical import canonicalize  # noqa: E402
from filters.injection_model import (  # noqa: E402
    META_FILE,
    MODEL_DIR,
    WEIGHTS_FILE,
    FeatureConfig,
    InjectionModel,
    sparse_row,
    weights_hash,
)

DEFAULT_DEV = ROOT.parent / "shared" / "eval" / "injection_dev.jsonl"
OWN_DATA = Path(__file__).resolve().parent / "data"
# Probe sets (make_probes.py) stand in for held-out data: evaluation only, never trained on.
PROBE_SUFFIX = "_probe.jsonl"


@dataclass(frozen=True)
class Params:
    """Training hyperparameters (recorded in model.json)."""

    l2: float = 3e-4
    iters: int = 300
    lr: float = 0.05
    folds: int = 5
    seed: int = 13  # fold assignment only


@dataclass
class Row:
    text: str
    label: int
    kind: str
    role: str
    origin: str  # "dev" or "own"
    id: str


def load_rows(dev: Path | None, own: Path | None = OWN_DATA) -> list[Row]:
    rows: list[Row] = []
    if dev is not None and dev.exists():
        rows += _read(dev, "dev")
    if own is not None:
        for f in sorted(own.glob("*.jsonl")):
            if not f.name.endswith(PROBE_SUFFIX):
                rows += _read(f, "own")
    return rows


def _read(path: Path, origin: str) -> list[Row]:
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            out.append(
                Row(
                    text=d["text"],
                    label=1 if d["label"] == "attack" else 0,
                    kind=d.get("kind", ""),
                    role=d.get("role", "user"),
                    origin=origin,
                    id=d.get("id", ""),
                )
            )
    return out


def data_hash(rows: Sequence[Row]) -> str:
    """SHA-256 over (label, text) of the training rows in order."""
    h = hashlib.sha256()
    for r in rows:
        h.update(f"{r.label}\t{r.text}\n".encode())
    return h.hexdigest()


class Matrix:
    """A CSR matrix built from per-row (indices, values) pairs."""

    def __init__(self, rows: list[tuple[np.ndarray, np.ndarray]], dim: int) -> None:
        self.dim = dim
        self.indptr = np.cumsum([0] + [len(c) for c, _ in rows])
        self.cols = np.concatenate([c for c, _ in rows]).astype(np.int64)
        self.vals = np.concatenate([v for _, v in rows])
        self.row_of = np.repeat(np.arange(len(rows)), np.diff(self.indptr))

    def take(self, idx: np.ndarray) -> Matrix:
        parts = [
            (self.cols[self.indptr[i] : self.indptr[i + 1]], self.vals[self.indptr[i] : self.indptr[i + 1]])
            for i in idx
        ]
        return Matrix(parts, self.dim)

    def dot(self, w: np.ndarray) -> np.ndarray:
        return np.bincount(self.row_of, weights=self.vals * w[self.cols], minlength=len(self.indptr) - 1)

    def tdot(self, g: np.ndarray) -> np.ndarray:
        return np.bincount(self.cols, weights=self.vals * g[self.row_of], minlength=self.dim)


def featurize(texts: Sequence[str], cfg: FeatureConfig) -> Matrix:
    return Matrix([sparse_row(canonicalize(t).text, cfg) for t in texts], 1 << cfg.bits)


def fit(X: Matrix, y: np.ndarray, p: Params) -> tuple[np.ndarray, float]:
    """Balanced, L2-regularized logistic regression by full-batch Adam (deterministic)."""
    n = len(y)
    pos = max(1, int(y.sum()))
    sw = np.where(y == 1, n / (2.0 * pos), n / (2.0 * max(1, n - pos))) / n
    w = np.zeros(X.dim)
    b = 0.0
    m_w = np.zeros(X.dim)
    v_w = np.zeros(X.dim)
    m_b = v_b = 0.0
    b1, b2, eps = 0.9, 0.999, 1e-8
    for t in range(1, p.iters + 1):
        z = X.dot(w) + b
        prob = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        g = sw * (prob - y)
        gw = X.tdot(g) + p.l2 * w
        gb = float(g.sum())
        m_w = b1 * m_w + (1 - b1) * gw
        v_w = b2 * v_w + (1 - b2) * gw * gw
        m_b = b1 * m_b + (1 - b1) * gb
        v_b = b2 * v_b + (1 - b2) * gb * gb
        lr = p.lr * np.sqrt(1 - b2**t) / (1 - b1**t)
        w -= lr * m_w / (np.sqrt(v_w) + eps)
        b -= lr * m_b / (np.sqrt(v_b) + eps)
    return w.astype(np.float32), float(np.float32(b))


def stratified_folds(rows: Sequence[Row], k: int, seed: int) -> np.ndarray:
    """Fold number per dev row, balanced within each (label, kind) stratum."""
    rng = np.random.default_rng(seed)
    fold = np.zeros(len(rows), dtype=int)
    strata: dict[tuple[int, str], list[int]] = {}
    for i, r in enumerate(rows):
        strata.setdefault((r.label, r.kind), []).append(i)
    for key in sorted(strata):
        idx = np.array(strata[key])
        rng.shuffle(idx)
        fold[idx] = np.arange(len(idx)) % k
    return fold


def cross_val_models(rows: list[Row], X: Matrix, cfg: FeatureConfig, p: Params):
    """Yield (fold, test indices, model) with the model trained without that fold's dev rows.

    Our own examples are always in training; dev rows are split by stratified folds, so a
    dev row is never scored by a model that saw it.
    """
    dev_idx = np.array([i for i, r in enumerate(rows) if r.origin == "dev"])
    own_idx = np.array([i for i, r in enumerate(rows) if r.origin != "dev"], dtype=int)
    y = np.array([r.label for r in rows], dtype=float)
    fold = stratified_folds([rows[i] for i in dev_idx], p.folds, p.seed)
    for f in range(p.folds):
        test = dev_idx[fold == f]
        train = np.concatenate([dev_idx[fold != f], own_idx])
        w, b = fit(X.take(train), y[train], p)
        yield f, test, InjectionModel(w, b, cfg, {})


def write_model(
    w: np.ndarray, b: float, cfg: FeatureConfig, p: Params, rows: list[Row], metrics: dict, out: Path
) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / WEIGHTS_FILE, w=w.astype(np.float32), b=np.asarray([b], dtype=np.float32))
    meta = {
        "model": "hashed n-gram logistic regression",
        "features": cfg.to_json(),
        "params": p.__dict__,
        "data_sha256": data_hash(rows),
        "data_rows": {
            "dev": sum(r.origin == "dev" for r in rows),
            "own": sum(r.origin == "own" for r in rows),
            "attack": sum(r.label for r in rows),
            "benign": sum(1 - r.label for r in rows),
        },
        "weights_sha256": weights_hash(w, b),
        "metrics": metrics,
    }
    (out / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return meta


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="dev split JSONL")
    ap.add_argument("--own", type=Path, default=OWN_DATA, help="directory of our own JSONL examples")
    ap.add_argument("--out", type=Path, default=MODEL_DIR, help="where to write weights + model.json")
    ap.add_argument("--cv-only", action="store_true", help="report cross-validation, write nothing")
    ap.add_argument("--no-cv", action="store_true", help="skip cross-validation (metrics left empty)")
    args = ap.parse_args(argv)

    cfg, p = FeatureConfig(), Params()
    rows = load_rows(args.dev, args.own)
    if not rows:
        print("no training data found", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    X = featurize([r.text for r in rows], cfg)
    y = np.array([r.label for r in rows], dtype=float)
    print(f"{len(rows)} rows featurized in {time.perf_counter() - t0:.1f}s")
    metrics: dict = {}
    if not args.no_cv and any(r.origin == "dev" for r in rows):
        from training.evaluate_injection import cv_report  # shared with the evaluation script

        metrics = cv_report(rows, X, cfg, p)
        metrics.pop("_oof", None)
        print(json.dumps(metrics["summary"], indent=2))
    if args.cv_only:
        return 0
    w, b = fit(X, y, p)
    meta = write_model(w, b, cfg, p, rows, metrics, args.out)
    print(f"wrote {args.out / WEIGHTS_FILE} weights_sha256={meta['weights_sha256'][:16]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
