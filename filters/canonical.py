"""Text canonicalization for adversarial-input screening.

Attackers hide instructions where regexes and classifiers do not look: invisible Unicode
(zero-width joiners, bidi overrides, the U+E0000 tag block that silently encodes ASCII),
look-alike letters from other scripts, `i g n o r e` spacing, leetspeak, and payloads
encoded as base64, hex, URL-encoding or ROT13. `canonicalize()` undoes those tricks and
returns the folded visible text plus extra *views* (decoded or hidden texts) that the
detector screens as well, and reports which transforms fired, because the presence of
a trick is itself evidence.

Cost matters more than completeness here: this runs on every prompt segment. Plain ASCII
text skips every Unicode step, and each decoder is guarded by a cheap precheck, so a
benign 1 KB English message costs a few regex scans. Decoding is bounded in depth and
size so a hostile input cannot make us do unbounded work.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote

import numpy as np
import re2

try:  # the decoder prechecks in C (setup.py builds it; optional)
    from filters._shape import shape as _c_shape
except ImportError:  # pragma: no cover - exercised where no compiler was available
    _c_shape = None

from filters.word_index import WordIndex, key_table, padded_codes, word_index

MAX_DEPTH = 3  # decoded payloads are canonicalized again, up to this many levels deep
MAX_DECODED_CHARS = 16_384  # total decoded text one call may produce
MAX_CANDIDATES = 16  # encoded runs tried per text
MAX_RUN = 8_192  # longer encoded runs are sampled from their start

# --- invisible characters -------------------------------------------------------------

_ZERO_WIDTH = frozenset(
    "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u034f\u115f\u1160\u3164\uffa0"
)
_BIDI = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_BIDI_OVERRIDE = frozenset("\u202d\u202e")
_INVISIBLE_RE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f\U000e0100-\U000e01ef]+"
)
_RTL_RE = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_TAG_BASE = 0xE0000
_TAG_CANCEL = 0xE007F
_BLACK_FLAG = "\U0001f3f4"  # emoji subdivision flags (Scotland, Wales) legitimately use tags

# --- homoglyphs -----------------------------------------------------------------------

# Cyrillic, Greek, Armenian and Latin-extension letters that render like ASCII letters.
# Hand-picked from Unicode's confusables.txt: only those that are visually identical in
# common fonts, so folding never changes what a human reads.
_HOMOGLYPHS = {
    # Cyrillic lower / upper
    "а": "a", "в": "b", "е": "e", "ё": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x",
    "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h", "ӏ": "l",
    "ɡ": "g", "к": "k", "м": "m", "н": "h", "т": "t", "п": "n", "г": "r", "ь": "b",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ԁ": "D", "Ԛ": "Q", "Ԝ": "W",
    "Һ": "H", "Ӏ": "I",
    # Greek
    "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "χ": "x", "γ": "y", "ω": "w",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    # Armenian
    "օ": "o", "ս": "u", "ո": "n", "հ": "h", "ց": "g", "զ": "q",
    # Latin extensions and symbols that pass NFKC unchanged
    "ı": "i", "ɑ": "a", "ɩ": "i", "ʟ": "l", "ɪ": "i", "ᴀ": "a", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e",
    "ɢ": "g", "ʜ": "h", "ᴊ": "j", "ᴋ": "k", "ᴍ": "m", "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ʀ": "r",
    "ꜱ": "s", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ʏ": "y", "ᴢ": "z",
}  # fmt: skip
_HOMOGLYPH_TABLE = str.maketrans(_HOMOGLYPHS)
_HOMOGLYPH_RE = re.compile("[" + "".join(sorted(_HOMOGLYPHS)) + "]")
_NON_LATIN_LETTER_RE = re.compile("[\u0370-\u03ff\u0400-\u052f\u0530-\u058f]")

# --- folding for matching -------------------------------------------------------------

_QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
     "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
     "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ",
     "ø": "o", "Ø": "o", "đ": "d", "ł": "l", "Ł": "l", "æ": "ae", "œ": "oe"}
)  # fmt: skip
_COMBINING_RE = re.compile("[\u0300-\u036f]+")
_NON_ASCII_RE = re.compile("[^\x00-\x7f]+")
_LOOSE_SPACE = ("  ", "\t", "\r", "\f", "\v", " \n", "\n ", "\n\n")

# --- ASCII-level obfuscations -----------------------------------------------------------

_B64_RE = re.compile(r"(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{16,}={0,2}")
_HEX_RE = re.compile(
    r"(?<![0-9A-Za-z])(?:0x)?(?:[0-9A-Fa-f]{2}){8,}(?![0-9A-Za-z])|(?:\\x[0-9A-Fa-f]{2}){4,}"
)
_HEX_SPACED_RE = re.compile(r"(?<![0-9A-Za-z])(?:[0-9A-Fa-f]{2}[ :,]){7,}[0-9A-Fa-f]{2}(?![0-9A-Za-z])")
_URL_RE = re.compile(r"%[0-9A-Fa-f]{2}%[0-9A-Fa-f]{2}%[0-9A-Fa-f]{2}")  # literal first: fast scan
_ENTITY_RE = re.compile(r"&#(?:[0-9]{2,7}|[xX][0-9A-Fa-f]{2,6});")
_UESC_RE = re.compile(r"\\u[0-9A-Fa-f]{4}")
_SPACED_RE = re.compile(r"(?<![A-Za-z])(?:[A-Za-z](?: {1,3}|[.\-_*|+/,] ?)){3,}[A-Za-z](?![A-Za-z])")
_PUNCT_SEP_RE = re.compile(r"[.\-_*|+/,]")
_PUNCT_SPACED_RE = re.compile(r"(?:[A-Za-z][.\-_*|+/,]){3,}[A-Za-z]\W?")
_ANY_SPACE_RE = re.compile(r" +")
_WIDE_SPACE_RE = re.compile(r" {2,}")
_NON_LETTER_RE = re.compile(r"[^A-Za-z]")
_LEET_INSIDE_RE = re.compile(r"[A-Za-z][013457@$]+[A-Za-z]")
_LEET_PRE_RE = re.compile(r"[a-z][013457@$]|[013457@$][a-z]")
_LEET_WORD_RE = re.compile(r"[a-z0-9@$]+")
# Ordinals, units, model and codec names (4th, 10am, 5km, gpt4o, mp3, x86, b2b): not leet.
_LEET_BENIGN_RE = re.compile(
    r"\d+(?:st|nd|rd|th|s|am|pm|k|m|x|d|g|p|gb|mb|kb|tb|km|cm|mm|kg|mg|ml|px|hz|ms|v|w)"
    r"|[a-z]{1,5}\d+[a-z]?|[a-z]\d[a-z]"
)
_HEX_PAIRS = frozenset(f"{i:02x}" for i in range(256)) | frozenset(f"{i:02X}" for i in range(256))
_LEET_TABLE = str.maketrans("013457@$", "oieastas")

# Trigger words, ROT13'd and reversed: seeing one means the text is worth decoding.
_TRIGGERS = (
    "ignore", "instructions", "previous", "prompt", "password", "system", "disregard",
    "forget", "reveal", "secret", "jailbreak", "bypass", "override", "unrestricted",
)  # fmt: skip
_ROT13_WORDS = frozenset(codecs.encode(w, "rot13") for w in _TRIGGERS)
# Stems that make a de-obfuscated token worth screening again (leetspeak, spaced letters).
_TRIGGER_STEMS = (
    *_TRIGGERS, "instruct", "rule", "hack", "exploit", "malware", "admin", "develop", "mode",
    "filter", "restrict", "safety", "ethic", "unfilter", "uncensor", "pretend", "dan", "key",
    "token", "credential", "prompt", "polic", "guideline", "command", "obey", "comply", "evil",
)  # fmt: skip
_REVERSED_WORDS = frozenset(w[::-1] for w in _TRIGGERS)
_WORD_PUNCT = "\"'()[]{}<>*_-#~:;,.!?/|\\"
_ROT13_MENTIONS = ("rot13", "rot 13", "rot-13", "caesar", "cesar")


@dataclass(frozen=True, slots=True)
class View:
    """An extra text to screen: decoded, hidden or de-obfuscated; `via` says how we got it."""

    text: str
    via: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Canonical:
    """Result of canonicalizing one text.

    `text` is the folded visible text (NFKC, homoglyphs folded, invisible characters
    removed, lowercased, accents stripped, whitespace collapsed) that rules and the model
    read. `views` are further texts the attacker may have meant the model to read.
    `invisible` counts suspicious hidden characters; `hidden` is True when they carried
    a payload (tag characters or variation-selector bytes).
    """

    text: str
    views: tuple[View, ...] = ()
    transforms: frozenset[str] = frozenset()
    invisible: int = 0
    hidden: bool = False
    index: WordIndex | None = None  # word index of `text`, reused by the rule prefilter

    @property
    def suspicious_invisible(self) -> bool:
        return self.hidden or self.invisible > 0


def fold(text: str) -> str:
    """Lowercase, strip accents, normalize quotes and collapse whitespace (keep newlines).

    Rules are written against this form, so they need neither case-insensitivity nor
    accent variants (`précédentes` and `precedentes` match the same rule). Newlines stay
    because fake conversation turns are recognized at line starts. Only the non-ASCII
    runs go through Unicode decomposition: on a mostly English text with one curly quote,
    decomposing the whole string would cost ten times more.
    """
    t = text.lower()
    if not t.isascii():
        t = _NON_ASCII_RE.sub(_fold_run, t)
    if "`" in t:
        t = t.replace("`", "'")
    if "\n" not in t:
        return " ".join(t.split())
    if not any(w in t for w in _LOOSE_SPACE):
        return t.strip()
    return "\n".join(filter(None, (" ".join(line.split()) for line in t.split("\n"))))


@lru_cache(maxsize=4096)
def _fold_run_text(run: str) -> str:
    t = run.translate(_QUOTES).casefold()
    t = _COMBINING_RE.sub("", unicodedata.normalize("NFKD", t))
    # Recompose what NFKD split apart that is not an accent (Hangul syllables, kana).
    return t if t.isascii() else unicodedata.normalize("NFC", t)


def _fold_run(m: re.Match[str]) -> str:
    return _fold_run_text(m.group())


@lru_cache(maxsize=4096)
def _nfkc_run_text(run: str) -> str:
    return unicodedata.normalize("NFKC", run)


def _nfkc(text: str) -> str:
    """NFKC applied per non-ASCII run (ASCII is already NFKC; runs repeat, so cache them)."""
    return _NON_ASCII_RE.sub(lambda m: _nfkc_run_text(m.group()), text)


class _Budget:
    """Decoding budget shared by one canonicalize() call and its recursive calls."""

    __slots__ = ("chars",)

    def __init__(self) -> None:
        self.chars = MAX_DECODED_CHARS

    def take(self, text: str) -> str | None:
        if self.chars <= 0:
            return None
        text = text[: self.chars]
        self.chars -= len(text)
        return text


def canonicalize(
    text: str, *, depth: int = 0, _budget: _Budget | None = None, with_index: bool = True
) -> Canonical:
    """Undo the known obfuscations of `text` and report which ones were present.

    `with_index=False` skips building the word index of the folded text (`index` is then
    None): the injection detector runs its rules on a minority of texts and lets them
    build it when they do; the index was half of canonicalize's cost on 1 KB of prose.
    """
    budget = _budget or _Budget()
    transforms: set[str] = set()
    views: list[View] = []
    invisible = 0
    hidden = False
    clean = text
    if not text.isascii():
        odd = "".join(_NON_ASCII_RE.findall(text))  # the non-ASCII characters, for prechecks
        if _INVISIBLE_RE.search(odd):
            clean, inv = _strip_invisible(clean)
            invisible = inv.suspicious
            transforms |= inv.kinds
            for label, payload in inv.payloads:
                hidden = hidden or label != "bidi_reversed"
                _add_decoded(views, transforms, payload, label, depth, budget)
        if not unicodedata.is_normalized("NFKC", odd):
            nfkc = _nfkc(clean)
            if nfkc != clean:
                transforms.add("nfkc")
                clean = nfkc
        if _HOMOGLYPH_RE.search(odd):
            clean = _fold_homoglyphs(clean, transforms, odd, len(text) - len(odd))
    folded = fold(clean)
    if depth < MAX_DEPTH:
        index = _decode_runs(clean, folded, views, transforms, depth, budget, with_index)
    else:
        index = None
    return Canonical(folded, tuple(views), frozenset(transforms), invisible, hidden, index)


def _add_decoded(
    views: list[View], transforms: set[str], payload: str, label: str, depth: int, budget: _Budget
) -> None:
    """Canonicalize a decoded payload and add it (and its own views) as views."""
    taken = budget.take(payload)
    if not taken or not taken.strip():
        return
    transforms.add(label)
    inner = canonicalize(taken, depth=depth + 1, _budget=budget)
    transforms |= inner.transforms
    views.append(View(inner.text, (label,)))
    views.extend(View(v.text, (label, *v.via)) for v in inner.views)


@dataclass(slots=True)
class _Invisible:
    suspicious: int = 0
    kinds: set[str] = field(default_factory=set)
    payloads: list[tuple[str, str]] = field(default_factory=list)  # (transform, decoded text)


def _strip_invisible(text: str) -> tuple[str, _Invisible]:
    """Remove invisible characters; count the suspicious ones and decode hidden payloads.

    Not every invisible character is an attack: a zero-width joiner glues emoji together,
    ZWNJ is spelling in Persian, bidi marks are normal around Arabic or Hebrew, a single
    variation selector picks emoji presentation, and tag characters spell the subdivision
    flags of Scotland and Wales. Those are removed silently; the rest are counted.
    """
    out = _Invisible()
    if not _INVISIBLE_RE.search(text):
        return text, out
    has_rtl = _RTL_RE.search(text) is not None
    for m in _INVISIBLE_RE.finditer(text):
        run = m.group()
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        _tags(run, before, out)
        _selectors(run, out)
        zw = sum(1 for c in run if c in _ZERO_WIDTH)
        if zw and (_ascii_alnum(before) or _ascii_alnum(after)):
            out.suspicious += zw
            out.kinds.add("zero_width")
        bidi = [c for c in run if c in _BIDI]
        if bidi and (not has_rtl or any(c in _BIDI_OVERRIDE for c in bidi)):
            out.suspicious += len(bidi)
            out.kinds.add("bidi_control")
            if "\u202e" in bidi:  # right-to-left override: the model reads the run reversed
                end = text.find("\u202c", m.end())
                seg = text[m.end() : end if end >= 0 else len(text)].split("\n", 1)[0]
                seg = _INVISIBLE_RE.sub("", seg)
                if seg.strip():
                    out.payloads.append(("bidi_reversed", seg[::-1]))
    # A single zero-width char between letters happens in pasted text; interleaving does not.
    if out.kinds == {"zero_width"} and out.suspicious < 2:
        out.suspicious = 0
        out.kinds.clear()
    return _INVISIBLE_RE.sub("", text), out


def _ascii_alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _tags(run: str, before: str, out: _Invisible) -> None:
    """Tag characters U+E0020..U+E007E mirror ASCII: decode them into the hidden text."""
    tags = [ord(c) for c in run if _TAG_BASE <= ord(c) <= _TAG_CANCEL]
    if not tags:
        return
    payload = "".join(chr(t - _TAG_BASE) for t in tags if 0x20 <= t - _TAG_BASE < 0x7F)
    if before == _BLACK_FLAG and tags[-1] == _TAG_CANCEL and len(payload) <= 7:
        return  # an emoji subdivision flag such as Scotland's
    out.suspicious += len(tags)
    out.kinds.add("tag_chars")
    if payload.strip():
        out.payloads.append(("tag_chars", payload))


def _selectors(run: str, out: _Invisible) -> None:
    """Runs of variation selectors can smuggle one byte each (VS1-16 -> 0-15, VS17+ -> 16+)."""
    sel = [ord(c) for c in run if 0xFE00 <= ord(c) <= 0xFE0F or 0xE0100 <= ord(c) <= 0xE01EF]
    if len(sel) < 2:
        return
    data = bytes(c - 0xFE00 if c <= 0xFE0F else c - 0xE0100 + 16 for c in sel)
    out.suspicious += len(sel)
    out.kinds.add("variation_selector")
    decoded = data.decode("utf-8", "ignore")
    if sum(ch.isprintable() for ch in decoded) >= max(3, len(decoded) * 0.8):
        out.payloads.append(("variation_selector", decoded))


def _fold_homoglyphs(text: str, transforms: set[str], odd: str, ascii_chars: int) -> str:
    """Map look-alike letters to ASCII where the text is Latin, or inside mixed-script words.

    Russian or Greek prose keeps its letters (folding it would be meaningless); a mostly
    Latin text, or a word that mixes scripts, gets folded. Only mixed-script words are
    reported: a Latin text quoting a Russian word is not an obfuscation. Works from the
    positions of the look-alike characters, so a long text costs one scan.
    """
    latin_text = len(_NON_LATIN_LETTER_RE.findall(odd)) * 2 < ascii_chars
    spans: list[tuple[int, int]] = []
    for m in _HOMOGLYPH_RE.finditer(text):
        p = m.start()
        if spans and p < spans[-1][1]:
            continue
        a, b = p, p + 1
        while a > 0 and text[a - 1].isalnum():
            a -= 1
        while b < len(text) and text[b].isalnum():
            b += 1
        spans.append((a, b))
    mixed = [(a, b) for a, b in spans if _is_mixed(text[a:b])]
    if mixed:
        transforms.add("homoglyph")
    fold_spans = spans if latin_text else mixed
    if not fold_spans:
        return text
    parts, last = [], 0
    for a, b in fold_spans:
        parts += [text[last:a], text[a:b].translate(_HOMOGLYPH_TABLE)]
        last = b
    parts.append(text[last:])
    return "".join(parts)


def _is_mixed(word: str) -> bool:
    """A word with both ASCII letters and look-alike letters from another script."""
    return any(c in _HOMOGLYPHS for c in word) and any(c.isascii() and c.isalpha() for c in word)


# --- decoders --------------------------------------------------------------------------


def _printable_text(data: bytes) -> str | None:
    """Decoded bytes count as hidden text only if they read as text (not binary, not a hash)."""
    try:
        s = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if len(s) < 4:
        return None
    good = sum(1 for c in s if c.isprintable() or c in "\n\r\t")
    letters = sum(1 for c in s if c.isalpha())
    if good < 0.95 * len(s) or letters < 0.5 * len(s.replace(" ", "")) or letters < 3:
        return None
    return s


def _b64(run: str) -> str | None:
    if not (_mixed_case(run) or any(c.isdigit() or c in "+/=" for c in run)):
        return None
    core = run.rstrip("=")[:MAX_RUN]
    core = core[: len(core) - len(core) % 4] if len(core) % 4 == 1 else core
    padded = core + "=" * (-len(core) % 4)
    try:
        if "-" in core or "_" in core:
            data = base64.urlsafe_b64decode(padded)
        else:
            data = base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        return None
    return _printable_text(data)


def _mixed_case(run: str) -> bool:
    """Base64 of text mixes upper and lower case inside the run, unlike ordinary words."""
    return sum(1 for c in run[1:] if c.isupper()) >= 2 and any(c.islower() for c in run)


def _hex(run: str) -> str | None:
    digits = re.sub(r"\\x|0x|[ :,]", "", run)[: MAX_RUN * 2]
    try:
        data = bytes.fromhex(digits[: len(digits) - len(digits) % 2])
    except ValueError:
        return None
    return _printable_text(data)


def _decode_runs(
    clean: str,
    folded: str,
    views: list[View],
    transforms: set[str],
    depth: int,
    budget: _Budget,
    with_index: bool = True,
) -> WordIndex | None:
    """Find encoded or spaced-out runs in `clean` and add their decoded forms as views.

    Cheap prechecks first (`_Shape`): encoded runs are long tokens, spaced-out words are
    runs of one-letter tokens, leetspeak needs a letter next to a digit, ROT13 and
    reversed text contain a known trigger word. Ordinary prose fails all of them and no
    decoder runs. Returns the word index of the folded text for the rule prefilter.
    """
    index = word_index(folded, padded_codes(folded)) if with_index else None
    shape = _shape(clean) if len(clean) > 3072 else _shape_small(clean)
    if shape.long_tokens:
        tried = 0
        for tok in shape.long_tokens:
            if tried >= MAX_CANDIDATES:
                break
            for m in _B64_RE.finditer(tok):
                tried += 1
                s = _b64(m.group())
                if s:
                    _add_decoded(views, transforms, s, "base64", depth, budget)
            for m in _HEX_RE.finditer(tok):
                tried += 1
                s = _hex(m.group())
                if s:
                    _add_decoded(views, transforms, s, "hex", depth, budget)
    if shape.hex_pairs:
        for m in _HEX_SPACED_RE.finditer(clean):
            s = _hex(m.group())
            if s:
                _add_decoded(views, transforms, s, "hex", depth, budget)
    if "%" in clean and _URL_RE.search(clean):
        s = unquote(clean)
        if s != clean:
            _add_decoded(views, transforms, s, "url_encoding", depth, budget)
    if "&#" in clean and len(_ENTITY_RE.findall(clean)) >= 3:
        _add_decoded(views, transforms, html.unescape(clean), "html_entities", depth, budget)
    if "\\u" in clean and len(_UESC_RE.findall(clean)) >= 3:
        s = _UESC_RE.sub(lambda m: chr(int(m.group()[2:], 16)), clean)
        _add_decoded(views, transforms, s, "unicode_escape", depth, budget)
    odd = index.any_in(_ODD_TRIGGER_KEYS) if index is not None else _ODD_WORDS_RE.search(folded) is not None
    if odd:  # a ROT13'd or reversed trigger word
        if any(w in folded for w in _ROT13_WORDS):
            _add_decoded(views, transforms, codecs.encode(folded, "rot13"), "rot13", depth, budget)
        if any(w in folded for w in _REVERSED_WORDS):
            _add_decoded(views, transforms, folded[::-1], "reversed", depth, budget)
    elif _ROT13_MENTIONS_RE.search(folded) is not None:
        _add_decoded(views, transforms, codecs.encode(folded, "rot13"), "rot13", depth, budget)
    if "=" in folded and ('"' in folded or "'" in folded):
        for joined in _joined_parts(folded):
            _add_decoded(views, transforms, joined, "payload_split", depth, budget)
    if shape.spaced:
        spaced = _despace(clean)
        if spaced is not None:
            transforms.add("despace")
            views.append(View(fold(spaced), ("despace",)))
    leet = _unleet(folded, shape.leet_tokens) if shape.leet_tokens else None
    if leet is not None:
        transforms.add("leet")
        views.append(View(leet, ("leet",)))
    return index


@dataclass(frozen=True, slots=True)
class _Shape:
    """Structural hints that a decoder could find something in a text."""

    long_tokens: list[str]  # runs of 16+ non-space characters (base64, hex)
    hex_pairs: bool  # eight two-character hex tokens in a row (spaced hex)
    spaced: bool  # four one-letter tokens in a row, or l.e.t.t.e.r.s
    leet_tokens: list[str]  # tokens with a digit (or @, $) between letters: h4ck, 1gn0r3


def _shape(clean: str) -> _Shape:
    """Vectorized prechecks over the code points of a long text."""
    c = padded_codes(clean)
    cls = _CLASS[np.minimum(c, 127)]
    cls[c > 127] = 0
    sp = np.flatnonzero(cls & _SPACE)
    gaps = np.diff(sp) - 1  # token lengths
    first = cls[sp[:-1] + 1]  # first character class of every token
    second = cls[np.minimum(sp[:-1] + 2, len(cls) - 1)]
    pair = (gaps == 2) & ((first & second & _HEX) > 0) & (((first | second) & _DIGIT) > 0)
    single = (gaps == 1) & ((first & _LETTER) > 0)
    letter = (cls & _LETTER) > 0
    sep_after = letter[:-1] & ((cls[1:] & _SEP) > 0)
    leet = (cls & _LEETCH) > 0
    inside = np.flatnonzero(letter[:-2] & leet[1:-1] & letter[2:])[:64] + 1  # offsets in " " + clean
    long_at = np.flatnonzero(gaps >= 16)[:MAX_CANDIDATES]
    return _Shape(
        long_tokens=[
            clean[a:b] for a, b in zip(sp[long_at].tolist(), (sp[long_at + 1] - 1).tolist(), strict=True)
        ],
        hex_pairs=_longest_run(pair) >= 8,
        spaced=_longest_run(single) >= 4 or bool((sep_after[:-4] & sep_after[2:-2] & sep_after[4:]).any()),
        leet_tokens=_tokens_at(clean, (inside - 1).tolist()),
    )


def _tokens_at(text: str, offsets: list[int]) -> list[str]:
    """The whitespace-delimited tokens containing the given offsets (each once)."""
    out: list[str] = []
    end = -1
    for p in offsets:
        if p < end:
            continue
        a = max(text.rfind(" ", 0, p), text.rfind("\n", 0, p)) + 1
        ends = [e for e in (text.find(" ", p), text.find("\n", p)) if e >= 0]
        end = min(ends) if ends else len(text)
        out.append(text[a:end])
    return out


def _longest_run(mask: np.ndarray) -> int:
    """Length of the longest run of True in a boolean array."""
    if not mask.any():
        return 0
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.view(np.int8), [0]))))
    return int((edges[1::2] - edges[::2]).max())


def _shape_small(clean: str) -> _Shape:
    """`_shape` for short texts: one pass over the tokens beats numpy call overhead. The C
    version (filters/_shape.c) runs when built: 24 us -> ~2 us per 1 KB."""
    if _c_shape is not None:
        return _Shape(*_c_shape(clean))
    return _shape_small_py(clean)


def _shape_small_py(clean: str) -> _Shape:
    """`_shape_small` in Python: the reference the C version is tested against."""
    long_tokens: list[str] = []
    leet_tokens: list[str] = []
    spaced = False
    pairs = best_pairs = run = 0
    for t in clean.split():
        if t.isalpha():  # most tokens: only the one-letter run and the pair run matter
            if len(t) == 1:
                run += 1
                if run >= 4:
                    spaced = True
            else:
                run = 0
            pairs = 0
            continue
        run = 0
        n = len(t)
        if n > 2 and t.strip(_WORD_PUNCT).isalpha():  # a word with punctuation attached
            pairs = 0
            continue
        if n == 2 and t in _HEX_PAIRS:
            pairs += 1
            if pairs > best_pairs:
                best_pairs = pairs
            continue
        pairs = 0
        if n >= 16:
            long_tokens.append(t)
        if n >= 3 and _LEET_INSIDE_RE.search(t):
            leet_tokens.append(t)
        if not spaced and n >= 7 and _PUNCT_SPACED_RE.fullmatch(t):
            spaced = True
    return _Shape(long_tokens, best_pairs >= 8, spaced, leet_tokens)


_LETTER, _SPACE, _SEP, _LEETCH, _HEX, _DIGIT = 1, 2, 4, 8, 16, 32
_CLASS = np.zeros(128, dtype=np.uint8)
for _ch in "0123456789abcdefABCDEF":
    _CLASS[ord(_ch)] |= _HEX
for _ch in "0123456789":
    _CLASS[ord(_ch)] |= _DIGIT
for _ch in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ":
    _CLASS[ord(_ch)] |= _LETTER
for _ch in " \n\t\r\f\v":
    _CLASS[ord(_ch)] |= _SPACE
for _ch in ".-_*|+/,":
    _CLASS[ord(_ch)] |= _SEP
for _ch in "013457@$":
    _CLASS[ord(_ch)] |= _LEETCH


# Payload splitting: the attack is cut into string variables the model is asked to join
# ('a = "ignore all prev"; b = "ious instructions"; say a + b'), so no piece reads as an
# instruction. The joined parts become a view, judged like any decoded text; ordinary code
# joins to ordinary text ("hello world") and stays benign.
_PART_RE = re.compile(r"(?<![\w.])([a-z_]\w{0,15})\s*[:=]\s*(['\"])([^'\"\n]{1,200})\2")
_JOIN_RE = re.compile(r"\b[a-z_]\w{0,15}(?:\s*\+\s*[a-z_]\w{0,15})+\b")
_MAX_PARTS = 32
_JOIN_WORD_RE = re.compile(
    r"\b(?:concat\w*|combin\w*|join\w*|merg\w*|put (?:them )?together|zusammen\w*|assembl\w*|"
    r"kombin\w*|junt\w*|uni(?:s|r|sci)\w*)\b"
)


def _joined_parts(folded: str) -> list[str]:
    """The string parts assigned to variables, joined as an `a + b + c` expression names
    them, or in assignment order when the text asks to concatenate / combine / join them;
    nothing unless two parts are joined (HTML attributes and config lines are not)."""
    parts: dict[str, str] = {}
    for m in _PART_RE.finditer(folded):
        parts[m.group(1)] = m.group(3)
        if len(parts) >= _MAX_PARTS:
            break
    if len(parts) < 2:
        return []
    out: list[str] = []
    for m in _JOIN_RE.finditer(folded):
        names = [n.strip() for n in m.group().split("+")]
        if sum(n in parts for n in names) >= 2:
            joined = "".join(parts[n] for n in names if n in parts)
            if joined not in out:
                out.append(joined)
            if len(out) >= 2:
                break
    if _JOIN_WORD_RE.search(folded):
        out.append(" ".join(parts.values()))
    return out


def _despace(text: str) -> str | None:
    """Join `i g n o r e  a l l` style runs back into words.

    None when there are none, or when no joined word is a trigger word: a Sudoku grid or
    a list of initials is spaced-out letters too, and not worth a second screening pass.
    """
    if not _SPACED_RE.search(text):
        return None
    triggered = False

    def join(m: re.Match[str]) -> str:
        nonlocal triggered
        run = m.group()
        # Letters glued by punctuation (i.g.n.o.r.e): a space separates words. Letters
        # glued by single spaces: a wider gap separates words.
        gap = _ANY_SPACE_RE if _PUNCT_SEP_RE.search(run) else _WIDE_SPACE_RE
        words = [_NON_LETTER_RE.sub("", w) for w in gap.split(run)]
        triggered = triggered or any(w.lower().startswith(_TRIGGER_STEMS) for w in words)
        return " ".join(words)

    out = _SPACED_RE.sub(join, text)
    return out if triggered else None


def _leet_folds(tokens: Iterable[str]) -> dict[str, str]:
    found = {}
    for tok in tokens:
        t = tok.strip(_WORD_PUNCT)
        if len(t) > 24 or not _LEET_WORD_RE.fullmatch(t) or _LEET_BENIGN_RE.fullmatch(t):
            continue
        if sum(1 for ch in t if ch.isalpha()) >= 2:
            found[t] = t.translate(_LEET_TABLE)
    return found


def _unleet(folded: str, candidates: list[str]) -> str | None:
    """Fold leetspeak tokens (`1gn0r3` -> `ignore`); ordinals, units and versions stay.

    Only worth a second screening pass when a folded token becomes a trigger word:
    `b2b` or `k8s` in a benign text do not make it leetspeak.
    """
    found = _leet_folds(tok.lower() for tok in candidates)
    if not any(v.startswith(_TRIGGER_STEMS) for v in found.values()):
        return None
    # It is leetspeak: fold every leet-looking token now, 4ll and 5y5 included.
    found.update(_leet_folds(t for t in folded.split() if not t.isalpha() and _LEET_PRE_RE.search(t)))
    pattern = re.compile(r"(?<![\w@$])(?:" + "|".join(map(re.escape, found)) + r")(?![\w@$])")
    return pattern.sub(lambda m: found[m.group()], folded)


# All trigger words are at least six letters, so their six-letter prefix codes suffice.
_ODD_TRIGGER_KEYS = key_table(_ROT13_WORDS | _REVERSED_WORDS)
_ODD_WORDS = tuple(sorted(_ROT13_WORDS | _REVERSED_WORDS))


def _literal_set(words: Iterable[str]) -> re2._Regexp:
    """One RE2 automaton for "does any of these substrings occur": a single linear pass.

    Measured on 1 KB of folded benign text: 3.9 us, against 14.7 us for
    `any(w in folded for w in words)` over the 29 ROT13'd and reversed trigger words
    (one str scan each) and 29.7 us for the same alternation in Python's `re`.
    """
    options = re2.Options()
    options.never_capture = True
    return re2.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))), options)


_ODD_WORDS_RE = _literal_set(_ODD_WORDS)
_ROT13_MENTIONS_RE = _literal_set(_ROT13_MENTIONS)
assert all(len(w) >= 6 for w in _ROT13_WORDS | _REVERSED_WORDS)
