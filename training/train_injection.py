"""Train the injection classifier shipped in filters/injection_model/ (reproducible).

Data: training/data/*.jsonl (hand-written and synthetic, make_data.py / make_docs.py)
and training/data/public/*.jsonl (public sources, fetch_sources.py; training/SOURCES.md).
The development split (../shared/eval/injection_dev.jsonl) is NEVER trained on: it is
scored by the finished detector as one more held-out set. The probe files
(*_probe.jsonl) are evaluation only, too.

Generalization is measured leave-one-source-out (LOSO): for every source, train on all
other sources (and on no synthetic document that embeds the held-out source's text),
score the held-out source with the whole detector (rules + model), report per source and
kind at the shipped threshold. Random splits overstate: near-duplicates from one
source land on both sides.

Model: L2-regularized logistic regression on hashed character n-grams (and optional word
n-grams), fitted by full-batch Adam in numpy with class- and source-balanced weights.
Deterministic (zero init, fixed iterations, fixed order): same data, same weights bit for
bit, and `weights_sha256` in model.json proves it.

Usage:
    python training/train_injection.py              # LOSO report + write the model
    python training/train_injection.py --no-loso    # just write the model (make train)
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from filters.canonical import Canonical, canonicalize, fold  # noqa: E402
from filters.injection_model import (  # noqa: E402
    META_FILE,
    MODEL_DIR,
    WEIGHTS_FILE,
    FeatureConfig,
    InjectionModel,
    sparse_row,
    weights_hash,
)
from filters.injection_regions import MIN_REGION, document_regions, request_without  # noqa: E402

# ../shared/eval/ beside the checkout (or beside the worktrees' parent directory)
DEFAULT_DEV = (
    next(
        (p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()),
        ROOT.parent / "shared",
    )
    / "eval"
    / "injection_dev.jsonl"
)
OWN_DATA = Path(__file__).resolve().parent / "data"
PROBE_SUFFIX = "_probe.jsonl"
_GROUP = {
    "aigw/training/make_data.py": "aigw-handwritten",
    "aigw/training/make_wrappers.py": "aigw-wrappers",
    "aigw/training/make_addressed.py": "aigw-addressed",
}
# Hand-written kinds weighted as a source of their own (source-balanced weights): the ~60
# errands users give an e-mail or calendar assistant ("Forward this to ... please") were
# 60 of 545 benign hand-written rows, too light against 1,500 synthetic documents whose
# hidden payloads are unaddressed errands ("Forward the three latest invoices to ..."):
# the demo's "Forward this to support@example.com please" scored 0.75 (weights d90ec973).
_OWN_GROUP = {"user_errand": "aigw-errands"}


# Groups that count at a fraction of a source's weight. The addressed documents are 2,400
# rows of one template family: at full weight they took so much of the attack class's
# weight from the direct-attack sources that the dev split's jailbreaks near the threshold
# slid under it (caught 0.7177 without them -> 0.6995; 10 attacks at 0.70-0.75 went to
# 0.68-0.70). At 0.5: 0.7049, blocked 0.005 -> 0.0017; at 0.25: 0.7158 / 0.0033. The blind
# docs_test_probe moved by one item either way (0.63-0.64 caught, 0.03 blocked).
GROUP_WEIGHT = {"aigw-addressed": 0.5}


def _origin(source: str, subkind: str) -> str:
    """A row's LOSO group: its source, our own files grouped, some of our kinds apart."""
    if source not in _GROUP:
        return source
    return _OWN_GROUP.get(subkind, _GROUP[source])


@dataclass(frozen=True)
class Params:
    """Training hyperparameters (recorded in model.json)."""

    # 1e-3 until round 8 (LOSO AUC 0.764 vs 0.747 at 1e-4 with the data of round 2). With many
    # writers' data, less regularization generalizes better to writers not trained on: trained
    # without round 8's twelve writers and scored on them (2,331 texts, threshold 0.7), l2 1e-3
    # caught 0.375 and blocked 0.144, 3e-4 0.427 / 0.151, 1e-4 0.468 / 0.161, 3e-5 0.505 / 0.168;
    # at an equal 0.144 blocked, 0.377 / 0.412 / 0.444 / 0.461. The dev split at 0.7: 0.698 /
    # 0.003, 0.712 / 0.003, 0.719 / 0.005, 0.719 / 0.005. 1e-4: most of the gain, half the FP cost.
    # Round 9, the same protocol with its six writers (1,168 texts, never trained on), now read
    # at equal blocked rates since the classifier's offset sets the operating point (caught at
    # offset 0.8 / 0.4 / 0, blocked in brackets): 3e-4 0.391 (0.033) / 0.449 (0.047) / 0.525
    # (0.074); 1e-4 0.467 (0.040) / 0.530 (0.057) / 0.609 (0.075); 3e-5 0.549 (0.054) / 0.602
    # (0.064) / 0.668 (0.084), at offset 1.2 0.488 (0.040); 1e-5 0.602 (0.064) / 0.658 (0.072) /
    # 0.721 (0.094), at offset 1.2 0.542 (0.054). At 0.040 blocked 3e-5 catches 0.02 more than
    # 1e-4, and 1e-5 no more than 3e-5 at 0.054 or 0.064: 3e-5.
    l2: float = 3e-5
    iters: int = 250
    lr: float = 0.05
    source_balance: float = 0.5  # row weight ~ (rows of its source and label) ** -source_balance


@dataclass
class Row:
    text: str
    label: int
    kind: str
    role: str
    origin: str  # LOSO group (source name)
    id: str
    embeds: str = ""
    lang: str = "en"
    subkind: str = ""
    payload: str = ""  # synthetic documents: the inserted attack text


def _read(path: Path) -> list[Row]:
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            src = d.get("source", path.stem)
            out.append(
                Row(
                    text=d["text"],
                    label=1 if d["label"] == "attack" else 0,
                    kind=d.get("kind", ""),
                    role=d.get("role", "user"),
                    origin=_origin(src, d.get("subkind", "")),
                    id=d.get("id", ""),
                    embeds=_GROUP.get(d.get("embeds", ""), d.get("embeds", "")),
                    lang=d.get("lang", "en"),
                    subkind=d.get("subkind", ""),
                    payload=d.get("payload", ""),
                )
            )
    return out


def load_rows(own: Path = OWN_DATA) -> list[Row]:
    """All training rows: our own files, then the public ones (sorted: fixed order)."""
    rows: list[Row] = []
    files = sorted(own.glob("*.jsonl")) + sorted((own / "freeform").glob("*.jsonl"))
    for f in files + sorted((own / "public").glob("*.jsonl")):
        if not f.name.endswith(PROBE_SUFFIX):
            rows += _read(f)
    return rows


def load_eval(path: Path) -> list[Row]:
    return _read(path) if path.exists() else []


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
        self.parts = rows
        self.indptr = np.cumsum([0] + [len(c) for c, _ in rows])
        self.cols = np.concatenate([c for c, _ in rows]).astype(np.int64)
        self.vals = np.concatenate([v for _, v in rows])
        self.row_of = np.repeat(np.arange(len(rows)), np.diff(self.indptr))

    def take(self, idx: np.ndarray) -> Matrix:
        return Matrix([self.parts[i] for i in idx], self.dim)

    def dot(self, w: np.ndarray) -> np.ndarray:
        return np.bincount(self.row_of, weights=self.vals * w[self.cols], minlength=len(self.indptr) - 1)

    def tdot(self, g: np.ndarray) -> np.ndarray:
        return np.bincount(self.cols, weights=self.vals * g[self.row_of], minlength=self.dim)


MAX_WINDOWS = 8  # training windows taken from one long text
MIN_REQUEST = 12  # a request view shorter than this ("\n\n") carries nothing to learn


def instances(r: Row, cfg: FeatureConfig) -> list[tuple[str, int]]:
    """The texts a row trains on, with their labels, shaped like what the model scores at
    run time.

    The model scores a long text as the worst of its windows (`InjectionModel.logit`), so
    a long benign text trains as its windows (every window must look benign), and a
    synthetic document with an inserted attack trains as the window around the attack
    (the rest of the document is benign text, not attack evidence). Encoded payloads
    train on their decoded view, which is what the detector hands the model.

    A user message with a pasted document is not scored whole at run time: the model
    reads the user's request with the document cut out, and each document region on its
    own (`Detector.scan`, filters/injection_regions.py). The request view trains too
    (`_views`).
    """
    c = canonicalize(r.text, with_index=False)
    out = _windows(r, c, cfg.window)
    if r.role == "user" and not (r.payload and "+" in r.subkind):
        out += _views(r, c.text)
    return out


def _windows(r: Row, c: Canonical, w: int) -> list[tuple[str, int]]:
    t, y = c.text, r.label
    if r.payload:
        if "+" in r.subkind:  # encoded: the decoded views carry the attack
            return [(v.text[:w], y) for v in c.views] or [(t[: int(w * 1.5)], y)]
        p = fold(r.payload)
        at = _locate(t, p)
        if at >= 0 and len(t) > w * 1.5:
            lo = max(0, min(at - (w - len(p)) // 2, len(t) - w))
            return [(t[lo : lo + w], y)]
    if len(t) <= w * 1.5:
        return [(t, y)]
    step = w // 2
    starts = list(range(0, len(t) - step, step))
    if len(starts) > MAX_WINDOWS:
        pick = np.linspace(0, len(starts) - 1, MAX_WINDOWS).round().astype(int)
        starts = [starts[i] for i in pick]
    return [(t[a : a + w], y) for a in starts]


def _views(r: Row, t: str) -> list[tuple[str, int]]:
    """The request-alone view of a user message with a pasted document, where its label
    is known: in a benign row it is benign, and in an attack row whose inserted payload
    lies inside a pasted region the request is benign too (the attack is the document's).
    An attack row without a known payload position adds none: its attack may sit in the
    request.

    Why: the detector scores such a message's request alone (`Detector.scan`), but the
    model had only seen requests glued to their documents. "Translate the following
    instructions into Spanish." scored 0.81 alone and blocked every document pasted after
    it. With request views (weights of 2026-12-06, evening; /tmp experiment): 0.62, the
    blind docs_test_probe 0.62 / 0.05 -> 0.63 / 0.03 (caught / blocked), the dev split
    0.7213 / 0.0067 -> 0.7177 / 0.005; held out (LOSO) aigw-wrappers blocked 0.100 ->
    0.071, tau-bench 0.050 -> 0.047, for agentdojo 0.693 -> 0.688 caught and aigw-wrappers
    0.707 -> 0.677. The regions themselves were tried as views too (benign regions as
    benign, the payload's region as attack): docs_probe caught 0.825 -> 0.775 and the blind
    set's documents blocked 0.039 -> 0.059 against request views alone, so they are not."""
    # Regions of MIN_REGION characters and more, as these views were measured with: the short
    # CJK regions that screening judges since 2026-12-07 (MIN_REGION_DENSE) change what the
    # detector reads, not what the classifier learned from (the folds' cache stays valid).
    regions = [g for g in document_regions(t) if len(g) >= MIN_REGION]
    if not regions:
        return []
    if r.label == 1:
        if not r.payload:
            return []
        p = fold(r.payload)
        if not any(_locate(g, p) >= 0 for g in regions):
            return []
    request = request_without(t, regions)
    return [(request, 0)] if len(request.strip()) >= MIN_REQUEST else []


def _locate(text: str, payload: str) -> int:
    """Where the inserted payload starts in the folded text, or -1. Carriers may re-wrap it
    (a YAML dump folds long strings across lines, quotes double): its first words are
    matched with any run of whitespace and quote characters between them."""
    at = text.find(payload[:60])
    if at >= 0:
        return at
    words = payload.split()[:8]
    if len(words) < 3:
        return -1
    m = re.search(r"[\s'\"]+".join(map(re.escape, words)), text)
    return m.start() if m else -1


class Data:
    """Training instances (windows) of the rows, and the row each came from."""

    def __init__(self, rows: Sequence[Row], cfg: FeatureConfig) -> None:
        parts, owner, labels = [], [], []
        for i, r in enumerate(rows):
            for t, y in instances(r, cfg):
                parts.append(sparse_row(t, cfg))
                owner.append(i)
                labels.append(y)
        self.X = Matrix(parts, 1 << cfg.bits)
        self.owner = np.array(owner)
        self.y = np.array(labels, dtype=float)


def featurize(rows: Sequence[Row], cfg: FeatureConfig) -> Data:
    return Data(rows, cfg)


def row_weights(rows: Sequence[Row], p: Params) -> np.ndarray:
    """Class-balanced weights, damped per (source, label) so big sources do not dominate."""
    y = np.array([r.label for r in rows])
    counts: dict[tuple[str, int], int] = {}
    for r in rows:
        counts[(r.origin, r.label)] = counts.get((r.origin, r.label), 0) + 1
    w = np.array(
        [counts[(r.origin, r.label)] ** -p.source_balance * GROUP_WEIGHT.get(r.origin, 1.0) for r in rows]
    )
    for lab in (0, 1):
        m = y == lab
        if m.any():
            w[m] *= 0.5 / w[m].sum()
    return w


def fit(X: Matrix, y: np.ndarray, sw: np.ndarray, p: Params) -> tuple[np.ndarray, float]:
    """Weighted, L2-regularized logistic regression by full-batch Adam (deterministic)."""
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


def train(rows: Sequence[Row], X: Data, cfg: FeatureConfig, p: Params, idx: np.ndarray | None = None):
    """Fit on the instances of rows `idx` (all rows by default); a row's weight is shared
    by its instances."""
    if idx is None:
        idx = np.arange(len(rows))
    rw = np.zeros(len(rows))
    rw[idx] = row_weights([rows[i] for i in idx], p)
    inst = np.flatnonzero(rw[X.owner] > 0)
    per_row = np.bincount(X.owner[inst], minlength=len(rows))
    sw = rw[X.owner[inst]] / per_row[X.owner[inst]]
    w, b = fit(X.X.take(inst), X.y[inst], sw, p)
    return InjectionModel(w, b, cfg, {})


def data_key(X: Data, cfg: FeatureConfig, p: Params) -> bytes:
    """What every fold's weights depend on: the featurized instances (so any change to the
    data, canonicalization, regions or features shows), the feature config and the fit
    parameters. Hashed once per run, not once per fold."""
    h = hashlib.sha256()
    for a in (X.X.cols, X.X.vals, X.X.indptr, X.owner, X.y):
        h.update(np.ascontiguousarray(a).tobytes())
    h.update(repr((cfg, p, sorted(GROUP_WEIGHT.items()))).encode())
    return h.digest()


def fold_key(data: bytes, train_idx: np.ndarray) -> str:
    """A fold's key: `data_key` and the rows it trains on. Training is deterministic, so
    equal keys mean bit-identical weights."""
    h = hashlib.sha256(data)
    h.update(np.asarray(train_idx, dtype=np.int64).tobytes())
    return h.hexdigest()


def _fold_train_idx(rows: Sequence[Row], src: str) -> np.ndarray:
    """The rows a fold trains on: every other source, and no row that embeds `src`'s text."""
    return np.array([i for i, r in enumerate(rows) if r.origin != src and r.embeds != src])


def _fold_model(
    rows: Sequence[Row], X: Data, cfg: FeatureConfig, p: Params, cache: Path, data: bytes, src: str
) -> InjectionModel:
    """The fold without `src`: its weights from `cache`, or trained and written there
    (atomically, under a per-process name: parallel fillers may write the same fold)."""
    train_idx = _fold_train_idx(rows, src)
    path = cache / f"fold-{fold_key(data, train_idx)[:32]}.npz"
    if path.exists():
        with np.load(path) as z:
            return InjectionModel(z["w"], float(z["b"]), cfg, {})
    model = train(rows, X, cfg, p, train_idx)
    cache.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp.npz")
    np.savez(tmp, w=model.w, b=np.float64(model.bias))
    tmp.replace(path)
    return model


# What forked fold fillers work on (rows, X, cfg, p, cache, data): inherited, not pickled.
_FORK_STATE: tuple | None = None


def _fill_fold(src: str) -> str:
    assert _FORK_STATE is not None
    _fold_model(*_FORK_STATE, src)
    return src


def fill_fold_cache(
    rows: Sequence[Row], X: Data, cfg: FeatureConfig, p: Params, cache: Path, jobs: int
) -> None:
    """Train the folds missing from `cache` in `jobs` processes (forked: the featurized data
    is shared, not pickled per fold). Each fold trains single-threaded, so on this 2-core
    machine two jobs take the 37 folds of 2026-12-07 from ~90 to ~50 minutes."""
    import multiprocessing

    global _FORK_STATE
    _FORK_STATE = (rows, X, cfg, p, cache, data_key(X, cfg, p))
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            for src in pool.imap_unordered(_fill_fold, sorted({r.origin for r in rows})):
                print(f"fold trained: {src}", flush=True)
    finally:
        _FORK_STATE = None


def loso_models(rows: Sequence[Row], X: Data, cfg: FeatureConfig, p: Params, cache: Path | None = None):
    """Yield (source, test indices, model trained without that source).

    With `cache`, each fold's weights are kept there under `fold_key`, and a later run with
    the same data and parameters loads them instead of training: a change to the rules or
    to how scores combine (which training does not see) is re-measured in minutes, not the
    35-50 of 22 trainings."""
    data = data_key(X, cfg, p) if cache is not None else b""
    for src in sorted({r.origin for r in rows}):
        test = np.array([i for i, r in enumerate(rows) if r.origin == src])
        if cache is None:
            yield src, test, train(rows, X, cfg, p, _fold_train_idx(rows, src))
        else:
            yield src, test, _fold_model(rows, X, cfg, p, cache, data, src)


def write_model(model: InjectionModel, p: Params, rows: list[Row], metrics: dict, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    w, b, cfg = model.w, model.bias, model.cfg
    np.savez_compressed(out / WEIGHTS_FILE, w=w.astype(np.float32), b=np.asarray([b], dtype=np.float32))
    sources: dict[str, dict[str, int]] = {}
    for r in rows:
        s = sources.setdefault(r.origin, {"attack": 0, "benign": 0})
        s["attack" if r.label else "benign"] += 1
    digest = weights_hash(w, b)
    if not metrics and (out / META_FILE).exists():  # `make train` skips LOSO: same weights keep their report
        old = json.loads((out / META_FILE).read_text(encoding="utf-8"))
        if old.get("weights_sha256") == digest:
            metrics = old.get("metrics", {})
    meta = {
        "model": "hashed n-gram logistic regression",
        "features": cfg.to_json(),
        "params": p.__dict__,
        "data_sha256": data_hash(rows),
        "data_rows": {
            "attack": sum(r.label for r in rows),
            "benign": sum(1 - r.label for r in rows),
            "sources": dict(sorted(sources.items())),
        },
        "weights_sha256": digest,
        "metrics": metrics,
    }
    (out / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return meta


def params_from(items: Sequence[str]) -> Params:
    """The default Params with NAME=VALUE overrides (`--param`, for experiments)."""
    overrides: dict[str, float | int] = {}
    default = Params()
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or name not in Params.__dataclass_fields__:
            raise ValueError(
                f"{item!r}: want NAME=VALUE, NAME one of {', '.join(Params.__dataclass_fields__)}"
            )
        overrides[name] = type(getattr(default, name))(value)
    return dataclasses.replace(default, **overrides)  # type: ignore[arg-type]


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--own", type=Path, default=OWN_DATA, help="training data directory")
    ap.add_argument("--out", type=Path, default=MODEL_DIR, help="where to write weights + model.json")
    ap.add_argument("--no-loso", action="store_true", help="skip the LOSO report")
    ap.add_argument("--loso-only", action="store_true", help="LOSO report only, write no model")
    ap.add_argument("--variants", action="store_true", help="LOSO also scores other detector settings")
    ap.add_argument("--report", type=Path, default=ROOT / "bench" / "results" / "injection_loso.json")
    ap.add_argument(
        "--fold-cache",
        type=Path,
        default=None,
        help="keep each LOSO fold's weights here and reuse them while data and parameters are unchanged",
    )
    ap.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="with --fold-cache: train the missing LOSO folds in this many processes first",
    )
    ap.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a training parameter for an experiment (e.g. l2=3e-4); model.json records it",
    )
    args = ap.parse_args(argv)

    try:
        p = params_from(args.param)
    except ValueError as e:
        ap.error(f"--param: {e}")
    cfg = FeatureConfig()
    rows = load_rows(args.own)
    if not rows:
        print("no training data found", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    X = featurize(rows, cfg)
    print(f"{len(rows)} rows featurized in {time.perf_counter() - t0:.1f}s", flush=True)
    metrics: dict = {}
    if not args.no_loso:
        from training.evaluate_injection import loso_report  # shared with the evaluation script

        if args.fold_cache is not None and args.jobs > 1:
            fill_fold_cache(rows, X, cfg, p, args.fold_cache, args.jobs)

        metrics = loso_report(rows, X, cfg, p, args.report, variants_too=args.variants, cache=args.fold_cache)
    if args.loso_only:
        return 0
    t0 = time.perf_counter()
    model = train(rows, X, cfg, p)
    meta = write_model(model, p, rows, metrics, args.out)
    print(
        f"trained in {time.perf_counter() - t0:.1f}s; wrote {args.out / WEIGHTS_FILE} "
        f"weights_sha256={meta['weights_sha256'][:16]}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
