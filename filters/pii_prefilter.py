"""The cheap stage of PII screening: gates and candidate detectors. No Presidio import.

Presidio's pattern-only `analyze()` costs ~8 us per character here, most of it the phone
recognizer running libphonenumber's matcher once per region over the whole text. Real
prompts mostly contain no PII at all, so the filter asks this module first:

- `Prefilter.candidates(text)` returns the configured entities that *could* be present.
  Each gate is a necessary condition derived from the recognizer's own pattern (an e-mail
  match needs an `@`, an IBAN needs `[A-Z]{2}\\d{2}`, a card 12+ digits...), so a gate that
  says "no" never hides something the recognizer would have found; `tests/test_pii.py`
  checks that against Presidio on the dev data. Entities without a gate always run.
- `find_phones` and `find_cards` replace Presidio's phone matcher and extend its card
  regex. libphonenumber only accepts numbers valid for the configured regions, which
  misses four in ten phone numbers in the dev data (short local numbers, foreign formats)
  and costs ~0.2 ms per candidate for eight regions. Here a phone is a phone-shaped digit
  group scored by shape plus context words; libphonenumber (valid in a configured region
  *and* grouped the way that region writes it) only lifts grouped numbers without a
  context word. Cards add 12-, 18- and 19-digit and 2-series numbers (JCB 2131,
  Mastercard 2221-2720) to Presidio's 13-17 digits, still gated by Luhn.
- `find_ibans_any_case` adds lower-case IBANs, which Presidio's regex skips.

Every regex here is compiled once at import and runs in linear time (atomic groups and
bounded quantifiers), because it sees every byte of every prompt.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass

from filters.pii_patterns import has_spelled_separator, may_have_digits

# ---------------------------------------------------------------------------------------
# Gates: one necessary condition per entity, cheapest first.
# ---------------------------------------------------------------------------------------

# Seven digits chained by at most four non-word characters (spaces, dashes, dots,
# brackets): every phone candidate below has at least seven digits joined that way.
_PHONE_GATE = re.compile(r"\d(?:[^\w\n]{0,4}\d){6}")
# Twelve digits with at most one space or dash between them: Presidio's card regex needs
# 13+ digits joined by `[- ]?`, ours 12+.
_CARD_GATE = re.compile(r"\d(?:[ -]?\d){11}")
# Every US_SSN pattern starts with three digits, an optional separator and two digits.
# Presidio's five US_SSN patterns all hold nine digits as 3-2-4 (dash, dot or space
# separators, or none), 3-6 or 5-4 between word boundaries. The looser `\d{3}[- .]?\d{2}`
# passed every phone and card number too, and the SSN recognizer then cost ~0.05 ms per KB.
_SSN_GATE = re.compile(r"\b\d{3}(?:[- .]?\d{2}[- .]?\d{4}|-\d{6})\b|\b\d{5}-\d{4}\b")
# IPv4 (also inside the mapped/embedded IPv6 forms), IPv6 with `::`, or the full
# eight-group IPv6 form, which contains `h:hhhh:h`.
# Literal-first patterns let the regex engine skip to candidates: the former single
# alternation (leading digit and hex-letter classes) cost 0.044 ms on 1 KB of prose, these
# 0.013 ms. Looser than the recognizers (a gate only has to be necessary).
_IPV4_GATE = re.compile(r"\.\d{1,3}\.\d{1,3}\.\d")
_IPV6_GATE = re.compile(r":[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]")


def _ip_gate(text: str) -> bool:
    # The literal each gate starts with is looked for first (memchr): callgrind, 270 chars of
    # prose, 7.3k -> 5.6k instructions (perf4).
    return (
        "::" in text
        or (":" in text and _IPV6_GATE.search(text) is not None)
        or ("." in text and _IPV4_GATE.search(text) is not None)
    )


# Presidio's IBAN regex wants capitals; people type them in lower case too, which
# `find_ibans_any_case` covers, so the gate ignores case.
_IBAN_GATE = re.compile(r"\d\d(?<=[A-Za-z][A-Za-z]\d\d)[ -]?[A-Za-z0-9]{4}")


def _has_at(text: str) -> bool:
    """`@`, or a spelled separator ("[at]", " at ... dot ") that filters.pii_patterns reads."""
    return "@" in text or has_spelled_separator(text)


GATES: dict[str, Callable[[str], bool]] = {
    "EMAIL_ADDRESS": _has_at,
    "PHONE_NUMBER": lambda t: _PHONE_GATE.search(t) is not None,
    "CREDIT_CARD": lambda t: _CARD_GATE.search(t) is not None,
    "US_SSN": lambda t: _SSN_GATE.search(t) is not None,
    "IP_ADDRESS": _ip_gate,
    "IBAN_CODE": lambda t: _IBAN_GATE.search(t) is not None,
}


# Maximal chains of digits joined the way _PHONE_GATE joins them. Every phone, card and SSN
# gate match lies inside one chain, so one pass over the text finds the few chains worth
# the three gates (same answers as running each gate on the whole text: a test checks it).
_DIGIT_CHAIN = re.compile(r"\d(?:[^\w\n]{0,4}\d)*")
_CHAIN_GATES: dict[str, tuple[int, re.Pattern[str]]] = {
    "PHONE_NUMBER": (7, _PHONE_GATE),
    "CREDIT_CARD": (12, _CARD_GATE),
    "US_SSN": (9, _SSN_GATE),
}


def _chain_candidates(
    text: str, wanted: tuple[tuple[str, int, re.Pattern[str]], ...], iban: bool = False
) -> list[str]:
    """The chained gates' entities, and IBAN_CODE if `iban` and its gate matches: its two digits
    follow two letters, so they open a chain (digits and non-word characters), and a `match`
    per chain start replaces a search of the whole text (perf4: ~22k instructions per 270
    characters under callgrind, a charset test per character)."""
    found: list[str] = []
    left = list(wanted)
    for m in _DIGIT_CHAIN.finditer(text):
        start, end = m.span()
        if iban and _IBAN_GATE.match(text, start) is not None:
            found.append("IBAN_CODE")
            iban = False
        if end - start >= 5 and left:  # else fewer than the 7, 12 or 9 digits any needs
            digits = sum(c.isdigit() for c in m.group())
            for item in tuple(left):
                entity, min_digits, gate = item
                if digits >= min_digits and gate.search(text, start, end) is not None:
                    found.append(entity)
                    left.remove(item)
        if not left and not iban:
            break
    return found


class Prefilter:
    """Decides, per text, which configured entities are worth running a recognizer for."""

    def __init__(self, entities: Iterable[str]) -> None:
        ents = tuple(entities)
        self._chained = tuple((e, *_CHAIN_GATES[e]) for e in ents if e in _CHAIN_GATES)
        # IBAN_CODE is decided in the digit chains' pass too (_chain_candidates).
        self._iban = "IBAN_CODE" in ents
        self._gated = tuple(
            (e, GATES[e]) for e in ents if e in GATES and e not in _CHAIN_GATES and e != "IBAN_CODE"
        )
        self._always = frozenset(e for e in ents if e not in GATES)

    @property
    def always(self) -> frozenset[str]:
        """Entities without a cheap gate (NER types, rare pattern types): always scanned."""
        return self._always

    def candidates(self, text: str) -> frozenset[str]:
        found = [e for e, gate in self._gated if gate(text)]
        # Every chained gate and the IBAN gate need a digit: most prose skips the chains' pass,
        # a regex scan of the whole text (~20k instructions per 270 characters, perf4).
        if (self._chained or self._iban) and may_have_digits(text):
            found += _chain_candidates(text, self._chained, self._iban)
        if not found:
            return self._always
        return self._always.union(found)


# ---------------------------------------------------------------------------------------
# Context words
# ---------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+")
CONTEXT_BEFORE_CHARS = 48  # ~5 words, Presidio's default prefix window
CONTEXT_AFTER_CHARS = 20  # ~2 words: "555 1234 (office)", "...-Fax"


def context_words(text: str, start: int, end: int) -> set[str]:
    """Lower-cased words just before and just after a span (the span itself excluded)."""
    before = _WORD.findall(text, max(0, start - CONTEXT_BEFORE_CHARS), start)[-5:]
    after = _WORD.findall(text, end, min(len(text), end + CONTEXT_AFTER_CHARS))[:2]
    return {w.lower() for w in before + after}


def with_plurals(words: Iterable[str]) -> frozenset[str]:
    """Single-word context list plus naive plurals, for exact (not substring) matching.

    Presidio matches context words as substrings of lemmas, so `tel` fires on `hotel` and
    `desk` on `desktop`; exact words avoid that.
    """
    out: set[str] = set()
    for w in words:
        w = w.strip().lower()
        if w and " " not in w:
            out.add(w)
            out.add(w + "s")
    return frozenset(out)


# ---------------------------------------------------------------------------------------
# Phone numbers
# ---------------------------------------------------------------------------------------

PHONE_CONTEXT = with_plurals(
    (
        "phone", "telephone", "tel", "mobile", "cell", "cellphone", "fax", "desk", "office",
        "home", "call", "calling", "called", "dial", "text", "texting", "sms", "whatsapp",
        "signal", "message", "messaging", "answering", "reach", "contact", "landline",
        "hotline", "helpline", "tel-no", "phoneno", "ph", "phn", "mob", "telefon", "telefono",
        "teléfono", "téléphone", "handy", "ring", "phoned", "reachable",
    )
)  # fmt: skip

# Generic words ("my number is 5403926876") lift only a bare run of 10-13 digits: next to
# "SSN number 078-05-1121" they would turn an SSN into a phone.
PHONE_WEAK_CONTEXT = with_plurals(("number", "no", "nr", "num", "#"))

_S = r"[ \t\u00a0]"  # spaces inside a number; never a newline
_PHONE_CANDIDATE = re.compile(
    rf"""
    (?<![\w@.+\-/])                         # not glued to a word, number, address or path
    (?P<num>(?>
        (?:(?:\+|00){_S}?)?                 # international prefix
        (?:\(\d{{1,5}}\)|\d{{1,5}})         # first group, maybe a bracketed area code
        (?:
            (?:{_S}?\(\d{{1,4}}\){_S}?      # (0) trunk or (area) inside
              |{_S}?[-./]{_S}?              # dash, dot, slash, maybe spaced
              |{_S}
            )?
            \d{{1,5}}
        ){{0,7}}
    ))
    (?P<ext>{_S}?(?:x|ext\.?|extension){_S}?\d{{1,6}})?
    (?![\w@]|[.\-/]\d)                      # not followed by more of a token
    """,
    re.VERBOSE | re.IGNORECASE,
)
_NON_DIGIT = re.compile(r"\D")
_IPV4_SHAPE = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")
_DATE_INSIDE = re.compile(
    r"(?:19|20)\d\d([-/.])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])(?!\d)"
    r"|(?<!\d)(?:0?[1-9]|[12]\d|3[01])([-/.])(?:0?[1-9]|1[0-2])\2(?:19|20)\d\d"
    r"|(?<!\d)(?:0?[1-9]|1[0-2])([-/.])(?:0?[1-9]|[12]\d|3[01])\3(?:19|20)\d\d"
)
_SSN_SHAPE = re.compile(r"\d{3}([- .])\d{2}\1\d{4}")
_NANP = re.compile(r"(?:\+?1[ .\-]?)?(?:\(\d{3}\) ?|\d{3}[ .\-])\d{3}[ .\-]\d{4}")
_HAS_SEPARATOR = re.compile(r"\D")
# Up to three capitalised words and a street type right after the digits.
_STREET_AFTER = re.compile(
    r"[ \t]+(?:[A-Z][\w'.\-]*[ \t]+){0,3}"
    r"(?:St|Street|Rd|Road|Ave|Avenue|Blvd|Boulevard|Ln|Lane|Way|Dr|Drive|Ct|Court|Sq|Square|Close"
    r"|Pl|Place|Terrace|Crescent|Hwy|Highway|Pkwy|Parkway|Row|Str|Strasse|Straße|Gasse|Weg|Platz"
    r"|Rue|Via|Calle|Avenida|Rua)\b"
)

# Base scores by shape; the filter's default PHONE_NUMBER threshold is 0.5.
PHONE_INTERNATIONAL = 0.6  # +46 (0)157 548 89, 001-518-640-0854
PHONE_NANP = 0.6  # (579)888-3058, 930.167.3943
PHONE_TRUNK = 0.5  # 0688 843 79 56: grouped and starting with a trunk 0
PHONE_AREA = 0.5  # (64) 3591-3246
PHONE_GROUPED = 0.3  # 78 651 450: needs a context word or a libphonenumber-valid parse
PHONE_BARE = 0.15  # 5403926876: needs a context word
PHONE_EXTENSION_BONUS = 0.1
CONTEXT_BONUS = 0.35
VALID_BONUS = 0.2


@dataclass(frozen=True, slots=True)
class PhoneCandidate:
    start: int
    end: int
    score: float
    grouped: bool  # a libphonenumber-valid parse may still lift it over the threshold


def phone_shape_score(num: str) -> tuple[float, bool] | None:
    """Score a candidate by its shape alone; None if it is not a phone at all."""
    digits = _NON_DIGIT.sub("", num)
    n = len(digits)
    if n < 7 or n > 15:
        return None
    if _IPV4_SHAPE.fullmatch(num) or _DATE_INSIDE.search(num):
        return None
    head = num.lstrip()
    if head.startswith(("+", "00")) and n >= 8:
        return PHONE_INTERNATIONAL, False
    if _NANP.fullmatch(num):
        return PHONE_NANP, False
    separated = _HAS_SEPARATOR.search(num) is not None
    if not separated:
        return (PHONE_BARE, False) if n <= 13 else None
    if _SSN_SHAPE.fullmatch(num):
        return PHONE_GROUPED, False  # how US SSNs are written: a phone only with a context word
    if head.startswith("(") and head[1:2] != "0":
        return PHONE_AREA, False
    if head.startswith(("0", "(0")) and n >= 8:
        return PHONE_TRUNK, False
    # Two groups ("5521 119") are as often a house number as a phone: those need context.
    return PHONE_GROUPED, len(_digit_groups(num)) >= 3


def digit_windows(text: str, min_digits: int, before: int, after: int) -> list[tuple[int, int]]:
    """Windows around the digit chains holding at least `min_digits` digits, merged.

    A phone or card number lies inside one chain (its separators are the chain's joiners),
    so its regex only needs to run there: scanning a 1 KB prompt with the candidate regexes
    cost 0.055 ms (phones) and 0.035 ms (cards), the chain pass a fraction of that. `before`
    and `after` leave room for a leading "+" or "(", a trailing extension, and the context
    the patterns' look-arounds read.
    """
    out: list[tuple[int, int]] = []
    n = len(text)
    for m in _DIGIT_CHAIN.finditer(text):
        start, end = m.span()
        if end - start < min_digits or sum(c.isdigit() for c in m.group()) < min_digits:
            continue
        ws, we = max(0, start - before), min(n, end + after)
        if out and ws <= out[-1][1]:
            out[-1] = (out[-1][0], we)
        else:
            out.append((ws, we))
    return out


def find_phones(text: str) -> list[PhoneCandidate]:
    """Phone-shaped spans with shape + context scores (no libphonenumber yet)."""
    out: list[PhoneCandidate] = []
    matches = (m for ws, we in digit_windows(text, 7, 4, 24) for m in _PHONE_CANDIDATE.finditer(text, ws, we))
    for m in matches:
        num = m.group("num")
        shaped = phone_shape_score(num)
        if shaped is None:
            continue
        score, grouped = shaped
        start, end = m.span()
        if score < PHONE_NANP and _STREET_AFTER.match(text, end):
            continue  # "17031 2202 Rissik St": a house number, not a phone
        if m.group("ext"):
            score += PHONE_EXTENSION_BONUS
        words = context_words(text, start, end)
        if words & PHONE_CONTEXT:
            score += CONTEXT_BONUS
        elif score == PHONE_BARE and len(_NON_DIGIT.sub("", num)) >= 10 and words & PHONE_WEAK_CONTEXT:
            score += CONTEXT_BONUS
        out.append(PhoneCandidate(start, end, min(score, 1.0), grouped))
    return out


def _digit_groups(s: str) -> list[str]:
    return [g for g in _NON_DIGIT.split(s) if g]


def phone_written_as_in(number: str, regions: Collection[str]) -> bool:
    """True if libphonenumber finds `number` valid in a region *and* groups it the same way.

    Validity alone is weak evidence: most 7-10 digit strings are valid somewhere (the
    population "2 345 678", the ISSN "2049-3630" are valid German numbers). Written in the
    region's own national grouping (trunk 0 optional) they are far more likely phones.
    """
    import phonenumbers  # installed with presidio-analyzer; imported on first use

    written = _digit_groups(number)
    for region in regions:
        try:
            parsed = phonenumbers.parse(number, region)
        except phonenumbers.NumberParseException:
            continue
        if not phonenumbers.is_valid_number(parsed):
            continue
        national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
        groups = _digit_groups(national)
        if groups and groups[0].startswith("0") and not written[0].startswith("0"):
            groups[0] = groups[0][1:]
            if not groups[0]:
                groups.pop(0)
        if groups == written:
            return True
    return False


# ---------------------------------------------------------------------------------------
# Payment cards
# ---------------------------------------------------------------------------------------

CARD_CONTEXT = with_plurals(
    (
        "card", "credit", "debit", "visa", "mastercard", "amex", "cc", "discover", "jcb",
        "diners", "maestro", "unionpay", "payment", "billing", "pan",
    )
)  # fmt: skip

# How cards are written: 12-19 digits in one run, in groups of four (the last one shorter),
# or 4-6-4/5 (Amex, Diners), one separator style throughout. Looser joins would glue
# unrelated numbers in a table into Luhn-valid "cards".
_CARD_CANDIDATE = re.compile(
    r"(?<![\w@.+\-/])"
    r"(\d{12,19}|\d{4}([ \-])\d{4}(?:\2\d{4}){1,2}(?:\2\d{1,4})?|\d{4}([ \-])\d{6}\3\d{4,5})"
    r"(?![\w@]|[.\-/]\d)"
)

CARD_STRONG = 1.0  # Luhn-valid, a known issuer prefix and a length that issuer uses
# Luhn-valid 12-digit numbers under the prefixes issuers use for 12-digit Maestro cards: a
# random 12-digit number has one of these 9 prefixes and passes Luhn 1 time in ~11,000.
CARD_MAESTRO_12 = 0.5
MAESTRO_12_PREFIXES = frozenset({"5018", "5020", "5038", "5893", "6304", "6759", "6761", "6762", "6763"})
CARD_WEAK = 0.3  # 12-digit Maestro: also needs a context word
CARD_UNCHECKED = 0.15  # fails Luhn: needs a context word to reach 0.5


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _issuer_lengths(digits: str) -> range | tuple[int, ...] | None:
    """Card lengths the issuer behind this prefix uses (None: no known issuer)."""
    p2, p4, p6 = int(digits[:2]), int(digits[:4]), int(digits[:6])
    if digits[0] == "4":
        return (13, 16, 19)  # Visa
    if 51 <= p2 <= 55 or 2221 <= p4 <= 2720:
        return (16,)  # Mastercard
    if p2 in (34, 37):
        return (15,)  # Amex
    if p4 in (2131, 1800):
        return (15,)  # JCB (old)
    if 3528 <= p4 <= 3589:
        return range(16, 20)  # JCB
    if 300 <= p6 // 1000 <= 305 or p2 in (36, 38, 39):
        return range(14, 20)  # Diners
    if p4 == 6011 or p2 == 65 or 644 <= p6 // 1000 <= 649 or p2 == 62:
        return range(16, 20)  # Discover, UnionPay
    if p2 == 50 or 56 <= p2 <= 69:
        return range(12, 20)  # Maestro
    return None


def _card_context(text: str, start: int, end: int) -> bool:
    return bool(context_words(text, start, end) & CARD_CONTEXT)


def find_cards(text: str) -> list[tuple[int, int, float]]:
    """Card numbers with a known issuer prefix and length.

    Luhn-valid ones of 13+ digits are certain. A 12-digit Maestro, or a card-shaped number
    that fails Luhn (a typo, a test or synthetic number), counts only next to a context
    word ("card", "visa", "cc"...): redacting a mistyped card number is still right.
    """
    out: list[tuple[int, int, float]] = []
    matches = (m for ws, we in digit_windows(text, 12, 2, 4) for m in _CARD_CANDIDATE.finditer(text, ws, we))
    for m in matches:
        digits = _NON_DIGIT.sub("", m.group(1))
        n = len(digits)
        lengths = _issuer_lengths(digits)
        if lengths is None or n not in lengths:
            continue
        start, end = m.span(1)
        luhn = _luhn_ok(digits)
        if luhn and n >= 13:
            out.append((start, end, CARD_STRONG))
            continue
        if luhn and n == 12 and digits[:4] in MAESTRO_12_PREFIXES:
            out.append(
                (
                    start,
                    end,
                    max(CARD_MAESTRO_12, CARD_WEAK + CONTEXT_BONUS * _card_context(text, start, end)),
                )
            )
            continue
        score = CARD_WEAK if luhn else CARD_UNCHECKED
        if context_words(text, start, end) & CARD_CONTEXT:
            score += CONTEXT_BONUS
        out.append((start, end, score))
    return out


# ---------------------------------------------------------------------------------------
# IBANs typed in lower or mixed case
# ---------------------------------------------------------------------------------------

_IBAN_ANY_CASE = re.compile(
    r"(?<![A-Za-z0-9])([A-Za-z]{2}\d{2}(?:[ \-]?[A-Za-z0-9]{4}){2,7}(?:[ \-]?[A-Za-z0-9]{1,3})?)(?![A-Za-z0-9])"
)
_IBAN_TAIL = re.compile(r"[ \-]?[A-Za-z0-9]{1,4}$")


def find_ibans_any_case(text: str, validate: Callable[[str], bool | None]) -> list[tuple[int, int]]:
    """IBAN-shaped spans that are not all capitals and pass `validate` once upper-cased.

    Presidio's regex only matches capitals, so "gb42nawi0445..." slips through; the
    checksum and per-country format check (Presidio's `validate_result`) still decide.
    Like Presidio, a trailing group that breaks the checksum is dropped and retried.
    """
    out: list[tuple[int, int]] = []
    for m in _IBAN_ANY_CASE.finditer(text):
        cand = m.group(1)
        if cand.isupper() or not any(c.islower() for c in cand):
            continue  # Presidio's own regex sees it
        start = m.start(1)
        while len(cand) >= 15:
            if validate(cand.upper()):
                out.append((start, start + len(cand)))
                break
            cut = _IBAN_TAIL.search(cand)
            if cut is None:
                break
            cand = cand[: cut.start()]
    return out
