"""How a PII finding is written back: a placeholder `<EMAIL_ADDRESS>`, a mask, or a keyed
pseudonym; and the text with every finding replaced (through filters/spans.py, the one span
replacement of the code base).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable

from filters.pii_analyzer import PiiSpan
from filters.pii_config import PiiConfigError
from filters.spans import replace_spans

_ALNUM = re.compile(r"\w", re.UNICODE)
_NOT_ALNUM = re.compile(r"[\W_]+")


class Redactor:
    """Turns a finding into its replacement text; holds no per-request state."""

    def __init__(self, operator: str = "placeholder", mask_char: str = "*", key: bytes | None = None) -> None:
        if operator == "hash" and not key:
            raise PiiConfigError("operator 'hash' needs a non-empty key")
        self.operator = operator
        self.mask_char = mask_char
        self._key = key

    def replacement(self, entity: str, value: str) -> str:
        if self.operator == "mask":
            return _ALNUM.sub(self.mask_char, value)
        if self.operator == "hash":
            # Normalise so "John@X.com" and "john@x.com", "+1 555-0100" and "+15550100"
            # get the same pseudonym.
            norm = value.casefold() if entity == "EMAIL_ADDRESS" else _NOT_ALNUM.sub("", value).upper()
            mac = hmac.new(self._key or b"", f"{entity}\0{norm}".encode(), hashlib.sha256)
            return f"<{entity}:{mac.hexdigest()[:6]}>"
        return f"<{entity}>"

    def apply(self, text: str, spans: Iterable[PiiSpan]) -> str:
        """`text` with each finding replaced; `spans` as the analyzer gives them (sorted, disjoint)."""
        return replace_spans(
            text, ((s.start, s.end, self.replacement(s.entity, text[s.start : s.end])) for s in spans)
        )
