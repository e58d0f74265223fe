"""Build a tiny tier-2 injection classifier here, on the CPU, and export it to ONNX.

The tests and the tier-2 cost measurements need a real ONNX classifier with a real
tokenizer.json, and nothing may be downloaded. This is the smallest honest one: a word-level
tokenizer (Hugging Face `tokenizers`) over the project's own training texts and a bag-of-words
logistic model trained with numpy, exported as an ONNX graph with the same interface as a
transformer classifier (`input_ids`, `attention_mask` -> `logits [batch, 2]`). It is not meant
to be accurate; it exercises every path a Prompt Guard 2 export would take.

    python -m training.tier2_tiny OUT_DIR     # writes OUT_DIR/tiny.onnx and OUT_DIR/tokenizer.json
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import orjson

DATA = Path(__file__).resolve().parent / "data"
FILES = (
    "attacks_direct.jsonl",
    "attacks_indirect.jsonl",
    "attacks_multilingual.jsonl",
    "attacks_obfuscated.jsonl",
    "hard_negatives.jsonl",
    "benign_probe.jsonl",
)


def examples() -> tuple[list[str], np.ndarray]:
    texts: list[str] = []
    labels: list[int] = []
    for name in FILES:
        path = DATA / name
        if not path.exists():
            continue
        for line in path.read_bytes().splitlines():
            if line.strip():
                row = orjson.loads(line)
                texts.append(row["text"])
                labels.append(1 if row["label"] == "attack" else 0)
    return texts, np.asarray(labels, dtype=np.float64)


def build_tokenizer(texts: list[str], vocab_size: int = 3000) -> object:
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers

    tok = Tokenizer(models.WordLevel(unk_token="[UNK]"))
    tok.normalizer = normalizers.Sequence([normalizers.NFKC(), normalizers.Lowercase()])
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    trainer = trainers.WordLevelTrainer(vocab_size=vocab_size, special_tokens=["[PAD]", "[UNK]"])
    tok.train_from_iterator(texts, trainer=trainer)
    return tok


def train(ids: list[list[int]], y: np.ndarray, vocab: int, epochs: int = 200, lr: float = 0.5) -> np.ndarray:
    """Logistic regression on token counts (full-batch gradient descent, L2). Returns W[vocab, 2]."""
    x = np.zeros((len(ids), vocab))
    for i, row in enumerate(ids):
        np.add.at(x[i], row, 1.0)
    x /= np.maximum(1.0, x.sum(axis=1, keepdims=True)) ** 0.5
    w = np.zeros(vocab)
    b = 0.0
    for _ in range(epochs):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        g = p - y
        w -= lr * (x.T @ g / len(y) + 1e-4 * w)
        b -= lr * float(g.mean())
    # Two logits per token: class 0 carries the bias split, class 1 the evidence.
    table = np.stack([np.zeros(vocab), w], axis=1)
    table[:, 1] += b / 8.0  # spread the bias over a typical sentence's tokens
    return table.astype(np.float32)


def export_onnx(table: np.ndarray, path: Path) -> None:
    """logits = sum over unmasked tokens of table[token] / sqrt(tokens)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    nodes = [
        helper.make_node("Gather", ["table", "input_ids"], ["emb"], axis=0),  # [b, s, 2]
        helper.make_node("Cast", ["attention_mask"], ["maskf"], to=TensorProto.FLOAT),  # [b, s]
        helper.make_node("Unsqueeze", ["maskf", "axis2"], ["mask3"]),  # [b, s, 1]
        helper.make_node("Mul", ["emb", "mask3"], ["masked"]),
        helper.make_node("ReduceSum", ["masked", "axis1"], ["summed"], keepdims=0),  # [b, 2]
        helper.make_node("ReduceSum", ["maskf", "axis1"], ["count"], keepdims=1),  # [b, 1]
        helper.make_node("Max", ["count", "one"], ["count1"]),
        helper.make_node("Sqrt", ["count1"], ["norm"]),
        helper.make_node("Div", ["summed", "norm"], ["logits"]),
    ]
    graph = helper.make_graph(
        nodes,
        "aigw-tier2-tiny",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "sequence"]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "sequence"]),
        ],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 2])],
        initializer=[
            numpy_helper.from_array(table, "table"),
            numpy_helper.from_array(np.asarray([2], dtype=np.int64), "axis2"),
            numpy_helper.from_array(np.asarray([1], dtype=np.int64), "axis1"),
            numpy_helper.from_array(np.asarray([1.0], dtype=np.float32), "one"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    path.write_bytes(model.SerializeToString())


def build(out_dir: Path) -> tuple[Path, Path]:
    texts, y = examples()
    tok = build_tokenizer(texts)
    ids = [tok.encode(t).ids for t in texts]  # type: ignore[attr-defined]
    vocab = tok.get_vocab_size()  # type: ignore[attr-defined]
    table = train(ids, y, vocab)
    out_dir.mkdir(parents=True, exist_ok=True)
    onnx_path, tok_path = out_dir / "tiny.onnx", out_dir / "tokenizer.json"
    export_onnx(table, onnx_path)
    tok.save(str(tok_path))  # type: ignore[attr-defined]
    return onnx_path, tok_path


if __name__ == "__main__":
    for p in build(Path(sys.argv[1] if len(sys.argv) > 1 else "tier2-tiny")):
        print(p)
