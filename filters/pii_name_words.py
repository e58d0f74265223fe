"""The word lists and scores of the built-in PERSON / LOCATION recognizer: pure data.

Which words are never a name (function words, months), which cue a person or a place before a
run of capitalised words ("Dear", "my name is", "lives in"), which make a capitalised word a
product ("Kafka cluster"), the technical vocabulary, and the score each kind of evidence
earns. The logic that reads them is filters/pii_names.py and its helpers
(pii_name_context.py, pii_name_addresses.py, pii_name_lower.py); the name and place lexicon
itself is data too (filters/pii_data/, loaded by filters/pii_lexicon.py).
"""

from __future__ import annotations

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


STRONG_LOWER_NAME_CUES = ("my name is", "my name's", "name:", "call me")
# Lower-case place cues that say the next words are a place even if the lexicon lacks them.
PERSONAL_LOWER_PLACE_CUES = frozenset(
    """live in|lives in|living in|lived in|moved to|moving to|move to|relocate to|relocated to
    |relocating to|fly to|flying to|flight to|flew to|trip to|travel to|traveling to|travelling to
    |visiting|based in|born in|grew up in|headed to|heading to|arriving in|arrived in|staying in""".split("|")
)
# (each entry stripped below: the line breaks of the literal used to leave "relocated to    "
# and "travelling to    " with trailing spaces, so those two cues never matched)
PERSONAL_LOWER_PLACE_CUES = frozenset(" ".join(c.split()) for c in PERSONAL_LOWER_PLACE_CUES)

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

# The capital letters of the Latin scripts the patterns read (ASCII to Latin Extended-B).
UPPER = "".join(c for c in map(chr, range(0x41, 0x250)) if c.isupper() and c.isalpha())
# Lower-case particles inside names and places ("de la", "van der", "bin").
PARTICLES = r"(?:de|da|do|dos|das|del|della|di|du|la|le|van|von|der|den|ter|ten|bin|binti|bint|ibn|al|el|y|of|upon|on|sur|am|an|im|in|nad|pod|na|bei|sul|sobre|en|e)"
PARTICLE_SET = frozenset(PARTICLES[3:-1].split("|"))

# Technical-text markers, tested as substrings and word sets: the equivalent IGNORECASE
# regex alternation cost 0.31 ms on a 112-character window without a match (0.0065 ms so).
TECH_SYMBOLS = ("`", "=>", "()", "{", "def ", "import ", "pip install", "npm ", "stack trace", "pull request",
                 "unit test", "data cent", "http")  # fmt: skip
TECH_WORDS = frozenset(
    """class function api sdk library framework code python javascript database server cluster query
    regex sql json yaml docker kubernetes aws azure gcp latency log logs config runtime package
    module plugin protocol repo gpu cpu kernel node nodes region regions replica replicas shard
    shards instance instances algorithm algorithms stacktrace""".split()
)
TECH_STEMS = (
    "deploy", "compil", "templat", "encrypt", "decrypt", "cipher", "hash", "parse", "parsing", "debug",
    "variab", "array", "integer", "boolean", "script", "commit", "dataset", "tensor", "thread", "async",
    "callback", "exception", "snippet", "codebase", "backend", "frontend", "endpoint", "container",
)  # fmt: skip
