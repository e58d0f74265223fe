"""`type: keywords`: deny and allow lists of literals or regexes, like Kong's ai-prompt-guard.

All deny entries are compiled once into a single alternation (one pass over the text, no
per-request compilation); literals are escaped so a list of plain words cannot become an
accidental regex. The deny scan runs on requests, complete answers and streamed answers.

Literals match on canonical text, the form the injection filter reads (see
filters/keyword_canonical.py): a double space, a newline or a U+200B inside a denied phrase
no longer gets past it, and redaction replaces exactly what was written. ASCII texts (the
common case) never build the canonical string: the same literals compile with `\\s+`
between their words and run on the lowered text, whose offsets are the original ones.

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
from filters.cache import _MEMO_CHARS, _SHORT, _memo_digest
from filters.keyword_canonical import canonical
from filters.spans import merge_overlapping, replace_spans

if TYPE_CHECKING:
    from gateway.exchange import Exchange, Segment

_ROLES = Literal["system", "user", "assistant", "tool", "document", "input", "output"]
_ALL_ROLES: tuple[_ROLES, ...] = ("system", "user", "assistant", "tool", "document", "input", "output")


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
        default_factory=lambda: list(_ALL_ROLES),
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


class KeywordsFilter(Filter[KeywordsConfig]):
    type_name = "keywords"
    Config = KeywordsConfig
    version = "1"

    def __init__(self, name: str, config: KeywordsConfig, ctx: BuildContext) -> None:
        super().__init__(name, config, ctx)
        self.cfg = config
        literals = [" ".join(canonical(w).text.split()) for w in config.deny]
        words = [r"\s+".join(map(re.escape, w.split(" "))) for w in literals if w]
        # Literals: escaped words joined by \s+ (no nested quantifiers, so Python's re cannot
        # backtrack badly), on the canonical text of non-ASCII input ...
        self._deny_canon = re.compile("|".join(words)) if words else None
        # ... and on the lowered text of ASCII input (lower() keeps every offset): one
        # case-sensitive search, ~4x cheaper than an IGNORECASE one.
        ascii_words = [w for w, lit in zip(words, literals, strict=False) if lit.isascii()]
        self._deny_lower = re.compile("|".join(ascii_words)) if ascii_words else None
        # Regexes: RE2 (linear time) on the original text, whatever its script.
        self._deny_regex: Any = (
            compile_re2("|".join(f"(?:{p})" for p in config.deny_regex), ignore_case=True)
            if config.deny_regex
            else None
        )
        self._deny = bool(words or config.deny_regex)
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
        self.stream_window = 0 if not self._deny else (config.stream_window or max(32, longest))
        # One-pass texts known to hold no deny literal, by text_key (the text itself or its
        # memoized digest, which the cached filters before this one already took): a chat
        # resends its history every turn, and only the new message is searched (perf4).
        self._clean: set[str | bytes | None] = set()
        self._pass = self.decide()  # Decision is immutable: one shared instance (perf4)

    def _scan(self, segments: list[Segment]) -> Decision:
        if self._one_pass:
            # Literal deny list, block or flag: the usual "nothing found" is answered text by
            # text, skipping the texts found clean before (a literal never spans two texts).
            # A hit goes through the exact per-segment loop below (counts). perf4, callgrind:
            # a turn-2 chat (three texts seen before, one new) 21.7k -> ~10k instructions,
            # where joining, lowering and searching all four texts was the cost.
            scope, clean = self._scope, self._clean
            for seg in segments:
                if seg.role in scope:
                    text = seg.text
                    n = len(text)
                    key = text if n <= _SHORT else _memo_digest(text) if n <= _MEMO_CHARS else None
                    if key in clean:
                        continue
                    if self._search(text):
                        break
                    if key is not None:  # larger texts are searched every time, not digested
                        if len(clean) >= _CLEAN_MAX:
                            clean.clear()
                        clean.add(key)
            else:
                return self._pass
        hits = 0
        rewrites: dict[int, str] = {}
        for i, seg in enumerate(segments):
            if seg.role not in self._scope:
                continue
            if self._allow is not None and seg.role == "user" and not self._allow.search(seg.text):
                return self.decide(Action.BLOCK, "keyword_not_allowed", 1.0, {"segment_role": seg.role})
            if not self._deny:
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
            return self._pass
        return self.decide(
            self._action, "keyword_match", 1.0, {"matches": hits}, rewrites if rewrites else None
        )

    def _search(self, text: str) -> bool:
        if text.isascii():
            if self._deny_lower is not None and self._deny_lower.search(text.lower()) is not None:
                return True
            return self._deny_regex is not None and self._deny_regex.search(text) is not None
        return bool(self._spans(text))

    def _spans(self, text: str) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        if text.isascii():
            if self._deny_lower is not None:
                spans = [m.span() for m in self._deny_lower.finditer(text.lower())]
        elif self._deny_canon is not None:
            canon = canonical(text)
            spans = [
                canon.span(*m.span()) for m in self._deny_canon.finditer(canon.text) if m.end() > m.start()
            ]
        if self._deny_regex is not None:
            spans += [m.span() for m in self._deny_regex.finditer(text) if m.end() > m.start()]
        if len(spans) > 1:
            spans = _disjoint(spans)
        return spans

    # The size test is a plain call, not a coroutine of its own (perf4: a coroutine layer is
    # ~3k instructions a phase under callgrind).
    # What the chain calls first (Filter.request_now: no coroutine); None: a large segment.
    def request_now(self, ex: Exchange) -> Decision | None:
        return None if self._large(ex.texts) else self._scan(ex.texts)

    def response_now(self, ex: Exchange) -> Decision | None:
        return None if self._large(ex.response_texts) else self._scan(ex.response_texts)

    async def on_request(self, ex: Exchange) -> Decision:
        segments = ex.texts
        if self._large(segments):
            return await offload(self._scan, segments)
        return self._scan(segments)

    async def on_response(self, ex: Exchange) -> Decision:
        segments = ex.response_texts
        if self._large(segments):
            return await offload(self._scan, segments)
        return self._scan(segments)

    def _large(self, segments: list[Segment]) -> bool:
        limit = self.cfg.offload_chars
        size = 0
        for seg in segments:
            size += len(seg.text)
            if size > limit:
                return True
        return False

    async def scan_stream(self, ex: Exchange, text: str) -> StreamScan:
        if not self._deny or "output" not in self._scope:
            return StreamScan(self.decide())
        found = tuple(Finding(a, b, "keyword", self.cfg.replacement) for a, b in self._spans(text))
        if not found:
            return StreamScan(self.decide())
        counts = Counter(f.label for f in found)
        return StreamScan(
            self.decide(self._action, "keyword_match", 1.0, {"matches": counts["keyword"]}), found
        )


_CLEAN_MAX = 8192  # keys of clean texts remembered per filter (16-byte digests: < 1 MB)


def _replace(text: str, spans: list[tuple[int, int]], replacement: str) -> str:
    return replace_spans(text, ((a, b, replacement) for a, b in spans))


def _disjoint(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return merge_overlapping(spans, lambda s: s, lambda s, end: (s[0], end))
