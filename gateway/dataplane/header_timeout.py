"""A bound on how long a client may take to send a request's headers (slowloris defence).

aiohttp arms only its keep-alive timer when a connection opens (`keepalive_timeout`, an
hour by default in aiohttp 3.14), so a client that trickles header bytes holds a
connection and its buffers that long. `server.client_header_timeout_s` closes a connection
whose request head (up to the blank line) has not fully arrived in that time: the first
request's from the moment the connection opens, a kept-alive connection's next request's
from its first byte (idle keep-alive time between requests is aiohttp's keep-alive timer).

The guard is a thin asyncio protocol in front of aiohttp's RequestHandler: it forwards
every callback unchanged and only watches for the end of each head. A chunk that carries
a whole head (the usual case on a kept-alive connection) costs one `bytes.find` and arms
no timer; only a head split over several chunks is timed.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiohttp import web

log = logging.getLogger("aigw.server")

_END = b"\r\n\r\n"


class _HeaderGuard(asyncio.Protocol):
    __slots__ = ("_inner", "_timeout", "_timer", "_tail", "_transport")

    def __init__(self, inner: Any, timeout_s: float) -> None:
        self._inner = inner
        self._timeout = timeout_s
        self._timer: asyncio.TimerHandle | None = None
        self._tail = b""
        self._transport: asyncio.BaseTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self._transport = transport
        self._timer = asyncio.get_running_loop().call_later(self._timeout, self._expire)
        self._inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        if self._timer is not None:  # a head is arriving in pieces (rare after the first)
            window = self._tail + data
            if window.find(_END) >= 0:
                self._timer.cancel()
                self._timer = None
                self._tail = b""
            else:
                self._tail = window[-3:]
        elif data and data.find(_END) < 0 and self._idle():
            # The next request on a kept-alive connection started without its whole head:
            # time it too. A head that arrives in one piece (the usual case) arms nothing.
            self._timer = asyncio.get_running_loop().call_later(self._timeout, self._expire)
            self._tail = data[-3:]
        self._inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self._inner.eof_received()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._inner.connection_lost(exc)

    def pause_writing(self) -> None:
        self._inner.pause_writing()

    def resume_writing(self) -> None:
        self._inner.resume_writing()

    def _idle(self) -> bool:
        """No request queued or being handled (aiohttp internals; unknown -> not idle, so a
        future aiohttp without them keeps the first-request guard only)."""
        busy = getattr(self._inner, "_request_in_progress", None)
        queued = getattr(self._inner, "_messages", None)
        return busy is False and queued is not None and not queued

    def _expire(self) -> None:
        self._timer = None
        log.info("closing a connection: request headers not complete after %.1fs", self._timeout)
        if self._transport is not None and not self._transport.is_closing():
            self._transport.close()


class _GuardedFactory:
    """Delegates to aiohttp's web.Server; only the protocol it hands asyncio is wrapped."""

    def __init__(self, server: web.Server, timeout_s: float) -> None:
        self._server = server
        self._timeout = timeout_s

    def __call__(self) -> _HeaderGuard:
        return _HeaderGuard(self._server(), self._timeout)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._server, name)


class HeaderTimeoutRunner(web.AppRunner):
    """web.AppRunner whose connections must deliver their first request head in time."""

    def __init__(self, app: web.Application, *, header_timeout_s: float, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self._header_timeout_s = header_timeout_s

    async def _make_server(self) -> Any:
        server = await super()._make_server()
        if self._header_timeout_s <= 0:
            return server
        return _GuardedFactory(server, self._header_timeout_s)
