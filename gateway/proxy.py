"""The data-plane request path: read, route, screen, forward, stream back, account.

The hot path is allocation-aware: the body is read once, parsed at most once with orjson
and only when the route needs it, re-serialized only when a filter changed a text, and
answers are forwarded as the upstream's bytes unless a response filter must read them.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from typing import TYPE_CHECKING, Any

import aiohttp
import orjson
from aiohttp import web

from filters.base import Action
from gateway import errors, metrics
from gateway.appkeys import GATEWAY
from gateway.exchange import Exchange
from gateway.forward import response_headers
from gateway.protocols import ProtocolError, merge_usage
from gateway.sse import SseSplitter, error_event
from gateway.traffic import check_model, json_model_of, stream_model_of

if TYPE_CHECKING:
    from gateway.runtime import Generation, RouteRuntime
    from gateway.server import Gateway

log = logging.getLogger("aigw.proxy")
access_log = logging.getLogger("aigw.access")

_JSON = "application/json"
_SMALL_BODY = 1 << 20  # answers up to this size with a Content-Length are sent in one write
_PIN_EVENTS = 4  # a pinned stream's first data events searched for the model before giving up


class _Finish(Exception):
    """Internal: stop processing and answer with this gateway error."""

    def __init__(self, code: str, message: str | None = None, err: errors.GatewayError | None = None) -> None:
        self.err = err or errors.lookup(code)
        self.message = message


def error_response(
    err: errors.GatewayError, ex: Exchange, message: str | None = None, extra: dict[str, str] | None = None
) -> web.Response:
    headers = {"x-request-id": ex.request_id, **ex.response_headers}
    if extra:
        headers.update(extra)
    if ex.degraded:
        headers["x-aigw-degraded"] = ",".join(ex.degraded)
    return web.Response(
        body=errors.body(err, ex.request_id, message), status=err.status, content_type=_JSON, headers=headers
    )


async def _read_body(request: web.Request, limit: int) -> bytes:
    length = request.content_length
    if length is not None and length > limit:
        raise _Finish("body_too_large")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.content.iter_any():
        size += len(chunk)
        if size > limit:
            raise _Finish("body_too_large")
        chunks.append(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _parse_json(body: bytes) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise _Finish(
            "invalid_json", f"Request body is not valid JSON: {exc.msg} at position {exc.pos}."
        ) from None


async def handle(request: web.Request) -> web.StreamResponse:
    """aiohttp handler for every data-plane path other than the health endpoints."""
    gw: Gateway = request.app[GATEWAY]
    rid = request.headers.get("x-request-id") or uuid.uuid4().hex
    if len(rid) > 128:
        rid = rid[:128]
    ex = Exchange(
        request_id=rid,
        method=request.method,
        path=request.path,
        headers=request.headers,
        body=b"",
        client_ip=request.remote or "",
    )
    if gw.draining:
        resp = error_response(errors.lookup("draining"), ex, extra={"Connection": "close"})
        _account(ex, gw, None, "draining", resp.status)
        return resp
    gen = gw.current
    ex.config_version = gen.version
    gen.inflight += 1
    metrics.inflight.inc()
    outcome = "success"
    status = 0
    try:
        try:
            resp, outcome = await _proxy(gw, gen, request, ex)
        except _Finish as fin:
            resp = error_response(fin.err, ex, fin.message)
            outcome = fin.err.outcome
            ex.error = fin.err.code
        status = resp.status
        if not ex.state.get("finished") and not await gw.finish_exchange(ex, outcome, status):
            # A mandatory audit record could not be written: do not answer as if it was.
            err = errors.lookup("audit_unavailable")
            resp, outcome, status = error_response(err, ex), err.outcome, err.status
        return resp
    except asyncio.CancelledError:
        outcome, status = "client_closed", 499
        raise
    finally:
        if ex.route:
            await _complete(gen, ex)
        gen.inflight -= 1
        metrics.inflight.dec()
        if gen.retired and gen.inflight == 0:
            gen.closed.set()
        _account(ex, gw, gen, outcome, status)


async def _proxy(
    gw: Gateway, gen: Generation, request: web.Request, ex: Exchange
) -> tuple[web.StreamResponse, str]:
    cfg = gen.loaded.config
    body = await _read_body(request, cfg.server.max_body_bytes)
    ex.body = body
    candidates = gen.router.candidates(ex.path)
    if not candidates:
        raise _Finish("no_route", f"No route for {ex.method} {ex.path[:200]}.")

    def model() -> Any:
        if ex.doc is None:
            ex.doc = _parse_json(body)
        return ex.doc.get("model") if isinstance(ex.doc, dict) else None

    route, method_mismatch = gen.router.match(candidates, ex.method, request.headers, model)
    if route is None:
        if method_mismatch:
            raise _Finish("method_not_allowed")
        raise _Finish("no_route", f"No route for {ex.method} {ex.path[:200]} with this model or headers.")
    rt = gen.routes[route.name]
    ex.route = route.name
    ex.upstream = rt.upstream.name
    ex.state["protocol"] = rt.adapter.name

    if rt.parse_body:
        if ex.doc is None:
            ex.doc = _parse_json(body)
        try:
            ex.texts = rt.adapter.extract(ex.doc)
            ex.model = rt.adapter.model(ex.doc)
            ex.stream = rt.adapter.is_stream(ex.doc)
        except ProtocolError as exc:
            raise _Finish(
                "invalid_body", f"Request body cannot be read as {rt.adapter.name}: {exc}"
            ) from None

    t_chain = time.perf_counter()
    outcome = await rt.chain.run_request(ex)
    ex.timings["filters"] = time.perf_counter() - t_chain
    if outcome.blocked is not None:
        d = outcome.blocked
        err = errors.for_block_reason(d.reason)
        extra = {}
        retry_after = d.detail.get("retry_after_s") if d.detail else None
        if retry_after is not None:
            extra["Retry-After"] = str(max(1, int(retry_after + 0.999)))
        msg = _block_message(d, err)
        return error_response(err, ex, msg, extra), err.outcome
    if outcome.failed is not None:
        ex.error = "filter_unavailable"
        return error_response(errors.lookup("filter_unavailable"), ex), "filter_failure"
    if ex.texts_changed:
        rt.adapter.write_back(ex.doc, ex.texts)
        body = orjson.dumps(ex.doc)
        ex.body = body
    return await _forward(gw, request, ex, rt, body)


def _block_message(d: Any, err: errors.GatewayError) -> str:
    if err.outcome == "blocked":
        types = d.detail.get("entities") if d.detail else None
        suffix = f" ({', '.join(sorted(types))})" if isinstance(types, dict | list) and types else ""
        return f"Request blocked by policy: {d.reason}{suffix}."
    return err.message


async def _forward(
    gw: Gateway, request: web.Request, ex: Exchange, rt: RouteRuntime, body: bytes
) -> tuple[web.StreamResponse, str]:
    pool = rt.upstream
    if rt.canary is not None:
        pool = rt.canary.choose(ex, pool)
    needs_text = bool(rt.chain.response_filters)
    pin = pool.cfg.expect_model
    headers = pool.request_headers(
        request.headers, ex.request_id, ex.client_ip, identity=needs_text or pin is not None
    )
    url = pool.base_url + request.raw_path
    pool.retry_budget.on_request()
    t_up = time.perf_counter()
    attempt = 0
    while True:
        try:
            upstream = await pool.session.request(
                ex.method, url, data=body, headers=headers, allow_redirects=False
            )
            break
        except aiohttp.ClientConnectorError:
            if attempt < pool.cfg.retries and pool.retry_budget.try_spend():
                attempt += 1
                metrics.upstream_retries.labels(pool.name).inc()
                continue
            metrics.upstream_errors.labels(pool.name, "connect").inc()
            raise _Finish("upstream_unreachable") from None
        except TimeoutError:
            metrics.upstream_errors.labels(pool.name, "timeout").inc()
            raise _Finish("upstream_timeout") from None
        except aiohttp.ClientError:
            metrics.upstream_errors.labels(pool.name, "reset").inc()
            raise _Finish("upstream_unreachable") from None
    ex.response_status = upstream.status
    ex.timings["upstream_headers"] = time.perf_counter() - t_up
    if rt.shadow is not None:  # the primary is dispatched: mirror it (never awaited here)
        rt.shadow.maybe_mirror(ex, request, body, gw.rollouts.on_shadow)
    outcome = _status_outcome(upstream.status)
    try:
        ctype = upstream.headers.get("Content-Type", "")
        if ctype.startswith("text/event-stream"):
            guard = rt.chain.stream_guard(ex) if upstream.status < 400 else None
            resp = await _stream(request, ex, rt, upstream, guard, pool)
        elif needs_text and upstream.status < 400 and ctype.startswith(_JSON):
            resp = await _screen_complete(request, ex, rt, upstream, pool)
        elif pin is not None and upstream.status < 400 and ctype.startswith(_JSON):
            resp = await _pass_pinned(request, ex, rt, upstream, pool)
        else:
            resp = await _pass(request, ex, rt, upstream)
    except _Finish:
        raise
    except ConnectionResetError:
        # The client went away mid-answer; release() below drops the upstream connection.
        ex.state["stream_outcome"] = "client_closed"
        return web.Response(status=499), "client_closed"
    except TimeoutError:
        metrics.upstream_errors.labels(pool.name, "timeout").inc()
        raise _Finish("upstream_timeout") from None
    except aiohttp.ClientPayloadError:
        metrics.upstream_errors.labels(pool.name, "reset").inc()
        raise _Finish("upstream_unreachable") from None
    finally:
        upstream.release()
        ex.timings["upstream"] = time.perf_counter() - t_up
        metrics.upstream_duration.labels(pool.name).observe(ex.timings["upstream"])
    if ex.state.get("stream_outcome"):
        outcome = ex.state["stream_outcome"]
    return resp, outcome


def _client_headers(ex: Exchange, upstream: aiohttp.ClientResponse, rewritten: bool) -> Any:
    hdrs = response_headers(upstream.headers, drop_length=rewritten)
    hdrs["x-request-id"] = ex.request_id
    for k, v in ex.response_headers.items():
        hdrs[k] = v
    if ex.degraded:
        hdrs["x-aigw-degraded"] = ",".join(ex.degraded)
    return hdrs


async def _pass(
    request: web.Request, ex: Exchange, rt: RouteRuntime, upstream: aiohttp.ClientResponse
) -> web.StreamResponse:
    """Forward the answer untouched: one write for small sized bodies, chunks otherwise."""
    length = upstream.content_length
    hdrs = _client_headers(ex, upstream, rewritten=False)
    tap = ex.state.get("shadow_tap")  # set only when this request is mirrored
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
    first = True
    async for chunk in upstream.content.iter_any():
        if first:
            ex.timings["ttfb"] = ex.elapsed()
            first = False
        await resp.write(chunk)
        if tap is not None:
            tap.add(chunk)
    await _finish_stream(request, resp, ex)
    return resp


async def _pass_pinned(
    request: web.Request, ex: Exchange, rt: RouteRuntime, upstream: aiohttp.ClientResponse, pool: Any
) -> web.StreamResponse:
    """A JSON answer from an upstream with expect_model: read it whole, check its `model`."""
    data = await upstream.read()
    tap = ex.state.get("shadow_tap")
    if tap is not None:
        tap.add(data)
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
    ex.state["stream_outcome"] = err.outcome
    ex.error = err.code
    return error_response(err, ex)


async def _refuse_stream_model(resp: web.StreamResponse, ex: Exchange, protocol: str) -> None:
    """Headers are gone: end a pinned stream whose model is wrong with an error event."""
    err = errors.lookup("model_mismatch")
    ex.state["stream_outcome"] = err.outcome
    ex.error = err.code
    await resp.write(error_event(protocol, err.code, err.message))


async def _finish_stream(request: web.Request, resp: web.StreamResponse, ex: Exchange) -> None:
    """Give the finishers (audit) their turn before the last bytes of a streamed answer."""
    gw: Gateway = request.app[GATEWAY]
    outcome = ex.state.get("stream_outcome") or _status_outcome(resp.status)
    ex.state["finished"] = True
    if not await gw.finish_exchange(ex, outcome, resp.status):
        ex.state["stream_outcome"] = "filter_failure"
        await resp.write(
            error_event(ex.state.get("protocol", ""), "audit_unavailable", "Audit log unavailable.")
        )
        return
    await resp.write_eof()


def _status_outcome(status: int) -> str:
    return "success" if status < 400 else ("upstream_4xx" if status < 500 else "upstream_5xx")


async def _screen_complete(
    request: web.Request, ex: Exchange, rt: RouteRuntime, upstream: aiohttp.ClientResponse, pool: Any
) -> web.StreamResponse:
    """A complete JSON answer with response filters: parse, screen, rewrite if needed."""
    data = await upstream.read()
    tap = ex.state.get("shadow_tap")
    if tap is not None:
        tap.add(data)
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
        ex.state["stream_outcome"] = err.outcome
        return error_response(err, ex, f"The answer was blocked by policy: {outcome.blocked.reason}.")
    if outcome.failed is not None:
        ex.state["stream_outcome"] = "filter_failure"
        return error_response(errors.lookup("filter_unavailable"), ex)
    if ex.response_changed:
        rt.adapter.write_back(doc, ex.response_texts)
        data = orjson.dumps(doc)
    hdrs = _client_headers(ex, upstream, rewritten=ex.response_changed)
    return web.Response(body=data, status=upstream.status, headers=hdrs)


async def _stream(
    request: web.Request,
    ex: Exchange,
    rt: RouteRuntime,
    upstream: aiohttp.ClientResponse,
    guard: Any,
    pool: Any,
) -> web.StreamResponse:
    """Stream an SSE answer chunk by chunk; with a guard, screen it through a held window."""
    hdrs = _client_headers(ex, upstream, rewritten=guard is not None)
    hdrs.popall("Content-Length", None)
    resp = web.StreamResponse(status=upstream.status, headers=hdrs)
    await resp.prepare(request)
    ex.stream = True  # an SSE answer is a stream even where the request body was not parsed
    first = True
    tap = ex.state.get("shadow_tap")  # set only when this request is mirrored
    if tap is not None:
        tap.sse = True
    usage_tap = _UsageTap(ex, rt) if rt.chain.wants_usage and upstream.status < 400 else None
    try:
        if guard is not None:
            await _stream_guarded(resp, ex, rt, upstream, guard, pool, tap)
        elif pool.cfg.expect_model is not None and upstream.status < 400:
            await _stream_pinned(resp, ex, rt, upstream, pool, tap)
        else:
            async for chunk in upstream.content.iter_any():
                if first:
                    ex.timings["ttfb"] = ex.elapsed()
                    first = False
                await resp.write(chunk)
                if tap is not None:
                    tap.add(chunk)
                if usage_tap is not None:
                    usage_tap.add(chunk)
    except TimeoutError:
        metrics.upstream_errors.labels(pool.name, "idle_timeout").inc()
        ex.state["stream_outcome"] = "timeout"
        await resp.write(error_event(rt.adapter.name, "upstream_timeout", "Upstream stalled mid-stream."))
    except aiohttp.ClientPayloadError:
        metrics.upstream_errors.labels(pool.name, "reset").inc()
        ex.state["stream_outcome"] = "unreachable"
        await resp.write(error_event(rt.adapter.name, "upstream_unreachable", "Upstream reset mid-stream."))
    await _finish_stream(request, resp, ex)
    return resp


async def _stream_pinned(
    resp: web.StreamResponse,
    ex: Exchange,
    rt: RouteRuntime,
    upstream: aiohttp.ClientResponse,
    pool: Any,
    tap: Any,
) -> None:
    """Unscreened stream from an upstream with expect_model: hold the first chunks until an
    event names the model (the first one does in every supported protocol), then pass through."""
    splitter: SseSplitter | None = SseSplitter()
    held: list[bytes] = []
    events = 0
    async for chunk in upstream.content.iter_any():
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
    upstream: aiohttp.ClientResponse,
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
        ex.state["stream_outcome"] = "filter_failure" if guard.failed else "blocked"
        ex.error = code
        _record_stream_decisions(ex, guard)
        await resp.write(error_event(adapter.name, code, f"The answer was stopped by policy: {code}."))

    async for chunk in upstream.content.iter_any():
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
                await _write_first(resp, ex, event.raw)
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


async def _complete(gen: Generation, ex: Exchange) -> None:
    """Give the route's request filters their after-the-answer hook (token accounting)."""
    rt = gen.routes.get(ex.route)
    if rt is None:
        return
    for f in rt.chain.request_filters:
        try:
            await f.on_complete(ex)
        except Exception:
            log.exception("on_complete of filter %s failed", f.name)


def _account(ex: Exchange, gw: Gateway | None, gen: Generation | None, outcome: str, status: int) -> None:
    """Metrics and the access line, once per request."""
    total = ex.elapsed()
    route = ex.route or "none"
    variant = ex.variant
    metrics.requests_total.labels(route, variant, outcome).inc()
    metrics.request_duration.labels(route, variant).observe(total)
    upstream_s = ex.timings.get("upstream", 0.0)
    metrics.gateway_overhead.labels(route).observe(max(total - upstream_s, 0.0))
    if ex.stream and "ttfb" in ex.timings:
        metrics.ttft.labels(route, variant).observe(ex.timings["ttfb"])
    for d in ex.decisions:
        metrics.filter_decisions.labels(d.filter, d.action.label, d.mode).inc()
        metrics.filter_duration.labels(d.filter).observe(d.elapsed_s)
        if d.reason in ("filter_error", "filter_timeout"):
            metrics.filter_errors.labels(d.filter, d.reason).inc()
    for name in ex.degraded:
        metrics.degraded_total.labels(route, name).inc()
    if gw is not None:
        for observe in gw.observers:
            try:
                observe(ex, outcome, status)
            except Exception:
                log.exception("exchange observer %r failed", observe)
    if access_log.isEnabledFor(logging.INFO) and (gen is None or gen.loaded.config.server.access_log):
        worst = ex.outcome_action()
        access_log.info(
            orjson.dumps(
                {
                    "ts": round(ex.started_wall, 3),
                    "request_id": ex.request_id,
                    "method": ex.method,
                    "path": ex.path,
                    "route": ex.route or None,
                    "principal": ex.principal,
                    "upstream": ex.upstream or None,
                    "status": status,
                    "outcome": outcome,
                    "action": worst.label if worst is not Action.ALLOW else None,
                    "duration_ms": round(total * 1000, 3),
                    "upstream_ms": round(upstream_s * 1000, 3) if upstream_s else None,
                    "degraded": ex.degraded or None,
                    "error": ex.error,
                }
            ).decode()
        )
