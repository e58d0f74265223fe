"""`access` (built in): keys -> principals, route/model ACLs, prompt policy, rate and token budgets.

Order of the checks, cheapest and most fundamental first, so a refused request never
spends budget: credential (401) -> route, model (403) -> prompt policy (403, or a clamp of
max_tokens) -> budgets (429). The principal's name is set on the exchange as soon as the
key is known, so metrics, audit and sticky canary assignment see *who* was refused; the key
itself is only ever hashed, never stored, logged or forwarded (the forwarder strips it).

Keys are looked up by their SHA-256 hex in a dict built once per config generation: a
dict lookup on a digest leaks nothing useful through timing, unlike comparing secrets.
Everything derived from config (globs, template sets, budget keys) is compiled here once;
per-request state goes to `ex.filter_state[<filter name>]`.
"""

from __future__ import annotations

import asyncio
import fnmatch
import hashlib
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from pydantic import Field, model_validator

from filters.access_config import PrincipalConfig, SystemPromptTemplates
from filters.base import Action, BuildContext, Decision, Filter, FilterConfig, RequestFacts
from filters.limits import (
    CheckResult,
    Limiter,
    LimitsUnavailable,
    MemoryLimiter,
    Rate,
    format_duration,
)
from filters.limits_backend import make_limiter

if TYPE_CHECKING:
    from gateway.exchange import Exchange, Segment

log = logging.getLogger("aigw.access")

CHARS_PER_TOKEN = 4  # the documented estimate: prompt characters / 4 (+ max_tokens)
_EMPTY: Mapping[str, Any] = MappingProxyType({})  # shared, read-only
_TEXT = attrgetter("text")
_DETAIL_NAMES = 5  # tool names listed in a denial's detail, at most (each cut to 64 chars)


class AccessConfig(FilterConfig):
    """Optional `filters: {access: {type: access, ...}}` section; principals are top level."""

    type: Literal["access"] = "access"
    on_error: Literal["fail_closed"] = Field(
        default="fail_closed",
        description="Always fail_closed: an access-control filter that crashes must never admit. "
        "A limits backend outage follows `limits_on_backend_error` instead.",
    )
    assumed_max_tokens: int = Field(
        default=256,
        ge=0,
        le=10_000_000,
        description="Completion tokens assumed for the budget estimate when the request sets no "
        "max_tokens and the principal has no cap.",
    )
    backend_timeout_ms: float = Field(
        default=100.0, gt=0, le=10_000, description="Limits backend (Redis) connect and call timeout."
    )
    backend_retry_s: float = Field(
        default=1.0,
        ge=0,
        le=300,
        description="After a backend failure, apply the failure policy without trying the backend "
        "for this long (an outage then costs requests nothing).",
    )
    rate_limit_headers: bool = Field(
        default=True, description="Send x-ratelimit-* headers (OpenAI style) to principals with limits."
    )

    @model_validator(mode="after")
    def _backend_within_filter_timeout(self) -> AccessConfig:
        if self.backend_timeout_ms >= self.timeout_ms:
            raise ValueError("backend_timeout_ms must be below timeout_ms (the filter's own time limit)")
        return self


# --- compiled principals -------------------------------------------------------------------


def compile_globs(patterns: Sequence[str]) -> re.Pattern[str] | None:
    """One regex for a list of globs (case-sensitive); None when anything matches."""
    if any(p == "*" for p in patterns):
        return None
    if not patterns:
        return re.compile(r"(?!)")
    return re.compile("|".join(f"(?:{fnmatch.translate(p)})" for p in patterns))


@dataclass(frozen=True, slots=True)
class Principal:
    name: str
    routes: re.Pattern[str] | None
    models: re.Pattern[str] | None
    system_prompt: str | frozenset[str]  # "allow" | "deny" | registered template digests
    tools: str | frozenset[str]  # "allow" | "deny" | allowed names
    max_tokens: int | None
    clamp: bool
    max_messages: int | None
    max_prompt_chars: int | None
    roles: frozenset[str] | None
    rates: tuple[Rate, ...]
    request_rates: int  # 1 when rates[0] is requests_per_minute, else 0
    token_rates: tuple[int, ...]  # indexes into rates of the token budgets (after the request one)
    token_rate_objs: tuple[Rate, ...]
    min_token_limit: int
    per_route: bool

    @classmethod
    def compile(cls, cfg: PrincipalConfig) -> Principal:
        pp = cfg.prompt_policy
        sp: str | frozenset[str] = (
            frozenset(pp.system_prompt.templates)
            if isinstance(pp.system_prompt, SystemPromptTemplates)
            else pp.system_prompt
        )
        tools: str | frozenset[str] = pp.tools if isinstance(pp.tools, str) else frozenset(pp.tools)
        lim = cfg.limits
        rates: list[Rate] = []
        if lim.requests_per_minute:
            rates.append(Rate("requests_per_minute", lim.requests_per_minute, 60.0))
        if lim.tokens_per_minute:
            rates.append(Rate("tokens_per_minute", lim.tokens_per_minute, 60.0))
        if lim.tokens_per_day:
            rates.append(Rate("tokens_per_day", lim.tokens_per_day, 86_400.0))
        return cls(
            name=cfg.name,
            routes=compile_globs(cfg.allow.routes),
            models=compile_globs(cfg.allow.models),
            system_prompt=sp,
            tools=tools,
            max_tokens=pp.max_tokens,
            clamp=pp.max_tokens_mode == "clamp",
            max_messages=pp.max_messages,
            max_prompt_chars=pp.max_prompt_chars,
            roles=frozenset(pp.roles) if pp.roles is not None else None,
            rates=tuple(rates),
            request_rates=1 if lim.requests_per_minute else 0,
            token_rates=tuple(i for i, r in enumerate(rates) if r.name != "requests_per_minute"),
            token_rate_objs=tuple(r for r in rates if r.name != "requests_per_minute"),
            min_token_limit=min((r.limit for r in rates if r.name != "requests_per_minute"), default=0),
            per_route=lim.per_route,
        )


def hash_key(key: str) -> str:
    """What `aigw keys hash` prints for a key: lowercase SHA-256 hex of its UTF-8 bytes."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def credential(headers: Mapping[str, str]) -> str | None:
    """The caller's key: `Authorization: Bearer <key>`, else `x-api-key` (Anthropic style)."""
    auth = headers.get("authorization")
    if auth:
        scheme, _, token = auth.partition(" ")
        if scheme.lower() == "bearer":
            token = token.strip()
            if token:
                return token
    key = headers.get("x-api-key")
    if key:
        key = key.strip()
        if key:
            return key
    return None


# --- prompt policy (pure functions of the parsed body and the extracted texts) ------------


class Violation(NamedTuple):
    reason: str
    detail: dict[str, Any]


def check_prompt(p: Principal, facts: RequestFacts, texts: Sequence[Segment]) -> Violation | None:
    """Every prompt-policy rule except the max_tokens cap (which may clamp instead)."""
    if p.roles is not None:
        for seg in texts:
            if seg.role not in p.roles:
                return Violation("role_denied", {"role": seg.role})
    if p.system_prompt != "allow":
        system = [seg.text for seg in texts if seg.role == "system"]
        if system:
            if p.system_prompt == "deny":
                return Violation("system_prompt_denied", {"system_segments": len(system)})
            for text in system:
                if hash_key(text) not in p.system_prompt:
                    return Violation("system_prompt_denied", {"unregistered": True, "chars": len(text)})
    if p.tools != "allow":
        names = facts.tool_names
        if names is None:
            return Violation("tools_denied", {"unreadable": True})
        if names:
            if p.tools == "deny":
                return Violation("tools_denied", {"tools": len(names)})
            bad = sorted({n for n in names if n not in p.tools})
            if bad:
                return Violation("tools_denied", {"denied": [n[:64] for n in bad[:_DETAIL_NAMES]]})
    if p.max_messages is not None:
        n = facts.message_count
        if n is not None and n > p.max_messages:
            return Violation("max_messages_exceeded", {"messages": n, "max": p.max_messages})
    if p.max_prompt_chars is not None:
        chars = prompt_chars(texts)
        if chars > p.max_prompt_chars:
            return Violation("max_prompt_chars_exceeded", {"chars": chars, "max": p.max_prompt_chars})
    return None


class TokenPlan(NamedTuple):
    """What the max_tokens cap decided: a violation, or fields to rewrite, and the
    completion tokens the budget estimate assumes."""

    violation: Violation | None
    rewrite: Mapping[str, int]
    completion: int


def plan_max_tokens(p: Principal, facts: RequestFacts, assumed: int) -> TokenPlan:
    """Apply the cap to every output-cap field the request sets (the adapter lists them:
    `max_tokens`, `max_completion_tokens`, `max_output_tokens`, ...). An unreadable value
    under a cap is refused (unreadable is not under the cap); without a cap it is the
    upstream's problem. Clamp mode adds the cap where the protocol has a field for it."""
    cap = p.max_tokens
    largest = -1
    rewrite: dict[str, int] | None = None
    for f, v in facts.max_tokens:
        if type(v) is not int or v < 0:
            if cap is None:
                continue
            return TokenPlan(Violation("max_tokens_exceeded", {"field": f, "invalid": True}), _EMPTY, 0)
        if v > largest:
            largest = v
        if cap is not None and v > cap:
            if not p.clamp:
                detail = {"field": f, "requested": v, "max": cap}
                return TokenPlan(Violation("max_tokens_exceeded", detail), _EMPTY, 0)
            rewrite = rewrite or {}
            rewrite[f] = cap
    if cap is None:
        return TokenPlan(None, _EMPTY, largest if largest >= 0 else assumed)
    if largest < 0:
        if p.clamp and facts.max_tokens_field is not None:
            rewrite = {facts.max_tokens_field: cap}
        return TokenPlan(None, rewrite or _EMPTY, cap)
    return TokenPlan(None, rewrite or _EMPTY, largest if largest < cap else cap)


def estimate_tokens(texts: Sequence[Segment], completion: int) -> int:
    """Budget charged before forwarding: ceil(prompt characters / 4) + completion tokens
    (requested max_tokens, else the principal's cap, else `assumed_max_tokens`)."""
    return prompt_estimate(texts) + completion


def prompt_estimate(texts: Sequence[Segment]) -> int:
    """The prompt half of the estimate: ceil(characters / 4)."""
    return -(-prompt_chars(texts) // CHARS_PER_TOKEN)


def prompt_chars(texts: Sequence[Segment]) -> int:
    return sum(map(len, map(_TEXT, texts)))


def usage_total(usage: Mapping[str, Any] | None, est_prompt: int, est_completion: int) -> int | None:
    """Tokens the upstream says it used. A partial report (a stream that carried only the
    output count, or only the input count before it broke off) is completed with the
    estimate for the missing half rather than counted as zero."""
    if not usage:
        return None
    total = usage.get("total_tokens")
    if type(total) is int:
        return total
    prompt, completion = usage.get("prompt_tokens"), usage.get("completion_tokens")
    p = prompt if type(prompt) is int else None
    c = completion if type(completion) is int else None
    if p is None and c is None:
        return None
    return (est_prompt if p is None else p) + (est_completion if c is None else c)


def ratelimit_headers(result: CheckResult, out: dict[str, str] | None = None) -> dict[str, str]:
    """OpenAI-style headers: requests from the per-minute budget, tokens from the per-minute
    token budget (or the daily one when there is no per-minute one). Written into `out`."""
    if out is None:
        out = {}
    tokens_done = False
    for s in result.states:
        if s.name == "requests_per_minute":
            names = _REQUEST_HEADERS
        elif not tokens_done:
            names = _TOKEN_HEADERS
            tokens_done = True
        else:
            continue
        out[names[0]] = str(s.limit)
        out[names[1]] = str(s.remaining)
        out[names[2]] = format_duration(s.reset_s)
    return out


_REQUEST_HEADERS = tuple(f"x-ratelimit-{k}-requests" for k in ("limit", "remaining", "reset"))
_TOKEN_HEADERS = tuple(f"x-ratelimit-{k}-tokens" for k in ("limit", "remaining", "reset"))


# --- the filter ----------------------------------------------------------------------------


class _Charge(NamedTuple):
    """Token budgets charged for one request, kept in ex.filter_state for on_complete."""

    keys: tuple[str, ...]
    rates: tuple[Rate, ...]
    charged: tuple[float, ...]
    est_prompt: int
    est_completion: int


class AccessFilter(Filter[AccessConfig]):
    type_name = "access"
    Config = AccessConfig
    version = "1"

    def __init__(self, name: str, config: AccessConfig, ctx: BuildContext) -> None:
        super().__init__(name, config, ctx)
        self._event = ctx.events  # metrics: the gateway counts what the filter reports
        self.cfg = config
        self._by_hash: dict[str, Principal] = {}
        seen: set[str] = set()
        for pc in ctx.principals:
            if pc.name in seen:
                raise ValueError(f"principals: duplicate principal name {pc.name!r}")
            seen.add(pc.name)
            p = Principal.compile(pc)
            for digest in pc.key_sha256:
                if digest in self._by_hash:
                    raise ValueError(f"principals.{pc.name}: a key hash is already used by another principal")
                self._by_hash[digest] = p
        needs_limits = any(p.rates for p in self._by_hash.values())
        self.wants_usage = any(r.name.startswith("tokens") for p in self._by_hash.values() for r in p.rates)
        self._limiter: Limiter | None = None
        if needs_limits and ctx.limits_backend is None:
            # One memory limiter per process, kept in `shared` across config generations:
            # a reload must not hand every principal a fresh budget.
            self._limiter = ctx.shared.setdefault("access.memory_limiter", MemoryLimiter())
        elif needs_limits:
            self._limiter = make_limiter(
                ctx.limits_backend, config.backend_timeout_ms / 1000.0, config.backend_retry_s
            )
        self._remote = self._limiter is not None and not isinstance(self._limiter, MemoryLimiter)
        # redis-py bounds its reads with asyncio.timeout, bound to the current task: as its own
        # task, the filter can never have such a timeout cancel the request (filters/base.py).
        self.runs_in_task = self._remote
        self._check_now = self._limiter.check_now if isinstance(self._limiter, MemoryLimiter) else None
        self._policy = ctx.limits_on_backend_error
        self._keys: dict[tuple[str, str], tuple[str, ...]] = {}  # derived from config; bounded
        self._allow = self.decide()  # Decision is frozen: one shared instance for the common case
        self._tasks: set[asyncio.Task[None]] = set()

    def use_limiter(self, limiter: Limiter) -> None:
        """Replace the limits backend (tests and benchmarks: a MemoryLimiter on a frozen clock)."""
        self._limiter = limiter
        self._remote = not isinstance(limiter, MemoryLimiter)
        self._check_now = limiter.check_now if isinstance(limiter, MemoryLimiter) else None

    # -- helpers --

    def _deny(self, principal: str | None, reason: str, detail: dict[str, Any] | None = None) -> Decision:
        self._event("access_denied", (principal or "none", reason, self.cfg.mode))
        return self.decide(Action.BLOCK, reason, 1.0, detail)

    def _budget_keys(self, p: Principal, route: str) -> tuple[str, ...]:
        scope = f"{p.name}|{route}" if p.per_route else p.name
        cached = self._keys.get((p.name, scope))
        if cached is None:
            # The {hash tag} keeps one principal's budgets in one Redis Cluster slot, so one
            # script can update them together.
            cached = tuple(f"aigw:rl:{{{scope}}}:{r.name}" for r in p.rates)
            self._keys[(p.name, scope)] = cached
        return cached

    # -- phases --

    async def on_request(self, ex: Exchange) -> Decision:
        key = credential(ex.headers)
        if key is None:
            return self._deny(None, "missing_api_key", {"credential": "missing"})
        p = self._by_hash.get(hash_key(key))
        if p is None:
            return self._deny(None, "invalid_api_key", {"credential": "unknown"})
        ex.principal = p.name
        if p.routes is not None and not p.routes.match(ex.route):
            return self._deny(p.name, "route_denied", {"route": ex.route})
        if p.models is not None and (ex.model is None or not p.models.match(ex.model)):
            return self._deny(p.name, "model_denied", {"model": (ex.model or "")[:128] or None})
        v = check_prompt(p, ex.facts, ex.texts)
        if v is not None:
            return self._deny(p.name, v.reason, v.detail)
        if p.max_tokens is None and not p.rates:
            # Without a cap plan_max_tokens neither refuses nor rewrites, and its estimate
            # only feeds the budgets: none here (perf4: ~7.5k instructions under callgrind).
            return self._allow
        plan = plan_max_tokens(p, ex.facts, self.cfg.assumed_max_tokens)
        if plan.violation is not None:
            return self._deny(p.name, plan.violation.reason, plan.violation.detail)
        if p.rates:
            blocked = await self._limit(ex, p, plan.completion)
            if blocked is not None:
                return blocked
        if not plan.rewrite:
            return self._allow
        if self.cfg.mode == "enforce":
            ex.doc.update(plan.rewrite)
            ex.texts_changed = True  # the gateway re-serializes the body
        return self.decide(
            Action.REDACT, "max_tokens_clamped", None, {"fields": sorted(plan.rewrite), "max": p.max_tokens}
        )

    async def _limit(self, ex: Exchange, p: Principal, completion: int) -> Decision | None:
        assert self._limiter is not None
        keys = self._budget_keys(p, ex.route)
        est_prompt = prompt_estimate(ex.texts) if p.token_rates else 0
        tokens = float(est_prompt + completion) if p.token_rates else 0.0
        costs = [1.0] * p.request_rates + [tokens] * len(p.token_rates)
        try:
            if self._check_now is not None:  # memory: no coroutine for a check that never waits
                result = self._check_now(keys, p.rates, costs)
            else:
                result = await self._limiter.check(keys, p.rates, costs)
        except LimitsUnavailable:
            self._event("limits_backend_errors", (self._policy, "check"))
            if self._policy != "fail_open":
                raise  # the chain answers 503 (this filter's on_error is always fail_closed)
            ex.degraded.append(self.name)
            return None
        if self.cfg.rate_limit_headers:
            ratelimit_headers(result, ex.response_headers)
        if not result.allowed:
            reason = result.denied_by or "rate_limited"
            self._event("rate_limited", (p.name, reason))
            return self._deny(p.name, reason, {"retry_after_s": round(result.retry_after_s, 3)})
        if p.token_rates:
            if tokens <= p.min_token_limit:
                charged = (tokens,) * len(p.token_rate_objs)
            else:  # admission capped the cost at each budget's limit
                charged = tuple([tokens if tokens <= r.limit else float(r.limit) for r in p.token_rate_objs])
            ex.filter_state[self.name] = _Charge(
                keys[p.request_rates :], p.token_rate_objs, charged, est_prompt, completion
            )
        return None

    async def on_complete(self, ex: Exchange) -> None:
        """Reconcile the token estimate with what the upstream reported. No usage and no
        answer (refused upstream, blocked later in the chain, unreachable): refund the
        estimate, since the model spent nothing. No usage but an answer: keep the estimate."""
        charge: _Charge | None = ex.filter_state.get(self.name)
        if charge is None or self._limiter is None:
            return
        actual = usage_total(ex.usage, charge.est_prompt, charge.est_completion)
        if actual is None:
            if 0 < ex.response_status < 400:
                return
            actual = 0
        deltas = tuple([actual - c for c in charge.charged])
        if not any(deltas):
            return
        if self._remote:
            # Off the response path: a non-streamed answer is not held for a Redis round trip.
            task = asyncio.get_running_loop().create_task(self._adjust(charge, deltas))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        else:
            await self._adjust(charge, deltas)

    async def _adjust(self, charge: _Charge, deltas: tuple[float, ...]) -> None:
        assert self._limiter is not None
        try:
            await self._limiter.adjust(charge.keys, charge.rates, deltas)
        except LimitsUnavailable:
            self._event("limits_backend_errors", (self._policy, "reconcile"))
            log.warning("token reconciliation skipped: limits backend unavailable")

    async def close(self) -> None:
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._limiter is not None:
            await self._limiter.close()
