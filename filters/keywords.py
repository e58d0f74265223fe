r"""`type: keywords`: deny and allow lists of literals or regexes, like Kong's ai-prompt-guard.

All deny entries are compiled once into a single alternation (one pass over the text, no
per-request compilation); literals are escaped so a list of plain words cannot become an
accidental regex. The deny scan runs on requests, complete answers and streamed answers.

Literals match on canonical text, the form the injection filter reads (filters/canonical):
whitespace runs are one space, zero-width and other invisible format characters are
gone, NFKC applied, look-alike letters folded, case and accents folded. A double space, a
newline or a U+200B inside a denied phrase no longer gets past it. Matches are mapped
back to spans of the original text, so redaction replaces exactly what was written
(invisible characters inside the phrase included). ASCII texts (the common case) never
build the canonical string: the same literals compile with `\s+` between their words
and run on the lowered text, whose offsets are the original ones.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, NamedTuple

from pydantic import Field, field_validator, model_validator

from filters.base import (
    Action,
    BuildContext,
    Decision,
    Filter,
    FilterConfig,
    Finding,
    StreamScan,
    check_regexes,
)
from filters.canonical import _HOMOGLYPHS, fold  # read-only: the injection filter's folds

if TYPE_CHECKING:
    from gateway.exchange import Exchange, Segment

_ROLES = Literal["system", "user", "assistant", "tool", "document", "input", "output"]


class KeywordsConfig(FilterConfig):
    type: Literal["keywords"] = "keywords"
    action: Literal["block", "flag", "redact"] = Field(default="block", description="What a deny match does.")
    deny: list[str] = Field(
        default_factory=list, description="Literals (case-insensitive) that must not appear."
    )
    deny_regex: list[str] = Field(
        default_factory=list, description="Regexes (Python syntax) that must not match."
    )
    allow_regex: list[str] = Field(
        default_factory=list,
        description="If set, every scanned user segment must match at least one of these (else blocked).",
    )
    replacement: str = Field(
        default="[REDACTED]", max_length=64, description="Text put in place of a match (redact)."
    )
    scope: list[_ROLES] = Field(
        default_factory=lambda: ["system", "user", "assistant", "tool", "document", "input", "output"],
        description="Segment roles to scan.",
    )
    stream_window: int = Field(
        default=0,
        ge=0,
        le=4096,
        description="Characters held back when screening streamed answers; 0 = derive from the longest literal (min 32).",
    )

    @field_validator("deny_regex", "allow_regex")
    @classmethod
    def _compiles(cls, v: list[str]) -> list[str]:
        return check_regexes(v)

    @model_validator(mode="after")
    def _something_to_do(self) -> KeywordsConfig:
        if not (self.deny or self.deny_regex or self.allow_regex):
            raise ValueError("needs at least one of deny, deny_regex, allow_regex")
        return self


class KeywordsFilter(Filter):
    type_name = "keywords"
    Config = KeywordsConfig
    version = "1"

    def __init__(self, name: str, config: KeywordsConfig, ctx: BuildContext) -> None:  # type: ignore[override]
        super().__init__(name, config, ctx)
        self.cfg = config
        literals = [" ".join(canonical(w).text.split()) for w in config.deny]
        words = [r"\s+".join(map(re.escape, w.split(" "))) for w in literals if w]
        # Non-ASCII texts: literals on the canonical text, regexes on the original.
        self._deny_canon = re.compile("|".join(words)) if words else None
        self._deny_regex = (
            re.compile("|".join(f"(?:{p})" for p in config.deny_regex), re.IGNORECASE)
            if config.deny_regex
            else None
        )
        self._deny = self._deny_canon or self._deny_regex
        # ASCII texts (lower() keeps every offset): one case-sensitive search of the lowered
        # text, ~4x cheaper than an IGNORECASE one, with `\s+` for the canonical space.
        ascii_alts = [r"\s+".join(map(re.escape, w.split(" "))) for w in literals if w.isascii()]
        ascii_alts += [f"(?:{p})" for p in config.deny_regex]
        self._deny_lower = (
            re.compile("|".join(ascii_alts), re.IGNORECASE if config.deny_regex else 0)
            if ascii_alts
            else None
        )
        self._allow = (
            re.compile("|".join(f"(?:{p})" for p in config.allow_regex), re.IGNORECASE)
            if config.allow_regex
            else None
        )
        self._scope = frozenset(config.scope)
        self._action = {"block": Action.BLOCK, "flag": Action.FLAG, "redact": Action.REDACT}[config.action]
        self._one_pass = bool(
            config.deny
            and not config.deny_regex
            and self._allow is None
            and self._action is not Action.REDACT
        )
        longest = max((len(w) for w in config.deny), default=0)
        self.stream_window = 0 if self._deny is None else (config.stream_window or max(32, longest))

    def _scan(self, segments: list[Segment]) -> Decision:
        if self._one_pass:
            # Literal deny list, block or flag: one search over all in-scope texts answers the
            # usual "nothing found" (a literal inside one text is inside the joined texts). A
            # hit goes through the exact per-segment loop below (counts, cross-text matches).
            scope = self._scope
            joined = _SEP.join([seg.text for seg in segments if seg.role in scope])
            if not self._search(joined):
                return self.decide()
        hits = 0
        rewrites: dict[int, str] = {}
        for i, seg in enumerate(segments):
            if seg.role not in self._scope:
                continue
            if self._allow is not None and seg.role == "user" and not self._allow.search(seg.text):
                return self.decide(Action.BLOCK, "keyword_not_allowed", 1.0, {"segment_role": seg.role})
            if self._deny is None:
                continue
            if self._action is Action.REDACT:
                spans = self._spans(seg.text)
                if spans:
                    hits += len(spans)
                    rewrites[i] = _replace(seg.text, spans, self.cfg.replacement)
            elif self._search(seg.text):
                hits += 1
                if self._action is Action.BLOCK:
                    break
        if not hits:
            return self.decide()
        return self.decide(
            self._action, "keyword_match", 1.0, {"matches": hits}, rewrites if rewrites else None
        )

    def _search(self, text: str) -> bool:
        if text.isascii():
            return self._deny_lower is not None and self._deny_lower.search(text.lower()) is not None
        return bool(self._spans(text))

    def _spans(self, text: str) -> list[tuple[int, int]]:
        if text.isascii():
            if self._deny_lower is None:
                return []
            return [m.span() for m in self._deny_lower.finditer(text.lower())]
        spans: list[tuple[int, int]] = []
        if self._deny_canon is not None:
            canon = canonical(text)
            spans = [
                canon.span(*m.span()) for m in self._deny_canon.finditer(canon.text) if m.end() > m.start()
            ]
        if self._deny_regex is not None:
            spans += [m.span() for m in self._deny_regex.finditer(text)]
        if len(spans) > 1:
            spans = _disjoint(spans)
        return spans

    async def on_request(self, ex: Exchange) -> Decision:
        return self._scan(ex.texts)

    async def on_response(self, ex: Exchange) -> Decision:
        return self._scan(ex.response_texts)

    async def scan_stream(self, ex: Exchange, text: str) -> StreamScan:
        if self._deny is None or "output" not in self._scope:
            return StreamScan(self.decide())
        found = tuple(Finding(a, b, "keyword", self.cfg.replacement) for a, b in self._spans(text))
        if not found:
            return StreamScan(self.decide())
        counts = Counter(f.label for f in found)
        return StreamScan(
            self.decide(self._action, "keyword_match", 1.0, {"matches": counts["keyword"]}), found
        )


_SEP = "\n\x00\n"  # between joined texts: no literal deny word spans it (\x00 is kept, not folded)


def _disjoint(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    out = [spans[0]]
    for a, b in spans[1:]:
        if a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def _invisible(c: str) -> bool:
    """Zero-width, bidi and tag characters (category Cf) and variation selectors."""
    return unicodedata.category(c) == "Cf" or "\ufe00" <= c <= "\ufe0f" or "\U000e0100" <= c <= "\U000e01ef"


@lru_cache(maxsize=8192)
def _fold_char(c: str) -> str:
    """One character in canonical form ("" for invisible ones, " " for any space)."""
    if _invisible(c):
        return ""
    if c.isspace():
        return " "
    t = unicodedata.normalize("NFKC", c)
    t = "".join(_HOMOGLYPHS.get(ch, ch) for ch in t)
    return fold(t) if t.strip() else " "  # fold drops combining accents ("")


_RUNS = re.compile(r"[\x00-\x7f]+|[^\x00-\x7f]+")


class CanonicalText(NamedTuple):
    """A canonical text and the way back to the original: piece j starts at canonical
    offset `cstart[j]` and came from original `[ostart[j], oend[j])`; `oend[j] == -1`
    marks an ASCII run copied one to one (offsets shift linearly inside it)."""

    text: str
    cstart: list[int]
    ostart: list[int]
    oend: list[int]

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Original span of the canonical span [a, b) (b > a)."""
        return self._at(a)[0], self._at(b - 1)[1]

    def _at(self, p: int) -> tuple[int, int]:
        j = bisect_right(self.cstart, p) - 1
        if self.oend[j] == -1:
            o = self.ostart[j] + p - self.cstart[j]
            return o, o + 1
        return self.ostart[j], self.oend[j]


def canonical(text: str) -> CanonicalText:
    """ASCII runs are only lowercased (the patterns match any whitespace run with `\\s+`);
    non-ASCII characters are folded one by one, and a dropped invisible character widens
    the piece before it, so a redaction covers it. Only the pieces are recorded: mapping a
    match back costs a bisect, and the common text (few non-ASCII characters) a few runs."""
    out: list[str] = []
    cstart: list[int] = []
    ostart: list[int] = []
    oend: list[int] = []
    pos = 0
    for m in _RUNS.finditer(text):
        run, i = m.group(), m.start()
        if run.isascii():
            out.append(run.lower())
            cstart.append(pos)
            ostart.append(i)
            oend.append(-1)
            pos += len(run)
            continue
        for k, c in enumerate(run, i):
            f = _fold_char(c)
            if not f:
                if not cstart:
                    continue
                if oend[-1] == -1:  # split the last character off its ASCII run
                    last = ostart[-1] + pos - 1 - cstart[-1]
                    if pos - 1 == cstart[-1]:
                        oend[-1] = k + 1
                    else:
                        cstart.append(pos - 1)
                        ostart.append(last)
                        oend.append(k + 1)
                else:
                    oend[-1] = k + 1
                continue
            out.append(f)
            cstart.append(pos)
            ostart.append(k)
            oend.append(k + 1)
            pos += len(f)
    return CanonicalText("".join(out), cstart, ostart, oend)


def _replace(text: str, spans: list[tuple[int, int]], replacement: str) -> str:
    parts, pos = [], 0
    for a, b in spans:
        parts.append(text[pos:a])
        parts.append(replacement)
        pos = b
    parts.append(text[pos:])
    return "".join(parts)
