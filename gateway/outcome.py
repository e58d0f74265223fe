"""The outcome of one exchange: one closed vocabulary for metrics, SLOs, rollouts, errors and audit.

Every finished request gets exactly one `Outcome`. It is the `outcome` label of
`aigw_requests_total` (so the set is closed: bounded label cardinality), the SLO's event
classification, the canary judge's error and block counts, and the audit policy's `error`
kind. Each consumer used to keep its own string set; a new outcome added in one place was
silently "good" in another. The sets below are the single source, and `StrEnum` members
compare and serialize as their plain strings, so labels, JSON and Prometheus answers are
unchanged.
"""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    SUCCESS = "success"  # the upstream answered 2xx/3xx and it reached the client
    UPSTREAM_4XX = "upstream_4xx"
    UPSTREAM_5XX = "upstream_5xx"  # also a model mismatch refused by the gateway
    BLOCKED = "blocked"  # a screening filter blocked (400 policy_violation), or stopped a stream
    BAD_REQUEST = "bad_request"
    UNAUTHENTICATED = "unauthenticated"
    DENIED = "denied"
    RATE_LIMITED = "rate_limited"
    NO_ROUTE = "no_route"
    TOO_LARGE = "too_large"
    FILTER_FAILURE = "filter_failure"  # a filter crashed or timed out under fail_closed, or audit refused
    UNREACHABLE = "unreachable"
    TIMEOUT = "timeout"
    DRAINING = "draining"
    CLIENT_CLOSED = "client_closed"


# Outcomes caused by the client or by policy: not SLO events (they burn no budget).
CLIENT_OUTCOMES: frozenset[str] = frozenset(
    {
        Outcome.UPSTREAM_4XX,
        Outcome.BLOCKED,
        Outcome.BAD_REQUEST,
        Outcome.UNAUTHENTICATED,
        Outcome.DENIED,
        Outcome.RATE_LIMITED,
        Outcome.NO_ROUTE,
        Outcome.TOO_LARGE,
        Outcome.CLIENT_CLOSED,
    }
)
# Server-side failures: each burns the availability budget.
SERVER_FAILURES: frozenset[str] = frozenset(
    {Outcome.UPSTREAM_5XX, Outcome.TIMEOUT, Outcome.UNREACHABLE, Outcome.FILTER_FAILURE, Outcome.DRAINING}
)
GOOD_OUTCOMES: frozenset[str] = frozenset({Outcome.SUCCESS})
# What the canary judge counts as the variant's errors: failures of the upstream it sent to.
# (A filter failure or a drain is the gateway's, the same for both variants.)
UPSTREAM_ERRORS: frozenset[str] = frozenset({Outcome.UPSTREAM_5XX, Outcome.UNREACHABLE, Outcome.TIMEOUT})
BLOCK_OUTCOMES: frozenset[str] = frozenset({Outcome.BLOCKED})
# What the audit policy records as an `error` kind (a drain is expected, not an error).
AUDITED_ERRORS: frozenset[str] = UPSTREAM_ERRORS | {Outcome.FILTER_FAILURE}
