"""The learned half of the injection detector: hashed n-gram logistic regression in numpy.

Why this shape: it must load in well under a second, score a message in tens of
microseconds, run without torch or a model hub, and generalize beyond the texts it was
trained on. Character n-grams (3-5) of the canonicalized text carry the signal and are
robust to spelling variants and unseen phrasings. Word n-grams are supported by the
feature code but off in the shipped model: cross-validation showed no gain, at twice the
cost. Features are hashed into a fixed table (no vocabulary to ship), and
the whole feature pipeline is vectorized: a text becomes an array of code points, n-gram
hashes are polynomial rolls over shifted views of that array, and the score is a sum of
gathered weights. No Python loop runs per character or per word.

The weights file holds one float32 vector plus a bias; `model.json` next to it records
the feature settings, the training data hash, the weights hash and the CV metrics, and
is read back so training and inference can never disagree on the feature layout.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

try:  # the C scorer (setup.py builds it; optional): ~10x less CPU than the numpy code
    from filters.injection_model._ngram import logit as _c_logit
except ImportError:  # pragma: no cover - exercised where no compiler was available
    _c_logit = None

MODEL_DIR = Path(__file__).parent
WEIGHTS_FILE = "weights.npz"
META_FILE = "model.json"

# 32-bit multiplicative hashing: a polynomial roll over the code points, then one multiply
# by an odd constant whose top bits become the table index. Cheap and well spread.
_P = np.uint32(0x01000193)  # FNV-32 prime: the base of the rolling hash
_M = np.uint32(0x9E3779B1)  # golden-ratio multiplier (Knuth's multiplicative hashing)
_POS = ((np.arange(1, 33, dtype=np.uint64) * 0x85EBCA77) % (1 << 32)).astype(np.uint32) | np.uint32(1)
_SALTS = {n: np.uint32((n * 0x27D4EB2F) % (1 << 32)) for n in range(1, 20)}

# Which code points belong to words: ASCII letters, digits, apostrophe; all non-ASCII.
_ASCII_WORD = np.zeros(128, dtype=bool)
for _c in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'":
    _ASCII_WORD[ord(_c)] = True


@dataclass(frozen=True, slots=True)
class FeatureConfig:
    """Feature layout. Stored in model.json; the loader refuses a mismatch."""

    bits: int = 18
    char_ngrams: tuple[int, ...] = (3, 4, 5)
    word_ngrams: tuple[int, ...] = (1, 2)
    alpha: float = 0.5  # per-group normalization: sum of weights / count**alpha
    window: int = 512  # texts longer than 1.5 windows are scored per window (worst counts)

    def to_json(self) -> dict[str, Any]:
        return {
            "bits": self.bits,
            "char_ngrams": list(self.char_ngrams),
            "word_ngrams": list(self.word_ngrams),
            "alpha": self.alpha,
            "window": self.window,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> FeatureConfig:
        return cls(
            bits=int(d["bits"]),
            char_ngrams=tuple(d["char_ngrams"]),
            word_ngrams=tuple(d["word_ngrams"]),
            alpha=float(d["alpha"]),
            window=int(d["window"]),
        )


def _codes(text: str) -> np.ndarray:
    if text.isascii():
        return np.frombuffer(text.encode("ascii"), dtype=np.uint8).astype(np.uint32)
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).copy()


def _index(h: np.ndarray, salt: np.uint32, shift: np.uint32) -> np.ndarray:
    return ((h + salt) * _M) >> shift


def feature_groups(text: str, cfg: FeatureConfig) -> list[np.ndarray]:
    """Hashed feature indices of a folded text, one array per n-gram group (with repeats)."""
    c = _codes(f" {text} ")
    shift = np.uint32(32 - cfg.bits)
    groups: list[np.ndarray] = []
    h = c
    for n in range(1, max(cfg.char_ngrams, default=0) + 1):
        if n > 1:
            if len(h) < 2:
                break
            h = h[:-1] * _P + c[n - 1 :]
        if n in cfg.char_ngrams:
            groups.append(_index(h, _SALTS[n], shift))
    if cfg.word_ngrams:
        groups.extend(_word_groups(c, cfg, shift))
    return groups


def _word_groups(c: np.ndarray, cfg: FeatureConfig, shift: np.uint32) -> list[np.ndarray]:
    small = c < 128
    isword = np.ones(len(c), dtype=bool)
    isword[small] = _ASCII_WORD[c[small]]
    starts = np.flatnonzero(isword[1:] & ~isword[:-1]) + 1  # c[0] is a space
    if len(starts) == 0:
        return [np.zeros(0, dtype=np.uint32) for _ in cfg.word_ngrams]
    # Word hash = sum of code point * multiplier of its position in the word. The
    # position comes from the word's start index carried forward over its characters.
    marker = np.zeros(len(c), dtype=np.int64)
    marker[starts] = starts
    pos = np.arange(len(c)) - np.maximum.accumulate(marker)
    np.minimum(pos, len(_POS) - 1, out=pos)
    contrib = c * _POS[pos]
    contrib[~isword] = 0
    words = np.add.reduceat(contrib, starts, dtype=np.uint32) * _M
    out: list[np.ndarray] = []
    for n in cfg.word_ngrams:
        if len(words) < n:
            out.append(np.zeros(0, dtype=np.uint32))
            continue
        h = words[: len(words) - n + 1]
        for k in range(1, n):
            h = h * _P + words[k : len(words) - n + 1 + k]
        out.append(_index(h, _SALTS[10 + n], shift))
    return out


def sparse_row(text: str, cfg: FeatureConfig) -> tuple[np.ndarray, np.ndarray]:
    """(indices, values) of one text's feature vector, duplicates summed (for training)."""
    cols, vals = [], []
    for g in feature_groups(text, cfg):
        if len(g) == 0:
            continue
        u, cnt = np.unique(g, return_counts=True)
        cols.append(u.astype(np.int64))
        vals.append(cnt / len(g) ** cfg.alpha)
    if not cols:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    return np.concatenate(cols), np.concatenate(vals)


class InjectionModel:
    """Loaded weights plus the feature layout; `score(text)` -> probability of an attack."""

    def __init__(self, weights: np.ndarray, bias: float, cfg: FeatureConfig, meta: dict[str, Any]):
        self.w = np.ascontiguousarray(weights, dtype=np.float32)
        self.bias = float(bias)
        self.cfg = cfg
        self.meta = meta
        self._char_mask = sum(1 << n for n in cfg.char_ngrams)
        self._word_mask = sum(1 << n for n in cfg.word_ngrams)
        fits_c = cfg.bits <= 30 and max((*cfg.char_ngrams, 0)) <= 16 and max((*cfg.word_ngrams, 0)) <= 9
        self._c_logit = _c_logit if fits_c else None

    @classmethod
    def load(cls, directory: Path | str = MODEL_DIR) -> InjectionModel:
        directory = Path(directory)
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
        with np.load(directory / WEIGHTS_FILE) as z:
            w, b = z["w"], float(z["b"][0])
        cfg = FeatureConfig.from_json(meta["features"])
        if len(w) != 1 << cfg.bits:
            raise ValueError(f"weights have {len(w)} entries, features expect {1 << cfg.bits}")
        digest = weights_hash(w, b)
        if meta.get("weights_sha256") and meta["weights_sha256"] != digest:
            raise ValueError("injection model weights do not match model.json (weights_sha256)")
        return cls(w, b, cfg, meta)

    @property
    def version(self) -> str:
        return str(self.meta.get("weights_sha256", "unknown"))[:12]

    def logit(self, text: str) -> float:
        """Linear score of the text; for long texts, of its worst window.

        Texts longer than 1.5 windows (with the two padding spaces) are scored as windows
        of `window` characters every `window / 2`, the shape training uses
        (training/train_injection.py `instances`), and the worst window counts: one
        instruction hidden in a long document is not diluted by the text around it.
        """
        if self._c_logit is not None:
            return self._c_logit(
                text, self.w, self.cfg.bits, self._char_mask, self._word_mask,
                self.cfg.alpha, self.cfg.window, self.bias,
            )  # fmt: skip
        return self._numpy_logit(text)

    def _numpy_logit(self, text: str) -> float:
        """`logit` in numpy: the reference the C extension is tested against, and the
        fallback where it is not built."""
        size = self.cfg.window
        if len(text) + 2 <= size * 1.5:
            return self._window_logit(text)
        step = size // 2
        return max(self._window_logit(text[a : a + size]) for a in range(0, len(text) - step, step))

    def _window_logit(self, text: str) -> float:
        total = self.bias
        for g in feature_groups(text, self.cfg):
            if len(g):
                total += float(self.w[g].sum(dtype=np.float64)) / len(g) ** self.cfg.alpha
        return total

    def score(self, text: str, offset: float = 0.0) -> float:
        """Attack probability in [0, 1]; `offset` is subtracted from the logit first (the
        detector's `model_offset`: it moves the classifier's operating point)."""
        return _sigmoid(self.logit(text) - offset)


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def weights_hash(w: np.ndarray, b: float) -> str:
    """SHA-256 over the float32 weights and bias: same training data -> same hash."""
    h = hashlib.sha256()
    h.update(np.ascontiguousarray(w, dtype=np.float32).tobytes())
    h.update(np.asarray([b], dtype=np.float32).tobytes())
    return h.hexdigest()
