"""Schema of `principals:`: who may call the gateway, on what, with which prompts and budgets.

Kept apart from the access filter's logic so the root config can import the schema without
pulling in the limiter backends.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator

from filters.base import StrictModel

_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")


class AllowConfig(StrictModel):
    routes: list[str] = Field(default_factory=lambda: ["*"], description="Route names (glob patterns).")
    models: list[str] = Field(default_factory=lambda: ["*"], description="Model names (glob patterns).")


class SystemPromptTemplates(StrictModel):
    templates: list[str] = Field(
        min_length=1, description="sha256 hex of each registered system prompt; others are denied."
    )

    @field_validator("templates")
    @classmethod
    def _hex(cls, v: list[str]) -> list[str]:
        for item in v:
            if not _SHA256_HEX.match(item):
                raise ValueError(f"not a lowercase sha256 hex digest: {item[:16]}...")
        return v


class PromptPolicy(StrictModel):
    system_prompt: Literal["allow", "deny"] | SystemPromptTemplates = Field(
        default="allow", description="allow, deny, or only registered templates (prompt access control)."
    )
    tools: Literal["allow", "deny"] | list[str] = Field(
        default="allow", description="allow, deny, or the tool names this principal may declare."
    )
    max_tokens: int | None = Field(
        default=None, ge=1, le=10_000_000, description="Cap on requested max_tokens."
    )
    max_tokens_mode: Literal["reject", "clamp"] = Field(
        default="reject", description="Over the cap: reject (403) or clamp the request to the cap."
    )
    max_messages: int | None = Field(default=None, ge=1, le=100_000, description="Most messages per request.")
    max_prompt_chars: int | None = Field(
        default=None, ge=1, le=100_000_000, description="Most prompt characters per request."
    )
    roles: list[Literal["system", "user", "assistant", "tool", "document", "input"]] | None = Field(
        default=None, description="Roles this principal may send; omitted = any."
    )


class LimitsConfig(StrictModel):
    requests_per_minute: int | None = Field(default=None, ge=1, le=10_000_000)
    tokens_per_minute: int | None = Field(default=None, ge=1, le=10_000_000_000)
    tokens_per_day: int | None = Field(default=None, ge=1, le=10_000_000_000_000)
    per_route: bool = Field(
        default=False, description="Count limits per principal and route instead of per principal."
    )


class PrincipalConfig(StrictModel):
    name: str = Field(
        pattern=r"^[A-Za-z0-9_.@-]{1,64}$", description="Principal name (metrics label, audit)."
    )
    key_sha256: list[str] = Field(
        min_length=1, description="SHA-256 hex of each valid key (`aigw keys hash`)."
    )
    allow: AllowConfig = Field(default_factory=AllowConfig)
    prompt_policy: PromptPolicy = Field(default_factory=PromptPolicy)
    limits: LimitsConfig = Field(default_factory=LimitsConfig)

    @field_validator("key_sha256")
    @classmethod
    def _hashes(cls, v: list[str]) -> list[str]:
        out = []
        for item in v:
            low = item.lower()
            if not _SHA256_HEX.match(low):
                raise ValueError(
                    "each entry must be a sha256 hex digest (64 hex characters); use `aigw keys hash`"
                )
            out.append(low)
        return out
