"""Token flooding and oversized prompts (`type: flooding`), a sibling of the injection filter.

Why a separate filter: size and repetition limits are per route and cheap, and they say
nothing about *what* the text means, so they should not share a threshold or a cache
with the injection scorer. Flooding attacks push the system prompt out of the context
window or make the model loop ("repeat 'poem' forever" style divergence); an oversized
prompt costs money before any model looks at it.

Checks, per request over the segments in scope:
- total characters above `max_chars` or one segment above `max_segment_chars`
  -> reason `prompt_too_large`;
- a segment of at least `min_tokens` whitespace tokens whose most common token makes up
  more than `max_token_share` of them, or that compresses more than
  `max_compression_ratio` times (long runs without spaces, repeated blocks)
  -> reason `token_flooding`.
"""

from __future__ import annotations

import zlib
from collections import Counter
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from filters.base import Action, BuildContext, Decision, Filter, FilterConfig

if TYPE_CHECKING:
    from gateway.exchange import Exchange

Role = Literal["system", "user", "assistant", "tool", "document", "input"]


DEFAULT_ROLES: tuple[Role, ...] = ("user", "tool", "document", "input")


class FloodingConfig(FilterConfig):
    """Configuration of one `type: flooding` filter instance."""

    type: Literal["flooding"] = Field(default="flooding", description="Filter type: flooding.")
    action: Literal["block", "flag"] = Field(
        default="block", description="What a finding does in enforce mode."
    )
    roles: list[Role] = Field(
        default_factory=lambda: list(DEFAULT_ROLES),
        min_length=1,
        description="Segment roles to check.",
    )
    max_chars: int = Field(
        default=400_000, ge=1, description="Limit on the characters of all segments in scope."
    )
    max_segment_chars: int = Field(default=200_000, ge=1, description="Limit on one segment.")
    min_tokens: int = Field(default=64, ge=2, description="Segments shorter than this are never flooding.")
    max_token_share: float = Field(
        default=0.5, gt=0.0, le=1.0, description="Most common token's share of a segment's tokens."
    )
    max_compression_ratio: float = Field(
        default=12.0,
        gt=1.0,
        description="Raw / zlib-compressed size above which a segment is a repeat flood.",
    )


class FloodingFilter(Filter[FloodingConfig]):
    """Rejects oversized prompts and texts that are mostly one repeated token."""

    type_name = "flooding"
    Config = FloodingConfig
    version = "1"

    def __init__(self, name: str, config: FloodingConfig, ctx: BuildContext) -> None:
        super().__init__(name, config, ctx)
        self._roles = frozenset(config.roles)

    async def on_request(self, ex: Exchange) -> Decision:
        segs = [(i, s.role, s.text) for i, s in enumerate(ex.texts) if s.role in self._roles and s.text]
        if not segs:
            return self.decide(score=None)
        action = Action.BLOCK if self.config.action == "block" else Action.FLAG
        total = sum(len(t) for _, _, t in segs)
        if total > self.config.max_chars:
            return self.decide(
                action, "prompt_too_large", 1.0, {"chars": total, "limit": self.config.max_chars}
            )
        for i, role, text in segs:
            if len(text) > self.config.max_segment_chars:
                detail = {
                    "segment": i,
                    "role": role,
                    "chars": len(text),
                    "limit": self.config.max_segment_chars,
                }
                return self.decide(action, "prompt_too_large", 1.0, detail)
            found = flooding(text, self.config)
            if found is not None:
                return self.decide(action, "token_flooding", 1.0, {"segment": i, "role": role, **found})
        return self.decide(Action.ALLOW, None, 0.0, {"chars": total})


def flooding(text: str, cfg: FloodingConfig) -> dict[str, float] | None:
    """Repetition measures of one text when they exceed the limits, else None."""
    tokens = text.split()
    if len(tokens) >= cfg.min_tokens:
        top, count = Counter(tokens).most_common(1)[0]
        share = count / len(tokens)
        if share > cfg.max_token_share:
            return {"tokens": len(tokens), "top_token_share": round(share, 3), "top_token_len": len(top)}
    if len(text) >= cfg.min_tokens * 8:
        raw = text.encode("utf-8", "surrogatepass")
        ratio = len(raw) / len(zlib.compress(raw, 1))
        if ratio > cfg.max_compression_ratio:
            return {"chars": len(text), "compression_ratio": round(ratio, 1)}
    return None
