"""Word-by-word English glosses of text in other languages, for the injection screening.

Why: the classifier reads character and word n-grams, and most of what it learned an attack
looks like, it learned in English; most rules are written in English too. Held out by source,
the detector caught 0.67 of attacks overall but 0.2-0.5 of the attacks written in Hindi,
Bengali, Arabic, Persian, Turkish, Vietnamese, Thai, Korean and the other languages no big
training source covers (docs/injection.md, LOSO): an n-gram of "निर्देशों" shares nothing with
"instructions". A gloss replaces every word the lexicon knows with its English rendering
("ignoriere alle vorherigen anweisungen" -> "ignore all previous instructions"), which the
rules and the classifier then read as one more view of the text, like a decoded base64
payload (`filters.injection.Detector`, GLOSS_WEIGHT). Rough English is enough for an n-gram
model and for most rules: they need the words, not the grammar.

The lexicons (`filters/gloss_data/<lang>.tsv`, `form<TAB>english`, README there) were written
for this project. Lookups run on folded text (`filters.fold`: lower case, Latin accents
stripped), so the forms are folded when loaded. Forms of several words ("mot de passe",
"a partir de ahora") match longest first. Runs of Chinese, Japanese or Thai are cut by greedy
longest match; a Hangul word the lexicon lacks is split into a known stem and ending.

Cost: English text is recognised by a few `str.count` calls over its first 400 characters
(~1 us) and never tokenized; text that is not dense English but shows under a tenth of
foreign words in its first 64 (code, logs, tables) is probed and left. Other text costs a
tokenizing regex and a trie lookup (~0.5 us) per word. Pure function of the text and the
lexicon; no I/O after the first load.
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

__all__ = ["GLOSS_DIR", "Lexicon", "english_dense", "gloss", "load_lexicon"]

GLOSS_DIR = Path(__file__).parent / "gloss_data"

# A form of at most this many characters is looked up when cutting unspaced script.
_MAX_CUT = 8
# At most this many words of a phrase form ("a partir de ahora").
_MAX_PHRASE = 4
# A gloss is made only when this share of a text's words (and at least _MIN_GLOSSED of them)
# are words of another language the lexicon translates; below it the text is English, or a
# language the lexicon does not know, and the view would only repeat the text.
_MIN_SHARE = 0.25
_MIN_GLOSSED = 2
# A text is first probed on its first words: with under a tenth of them known forms of
# another language (English code, logs and tables, which english_dense passes on), the rest
# of it is not tokenized.
_PROBE_WORDS = 64
# Characters glossed per text at most: a gloss is a Python pass over the words.
MAX_GLOSS_CHARS = 16_384

# Scripts written without spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar): a
# run of them is one token, cut by longest match.
_UNSPACED = "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_UNSPACED_RE = re.compile(f"[{_UNSPACED}]")
# Words: runs of unspaced script, or runs of anything but spaces, digits, punctuation (ASCII,
# general, CJK and full-width, Arabic and Devanagari marks) and unspaced script. Combining
# marks stay inside their word, which `\w` would not do for Thai or Devanagari vowel signs.
# "契約したMicrosoft" is two tokens: the Latin name is not cut into forms ("mi", "os").
_WORD_RE = re.compile(
    f"[{_UNSPACED}]+"
    r"|[^\s0-9!-/:-@\[-`{-~\u00a1-\u00bf\u2000-\u206f\u3000-\u303f\uff01-\uff0f\uff1a-\uff20"
    r"\u060c\u061b\u061f\u06d4\u0964\u0965\u0e2f\u0e46\u0e5a\u0e5b"
    f"{_UNSPACED}]+"
)
# Hangul: words are spaced but carry their particles and endings ("지시를" = 지시 + 를). A word
# the lexicon lacks is split once into a known stem and a known ending, never cut further:
# cut by longest match, an unknown word fell into syllables that are words of their own
# ("쿠키", cookie, read as 쿠 + 키 "key"; "매개변수" as "every" + ...).
_HANGUL_RE = re.compile("[\uac00-\ud7af]")
_SPACES_RE = re.compile(r"[ \t]{2,}")
# English function words, counted to leave English text alone (see english_dense).
_EN_MARKERS = (" the ", " you", " and ", " to ", " is ", " of ", " this ", " that ")


# English is recognised from this many characters at the start of a text (its first lines
# say what it is; a long English request with a pasted document in another language has the
# document as a region of its own, which is looked at apart).
_EN_HEAD = 400


# English function words a gloss may never produce (so not on any English side), which must
# not be read as another language's forms either.
_EXTRA_ENGLISH = frozenset(
    "a an the of to in on at by is are was were be been am it its this that these those "
    "and or but if so as do does did not no yes i you he she we they me him her us them "
    "my your his our their what which who whom whose when where why how can could will "
    "would shall should may might must have has had".split()
)


def english_dense(text: str) -> bool:
    """True when `text` (folded) reads as English: its most frequent words are common enough
    that it needs no gloss. A few `str.count` passes over its head, no tokenizing."""
    head = text[:_EN_HEAD]
    n = 0
    for w in _EN_MARKERS:
        n += head.count(w)
    # English prose has one of these words about every 4-6 words (~30 characters); a
    # German, Spanish or Turkish text has a few per kilobyte (borrowed words, names).
    return n * 60 >= len(head)


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
        "_eng1",
        "_lang1",
        "_m_eng",
        "_m_ids",
        "_m_lang",
        "_m_off",
        "_pairs",
        "_trie",
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
        self._trie = trie
        # lang1, eng1 (per form); m_ids (sorted form ids with several senses), m_off, m_lang, m_eng
        self._lang1, self._eng1, self._m_ids, self._m_off, self._m_lang, self._m_eng = senses
        self._words = words
        # English by id: marisa's restore_key costs ~0.6 us a word; the senses a text uses repeat
        self.english_word = lru_cache(maxsize=4096)(words.restore_key)
        # the first two words (joined by a space) of every form of several words: a phrase is
        # looked for only where two words begin one (phrases cost 0.46 of 1.2 ms per 1 KB
        # when every first word of one sent a lookup)
        self._pairs = pairs
        # Every word of every English side: a word of the text found here is English and stays
        # as it is. Without it "the", "it", "can" and "last" read as forms of other languages
        # ("so", "few", "need", "read") wherever an English text is not dense enough to skip.
        self.english = english
        self.langs = langs
        self.digest = digest  # sha256 of the data files, for lineage

    def sense_ids(self, i: int) -> list[tuple[int, int]]:
        """(language index, English id) of every sense of the form with trie id `i`."""
        l1 = self._lang1[i]
        if l1 != MULTI:
            return [(l1, self._eng1[i])]
        k = bisect_left(self._m_ids, i)
        lang, eng = self._m_lang, self._m_eng
        return [(lang[j], eng[j]) for j in range(self._m_off[k], self._m_off[k + 1])]

    def senses(self, form: str) -> list[tuple[int, str]] | None:
        """(language index, english) of `form` (a word, or words joined by one space)."""
        i = self._trie.get(form)
        if i is None:
            return None
        return [(li, self.english_word(e)) for li, e in self.sense_ids(i)]

    def longest_prefix(self, text: str) -> str | None:
        """The longest form that `text` starts with."""
        found = self._trie.prefixes(text)
        return found[-1] if found else None

    def lookup(self, form: str) -> dict[int, str] | None:
        got = self.senses(form)
        return dict(got) if got is not None else None

    def starts_phrase(self, pair: str) -> bool:
        return pair in self._pairs


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
            parts = _WORD_RE.findall(form)
            if 1 <= len(parts) <= _MAX_PHRASE:
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


def _cut(word: str, lex: Lexicon) -> list[tuple[str, int]]:
    """Greedy longest-match pieces of an unspaced-script word: (piece, trie id or -1)."""
    out: list[tuple[str, int]] = []
    prefixes, get = lex._trie.prefixes, lex._trie.get
    i, n = 0, len(word)
    while i < n:
        found = prefixes(word[i : i + _MAX_CUT])
        if found:
            form = found[-1]
            out.append((form, get(form)))
            i += len(form)
        else:
            # no form starts here: one character stays as it is (a name, a rare word)
            if out and out[-1][1] < 0:
                out[-1] = (out[-1][0] + word[i], -1)
            else:
                out.append((word[i], -1))
            i += 1
    return out


def _stem_and_ending(word: str, lex: Lexicon) -> tuple[tuple[str, int], tuple[str, int]] | None:
    """A Hangul word as a known stem and a known ending (longest stem first), or None."""
    get = lex._trie.get
    for j in range(len(word) - 1, 0, -1):
        stem = get(word[:j])
        if stem is not None:
            ending = get(word[j:])
            if ending is not None:
                return (word[:j], stem), (word[j:], ending)
    return None


def _probe(text: str, lex: Lexicon) -> bool:
    """Whether the first _PROBE_WORDS words show enough of another language (tokenizing no
    further: a 16 KB English log that english_dense passed on is not split into words)."""
    english, get = lex.english, lex._trie.get
    seen = foreign = 0
    for m in _WORD_RE.finditer(text):
        w = m.group()
        if _UNSPACED_RE.match(w):
            n = len(w) // 2 or 1  # a run of Chinese, Japanese or Thai: about a word per 2 characters
            seen += n
            foreign += n
        else:
            seen += 1
            if w not in english and get(w) is not None:
                foreign += 1
        if seen >= _PROBE_WORDS:
            break
    return foreign * 10 >= seen and foreign >= _MIN_GLOSSED


def gloss(text: str, lex: Lexicon, *, keep_unknown: bool = True) -> str | None:
    """The English gloss of folded `text`, or None when it has too few foreign words known to
    the lexicon (English text, or a language it does not cover) to be worth a view.

    `keep_unknown`: words the lexicon does not know stay in the gloss (names, English words in
    a mixed text); otherwise they are dropped.

    One pass over the words finds each one's trie id (a phrase's, a cut piece's) and counts
    the languages they belong to; a second picks each id's sense in the languages the text
    shows. Senses are read from the flat arrays by id, never built as lists per word (which
    cost 1.9 ms per 1 KB, against ~0.4 now)."""
    if english_dense(text):
        return None
    text = text[:MAX_GLOSS_CHARS]
    if not _probe(text, lex):
        return None
    spans = [m.span() for m in _WORD_RE.finditer(text)]
    words = [text[a:b] for a, b in spans]
    english, pairs = lex.english, lex._pairs
    get, prefixes = lex._trie.get, lex._trie.prefixes
    lang1, sense_ids = lex._lang1, lex.sense_ids
    # pieces: (gap before, word as written, trie id or -1); a phrase is one piece
    pieces: list[tuple[str, str, int]] = []
    votes = [0] * len(lex.langs)
    known = total = 0
    pos = 0
    n = len(words)
    k = 0
    while k < n:
        a, b = spans[k]
        gap = text[pos:a]
        w = words[k]
        total += 1
        if k + 1 < n and w + " " + words[k + 1] in pairs:
            cand = " ".join(words[k : k + _MAX_PHRASE])
            size = 0
            i = -1
            for form in reversed(prefixes(cand)):
                size = form.count(" ") + 1
                # a prefix of the joined words that ends inside a word is no match
                if size > 1 and " ".join(words[k : k + size]) == form:
                    i = get(form)
                    break
                size = 0
            if size:
                pieces.append((gap, form, i))
                pos = spans[k + size - 1][1]
                k += size
                total += size - 1
                known += size
                for li, _ in sense_ids(i):
                    votes[li] += size
                continue
        if w in english:
            pieces.append((gap, w, -1))
        else:
            i = get(w)
            if i is not None:
                pieces.append((gap, w, i))
                known += 1
                l1 = lang1[i]
                if l1 != MULTI:  # most forms belong to one language
                    votes[l1] += 1
                else:
                    for li, _ in sense_ids(i):
                        votes[li] += 1
            elif _HANGUL_RE.match(w):
                split = _stem_and_ending(w, lex)
                if split is not None:
                    (sw, si), (ew, ei) = split
                    pieces.append((gap, sw, si))
                    pieces.append(("", ew, ei))
                    known += 1
                    for li, _ in sense_ids(si):
                        votes[li] += 1
                else:
                    pieces.append((gap, w, -1))
            elif _UNSPACED_RE.match(w):
                cut = _cut(w, lex)
                pieces.append((gap, "", -1))
                for piece, ci in cut:
                    pieces.append(("", piece, ci))
                    if ci >= 0:
                        known += 1
                        for li, _ in sense_ids(ci):
                            votes[li] += 1
                total += len(cut) - 1
            else:
                pieces.append((gap, w, -1))
        pos = b
        k += 1
    if known < _MIN_GLOSSED or known < _MIN_SHARE * total:
        return None
    # The languages the text shows: the most voted, and any with a quarter of its votes
    # (a text mixing two languages), best first.
    top = max(votes)
    ranked = sorted((li for li, v in enumerate(votes) if v and v * 4 >= top), key=lambda li: -votes[li])
    shown = set(ranked)
    eng1, restore = lex._eng1, lex.english_word
    out: list[str] = []
    for gap, w, i in pieces:
        out.append(gap or " ")  # no gap between two scripts' runs, or a cut word's pieces
        sense = None
        if i >= 0:
            l1 = lang1[i]
            if l1 != MULTI:
                if l1 in shown:
                    sense = restore(eng1[i])
            else:
                pairs_of = sense_ids(i)
                for li in ranked:
                    for pl, pe in pairs_of:
                        if pl == li:
                            sense = restore(pe)
                            break
                    if sense is not None:
                        break
        if sense is not None:
            if sense:
                out.append(sense)
        elif w and (keep_unknown or w in english):
            out.append(w)
    result = _SPACES_RE.sub(" ", "".join(out) + text[pos:]).strip()
    if lex.langs[ranked[0]] in _NEGATION_AFTER_VERB:
        result = _CLAUSE_RE.sub(_front_negation, result)
    return result


# German, Dutch and the Scandinavian languages put "not" and "never" after the verb: "Gib dein
# Passwort niemals weiter" glosses to "give your password never further", which the English
# rules read as an order to give the password (they look for a negation right before the
# verb). In a gloss of one of these languages a clause with "not" or "never" in it is read
# with "do not" in front: a policy's "never share your password" stays a policy.
_NEGATION_AFTER_VERB = frozenset({"de", "nl", "sv", "da", "nb"})
_CLAUSE_RE = re.compile(r"[^.!?;\n]+")
_NOT_RE = re.compile(r"\b(?:not|never)\b")


# What may come before a clause's first word: spaces, tags, quotes and punctuation, numbers.
_LEAD_RE = re.compile(r"(?:\s+|<[^<>\n]{0,80}>|[^\w\s<]+|\d+\b)*")


def _front_negation(m: re.Match[str]) -> str:
    """'do not ' before the clause's first word (after any markup, quote or list number)."""
    clause = m.group()
    if not _NOT_RE.search(clause):
        return clause
    at = _LEAD_RE.match(clause).end()  # type: ignore[union-attr]  # matches the empty string
    if at >= len(clause) or clause.startswith(("do not ", "not ", "never "), at):
        return clause
    return clause[:at] + "do not " + clause[at:]
