"""Obfuscated PII: invisible characters, fullwidth forms and spelled-out e-mail separators.

People (and scrapers' victims) write `jane [at] example [dot] com`, `jane(at)example.com`,
type fullwidth `ｊａｎｅ＠ｅｘａｍｐｌｅ．ｃｏｍ` from East Asian keyboards, or paste text with a
zero-width space inside an address. Presidio's regexes see none of these as e-mails.

Two steps, both mapping every finding back to the ORIGINAL characters so redaction
replaces exactly what the user typed:

1. `canonical_with_offsets(text)`: drop invisible format characters and NFKC-fold the rest
   (fullwidth letters, digits, `＠`, `．`), keeping for each output character the index of
   the input character it came from. The analyzer runs on the folded text and maps spans
   back. Plain text (no such character) skips this: one regex search decides.
2. `find_spelled_emails(text, valid)`: `[at]`, `(at)`, `{at}`, ` at ` with `[dot]`, `(dot)`,
   ` dot ` spellings. A bare ` at ` counts only with a spelled dot too ("look at
   google.com" is not an address); the domain must end in a public suffix (`valid`).

filters/canonical.py (owned by the injection screen) folds more aggressively (homoglyphs,
leetspeak) and does not keep offsets; this module does only what PII needs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable


def may_have_digits(text: str) -> bool:
    """False only when `text` has no `\\d` character: an ASCII text without 0-9. Ten
    single-character scans (memchr) cost ~2.4k instructions on 270 characters under
    callgrind, a regex search for a digit ~13k (perf4)."""
    return (
        not text.isascii()
        or "0" in text or "1" in text or "2" in text or "3" in text or "4" in text
        or "5" in text or "6" in text or "7" in text or "8" in text or "9" in text
    )  # fmt: skip


# Invisible characters that change no rendering: zero-width, joiners, bidi marks, soft
# hyphen, word joiner, BOM, variation selectors, the tag block.
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f"
)
# Characters NFKC changes that matter for PII: fullwidth ASCII (U+FF01-FF5E), small and
# fullwidth at signs, ideographic full stop, other Unicode digits are left to the regexes.
_NEEDS_CANON = re.compile(f"[{_INVISIBLE}\uff01-\uff5e\ufe6b\u3002\uff61\u2024\u2027\u00a0\u2000-\u200a]")
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")


def needs_canonical(text: str) -> bool:
    # Every character of _NEEDS_CANON is outside ASCII, and isascii() reads a flag the string
    # keeps: an ASCII text skips the scan (~20k instructions per 270 characters, perf4).
    return not text.isascii() and _NEEDS_CANON.search(text) is not None


def canonical_with_offsets(text: str) -> tuple[str, list[int]]:
    """Folded text and, per folded character, the index of its source character.

    The list has one extra entry (len(text)) so an end offset maps too.
    """
    out: list[str] = []
    src: list[int] = []
    for i, ch in enumerate(text):
        if _INVISIBLE_RE.match(ch):
            continue
        if ord(ch) < 128:
            out.append(ch)
            src.append(i)
            continue
        folded = unicodedata.normalize("NFKC", ch)
        if folded in ("\u3002", "\uff61"):  # ideographic full stops
            folded = "."
        for c in folded:
            out.append(c)
            src.append(i)
    src.append(len(text))
    return "".join(out), src


def map_span(src: list[int], start: int, end: int) -> tuple[int, int]:
    """Folded [start, end) -> original [start, end): from the first to the last source char."""
    if end <= start:
        return src[start], src[start]
    return src[start], src[end - 1] + 1


_AT_WORD = r"(?:[ \t]?[\[\(\{<][ \t]?at[ \t]?[\]\)\}>][ \t]?|[ \t]+at[ \t]+|[ \t]?@[ \t]?)"
_DOT_WORD = r"(?:[ \t]?[\[\(\{<][ \t]?dot[ \t]?[\]\)\}>][ \t]?|[ \t]+dot[ \t]+|\.)"
_SPELLED = re.compile(
    rf"(?<![\w.+\-])([A-Za-z0-9][A-Za-z0-9._%+\-]{{0,63}})"
    rf"(?P<at>{_AT_WORD})"
    rf"((?:[A-Za-z0-9](?:[A-Za-z0-9\-]{{0,62}}[A-Za-z0-9])?{_DOT_WORD}){{1,4}}[A-Za-z]{{2,24}})(?![\w\-])",
    re.IGNORECASE,
)
_DOT_SPLIT = re.compile(_DOT_WORD, re.IGNORECASE)
_SPELLED_GATE = re.compile(r"[\[\(\{<]\s*(?:at|dot)\s*[\]\)\}>]|\sat\s.{1,64}?\sdot\s|\s@|@\s", re.IGNORECASE)


# Substrings every spelled-out or spaced address has (lower-cased): `in` checks are ~20x
# cheaper than the gate regex, which then confirms.
_SPELLED_WORDS = ("dot", "[at]", "(at)", "{at}", "<at>", "[ at ]", "( at )", " @", "@ ")


def has_spelled_separator(text: str) -> bool:
    low = text.lower()
    if "dot" not in low:
        # Every other word holds an `@` or an opening bracket: five single-character scans
        # (memchr) rule out most texts before the nine substring searches (perf4, callgrind
        # on 270 characters of prose: 17.6k -> ~5k instructions).
        if "@" not in text and "(" not in text and "[" not in text and "{" not in text and "<" not in text:
            return False
        if not any(w in low for w in _SPELLED_WORDS):
            return False
    return _SPELLED_GATE.search(text) is not None


def find_spelled_emails(text: str, valid: Callable[[str], bool]) -> list[tuple[int, int]]:
    """E-mail addresses with spelled-out or spaced separators, validated by public suffix."""
    if not has_spelled_separator(text):
        return []
    out: list[tuple[int, int]] = []
    for m in _SPELLED.finditer(text):
        at = m.group("at")
        domain_raw = m.group(3)
        dots = _DOT_SPLIT.findall(domain_raw)
        spelled_at = "@" not in at
        spelled_dot = any(d != "." for d in dots)
        if not spelled_at and not spelled_dot and at == "@":
            continue  # a plain address: the regular recognizer has it
        if at.strip().casefold() == "at" and not spelled_dot:
            continue  # "look at google.com"
        domain = ".".join(p for p in _DOT_SPLIT.split(domain_raw) if p)
        if valid(f"{m.group(1)}@{domain}"):
            out.append((m.start(), m.end()))
    return out
