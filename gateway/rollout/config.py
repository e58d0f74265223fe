"""Config sections of rollouts: a route's `rollout` (steps, interval, gates) and the top-level
`rollouts` (state file, the judge's data source). Pydantic only, so loading a config does not
import the statistics; cross-references (canary and shadow upstreams exist) are checked by
`validate_route`, which gateway/config.py calls with path-named errors.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, field_validator, model_validator

from filters.base import StrictModel

if TYPE_CHECKING:
    from gateway.config import RouteConfig


class GatesConfig(StrictModel):
    max_error_rate_delta: float | None = Field(
        default=0.01,
        ge=0,
        le=1,
        description="Canary error rate minus baseline error rate, at most (null: off).",
    )
    max_p95_latency_ratio: float | None = Field(
        default=1.25,
        gt=0,
        le=100,
        description="Canary/baseline p95 latency, at most, when a Mann-Whitney U test finds the canary "
        "significantly slower (null: off).",
    )
    min_p95_latency_delta_ms: float = Field(
        default=5.0,
        ge=0,
        description="The latency gate fails only when the canary's p95 is also this many ms above the "
        "baseline's: a 2 ms difference on a fast upstream is significant and a large ratio, but harmless "
        "(0: ratio and test alone).",
    )
    max_block_rate_delta: float | None = Field(
        default=0.02,
        ge=0,
        le=1,
        description="Canary answers blocked by filters, rate delta at most (null: off).",
    )
    max_shadow_divergence: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="Share of diverged shadow comparisons, at most (needs `shadow`).",
    )
    model_mismatch: bool = Field(
        default=True,
        description="Any canary answer whose model differs from the upstream's expect_model fails.",
    )
    alpha: float = Field(
        default=0.05, gt=0, lt=0.5, description="Significance level of the latency test (one-sided)."
    )
    max_validation_pass_rate_drop: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description="Golden-set pass rate, baseline minus canary on the same cases, at most (null: off; "
        "needs the route's `validation`).",
    )
    validation_before_first_step: bool = Field(
        default=False,
        description="A new canary gets no traffic (weight 0) until a validation run on it passes "
        "the route's validation.slo.min_pass_rate.",
    )


class RolloutConfig(StrictModel):
    steps: list[float] = Field(
        default_factory=lambda: [1.0, 5.0, 25.0, 50.0, 100.0],
        min_length=1,
        description="Canary weights in percent, increasing; passing the last step below 100 promotes.",
    )
    interval_s: float = Field(default=300.0, gt=0, le=86_400, description="Seconds between two judgements.")
    min_requests: int = Field(
        default=200, ge=1, le=10_000_000, description="Requests per variant before a step can be judged."
    )
    gates: GatesConfig = Field(default_factory=GatesConfig)
    on_fail: Literal["rollback", "pause"] = Field(
        default="rollback",
        description="A failed gate rolls back to 0% (rollback) or holds the weight (pause).",
    )

    @field_validator("steps")
    @classmethod
    def _steps(cls, v: list[float]) -> list[float]:
        if any(not (0 < s <= 100) for s in v):
            raise ValueError("every step must be in (0, 100]")
        if any(b <= a for a, b in zip(v, v[1:], strict=False)):
            raise ValueError("steps must be strictly increasing")
        return v


class RolloutsSettings(StrictModel):
    """Top-level `rollouts:` section: where state lives and where the judge reads samples."""

    state_path: str | None = Field(
        default=None,
        description="JSON file holding every route's rollout state (restart resumes); omit: memory. "
        "With `store`: this replica's local copy, used when the store is down.",
    )
    store: str | None = Field(
        default=None,
        description="redis://host:port/db: one rollout state, one judge and fleet evidence for every "
        "replica (docs/rollouts.md, Fleets); omit: this process only.",
    )
    analysis_source: Literal["memory", "prometheus", "store"] = Field(
        default="memory",
        description="memory: this replica's samples; prometheus: fleet-wide, via its HTTP API; "
        "store: fleet-wide, every replica's counts summed in the store (needs `store`).",
    )
    prometheus_url: str | None = Field(default=None, description="Base URL of Prometheus (analysis_source).")
    prometheus_timeout_s: float = Field(default=5.0, gt=0, le=120, description="Per query.")
    latency_samples: int = Field(
        default=4096, ge=64, le=1_000_000, description="Latency samples kept per route and variant (ring)."
    )
    lease_s: float = Field(
        default=10.0,
        ge=0.5,
        le=300,
        description="Judge leader lease (with `store`): a dead leader is replaced within two lease periods.",
    )
    store_timeout_s: float = Field(
        default=1.0, gt=0, le=30, description="Connect and per-command time limit of the rollout store."
    )
    replica_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=128,
        pattern=r"^[A-Za-z0-9._:@-]+$",
        description="This replica's name in the fleet (with `store`); default: hostname:pid.",
    )

    @model_validator(mode="after")
    def _sources(self) -> RolloutsSettings:
        if self.analysis_source == "prometheus" and not self.prometheus_url:
            raise ValueError("prometheus_url is required with analysis_source: prometheus")
        if self.prometheus_url and not self.prometheus_url.startswith(("http://", "https://")):
            raise ValueError("prometheus_url must start with http:// or https://")
        if self.analysis_source == "store" and not self.store:
            raise ValueError("store is required with analysis_source: store")
        if self.store:
            from filters.redis_client import check_url

            check_url(self.store, "store")
        return self


def validate_route(route: RouteConfig, upstreams: dict[str, Any], where: str) -> list[str]:
    """Cross-references of a route's canary / shadow / rollout sections (path-named errors)."""
    errors: list[str] = []
    canary = getattr(route, "canary", None)
    shadow = getattr(route, "shadow", None)
    rollout = getattr(route, "rollout", None)
    if canary is not None:
        if canary.upstream not in upstreams:
            errors.append(f"{where}.canary.upstream: unknown upstream {canary.upstream!r}")
        elif canary.upstream == route.upstream:
            errors.append(f"{where}.canary.upstream: must differ from the route's upstream")
    if shadow is not None and shadow.upstream not in upstreams:
        errors.append(f"{where}.shadow.upstream: unknown upstream {shadow.upstream!r}")
    if rollout is not None:
        if canary is None:
            errors.append(f"{where}.rollout: needs a canary section")
        if rollout.gates.max_shadow_divergence is not None and shadow is None:
            errors.append(f"{where}.rollout.gates.max_shadow_divergence: needs a shadow section")
    return errors


# --- the canary and the shadow of a route ---------------------------------------------------


class CanaryConfig(StrictModel):
    upstream: str = Field(description="Name of the upstream that serves the canary variant.")
    weight: float = Field(
        default=0.0,
        ge=0,
        le=100,
        description="Percent of requests sent to the canary (the start weight when a rollout is set).",
    )
    sticky: str = Field(
        default="none",
        description="Sticky assignment key: `header:<name>`, `principal`, or `none` (random per request).",
    )

    @field_validator("sticky")
    @classmethod
    def _sticky(cls, v: str) -> str:
        parse_sticky(v)
        return v


class ShadowConfig(StrictModel):
    upstream: str = Field(description="Name of the upstream that receives the mirrored copies.")
    percent: float = Field(default=0.0, ge=0, le=100, description="Percent of requests mirrored.")
    max_concurrency: int = Field(
        default=32, ge=1, le=10_000, description="Shadow requests in flight at most; excess is dropped."
    )
    timeout_s: float = Field(default=30.0, gt=0, le=3600, description="Time limit of one shadow exchange.")
    min_similarity: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Below this output similarity (min of token Jaccard and length ratio) the pair diverges.",
    )
    max_answer_bytes: int = Field(
        default=1_048_576, ge=1024, le=67_108_864, description="Bytes of each answer kept for the comparison."
    )


def parse_sticky(spec: str) -> tuple[str, str]:
    """`header:x-user-id` -> ("header", "x-user-id"); `principal`; `none`. ValueError otherwise."""
    if spec in ("none", "principal"):
        return spec, ""
    kind, sep, name = spec.partition(":")
    if kind == "header" and sep and re.fullmatch(r"[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}", name):
        return "header", name.lower()
    raise ValueError(f"expected `header:<name>`, `principal` or `none`, got {spec!r}")


# --- the split -------------------------------------------------------------------------------
