"""The filter contract: what every screening filter receives and what it may report.

Filters only *report*; the chain (`filters/chain.py`) owns the semantics: order, monitor
vs enforce, timeouts, fail-closed, which action wins and whether a rewrite is applied.
Keeping that split means a new filter cannot accidentally fail open or reorder the chain.

Nothing here imports aiohttp: filters see texts and a few plain request facts through the
Exchange, never sockets or framework objects, so they can be unit tested without a server.
"""

from __future__ import annotations

import asyncio
import enum
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Literal, NamedTuple, TypeVar

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from gateway.exchange import Exchange


class Action(enum.IntEnum):
    """What a filter asks for; the integer order is severity, so `max()` picks the winner."""

    ALLOW = 0
    FLAG = 1
    REDACT = 2
    BLOCK = 3

    @property
    def label(self) -> str:
        return self.name.lower()


Mode = Literal["enforce", "monitor"]
NO_DETAIL: Mapping[str, Any] = MappingProxyType({})  # shared, read-only: the default detail
OnError = Literal["fail_closed", "allow"]


_new_tuple = tuple.__new__


class Decision(NamedTuple):
    """One filter's verdict on one phase of one exchange.

    `score` None means "not applicable" (never -1). `reason` is a stable machine code such
    as `pii_detected`. `detail` is small and never holds the raw sensitive text: counts,
    rule ids, entity types. `rewrites` maps a segment index to its new text when the
    filter redacted; the chain applies it only in enforce mode.

    Immutable, and a NamedTuple rather than a frozen dataclass: every filter run builds
    two (the filter's, then the chain's with timing), and a frozen dataclass pays one
    `object.__setattr__` per field, about 2.3x the cost of building a tuple.
    """

    filter: str
    action: Action = Action.ALLOW
    reason: str | None = None
    score: float | None = None
    detail: Mapping[str, Any] = NO_DETAIL
    rewrites: Mapping[int, str] | None = None
    mode: Mode = "enforce"
    elapsed_s: float = 0.0
    phase: str = "request"

    @property
    def effective(self) -> bool:
        """True when this decision changes what happens to the request (enforce mode)."""
        return self.mode == "enforce" and self.action is not Action.ALLOW

    def public(self) -> dict[str, Any]:
        """The audit/log view: everything except the rewritten texts."""
        return {
            "filter": self.filter,
            "phase": self.phase,
            "action": self.action.label,
            "mode": self.mode,
            "reason": self.reason,
            "score": None if self.score is None else round(self.score, 4),
            "detail": dict(self.detail),
            "elapsed_ms": round(self.elapsed_s * 1000, 3),
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """A span a filter found in a text, with the text that should replace it.

    Used for streamed answers, where the chain must know *where* findings are to decide
    how much of the held-back window is safe to release.
    """

    start: int
    end: int
    label: str
    replacement: str


@dataclass(frozen=True, slots=True)
class StreamScan:
    """Result of screening the held-back window of a streamed answer."""

    decision: Decision
    findings: tuple[Finding, ...] = ()


class RequestFacts(NamedTuple):
    """What access control reads from a request body, in protocol-neutral form. The route's
    protocol adapter fills it in (filters never learn a provider's field names)."""

    tool_names: tuple[str, ...] | None = ()  # None: the tools field cannot be read
    max_tokens: tuple[tuple[str, Any], ...] = ()  # (field, raw value) of each output cap the body sets
    max_tokens_field: str | None = None  # where a cap is added when the body sets none (None: nowhere)
    message_count: int | None = None  # conversation entries, when the protocol has them


class StrictModel(BaseModel):
    """The one base of every config model (gateway and filters): unknown keys are errors, values
    are frozen. A typo in a config file must fail the load with its path, never be ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class FilterConfig(StrictModel):
    """Fields every filter type shares. Subclasses narrow `type` to a Literal."""

    type: str = Field(description="Filter type from the registry (keywords, pii, injection, ...).")
    mode: Mode = Field(
        default="enforce",
        description="enforce: actions take effect. monitor: the decision is recorded and counted, "
        "the request continues unchanged. Roll new policies out in monitor mode first.",
    )
    on_error: OnError | None = Field(
        default=None,
        description="What a crash or timeout of this filter means; default is the route's "
        "on_filter_error (fail_closed unless set).",
    )
    timeout_ms: float = Field(
        default=250.0, gt=0, le=60_000, description="Per-phase time limit for this filter."
    )


@dataclass(slots=True)
class BuildContext:
    """What a filter may need at construction time besides its own config.

    Built once per config load, so heavy objects (models, compiled patterns, clients)
    are created once and swapped atomically with the rest of the config.
    """

    principals: tuple[Any, ...] = ()
    limits_backend: str | None = None
    limits_on_backend_error: str = "fail_closed"
    env: Mapping[str, str] = field(default_factory=dict)
    shared: dict[str, Any] = field(default_factory=dict)
    # Events a filter reports beyond its Decision (a refused key, a budget hit, a limits
    # backend failure), by name and label values. The gateway counts them in its metrics
    # (gateway/metrics.py FILTER_EVENTS); filters never import the metrics themselves.
    events: Callable[[str, tuple[str, ...]], None] = field(default=lambda name, labels: None)


ConfigT = TypeVar("ConfigT", bound=FilterConfig)


class Filter(Generic[ConfigT]):
    """Base class for filters, generic over their Config. Override the phases you implement.

    One constructor convention for every filter: `Filter(name, config, ctx)`, with `config` an
    instance of the filter's own `Config` model (`class PiiFilter(Filter[PiiConfig])`), so
    `self.config` is typed as that model without casts or overrides.

    Per-request state belongs in the Exchange (`ex.filter_state`, keyed by the filter's name), never on the instance: one
    instance serves all concurrent requests of a config generation.
    """

    type_name: ClassVar[str] = ""
    Config: ClassVar[type[FilterConfig]] = FilterConfig
    version: ClassVar[str] = "1"
    # Characters of the newest streamed output this filter needs held back to see a whole
    # finding. 0 means the filter does not screen streamed answers.
    stream_window: int = 0
    # True when on_complete needs `ex.usage` (token budgets): the gateway then reads the
    # upstream's usage even out of answers it otherwise forwards without parsing.
    wants_usage: bool = False
    # True for a filter that awaits task-bound machinery (asyncio.timeout, a network client
    # such as redis-py with its own timeouts): the chain then runs it as a task of its own
    # from the start, instead of stepping it by hand in the request's task. A coroutine that
    # entered `asyncio.timeout()` in the hand-stepped first step would have bound that
    # timeout to the request's task, and its expiry would cancel the request, not the filter.
    runs_in_task: bool = False
    # Optional fast paths of on_request / on_response: plain methods returning the phase's
    # Decision when it needs no await, or None when this request needs the coroutine (a
    # large segment for the executor, I/O). The chain tries them first: creating, stepping
    # and finishing a coroutine costs ~2,500 instructions a filter run (perf5, callgrind:
    # 3,400 against 920 for a plain call), and most runs never await.
    request_now: Callable[[Exchange], Decision | None] | None = None
    response_now: Callable[[Exchange], Decision | None] | None = None

    def __init__(self, name: str, config: ConfigT, ctx: BuildContext) -> None:
        self.name = name
        self.config: ConfigT = config
        self.timeout_s = config.timeout_ms / 1000.0  # the chain reads it on every run

    @property
    def lineage(self) -> str:
        """Version string for audit lineage; learned filters add their weights hash."""
        return f"{self.type_name}/{self.version}"

    def decide(
        self,
        action: Action = Action.ALLOW,
        reason: str | None = None,
        score: float | None = None,
        detail: Mapping[str, Any] | None = None,
        rewrites: Mapping[int, str] | None = None,
    ) -> Decision:
        # Positional, built in C: every filter run makes one (see Decision).
        return _new_tuple(
            Decision,
            (self.name, action, reason, score, detail or {}, rewrites, self.config.mode, 0.0, "request"),
        )

    async def on_request(self, ex: Exchange) -> Decision:
        """Screen `ex.texts` before forwarding. Default: nothing to say."""
        return self.decide()

    async def on_response(self, ex: Exchange) -> Decision:
        """Screen `ex.response_texts` of a complete, non-streamed answer."""
        return self.decide()

    async def scan_stream(self, ex: Exchange, text: str) -> StreamScan:
        """Screen the held-back window of a streamed answer (only if stream_window > 0).

        Return findings with offsets into `text`; the chain releases text up to the first
        finding that may still grow and substitutes each finding's replacement.
        """
        return StreamScan(self.decide())

    async def on_complete(self, ex: Exchange) -> None:
        """Called once the answer was sent (any outcome), for accounting such as
        reconciling token budgets with `ex.usage`. Must not raise; errors are logged."""

    async def close(self) -> None:
        """Release resources when a config generation is retired."""


def check_regexes(patterns: list[str]) -> list[str]:
    """Config validator: every pattern must compile; the error names the index and why."""
    for i, pattern in enumerate(patterns):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"[{i}] invalid regex {pattern!r}: {exc}") from None
    return patterns


async def offload(fn: Callable[..., Any], *args: Any) -> Any:
    """Run CPU-heavy work on the default executor so the event loop keeps serving."""
    return await asyncio.get_running_loop().run_in_executor(None, fn, *args)
