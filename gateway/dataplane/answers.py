"""Answers: how an upstream response reaches the client.

Four shapes, cheapest first: untouched bytes (one write for small sized bodies, chunks
otherwise); a complete JSON answer read whole because a response filter or a model pin
must see it; an SSE stream passed through chunk by chunk; and an SSE stream screened
through the StreamGuard's held-back window and rewritten event by event. Every path ends
in the finishers (audit) before the last bytes leave.

Three modules: this one, the complete answers and what every answer shares (headers,
refusals, the relay of chunks, the finishers' turn, the writes and usage counts of
streamed events); gateway/dataplane/stream_answers.py, SSE answers and the unscreened
stream flavours (pinned model, metered usage); gateway/dataplane/screened_stream.py, a
stream screened channel by channel through held-back windows.
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
from gateway.exchange import Exchange, Segment
from gateway.protocols import ProtocolError, merge_usage
from gateway.protocols.readers import object_strings
from gateway.protocols.sse import EVENT_STREAM, error_event
from gateway.rollout.traffic import check_model, json_model_of

if TYPE_CHECKING:
    from filters.chain import ChainOutcome
    from gateway.service.gateway import Gateway
    from gateway.service.runtime import RouteRuntime


JSON = "application/json"


_SMALL_BODY = 1 << 20  # answers up to this size with a Content-Length are sent in one write


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


_REQUEST_ID = frozenset({"x-request-id"})


def client_headers(ex: Exchange, upstream: UpstreamResponse, rewritten: bool) -> list[tuple[str, str]]:
    """The answer's headers: the upstream's (forward.response_headers) with the ones the
    gateway sets replacing any copy the upstream sent."""
    replaced = _REQUEST_ID
    if ex.response_headers or ex.degraded:
        replaced = replaced | {k.lower() for k in ex.response_headers}
        if ex.degraded:
            replaced = replaced | {"x-aigw-degraded"}
    hdrs = response_headers(upstream.headers, rewritten, replaced)
    hdrs.append(("x-request-id", ex.request_id))
    hdrs += ex.response_headers.items()
    if ex.degraded:
        hdrs.append(("x-aigw-degraded", ",".join(ex.degraded)))
    return hdrs


async def pass_through(
    request: web.Request, ex: Exchange, rt: RouteRuntime, upstream: UpstreamResponse
) -> web.StreamResponse:
    """Forward the answer untouched: one write for small sized bodies, chunks otherwise."""
    length = upstream.content_length
    hdrs = client_headers(ex, upstream, rewritten=False)
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
        await relay(resp, ex, upstream, tap)
    except (TimeoutError, UpstreamError) as exc:
        await cut_answer(request, resp, ex, exc)
        return resp
    await finish_stream(request, resp, ex)
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


async def relay(resp: web.StreamResponse, ex: Exchange, upstream: UpstreamResponse, *taps: Any) -> None:
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


def answer_limit(gw: Gateway) -> int:
    """server.max_answer_bytes of the current config (read from the Gateway the caller has
    at hand: request.app[GATEWAY] is two Python-level lookups more, perf3)."""
    return gw.current.loaded.config.server.max_answer_bytes


async def _read_whole(ex: Exchange, upstream: UpstreamResponse, limit: int) -> bytes:
    """Read a complete answer (at most `limit` bytes: server.max_answer_bytes, else 502
    answer_too_large), handing a copy to the shadow comparison when mirrored."""
    data = await upstream.read(limit)
    tap = ex.shadow_tap
    if tap is not None:
        tap.add(data)
    return data


async def pass_pinned(
    ex: Exchange, rt: RouteRuntime, upstream: UpstreamResponse, pool: Any, limit: int
) -> web.StreamResponse:
    """A JSON answer from an upstream with expect_model: read it whole (at most `limit`
    bytes, answer_limit), check its `model`."""
    data = await _read_whole(ex, upstream, limit)
    ex.observed_model = json_model_of(rt.adapter, data)
    if check_model(ex, pool, ex.observed_model):
        return _model_refused(ex)
    return web.Response(body=data, status=upstream.status, headers=client_headers(ex, upstream, False))


def _read_usage(ex: Exchange, rt: RouteRuntime, data: bytes) -> None:
    """Token budgets need the upstream's usage even when nothing else reads the answer."""
    try:
        doc = orjson.loads(data)
    except orjson.JSONDecodeError:
        return
    ex.usage = rt.adapter.usage(doc) or ex.usage
    ex.observed_model = ex.observed_model or rt.adapter.response_model(doc)


def meter_payload(ex: Exchange, adapter: Any, payload: Any) -> bool:
    """Count one event's answer text and usage; True when the event is to be dropped."""
    ex.streamed_chars += sum(len(p.text) for p in adapter.stream_texts(payload))
    usage = adapter.stream_usage(payload)
    if usage:
        ex.usage = merge_usage(ex.usage, usage)
    return ex.strip_usage and adapter.usage_only(payload)


def settle_usage(ex: Exchange) -> None:
    """No completion count from the upstream: count what streamed (characters / 4), so a
    budget is charged for the answer that was delivered, not for a guess."""
    if ex.streamed_chars and not (ex.usage and "completion_tokens" in ex.usage):
        ex.usage = merge_usage(ex.usage, {"completion_tokens": -(-ex.streamed_chars // 4)})


async def screen_error(
    request: web.Request, ex: Exchange, rt: RouteRuntime, upstream: UpstreamResponse, ctype: str
) -> web.StreamResponse:
    """An upstream error on a route that screens answers: error messages echo the request
    (a validation error quotes the offending value), so they are screened like answers:
    every string of a JSON body, or a text body whole. Anything else cannot be read: 502."""
    length = upstream.content_length
    encoded = not readable_answer(upstream.headers, JSON)
    textual = ctype == JSON or ctype.startswith("text/")
    if encoded or not textual or (length is not None and length > _SMALL_BODY):
        return unreadable_answer(ex)  # the caller releases (drops) the upstream connection
    data = await upstream.read()
    if len(data) > _SMALL_BODY:
        return unreadable_answer(ex)
    try:
        doc: Any = orjson.loads(data) if ctype == JSON else data.decode("utf-8")
    except (orjson.JSONDecodeError, UnicodeDecodeError):
        return unreadable_answer(ex)
    ex.response_texts = []
    if isinstance(doc, str):
        ex.response_texts.append(Segment("output", doc, ()))
    else:
        object_strings(doc, (), "output", ex.response_texts)
    refused = _refused_answer(ex, await rt.chain.run_response(ex))
    if refused is not None:
        return refused
    if ex.response_changed:
        if isinstance(doc, str):
            data = ex.response_texts[0].text.encode()
        else:
            rt.adapter.write_back(doc, ex.response_texts)
            data = orjson.dumps(doc)
    hdrs = client_headers(ex, upstream, rewritten=ex.response_changed)
    return web.Response(body=data, status=upstream.status, headers=hdrs)


def readable_answer(headers: Any, ctype: str) -> bool:
    """Can the response filters read this answer? JSON or SSE (media types compared without
    case and parameters, by the caller) in the identity encoding the gateway asked for."""
    if ctype != JSON and ctype != EVENT_STREAM:
        return False
    encoding = headers.get("Content-Encoding", "")
    return not encoding or encoding.strip().lower() == "identity"


def _model_refused(ex: Exchange) -> web.Response:
    err = errors.lookup("model_mismatch")
    ex.stream_outcome = err.outcome
    ex.error = err.code
    return error_response(err, ex)


async def refuse_stream_model(resp: web.StreamResponse, ex: Exchange, protocol: str) -> None:
    """Headers are gone: end a pinned stream whose model is wrong with an error event."""
    err = errors.lookup("model_mismatch")
    ex.stream_outcome = err.outcome
    ex.error = err.code
    await resp.write(error_event(protocol, err.code, err.message, ex.request_id))


async def finish_stream(request: web.Request, resp: web.StreamResponse, ex: Exchange) -> None:
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


def _refused_answer(ex: Exchange, outcome: ChainOutcome) -> web.Response | None:
    """The client's answer when the response filters blocked or failed on a complete answer."""
    if outcome.blocked is not None:
        err = errors.for_block_reason(outcome.blocked.reason)
        ex.stream_outcome = err.outcome
        return error_response(err, ex, f"The answer was blocked by policy: {outcome.blocked.reason}.")
    if outcome.failed is not None:
        ex.stream_outcome = "filter_failure"
        return error_response(errors.lookup("filter_unavailable"), ex)
    return None


async def screen_complete(
    ex: Exchange, rt: RouteRuntime, upstream: UpstreamResponse, pool: Any, limit: int
) -> web.StreamResponse:
    """A complete JSON answer with response filters (at most `limit` bytes, answer_limit):
    parse, screen, rewrite if needed."""
    data = await _read_whole(ex, upstream, limit)
    try:
        doc = orjson.loads(data)
        if rt.adapter.unscreened_in_answer(doc):
            raise ProtocolError((), "the answer carries text outside the screened channels")
        ex.response_texts = rt.adapter.extract_response(doc)
        ex.observed_model = rt.adapter.response_model(doc)
        ex.usage = rt.adapter.usage(doc)
    except (orjson.JSONDecodeError, ProtocolError):
        # Not what the protocol promised: the filters cannot read it, so it must not pass.
        return unreadable_answer(ex)
    ex.response_doc = doc
    if check_model(ex, pool, ex.observed_model):
        return _model_refused(ex)
    outcome = await rt.chain.run_response(ex)
    if outcome.blocked is not None or outcome.failed is not None:
        return _refused_answer(ex, outcome)  # type: ignore[return-value]  # not None here
    if ex.response_changed:
        rt.adapter.write_back(doc, ex.response_texts)
        data = orjson.dumps(doc)
    hdrs = client_headers(ex, upstream, rewritten=ex.response_changed)
    return web.Response(body=data, status=upstream.status, headers=hdrs)


async def unreadable_event(resp: web.StreamResponse, ex: Exchange, protocol: str) -> None:
    """A screened stream the gateway cannot read ends here, with an error, never raw."""
    err = errors.lookup("unreadable_answer")
    ex.stream_outcome = err.outcome
    ex.error = err.code
    await resp.write(error_event(protocol, err.code, err.message, ex.request_id))


def unreadable_answer(ex: Exchange) -> web.Response:
    """A complete answer a screening route cannot read (not JSON, not the protocol's shape,
    an unknown media type or an encoding the gateway did not ask for): 502, never raw."""
    err = errors.lookup("unreadable_answer")
    ex.stream_outcome = err.outcome
    ex.error = err.code
    return error_response(err, ex)


async def write_first(resp: web.StreamResponse, ex: Exchange, data: bytes) -> None:
    if "ttfb" not in ex.timings:
        ex.timings["ttfb"] = ex.elapsed()
    await resp.write(data)
