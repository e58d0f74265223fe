"""The Exchange: one request's state as it flows through the gateway.

Everything a filter, the router, the forwarder, the audit writer and the metrics need
about one request lives here, so nothing is stashed on shared objects. No aiohttp import:
filters receive this object and must stay framework-free.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from filters.base import Action, Decision, RequestFacts

JsonPath = tuple[str | int, ...]


@dataclass(slots=True, eq=False)
class Segment:
    """A piece of prompt or answer text with its role and its location in the JSON body.

    Roles: system, user, assistant (history), tool (tool results), document (retrieved
    context), input (embeddings / model-server inputs), output (the answer).
    """

    role: str
    text: str
    path: JsonPath


class ExchangeSummary(NamedTuple):
    """What one finished exchange was, made once and read by everything that reports it.

    The access line (gateway/dataplane/access_log.py), the audit record
    (gateway/audit/records.py) and the request metrics (dataplane/proxy.py `_account`) each
    used to walk the decisions for the most severe action and take their own clock reading;
    now they read this record, so they agree on the outcome, the action and the duration.
    Built by `Exchange.summarize` when the first of them asks: the audit finisher (just before
    the answer's last bytes) or else the accounting at the end of the request.
    A NamedTuple built in C (tuple.__new__): one per request.
    """

    started_wall: float  # time.time() when the request arrived
    request_id: str
    method: str
    path: str
    route: str  # "" when no route matched
    variant: str
    principal: str | None
    upstream: str  # "" when no route matched
    status: int  # what the client got
    outcome: str  # gateway/outcome.py
    action: Action  # the most severe effective action of the filters
    duration_s: float  # arrival to the summary (the finishers, or the end of the request)
    upstream_s: float | None  # the upstream round trip; None when nothing was forwarded
    degraded: tuple[str, ...]  # filters that failed open
    error: str | None  # the gateway's error code


_new_summary = tuple.__new__


class Exchange:
    """Per-request state. Created by the server, filled in as the request progresses.

    A plain class rather than a dataclass: one is built per request, and fields that most
    requests never set are class-level defaults (immutable values only) instead of ~20
    assignments in `__init__`; an assignment creates the instance's own attribute.
    """

    # Fields most requests leave at their default (immutable values only: never mutate
    # them in place through the instance, assign instead).
    doc: Any = None  # parsed JSON body (None when not JSON or not needed)
    model: str | None = None
    stream: bool = False
    route: str = ""
    config_version: str = ""
    principal: str | None = None
    variant: str = "baseline"
    upstream: str = ""
    texts_changed: bool = False
    response_status: int = 0
    response_doc: Any = None
    response_changed: bool = False
    observed_model: str | None = None
    usage: dict[str, Any] | None = None
    error: str | None = None
    protocol: str = ""  # the route's protocol adapter name (for error events in its own shape)
    stream_outcome: str | None = None  # an Outcome decided while the answer streamed (overrides status)
    finished: bool = False  # the finishers ran (audit durability was decided for this exchange)
    split: bool = False  # the canary split decided the variant (counts as rollout evidence)
    model_mismatch: dict[str, str] | None = None  # {upstream, expected, observed} when the pin failed
    shadow_tap: Any = None  # traffic.Tap: answer bytes copied for the shadow comparison
    shadow_job: Any = None  # traffic.ShadowJob mirrored from this request
    audited: bool = False  # an audit record was written for this exchange
    audit_point: int | None = None  # the audit's sampling point of request_id, once computed
    answer_tap: Any = None  # audit.answer.AnswerTap: the answer's bytes, teed for the audit record
    filter_errors: tuple[str, ...] = ()  # "<filter>: <exception type>" of filters that crashed
    facts: RequestFacts = RequestFacts()  # tool names, output caps, message count (read by the adapter)
    strip_usage: bool = False  # the gateway asked the upstream for stream usage; hide it from the client
    streamed_chars: int = 0  # answer characters a metered stream carried (budget when no usage came)
    summary: ExchangeSummary | None = None  # made once by summarize(), read by the access log, audit, metrics

    def __init__(
        self,
        request_id: str,
        method: str,
        path: str,
        headers: Mapping[str, str],
        body: bytes,
        client_ip: str = "",
    ) -> None:
        self.request_id = request_id
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.client_ip = client_ip
        self.started = time.perf_counter()
        self.started_wall = time.time()
        self.texts: list[Segment] = []
        self.decisions: list[Decision] = []
        self.response_texts: list[Segment] = []
        self.response_headers: dict[str, str] = {}
        self.degraded: list[str] = []
        self.timings: dict[str, float] = {}
        # Per-request scratch of filters, keyed by filter instance name (a filter cannot declare
        # Exchange fields; e.g. the access filter's token charge, reconciled on completion).
        self.filter_state: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"Exchange({self.request_id!r}, {self.method} {self.path!r}, route={self.route!r})"

    def outcome_action(self) -> Action:
        """The most severe effective action so far (what the chain did to this request)."""
        best = Action.ALLOW
        for d in self.decisions:
            if d.effective and d.action > best:
                best = d.action
        return best

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def summarize(self, outcome: str, status: int) -> ExchangeSummary:
        """The exchange's summary, made on the first call; made again only if the outcome or
        status changed since (a finisher refused the answer: 503 instead of the upstream's)."""
        s = self.summary
        if s is not None and s.status == status and s.outcome == outcome:
            return s
        worst = Action.ALLOW
        for d in self.decisions:
            if d.action > worst and d.mode == "enforce":
                worst = d.action
        s = self.summary = _new_summary(
            ExchangeSummary,
            (
                self.started_wall,
                self.request_id,
                self.method,
                self.path,
                self.route,
                self.variant,
                self.principal,
                self.upstream,
                status,
                outcome,
                worst,
                time.perf_counter() - self.started,
                self.timings.get("upstream"),
                tuple(self.degraded) if self.degraded else (),
                self.error,
            ),
        )
        return s
