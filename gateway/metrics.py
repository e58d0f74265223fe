"""Every Prometheus collector of the gateway, in one place.

With `workers > 1` the supervisor sets PROMETHEUS_MULTIPROC_DIR before any worker imports
this module, so prometheus-client writes per-process files and the admin plane aggregates
them with MultiProcessCollector. Label values are bounded: route, variant, upstream and
filter names come from config; outcomes from the fixed set below; principals only by name.

The per-request collectors are *buffered*: a request adds to plain Python numbers (a
bisect and two additions for a histogram, instead of prometheus-client's locked value per
bucket search), and the numbers move into prometheus-client when anything reads the
collector (`collect()`: /metrics, the console, `REGISTRY.get_sample_value`). Workers under
multiprocess mode, whose files the supervisor reads, flush at the end of the event-loop
iteration in which they went idle, and every FLUSH_INTERVAL_S while busy (`flush_soon`).
Updates must come from the event-loop thread. The buffering lives in gateway/metrics_buffer.py.
"""

from __future__ import annotations

import os
import warnings
from bisect import bisect_left
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as _mp

from gateway.metrics_buffer import (
    _DECISION_CHILDREN,
    _ROUTE_CHILDREN,
    BufferedCounter,
    BufferedHistogram,
    child,
)
from gateway.metrics_buffer import FLUSH_INTERVAL_S as FLUSH_INTERVAL_S  # re-exported: callers use them here
from gateway.metrics_buffer import flush as flush
from gateway.metrics_buffer import flush_every_iteration as flush_every_iteration
from gateway.metrics_buffer import flush_soon as flush_soon
from gateway.outcome import Outcome

# Under `workers: N` (multiprocess mode) prometheus-client warns on every remove() of a label set
# (SLO and rollout gauges of a route that went away): the child leaves this process's registry,
# but the value already in its file stays in the supervisor's /metrics until the worker exits.
# That is documented (docs/admin.md); the warning printed once per process on start-up is
# not actionable for an operator.
warnings.filterwarnings("ignore", message="Removal of labels has not been implemented", category=UserWarning)

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)
OVERHEAD_BUCKETS = (0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5)
FILTER_BUCKETS = (0.00002, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05, 0.25)

# Fixed outcome vocabulary for aigw_requests_total (bounded cardinality): gateway/outcome.py.
OUTCOMES: tuple[str, ...] = tuple(Outcome)


requests_total = BufferedCounter(
    "aigw_requests_total", "Requests by route, variant and outcome.", ["route", "variant", "outcome"]
)
request_duration = BufferedHistogram(
    "aigw_request_duration_seconds",
    "Time from request received to response complete.",
    ["route", "variant"],
    buckets=LATENCY_BUCKETS,
)
upstream_duration = BufferedHistogram(
    "aigw_upstream_duration_seconds",
    "Time from upstream request sent to upstream response complete.",
    ["upstream"],
    buckets=LATENCY_BUCKETS,
)
gateway_overhead = BufferedHistogram(
    "aigw_gateway_overhead_seconds",
    "Time spent in the gateway itself (total minus upstream).",
    ["route"],
    buckets=OVERHEAD_BUCKETS,
)
ttft = BufferedHistogram(
    "aigw_ttft_seconds",
    "Time to first streamed byte sent to the client.",
    ["route", "variant"],
    buckets=LATENCY_BUCKETS,
)
filter_decisions = BufferedCounter(
    "aigw_filter_decisions_total", "Filter decisions by action and mode.", ["filter", "action", "mode"]
)
filter_duration = BufferedHistogram(
    "aigw_filter_duration_seconds", "Time per filter per phase.", ["filter"], buckets=FILTER_BUCKETS
)
filter_errors = BufferedCounter(
    "aigw_filter_errors_total", "Filter crashes and timeouts.", ["filter", "reason"]
)
degraded_total = BufferedCounter(
    "aigw_degraded_requests_total", "Requests served with a filter skipped (fail-open).", ["route", "filter"]
)
upstream_retries = Counter(
    "aigw_upstream_retries_total",
    "Retries after a connection failure before any byte was sent.",
    ["upstream"],
)
upstream_errors = Counter("aigw_upstream_errors_total", "Upstream failures by kind.", ["upstream", "kind"])
# Pool saturation signals, updated when a connection opens or closes and when a request finds
# the pool full (never per request on a healthy pool).
upstream_connections = Gauge(
    "aigw_upstream_connections",
    "Open connections to the upstream (idle and busy).",
    ["upstream"],
    multiprocess_mode="livesum",
)
upstream_pool_waits = Counter(
    "aigw_upstream_pool_waits_total",
    "Requests that found the upstream pool at max_connections and waited for a connection.",
    ["upstream"],
)
config_reloads = Counter("aigw_config_reloads_total", "Config reload attempts.", ["result"])
config_info = Gauge(
    "aigw_config_info", "The loaded config version (value 1).", ["version"], multiprocess_mode="liveall"
)
inflight = Gauge("aigw_inflight_requests", "Requests in flight.", multiprocess_mode="livesum")
# One process: the gauge reads the gateway's own counter at scrape time (no lock per request).
# Multiprocess mode has no set_function, so workers then inc/dec it per request.
INFLIGHT_PER_REQUEST = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
stream_redactions = Counter(
    "aigw_stream_redactions_total", "Findings redacted inside streamed answers.", ["route", "label"]
)


def route_children(route: str, variant: str, outcome: str) -> tuple[Any, Any, Any, Any]:
    """requests_total, request_duration, gateway_overhead and ttft of one request: one
    lookup per request instead of four."""
    key = (route, variant, outcome)
    found = _ROUTE_CHILDREN.get(key)
    if found is None:
        found = _ROUTE_CHILDREN[key] = (
            child(requests_total, route, variant, outcome),
            child(request_duration, route, variant),
            child(gateway_overhead, route),
            child(ttft, route, variant),
        )
    return found


def decision_children(filter_name: str, action: Any, mode: str) -> tuple[Any, Any]:
    """filter_decisions and filter_duration of one decision (`action`: a filters.base.Action)."""
    key = (filter_name, action, mode)
    found = _DECISION_CHILDREN.get(key)
    if found is None:
        found = _DECISION_CHILDREN[key] = (
            child(filter_decisions, filter_name, action.label, mode),
            child(filter_duration, filter_name),
        )
    return found


def count_request(
    route: str, variant: str, outcome: str, total: float, over: float, ttfb: float | None
) -> None:
    """requests_total, request_duration, gateway_overhead (`over`) and ttft (when a `ttfb` is
    given) of one request, the children's inc/observe inlined (perf3: with count_decisions,
    39.0k -> 33.1k instructions for a request with five decisions, callgrind)."""
    found = _ROUTE_CHILDREN.get((route, variant, outcome)) or route_children(route, variant, outcome)
    found[0]._n += 1.0
    for h, amount in ((found[1], total), (found[2], over), (found[3], ttfb)):
        if amount is not None:
            h._counts[bisect_left(h._bounds, amount)] += 1
            h._sum += amount


def count_decisions(decisions: list[Any]) -> None:
    """filter_decisions, filter_duration, filter_errors of a request's Decisions, inlined so."""
    # Each Decision unpacked once instead of seven field reads (each a descriptor call): perf4,
    # callgrind, five decisions 24.3k -> 21.3k instructions.
    get = _DECISION_CHILDREN.get
    for name, action, reason, _, _, _, mode, elapsed, _ in decisions:
        count, took = get((name, action, mode)) or decision_children(name, action, mode)
        count._n += 1.0
        took._counts[bisect_left(took._bounds, elapsed)] += 1
        took._sum += elapsed
        if reason == "filter_error" or reason == "filter_timeout":
            child(filter_errors, name, reason).inc()


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


def render() -> tuple[bytes, str]:
    """Exposition for /metrics; aggregates worker files in multiprocess mode."""
    flush()
    if multiprocess_dir():
        registry = CollectorRegistry()
        _mp.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST


def mark_process_dead(pid: int) -> None:
    if multiprocess_dir():
        _mp.mark_process_dead(pid)


# --- access filter (filters/access.py): principals are config names, reasons a fixed set ---
access_denied = Counter(
    "aigw_access_denied_total",
    "Requests the access filter refused (or would refuse, in monitor mode), by principal and reason.",
    ["principal", "reason", "mode"],
)
rate_limited = Counter(
    "aigw_rate_limited_total", "Requests refused by a rate or token budget.", ["principal", "limit"]
)
limits_backend_errors = Counter(
    "aigw_limits_backend_errors_total",
    "Limits backend (Redis) failures, by the failure policy applied (fail_open admits, fail_closed 503s).",
    ["policy", "phase"],
)


# Events filters report through BuildContext.events (filters do not import this module).
FILTER_EVENTS: dict[str, Any] = {
    "access_denied": access_denied,
    "rate_limited": rate_limited,
    "limits_backend_errors": limits_backend_errors,
}


def filter_event(name: str, labels: tuple[str, ...]) -> None:
    """Count one event a filter reported; an unknown name is a programming error (KeyError)."""
    FILTER_EVENTS[name].labels(*labels).inc()


# --- access log (gateway/dataplane/access_log.py) ---
access_log_dropped = Counter(
    "aigw_access_log_dropped_total",
    "Access log lines dropped: the writer's buffer was full (stderr not read fast enough) or the write failed.",
)


# --- audit log (gateway/audit/log.py) ---
audit_records = Counter("aigw_audit_records_total", "Audit records written, by kind.", ["kind"])
audit_dropped = Counter(
    "aigw_audit_dropped_total", "Sampled audit records dropped because the writer queue was full."
)
audit_write_errors = Counter(
    "aigw_audit_write_errors_total", "Audit writes that failed (disk full, read-only, permission)."
)
audit_healthy = Gauge(
    "aigw_audit_healthy",
    "1 while the audit log can be written, 0 while writes fail.",
    multiprocess_mode="min",
)
audit_write_seconds = Histogram(
    "aigw_audit_write_seconds",
    "Time a mandatory audit record added before the answer (redact, seal, write).",
    buckets=FILTER_BUCKETS,
)


# --- SLOs and drift (gateway/slo/tracker.py, gateway/slo/drift.py) ---
# Gauges are set by the evaluator task every few seconds, not per request. With workers > 1
# each worker judges its own share; livemax/livemin keep the worst live worker's value.
slo_burn_rate = Gauge(
    "aigw_slo_burn_rate",
    "Error budget burn rate per rolling window (worst SLI: availability or latency); 1 = on budget.",
    ["route", "variant", "window"],
    multiprocess_mode="livemax",
)
slo_error_budget_remaining = Gauge(
    "aigw_slo_error_budget_remaining",
    "Fraction of the period's error budget left, judged on the events observed (worst SLI).",
    ["route", "variant"],
    multiprocess_mode="livemin",
)
slo_alert = Gauge(
    "aigw_slo_alert",
    "1 while a multi-window burn-rate alert of this severity fires (page, ticket).",
    ["route", "variant", "severity"],
    multiprocess_mode="livemax",
)
slo_latency = BufferedHistogram(
    "aigw_slo_latency_seconds",
    "The latency each SLO event is judged by (client errors excluded): kind=total is time to the "
    "last byte, kind=ttft time to first byte of streams on routes with ttft_ms. Feeds `aigw slo rules`.",
    ["route", "variant", "kind"],
    buckets=LATENCY_BUCKETS,
)
drift_psi = Gauge(
    "aigw_drift_psi",
    "Population stability index of the recent window against the reference, per drift signal.",
    ["route", "variant", "signal"],
    multiprocess_mode="livemax",
)


# --- canary, shadow, rollouts, model pinning (gateway/rollout/traffic.py, gateway/rollout/manager.py) ---
SIMILARITY_BUCKETS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0)
RATIO_BUCKETS = (0.25, 0.5, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 2.0, 3.0, 5.0, 10.0)
shadow_requests = Counter(
    "aigw_shadow_requests_total",
    "Shadow (mirrored) requests by result: match, diverged, error, timeout, dropped, primary_incomplete.",
    ["route", "result"],
)
shadow_similarity = Histogram(
    "aigw_shadow_similarity",
    "Output similarity of shadow vs primary answers: min(token-set Jaccard, length ratio).",
    ["route"],
    buckets=SIMILARITY_BUCKETS,
)
shadow_latency_ratio = Histogram(
    "aigw_shadow_latency_ratio",
    "Shadow upstream time over primary upstream time, per compared pair.",
    ["route"],
    buckets=RATIO_BUCKETS,
)
model_mismatch = Counter(
    "aigw_model_mismatch_total",
    "Answers whose model differs from the upstream's expect_model.",
    ["route", "upstream"],
)
canary_weight = Gauge(
    "aigw_canary_weight",
    "Percent of the route's requests sent to the canary.",
    ["route"],
    multiprocess_mode="livemax",
)
rollout_state = Gauge(
    "aigw_rollout_state",
    "1 for the rollout's current state (progressing, paused, promoted, rolled_back), else 0.",
    ["route", "state"],
    multiprocess_mode="livemax",
)
rollout_store_up = Gauge(
    "aigw_rollout_store_up",
    "1 while the fleet rollout store (rollouts.store) answers this replica, else 0 (it keeps its last "
    "weights). Absent without a store.",
    ["replica"],
    multiprocess_mode="livemin",
)
rollout_transitions = Counter(
    "aigw_rollout_transitions_total",
    "Rollout transitions by action (start, advance, promote, rollback, pause, resume, weight).",
    ["route", "action"],
)


# --- golden-set validation (gateway/validation/service.py, gateway/validation/quality.py) ---
# Set after each validation run (every interval_s per route), never per request.
validation_pass_ratio = Gauge(
    "aigw_validation_pass_ratio",
    "Share of golden-set cases that passed in the latest validation run (skipped cases excluded).",
    ["route", "variant"],
    multiprocess_mode="livemin",
)
validation_cases = Counter(
    "aigw_validation_cases_total",
    "Golden-set cases judged, by verdict: pass, fail, error (upstream failure or unreadable answer).",
    ["route", "variant", "verdict"],
)
validation_burn_rate = Gauge(
    "aigw_validation_burn_rate",
    "Quality SLO burn rate per rolling window: failing-case share over (1 - min_pass_rate).",
    ["route", "variant", "window"],
    multiprocess_mode="livemax",
)
validation_alert = Gauge(
    "aigw_validation_alert",
    "1 while a multi-window burn-rate alert of the validation pass-rate SLO fires (page, ticket).",
    ["route", "variant", "severity"],
    multiprocess_mode="livemax",
)
