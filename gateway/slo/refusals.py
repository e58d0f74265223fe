"""Does an answer read as a refusal? The drift signal `refusal` and the golden-set judges ask.

A model that starts refusing more often (a swap, a new safety layer, a prompt template
change) shows it in the first sentence, so only the head of an answer is scanned, with a
keyword prefilter in front of the regexes (measured below).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

REFUSAL_SCAN_CHARS = 240  # refusals come first; bounded cost per answer
REFUSAL_PATTERNS = (
    r"\bI(?:'|’)?m (?:sorry|afraid),? but\b",
    r"\bI(?: am|'m|’m) (?:sorry|afraid)\b.{0,60}\b(?:can(?:no|'|’)t|unable|not able|won(?:'|’)t)\b",
    r"\bI (?:can(?:no|'|’)t|cannot|won(?:'|’)t|will not|am unable to|am not able to) "
    r"(?:help|assist|comply|provide|do that|fulfil|answer|support|share|generate|create)",
    r"\bas an AI(?: language model| assistant)?,? I\b",
    r"\bI must (?:decline|refuse)\b",
    r"\b(?:this|that|your) request (?:violates|goes against|is against)\b",
)


# Every match of a built-in pattern contains one of these (lower case): "sorry"/"afraid"
# (the first two), "i can"/"i won"/"i will not"/"i am unable"/"i am not able" (the third),
# then one per remaining pattern. Python's re scans an alternation of case-insensitive
# patterns at ~40 ns a character; substring checks cost a tenth, and phrases this specific
# let ordinary answers ("a client cannot tell whether its request...") skip the regex.
REFUSAL_KEYWORDS = (
    "sorry",
    "afraid",
    "i can",
    "i won",
    "i will not",
    "i am unable",
    "i am not able",
    "as an ai",
    "i must",
    "request violates",
    "request goes against",
    "request is against",
)


def compile_refusals(extra: Sequence[str] = ()) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in (*REFUSAL_PATTERNS, *extra)), re.IGNORECASE | re.DOTALL)


DEFAULT_REFUSALS = compile_refusals()


# The prefilter's scans, grouped (perf3): the keywords that begin with "i " are looked for
# only when "i " is in the head, the three "request ..." ones only when "request " is, so an
# ordinary answer costs 5 substring scans instead of 12 (14 when both prefixes are there; the
# bench's 240-character answer head: ~14k -> ~8.5k instructions under callgrind).
_I_KEYWORDS = tuple(k for k in REFUSAL_KEYWORDS if k.startswith("i "))
_REQUEST_KEYWORDS = tuple(k for k in REFUSAL_KEYWORDS if k.startswith("request "))
_OTHER_KEYWORDS = tuple(k for k in REFUSAL_KEYWORDS if k not in _I_KEYWORDS and k not in _REQUEST_KEYWORDS)


def _has_keyword(low: str) -> bool:
    """Is any of REFUSAL_KEYWORDS in `low`? (the same answer as trying each of them)"""
    for k in _OTHER_KEYWORDS:
        if k in low:
            return True
    if "i " in low:
        for k in _I_KEYWORDS:
            if k in low:
                return True
    if "request " in low:
        for k in _REQUEST_KEYWORDS:
            if k in low:
                return True
    return False


def is_refusal(text: str, rx: re.Pattern[str] = DEFAULT_REFUSALS, prefilter: bool = True) -> bool:
    """Does the start of an answer read as a refusal? `prefilter` only for the built-in set."""
    head = text[:REFUSAL_SCAN_CHARS]
    if prefilter and not _has_keyword(head.lower()):
        return False
    return rx.search(head) is not None
