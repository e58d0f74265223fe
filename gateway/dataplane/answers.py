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
from gateway.exchange import Exchange, Segment
from gateway.protocols import ProtocolError, get_at, merge_usage, set_at
from gateway.protocols.base import StreamText
from gateway.protocols.readers import object_strings
from gateway.protocols.sse import EVENT_STREAM, MAX_EVENT_BYTES, SseSplitter, SseTooLarge, error_event
from gateway.rollout.traffic import check_model, json_model_of, stream_model_of

if TYPE_CHECKING:
    from filters.chain import ChainOutcome
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
            await _write_first(resp, ex, chunk)
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
                await _write_first(resp, ex, event.raw)
                continue
            try:
                payload = orjson.loads(event.data)
            except orjson.JSONDecodeError:
                await _write_first(resp, ex, event.raw)
                continue
            if pinned and ex.observed_model is None:
                ex.observed_model = adapter.stream_model(payload)
                if check_model(ex, pool, ex.observed_model):
                    await _refuse_stream_model(resp, ex, adapter.name)
                    return
            if not _meter_payload(ex, adapter, payload):
                await _write_first(resp, ex, event.raw)
        if held:
            await _write_first(resp, ex, held)
    rest = splitter.rest() if splitter is not None else b""
    if rest:
        await resp.write(rest)
    _settle_usage(ex)


def _meter_payload(ex: Exchange, adapter: Any, payload: Any) -> bool:
    """Count one event's answer text and usage; True when the event is to be dropped."""
    ex.streamed_chars += sum(len(p.text) for p in adapter.stream_texts(payload))
    usage = adapter.stream_usage(payload)
    if usage:
        ex.usage = merge_usage(ex.usage, usage)
    return ex.strip_usage and adapter.usage_only(payload)


def _settle_usage(ex: Exchange) -> None:
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
    hdrs = _client_headers(ex, upstream, rewritten=ex.response_changed)
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
    request: web.Request, ex: Exchange, rt: RouteRuntime, upstream: UpstreamResponse, pool: Any
) -> web.StreamResponse:
    """A complete JSON answer with response filters: parse, screen, rewrite if needed."""
    data = await _read_whole(ex, upstream, _answer_limit(request))
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
    refused = _refused_answer(ex, await rt.chain.run_response(ex))
    if refused is not None:
        return refused
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
    metered = rt.chain.wants_usage and upstream.status < 400
    try:
        if guard is not None:
            await _stream_guarded(resp, ex, rt, upstream, guard, pool, tap)
        elif metered:
            await _stream_metered(resp, ex, rt, upstream, pool, tap)
        elif pool.cfg.expect_model is not None and upstream.status < 400:
            await _stream_pinned(resp, ex, rt, upstream, pool, tap)
        else:
            await _relay(resp, ex, upstream, tap)
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


MAX_CHANNELS = 256  # held-back windows per stream (choices x text kinds x tool calls)


class _Channels:
    """One StreamGuard per text channel of a stream (a choice, a content block, a tool
    call's arguments, a reasoning stream): interleaved channels never share a window, and
    a pattern split across deltas of one channel is still seen whole. The template of a
    channel is its last event, used to release held text when the channel ends."""

    def __init__(self, chain: Any, ex: Exchange, first: Any) -> None:
        self.chain, self.ex = chain, ex
        self._spare: Any = first
        self.guards: dict[tuple[Any, ...], Any] = {}
        self.templates: dict[tuple[Any, ...], tuple[Any, Any, StreamText]] = {}
        self.stopped: Any = None  # the guard that blocked or failed

    def guard(self, channel: tuple[Any, ...]) -> Any:
        g = self.guards.get(channel)
        if g is None:
            if len(self.guards) >= MAX_CHANNELS:
                raise ProtocolError((), f"more than {MAX_CHANNELS} text channels in one stream")
            g, self._spare = (self._spare or self.chain.stream_guard(self.ex)), None
            self.guards[channel] = g
        return g

    async def feed(self, part: StreamText, payload: Any, event: Any) -> str | None:
        g = self.guard(part.channel)
        released = await g.feed(part.text)
        if g.blocked or g.failed:
            self.stopped = g
            return None
        self.templates[part.channel] = (payload, event, part)
        return released

    async def close(self, prefix: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], str]] | None:
        """Screen and release what the channels under `prefix` still hold; None if a filter
        stopped the stream."""
        out: list[tuple[tuple[Any, ...], str]] = []
        for channel in [c for c in self.guards if c[: len(prefix)] == prefix]:
            g = self.guards[channel]
            rest = await g.finish()
            if g.blocked or g.failed:
                self.stopped = g
                return None
            if rest:
                out.append((channel, rest))
        return out

    def all_guards(self) -> list[Any]:
        return list(self.guards.values()) or ([self._spare] if self._spare is not None else [])


async def _stream_guarded(
    resp: web.StreamResponse,
    ex: Exchange,
    rt: RouteRuntime,
    upstream: UpstreamResponse,
    guard: Any,
    pool: Any,
    tap: Any,
) -> None:
    """Screen a stream event by event: every text channel through its own held-back window,
    echoes of the whole text screened whole, and anything the gateway cannot read (bytes
    that are not JSON, an event past the size bound) ends the stream with an error."""
    adapter = rt.adapter
    splitter = SseSplitter(MAX_EVENT_BYTES)
    channels = _Channels(rt.chain, ex, guard)

    async def stop() -> None:
        g = channels.stopped or guard
        d = g.blocked or g.failed
        code = "filter_unavailable" if g.failed else (d.reason or "policy_violation")
        ex.stream_outcome = "filter_failure" if g.failed else "blocked"
        ex.error = code
        for each in channels.all_guards():
            _record_stream_decisions(ex, each)
        await resp.write(
            error_event(adapter.name, code, f"The answer was stopped by policy: {code}.", ex.request_id)
        )

    async def release(prefix: tuple[Any, ...], skip: frozenset[Any] = frozenset()) -> bool:
        """Write what ended channels hold, each in an event of its own channel."""
        rests = await channels.close(prefix)
        if rests is None:
            return False
        for channel, rest in rests:
            if channel in skip:
                continue
            template, template_event, part = channels.templates[channel]
            await _write_first(
                resp, ex, template_event.rebuild(adapter.stream_text_event(template, part, rest))
            )
        return True

    async def handle(event: Any) -> bool:
        if event.data is None:
            await resp.write(event.raw)
            return True
        if event.data == "[DONE]":
            if not await release(()):
                return False
            await resp.write(event.raw)
            return True
        try:
            payload = orjson.loads(event.data)
        except orjson.JSONDecodeError:
            await _unreadable_event(resp, ex, adapter.name)
            return True
        if ex.observed_model is None:
            ex.observed_model = adapter.stream_model(payload)
            if check_model(ex, pool, ex.observed_model):
                await _refuse_stream_model(resp, ex, adapter.name)
                return True
        if adapter.unscreened_in_answer(payload):
            await _unreadable_event(resp, ex, adapter.name)
            return True
        parts = adapter.stream_texts(payload)
        if _meter_payload(ex, adapter, payload):
            return True
        changed = False
        held = True
        for part in parts:
            released = await channels.feed(part, payload, event)
            if released is None:
                return False
            if released != part.text:
                set_at(payload, part.path, released)
                changed = True
            held = held and not released
        closes = adapter.stream_closes(payload)
        if closes is not None:
            mine = {p.channel: p for p in parts if p.channel[: len(closes)] == closes}
            rests = await channels.close(closes)
            if rests is None:
                return False
            for channel, rest in rests:
                if channel in mine:  # this event ends its own channel: append the rest to it
                    part = mine[channel]
                    set_at(payload, part.path, get_at(payload, part.path) + rest)
                    changed, held = True, False
                else:
                    template, template_event, tpart = channels.templates[channel]
                    extra = adapter.stream_text_event(template, tpart, rest)
                    await _write_first(resp, ex, template_event.rebuild(extra))
        echoes = adapter.stream_echoes(payload)
        if echoes:
            if not await _screen_echoes(payload, echoes, channels.guard(("echo",))):
                channels.stopped = channels.guards[("echo",)]
                return False
            changed = True
        if parts and held and closes is None and not echoes and _only_text(adapter, payload, parts):
            return True  # everything this event carried is held back: nothing to send yet
        await _write_first(resp, ex, event.rebuild(payload) if changed else event.raw)
        return True

    try:
        async for chunk in upstream.iter_any():
            if tap is not None:
                tap.add(chunk)
            for event in splitter.feed(chunk):
                if not await handle(event):
                    await stop()
                    return
                if ex.stream_outcome:
                    return
        last = splitter.finish()
        if last is not None and (not await handle(last)):
            await stop()
            return
        if ex.stream_outcome:
            return
        if not await release(()):
            await stop()
            return
    except (SseTooLarge, ProtocolError):
        await _unreadable_event(resp, ex, adapter.name)
        return
    for each in channels.all_guards():
        _record_stream_decisions(ex, each)
    _settle_usage(ex)


def _only_text(adapter: Any, payload: Any, parts: list[StreamText]) -> bool:
    """Does the event carry nothing but its (now empty) texts? Then it can be dropped."""
    if len(parts) != 1:
        return False
    return adapter.stream_text_event(payload, parts[0], "") == payload


async def _unreadable_event(resp: web.StreamResponse, ex: Exchange, protocol: str) -> None:
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
