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
for this project; `filters.gloss_lexicon` loads them. Lookups run on folded text
(`filters.fold`: lower case, Latin accents stripped), so the forms are folded when loaded. Forms of several words ("mot de passe",
"a partir de ahora") match longest first. Runs of Chinese, Japanese or Thai are cut by greedy
longest match; a Hangul word the lexicon lacks is split into a known stem and ending.

Cost: English text is recognised by 8 `str.count` calls over its first 300 characters
(~4 us on a slow day) and never tokenized; text that is not dense English (40% of short chat
messages) is probed on its first 16 words, and left when under a tenth of them are foreign. Other text costs a
tokenizing regex and a trie lookup (~0.5 us) per word. Pure function of the text and the
lexicon; no I/O after the first load.
"""

from __future__ import annotations

import re

from filters.gloss_lexicon import GLOSS_DIR, MAX_PHRASE, MULTI, UNSPACED_RE, WORD_RE, Lexicon, load_lexicon

__all__ = ["GLOSS_DIR", "Lexicon", "english_dense", "gloss", "load_lexicon"]

# A form of at most this many characters is looked up when cutting unspaced script.
_MAX_CUT = 8
# A gloss is made only when this share of a text's words (and at least _MIN_GLOSSED of them)
# are words of another language the lexicon translates; below it the text is English, or a
# language the lexicon does not know, and the view would only repeat the text.
_MIN_SHARE = 0.25
_MIN_GLOSSED = 2
# A text is first probed on its first 16 words: with under a tenth of them known forms of
# another language (English code, logs and tables, which english_dense passes on), the rest
# of it is not tokenized.
_PROBE_WORDS = 16
# Characters glossed per text at most: a gloss is a Python pass over the words.
MAX_GLOSS_CHARS = 16_384

# Hangul: words are spaced but carry their particles and endings ("지시를" = 지시 + 를). A word
# the lexicon lacks is split once into a known stem and a known ending, never cut further:
# cut by longest match, an unknown word fell into syllables that are words of their own
# ("쿠키", cookie, read as 쿠 + 키 "key"; "매개변수" as "every" + ...).
_HANGUL_RE = re.compile("[\uac00-\ud7af]")
_SPACES_RE = re.compile(r"[ \t]{2,}")
# English function words, counted to leave English text alone (see english_dense).
_EN_MARKERS = (" the ", " you", " and ", " to ", " is ", " of ", " a ", " i ")


# English is recognised from this many characters at the start of a text (its first lines
# say what it is; a long English request with a pasted document in another language has the
# document as a region of its own, which is looked at apart).
_EN_HEAD = 300


def english_dense(text: str) -> bool:
    """True when `text` (folded) reads as English: its most frequent words are common enough
    that it needs no gloss. A few `str.count` passes over its head, no tokenizing."""
    head = " " + text[:_EN_HEAD]
    n = 0
    for w in _EN_MARKERS:
        n += head.count(w)
    # English prose has one of these words about every 4-6 words (~30 characters); text in
    # another language a few per kilobyte (borrowed words, names, "a" elsewhere). Of the 951
    # short fresh messages of the benchmark 393 are not dense and are probed (16 words); of
    # the 1,580 texts of the freeform multi files 18 pass as English (an English request over
    # a pasted document, glossed as a region of its own). Tried: 24 markers (234 and 44; the
    # counts cost more than the probes they save) and 8 over 400 characters (+40 us a message
    # with the 64-word probe of the first version, on 2026-12-08's slow machine).
    return n >= 2 and n * 60 >= len(head)  # one "a" or "i" in a short text settles nothing


def _cut(word: str, lex: Lexicon) -> list[tuple[str, int]]:
    """Greedy longest-match pieces of an unspaced-script word: (piece, trie id or -1)."""
    out: list[tuple[str, int]] = []
    prefixes, get = lex.trie.prefixes, lex.trie.get
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
    get = lex.trie.get
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
    english, get = lex.english, lex.trie.get
    seen = foreign = 0
    for m in WORD_RE.finditer(text):
        w = m.group()
        if UNSPACED_RE.match(w):
            n = len(w) // 2 or 1  # a run of Chinese, Japanese or Thai: about a word per 2 characters
            seen += n
            foreign += n
        else:
            seen += 1
            # one Latin letter is no evidence ("y", "e", "n" of a "\\n" in code)
            if w not in english and (len(w) > 1 or not w.isascii()) and get(w) is not None:
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
    cost 1.9 ms per 1 KB, against 0.7-1.0 now)."""
    if english_dense(text):
        return None
    text = text[:MAX_GLOSS_CHARS]
    if not _probe(text, lex):
        return None
    spans = [m.span() for m in WORD_RE.finditer(text)]
    words = [text[a:b] for a, b in spans]
    english, pairs = lex.english, lex.pairs
    get, prefixes = lex.trie.get, lex.trie.prefixes
    lang1, sense_ids = lex.lang1, lex.sense_ids
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
            cand = " ".join(words[k : k + MAX_PHRASE])
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
                if len(w) > 1 or not w.isascii():
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
            elif UNSPACED_RE.match(w):
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
    eng1, restore = lex.eng1, lex.english_word
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
