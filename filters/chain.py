"""The chain: runs a route's filters and owns every semantic decision about their results.

- Order is the route's list. An enforced BLOCK stops the chain; the most severe action wins.
- An enforced REDACT is applied to the texts before the next filter sees them.
- Monitor mode records the decision and changes nothing.
- A filter that raises or times out is a failure of that filter: fail_closed (default) stops
  the request with a 503; `allow` / `fail_open` continues, marks the exchange degraded and
  records it. The chain also has a latency budget; filters that cannot start within it are
  treated as timed out. Nothing silently fails open.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Coroutine, Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from filters.base import Action, Decision, Filter, Finding
from filters.spans import merge_overlapping, replace_spans

if TYPE_CHECKING:
    from gateway.exchange import Exchange, Segment


@dataclass(frozen=True, slots=True)
class ChainOutcome:
    """What the chain concluded. `blocked` wins over `failed`; both None means go on."""

    blocked: Decision | None = None
    failed: Decision | None = None


_GO = ChainOutcome()
_new_decision = tuple.__new__
_ALLOW = Action.ALLOW
T = TypeVar("T")


class FilterChain:
    """The request and response filters of one route, for one config generation."""

    def __init__(
        self,
        request_filters: list[Filter],
        response_filters: list[Filter],
        *,
        fail_closed: bool = True,
        budget_s: float = 1.0,
    ) -> None:
        self.request_filters = request_filters
        self.response_filters = response_filters
        self.stream_filters = [f for f in response_filters if f.stream_window > 0]
        self.wants_usage = any(f.wants_usage for f in request_filters)
        # The request filters with an after-the-answer hook (token accounting): the others'
        # on_complete is the base class's no-op, and awaiting it cost a coroutine per filter
        # per request (three of the bench full chain's four filters).
        self.completing = [f for f in request_filters if type(f).on_complete is not Filter.on_complete]
        self.fail_closed = fail_closed
        self.budget_s = budget_s

    def _fails_closed(self, f: Filter) -> bool:
        if f.config.on_error is not None:
            return f.config.on_error == "fail_closed"
        return self.fail_closed

    def _failure(self, f: Filter, ex: Exchange, phase: str, reason: str, started: float) -> Decision:
        """A filter that crashed or timed out: the chain's on_error policy decides."""
        fail = self._fails_closed(f)
        if not fail:
            ex.degraded.append(f.name)
        return Decision(
            filter=f.name,
            action=Action.BLOCK if fail else Action.ALLOW,
            reason=reason,
            detail={"on_error": "fail_closed" if fail else "allow"},
            mode="enforce",
            elapsed_s=time.perf_counter() - started,
            phase=phase,
        )

    def _crashed(self, f: Filter, ex: Exchange, phase: str, exc: Exception, started: float) -> Decision:
        ex.filter_errors += (f"{f.name}: {type(exc).__name__}",)
        return self._failure(f, ex, phase, "filter_error", started)

    async def _finish_suspended(
        self, f: Filter, ex: Exchange, phase: str, rest: Any, started: float, limit_s: float
    ) -> Decision:
        """A filter run as a task under its timer: the rest of one that suspended (executor
        offload, I/O), or the whole of one that `runs_in_task`."""
        try:
            decision = await asyncio.wait_for(rest, limit_s)
        except TimeoutError:
            return self._failure(f, ex, phase, "filter_timeout", started)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a filter crash must never take the request down unaccounted
            return self._crashed(f, ex, phase, exc, started)
        return _new_decision(Decision, decision[:7] + (time.perf_counter() - started, phase))

    async def _run(
        self, filters: list[Filter], ex: Exchange, segments: list[Segment], phase: str
    ) -> ChainOutcome:
        perf = time.perf_counter
        deadline = perf() + self.budget_s
        request = phase == "request"
        for f in filters:
            # One filter run. Most filters finish without awaiting anything (compiled
            # patterns, cached scans), and a timer cannot interrupt CPU-bound code anyway:
            # the filter's coroutine is stepped once by hand (as run_with_timeout does, but
            # with no coroutine of the chain's own per filter), and only one that suspends
            # goes on under its timeout.
            started = perf()
            timeout = f.timeout_s
            if deadline - started < timeout:
                timeout = deadline - started
            if timeout <= 0:  # the chain's latency budget is spent
                d = self._failure(f, ex, phase, "filter_timeout", started)
            else:
                # The filter's plain-call fast path first (Filter.request_now): most runs
                # decide without awaiting, and then no coroutine is made at all.
                now = f.request_now if request else f.response_now
                fast: Decision | None = None
                if now is not None:
                    try:
                        fast = now(ex)
                    except Exception as exc:  # a filter crash must never take the request down
                        fast = self._crashed(f, ex, phase, exc, started)
                    else:
                        if fast is not None:
                            fast = _new_decision(Decision, fast[:7] + (perf() - started, phase))
                if fast is not None:
                    d = fast
                else:
                    coro = f.on_request(ex) if request else f.on_response(ex)
                    if f.runs_in_task:
                        d = await self._finish_suspended(f, ex, phase, coro, started, timeout)
                    else:
                        # _first_step inlined (a Python call less per filter run).
                        try:
                            yielded = coro.send(None)
                        except StopIteration as done:
                            # The chain, not the filter, stamps timing and phase: the filter's first
                            # seven fields plus these two, as a tuple built in C (see Decision).
                            d = _new_decision(Decision, done.value[:7] + (perf() - started, phase))
                        except Exception as exc:  # a filter crash must never take the request down
                            coro.close()
                            d = self._crashed(f, ex, phase, exc, started)
                        except BaseException:
                            coro.close()
                            raise
                        else:
                            rest = _resume(coro, yielded)
                            d = await self._finish_suspended(f, ex, phase, rest, started, timeout)
            ex.decisions.append(d)
            if d.action is _ALLOW:  # the usual verdict (and a failure's under on_error: allow)
                continue
            if d.reason in ("filter_error", "filter_timeout"):
                if d.action is Action.BLOCK:
                    return ChainOutcome(failed=d)
                continue
            if d.mode != "enforce":  # monitor: recorded, changes nothing
                continue
            if d.action is Action.BLOCK:
                return ChainOutcome(blocked=d)
            if d.action is Action.REDACT and d.rewrites:
                for idx, text in d.rewrites.items():
                    if 0 <= idx < len(segments) and segments[idx].text != text:
                        segments[idx].text = text
                        if request:
                            ex.texts_changed = True
                        else:
                            ex.response_changed = True
        return _GO

    # Plain methods handing back the phase's coroutine: `await chain.run_request(ex)` reads the
    # same, and the request path saves a coroutine layer per phase.
    def run_request(self, ex: Exchange) -> Coroutine[Any, Any, ChainOutcome]:
        return self._run(self.request_filters, ex, ex.texts, "request")

    def run_response(self, ex: Exchange) -> Coroutine[Any, Any, ChainOutcome]:
        return self._run(self.response_filters, ex, ex.response_texts, "response")

    def stream_guard(self, ex: Exchange) -> StreamGuard | None:
        if not self.stream_filters:
            return None
        return StreamGuard(self, ex)


async def run_with_timeout(coro: Coroutine[Any, Any, T], limit_s: float) -> T:
    """Await `coro` under a time limit, paying for the timer only if it actually suspends.

    Most filters finish without awaiting anything (compiled patterns, cached scans), and a
    timer cannot interrupt CPU-bound code anyway. So the coroutine is stepped once by hand:
    if it completes, its result is returned at once; if it suspends (executor offload, I/O),
    the rest of it runs as a task under `asyncio.wait_for`, with normal cancellation (`_Resumed`).
    """
    finished, value = _first_step(coro)
    if finished:
        return value
    return await asyncio.wait_for(_resume(coro, value), limit_s)


def _first_step(coro: Coroutine[Any, Any, T]) -> tuple[bool, Any]:
    """Step a coroutine once by hand: (True, its result) if it finished without suspending,
    else (False, what it yielded) for `_resume`. A coroutine that raises is closed and the
    exception propagates."""
    try:
        first = coro.send(None)
    except StopIteration as done:
        return True, done.value
    except BaseException:
        coro.close()
        raise
    return False, first


class _Resumed:
    """Awaitable that continues a coroutine which already yielded once (see `_first_step`).

    It is `yield from` with the first value primed: every later send and throw goes to the
    filter's own coroutine. Run as a task, this gives a suspended filter the normal asyncio
    cancellation semantics: on a timeout the task cancels the future the filter awaits and
    throws `CancelledError` at the filter's `await`, so its `finally` (or `async with`) can
    await cleanup, e.g. a Redis client returning its connection. The earlier driver waited
    on the future from outside and closed the coroutine instead: the filter saw
    `GeneratorExit`, its future was never cancelled, and an `await` in its `finally` turned
    `filter_timeout` into `filter_error`.
    """

    __slots__ = ("_coro", "_first")

    def __init__(self, coro: Coroutine[Any, Any, Any], first: Any) -> None:
        self._coro = coro
        self._first = first

    def __await__(self) -> Generator[Any, Any, Any]:
        coro, value = self._coro, self._first
        while True:
            try:
                sent = yield value
            except GeneratorExit:
                coro.close()
                raise
            except BaseException as exc:  # CancelledError included: delivered at the filter's await
                try:
                    value = coro.throw(exc)
                except StopIteration as done:
                    return done.value
            else:
                try:
                    value = coro.send(sent)
                except StopIteration as done:
                    return done.value


async def _resume(coro: Coroutine[Any, Any, T], yielded: Any) -> T:
    """Drive a coroutine that already yielded `yielded` (a future, or None for a bare yield)."""
    result: T = await _Resumed(coro, yielded)
    return result


def _merge(findings: list[Finding]) -> list[Finding]:
    """Sort and fold findings that overlap an earlier one (the earlier, longer one wins)."""
    return merge_overlapping(
        findings,
        lambda f: (f.start, f.end),
        lambda f, end: Finding(f.start, end, f.label, f.replacement),
    )


def _render(text: str, findings: list[Finding]) -> str:
    return replace_spans(text, ((f.start, f.end, f.replacement) for f in findings))


class StreamGuard:
    """Screens a streamed answer without leaking and without buffering it whole.

    The newest `window` characters are held back. A finding of at most `window` characters
    that is not complete yet must start inside the held part, so everything before it is
    final and can be released, with complete findings replaced. A finding that straddles
    the release point pulls the release point back to its start. Time-to-first-token grows
    by at most one window.
    """

    def __init__(self, chain: FilterChain, ex: Exchange) -> None:
        self.chain = chain
        self.ex = ex
        self.filters = chain.stream_filters
        self.window = max(f.stream_window for f in self.filters)
        self.pending = ""
        self.blocked: Decision | None = None
        self.failed: Decision | None = None
        self._worst: dict[str, Decision] = {}
        self._redacted: Counter[str] = Counter()
        self._elapsed: dict[str, float] = dict.fromkeys((f.name for f in self.filters), 0.0)
        self.released_chars = 0

    async def feed(self, delta: str) -> str:
        """Add streamed text; return the text that is now safe to send (possibly empty)."""
        self.pending += delta
        if len(self.pending) <= self.window:
            return ""
        return await self._release(final=False)

    async def finish(self) -> str:
        """End of the answer: screen and release whatever is still held."""
        if not self.pending:
            return ""
        return await self._release(final=True)

    async def _scan(self, text: str) -> list[Finding] | None:
        """Every stream filter on `text`; the enforced redactions found, or None when a filter
        blocked or failed closed (then `blocked` / `failed` says which)."""
        if self.blocked or self.failed:
            return None
        findings: list[Finding] = []
        for f in self.filters:
            started = time.perf_counter()
            try:
                scan = await run_with_timeout(f.scan_stream(self.ex, text), f.config.timeout_ms / 1000.0)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                fail = self.chain._fails_closed(f)
                d = Decision(
                    filter=f.name,
                    action=Action.BLOCK if fail else Action.ALLOW,
                    reason="filter_timeout" if isinstance(exc, TimeoutError) else "filter_error",
                    phase="stream",
                    elapsed_s=time.perf_counter() - started,
                )
                if fail:
                    self.failed = d
                    self.ex.decisions.append(d)
                    return None
                if f.name not in self.ex.degraded:
                    self.ex.degraded.append(f.name)
                continue
            self._elapsed[f.name] += time.perf_counter() - started
            d = scan.decision
            if d.action is not Action.ALLOW:
                prev = self._worst.get(f.name)
                if prev is None or d.action > prev.action:
                    self._worst[f.name] = d
                if d.mode == "enforce" and d.action is Action.BLOCK:
                    self.blocked = d._replace(phase="stream")
                    return None
            if d.mode == "enforce" and d.action is Action.REDACT:
                findings.extend(scan.findings)
        return findings

    async def screen_whole(self, text: str) -> str | None:
        """Screen a complete text at once: the final snapshots some protocols repeat at the end
        of a stream (Responses API `output_text.done`, TGI's `generated_text`) must carry the
        redacted answer too. None when a filter blocked or failed closed."""
        findings = await self._scan(text)
        if findings is None:
            return None
        return _render(text, _merge(findings))

    async def _release(self, final: bool) -> str:
        text = self.pending
        findings = await self._scan(text)
        if findings is None:
            return ""
        merged = _merge(findings)
        cut = len(text) if final else len(text) - self.window
        for f in merged:
            if f.start < cut < f.end:
                cut = f.start
                break
        released = [f for f in merged if f.end <= cut]
        self._redacted.update(f.label for f in released)
        out = _render(text[:cut], released)
        self.pending = text[cut:]
        self.released_chars += cut
        return out

    def decisions(self) -> list[Decision]:
        """One summary decision per filter that acted on the stream (for audit and metrics)."""
        out = []
        counts = dict(self._redacted)
        for f in self.filters:
            worst = self._worst.get(f.name)
            if worst is None:
                continue
            out.append(
                worst._replace(
                    phase="stream",
                    elapsed_s=self._elapsed[f.name],
                    detail={**dict(worst.detail), "redacted": counts} if counts else dict(worst.detail),
                    rewrites=None,
                )
            )
        return out
