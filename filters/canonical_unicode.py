"""Invisible characters and look-alike letters: the Unicode half of canonicalization.

`filters.canonical` calls these before folding: `_strip_invisible` removes zero-width,
bidi, tag and variation-selector characters (counting the suspicious ones and decoding the
payloads tag characters and selectors can carry), `_fold_homoglyphs` maps Cyrillic, Greek
and Armenian look-alikes inside Latin text to ASCII. Legitimate uses pass silently (emoji
sequences, Persian ZWNJ, bidi marks around Arabic or Hebrew, Russian prose).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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


# Letters that are look-alikes elsewhere but spelling in a Latin alphabet: Turkish and
# Azerbaijani write dotless i next to ASCII letters in most words ("toplantı", "mısın").
# Reported as a disguise, they put +0.5 evidence on every Turkish message: "Toplantı
# notlarını kısaca özetler misin?" scored 0.57. They are still folded to ASCII for the rules.
_NATIVE_LATIN = frozenset("ı")


# Phonetic letters (IPA extensions, modifier letters, phonetic extensions, and æ ð θ ŋ ʃ):
# a transcription mixes the look-alikes among them (ɡ, ɪ, ʏ) with ASCII letters too:
# "/bɪɡ/" and "/ɡʊd/" scored 0.59 as disguises.
_PHONETIC_RE = re.compile("[\u0250-\u02ff\u1d00-\u1dbf\u00e6\u00f0\u03b8\u014b]")


def _is_mixed(word: str) -> bool:
    """A word with both ASCII letters and look-alike letters from another script.

    Phonetic look-alikes count only in a mostly-ASCII word with no other phonetic letter
    ("ɪgnore"), not in a transcription ("bɪɡ", "ɡʊd")."""
    letters = sum(c.isascii() and c.isalpha() for c in word)
    if not letters:
        return False
    phonetic = 0
    for c in word:
        if c in _HOMOGLYPHS and c not in _NATIVE_LATIN:
            if not _PHONETIC_RE.match(c):
                return True  # Cyrillic, Greek, Armenian: always a disguise next to ASCII
            phonetic += 1
    if not phonetic:
        return False
    others = len(_PHONETIC_RE.findall(word)) - phonetic  # phonetic letters that are no look-alike
    return others == 0 and letters >= 3 and letters >= 2 * phonetic


# --- decoders --------------------------------------------------------------------------
