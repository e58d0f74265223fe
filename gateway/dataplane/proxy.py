"""The data-plane request path: read, route, screen, forward, stream back, account.

The hot path is allocation-aware: the body is read once, parsed at most once with orjson
and only when the route needs it, re-serialized only when a filter changed a text, and
answers are forwarded as the upstream's bytes unless a response filter must read them.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import time
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import orjson
from aiohttp import hdrs, web
from multidict import istr

from gateway import jsonsafe, metrics
from gateway.appkeys import GATEWAY
from gateway.dataplane import access_log, errors, routing
from gateway.dataplane.answers import (
    JSON,
    answer_limit,
    error_response,
    pass_pinned,
    pass_through,
    readable_answer,
    screen_complete,
    screen_error,
    status_outcome,
    unreadable_answer,
)
from gateway.dataplane.http_client import AnswerTooLargeError, UpstreamConnectError, UpstreamError
from gateway.dataplane.stream_answers import stream_answer
from gateway.exchange import Exchange
from gateway.protocols import ProtocolError, ambiguity
from gateway.protocols.base import LENIENT
from gateway.protocols.sse import EVENT_STREAM, media_type

if TYPE_CHECKING:
    from gateway.service.gateway import Gateway
    from gateway.service.runtime import Generation, RouteRuntime

log = logging.getLogger("aigw.proxy")


class _Finish(Exception):
    """Internal: stop processing and answer with this gateway error."""

    def __init__(self, code: str, message: str | None = None, err: errors.GatewayError | None = None) -> None:
        self.err = err or errors.lookup(code)
        self.message = message


async def _read_body(request: web.Request, limit: int, timeout_s: float) -> bytes:
    length = request.content_length
    if length is not None:
        if length > limit:
            raise _Finish("body_too_large")
        if not length:
            return b""
        # The parser enforces Content-Length, and a small body has usually arrived with the
        # head: take what is buffered without a coroutine, wait only for the rest.
        content = request.content
        data = content.read_nowait(length)
        if len(data) == length:
            return data
        try:
            async with _body_deadline(request, timeout_s):
                return data + await content.readexactly(length - len(data))
        except asyncio.IncompleteReadError:
            raise _Finish("invalid_body", "Request body ended before its Content-Length.") from None
        except TimeoutError:
            raise _body_late(request) from None
    try:
        async with _body_deadline(request, timeout_s):
            return await _read_chunked(request, limit)
    except TimeoutError:
        raise _body_late(request) from None


@contextlib.asynccontextmanager
async def _body_deadline(request: web.Request, timeout_s: float) -> AsyncIterator[None]:
    """server.client_body_timeout_s for the part of a body that had not arrived with its head.
    The deadline is registered with the Gateway so that a drain can end the wait at once
    (Gateway.cut_body_waits) instead of letting bodiless clients hold it to its grace."""
    waits = request.app[GATEWAY].body_waits
    async with asyncio.timeout(timeout_s) as deadline:
        waits.add(deadline)
        try:
            yield
        finally:
            waits.discard(deadline)


def _body_late(request: web.Request) -> _Finish:
    return _Finish("draining" if request.app[GATEWAY].draining else "body_timeout")


async def _read_chunked(request: web.Request, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.content.iter_any():
        size += len(chunk)
        if size > limit:
            raise _Finish("body_too_large")
        chunks.append(chunk)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


async def _answer_and_close(request: web.Request, resp: web.StreamResponse) -> None:
    """Send an error and close at once: aiohttp would otherwise linger up to 10 s reading the
    unread rest of the body before it closes (lingering_time), which is the very hold a body
    timeout exists to end."""
    resp.force_close()
    try:
        await resp.prepare(request)
        await resp.write_eof()
    except ConnectionError:
        pass
    transport = request.transport
    if transport is not None and not transport.is_closing():
        transport.close()


def check_head(request: web.Request) -> None:
    """Refusals decided by the request head alone, before any body byte is read.

    Content-Encoding: aiohttp decompresses gzip/deflate bodies itself but keeps the header,
    and the Content-Length counts the compressed bytes, so the body read and forwarded was
    cut and still labelled gzip. The gateway must screen what it forwards: encoded request
    bodies are refused (415) and clients send them uncompressed.
    Paths: dot segments (also percent-encoded), `..;` and fragments are refused (400) rather
    than forwarded for an upstream or a servlet container to resolve differently.
    """
    encoding = request.headers.get(hdrs.CONTENT_ENCODING)
    if encoding is not None and encoding.strip().lower() not in ("", "identity"):
        raise _Finish("unsupported_encoding")
    problem = routing.path_problem(request.raw_path)
    if problem is not None:
        raise _Finish("invalid_path", f"Request path is not accepted: {problem}.")


def _parse_json(body: bytes) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise _Finish(
            "invalid_json", f"Request body is not valid JSON: {exc.msg} at position {exc.pos}."
        ) from None


# Errors after which the connection's request stream is out of step (a body not read, maybe
# still coming: client_body_timeout_s bounds a head without its body, which otherwise held
# its connection and an in-flight slot as long as the client liked).
_CLOSING = frozenset({"body_timeout", "unsupported_encoding", "draining"})
_ID_PREFIX = os.urandom(6).hex()
_REQUEST_ID = istr("x-request-id")  # istr: multidict skips folding the name per lookup
_id_counter = itertools.count(1)


def _new_request_id() -> str:
    """Unique across replicas (random per-process prefix) and cheaper than uuid4."""
    return f"{_ID_PREFIX}{next(_id_counter):012x}"


async def handle(request: web.Request) -> web.StreamResponse:
    """aiohttp handler for every data-plane path other than the health endpoints."""
    gw: Gateway = request.app[GATEWAY]
    rid = request.headers.get(_REQUEST_ID) or _new_request_id()
    if len(rid) > 128:
        rid = rid[:128]
    rid = jsonsafe.clean_text(rid)  # echoed in headers, records and logs: no undecodable bytes
    ex = Exchange(
        request_id=rid,
        method=request.method,
        path=request.path,
        headers=request.headers,
        body=b"",
        client_ip=request.remote or "",
    )
    if gw.draining:
        resp: web.StreamResponse = error_response(
            errors.lookup("draining"), ex, extra={"Connection": "close"}
        )
        _account(ex, gw, None, "draining", resp.status)
        return resp
    gen = gw.current
    ex.config_version = gen.version
    gen.inflight += 1
    gw.inflight += 1
    if metrics.INFLIGHT_PER_REQUEST:
        metrics.inflight.inc()
    outcome = "success"
    status = 0
    try:
        try:
            resp, outcome = await _proxy(gw, gen, request, ex)
        except _Finish as fin:
            resp = error_response(fin.err, ex, fin.message)
            if fin.err.code in _CLOSING:
                await _answer_and_close(request, resp)
            outcome = fin.err.outcome
            ex.error = fin.err.code
        status = resp.status
        if gw.finishers and not ex.finished and not await gw.finish_exchange(ex, outcome, status):
            # A mandatory audit record could not be written: do not answer as if it was.
            err = errors.lookup("audit_unavailable")
            resp, outcome, status = error_response(err, ex), err.outcome, err.status
        return resp
    except asyncio.CancelledError:
        outcome, status = "client_closed", 499
        raise
    finally:
        if ex.route and gen.completes.get(ex.route):
            await _complete(gen, ex)
        gen.inflight -= 1
        gw.inflight -= 1
        if metrics.INFLIGHT_PER_REQUEST:
            metrics.inflight.dec()
        if gen.retired and gen.inflight == 0:
            gen.closed.set()
        _account(ex, gw, gen, outcome, status)


async def _proxy(
    gw: Gateway, gen: Generation, request: web.Request, ex: Exchange
) -> tuple[web.StreamResponse, str]:
    cfg = gen.loaded.config
    check_head(request)
    body = await _read_body(request, cfg.server.max_body_bytes, cfg.server.client_body_timeout_s)
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
    ex.protocol = rt.adapter.name

    if rt.parse_body:
        if ex.doc is None:
            ex.doc = _parse_json(body)
        _read_request(ex, rt, body)

    if not rt.chain.request_filters:
        return await _forward(gw, request, ex, rt, body)
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


def _read_request(ex: Exchange, rt: RouteRuntime, body: bytes) -> None:
    """The adapter reads the parsed body. On a route with filters the body must mean the
    same to every parser the upstream might use (ambiguity.check), and what the adapter
    cannot read is refused unless the route relaxed it (`screening:`)."""
    adapter = rt.adapter
    chain = rt.chain
    try:
        if chain.request_filters or chain.response_filters:
            ambiguity.check(body, ex.doc, adapter.fields)
        policy = rt.route.config.screening.policy() if chain.request_filters else LENIENT
        ex.texts = adapter.extract(ex.doc, policy)
        ex.model = adapter.model(ex.doc)
        ex.stream = adapter.is_stream(ex.doc)
        ex.facts = adapter.facts(ex.doc)
        if chain.response_filters:
            field = adapter.unscreened_answer_option(ex.doc)
            if field is not None:
                raise ProtocolError(
                    (field,), "this answer option returns text the response filters cannot screen"
                )
        if ex.stream and chain.wants_usage and adapter.ask_usage(ex.doc):
            ex.strip_usage = ex.texts_changed = True  # token budgets need the real count
    except ProtocolError as exc:
        raise _Finish("invalid_body", f"Request body cannot be read as {adapter.name}: {exc}") from None


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
    target = request.raw_path
    client = pool.client
    pool.retry_budget.on_request()
    t_up = time.perf_counter()
    attempt = 0
    while True:
        try:
            upstream = await client.request(ex.method, target, headers, body)
            break
        except UpstreamConnectError:
            if attempt < pool.cfg.retries and pool.retry_budget.try_spend():
                attempt += 1
                metrics.upstream_retries.labels(pool.name).inc()
                continue
            metrics.upstream_errors.labels(pool.name, "connect").inc()
            raise _Finish("upstream_unreachable") from None
        except TimeoutError:
            metrics.upstream_errors.labels(pool.name, "timeout").inc()
            raise _Finish("upstream_timeout") from None
        except UpstreamError:
            metrics.upstream_errors.labels(pool.name, "reset").inc()
            raise _Finish("upstream_unreachable") from None
    ex.response_status = upstream.status
    ex.timings["upstream_headers"] = time.perf_counter() - t_up
    if gw.answer_tap is not None:  # the answer's bytes are copied for exchanges the audit records
        upstream.tee = ex.answer_tap = gw.answer_tap(ex, upstream.status, upstream.headers)
    if rt.shadow is not None:  # the primary is dispatched: mirror it (never awaited here)
        rt.shadow.maybe_mirror(ex, request, body, gw.rollouts.on_shadow)
    outcome = status_outcome(upstream.status)
    try:
        ctype = media_type(upstream.headers.get(hdrs.CONTENT_TYPE, ""))
        if needs_text and upstream.status >= 400:
            resp = await screen_error(request, ex, rt, upstream, ctype)
        elif needs_text and not readable_answer(upstream.headers, ctype):
            resp = unreadable_answer(ex)
        elif ctype == EVENT_STREAM:
            guard = rt.chain.stream_guard(ex) if upstream.status < 400 else None
            resp = await stream_answer(request, ex, rt, upstream, guard, pool)
        elif needs_text and upstream.status < 400 and ctype == JSON:
            resp = await screen_complete(ex, rt, upstream, pool, answer_limit(gw))
        elif pin is not None and upstream.status < 400 and ctype == JSON:
            resp = await pass_pinned(ex, rt, upstream, pool, answer_limit(gw))
        else:
            resp = await pass_through(request, ex, rt, upstream)
    except _Finish:
        raise
    except ConnectionResetError:
        # The client went away mid-answer; release() below drops the upstream connection.
        ex.stream_outcome = "client_closed"
        return web.Response(status=499), "client_closed"
    except TimeoutError:
        metrics.upstream_errors.labels(pool.name, "timeout").inc()
        raise _Finish("upstream_timeout") from None
    except AnswerTooLargeError:
        metrics.upstream_errors.labels(pool.name, "too_large").inc()
        raise _Finish("answer_too_large") from None
    except UpstreamError:
        metrics.upstream_errors.labels(pool.name, "reset").inc()
        raise _Finish("upstream_unreachable") from None
    finally:
        upstream.release()
        ex.timings["upstream"] = time.perf_counter() - t_up
        pool.duration.observe(ex.timings["upstream"])
    if ex.stream_outcome:
        outcome = ex.stream_outcome
    return resp, outcome


async def _complete(gen: Generation, ex: Exchange) -> None:
    """Give the route's request filters their after-the-answer hook (token accounting)."""
    rt = gen.routes.get(ex.route)
    if rt is None:
        return
    for f in rt.chain.completing:
        try:
            await f.on_complete(ex)
        except Exception:
            log.exception("on_complete of filter %s failed", f.name)


def _account(ex: Exchange, gw: Gateway | None, gen: Generation | None, outcome: str, status: int) -> None:
    """Metrics and the access line, once per request, from the exchange's one summary."""
    summary = ex.summarize(outcome, status)
    route = ex.route or "none"
    total = summary.duration_s
    over = max(total - (summary.upstream_s or 0.0), 0.0)
    metrics.count_request(
        route, ex.variant, outcome, total, over, ex.timings.get("ttfb") if ex.stream else None
    )
    if ex.decisions:
        metrics.count_decisions(ex.decisions)
    for name in ex.degraded:
        metrics.child(metrics.degraded_total, route, name).inc()
    if gw is not None:
        for observe in gw.observers:
            try:
                observe(ex, outcome, status)
            except Exception:
                log.exception("exchange observer %r failed", observe)
    metrics.flush_soon(gw is None or gw.inflight == 0)
    if gen is None or gen.access_log:
        access_log.emit(summary)
