"""The fast paths of filters/injection_regions.py give what the plain regexes give.

The label and e-mail header searches try only lines that hold a colon, and the first-line
and last-line tests ask an RE2 set first; the references below are the regexes they stand
for, run the old way, on inputs built to hit the edges (many colon lines, full-width colons,
labels after the 16th colon line, word boundaries next to non-ASCII letters, surrogates).
"""

from __future__ import annotations

import random

import pytest

import filters.injection_regions as R
from filters.canonical import fold


def _label_ref(folded: str) -> int:
    m = R._LABEL_RE.search(folded)
    return m.end() if m else -1


def _email_ref(folded: str) -> str | None:
    top_end = -1
    for _ in range(R._HEADER_LINES):
        top_end = folded.find("\n", top_end + 1)
        if top_end < 0:
            top_end = len(folded)
            break
    if folded.count(":", 0, top_end) + folded.count("：", 0, top_end) < 2:
        return None
    headers = list(R._HEADER_RE.finditer(folded, 0, min(len(folded), top_end + 1)))
    if len({m.group(1) for m in headers}) < 2:
        return None
    return folded[headers[-1].end() :]


_LINES = (
    "a: b", "note", "  > email: x", "from: a", "to: b", "subject：c", "text ：", "x: y: z",
    "context:", "--- doc :", "", "date:1", "sent: hi", "web page: p", "ccc: d", "cc : d",
    "主题：x", "письмо: текст", "key: value", "12:30 meeting", "\ud800: x", "* document:",
)  # fmt: skip
_WORDS = (
    "this", "эта", "中this", "эthis", "these", "the following", "dies", "diesen", "quest",
    "questo", "эт", "этот", "ce", "cet", "ces", "sces", "ce_", "ce1", "_this", "thisé",
    "thisд", "above", "that", "the e-mail", "the email", "oben", "这", "以下", "summarize",
    "xanalyze", "a", "the", "\ud800", "é", "ü", "это", "read", "nest", "nesta", "上記", "",
)  # fmt: skip


def _colon_texts() -> list[str]:
    rng = random.Random(7)
    out = ["", ":", "\n", "：", "a:\nb:", "context:" + "x" * 100]
    out.append("\n".join(["k: v"] * 20 + ["context: the paste"]))  # a label past 16 colon lines
    out.append("\n".join(["x"] * 13 + ["from: a", "to: b", "", "body"]))  # headers past 12 lines
    for _ in range(3000):
        lines = [rng.choice(_LINES) for _ in range(rng.randint(1, 40))]
        out.append("\n".join(lines) + rng.choice(["", "\n", "\nlast"]))
    return out


def test_label_and_headers_match_the_regexes() -> None:
    for text in _colon_texts():
        for t in (text, text.lower()):
            assert R._first_label_end(t) == _label_ref(t), t
            assert R._email_body(t) == _email_ref(t), t


def _line_texts() -> list[str]:
    rng = random.Random(11)
    seps = ("", " ", ".", "д", "1", "_", "é", "\n")
    out = [w + s for w in _WORDS for s in seps]
    for _ in range(5000):
        out.append(" ".join(rng.choice(_WORDS) + rng.choice(seps) for _ in range(rng.randint(0, 6))))
    return out


def test_first_and_last_line_tests_match_the_regexes() -> None:
    for t in _line_texts():
        assert R._is_request(t) == (R._REQUEST_RE.search(t) is not None), t
        after = R._AFTER_RE.search(t) is not None and R._WORK_RE.search(t) is not None
        assert R._is_after_request(t) == after, t


@pytest.mark.parametrize(
    "text",
    [
        "Summarize this e-mail:\n" + "From: a\nSubject: b\n" + "body text here " * 30,
        "Context: " + "the quick brown fox " * 20 + "\nSummarize the above.",
        "quick note\n" + "the paste goes on " * 20 + "\nэто выше, переведи",
        "\ud800 this\n" + "the paste goes on " * 20,
        "short",
    ],
)
def test_document_regions_on_structures(text: str) -> None:
    # the regions are what the reference searches find: recomputed here the old way
    folded = fold(text)
    regions = R.document_regions(folded)
    assert all(len(r) >= R.MIN_REGION for r in regions)
    end = _label_ref(folded)
    if end >= 0 and len(folded) >= R.MIN_REGION + 10 and len(folded[end:].strip()) >= R.MIN_REGION:
        assert regions[0] == folded[end:].strip()


def test_fence_openings_match_the_substring_tests() -> None:
    rng = random.Random(13)
    pieces = [*R._FENCE_OPENERS, "<", "[", "<doc", "[doc start", "document>", " start]", "x", "<<doc>>", "é"]
    for _ in range(5000):
        t = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        assert R._fence_opens(t) == any(f in t for f in R._FENCE_OPENERS), t
