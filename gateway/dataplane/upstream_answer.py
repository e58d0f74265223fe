"""An upstream's answer as the gateway reads it: the head parsed, the body buffered and taken.

The connection (gateway/dataplane/http_connection.py) feeds body bytes in as they arrive;
the data path takes them with `read()` (a whole answer, optionally bounded) or `iter_any()`
(chunks as they come, for streams). The buffer is bounded for streams: past HIGH_WATER
bytes the connection stops reading the socket until the reader catches up (backpressure
reaches the upstream through TCP), while `read()` keeps everything it was asked for (its
own `limit` bounds it). `release()` ends the answer: a body not read to its end means the
connection's state is unknown, so it is closed, never reused.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from multidict import CIMultiDictProxy

from gateway.upstream_errors import AnswerTooLargeError

if TYPE_CHECKING:
    from gateway.dataplane.http_connection import Connection

HIGH_WATER = 256 * 1024  # buffered answer bytes before the socket stops being read (streams)


class UpstreamResponse:
    """An answer whose head has arrived; the body is read with read() or iter_any()."""

    __slots__ = (
        "status",
        "reason",
        "headers",
        "content_length",
        "_conn",
        "_chunks",
        "_size",
        "_eof",
        "_exc",
        "_waiter",
        "_whole",
        "tee",
    )

    def __init__(
        self, status: int, reason: str, headers: CIMultiDictProxy[str], content_length: int | None
    ) -> None:
        self.status = status
        self.reason = reason
        self.headers = headers
        self.content_length = content_length
        self._conn: Connection | None = None
        self._chunks: deque[bytes] = deque()
        self._size = 0
        self._eof = False
        self._exc: BaseException | None = None
        self._waiter: asyncio.Future[None] | None = None
        self._whole = False  # read() keeps everything: never pause the socket for it
        self.tee: Any = None  # an object with add(bytes): gets a copy of every body byte taken

    # -- fed by the connection -------------------------------------------------------------
    def _feed(self, data: bytes) -> None:
        self._chunks.append(data)
        self._size += len(data)
        w = self._waiter
        if w is not None and not w.done():
            w.set_result(None)
        if self._size > HIGH_WATER and not self._whole and self._conn is not None:
            self._conn.pause()

    def _feed_eof(self) -> None:
        self._eof = True
        self._conn = None
        w = self._waiter
        if w is not None and not w.done():
            w.set_result(None)

    def _fail(self, exc: BaseException) -> None:
        self._exc = exc
        self._conn = None
        w = self._waiter
        if w is not None and not w.done():
            w.set_result(None)

    # -- read by the gateway ---------------------------------------------------------------
    async def _wait(self) -> None:
        """Wait for more of the body; the connection's timer bounds the silence and the total."""
        conn = self._conn
        assert conn is not None  # a body still in progress is still attached to its connection
        loop = conn.loop
        now = loop.time()
        if now >= conn.deadline:
            raise TimeoutError()
        w = loop.create_future()
        self._waiter = w
        conn.arm(now)
        try:
            await w
        finally:
            self._waiter = None

    def _take(self) -> bytes:
        """Everything buffered, as one bytes object (no copy when it arrived in one piece)."""
        chunks = self._chunks
        data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
        chunks.clear()
        self._size = 0
        if self.tee is not None:
            self.tee.add(data)
        return data

    async def read(self, limit: int | None = None) -> bytes:
        """The whole body; with `limit`, AnswerTooLargeError as soon as it is known to be
        longer (from the Content-Length, or once more bytes than that have arrived: at most
        one socket read past the limit is ever held)."""
        if limit is not None and self.content_length is not None and self.content_length > limit:
            self.release()
            raise AnswerTooLargeError(f"answer of {self.content_length} bytes, limit {limit}")
        self._whole = True
        conn = self._conn
        if conn is not None and conn.paused:
            conn.resume()
        while not self._eof:
            if self._exc is not None:
                raise self._exc
            if limit is not None and self._size > limit:
                self.release()
                raise AnswerTooLargeError(f"answer over {limit} bytes")
            await self._wait()
        if limit is not None and self._size > limit:
            self.release()
            raise AnswerTooLargeError(f"answer over {limit} bytes")
        return self._take()

    async def iter_any(self) -> AsyncIterator[bytes]:
        """Body bytes as they arrive (chunked framing already removed)."""
        while True:
            if self._chunks:
                data = self._take()
                conn = self._conn
                if conn is not None and conn.paused:
                    conn.resume()
                yield data
            elif self._exc is not None:
                raise self._exc
            elif self._eof:
                return
            else:
                await self._wait()

    def release(self) -> None:
        """Done with this answer. A body not read to its end means the connection's state is
        unknown: it is closed, never reused."""
        conn = self._conn
        if conn is not None:
            self._conn = None
            conn.abort()
        self._chunks.clear()

    async def __aenter__(self) -> UpstreamResponse:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.release()
