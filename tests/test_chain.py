"""Filter chain semantics: order, monitor vs enforce, most severe wins, fail-closed, timeouts,
budget, and the streamed-answer guard (held window, split findings, block mid-stream)."""

from __future__ import annotations

import asyncio
from typing import Literal

import pytest
from factories import make_exchange

from filters.base import Action, BuildContext, Filter, FilterConfig, Finding, StreamScan
from filters.chain import FilterChain
from gateway.exchange import Exchange


class FakeConfig(FilterConfig):
    type: Literal["fake"] = "fake"


class Fake(Filter):
    """Scripted filter: does what the test tells it, records the text it saw."""

    type_name = "fake"

    def __init__(self, name, behaviour, mode="enforce", on_error=None, timeout_ms=100.0, window=0):
        super().__init__(
            name, FakeConfig(mode=mode, on_error=on_error, timeout_ms=timeout_ms), BuildContext()
        )
        self.behaviour = behaviour
        self.seen: list[str] = []
        self.stream_window = window

    async def on_request(self, ex):
        self.seen.append(ex.texts[0].text)
        b = self.behaviour
        if b == "raise":
            raise RuntimeError("boom")
        if b == "hang":
            await asyncio.sleep(5)
        if b == "allow":
            return self.decide()
        if b == "flag":
            return self.decide(Action.FLAG, "flagged", 0.5)
        if b == "redact":
            return self.decide(
                Action.REDACT, "redacted", 1.0, rewrites={0: ex.texts[0].text.replace("secret", "[X]")}
            )
        if b == "block":
            return self.decide(Action.BLOCK, "blocked_reason", 1.0)
        raise AssertionError(b)

    async def scan_stream(self, ex, text):
        if self.behaviour == "raise":
            raise RuntimeError("boom")
        findings = []
        start = text.find("secret")
        while start >= 0:
            findings.append(Finding(start, start + 6, "word", "<S>"))
            start = text.find("secret", start + 1)
        if not findings:
            return StreamScan(self.decide())
        action = Action.BLOCK if self.behaviour == "block" else Action.REDACT
        return StreamScan(self.decide(action, "secret_word", 1.0), tuple(findings))


class FastFake(Fake):
    """The same script through the plain-call fast path (Filter.request_now); `hang` needs an
    await, so it answers None and the chain falls back to on_request's coroutine."""

    coroutines = 0

    def request_now(self, ex):
        if self.behaviour == "hang":
            return None
        coro = Fake.on_request(self, ex)
        try:
            coro.send(None)
        except StopIteration as done:
            return done.value
        raise AssertionError("a scripted behaviour other than hang awaited")

    async def on_request(self, ex):
        FastFake.coroutines += 1
        return await super().on_request(ex)


def exchange(text: str = "a secret here") -> Exchange:
    return make_exchange(text)


CASES = [
    # behaviours, modes, expected outcome, expected final text, expected degraded
    (["allow", "allow"], ["enforce", "enforce"], "go", "a secret here", []),
    (["flag", "allow"], ["enforce", "enforce"], "go", "a secret here", []),
    (["redact", "allow"], ["enforce", "enforce"], "go", "a [X] here", []),
    (["redact", "block"], ["enforce", "enforce"], "blocked", "a [X] here", []),  # most severe wins
    (["block", "redact"], ["enforce", "enforce"], "blocked", "a secret here", []),  # block stops the chain
    (["block", "allow"], ["monitor", "enforce"], "go", "a secret here", []),  # monitor changes nothing
    (["redact", "allow"], ["monitor", "enforce"], "go", "a secret here", []),
    (["raise", "allow"], ["enforce", "enforce"], "failed", "a secret here", []),  # fail closed by default
    (["hang", "allow"], ["enforce", "enforce"], "failed", "a secret here", []),  # timeout = failure
]


@pytest.mark.parametrize("kind", [Fake, FastFake])
@pytest.mark.parametrize(("behaviours", "modes", "expected", "text", "degraded"), CASES)
async def test_chain_semantics(behaviours, modes, expected, text, degraded, kind):
    filters = [kind(f"f{i}", b, m) for i, (b, m) in enumerate(zip(behaviours, modes, strict=True))]
    ex = exchange()
    FastFake.coroutines = 0
    outcome = await FilterChain(filters, []).run_request(ex)
    if kind is FastFake:  # only a filter that must await gets a coroutine
        assert FastFake.coroutines == sum(1 for b in behaviours[: len(ex.decisions)] if b == "hang")
    got = "blocked" if outcome.blocked else "failed" if outcome.failed else "go"
    assert got == expected
    assert ex.texts[0].text == text
    assert ex.degraded == degraded
    assert all(d.mode == m for d, m in zip(ex.decisions, modes, strict=False))


async def test_redaction_applied_before_next_filter():
    first, second = Fake("a", "redact"), Fake("b", "allow")
    ex = exchange()
    await FilterChain([first, second], []).run_request(ex)
    assert second.seen == ["a [X] here"]
    assert ex.texts_changed


async def test_order_is_config_order():
    calls = []

    class Recorder(Fake):
        async def on_request(self, ex):
            calls.append(self.name)
            return self.decide()

    await FilterChain(
        [Recorder("z", "allow"), Recorder("a", "allow"), Recorder("m", "allow")], []
    ).run_request(exchange())
    assert calls == ["z", "a", "m"]


@pytest.mark.parametrize("route_fail_closed", [True, False])
async def test_fail_open_marks_degraded(route_fail_closed):
    f = Fake("crashy", "raise", on_error="allow")
    ex = exchange()
    outcome = await FilterChain([f, Fake("next", "allow")], [], fail_closed=route_fail_closed).run_request(ex)
    assert outcome.blocked is None and outcome.failed is None
    assert ex.degraded == ["crashy"]
    assert ex.decisions[0].reason == "filter_error"


async def test_route_fail_open_applies_when_filter_silent():
    ex = exchange()
    outcome = await FilterChain([Fake("crashy", "raise")], [], fail_closed=False).run_request(ex)
    assert outcome.failed is None
    assert ex.degraded == ["crashy"]


async def test_timeout_is_enforced_and_reported():
    ex = exchange()
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    outcome = await FilterChain([Fake("slow", "hang", timeout_ms=50)], []).run_request(ex)
    assert loop.time() - t0 < 1
    assert outcome.failed is not None and outcome.failed.reason == "filter_timeout"


async def test_chain_budget_skips_filters_that_cannot_start():
    ex = exchange()
    chain = FilterChain(
        [Fake("slow", "hang", timeout_ms=5000, on_error="allow"), Fake("later", "allow")], [], budget_s=0.05
    )
    outcome = await chain.run_request(ex)
    # The hanging filter (fail-open) used the whole budget; the next one could not run, and
    # since it fails closed, an unscreened request is refused rather than forwarded.
    assert ex.degraded == ["slow"]
    assert outcome.failed is not None and outcome.failed.filter == "later"
    assert outcome.failed.reason == "filter_timeout"


@pytest.mark.parametrize("kind", [Fake, FastFake])
async def test_decision_carries_elapsed_and_phase(kind):
    ex = exchange()
    await FilterChain([kind("a", "flag")], []).run_request(ex)
    d = ex.decisions[0]
    assert d.phase == "request" and d.elapsed_s >= 0 and d.public()["action"] == "flag"
    assert "rewrites" not in d.public()


# ---- streamed answers ------------------------------------------------------------------


async def _stream(chain: FilterChain, deltas: list[str]) -> tuple[str, list[str], object]:
    ex = exchange()
    guard = chain.stream_guard(ex)
    assert guard is not None
    out, pieces = [], []
    for d in deltas:
        piece = await guard.feed(d)
        pieces.append(piece)
        out.append(piece)
        if guard.blocked:
            return "".join(out), pieces, guard
    out.append(await guard.finish())
    return "".join(out), pieces, guard


async def test_stream_redacts_finding_split_across_chunks():
    chain = FilterChain([], [Fake("s", "redact", window=8)])
    deltas = ["this is a sec", "ret value and", " more text after the secret", "!"]
    text, pieces, guard = await _stream(chain, deltas)
    assert text == "this is a <S> value and more text after the <S>!"
    assert all("sec" not in p or "secret" not in p for p in pieces)
    assert not any("ret value" in p and "sec" in pieces[i - 1][-3:] for i, p in enumerate(pieces) if i)


async def test_stream_never_releases_a_prefix_of_a_finding():
    chain = FilterChain([], [Fake("s", "redact", window=8)])
    # one character at a time: the worst case for leaks
    deltas = list("xx secret yy secret zz")
    text, pieces, _ = await _stream(chain, deltas)
    assert text == "xx <S> yy <S> zz"
    released = "".join(pieces)
    assert "s" not in released.replace("<S>", "")  # no stray letter of "secret" leaked


async def test_stream_hold_back_is_bounded_by_window():
    chain = FilterChain([], [Fake("s", "redact", window=10)])
    ex = exchange()
    guard = chain.stream_guard(ex)
    released = ""
    for ch in "abcdefghijklmnopqrstuvwxyz":
        released += await guard.feed(ch)
        assert len(guard.pending) <= 10
    assert released == "abcdefghijklmnop"


async def test_stream_block_stops():
    chain = FilterChain([], [Fake("s", "block", window=8)])
    text, _, guard = await _stream(chain, ["fine text here, ", "now a secret", " and more"])
    assert guard.blocked is not None and guard.blocked.reason == "secret_word"
    assert "secret" not in text


async def test_stream_monitor_mode_does_not_change_text():
    chain = FilterChain([], [Fake("s", "redact", mode="monitor", window=8)])
    text, _, guard = await _stream(chain, ["a secret ", "b"])
    assert text == "a secret b"
    assert guard.decisions()[0].mode == "monitor"


async def test_stream_filter_crash_fails_closed():
    chain = FilterChain([], [Fake("s", "raise", window=4)])
    text, _, guard = await _stream(chain, ["hello world", " more"])
    assert guard.failed is not None and text == ""


# ---- run_with_timeout: the timer is paid only by filters that suspend -------------------

from filters.chain import run_with_timeout  # noqa: E402


async def test_run_with_timeout_sync_completion():
    async def quick():
        return 7

    assert await run_with_timeout(quick(), 0.01) == 7


async def test_run_with_timeout_after_suspension_and_bare_yields():
    async def slowish():
        await asyncio.sleep(0)
        await asyncio.sleep(0.01)
        fut = asyncio.get_running_loop().run_in_executor(None, lambda: 41)
        return (await fut) + 1

    assert await run_with_timeout(slowish(), 1.0) == 42


async def test_run_with_timeout_propagates_exceptions_from_awaited_futures():
    async def failing():
        await asyncio.sleep(0.001)
        await asyncio.get_running_loop().run_in_executor(None, lambda: 1 / 0)

    with pytest.raises(ZeroDivisionError):
        await run_with_timeout(failing(), 1.0)


async def test_run_with_timeout_times_out_and_closes_the_coroutine():
    closed = []

    async def hangs():
        try:
            await asyncio.sleep(10)
        finally:
            closed.append(True)

    with pytest.raises(TimeoutError):
        await run_with_timeout(hangs(), 0.05)
    assert closed == [True]


async def test_run_with_timeout_exception_before_suspending():
    async def boom():
        raise ValueError("early")

    with pytest.raises(ValueError):
        await run_with_timeout(boom(), 1.0)


def test_decision_field_order_matches_the_positional_builders():
    """Filter.decide and the chain build Decisions as raw tuples (speed): a new or moved
    field must update them, and this test says so."""
    from filters.base import Decision

    assert Decision._fields == (
        "filter",
        "action",
        "reason",
        "score",
        "detail",
        "rewrites",
        "mode",
        "elapsed_s",
        "phase",
    )


# ---- a filter that suspends runs under normal task cancellation --------------------------


class CleanupProbeConfig(FilterConfig):
    type: Literal["cleanup_probe"] = "cleanup_probe"


class CleanupProbe(Filter):
    type_name = "cleanup_probe"
    """Awaits a future that never resolves, then awaits in `finally` (as a Redis client does
    when it hands its connection back): what a timed-out filter sees is recorded."""

    def __init__(self, cfg: FilterConfig) -> None:
        super().__init__("probe", cfg, BuildContext())
        self.seen: list[str] = []
        self.awaited: asyncio.Future[None] | None = None

    async def on_request(self, ex: Exchange):  # type: ignore[override]
        self.awaited = asyncio.get_running_loop().create_future()
        try:
            await self.awaited
        except BaseException as exc:
            self.seen.append(type(exc).__name__)
            raise
        finally:
            await asyncio.sleep(0.001)  # cleanup that awaits
            self.seen.append("cleaned up")
        return self.decide()


async def test_timed_out_filter_gets_cancelled_error_and_may_await_in_finally():
    probe = CleanupProbe(CleanupProbeConfig(timeout_ms=30))
    chain = FilterChain([probe], [])
    ex = exchange()
    outcome = await chain.run_request(ex)
    assert outcome.failed is not None
    assert outcome.failed.reason == "filter_timeout"  # was filter_error: the finally's await broke close()
    assert probe.seen == ["CancelledError", "cleaned up"]  # was ["GeneratorExit"]
    assert probe.awaited is not None and probe.awaited.cancelled()  # the awaited future is cancelled
    assert ex.filter_errors == ()


async def test_run_with_timeout_cancels_the_awaited_future():
    awaited: list[asyncio.Future[None]] = []
    seen: list[str] = []

    async def waits():
        fut = asyncio.get_running_loop().create_future()
        awaited.append(fut)
        try:
            await fut
        except asyncio.CancelledError:
            seen.append("cancelled")
            await asyncio.sleep(0)
            raise

    with pytest.raises(TimeoutError):
        await run_with_timeout(waits(), 0.03)
    assert seen == ["cancelled"] and awaited[0].cancelled()


async def test_filter_that_catches_cancellation_and_returns_still_counts():
    """A filter that swallows the cancellation and answers anyway: its answer is taken (asyncio's
    wait_for returns the inner result); nothing is lost or double-counted."""

    class Stubborn(CleanupProbe):
        async def on_request(self, ex: Exchange):  # type: ignore[override]
            try:
                await asyncio.sleep(10)
            except asyncio.CancelledError:
                self.seen.append("swallowed")
            return self.decide()

    probe = Stubborn(CleanupProbeConfig(timeout_ms=20))
    ex = exchange()
    outcome = await FilterChain([probe], []).run_request(ex)
    assert outcome.failed is None and probe.seen == ["swallowed"]
    assert ex.decisions[-1].action is Action.ALLOW


class TaskBoundProbe(CleanupProbe):
    """Enters asyncio.timeout before its first await, as redis-py and tier 2 do."""

    runs_in_task = True

    async def on_request(self, ex: Exchange):  # type: ignore[override]
        try:
            async with asyncio.timeout(0.02):
                await asyncio.sleep(10)
        except TimeoutError:
            self.seen.append("own timeout")
            raise
        return self.decide()


async def test_a_filter_that_runs_in_task_owns_its_asyncio_timeout():
    """Stepped by hand in the request's task, the filter's asyncio.timeout would be bound to
    that task and its expiry would cancel the whole request. Run as its own task, the expiry
    is the filter's: a timeout the chain accounts for, and the request goes on to answer. (With
    runs_in_task = False this test fails: the TimeoutError escapes the chain.)"""
    probe = TaskBoundProbe(CleanupProbeConfig(timeout_ms=500))
    ex = exchange()
    outcome = await FilterChain([probe], []).run_request(ex)
    assert probe.seen == ["own timeout"]
    assert outcome.failed is not None and outcome.failed.reason == "filter_timeout"
    assert asyncio.current_task().cancelling() == 0  # the request's task was not touched
