"""Which exchanges are recorded: classification into kinds and deterministic sampling.

Pure functions plus a per-config-generation table, so the hot path (an unsampled request)
is two dict lookups, a short loop over the decisions and one small keyed hash.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any

from filters.base import Action, Decision
from gateway.audit.config import AuditConfig, RouteAuditConfig
from gateway.outcome import AUDITED_ERRORS

if TYPE_CHECKING:
    from gateway.service.runtime import Generation

ERROR_OUTCOMES = AUDITED_ERRORS  # failures of the gateway or the upstream (gateway/outcome.py)
_SCALE = 1 << 64


# The sampling key. Clients choose their x-request-id, so with a fixed, public key they could
# pick ids that are never sampled; a secret key takes that choice away. Random per process
# unless set_sample_key() derives it from the audit HMAC key, which every replica shares
# (then replicas still sample the same exchanges).
# The keyed state is built once and copied per call: a keyed BLAKE2b hashes its key as a
# whole first block, and copying that state halves the cost (0.93 vs 2.19 us, measured).
_keyed: Any = None


def set_sample_key(secret: bytes | None) -> None:
    """Key sampling with a secret shared by the replicas (None: a fresh per-process secret)."""
    global _keyed
    key = (
        hashlib.blake2b(secret, digest_size=32, person=b"aigw-sample").digest() if secret else os.urandom(32)
    )
    _keyed = hashlib.blake2b(digest_size=8, key=key, person=b"aigw-audit")


set_sample_key(None)


def sample_point(request_id: str) -> int:
    """A 64-bit point for the request id under the secret sampling key (keyed BLAKE2b).

    The personalization keeps it independent of other hash-based choices on the same id
    (canary stickiness), so audit sampling does not correlate with the variant.
    """
    digest = _keyed.copy()
    digest.update(request_id.encode("utf-8", "surrogatepass"))
    return int.from_bytes(digest.digest(), "big")


def rate_threshold(rate: float) -> int:
    """Points below this are sampled; rate 1.0 samples everything, 0.0 nothing."""
    return _SCALE if rate >= 1.0 else int(rate * _SCALE)


def is_sampled(request_id: str, rate: float) -> bool:
    return sample_point(request_id) < rate_threshold(rate)


def model_mismatch(expected: str | None, observed: str | None) -> bool:
    """The answer's model differs from the upstream's pin (a glob when it has * ? or [)."""
    if not expected or observed is None:
        return False
    if any(c in expected for c in "*?["):
        return not fnmatchcase(observed, expected)
    return observed != expected


def classify(
    decisions: Iterable[Decision], outcome: str, status: int, mismatch: bool = False
) -> tuple[str, ...]:
    """The kinds of an exchange: block/redact/flag from effective decisions, error from the outcome.

    A monitor-mode decision that would have acted counts as `flag`: that is the evidence a
    policy rollout in monitor mode exists to collect. A model that differs from the
    upstream's pin also counts as `flag`.
    """
    kinds: list[str] = []
    for d in decisions:
        if d.action is Action.ALLOW:
            continue
        kind = d.action.label if d.mode == "enforce" else "flag"
        if kind not in kinds:
            kinds.append(kind)
    if outcome == "blocked" and "block" not in kinds:  # e.g. a stream stopped mid-answer
        kinds.insert(0, "block")
    if mismatch and "flag" not in kinds:
        kinds.append("flag")
    if outcome in ERROR_OUTCOMES or (status >= 500 and outcome != "draining"):
        kinds.append("error")
    return tuple(kinds)


@dataclass(frozen=True, slots=True)
class RoutePolicy:
    """What the audit needs about one route of one config generation, computed once."""

    sample_rate: float
    threshold: int
    always: frozenset[str]
    filters: tuple[dict[str, str], ...] = ()
    adapter: Any = None  # the route's protocol adapter, to read texts of routes without filters

    @classmethod
    def build(cls, cfg: RouteAuditConfig, filters: tuple[dict[str, str], ...] = (), adapter: Any = None):
        return cls(cfg.sample_rate, rate_threshold(cfg.sample_rate), frozenset(cfg.always), filters, adapter)


@dataclass(slots=True)
class PolicyTable:
    """Route policies and model pins of one config generation."""

    version: str
    routes: dict[str, RoutePolicy] = field(default_factory=dict)
    default: RoutePolicy = field(default_factory=lambda: RoutePolicy.build(RouteAuditConfig()))
    expect_model: dict[str, str | None] = field(default_factory=dict)

    def get(self, route: str) -> RoutePolicy:
        return self.routes.get(route) or self.default


def filter_lineage(chain: Any) -> tuple[dict[str, str], ...]:
    """Names, versions (weights hash for learned filters) and modes of a route's filters."""
    out = []
    for phase, filters in (("request", chain.request_filters), ("response", chain.response_filters)):
        for f in filters:
            out.append({"name": f.name, "lineage": f.lineage, "mode": f.config.mode, "phase": phase})
    return tuple(out)


def build_table(gen: Generation, audit: AuditConfig) -> PolicyTable:
    cfg = gen.loaded.config
    table = PolicyTable(
        version=gen.version,
        default=RoutePolicy.build(audit.defaults),
        expect_model={name: u.expect_model for name, u in cfg.upstreams.items()},
    )
    for name, rt in gen.routes.items():
        route_cfg = getattr(rt.route.config, "audit", None) or audit.defaults
        table.routes[name] = RoutePolicy.build(route_cfg, filter_lineage(rt.chain), rt.adapter)
    return table
