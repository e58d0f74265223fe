"""Config of golden-set validation: the top-level `validation.sets` and a route's `validation`.

Pydantic only (no I/O, no aiohttp), so gateway/config.py can import it. The set files
themselves are read by gateway/validation/cases.py when a config is loaded, so a bad
case line is a config error naming the file and the line, never a surprise at run time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field

from filters.base import StrictModel

if TYPE_CHECKING:
    from gateway.config import GatewayConfig


class ValidationSetConfig(StrictModel):
    """One golden set: a JSONL file of cases (docs/validation.md)."""

    path: str = Field(
        min_length=1,
        description="JSONL file, one case per line; a relative path is read from the config file's directory.",
    )
    timeout_s: float = Field(default=30.0, gt=0, le=600, description="Time limit of one case's exchange.")
    concurrency: int = Field(default=4, ge=1, le=64, description="Cases in flight at once per run.")
    run_budget_s: float = Field(
        default=300.0,
        gt=0,
        le=3600,
        description="Time budget of one run; cases not started by then are reported as skipped.",
    )


class ValidationSection(StrictModel):
    """Top-level `validation:`."""

    sets: dict[str, ValidationSetConfig] = Field(
        default_factory=dict, description="Golden sets by name; routes refer to them."
    )


class ValidationSloConfig(StrictModel):
    min_pass_rate: float = Field(
        default=0.95,
        ge=0,
        le=1,
        description="Objective: share of cases that pass. Also the threshold of `aigw validate`.",
    )
    period_days: int = Field(default=30, ge=1, le=90, description="Error budget period.")
    min_cases: int = Field(
        default=10,
        ge=0,
        le=1_000_000,
        description="Burn-rate alerts need at least this many judged cases in the long window.",
    )


class RouteValidationConfig(StrictModel):
    """A route's `validation:`: which set, and the continuous replay against its serving variants."""

    set: str = Field(description="Name of a set under the top-level `validation.sets`.")
    interval_s: float = Field(
        default=300.0, gt=0, le=86_400, description="Seconds between two scheduled runs (continuous)."
    )
    sample: int = Field(
        default=20, ge=1, le=10_000, description="Cases per scheduled run, in a deterministic rotation."
    )
    enabled: bool = Field(
        default=True, description="false: no scheduled runs (the CLI and gates still work)."
    )
    slo: ValidationSloConfig = Field(default_factory=ValidationSloConfig)


def validate_references(cfg: GatewayConfig) -> list[str]:
    """Path-named cross-reference errors: a route's set exists, validation gates have a set."""
    errors: list[str] = []
    section: Any = getattr(cfg, "validation", None)
    known = set(section.sets) if section is not None else set()
    for i, route in enumerate(cfg.routes):
        where = f"routes[{i}]"
        rv = getattr(route, "validation", None)
        if rv is not None and rv.set not in known:
            hint = f"; known sets: {', '.join(sorted(known))}" if known else " (no top-level validation.sets)"
            errors.append(f"{where}.validation.set: unknown set {rv.set!r}{hint}")
        rollout = getattr(route, "rollout", None)
        if rollout is not None and rv is not None and not rv.enabled:
            if rollout.gates.max_validation_pass_rate_drop is not None:
                errors.append(
                    f"{where}.rollout.gates.max_validation_pass_rate_drop: needs validation.enabled "
                    "(the scheduled runs are its evidence)"
                )
        if rollout is not None and rv is None:
            g = rollout.gates
            if g.max_validation_pass_rate_drop is not None:
                errors.append(
                    f"{where}.rollout.gates.max_validation_pass_rate_drop: needs a validation section"
                )
            if g.validation_before_first_step:
                errors.append(
                    f"{where}.rollout.gates.validation_before_first_step: needs a validation section"
                )
    return errors
