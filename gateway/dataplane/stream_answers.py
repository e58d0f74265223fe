"""Streamed (SSE) answers: which way a stream goes, and the unscreened flavours.

`stream_answer` prepares the client's stream and picks one of four ways: screened through
held-back windows (gateway/dataplane/screened_stream.py) when the route has stream filters,
metered (events read for token usage, the usage chunk the gateway asked for dropped) under
a token budget, pinned (the first events held until one names the model) for an upstream
with `expect_model`, else relayed chunk by chunk. A stall or reset mid-stream ends it with
an error event in the protocol's own shape: the head (200) is already gone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson
from aiohttp import web

from gateway import metrics
from gateway.dataplane.answers import (
    client_headers,
    finish_stream,
    meter_payload,
    refuse_stream_model,
    relay,
    settle_usage,
    write_first,
)
from gateway.dataplane.http_client import UpstreamError, UpstreamResponse
from gateway.dataplane.screened_stream import screen_stream
from gateway.exchange import Exchange
from gateway.protocols.sse import MAX_EVENT_BYTES, SseSplitter, SseTooLarge, error_event
from gateway.rollout.traffic import check_model, stream_model_of

if TYPE_CHECKING:
    from gateway.service.runtime import RouteRuntime


_PIN_EVENTS = 4  # a pinned stream's first data events searched for the model before giving up


async def stream_answer(
    request: web.Request,
    ex: Exchange,
    rt: RouteRuntime,
    upstream: UpstreamResponse,
    guard: Any,
    pool: Any,
) -> web.StreamResponse:
    """Stream an SSE answer chunk by chunk; with a guard, screen it through a held window."""
    hdrs = client_headers(ex, upstream, rewritten=guard is not None)  # never a Content-Length
    resp = web.StreamResponse(status=upstream.status, headers=hdrs)
    await resp.prepare(request)
    ex.stream = True  # an SSE answer is a stream even where the request body was not parsed
    tap = ex.shadow_tap  # set only when this request is mirrored
    if tap is not None:
        tap.sse = True
    metered = rt.chain.wants_usage and upstream.status < 400
    try:
        if guard is not None:
            await screen_stream(resp, ex, rt, upstream, guard, pool, tap)
        elif metered:
            await _stream_metered(resp, ex, rt, upstream, pool, tap)
        elif pool.cfg.expect_model is not None and upstream.status < 400:
            await _stream_pinned(resp, ex, rt, upstream, pool, tap)
        else:
            await relay(resp, ex, upstream, tap)
    except TimeoutError:
        metrics.upstream_errors.labels(pool.name, "idle_timeout").inc()
        ex.stream_outcome = "timeout"
        await resp.write(
            error_event(rt.adapter.name, "upstream_timeout", "Upstream stalled mid-stream.", ex.request_id)
        )
    except UpstreamError:
        metrics.upstream_errors.labels(pool.name, "reset").inc()
        ex.stream_outcome = "unreachable"
        await resp.write(
            error_event(rt.adapter.name, "upstream_unreachable", "Upstream reset mid-stream.", ex.request_id)
        )
    await finish_stream(request, resp, ex)
    return resp


async def _stream_pinned(
    resp: web.StreamResponse,
    ex: Exchange,
    rt: RouteRuntime,
    upstream: UpstreamResponse,
    pool: Any,
    tap: Any,
) -> None:
    """Unscreened stream from an upstream with expect_model: hold the first chunks until an
    event names the model (the first one does in every supported protocol), then pass through."""
    splitter: SseSplitter | None = SseSplitter()
    held: list[bytes] = []
    events = 0
    async for chunk in upstream.iter_any():
        if tap is not None:
            tap.add(chunk)
        if splitter is None:
            await resp.write(chunk)
            continue
        held.append(chunk)
        for event in splitter.feed(chunk):
            if event.data is None or event.data == "[DONE]":
                continue
            events += 1
            ex.observed_model = stream_model_of(rt.adapter, event.data)
            if ex.observed_model is not None or events >= _PIN_EVENTS:
                break
        if ex.observed_model is None and events < _PIN_EVENTS:
            continue
        splitter = None
        if check_model(ex, pool, ex.observed_model):
            await refuse_stream_model(resp, ex, rt.adapter.name)
            return
        await write_first(resp, ex, b"".join(held))
        held = []
    if held:
        await write_first(resp, ex, b"".join(held))


async def _stream_metered(
    resp: web.StreamResponse, ex: Exchange, rt: RouteRuntime, upstream: UpstreamResponse, pool: Any, tap: Any
) -> None:
    """An unscreened stream under a token budget: read each event for the usage report and
    the answer's length (the budget's fallback when no usage comes), and drop the usage
    chunk the gateway asked for on the client's behalf; a model pin is checked on the way.
    Everything else passes as sent."""
    adapter = rt.adapter
    pinned = pool.cfg.expect_model is not None
    splitter: SseSplitter | None = SseSplitter(MAX_EVENT_BYTES)
    async for chunk in upstream.iter_any():
        if tap is not None:
            tap.add(chunk)
        if splitter is None:  # an event too large to meter: the rest passes as sent
            await write_first(resp, ex, chunk)
            continue
        events: list[Any] = []
        held = b""
        try:
            for event in splitter.feed(chunk):  # complete events come out before the bound trips
                events.append(event)
        except SseTooLarge:
            held, splitter = splitter.rest(), None
        for event in events:
            if event.data is None or event.data == "[DONE]":
                await write_first(resp, ex, event.raw)
                continue
            try:
                payload = orjson.loads(event.data)
            except orjson.JSONDecodeError:
                await write_first(resp, ex, event.raw)
                continue
            if pinned and ex.observed_model is None:
                ex.observed_model = adapter.stream_model(payload)
                if check_model(ex, pool, ex.observed_model):
                    await refuse_stream_model(resp, ex, adapter.name)
                    return
            if not meter_payload(ex, adapter, payload):
                await write_first(resp, ex, event.raw)
        if held:
            await write_first(resp, ex, held)
    rest = splitter.rest() if splitter is not None else b""
    if rest:
        await resp.write(rest)
    settle_usage(ex)
