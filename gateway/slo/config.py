"""The per-route `slo:` and `drift:` config sections (pydantic only, so config.py can import it).

Kept apart from the trackers so loading a config does not pull in numpy or aiohttp, and
so the JSON Schema (`aigw config schema`) documents these fields from the same source.
"""

from __future__ import annotations

from pydantic import Field, field_validator, model_validator

from filters.base import StrictModel, check_regexes


class SloConfig(StrictModel):
    """Objectives of one route; each variant (baseline, canary) is judged against them."""

    latency_ms: float | None = Field(
        default=None,
        gt=0,
        le=3_600_000,
        description="A request slower than this (time to the last byte) is a bad event. Streamed "
        "answers are judged by ttft_ms instead when it is set.",
    )
    percentile: float = Field(
        default=99.0,
        ge=50.0,
        lt=100.0,
        description="Latency objective: this percent of events are faster than the threshold.",
    )
    ttft_ms: float | None = Field(
        default=None,
        gt=0,
        le=3_600_000,
        description="Streamed answers: time to first byte above this is a bad event.",
    )
    availability: float = Field(
        default=99.9,
        ge=50.0,
        lt=100.0,
        description="Percent of events without a server-side failure (upstream 5xx, timeout, "
        "unreachable, filter failure, gateway 5xx). Client errors are not counted.",
    )
    period_days: int = Field(default=30, ge=1, le=90, description="Error budget period.")
    min_events: int = Field(
        default=10,
        ge=0,
        le=1_000_000,
        description="Alerts need at least this many events in the long window (no paging on two requests).",
    )

    @property
    def availability_objective(self) -> float:
        return self.availability / 100.0

    @property
    def latency_objective(self) -> float:
        return self.percentile / 100.0

    @property
    def has_latency(self) -> bool:
        return self.latency_ms is not None or self.ttft_ms is not None


class DriftConfig(StrictModel):
    """Drift signals of one route: PSI of a recent window against a reference."""

    enabled: bool = Field(default=True, description="Track drift signals for this route.")
    window_minutes: int = Field(
        default=60, ge=5, le=360, description="Recent window compared with the reference (multiple of 5)."
    )
    reference: str = Field(
        default="previous_day",
        pattern=r"^(previous_day|pinned)$",
        description="previous_day: the reference_hours before the recent window. pinned: a "
        "snapshot taken with POST /admin/drift/{route}/pin (previous_day until one is taken).",
    )
    reference_hours: int = Field(
        default=24, ge=1, le=48, description="Length of the previous_day reference window."
    )
    min_samples: int = Field(
        default=100, ge=10, le=1_000_000, description="Both windows need this many samples for a PSI."
    )
    max_samples_per_s: int = Field(
        default=200,
        ge=0,
        le=1_000_000,
        description="Count at most this many exchanges per second into the drift histograms (the first "
        "ones of each second); 0 counts every exchange. Drift compares distributions, and 200/s still "
        "fills a 5-minute bucket with 60,000 samples, while counting every request costs the busiest "
        "routes ~2% of their CPU.",
    )
    psi_warn: float = Field(default=0.1, gt=0, le=10, description="PSI above this: moderate shift.")
    psi_alert: float = Field(
        default=0.25, gt=0, le=10, description="PSI above this: significant shift, alert."
    )
    refusal_patterns: list[str] = Field(
        default_factory=list,
        max_length=50,
        description="Extra regular expressions (case-insensitive) that mark an answer as a refusal.",
    )

    @field_validator("window_minutes")
    @classmethod
    def _multiple_of_5(cls, v: int) -> int:
        if v % 5:
            raise ValueError("must be a multiple of 5")
        return v

    @field_validator("refusal_patterns")
    @classmethod
    def _compiles(cls, v: list[str]) -> list[str]:
        return check_regexes(v)

    @model_validator(mode="after")
    def _ordered(self) -> DriftConfig:
        if self.psi_alert < self.psi_warn:
            raise ValueError("psi_alert must be >= psi_warn")
        return self
