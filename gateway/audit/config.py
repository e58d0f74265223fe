"""Config models of the audit log: the top-level `audit:` section and the per-route `audit:`.

Kept apart from the writer so that gateway/config.py can import the schema without pulling
in threads, files or the PII analyzer.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from filters.base import StrictModel

AlwaysKind = Literal["block", "redact", "flag", "error", "shadow_divergence"]
ALWAYS_KINDS: tuple[AlwaysKind, ...] = ("block", "redact", "flag", "error", "shadow_divergence")

# Headers that carry credentials or session state: never recorded, whatever the allow-list says.
FORBIDDEN_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "api-key",
        "x-goog-api-key",
        "anthropic-api-key",
        "openai-api-key",
    }
)


class RouteAuditConfig(StrictModel):
    """Which exchanges of a route are recorded."""

    sample_rate: float = Field(
        default=0.01,
        ge=0.0,
        le=1.0,
        description="Share of ordinary exchanges recorded, chosen by a hash of the request id so "
        "every replica picks the same ones.",
    )
    always: list[AlwaysKind] = Field(
        default_factory=lambda: list(ALWAYS_KINDS),
        description="Exchange kinds recorded at 100% and written before the answer is sent: "
        "block, redact, flag (incl. monitor-mode decisions), error (5xx, upstream failures), "
        "shadow_divergence.",
    )


class AuditConfig(StrictModel):
    """The tamper-evident audit log (absent: no audit log)."""

    path: str = Field(min_length=1, description="Directory of the rotated JSONL files (created if missing).")
    hmac_key_env: str | None = Field(
        default=None,
        description="Environment variable holding a key: records are chained with HMAC-SHA256 "
        "instead of plain SHA-256, so only key holders can forge a chain.",
    )
    rotate_bytes: int = Field(
        default=64 * 1024 * 1024,
        ge=4096,
        le=1 << 40,
        description="Start a new file once the current one reaches this size.",
    )
    rotate_s: float = Field(
        default=86400.0, ge=1.0, le=366 * 86400.0, description="Start a new file after this many seconds."
    )
    on_failure: Literal["fail_closed", "allow"] = Field(
        default="fail_closed",
        description="When a mandatory record cannot be written: answer 503 (fail_closed, and "
        "/readyz turns 503) or serve anyway and count the loss (allow).",
    )
    queue_size: int = Field(
        default=10_000,
        ge=16,
        le=1_000_000,
        description="Sampled records waiting for the writer thread; beyond it they are dropped and counted.",
    )
    flush_interval_ms: float = Field(
        default=50.0, ge=1.0, le=100.0, description="Longest time a sampled record waits in the queue."
    )
    bodies: bool = Field(
        default=True,
        description="Store the request and answer texts (always PII-redacted first).",
    )
    max_text_chars: int = Field(
        default=2000, ge=0, le=100_000, description="Per text segment; longer texts are cut and marked."
    )
    max_answer_bytes: int = Field(
        default=256 * 1024,
        ge=0,
        le=64 * 1024 * 1024,
        description="Per record: bytes of the answer copied for a recorded exchange (the texts are "
        "then read from them); past it the record says `truncated`. 0 = no answer in records.",
    )
    headers: list[str] = Field(
        default_factory=lambda: ["user-agent"],
        description="Request headers copied into exchange records (credentials are refused).",
    )
    defaults: RouteAuditConfig = Field(
        default_factory=RouteAuditConfig,
        description="Policy of routes without their own `audit:` and of exchanges that matched no route.",
    )

    @field_validator("headers")
    @classmethod
    def _no_secrets(cls, v: list[str]) -> list[str]:
        lowered = [h.lower() for h in v]
        bad = sorted(set(lowered) & FORBIDDEN_HEADERS)
        if bad:
            raise ValueError(f"credential headers are never recorded: {', '.join(bad)}")
        return lowered
