"""training/make_addressed.py: composed indirect injections and their benign twins.

Runs the generator into a temporary file: it must reproduce the committed
training/data/addressed_docs.jsonl byte for byte, with the promised counts per label and
language, every payload inside its text, no duplicate texts and > 1,000 distinct payloads.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from training import make_addressed

COMMITTED = make_addressed.OUT


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("addressed") / "addressed_docs.jsonl"
    make_addressed.main(out)
    return out


@pytest.fixture(scope="module")
def rows(generated: Path) -> list[dict]:
    return [json.loads(line) for line in generated.open(encoding="utf-8")]


def test_deterministic_and_matches_the_committed_file(generated: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.jsonl"
    make_addressed.main(again)
    assert again.read_bytes() == generated.read_bytes()
    if COMMITTED.exists():
        assert COMMITTED.read_bytes() == generated.read_bytes(), "rerun: python training/make_addressed.py"


def test_counts_per_label_and_language(rows: list[dict]) -> None:
    n = make_addressed.N_PER_LABEL
    assert Counter(d["label"] for d in rows) == {"attack": n, "benign": n}
    for label in ("attack", "benign"):
        langs = Counter(d["lang"] for d in rows if d["label"] == label)
        assert set(langs) == set(make_addressed.LANGS)
        assert all(langs[lang] >= 60 for lang in make_addressed.LANGS if lang != "en")
        assert langs["en"] >= 0.4 * n


def test_row_format(rows: list[dict]) -> None:
    keys = {"text", "label", "kind", "subkind", "source", "payload", "lang", "id"}
    for i, d in enumerate(rows):
        assert set(d) == keys
        assert d["id"] == f"addressed:{i}"
        assert d["source"] == "aigw/training/make_addressed.py"
        assert d["subkind"].startswith("addressed/")
        assert d["kind"] == ("indirect" if d["label"] == "attack" else "document")
        assert len(d["text"]) <= 4000


def test_payloads_are_in_their_texts_and_distinct(rows: list[dict]) -> None:
    attacks = [d for d in rows if d["label"] == "attack"]
    assert all(d["payload"] and d["payload"] in d["text"] for d in attacks)
    assert all(d["payload"] == "" for d in rows if d["label"] == "benign")
    assert len({d["payload"] for d in attacks}) > 1000
    # over 300 characters: make_docs.py pools shorter indirect attacks from training/data
    assert min(len(d["text"]) for d in attacks) > 300


def test_no_duplicate_texts(rows: list[dict]) -> None:
    texts = [d["text"] for d in rows]
    assert len(set(texts)) == len(texts)
