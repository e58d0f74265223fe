"""A streamed answer screened as it flows: one held-back window per text channel.

Every text channel of a stream (a choice, a content block, a tool call's arguments, a
reasoning stream) gets its own StreamGuard (filters/chain.py), so interleaved channels never
share a window and a pattern split across deltas of one channel is still seen whole. Text
is released only once screened; the snapshots some protocols repeat at the end (echoes) are
screened whole; an event the gateway cannot read ends the stream with an error, never raw.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson
from aiohttp import web

from gateway import metrics
from gateway.dataplane.answers import (
    meter_payload,
    refuse_stream_model,
    settle_usage,
    unreadable_event,
    write_first,
)
from gateway.dataplane.http_client import UpstreamResponse
from gateway.exchange import Exchange
from gateway.protocols import ProtocolError, get_at, set_at
from gateway.protocols.base import StreamText
from gateway.protocols.sse import MAX_EVENT_BYTES, SseSplitter, SseTooLarge, error_event
from gateway.rollout.traffic import check_model

if TYPE_CHECKING:
    from gateway.service.runtime import RouteRuntime


MAX_CHANNELS = 256  # held-back windows per stream (choices x text kinds x tool calls)


class Channels:
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


async def screen_stream(
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
    channels = Channels(rt.chain, ex, guard)

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
            await write_first(
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
            await unreadable_event(resp, ex, adapter.name)
            return True
        if ex.observed_model is None:
            ex.observed_model = adapter.stream_model(payload)
            if check_model(ex, pool, ex.observed_model):
                await refuse_stream_model(resp, ex, adapter.name)
                return True
        if adapter.unscreened_in_answer(payload):
            await unreadable_event(resp, ex, adapter.name)
            return True
        parts = adapter.stream_texts(payload)
        if meter_payload(ex, adapter, payload):
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
                    await write_first(resp, ex, template_event.rebuild(extra))
        echoes = adapter.stream_echoes(payload)
        if echoes:
            if not await _screen_echoes(payload, echoes, channels.guard(("echo",))):
                channels.stopped = channels.guards[("echo",)]
                return False
            changed = True
        if parts and held and closes is None and not echoes and _only_text(adapter, payload, parts):
            return True  # everything this event carried is held back: nothing to send yet
        await write_first(resp, ex, event.rebuild(payload) if changed else event.raw)
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
        await unreadable_event(resp, ex, adapter.name)
        return
    for each in channels.all_guards():
        _record_stream_decisions(ex, each)
    settle_usage(ex)


def _only_text(adapter: Any, payload: Any, parts: list[StreamText]) -> bool:
    """Does the event carry nothing but its (now empty) texts? Then it can be dropped."""
    if len(parts) != 1:
        return False
    return adapter.stream_text_event(payload, parts[0], "") == payload


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
