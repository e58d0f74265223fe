"""Answers: how an upstream response reaches the client.

Four shapes, cheapest first: untouched bytes (one write for small sized bodies, chunks
otherwise); a complete JSON answer read whole because a response filter or a model pin
must see it; an SSE stream passed through chunk by chunk; and an SSE stream screened
through the StreamGuard's held-back window and rewritten event by event. Every path ends
in the finishers (audit) before the last bytes leave.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson
from aiohttp import web

from gateway import metrics
from gateway.appkeys import GATEWAY
from gateway.dataplane import errors
from gateway.dataplane.forward import response_headers
from gateway.dataplane.http_client import UpstreamError, UpstreamResponse
from gateway.exchange import Exchange
from gateway.protocols import ProtocolError, merge_usage, set_at
from gateway.protocols.sse import SseSplitter, error_event
from gateway.rollout.traffic import check_model, json_model_of, stream_model_of

if TYPE_CHECKING:
    from gateway.service.gateway import Gateway
    from gateway.service.runtime import RouteRuntime

JSON = "application/json"
_SMALL_BODY = 1 << 20  # answers up to this size with a Content-Length are sent in one write
_PIN_EVENTS = 4  # a pinned stream's first data events searched for the model before giving up


def error_response(
    err: errors.GatewayError, ex: Exchange, message: str | None = None, extra: dict[str, str] | None = None
) -> web.Response:
    headers = {"x-request-id": ex.request_id, **ex.response_headers}
    if extra:
        headers.update(extra)
    if ex.degraded:
        headers["x-aigw-degraded"] = ",".join(ex.degraded)
    return web.Response(
        body=errors.body(err, ex.request_id, message), status=err.status, content_type=JSON, headers=headers
    )


def _client_headers(ex: Exchange, upstream: UpstreamResponse, rewritten: bool) -> Any:
    hdrs = response_headers(upstream.headers, drop_length=rewritten)
    hdrs["x-request-id"] = ex.request_id
    for k, v in ex.response_headers.items():
        hdrs[k] = v
    if ex.degraded:
        hdrs["x-aigw-degraded"] = ",".join(ex.degraded)
    return hdrs


async def pass_through(
    request: web.Request, ex: Exchange, rt: RouteRuntime, upstream: UpstreamResponse
) -> web.StreamResponse:
    """Forward the answer untouched: one write for small sized bodies, chunks otherwise."""
    length = upstream.content_length
    hdrs = _client_headers(ex, upstream, rewritten=False)
    tap = ex.shadow_tap  # set only when this request is mirrored
    if length is not None and length <= _SMALL_BODY:
        data = await upstream.read()
        if tap is not None:
            tap.add(data)
        if rt.chain.wants_usage and upstream.status < 400:
            _read_usage(ex, rt, data)
        return web.Response(body=data, status=upstream.status, headers=hdrs)
    resp = web.StreamResponse(status=upstream.status, headers=hdrs)
    if length is not None:
        resp.content_length = length
    await resp.prepare(request)
    try:
        await _relay(resp, ex, upstream, tap)
    except (TimeoutError, UpstreamError) as exc:
        await cut_answer(request, resp, ex, exc)
        return resp
    await _finish_stream(request, resp, ex)
    return resp


async def cut_answer(
    request: web.Request, resp: web.StreamResponse, ex: Exchange, exc: BaseException
) -> None:
    """The upstream failed after the answer's head went out. HTTP has no way to take a 200
    back, and writing a 502 head now would put it inside the body (a pipelining client then
    reads the next answer as part of this one). So the body is ended unfinished: no
    terminating chunk, fewer bytes than the Content-Length, and the connection closed, which
    every client reports as a broken answer. The audit and the access line get the truth."""
    timeout = isinstance(exc, TimeoutError)
    metrics.upstream_errors.labels(ex.upstream or "none", "timeout" if timeout else "reset").inc()
    ex.stream_outcome = "timeout" if timeout else "unreachable"
    ex.error = "upstream_timeout" if timeout else "upstream_unreachable"
    resp.force_close()
    gw: Gateway = request.app[GATEWAY]
    ex.finished = True
    await gw.finish_exchange(ex, ex.stream_outcome, resp.status)
    transport = request.transport
    if transport is not None and not transport.is_closing():
        transport.close()  # what was written is flushed, then FIN; aiohttp writes nothing more


async def _relay(resp: web.StreamResponse, ex: Exchange, upstream: UpstreamResponse, *taps: Any) -> None:
    """Copy the upstream's chunks as they come (time to first byte recorded), feeding the
    given taps (shadow comparison, usage reader); None taps are skipped."""
    active = [t for t in taps if t is not None]
    first = True
    async for chunk in upstream.iter_any():
        if first:
            ex.timings["ttfb"] = ex.elapsed()
            first = False
        await resp.write(chunk)
        for t in active:
            t.add(chunk)


def _answer_limit(request: web.Request) -> int:
    return request.app[GATEWAY].current.loaded.config.server.max_answer_bytes


async def _read_whole(ex: Exchange, upstream: UpstreamResponse, limit: int) -> bytes:
    """Read a complete answer (at most `limit` bytes: server.max_answer_bytes, else 502
    answer_too_large), handing a copy to the shadow comparison when mirrored."""
    data = await upstream.read(limit)
    tap = ex.shadow_tap
    if tap is not None:
        tap.add(data)
    return data


async def pass_pinned(
    request: web.Request, ex: Exchange, rt: RouteRuntime, upstream: UpstreamResponse, pool: Any
) -> web.StreamResponse:
    """A JSON answer from an upstream with expect_model: read it whole, check its `model`."""
    data = await _read_whole(ex, upstream, _answer_limit(request))
    ex.observed_model = json_model_of(rt.adapter, data)
    if check_model(ex, pool, ex.observed_model):
        return _model_refused(ex)
    return web.Response(body=data, status=upstream.status, headers=_client_headers(ex, upstream, False))


def _read_usage(ex: Exchange, rt: RouteRuntime, data: bytes) -> None:
    """Token budgets need the upstream's usage even when nothing else reads the answer."""
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError:
        return
    ex.usage = rt.adapter.usage(doc) or ex.usage
    ex.observed_model = ex.observed_model or rt.adapter.response_model(doc)


class _UsageTap:
    """Finds the usage events of an unscreened stream (only when a filter wants usage)."""

    def __init__(self, ex: Exchange, rt: RouteRuntime) -> None:
        self.ex, self.adapter, self.splitter = ex, rt.adapter, SseSplitter()

    def add(self, chunk: bytes) -> None:
        for event in self.splitter.feed(chunk):
            if event.data is None or "usage" not in event.data:
                continue
            try:
                payload = orjson.loads(event.data)
            except orjson.JSONDecodeError:
                continue
            self.ex.usage = merge_usage(self.ex.usage, self.adapter.stream_usage(payload))


def _model_refused(ex: Exchange) -> web.Response:
    err = errors.lookup("model_mismatch")
    ex.stream_outcome = err.outcome
    ex.error = err.code
    return error_response(err, ex)


async def _refuse_stream_model(resp: web.StreamResponse, ex: Exchange, protocol: str) -> None:
    """Headers are gone: end a pinned stream whose model is wrong with an error event."""
    err = errors.lookup("model_mismatch")
    ex.stream_outcome = err.outcome
    ex.error = err.code
    await resp.write(error_event(protocol, err.code, err.message, ex.request_id))


async def _finish_stream(request: web.Request, resp: web.StreamResponse, ex: Exchange) -> None:
    """Give the finishers (audit) their turn before the last bytes of a streamed answer."""
    gw: Gateway = request.app[GATEWAY]
    outcome = ex.stream_outcome or status_outcome(resp.status)
    ex.finished = True
    if not await gw.finish_exchange(ex, outcome, resp.status):
        ex.stream_outcome = "filter_failure"
        await resp.write(
            error_event(ex.protocol, "audit_unavailable", "Audit log unavailable.", ex.request_id)
        )
        return
    await resp.write_eof()


def status_outcome(status: int) -> str:
    return "success" if status < 400 else ("upstream_4xx" if status < 500 else "upstream_5xx")


async def screen_complete(
    request: web.Request, ex: Exchange, rt: RouteRuntime, upstream: UpstreamResponse, pool: Any
) -> web.StreamResponse:
    """A complete JSON answer with response filters: parse, screen, rewrite if needed."""
    data = await _read_whole(ex, upstream, _answer_limit(request))
    try:
        doc = orjson.loads(data)
        ex.response_texts = rt.adapter.extract_response(doc)
        ex.observed_model = rt.adapter.response_model(doc)
        ex.usage = rt.adapter.usage(doc)
    except (orjson.JSONDecodeError, ProtocolError):
        # Not what the protocol promised: do not guess, forward as it came.
        return web.Response(body=data, status=upstream.status, headers=_client_headers(ex, upstream, False))
    ex.response_doc = doc
    if check_model(ex, pool, ex.observed_model):
        return _model_refused(ex)
    outcome = await rt.chain.run_response(ex)
    if outcome.blocked is not None:
        err = errors.for_block_reason(outcome.blocked.reason)
        ex.stream_outcome = err.outcome
        return error_response(err, ex, f"The answer was blocked by policy: {outcome.blocked.reason}.")
    if outcome.failed is not None:
        ex.stream_outcome = "filter_failure"
        return error_response(errors.lookup("filter_unavailable"), ex)
    if ex.response_changed:
        rt.adapter.write_back(doc, ex.response_texts)
        data = orjson.dumps(doc)
    hdrs = _client_headers(ex, upstream, rewritten=ex.response_changed)
    return web.Response(body=data, status=upstream.status, headers=hdrs)


async def stream_answer(
    request: web.Request,
    ex: Exchange,
    rt: RouteRuntime,
    upstream: UpstreamResponse,
    guard: Any,
    pool: Any,
) -> web.StreamResponse:
    """Stream an SSE answer chunk by chunk; with a guard, screen it through a held window."""
    hdrs = _client_headers(ex, upstream, rewritten=guard is not None)
    hdrs.popall("Content-Length", None)
    resp = web.StreamResponse(status=upstream.status, headers=hdrs)
    await resp.prepare(request)
    ex.stream = True  # an SSE answer is a stream even where the request body was not parsed
    tap = ex.shadow_tap  # set only when this request is mirrored
    if tap is not None:
        tap.sse = True
    usage_tap = _UsageTap(ex, rt) if rt.chain.wants_usage and upstream.status < 400 else None
    try:
        if guard is not None:
            await _stream_guarded(resp, ex, rt, upstream, guard, pool, tap)
        elif pool.cfg.expect_model is not None and upstream.status < 400:
            await _stream_pinned(resp, ex, rt, upstream, pool, tap)
        else:
            await _relay(resp, ex, upstream, tap, usage_tap)
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
    await _finish_stream(request, resp, ex)
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
            await _refuse_stream_model(resp, ex, rt.adapter.name)
            return
        await _write_first(resp, ex, b"".join(held))
        held = []
    if held:
        await _write_first(resp, ex, b"".join(held))


async def _stream_guarded(
    resp: web.StreamResponse,
    ex: Exchange,
    rt: RouteRuntime,
    upstream: UpstreamResponse,
    guard: Any,
    pool: Any,
    tap: Any,
) -> None:
    adapter = rt.adapter
    splitter = SseSplitter()
    template: Any = None
    template_event: Any = None

    async def flush() -> bool:
        """Release everything held; False if the guard stopped the stream."""
        nonlocal template
        out = await guard.finish()
        if guard.blocked or guard.failed:
            return False
        if out and template is not None:
            adapter.set_stream_delta(template, out)
            await _write_first(resp, ex, template_event.rebuild(template))
        return True

    async def stop() -> None:
        d = guard.blocked or guard.failed
        code = "filter_unavailable" if guard.failed else (d.reason or "policy_violation")
        ex.stream_outcome = "filter_failure" if guard.failed else "blocked"
        ex.error = code
        _record_stream_decisions(ex, guard)
        await resp.write(
            error_event(adapter.name, code, f"The answer was stopped by policy: {code}.", ex.request_id)
        )

    async for chunk in upstream.iter_any():
        if tap is not None:
            tap.add(chunk)
        for event in splitter.feed(chunk):
            if event.data is None:
                await resp.write(event.raw)
                continue
            if event.data == "[DONE]":
                if not await flush():
                    await stop()
                    return
                await resp.write(event.raw)
                continue
            try:
                payload = orjson.loads(event.data)
            except orjson.JSONDecodeError:
                await resp.write(event.raw)
                continue
            if ex.observed_model is None:
                ex.observed_model = adapter.stream_model(payload)
                if check_model(ex, pool, ex.observed_model):
                    await _refuse_stream_model(resp, ex, adapter.name)
                    return
            usage = adapter.stream_usage(payload)
            if usage:
                ex.usage = merge_usage(ex.usage, usage)
            delta = adapter.stream_delta(payload)
            if delta is None:
                if not await flush():
                    await stop()
                    return
                echoes = adapter.stream_echoes(payload)
                if echoes and not await _screen_echoes(payload, echoes, guard):
                    await stop()
                    return
                await _write_first(resp, ex, event.rebuild(payload) if echoes else event.raw)
                continue
            if delta == "":
                await _write_first(resp, ex, event.raw)
                continue
            released = await guard.feed(delta)
            if guard.blocked or guard.failed:
                await stop()
                return
            template, template_event = payload, event
            if released:
                adapter.set_stream_delta(payload, released)
                await _write_first(resp, ex, event.rebuild(payload))
    if not await flush():
        await stop()
        return
    rest = splitter.rest()
    if rest:
        await resp.write(rest)
    _record_stream_decisions(ex, guard)


async def _screen_echoes(payload: Any, echoes: list[Any], guard: Any) -> bool:
    """Overwrite the answer snapshots an event repeats with their screened text (a stream
    redacted delta by delta would otherwise leak whole in its final event)."""
    for seg in echoes:
        screened = await guard.screen_whole(seg.text)
        if screened is None:
            return False
        if screened != seg.text:
            set_at(payload, seg.path, screened)
    return True


def _record_stream_decisions(ex: Exchange, guard: Any) -> None:
    """One summary decision per filter that acted on the stream, blocks included."""
    for d in guard.decisions():
        ex.decisions.append(d)
        redacted = d.detail.get("redacted") if d.detail else None
        if redacted:
            for label, n in redacted.items():
                metrics.stream_redactions.labels(ex.route, label).inc(n)


async def _write_first(resp: web.StreamResponse, ex: Exchange, data: bytes) -> None:
    if "ttfb" not in ex.timings:
        ex.timings["ttfb"] = ex.elapsed()
    await resp.write(data)
