"""Built-in PERSON and LOCATION recognizer: a lexicon plus context cues, no NER model.

Why not spaCy: its small English model (measured in bench/pii_eval.py) finds 74 % of
held-out names and 49 % of places, alters half of the technical prompts ("Flask", "Kafka"
come back as PERSON) and costs 110-192 ms per 2,000 characters. Names in prompts are mostly
written the way people write names: capitalised words that a name list knows, next to cues
("Dear", "Mr.", "my name is", "lives in", a signature). This module scores exactly that and
stays cheap (~0.06 ms per KB of prose): one regex pass finds the runs of capitalised words,
and a one-word run without a cue costs a dict lookup.

Data: `filters/pii_data/lexicon.tsv.gz` (built by `filters/pii_data/build.py` from US
Census 1990 names, Faker's given names and surnames of ~60 locales, GeoNames cities,
countries and US states; sources and licences in `filters/pii_data/SOURCES.md`) and the
hand-written `filters/pii_data/tech_terms.txt` (product, library and company names that
are also names or places).

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

import gzip
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "pii_data"
LEXICON_PATH = DATA_DIR / "lexicon.tsv.gz"
TECH_PATH = DATA_DIR / "tech_terms.txt"

# Lexicon flag bits (filters/pii_data/build.py writes them).
FIRST, LAST, PLACE, COMMON, STRONG_PLACE = 1, 2, 4, 8, 16

ENTITIES = ("PERSON", "LOCATION")

# Scores. The filter's default threshold is 0.5: evidence below it is dropped.
SCORE_TITLE = 0.9  # "Mr. Okafor", "Dr. Lindqvist"
SCORE_CUE = 0.85  # "my name is Priya", "Dear Tomasz,", "lives in Porto"
SCORE_FULL_NAME = 0.8  # "Allan Björk": a given name followed by a surname or another name
SCORE_PLACE_STRONG = 0.7  # a country, capital or US state, capitalised
SCORE_NAME = 0.6  # a lone given name mid-sentence ("ask Priya")
SCORE_PLACE = 0.6  # a city the lexicon knows, capitalised, not a common word
SCORE_WEAK = 0.4  # sentence-initial lone name, a common word: below threshold
SCORE_ADDRESS = 0.75  # "221B Baker Street", "Apt 4", "PO Box 17"

# Function words, months and days: never a name or a place, whatever the lexicon says
# (Faker's surname lists hold "In", "The"; "May", "June", "August" are given names).
STOP = frozenset(
    """a an the and or but nor if then else of in on at to for from by with without as is are was
    were be been being am do does did done have has had i me my mine we us our you your he him his
    she her hers it its they them their this that these those there here what which who whom whose
    why how when where while all any some each every no not yes so too very can could will would
    shall should may might must also just only than into onto over under about after before
    between through during above below up down out off again further once both few more most
    other such own same please hi hello hey dear thanks thank regards best cheers sincerely yours
    ok okay good first last next one two three january february march april may
    june july august september october november december monday tuesday wednesday thursday
    friday saturday sunday today tomorrow yesterday mr mrs ms dr prof sir madam miss mx god lord
    christmas easter street road avenue university college
    school hospital bank company inc ltd llc corp group team gonna wanna gotta kinda sorta lol
    omg btw idk tbh imo imho pls plz thx ty np asap fyi""".split()
)
# Places written as capitals, which the identifier rule would otherwise skip. Not "US"
# ("CONTACT US") nor "LA"/"SF", which are as often other things.
ABBREVIATED_PLACES = frozenset({"NYC", "USA", "UK", "UAE", "U.S.", "U.K.", "U.S.A.", "U.A.E."})
# First words of place names, never of a person's name ("São Domingos", "Santa Cruz").
PLACE_PREFIXES = frozenset(
    """san santa santo são sao saint sainte st sankt puerto porto port fort mount mt lake nova novo
    nové nový novi nowy nowa horní dolní velké malé nørre søndre vester øster bad ciudad villa
    nueva nuevo new north south east west upper lower greater little""".split()
)
MONTHS_AND_DAYS = frozenset(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday""".split()
)
# Street words: a run holding one is an address, not a person ("Rua Igreja 25").
STREET_WORDS = frozenset(
    """street st road rd avenue ave boulevard blvd lane ln drive dr court ct place pl square sq
    terrace way parkway highway circle crescent close row trail plaza alley bridge mill
    strasse straße str gasse weg platz allee rue via calle avenida rua piazza praça carrer
    viale corso largo tér utca út útja tee gatan vägen veien vej gade straat laan ulica trg
    cesta rúa chemin allée quai valley park island islands hill hills lake river mountain
    mountains bay beach county city town village heights springs falls harbor harbour port
    airport station""".split()
)

TITLES = frozenset(
    """mr mrs ms miss mx dr prof professor sir madam dame lady lord mme mlle monsieur madame herr
    frau señor señora senor senora sr sra dona don sheikh shaikh mrs. mr. ms. dr. prof. rev
    reverend fr father sister brother uncle aunt auntie grandma grandpa capt captain col
    lt sgt officer judge justice senator rep governor mayor president minister ambassador
    coach nurse agent detective inspector""".split()
)

# Cues are read from the last one to three words before a run (lower-cased, punctuation
# stripped): set lookups, not regex searches, because every candidate run pays for them.
STRONG_PERSON_1 = frozenset(
    """dear hi hello hey regards sincerely cheers thanks best signed attn named called employee
    patient customer client candidate applicant passenger guest contact beneficiary holder im
    i'm traveller traveler wishes yours""".split()
)
STRONG_PERSON_2 = frozenset(
    {"name is", "i am", "this is", "call me", "thank you", "full name", "contact person", "my name's", "it's"}
)
ADDRESS_WORDS = frozenset(
    "dear hi hello hey regards sincerely cheers thanks best signed attn yours wishes".split()
)
HEADER_WORDS = frozenset({"name", "from", "to", "cc", "bcc", "attendee", "owner", "author", "signed"})
PLACE_1 = frozenset(
    """in at from to near via visit visiting around outside across address location city country
    destination hometown""".split()
)
PERSONAL_PLACE_1 = frozenset({"visit", "visiting", "address", "hometown", "destination"})
PERSONAL_PLACE_2 = frozenset(
    """live in|lives in|living in|lived in|moved to|moving to|move to|fly to|flying to|flight to
    |flights to|flew to|trip to|travel to|traveling to|travelling to|based in|born in|up in
    |i'm from|am from|come from|comes from|headed to|heading to|arriving in|arrived in|staying in
    |hotel in|back to|back in|relocating to|relocate to|relocated to|lands in|landed in|landing in
    |relocating from|moving from|moved from|flew in|visit in|vacation in|holiday in|holidays in
    |lives at|live at|living at|staying at|address is|located at""".replace("\n", "")
    .replace("    ", "")
    .split("|")
)
WEAK_PERSON_1 = frozenset(
    """with for to by and cc about from called emailed texted met meet ask tell thank thanks invite
    invited hired hire interviewed contact contacted manager colleague traveller traveler
    passenger guest""".split()
)
OUR_WORDS = frozenset({"our", "the", "their", "your", "my"})
_CUE_STRIP = ",;.!?\"'()[]*>-–—“”‘’"
_INITIAL_BEFORE = frozenset('.!?:;\n•>|*("“[-+')


@dataclass(frozen=True, slots=True)
class Cues:
    title: bool
    person: bool  # strong: "Dear", "my name is", a title, an e-mail header
    weak_person: bool  # "with", "for", "called": enough for two name-like words
    place: bool  # "in", "to", "from", or a personal place cue
    personal_place: bool  # "lives in", "flying to", "destination"
    initial: bool  # first word of a sentence or line
    address: bool  # a greeting, sign-off, "my name is", header or title: beats the tech list


def read_cues(text: str, start: int) -> Cues:
    seg = text[max(0, start - 48) : start]
    raw = seg.split()[-3:]
    words = [w.strip(_CUE_STRIP).casefold() for w in raw]
    last = words[-1] if words else ""
    two = " ".join(words[-2:]) if len(words) >= 2 else ""
    header = bool(raw) and raw[-1].endswith(":") and last in HEADER_WORDS
    title = last.rstrip(".") in TITLES
    person = title or header or last in STRONG_PERSON_1 or two in STRONG_PERSON_2 or last in ("it's", "i'm")
    personal = two in PERSONAL_PLACE_2 or last in PERSONAL_PLACE_1
    i = len(seg) - 1
    while i >= 0 and seg[i] in " \t\"'“‘(":
        i -= 1
    initial = (i < 0 and start - len(seg) <= 0) or (i >= 0 and seg[i] in _INITIAL_BEFORE)
    return Cues(
        title=title,
        person=person,
        weak_person=last in WEAK_PERSON_1 or two == "assistant to",
        place=personal or last in PLACE_1,
        personal_place=personal,
        initial=initial,
        address=title or header or last in ADDRESS_WORDS or two in ("name is", "call me", "my name's"),
    )


# Last words of every cue above: a one-word run that no list knows is scored only after one.
ANY_CUE_WORD = (
    STRONG_PERSON_1
    | HEADER_WORDS
    | PLACE_1
    | WEAK_PERSON_1
    | OUR_WORDS
    | TITLES
    | {p.rsplit(" ", 1)[-1] for p in STRONG_PERSON_2 | PERSONAL_PLACE_2}
)


def _last_word(text: str, start: int) -> str:
    seg = text[max(0, start - 24) : start].split()
    return seg[-1].strip(_CUE_STRIP).casefold().rstrip(".") if seg else ""


# In lower-case chat only these strong cues lift a lower-case word.
LOWER_PERSON_CUE = re.compile(
    r"\b(?:my name is|my name's|name:|call me|i am|i'm|im|it's|its|this is|dear|hi|hello|hey|regards,?|cheers,?"
    r"|thanks,?|talk(?:ed)? to|spoke (?:to|with)|met|meet|ask|tell|cc|with)[ \t]*[,:]?[ \t\n]+"
    # The name is read in a look-ahead so "hey it's dani" still offers "it's" as a cue.
    r"(?=([^\W\d_]+(?:-[^\W\d_]+)?)(?:[ \t]+([^\W\d_][^\W\d_'\-]*))?)",
    re.IGNORECASE,
)
LOWER_PLACE_CUE = re.compile(
    r"\b(?:live in|lives in|living in|lived in|moved to|moving to|move to|relocat(?:e|ed|ing) to|fly(?:ing)? to|flight to"
    r"|flew to|trip to|travel(?:l?ing)? to|visiting|based in|born in|grew up in|from|in|to|near"
    r"|headed to|heading to|going to|arriving in|arrived in|staying in|back in|back to)[ \t]+"
    r"([^\W\d_][^\W\d_'\-]*)(?:[ \t]+([^\W\d_][^\W\d_'\-]*))?(?:[ \t]+([^\W\d_][^\W\d_'\-]*))?",
    re.IGNORECASE,
)
STRONG_LOWER_NAME_CUES = ("my name is", "my name's", "name:", "call me")
# Lower-case place cues that say the next words are a place even if the lexicon lacks them.
PERSONAL_LOWER_PLACE_CUES = frozenset(
    """live in|lives in|living in|lived in|moved to|moving to|move to|relocate to|relocated to
    |relocating to|fly to|flying to|flight to|flew to|trip to|travel to|traveling to|travelling to
    |visiting|based in|born in|grew up in|headed to|heading to|arriving in|arrived in|staying in""".replace(
        "\n", ""
    ).split("|")
)

# Nouns after a capitalised word that make it a product, not a person or a place.
TECH_NOUNS = frozenset(
    """app apps application server servers cluster clusters database databases db api apis sdk
    library libraries lib framework frameworks package packages module modules plugin plugins
    template templates templating pipeline pipelines job jobs container containers image images
    instance instances node nodes client clients driver drivers query queries version versions
    config configuration project projects repo repository model models integration bot bots
    stream streams topic topics broker brokers table tables service services backend frontend
    ui cli runtime engine engines script scripts code file files docs documentation syntax
    extension extensions connector connectors endpoint endpoints schema schemas index indexes
    consumer consumers producer producers worker workers task tasks queue queues cache
    controller controllers component components filter filters view views route routes tutorial
    tutorials developer developers dev devs build builds test tests release releases deployment
    deployments cloud console dashboard account accounts sql orm interpreter compiler kernel
    data dataframe dataframes array arrays notebook notebooks environment env shell syntax
    function functions method methods class classes object objects type types error errors
    exception exceptions bug bugs issue issues support users user install installation docker
    plan tier region regions zone zones bucket buckets lambda datacenter datacentre algorithm
    algorithms theorem method law distribution equation transform process chain simulation
    simulations sequence effect principle conjecture lemma problem rule""".split()
)

_UPPER = "".join(c for c in map(chr, range(0x41, 0x250)) if c.isupper() and c.isalpha())
_LETTER = r"[^\W\d_]"
# A capitalised word: names keep apostrophes and hyphens inside (O'Brien, Jean-Luc).
_CAP = rf"[{_UPPER}]{_LETTER}*(?:['’\-]{_LETTER}+)*\.?"
_PARTICLES = r"(?:de|da|do|dos|das|del|della|di|du|la|le|van|von|der|den|ter|ten|bin|binti|bint|ibn|al|el|y|of|upon|on|sur|am|an|im|in|nad|pod|na|bei|sul|sobre|en|e)"
# A run of up to six capitalised words (particles between them), not glued to code. The
# pattern starts with the capital-letter class so the regex engine can skip to candidates
# (2.3x faster than a leading look-behind); what precedes the run is checked in `find`.
_RUN = re.compile(rf"({_CAP}(?:(?:[ \t]|[ \t](?:{_PARTICLES}[ \t]){{1,2}}|-){_CAP}){{0,5}})(?![\w@`])")
_PARTICLE_SET = frozenset(_PARTICLES[3:-1].split("|"))
_GLUED_BEFORE = frozenset("@#$/\\.-'’`_") | frozenset("0123456789")
_TOKEN = re.compile(rf"{_LETTER}+(?:['’\-]{_LETTER}+)*\.?")
_CODE_SPAN = re.compile(r"```.*?(?:```|$)|`[^`\n]{1,400}`", re.DOTALL)
_ADDRESS = re.compile(
    r"(?<!\w)\d{1,5}[A-Za-z]?(?:[ \t]+[A-Z][\w'.\-]*){1,4}[ \t]+"
    r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|(?<!Hard )(?<!Flash )(?<!Disk )Drive|Dr|Court"
    r"|Ct|Place|Pl|Square|Sq"
    r"|Terrace|Way|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Crescent|Close|Row|Trail|Plaza|Alley"
    r"|Strasse|Straße|Str|Gasse|Weg|Platz|Allee)\b\.?"
)
_PREFIX_STREET_WORDS = frozenset(
    "Rue Via Calle Avenida Rua Avenue Boulevard Piazza Plaza Praça Carrer".split()
)
_ADDRESS_PREFIXED = re.compile(
    r"\b(?:Rue|Via|Calle|Avenida|Rua|Avenue|Boulevard|Piazza|Plaza|Praça|Carrer)"
    r"(?:[ \t]+(?:de|del|la|da|do|des|du|della|di)?[ \t]*[A-Z][\w'\-]*){1,4},?[ \t]+\d{1,5}\b"
    # number first: "12 Rue de la Paix", "350 Avenida Paulista"
    r"|\b\d{1,5}[a-zA-Z]?,?[ \t]+(?:Rue|Via|Calle|Avenida|Rua|Avenue|Boulevard|Piazza|Plaza|Praça|Carrer)"
    r"(?:[ \t]+(?:(?:de|del|la|da|do|des|du|della|di|dos|das|le|les)[ \t]+){0,2}[A-Z][\w'\-]*){1,4}"
)
_UNIT_WORDS = frozenset({"Apt", "Apartment", "Suite", "Ste", "Flat", "Box", "P.O", "PO"})
_ADDRESS_UNIT = re.compile(
    r"\b(?:Apt|Apartment|Suite|Ste|Flat)\.?[ \t]*#?[ \t]*\d{1,5}[A-Za-z]?\b"
    r"|\bP\.?[ \t]?O\.?[ \t]+Box[ \t]+\d{1,6}\b"
)
# US military and diplomatic mail ("PSC 0729, Box 5797 / APO AP 96854", "USNS Bergman / FPO
# AA 68422"): the unit line, then the APO/FPO/DPO line. Any case: people type it lower-case.
_MILITARY = re.compile(
    r"\b(?:(?:PSC|CMR|Unit)[ \t]+\d{3,5},?[ \t]+Box[ \t]+\d{3,5}|US[NC][SV]?[ \t]+[A-Za-z]+)[ \t]*,?[ \t]*\n?[ \t]*"
    r"(?:APO|FPO|DPO)[ \t]+(?:AA|AE|AP)[ \t]+\d{5}\b"
    r"|\b(?:APO|FPO|DPO)[ \t]+(?:AA|AE|AP)[ \t]+\d{5}\b",
    re.IGNORECASE,
)
# House number, one to four words (at least one capitalised), building number: "3247 Rua
# Igreja 25", "233 Erzsébet tér 19.", "6614 Luite tee 87". Not in technical text, where
# "2005 Windows 95" shapes occur.
_NUMBERED_STREET = re.compile(
    rf"(?<![\w.,:/\-])\d{{1,5}}[ \t]+(?:[{_UPPER}][\w'\-]*\.?[ \t]+(?:[\w'\-]{{1,12}}[ \t]+){{0,3}})"
    r"\d{1,4}[A-Za-z]?\b\.?(?![.,]?\d)"
)
_PERSON_AFTER = re.compile(
    r"[ \t]*,?[ \t]*(?:said|says|spent|told|asked|wrote|writes|replied|answered|works|worked|lives"
    r"|lived|joined|married|will be|was born|is a|was a|has been|had given|called|emailed|texted"
    r"|mentioned|thinks|wants|needs|and i|and me|'s (?:wife|husband|son|daughter|mother|father"
    r"|birthday|phone|number|email|address|office|manager|account))\b",
    re.IGNORECASE,
)
# What only a person does: enough for a lone word no list knows ("Asya spent a year").
_HUMAN_AFTER = re.compile(
    r"[ \t]*,?[ \t]*(?:said|says|told|asked|wrote|replied|answered|joined|married|was born|spent"
    r"|will be talking|had given|emailed|texted|and i|and me|'s (?:wife|husband|son|daughter|mother"
    r"|father|birthday|phone|email|address))\b",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_PLACE_AFTER = re.compile(
    r"[ \t]+(?:office|branch|headquarters|hq|site|campus|store|plant|factory|warehouse|airport|station)\b"
)
_TWO_CAPS = re.compile(r"[A-Z][A-Z]|[A-Z]-")
_MONTH = re.compile(
    r"\d+[ \t]+(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b",
    re.IGNORECASE,
)
_THREE_UPPER = re.compile(f"[{_UPPER}][^{_UPPER}]*[{_UPPER}][^{_UPPER}]*[{_UPPER}]")
_LOWER_WORD = re.compile(r"[^\W\d_]+(?:['\-][^\W\d_]+)*")
_CODE_AFTER = re.compile(r"(?:\.[A-Za-z_]|\(|\[|::|_|=|->|<|/[A-Za-z])")
_INNER_CAPS = re.compile(r"[a-z][A-Z]")
_NAME_PREFIXED_CAPS = re.compile(r"(?:Mc|Mac|O'|D'|De|Di|La|Le|Van|Von|Fitz)[A-Z]")
# Technical-text markers, tested as substrings and word sets: the equivalent IGNORECASE
# regex alternation cost 0.31 ms on a 112-character window without a match (0.0065 ms so).
_TECH_SYMBOLS = ("`", "=>", "()", "{", "def ", "import ", "pip install", "npm ", "stack trace", "pull request",
                 "unit test", "data cent", "http")  # fmt: skip
_TECH_WORDS = frozenset(
    """class function api sdk library framework code python javascript database server cluster query
    regex sql json yaml docker kubernetes aws azure gcp latency log logs config runtime package
    module plugin protocol repo gpu cpu kernel node nodes region regions replica replicas shard
    shards instance instances algorithm algorithms stacktrace""".split()
)
_TECH_STEMS = (
    "deploy", "compil", "templat", "encrypt", "decrypt", "cipher", "hash", "parse", "parsing", "debug",
    "variab", "array", "integer", "boolean", "script", "commit", "dataset", "tensor", "thread", "async",
    "callback", "exception", "snippet", "codebase", "backend", "frontend", "endpoint", "container",
)  # fmt: skip
_ASCII_WORD = re.compile(r"[a-z]+")


def tech_markers(text: str) -> bool:
    """Code punctuation, or a word of the technical vocabulary."""
    if any(s in text for s in _TECH_SYMBOLS):
        return True
    words = set(_ASCII_WORD.findall(text.lower()))
    if not words.isdisjoint(_TECH_WORDS):
        return True
    return any(w.startswith(_TECH_STEMS) for w in words)


@dataclass(frozen=True, slots=True)
class Lexicon:
    flags: dict[str, int]
    tech: frozenset[str]
    max_phrase: int


_LOCK = threading.Lock()
_LEXICON: Lexicon | None = None


def lexicon() -> Lexicon:
    """The shipped lexicon, loaded once per process, thread-safely (~0.5 s here, 24 MB)."""
    global _LEXICON
    if _LEXICON is None:
        with _LOCK:
            if _LEXICON is None:
                flags: dict[str, int] = {}
                text = gzip.decompress(LEXICON_PATH.read_bytes()).decode("utf-8")
                for block in text.split("\n="):
                    head, _, keys = block.lstrip("=").partition("\n")
                    flags.update(dict.fromkeys(keys.strip("\n").split("\n"), int(head)))
                tech = frozenset(
                    w.strip().casefold()
                    for w in TECH_PATH.read_text(encoding="utf-8").split()
                    if w.strip() and not w.startswith("#")
                )
                longest = max(k.count(" ") for k in flags) + 1
                _LEXICON = Lexicon(flags, tech, min(longest, 4))
    return _LEXICON


Hit = tuple[int, int, str, float]


def _code_spans(text: str) -> list[tuple[int, int]]:
    if "`" not in text:
        return []
    return [m.span() for m in _CODE_SPAN.finditer(text)]


def _inside(spans: list[tuple[int, int]], start: int) -> bool:
    return any(a <= start < b for a, b in spans)


def _line_alone(text: str, start: int, end: int) -> bool:
    """The run is a line of its own (a signature, an address block's first line)."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip(" \t>*-") != "":
        return False
    line_end = text.find("\n", end)
    rest = text[end : len(text) if line_end == -1 else line_end]
    return rest.strip(" \t,.") == ""


def _next_word(text: str, end: int) -> str:
    m = re.match(r"[ \t]*(?:'s[ \t]+)?([A-Za-z]+)", text[end : end + 30])
    return m.group(1).casefold() if m else ""


class NameFinder:
    """Finds PERSON and LOCATION spans; immutable and thread-safe once built."""

    def __init__(self, entities: Iterable[str] = ENTITIES, lex: Lexicon | None = None) -> None:
        self.entities = frozenset(entities) & set(ENTITIES)
        self.lex = lex or lexicon()

    # ------------------------------------------------------------------ main entry

    def find(self, text: str) -> list[Hit]:
        if not self.entities or not text:
            return []
        code = _code_spans(text)
        hits: list[Hit] = []
        flags, tech = self.lex.flags, self.lex.tech
        runs = list(_RUN.finditer(text))
        technical: bool | None = None  # computed on first need: most texts never need it
        for m in runs:
            start = m.start(1)
            if code and _inside(code, start):
                continue
            run = m.group(1)
            if start and (text[start - 1] in _GLUED_BEFORE or text[start - 1].isalpha()):
                # Glued to a word or code ("e.Name", "@Priya"): drop the first word.
                cut = run.find(" ")
                if cut == -1:
                    continue
                rest = run[cut + 1 :]
                skip = cut + 1
                first = rest.split(" ", 1)[0]
                if first in _PARTICLE_SET:
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
                        technical = self._technical(text, runs)
                    if not technical:
                        hits.append((start, start + len(word), "LOCATION", SCORE_PLACE))
                    continue
                if f is None or f == COMMON or key in tech:
                    if self._odd_token(word):
                        continue
                    prev = _last_word(text, start)
                    if prev not in ANY_CUE_WORD and not (f is None and _HUMAN_AFTER.match(text, m.end(1))):
                        continue
                    if f == COMMON and prev not in TITLES:
                        continue  # an English word that is no name or place: "Dear Sir", "in Spring"
            if technical is None:
                technical = self._technical(text, runs)
            hits.extend(self._score_run(text, start, run, technical))
        if "LOCATION" in self.entities and _DIGIT.search(text):
            hits.extend(self._addresses(text, code, runs, technical))
        # Lower-case passes only for text typed without capitals (chat): in capitalised
        # prose they cost ~0.3 ms per KB (every "in", "to", "from") and find nothing new.
        if _THREE_UPPER.search(text, 0, 400) is None and _LOWER_HINT.search(text):
            hits.extend(self._lower_case(text, code))
            if "PERSON" in self.entities:
                hits.extend(self._lower_pairs(text, code))
        return [h for h in hits if h[2] in self.entities]

    def _technical(self, text: str, runs: list[re.Match[str]]) -> bool:
        """Code markers, or a capitalised product name anywhere ("our Jenkins controller").

        Common words in the tech list ("Word", "Edge", "Box") do not count.
        """
        if tech_markers(text):
            return True
        flags, tech = self.lex.flags, self.lex.tech
        for m in runs:
            keys = [
                w.rstrip(".").removesuffix("'s").removesuffix("’s").casefold() for w in m.group(1).split()
            ]
            if not any(k in tech and not flags.get(k, 0) & (COMMON | PLACE) for k in keys):
                continue
            # A product alone or with other product or plain words ("Apache Kafka", "Spring
            # Boot"); not inside a person's name ("Taylor Swift in Chicago").
            if (
                all(k in tech or flags.get(k, 0) & (FIRST | LAST | PLACE) == 0 for k in keys)
                or len(keys) == 1
            ):
                return True
        return False

    def _addresses(
        self, text: str, code: list[tuple[int, int]], runs: list[re.Match[str]], technical: bool | None
    ) -> list[Hit]:
        """Street addresses; each pattern behind a cheap necessary condition (0.02 ms per KB of prose)."""
        # One pass over the capitalised runs answers the gates: "Apt", "Suite", "Rue", "Via"
        # start or sit in a run, and a numbered street is a run right after a number. (The
        # regex and set-building version of these gates cost 0.034 ms per KB of prose.)
        number_before = unit = prefixed = False
        for m in runs:
            run, start = m.group(1), m.start(1)
            words = [w.rstrip(".,") for w in run.split()] if " " in run else (run.rstrip(".,"),)
            unit = unit or not _UNIT_WORDS.isdisjoint(words)
            prefixed = prefixed or not _PREFIX_STREET_WORDS.isdisjoint(words)
            if not number_before and start and text[start - 1].isdigit():
                number_before = True  # "221B Baker Street": the run starts at the "B"
            elif not number_before and start and text[start - 1] in " \t":
                j = start - 2
                while j >= 0 and text[j] in " \t":
                    j -= 1
                if j >= 0 and (text[j].isdigit() or (j and text[j].isalpha() and text[j - 1].isdigit())):
                    number_before = True
        patterns = []
        if number_before:
            patterns.append(_ADDRESS)
            if technical is None:
                technical = self._technical(text, runs)
            if not technical:
                patterns.append(_NUMBERED_STREET)
        if unit:
            patterns.append(_ADDRESS_UNIT)
        if prefixed:
            patterns.append(_ADDRESS_PREFIXED)
        if "po " in text or "PO " in text or "Po " in text:
            patterns.append(_MILITARY)
        out: list[Hit] = []
        for pattern in patterns:
            for m in pattern.finditer(text):
                if pattern is _NUMBERED_STREET and _MONTH.match(m.group()):
                    continue  # "13 September 1959"
                if not (code and _inside(code, m.start())):
                    out.append((m.start(), m.end(), "LOCATION", SCORE_ADDRESS))
        return out

    # ------------------------------------------------------------------ capitalised runs

    @staticmethod
    def _title_before(text: str, start: int) -> bool:
        return _last_word(text, start) in TITLES

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
        after_code = _CODE_AFTER.match(text, end) is not None
        if after_code or (s0 > 0 and text[s0 - 1] in "._"):
            return []
        nxt = _next_word(text, end)
        tech_noun_after = nxt in TECH_NOUNS
        cues = read_cues(text, s0)
        initial, title, person_cue, weak_person = cues.initial, cues.title, cues.person, cues.weak_person
        addressed = cues.address
        personal_place = cues.personal_place or (
            _PLACE_AFTER.match(text, end) is not None and _last_word(text, s0) in OUR_WORDS
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
        odd = [self._odd_token(t[2]) for t in toks]
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
            len(keys[k]) == 1 or (toks[k][2].islower() and keys[k] in _PARTICLE_SET and keys[k] not in STOP)
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
        person_after = _PERSON_AFTER.match(text, end) is not None
        line_alone = _line_alone(text, toks[0][0], end)
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
                elif known and (person_cue or person_after or line_alone):
                    score = SCORE_NAME
                elif len(known) + sum(unknown[k] for k in words) == len(words) and (
                    person_cue or person_after or line_alone or weak_person
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
                elif person_cue or (person_after and not unknown[k]) or _HUMAN_AFTER.match(text, end):
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
                particle = [toks[k][2].islower() and keys[k] in _PARTICLE_SET for k in range(n)]
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
        if _inside(_code_spans(text), start):
            return False
        if (start and text[start - 1] in _GLUED_BEFORE) or _CODE_AFTER.match(text, end):
            return False
        flags, tech = self.lex.flags, self.lex.tech
        words = [w.rstrip(".").removesuffix("'s").removesuffix("’s") for w in text[start:end].split()]
        words = [w for w in words if w]
        if not words or any(self._odd_token(w) for w in words):
            return False
        keys = [w.casefold() for w in words]
        cues = read_cues(text, start)
        if cues.address:
            return True  # "Dear Julia,", "Mr. Jenkins"
        if all(k in tech or k in STOP or flags.get(k, 0) == COMMON for k in keys):
            return False  # "Flask", "Pandas", "the Cloud"
        if _next_word(text, end) in TECH_NOUNS:
            return False
        if tech_markers(text) or any(k in tech for k in keys):
            if entity == "LOCATION":
                return cues.personal_place
            if len(words) == 1:
                return cues.person or cues.address
        return True

    @staticmethod
    def _odd_token(tok: str) -> bool:
        """Identifier-like: all capitals (2+ letters), or CamelCase not shaped like McDonald."""
        if len(tok) >= 2 and (tok.isupper() or _TWO_CAPS.match(tok)):
            return True  # "TVs", "APIs", "E-waste"
        if _INNER_CAPS.search(tok) and not _NAME_PREFIXED_CAPS.match(tok):
            return True
        return False

    # ------------------------------------------------------------------ lower-case chat

    def _lower_pairs(self, text: str, code: list[tuple[int, int]]) -> list[Hit]:
        """In text typed without capitals: a given name, maybe an initial, then a surname.

        Both words must be in the name lists and at least one must not be an English word
        ("priya sharma", "leone mazzi"; not "will smith" in "i will smith the iron").
        """
        flags, tech = self.lex.flags, self.lex.tech
        words = [(m.start(), m.end(), m.group().casefold()) for m in _LOWER_WORD.finditer(text)]
        out: list[Hit] = []
        i = 0
        while i < len(words) - 1:
            s1, e1, w1 = words[i]
            f1 = flags.get(w1, 0)
            if not f1 & FIRST or w1 in STOP or w1 in tech or w1 in _PARTICLE_SET:
                i += 1
                continue
            j = i + 1
            if len(words[j][2]) == 1 and j + 1 < len(words):
                j += 1  # a middle initial
            s2, e2, w2 = words[j]
            f2 = flags.get(w2, 0)
            gap = text[e1:s2]
            if (
                (f2 & (LAST | FIRST) or (f2 == 0 and len(w2) > 2 and not f1 & COMMON))
                and w2 not in STOP
                and w2 not in tech
                and not (f1 & COMMON and f2 & COMMON)
                and "\n" not in gap
                and len(gap) <= 4
                and not (code and _inside(code, s1))
            ):
                out.append((s1, e2, "PERSON", SCORE_FULL_NAME))
                i = j + 1
            else:
                i += 1
        return out

    def _lower_case(self, text: str, code: list[tuple[int, int]]) -> list[Hit]:
        flags = self.lex.flags
        out: list[Hit] = []
        for m in LOWER_PERSON_CUE.finditer(text):
            w1 = m.group(1)
            if not w1.islower() or (code and _inside(code, m.start(1))):
                continue
            k1 = w1.casefold()
            f1 = flags.get(k1, 0)
            cue = m.group(0)[: m.start(1) - m.start(0)].strip(" \t\n,:").casefold()
            strong = cue in STRONG_LOWER_NAME_CUES
            w2 = m.group(2)
            k2 = w2.casefold() if w2 else ""
            f2 = flags.get(k2, 0)
            # An unknown first word ("dani") needs a strong cue or a name-like second word.
            pair = (
                bool(w2) and w2.islower() and k2 not in STOP and not f2 & COMMON and (bool(f2) or len(k2) > 2)
            )
            ok_first = (f1 & FIRST and not f1 & COMMON) or (not f1 and len(k1) > 2 and pair and "'" not in k1)
            if k1 in STOP or (not strong and not ok_first):
                continue
            end = m.end(1)
            if w2 and w2.islower():
                k2 = w2.casefold()
                f2 = flags.get(k2, 0)
                if (f2 & (LAST | FIRST) or (not f2 and len(k2) > 2)) and not f2 & COMMON and k2 not in STOP:
                    end = m.end(2)
            out.append((m.start(1), end, "PERSON", SCORE_CUE))
        for m in LOWER_PLACE_CUE.finditer(text):
            if code and _inside(code, m.start(1)):
                continue
            words = [g for g in m.groups() if g]
            if not words[0].islower():
                continue
            cue = " ".join(m.group(0)[: m.start(1) - m.start(0)].split()).casefold()
            if cue in PERSONAL_LOWER_PLACE_CUES:
                j = 0
                while j < len(words):
                    k = words[j].casefold()
                    f = flags.get(k, 0)
                    if k in STOP or (f & COMMON and not f & PLACE and not (0 < j and k in _PARTICLE_SET)):
                        break
                    j += 1
                while j > 0 and words[j - 1].casefold() in _PARTICLE_SET:
                    j -= 1
                if j:
                    out.append((m.start(1), m.end(j), "LOCATION", SCORE_CUE))
                    continue
            for j in range(len(words), 0, -1):
                key = " ".join(words[:j]).casefold()
                f = flags.get(key, 0)
                if f & PLACE and not f & COMMON and words[0].casefold() not in STOP:
                    if j == 1 and not f & STRONG_PLACE and f & (FIRST | LAST):
                        break
                    out.append((m.start(1), m.end(j), "LOCATION", SCORE_CUE))
                    break
        return out


# Cheap pre-check for the lower-case pass: a lower-case cue word at all.
_LOWER_HINT = re.compile(
    r"\b(?:name|call me|i'm|im|i am|it's|its|this is|dear|hi|hello|hey|regards|cheers|thanks|talk|spoke|met|meet"
    r"|ask|tell|cc|with|live|living|lived|moved|moving|move|fly|flying|flight|flew|trip|travel"
    r"|visiting|based|born|grew|from|in|to|near|headed|heading|going|arriv|staying|back|relocat\w*)\b[ \t]+[a-z]"
)


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
    from presidio_analyzer import EntityRecognizer, RecognizerResult

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
