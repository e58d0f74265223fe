"""`type: keywords`: deny and allow lists of literals or regexes, like Kong's ai-prompt-guard.

All deny entries are compiled once into a single alternation (one pass over the text, no
per-request compilation); literals are escaped so a list of plain words cannot become an
accidental regex. The deny scan runs on requests, complete answers and streamed answers.

Regexes are compiled with RE2 (google-re2), a linear-time engine: with Python's
backtracking `re`, `(x+x+)+y` against 26 characters of prompt stalled the event loop for
seconds, and a filter timeout cannot interrupt a running regex. Patterns RE2 cannot run
(lookarounds, backreferences) are refused when the config loads, with their path. Texts
over `offload_chars` are scanned on an executor thread, so the chain's timeout is
honoured and the loop keeps serving while a large body is scanned.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Any, Literal

import re2
from pydantic import Field, field_validator, model_validator

from filters.base import (
    Action,
    BuildContext,
    Decision,
    Filter,
    FilterConfig,
    Finding,
    StreamScan,
    offload,
)

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
        default_factory=list,
        description="Regexes (RE2 syntax: linear time; no lookarounds or backreferences) that must not match.",
    )
    allow_regex: list[str] = Field(
        default_factory=list,
        description="If set, every scanned user segment must match at least one of these (RE2 syntax; "
        "else blocked).",
    )
    offload_chars: int = Field(
        default=32768,
        ge=0,
        le=1 << 30,
        description="Scan texts longer than this (in total) on an executor thread, so the event loop "
        "keeps serving and the filter timeout holds; 0 = always. The default is where the thread hop "
        "(~53 us) costs what RE2 spends on ~32k characters.",
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
        for i, pattern in enumerate(v):
            try:
                compile_re2(pattern)
            except re2.error as exc:
                why = (
                    exc.args[0].decode(errors="replace")
                    if exc.args and isinstance(exc.args[0], bytes)
                    else exc
                )
                raise ValueError(
                    f"[{i}] invalid regex {pattern!r}: {why} (compiled with RE2, a linear-time engine: "
                    "no lookarounds or backreferences)"
                ) from None
        return v

    @model_validator(mode="after")
    def _something_to_do(self) -> KeywordsConfig:
        if not (self.deny or self.deny_regex or self.allow_regex):
            raise ValueError("needs at least one of deny, deny_regex, allow_regex")
        return self


def compile_re2(pattern: str, ignore_case: bool = False) -> re2._Regexp:
    options = re2.Options()
    options.log_errors = False  # a refused pattern is reported by the config error, not on stderr
    options.case_sensitive = not ignore_case
    return re2.compile(pattern, options)


class KeywordsFilter(Filter):
    type_name = "keywords"
    Config = KeywordsConfig
    version = "1"

    def __init__(self, name: str, config: KeywordsConfig, ctx: BuildContext) -> None:  # type: ignore[override]
        super().__init__(name, config, ctx)
        self.cfg = config
        self._deny: Any = None
        if config.deny_regex:
            alternatives = [re2.escape(w) for w in config.deny] + [f"(?:{p})" for p in config.deny_regex]
            self._deny = compile_re2("|".join(alternatives), ignore_case=True)
        elif config.deny:  # literals only: Python's re cannot backtrack badly on an escaped list
            self._deny = re.compile("|".join(re.escape(w) for w in config.deny), re.IGNORECASE)
        # Literal-only lists: for ASCII text (lower() keeps every offset) a case-sensitive
        # search of the lowered text is ~4x cheaper than an IGNORECASE one.
        self._deny_lower = (
            re.compile("|".join(re.escape(w.lower()) for w in config.deny))
            if config.deny and not config.deny_regex and all(w.isascii() for w in config.deny)
            else None
        )
        self._allow = (
            compile_re2("|".join(f"(?:{p})" for p in config.allow_regex), ignore_case=True)
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
        if self._deny_lower is not None and text.isascii():
            return self._deny_lower.search(text.lower()) is not None
        assert self._deny is not None
        return self._deny.search(text) is not None

    def _spans(self, text: str) -> list[tuple[int, int]]:
        if self._deny_lower is not None and text.isascii():
            return [m.span() for m in self._deny_lower.finditer(text.lower())]
        assert self._deny is not None
        return [m.span() for m in self._deny.finditer(text)]

    async def on_request(self, ex: Exchange) -> Decision:
        return await self._scan_sized(ex.texts)

    async def on_response(self, ex: Exchange) -> Decision:
        return await self._scan_sized(ex.response_texts)

    async def _scan_sized(self, segments: list[Segment]) -> Decision:
        limit = self.cfg.offload_chars
        size = 0
        for seg in segments:
            size += len(seg.text)
            if size > limit:
                return await offload(self._scan, segments)
        return self._scan(segments)

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


_SEP = "\n\x00\n"  # between joined texts: no literal deny word spans it


def _replace(text: str, spans: list[tuple[int, int]], replacement: str) -> str:
    parts, pos = [], 0
    for a, b in spans:
        parts.append(text[pos:a])
        parts.append(replacement)
        pos = b
    parts.append(text[pos:])
    return "".join(parts)
