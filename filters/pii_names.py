"""Built-in PERSON and LOCATION recognizer: a lexicon plus context cues, no NER model.

Why not spaCy: its small English model (measured in bench/pii_eval.py) finds 74 % of
held-out names and 49 % of places, alters half of the technical prompts ("Flask", "Kafka"
come back as PERSON) and costs 110-192 ms per 2,000 characters. Names in prompts are mostly
written the way people write names: capitalised words that a name list knows, next to cues
("Dear", "Mr.", "my name is", "lives in", a signature). This module scores exactly that and
stays cheap (~0.06 ms per KB of prose): one regex pass finds the runs of capitalised words,
and a one-word run without a cue costs a dict lookup.

Parts: the lexicon (filters/pii_lexicon.py, data in filters/pii_data/), the word lists and
scores (filters/pii_name_words.py), cues and technical text (filters/pii_name_context.py),
street addresses (filters/pii_name_addresses.py), text typed without capitals
(filters/pii_name_lower.py). This module scores runs of capitalised words.

Precision layer: code (fenced blocks, `inline code`) is never scanned; a token glued to
code punctuation (`Flask.run`, `'Paris'`, `Kafka(`), an identifier (ALLCAPS, CamelCase) or
a word followed by a technical noun ("Kafka cluster", "Jinja templates") is not a name;
tech terms and common English words ("Will", "Grant", "Mobile") need a strong cue; in
technical text places need a personal cue ("lives in") and lone given names score below
the threshold; a lone first name at the start of a sentence scores below one in
mid-sentence. `NameFinder.vet` applies the same layer to spaCy's findings.

No Presidio import here (the config schema imports this module's siblings); the Presidio
`EntityRecognizer` wrapper is built by `presidio_recognizer()` on demand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from filters.pii_lexicon import COMMON, FIRST, LAST, PLACE, STRONG_PLACE, Lexicon, lexicon
from filters.pii_name_addresses import find_addresses
from filters.pii_name_context import (
    CODE_AFTER,
    GLUED_BEFORE,
    HUMAN_AFTER,
    PERSON_AFTER,
    PLACE_AFTER,
    code_spans,
    identifier_like,
    inside,
    is_technical,
    last_word,
    line_alone,
    next_word,
    read_cues,
    tech_markers,
)
from filters.pii_name_lower import LOWER_HINT, lower_case, lower_pairs
from filters.pii_name_words import (
    ABBREVIATED_PLACES,
    ANY_CUE_WORD,
    MONTHS_AND_DAYS,
    OUR_WORDS,
    PARTICLE_SET,
    PARTICLES,
    PLACE_PREFIXES,
    SCORE_CUE,
    SCORE_FULL_NAME,
    SCORE_NAME,
    SCORE_PLACE,
    SCORE_PLACE_STRONG,
    SCORE_TITLE,
    SCORE_WEAK,
    STOP,
    STREET_WORDS,
    TECH_NOUNS,
    TITLES,
    UPPER,
)

ENTITIES = ("PERSON", "LOCATION")

_LETTER = r"[^\W\d_]"
# A capitalised word: names keep apostrophes and hyphens inside (O'Brien, Jean-Luc).
_CAP = rf"[{UPPER}]{_LETTER}*(?:['’\-]{_LETTER}+)*\.?"
# A run of up to six capitalised words (particles between them), not glued to code. The
# pattern starts with the capital-letter class so the regex engine can skip to candidates
# (2.3x faster than a leading look-behind); what precedes the run is checked in `find`.
_RUN = re.compile(rf"({_CAP}(?:(?:[ \t]|[ \t](?:{PARTICLES}[ \t]){{1,2}}|-){_CAP}){{0,5}})(?![\w@`])")
_TOKEN = re.compile(rf"{_LETTER}+(?:['’\-]{_LETTER}+)*\.?")
_DIGIT = re.compile(r"\d")
_THREE_UPPER = re.compile(f"[{UPPER}][^{UPPER}]*[{UPPER}][^{UPPER}]*[{UPPER}]")

Hit = tuple[int, int, str, float]


class NameFinder:
    """Finds PERSON and LOCATION spans; immutable and thread-safe once built."""

    def __init__(self, entities: Iterable[str] = ENTITIES, lex: Lexicon | None = None) -> None:
        self.entities = frozenset(entities) & set(ENTITIES)
        self.lex = lex or lexicon()

    # ------------------------------------------------------------------ main entry

    def find(self, text: str) -> list[Hit]:
        if not self.entities or not text:
            return []
        code = code_spans(text)
        hits: list[Hit] = []
        flags, tech = self.lex.flags, self.lex.tech
        runs = list(_RUN.finditer(text))
        technical: bool | None = None  # computed on first need: most texts never need it
        for m in runs:
            start = m.start(1)
            if code and inside(code, start):
                continue
            run = m.group(1)
            if start and (text[start - 1] in GLUED_BEFORE or text[start - 1].isalpha()):
                # Glued to a word or code ("e.Name", "@Priya"): drop the first word.
                cut = run.find(" ")
                if cut == -1:
                    continue
                rest = run[cut + 1 :]
                skip = cut + 1
                first = rest.split(" ", 1)[0]
                if first in PARTICLE_SET:
                    skip += len(first) + 1
                    rest = rest[len(first) + 1 :]
                if not rest or not rest[0].isupper():
                    continue
                start += skip
                run = rest
            # Fast path for one-word runs, most capitalised words: an English word, a product
            # name or a word no list knows is scored only after a cue word (or a verb only a
            # person does after it); stop words and identifiers never.
            if " " not in run and "-" not in run:
                word = run.rstrip(".")
                if word[-2:] in ("'s", "’s"):
                    word = word[:-2]
                key = word.casefold()
                if key in STOP:
                    continue
                f = flags.get(key)
                if word in ABBREVIATED_PLACES:
                    if technical is None:
                        technical = is_technical(text, runs, self.lex)
                    if not technical:
                        hits.append((start, start + len(word), "LOCATION", SCORE_PLACE))
                    continue
                if f is None or f == COMMON or key in tech:
                    if identifier_like(word):
                        continue
                    prev = last_word(text, start)
                    if prev not in ANY_CUE_WORD and not (f is None and HUMAN_AFTER.match(text, m.end(1))):
                        continue
                    if f == COMMON and prev not in TITLES:
                        continue  # an English word that is no name or place: "Dear Sir", "in Spring"
            if technical is None:
                technical = is_technical(text, runs, self.lex)
            hits.extend(self._score_run(text, start, run, technical))
        if "LOCATION" in self.entities and _DIGIT.search(text):
            hits.extend(
                find_addresses(
                    text,
                    code,
                    runs,
                    lambda: technical if technical is not None else is_technical(text, runs, self.lex),
                )
            )
        # Lower-case passes only for text typed without capitals (chat): in capitalised
        # prose they cost ~0.3 ms per KB (every "in", "to", "from") and find nothing new.
        if _THREE_UPPER.search(text, 0, 400) is None and LOWER_HINT.search(text):
            hits.extend(lower_case(self.lex, text, code))
            if "PERSON" in self.entities:
                hits.extend(lower_pairs(self.lex, text, code))
        return [h for h in hits if h[2] in self.entities]

    # ------------------------------------------------------------------ capitalised runs

    def _score_run(self, text: str, start: int, run: str, technical: bool) -> list[Hit]:
        flags, tech = self.lex.flags, self.lex.tech
        toks = []
        for t in _TOKEN.finditer(run):
            word = t.group()
            end = start + t.end()
            if word.endswith(".") and word[:-1].casefold() not in TITLES:
                word, end = word[:-1], end - 1  # "Austria." ends a sentence
            if word[-2:] in ("'s", "’s"):
                word, end = word[:-2], end - 2  # "Go's", "Priya's"
            toks.append((start + t.start(), end, word.rstrip(".")))
        # Drop stop words at the edges ("The", "In Paris" starts a sentence).
        while toks and toks[0][2].casefold() in STOP and toks[0][2].casefold() not in TITLES:
            toks.pop(0)
        while toks and toks[-1][2].casefold() in STOP:
            if (
                len(toks) >= 3
                and toks[-1][2].casefold() not in MONTHS_AND_DAYS
                and all(t[2][:1].isupper() for t in toks[-3:])
                and all(
                    (f := self.lex.flags.get(t[2].casefold(), 0)) & (FIRST | LAST) or f == 0
                    for t in toks[-3:-1]
                )
            ):
                break  # "Nguyễn Văn An": a given name that is also a function word
            toks.pop()
        if not toks:
            return []
        s0 = toks[0][0]
        end = toks[-1][1]
        after_code = CODE_AFTER.match(text, end) is not None
        if after_code or (s0 > 0 and text[s0 - 1] in "._"):
            return []
        nxt = next_word(text, end)
        tech_noun_after = nxt in TECH_NOUNS
        cues = read_cues(text, s0)
        initial, title, person_cue, weak_person = cues.initial, cues.title, cues.person, cues.weak_person
        addressed = cues.address
        personal_place = cues.personal_place or (
            PLACE_AFTER.match(text, end) is not None and last_word(text, s0) in OUR_WORDS
        )
        place_cue = cues.place or personal_place

        # Title inside the run: "Dr Lindqvist" is a run of two capitalised words.
        if len(toks) >= 2 and toks[0][2].casefold().rstrip(".") in TITLES:
            toks = toks[1:]
            s0 = toks[0][0]
            title = person_cue = True

        keys = [t[2].casefold() for t in toks]
        fl = [flags.get(k, 0) for k in keys]
        is_tech = [k in tech for k in keys]
        odd = [identifier_like(t[2]) for t in toks]
        out: list[Hit] = []

        # Places: the longest lexicon phrase first, left to right.
        place_spans: list[tuple[int, int, int]] = []  # token i..j, flags
        i = 0
        while i < len(toks):
            found = None
            for j in range(min(len(toks), i + self.lex.max_phrase), i, -1):
                if j - i == 1:
                    f = fl[i]
                else:
                    f = flags.get(text[toks[i][0] : toks[j - 1][1]].casefold(), 0)
                if f & PLACE:
                    found = (i, j, f)
                    break
            if found:
                place_spans.append(found)
                i = found[1]
            else:
                i += 1

        # Persons: the longest stretch of name-like words (known names, initials, words
        # that are neither English nor tech), scored by how much supports it.
        n = len(toks)
        street = any(k in STREET_WORDS for k in keys)
        # Two-letter words count inside longer runs ("Siobhán Ní Bhriain", "Ng", "Vo").
        min_len = 2 if n > 1 else 3
        unknown = [fl[k] == 0 and not is_tech[k] and not odd[k] and len(keys[k]) >= min_len for k in range(n)]
        # Initials and lower-case particles ("M.", "de la") join a name but are not words of it.
        initial_tok = [
            len(keys[k]) == 1 or (toks[k][2].islower() and keys[k] in PARTICLE_SET and keys[k] not in STOP)
            for k in range(n)
        ]
        # A product name inside a longer name run is still a name ("Ruby Okafor"); alone it is not.
        place_word = [keys[k] in PLACE_PREFIXES for k in range(n)]
        namey = [
            not odd[k]
            and not place_word[k]
            and not (keys[k] in STOP and toks[k][2].islower())  # "Taylor Swift in Chicago"
            and (
                bool(fl[k] & (FIRST | LAST))
                or unknown[k]
                or initial_tok[k]
                or (is_tech[k] and n > 1)
                or (fl[k] & PLACE and not fl[k] & COMMON and n > 1)
            )
            for k in range(n)
        ]
        person_after = PERSON_AFTER.match(text, end) is not None
        alone = line_alone(text, toks[0][0], end)
        person: tuple[int, int, float] | None = None
        a = 0
        while a < n and not street and person is None:
            if not namey[a] or initial_tok[a]:
                a += 1
                continue
            b = a
            while b < n and namey[b]:
                b += 1
            words = [k for k in range(a, b) if not initial_tok[k]]
            known = [k for k in words if fl[k] & (FIRST | LAST)]
            clear = [k for k in known if not fl[k] & COMMON]
            score = 0.0
            if (
                len(words) >= 2
                and any(is_tech[k] for k in words)
                and all(is_tech[k] or (fl[k] & COMMON and not fl[k] & (FIRST | LAST)) for k in words)
                and (
                    technical
                    or not (fl[words[0]] & FIRST and not fl[words[0]] & COMMON and fl[words[-1]] & LAST)
                )
            ):
                score = 0.0  # "Apache Kafka", "Spring Boot"; not "Taylor Swift" outside tech text
            elif (
                len(words) >= 2
                and technical
                and any(is_tech[k] for k in words)
                and not (person_cue or title)
                and not (
                    fl[words[0]] & FIRST
                    and not fl[words[0]] & COMMON
                    and fl[words[-1]] & LAST
                    and not (is_tech[words[0]] and is_tech[words[-1]])
                )
            ):
                score = 0.0  # in technical text a product inside a run needs a cue: "Spring Boot"
            elif len(words) >= 2:
                if fl[words[0]] & FIRST and fl[words[-1]] & (LAST | FIRST) and not tech_noun_after:
                    score = SCORE_CUE if person_cue else SCORE_FULL_NAME
                elif clear and not tech_noun_after:
                    score = SCORE_CUE if person_cue else SCORE_FULL_NAME
                elif known and (person_cue or person_after or alone):
                    score = SCORE_NAME
                elif len(known) + sum(unknown[k] for k in words) == len(words) and (
                    person_cue or person_after or alone or weak_person
                ):
                    score = SCORE_NAME
                elif all(unknown[k] for k in words) and not technical and not place_cue:
                    score = SCORE_NAME - 0.05  # two words neither English nor known: "Biaiardo Pecci"
                if score and all(fl[k] & PLACE for k in words) and place_cue:
                    score = 0.0  # "in Santa Rosa": a place
            elif len(words) == 1:
                k = words[0]
                f = fl[k]
                if title:
                    score = SCORE_TITLE
                elif addressed and (f & FIRST or unknown[k] or (is_tech[k] and f & (FIRST | LAST))):
                    score = SCORE_CUE  # "Dear Julia,", "Regards,\nAlice"
                elif is_tech[k] or tech_noun_after:
                    score = 0.0
                elif f & PLACE and (place_cue or f & STRONG_PLACE):
                    score = 0.0  # "in Florence", "Paris": the place reading wins
                elif weak_person and f & FIRST and not initial and not technical:
                    score = SCORE_NAME  # "ask Maria", "with Grace": capitalised mid-sentence after a cue
                elif person_cue or (person_after and not unknown[k]) or HUMAN_AFTER.match(text, end):
                    score = SCORE_CUE if f & FIRST or unknown[k] else SCORE_NAME if not f & COMMON else 0.0
                elif f & FIRST and not f & COMMON:
                    if technical and not weak_person:  # "ask Maria about the Phoenix deploy"
                        score = SCORE_WEAK
                    else:
                        score = SCORE_NAME - 0.05 if initial else SCORE_NAME
            if score:
                person = (a, b, score)
            a = b

        if person is not None and any(
            i <= person[0] and person[1] <= j and (f & STRONG_PLACE or place_cue or j - i >= 2)
            for i, j, f in place_spans
        ):
            person = None  # "North America", "in Santa Rosa": the place reading
        if person is not None and personal_place and person[0] == 0 and not title:
            a, b, _ = person
            w = [k for k in range(a, b) if not initial_tok[k]]
            surely_person = (
                len(w) >= 2
                and fl[w[0]] & FIRST
                and not fl[w[0]] & PLACE
                and fl[w[-1]] & LAST
                and not fl[w[-1]] & PLACE
            )
            if not surely_person:
                person = None  # "moved to São Domingos", "our Evans office": the place reading
                place_spans = [(i, j, f) for i, j, f in place_spans if j <= a or i >= b]
                place_spans.append((a, b, PLACE))
        if (
            person is None
            and place_cue
            and (personal_place or not technical)
            and not any(i == 0 for i, _, _ in place_spans)
            and (unknown[0] or (personal_place and namey[0] and not is_tech[0]))
        ):
            b = 1
            while b < n and (unknown[b] or fl[b] & PLACE or (personal_place and namey[b])):
                b += 1
            score = SCORE_CUE if personal_place else SCORE_NAME - 0.05
            out.append((toks[0][0], toks[b - 1][1], "LOCATION", score))
        if person is not None:
            a, b, score = person
            out.append((toks[a][0], toks[b - 1][1], "PERSON", score))
        for i, j, f in place_spans:
            if person is not None and i < person[1] and person[0] < j:
                continue
            if personal_place and i == 0:
                # "relocating to São Domingos do Cariri": the whole run after the cue.
                particle = [toks[k][2].islower() and keys[k] in PARTICLE_SET for k in range(n)]
                while (
                    j < n
                    and (unknown[j] or fl[j] & PLACE or initial_tok[j] or particle[j])
                    and not is_tech[j]
                ):
                    j += 1
                while particle[j - 1]:
                    j -= 1
            if any(is_tech[i:j]) and not (place_cue and f & STRONG_PLACE):
                continue
            if tech_noun_after and j == n:
                continue
            if any(odd[i:j]):
                continue
            if f & STRONG_PLACE:
                score = SCORE_PLACE_STRONG
            elif personal_place and i == 0:
                score = SCORE_CUE
            elif f & (FIRST | LAST) and not place_cue:
                continue  # "Jackson", "Florence" alone: the name reading is as likely
            else:
                score = SCORE_PLACE
            if f & COMMON and j - i == 1:
                score = SCORE_CUE if place_cue and not technical else 0.0
            elif place_cue:
                score = max(score, SCORE_CUE)
            if technical and not personal_place:
                score = 0.0  # "Paris region", "our Frankfurt cluster", "GDPR in Germany"
            if score:
                out.append((toks[i][0], toks[j - 1][1], "LOCATION", score))
        return out

    def vet(self, text: str, start: int, end: int, entity: str) -> bool:
        """The precision layer applied to another recognizer's PERSON/LOCATION (spaCy's).

        False for spans in code, glued to code punctuation, made only of tech-list words or
        identifiers, followed by a technical noun; in technical text a place needs a
        personal cue and a lone name a cue. spaCy's small model alone left 20 of 40 held-out
        technical prompts unchanged; through this check it changes none of them.
        """
        if entity not in ENTITIES:
            return True
        if inside(code_spans(text), start):
            return False
        if (start and text[start - 1] in GLUED_BEFORE) or CODE_AFTER.match(text, end):
            return False
        flags, tech = self.lex.flags, self.lex.tech
        words = [w.rstrip(".").removesuffix("'s").removesuffix("’s") for w in text[start:end].split()]
        words = [w for w in words if w]
        if not words or any(identifier_like(w) for w in words):
            return False
        keys = [w.casefold() for w in words]
        cues = read_cues(text, start)
        if cues.address:
            return True  # "Dear Julia,", "Mr. Jenkins"
        if all(k in tech or k in STOP or flags.get(k, 0) == COMMON for k in keys):
            return False  # "Flask", "Pandas", "the Cloud"
        if next_word(text, end) in TECH_NOUNS:
            return False
        if tech_markers(text) or any(k in tech for k in keys):
            if entity == "LOCATION":
                return cues.personal_place
            if len(words) == 1:
                return cues.person or cues.address
        return True


_FINDERS: dict[frozenset[str], NameFinder] = {}


def name_finder(entities: Iterable[str] = ENTITIES) -> NameFinder:
    key = frozenset(entities)
    finder = _FINDERS.get(key)
    if finder is None:
        finder = _FINDERS.setdefault(key, NameFinder(key))
    return finder


def presidio_recognizer(entities: Iterable[str] = ENTITIES, language: str = "en") -> Any:
    """The finder as a Presidio `EntityRecognizer`, usable in an `AnalyzerEngine` registry.

    It needs no NLP artifacts, so it works with Presidio's no-op NLP engine (no spaCy model).
    """
    from filters.presidio_lite import package  # Presidio without spaCy (its docstring says why)

    EntityRecognizer: Any = package().EntityRecognizer
    RecognizerResult = package().RecognizerResult
    finder = name_finder(entities)

    class BuiltinNameRecognizer(EntityRecognizer):
        """PERSON and LOCATION from aigw's lexicon and context cues, no NER model."""

        def load(self) -> None:
            lexicon()

        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
            wanted = set(entities or self.supported_entities)
            return [
                RecognizerResult(entity_type=e, start=s, end=t, score=score)
                for s, t, e, score in finder.find(text)
                if e in wanted
            ]

    return BuiltinNameRecognizer(
        supported_entities=sorted(finder.entities),
        name="BuiltinNameRecognizer",
        supported_language=language,
    )
