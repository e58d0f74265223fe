"""The gloss lexicons as the injection screening reads them: the TSV files of
`filters/gloss_data` (README there) built once into marisa tries and compact sense records,
cached in the directory the Hyperscan databases use, and memory-mapped from there.

Why this shape: ~260,000 forms. As a dict of dicts they took 36 MB of the gateway's heap; as
flat arrays of every sense, 9 MB, which put a clean clone's gateway over the 150 MB the full
chain has (tests/test_presidio_lite.py, VmRSS 152.9). Memory-mapped tries and 3-byte sense
records take 1.9 MB of files, +1.6 MB of file pages (shared by the workers and every reload)
and +0.6 MB of heap at load, 0.04 s. The first build reads and folds every form: ~4 s.

What a word is lives here too (WORD_RE): forms are split into words the way the gloss splits
the text it reads, so a phrase matches word by word.
"""

from __future__ import annotations

import hashlib
import json
import mmap
import os
import re
import threading
from array import array
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Literal

import marisa_trie

from filters.fold import fold
from filters.hyperscan_set import cache_dir

__all__ = ["GLOSS_DIR", "MAX_PHRASE", "MULTI", "UNSPACED_RE", "WORD_RE", "Lexicon", "load_lexicon"]

GLOSS_DIR = Path(__file__).parent / "gloss_data"

# At most this many words of a phrase form ("a partir de ahora").
MAX_PHRASE = 4

# Scripts written without spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar): a
# run of them is one token, cut by longest match.
_UNSPACED = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
UNSPACED_RE = re.compile(f"[{_UNSPACED}]")
# Words: runs of unspaced script, or runs of anything but spaces, digits, punctuation (ASCII,
# general, CJK and full-width, Arabic and Devanagari marks) and unspaced script. Combining
# marks stay inside their word, which `\w` would not do for Thai or Devanagari vowel signs.
# "契約したMicrosoft" is two tokens: the Latin name is not cut into forms ("mi", "os").
WORD_RE = re.compile(
    f"[{_UNSPACED}]+"
    r"|[^\s0-9!-/:-@\[-`{-~\u00a1-\u00bf\u2000-\u206f\u3000-\u303f\uff01-\uff0f\uff1a-\uff20"
    r"\u060c\u061b\u061f\u06d4\u0964\u0965\u0e2f\u0e46\u0e5a\u0e5b"
    f"{_UNSPACED}]+"
)


# English function words a gloss may never produce (so not on any English side), which must
# not be read as another language's forms either.
_EXTRA_ENGLISH = frozenset(
    "a an the of to in on at by is are was were be been am it its this that these those "
    "and or but if so as do does did not no yes i you he she we they me him her us them "
    "my your his our their what which who whom whose when where why how can could will "
    "would shall should may might must have has had".split()
)


# `lang1` value of a form that belongs to several languages (its senses are in the overflow).
MULTI = 255


class Lexicon:
    """Every language's forms in a marisa trie; per trie id, the language and English of the
    form's sense (`lang1`, `eng1`: 3 bytes a form), or MULTI and its several senses in small
    overflow arrays (7,835 of 245,663 forms); the English senses in a second trie and the
    first two words of every phrase in a third. Loaded from the cache directory, all of it is
    memory-mapped (file pages, shared by the workers): a dict of the forms took 36 MB of heap,
    flat arrays of every sense with offsets 2.3 MB, this 0.85 MB (the 150 MB the full chain
    has, docs/architecture.md)."""

    __slots__ = (
        "eng1",
        "lang1",
        "_m_eng",
        "_m_ids",
        "_m_lang",
        "_m_off",
        "pairs",
        "trie",
        "_words",
        "digest",
        "english",
        "english_word",
        "langs",
    )

    def __init__(
        self,
        trie: marisa_trie.Trie,
        senses: tuple[Sequence[int], ...],
        words: marisa_trie.Trie,
        pairs: marisa_trie.Trie,
        english: frozenset[str],
        langs: tuple[str, ...],
        digest: str,
    ) -> None:
        self.trie = trie
        # lang1, eng1 (per form); m_ids (sorted form ids with several senses), m_off, m_lang, m_eng
        self.lang1, self.eng1, self._m_ids, self._m_off, self._m_lang, self._m_eng = senses
        self._words = words
        # English by id: marisa's restore_key costs ~0.6 us a word; the senses a text uses repeat
        self.english_word = lru_cache(maxsize=4096)(words.restore_key)
        # the first two words (joined by a space) of every form of several words: a phrase is
        # looked for only where two words begin one (phrases cost 0.46 of 1.2 ms per 1 KB
        # when every first word of one sent a lookup)
        self.pairs = pairs
        # Every word of every English side: a word of the text found here is English and stays
        # as it is. Without it "the", "it", "can" and "last" read as forms of other languages
        # ("so", "few", "need", "read") wherever an English text is not dense enough to skip.
        self.english = english
        self.langs = langs
        self.digest = digest  # sha256 of the data files, for lineage

    def sense_ids(self, i: int) -> list[tuple[int, int]]:
        """(language index, English id) of every sense of the form with trie id `i`."""
        l1 = self.lang1[i]
        if l1 != MULTI:
            return [(l1, self.eng1[i])]
        k = bisect_left(self._m_ids, i)
        lang, eng = self._m_lang, self._m_eng
        return [(lang[j], eng[j]) for j in range(self._m_off[k], self._m_off[k + 1])]

    def senses(self, form: str) -> list[tuple[int, str]] | None:
        """(language index, english) of `form` (a word, or words joined by one space)."""
        i = self.trie.get(form)
        if i is None:
            return None
        return [(li, self.english_word(e)) for li, e in self.sense_ids(i)]

    def lookup(self, form: str) -> dict[int, str] | None:
        got = self.senses(form)
        return dict(got) if got is not None else None

    def starts_phrase(self, pair: str) -> bool:
        return pair in self.pairs


_CACHE_VERSION = 5


def _digest(paths: list[Path]) -> str:
    h = hashlib.sha256(f"gloss {_CACHE_VERSION}\0".encode())
    for path in paths:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def _parse(paths: list[Path]) -> dict[str, dict[int, str]]:
    """form (folded; several words joined by one space) -> {language index: english}."""
    forms: dict[str, dict[int, str]] = {}
    for li, path in enumerate(paths):
        raw = path.read_bytes()
        entries: list[tuple[bool, str, str]] = []
        for line in raw.decode("utf-8").splitlines():
            form, tab, english = line.partition("\t")
            if not tab:
                continue
            written = form.strip().lower()
            form = fold(written)
            if not form or form.startswith("#"):
                continue
            entries.append((form != written, form, " ".join(english.lower().split())))
        # Forms spelled as folding spells them first: Polish "ja" (I) keeps its sense against
        # "ją" (her), which folds to the same string.
        entries.sort(key=lambda e: e[0])
        for _, form, english in entries:
            parts = WORD_RE.findall(form)
            if 1 <= len(parts) <= MAX_PHRASE:
                forms.setdefault(" ".join(parts), {}).setdefault(li, english)
    return forms


def _build(paths: list[Path], cache: Path | None) -> Lexicon:
    langs = tuple(p.stem for p in paths)
    digest = _digest(paths)
    stem = cache / f"gloss-{digest[:24]}" if cache is not None else None
    if stem is not None:
        try:
            return _load_cached(stem, langs, digest)
        except (OSError, ValueError, KeyError, EOFError, TypeError, IndexError):
            pass  # absent or damaged: built (again) below
    forms = _parse(paths)
    trie = marisa_trie.Trie(forms)
    senses = sorted({e for d in forms.values() for e in d.values()})
    words = marisa_trie.Trie(senses)
    if len(words) > 0xFFFF or len(paths) >= MULTI:
        raise ValueError("gloss lexicons: too many English senses or languages for the arrays")
    lang1, eng1 = array("B"), array("H")
    m_ids, m_off, m_lang, m_eng = array("I"), array("I", [0]), array("B"), array("H")
    for i in range(len(trie)):
        found = forms[trie.restore_key(i)]
        if len(found) == 1:
            ((li, english),) = found.items()
            lang1.append(li)
            eng1.append(words[english])
        else:
            lang1.append(MULTI)
            eng1.append(0)
            m_ids.append(i)
            for li, english in found.items():
                m_lang.append(li)
                m_eng.append(words[english])
            m_off.append(len(m_lang))
    arrays = (lang1, eng1, m_ids, m_off, m_lang, m_eng)
    pairs = marisa_trie.Trie({" ".join(k.split(" ", 2)[:2]) for k in forms if " " in k})
    vocab = sorted({w for e in senses for w in e.split()})
    if stem is not None:
        try:
            stem.parent.mkdir(parents=True, exist_ok=True)
            for suffix, t in ((".words", words), (".pairs", pairs), (".trie", trie)):
                tmp = stem.with_suffix(f".{os.getpid()}.tmp")
                t.save(str(tmp))
                tmp.replace(stem.with_suffix(suffix))
            tmp = stem.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(_pack(arrays, vocab))
            tmp.replace(stem.with_suffix(".bin"))  # written last: its presence means complete
        except OSError:
            pass  # a read-only cache: the lexicon serves from memory all the same
    return Lexicon(trie, arrays, words, pairs, _english(vocab), langs, digest)


def _pack(arrays: tuple[array, ...], vocab: list[str]) -> bytes:
    """The sense arrays as one file: their lengths (uint32), then each array padded to 4
    bytes, then the English vocabulary as JSON."""
    tail = json.dumps(vocab).encode()
    out = [array("I", [len(a) for a in arrays] + [len(tail)]).tobytes()]
    for a in arrays:
        raw = a.tobytes()
        out.append(raw + b"\0" * (-len(raw) % 4))
    return b"".join(out) + tail


# The sense arrays' item types: lang1, eng1, m_ids, m_off, m_lang, m_eng.
_CODES: tuple[Literal["B", "H", "I"], ...] = ("B", "H", "I", "I", "B", "H")


def _load_cached(stem: Path, langs: tuple[str, ...], digest: str) -> Lexicon:
    """Every part memory-mapped: the tries and the sense arrays are file pages, shared by the
    workers and by every reload, not heap."""
    with open(stem.with_suffix(".bin"), "rb") as f:
        mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    view = memoryview(mm)
    counts = view[: 4 * 7].cast("I").tolist()
    at = 4 * 7
    arrays: list[Sequence[int]] = []
    for n, code in zip(counts[:6], _CODES, strict=True):
        size = n * array(code).itemsize
        arrays.append(view[at : at + size].cast(code))
        at += size + (-size % 4)
    if at + counts[6] != len(view):
        raise ValueError("damaged gloss cache")
    vocab = json.loads(bytes(view[at:]))
    tries = []
    for suffix in (".trie", ".words", ".pairs"):
        t = marisa_trie.Trie()
        t.mmap(str(stem.with_suffix(suffix)))
        tries.append(t)
    trie, words, pairs = tries
    if len(arrays[0]) != len(trie) or len(arrays[3]) != len(arrays[2]) + 1 or not isinstance(vocab, list):
        raise ValueError("damaged gloss cache")
    return Lexicon(trie, tuple(arrays), words, pairs, _english(vocab), langs, digest)


def _english(vocab: list[str]) -> frozenset[str]:
    return frozenset(vocab) | _EXTRA_ENGLISH


_LOCK = threading.Lock()
_LOADED: dict[Path, Lexicon] = {}


def load_lexicon(directory: Path = GLOSS_DIR, cache: Path | None = None) -> Lexicon:
    """The lexicon of every `*.tsv` under `directory`, once per process. Its trie is cached
    in `cache` (default: the rule prefilter's cache directory, `AIGW_CACHE_DIR`), keyed by
    the files' hash."""
    lex = _LOADED.get(directory)
    if lex is None:
        with _LOCK:
            lex = _LOADED.get(directory)
            if lex is None:
                lex = _LOADED[directory] = _build(sorted(directory.glob("*.tsv")), cache or cache_dir())
    return lex
