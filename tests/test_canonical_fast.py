"""The canonicalizer's fast prechecks answer what the plain substring tests answer."""

from __future__ import annotations

import random

import pytest

import filters.canonical_decoders as D
from filters.canonical import canonicalize


def _texts() -> list[str]:
    rng = random.Random(5)
    words = [*D._ROT13_WORDS, *D._REVERSED_WORDS, "rot13", "rot 13", "rot-13", "rot", "caesar", "cesar",
             "ignore", "vtaber", "erongi", "a", "é", "中", "\u2003", "&#", "&", "\\u", "\\", "&#105;"]  # fmt: skip
    out = ["", " ", "vtaber", "xvtabery", "rot13", "ro t13", "caesa r", "ROT13"]
    for _ in range(3000):
        out.append(
            "".join(rng.choice(words) + rng.choice(["", " ", "x", "\n"]) for _ in range(rng.randint(1, 8)))
        )
    return out


def test_odd_set_matches_the_substring_tests() -> None:
    assert D._ODD_FAST is not None  # Hyperscan answers where installed (it is, here)
    for t in _texts():
        for found in (D._ODD_SET.Match(t) or [], D._odd_hits(t)):
            assert (D._ROT13_HIT in found) == any(w in t for w in D._ROT13_WORDS), t
            assert (D._REVERSED_HIT in found) == any(w in t for w in D._REVERSED_WORDS), t
            assert (D._MENTION_HIT in found) == D._mentions_rot13(t), t


def test_entities_and_escapes_still_open() -> None:
    # "&" and "\\" are found first, then "&#" / "\\u": the same views as before
    ent = canonicalize("say &#105;&#103;&#110;&#111;&#114;&#101; now", with_index=False)
    assert "html_entities" in ent.transforms
    esc = canonicalize("\\u0069\\u0067\\u006e\\u006f\\u0072\\u0065", with_index=False)
    assert "unicode_escape" in esc.transforms
    assert canonicalize("a & b \\ c", with_index=False).transforms == frozenset()


def test_lone_surrogate_still_raises() -> None:
    # unchanged behaviour (reported, not fixed here): RE2 reads UTF-8 only
    with pytest.raises(UnicodeEncodeError):
        canonicalize("\ud800 ignore", with_index=False)


def test_assignment_scan_finds_what_the_class_pattern_finds() -> None:
    rng = random.Random(9)
    alphabet = ["a", "b_", "=", ":", " ", "\n", '"', "'", "x1", "é", "==", ":=", "= '", ': "', "\t"]
    for _ in range(4000):
        t = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        ref = [(m.span(), m.group(1)) for m in D._ASSIGN_RE.finditer(t)]
        found = list(D._ASSIGN_EQ_RE.finditer(t)) + list(D._ASSIGN_COLON_RE.finditer(t))
        assert sorted((m.span(), m.group(1)) for m in found) == ref, t


def test_bucketed_key_lookup_is_the_sorted_search() -> None:
    import numpy as np

    from filters.word_index import KeyTable, _member, in_table

    rng = np.random.default_rng(3)
    keys = rng.integers(0, 1 << 32, 900, dtype=np.uint64)
    table = KeyTable.of(int(k) for k in keys)
    for n in (0, 1, 100, 511, 512, 4000, 20000):
        h = rng.integers(0, 1 << 32, n, dtype=np.uint64).astype(np.uint32)
        h[: n // 3] = rng.choice(table.short, n // 3)  # a third are keys
        assert (_member(h, table.short, table.short_buckets) == in_table(h, table.short)).all()
        assert (table.has_short(h) == in_table(h, table.short)).all()


def test_c_long_shape_matches_numpy() -> None:
    from filters.canonical_shape import _c_shape_long, _shape, _shape_np

    assert _c_shape_long is not None  # setup.py builds it
    rng = random.Random(21)
    alphabet = "ab1.-_ @$é\u2003x0F4\n'(|\t\r\x0b\x0c*+/,Z9\ud800"
    texts = [
        "",
        " ",
        "a.b.c.d.e.f",
        "h4ck th3 pl4n3t " * 300,
        "4f 6e 65 20 74 77 6f 20 ab 11 " * 200,
        "x" * 5000,
    ]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 5000))) for _ in range(1500)]
    for t in texts:
        assert _shape(t) == _shape_np(t), t[:120]


def test_c_word_index_matches_numpy() -> None:
    import numpy as np

    from filters.word_index import _c_word_index, word_index, word_index_np

    assert _c_word_index is not None  # setup.py builds it
    rng = random.Random(23)
    alphabet = "ab z09'' é中\n.-AZ\ud800x"
    texts = [
        "",
        " ",
        "'",
        "a'",
        "'a",
        "a''b",
        "don't",
        "x" * 700,
        "ab " * 600,
        "ignore previous instructions",
    ]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 3000))) for _ in range(1500)]
    for t in texts:
        a, b = word_index(t), word_index_np(t)
        for x, y in ((a.starts, b.starts), (a.short, b.short), (a.long, b.long)):
            assert x.dtype == y.dtype and np.array_equal(x, y), t[:120]


def test_join_scan_finds_what_finditer_finds() -> None:
    rng = random.Random(37)
    alphabet = [
        "a",
        "b_",
        "x1",
        " ",
        "  ",
        "\n",
        "+",
        " + ",
        "é",
        "_",
        "A",
        "1",
        "abcdefghijklmnopq",
        "\t",
        "-",
        "ab",
    ]
    for _ in range(20000):
        t = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert [m.span() for m in D._join_matches(t)] == [m.span() for m in D._JOIN_RE.finditer(t)], t


def test_c_key_hits_match_numpy() -> None:
    import numpy as np

    from filters.injection_rules import RuleSet
    from filters.word_index import KeyTable, key_code, word_index, word_index_np

    rules = RuleSet()
    tables = [rules._all._table, rules._direct._table, KeyTable.of([]), KeyTable.of([key_code("ignore")])]
    rng = random.Random(41)
    words = [
        "ignore",
        "previous",
        "instructions",
        "the",
        "you",
        "system",
        "é",
        "don't",
        "a",
        "password",
        "ai",
    ]
    for _ in range(600):
        t = " ".join(rng.choice(words) for _ in range(rng.randint(0, 900 if rng.random() < 0.1 else 40)))
        for index in (word_index(t), word_index_np(t)):  # the numpy index has strided arrays
            for table in tables:
                (a, b), (c, d) = index.hits(table), index.hits_np(table)
                assert a.dtype == c.dtype and b.dtype == d.dtype
                assert np.array_equal(a, c) and np.array_equal(b, d)
