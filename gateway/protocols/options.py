"""Per-route relaxations of strict reading (`routes[].screening`), documented in
docs/protocols.md. The defaults fail closed: what a filter cannot read is refused."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from filters.base import StrictModel
from gateway.protocols.base import Policy

_POLICIES = {(u, t): Policy(u, t) for u in (True, False) for t in (True, False)}


class ScreeningConfig(StrictModel):
    unknown_parts: Literal["refuse", "skip"] = Field(
        default="refuse",
        description="Content part, block or item types the route's adapter does not know, and "
        "files it cannot read (PDFs, file ids): refuse with 400 invalid_body (default), or skip "
        "them unscreened (they reach the model without screening).",
    )
    token_ids: Literal["refuse", "allow"] = Field(
        default="refuse",
        description="Prompts given as token ids (completions, embeddings): refuse (default; no "
        "filter can read them) or allow them unscreened.",
    )

    def policy(self) -> Policy:
        return _POLICIES[(self.unknown_parts == "refuse", self.token_ids == "refuse")]
