"""One keep-alive HTTP/1.1 connection to an upstream: writes a request, parses one answer.

An asyncio.Protocol (no stream reader, no task): `send()` writes the request head and body
and hands back a future for the answer's head; `data_received` parses the status line and
headers (bounded: MAX_HEAD_BYTES), then the body by its framing (Content-Length, chunked
with extensions and trailers, or until close) into the UpstreamResponse
(gateway/dataplane/upstream_answer.py). Anything that is not valid HTTP/1.1 (control
characters in the head, conflicting Content-Length, bytes outside an answer) is an
UpstreamProtocolError and the connection is dropped, never reused. Timeouts: one timer per
connection at most (`arm`), for the idle time between bytes and the request's total.
The pool that owns connections is gateway/dataplane/http_client.py.
"""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING, Any

from multidict import CIMultiDict, CIMultiDictProxy, istr

from gateway.dataplane.upstream_answer import UpstreamResponse
from gateway.upstream_errors import UpstreamError, UpstreamProtocolError, UpstreamResetError

if TYPE_CHECKING:
    from gateway.dataplane.http_client import HttpPool

MAX_HEAD_BYTES = 64 * 1024  # status line + headers of one answer
MAX_CHUNK_LINE = 4096  # a chunk-size line (with extensions) or one trailer line
MAX_TRAILER_BYTES = 64 * 1024
_HEX = re.compile(rb"[0-9A-Fa-f]{1,16}")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # CTLs but HTAB, CR, LF
_KEEPALIVE_TIMEOUT = re.compile(r"timeout\s*=\s*(\d+)", re.IGNORECASE)
# Header names as istr: multidict looks them up without folding the name's case each time.
_CONTENT_LENGTH, _TRANSFER_ENCODING = istr("Content-Length"), istr("Transfer-Encoding")
_CONNECTION, _KEEP_ALIVE = istr("Connection"), istr("Keep-Alive")


def _is_digits(text: str) -> bool:
    """1 to 18 ASCII digits (a status code, a Content-Length). str methods in C instead of a
    fullmatch of [0-9]{1,18}: ~1.2k instructions per call less (two calls per request);
    isascii() because isdigit() also takes Latin-1 superscripts such as '²'."""
    return 0 < len(text) <= 18 and text.isascii() and text.isdigit()


# Body framing of the answer being received.
_NONE, _LENGTH, _CHUNKED, _UNTIL_CLOSE = range(4)
# Chunked decoder states.
_SIZE, _DATA, _DATA_END, _TRAILER = range(4)


class Connection(asyncio.Protocol):
    """One keep-alive connection: writes a request head and body, parses one answer."""

    def __init__(self, pool: HttpPool) -> None:
        self.pool = pool
        self.transport: asyncio.Transport | None = None
        self.buf = bytearray()
        self.head_waiter: asyncio.Future[UpstreamResponse] | None = None
        self.response: UpstreamResponse | None = None
        self.no_body = False  # the request was HEAD: the answer has no body
        self.mode = _NONE
        self.remaining = 0
        self.cstate = _SIZE
        self.trailer_bytes = 0
        self.reusable = True
        self.closed = False
        self.paused = False
        self.idle_since = 0.0
        self.keepalive_s = pool.keepalive_s
        loop = pool._loop
        assert loop is not None
        self.loop = loop
        # Timeouts: one timer per connection at most, re-armed lazily when it fires (see arm()).
        self.timer: asyncio.TimerHandle | None = None
        self.deadline = 0.0  # the current request's total deadline
        self.last_rx = 0.0  # when bytes last arrived
        self.wait_started = 0.0  # when the current wait (head or body) began

    # -- asyncio.Protocol ------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        resp = self._detach(UpstreamResetError("upstream closed the connection before answering"))
        if resp is not None:
            if self.mode == _UNTIL_CLOSE and not self.buf:
                resp._feed_eof()
            else:
                resp._fail(UpstreamResetError("upstream closed the connection in the middle of the answer"))
        self.pool._lost(self)

    def data_received(self, data: bytes) -> None:
        resp = self.response
        self.last_rx = self.loop.time()
        if resp is not None and self.mode == _LENGTH and not self.buf:
            # The common case for body bytes: no copy into the parse buffer.
            n = len(data)
            if n < self.remaining:
                self.remaining -= n
                resp._feed(data)
                return
            if n > self.remaining:
                self.reusable = False  # bytes past the answer: the stream is out of step
                data = data[: self.remaining]
            resp._feed(data)
            self._body_done()
            return
        self.buf += data
        try:
            self._parse()
        except UpstreamProtocolError as exc:
            self._protocol_error(exc)

    # -- request -----------------------------------------------------------------------------
    def send(self, head: bytes, body: bytes, no_body: bool) -> asyncio.Future[UpstreamResponse]:
        assert self.transport is not None
        self.no_body = no_body
        w: asyncio.Future[UpstreamResponse] = self.loop.create_future()
        self.head_waiter = w
        if body:
            self.transport.writelines((head, body))
        else:
            self.transport.write(head)
        return w

    def pause(self) -> None:
        if not self.paused and self.transport is not None and not self.closed:
            self.paused = True
            self.transport.pause_reading()

    def resume(self) -> None:
        if self.paused and self.transport is not None and not self.closed:
            self.paused = False
            self.last_rx = self.loop.time()  # the upstream could not send while we were paused
            self.transport.resume_reading()

    def arm(self, now: float) -> None:
        """A wait begins. Why no timer per wait: a TimerHandle armed and cancelled per request
        is kept (by uvloop and asyncio alike) until its original due time, so at 10k req/s
        with a 30 s idle timeout the gateway held ~170 MB of dead timers. Instead each
        connection has at most one timer; when it fires it either times out the current wait
        or re-arms itself for the wait's true due time."""
        self.wait_started = now
        if self.timer is None:
            self.timer = self.loop.call_at(
                min(now + self.pool.read_idle_timeout_s, self.deadline), self._on_timer
            )

    def _on_timer(self) -> None:
        self.timer = None
        w: asyncio.Future[Any] | None = self.head_waiter
        if w is None and self.response is not None:
            w = self.response._waiter
        if w is None or w.done():
            return  # nothing waits now; the next wait arms a new timer
        due = min(max(self.last_rx, self.wait_started) + self.pool.read_idle_timeout_s, self.deadline)
        if self.loop.time() >= due:
            w.set_exception(TimeoutError())
        else:
            self.timer = self.loop.call_at(due, self._on_timer)

    def abort(self) -> None:
        """Drop the connection (answer abandoned, timeout, cancellation, pool closed). Whoever
        still waits on it is told, rather than left to time out."""
        self.reusable = False
        err = UpstreamResetError("the gateway closed the upstream connection")
        resp = self._detach(err)
        if resp is not None:
            resp._fail(err)
        if self.transport is not None and not self.closed:
            self.transport.close()

    def _detach(self, head_error: UpstreamError) -> UpstreamResponse | None:
        """The exchange on this connection is over: stop its timer, fail a pending wait for the
        head, and hand back the answer in progress (if any) for the caller to end."""
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        w = self.head_waiter
        if w is not None:
            self.head_waiter = None
            if not w.done():
                w.set_exception(head_error)
        resp = self.response
        self.response = None
        return resp

    def usable(self, now: float) -> bool:
        return (
            not self.closed
            and self.transport is not None
            and not self.transport.is_closing()
            and now - self.idle_since < self.keepalive_s
        )

    # -- parsing ---------------------------------------------------------------------------
    def _parse(self) -> None:
        buf = self.buf
        while True:
            if self.response is None:
                if self.head_waiter is None:
                    if buf:  # bytes nobody asked for: this connection cannot be trusted
                        raise UpstreamProtocolError("upstream sent bytes outside an answer")
                    return
                end = buf.find(b"\r\n\r\n")
                if end < 0:
                    if len(buf) > MAX_HEAD_BYTES:
                        raise UpstreamProtocolError("answer head over 64 KiB")
                    return
                if end > MAX_HEAD_BYTES:
                    raise UpstreamProtocolError("answer head over 64 KiB")
                head = buf[:end].decode("latin-1")
                del buf[: end + 4]
                if not self._start_answer(head):
                    continue  # an interim 1xx answer
                if self.mode == _NONE:
                    self._body_done()
                    return
            mode = self.mode
            if mode == _LENGTH:
                if not buf:
                    return
                n = min(self.remaining, len(buf))
                resp = self.response
                assert resp is not None
                chunk = bytes(buf[:n])
                del buf[:n]
                self.remaining -= n
                resp._feed(chunk)
                if self.remaining == 0:
                    self._body_done()
                return
            if mode == _CHUNKED:
                self._parse_chunked()
                return
            # _UNTIL_CLOSE: everything until the upstream closes is body.
            if buf:
                resp = self.response
                assert resp is not None
                chunk = bytes(buf)
                buf.clear()
                resp._feed(chunk)
            return

    def _start_answer(self, head: str) -> bool:
        """Parse a status line and headers; False for an interim 1xx answer (skipped)."""
        # NUL and other control bytes are invalid in a head (RFC 9110 5.5); passed on they made
        # aiohttp drop the client connection after the access line said 200. A line that is
        # printable (str.isprintable, one pass in C) has none, nor a stray CR or LF; only the
        # rare line with a tab or a Latin-1 letter is searched with the pattern. Searching
        # every head with it cost ~4k instructions per request under callgrind.
        lines = head.split("\r\n")
        status_line = lines[0]
        if not status_line.isprintable() and _CONTROL.search(status_line) is not None:
            raise UpstreamProtocolError("control character in the answer head")
        if status_line[:8] not in ("HTTP/1.1", "HTTP/1.0") or status_line[12:13] not in ("", " "):
            raise UpstreamProtocolError(f"bad status line {status_line[:80]!r}")
        code = status_line[9:12]
        if status_line[8:9] != " " or not _is_digits(code):
            raise UpstreamProtocolError(f"bad status line {status_line[:80]!r}")
        status = int(code)
        if not 100 <= status <= 599:
            raise UpstreamProtocolError(f"status code {status} outside 100-599")
        pairs = []
        for line in lines[1:]:
            if not line.isprintable():
                if _CONTROL.search(line) is not None:
                    raise UpstreamProtocolError("control character in the answer head")
                if "\n" in line or "\r" in line:
                    raise UpstreamProtocolError(f"bad header line {line[:80]!r}")
            name, sep, value = line.partition(":")
            if not sep or not name or " " in name or "\t" in name:
                raise UpstreamProtocolError(f"bad header line {line[:80]!r}")
            pairs.append((name, value.strip(" \t")))
        if status < 200:
            if status == 101:
                raise UpstreamProtocolError("upstream switched protocols; the gateway never asked to")
            return False
        headers = CIMultiDictProxy(CIMultiDict(pairs))
        length: int | None = None
        te = headers.get(_TRANSFER_ENCODING)
        if self.no_body or status == 204 or status == 304:
            self.mode = _NONE
        elif te is not None:
            chunked = te.rsplit(",", 1)[-1].strip().lower() == "chunked"
            self.mode = _CHUNKED if chunked else _UNTIL_CLOSE
            self.cstate = _SIZE
            self.trailer_bytes = 0
        else:
            values = headers.getall(_CONTENT_LENGTH, ())
            if values:
                if len(values) == 1 and "," not in values[0]:  # the usual case: one plain value
                    text = values[0].strip()
                else:
                    parts = {p.strip() for v in values for p in v.split(",")}
                    if len(parts) != 1:
                        raise UpstreamProtocolError("conflicting Content-Length values")
                    text = parts.pop()
                if not _is_digits(text):
                    raise UpstreamProtocolError(f"bad Content-Length {text[:40]!r}")
                length = int(text)
                self.mode = _LENGTH if length else _NONE
                self.remaining = length
            else:
                self.mode = _UNTIL_CLOSE
        connection = headers.get(_CONNECTION, "").lower()
        http10 = status_line[7] == "0"
        if "close" in connection or (http10 and "keep-alive" not in connection) or self.mode == _UNTIL_CLOSE:
            self.reusable = False
        keep_alive = headers.get(_KEEP_ALIVE)
        if keep_alive is not None:
            m = _KEEPALIVE_TIMEOUT.search(keep_alive)
            if m is not None:  # leave a second of margin before the upstream's own timeout
                self.keepalive_s = min(self.pool.keepalive_s, max(int(m.group(1)) - 1, 0))
        resp = UpstreamResponse(status, status_line[13:], headers, length)
        resp._conn = self
        self.response = resp
        w = self.head_waiter
        self.head_waiter = None
        if w is not None and not w.done():
            w.set_result(resp)
        return True

    def _parse_chunked(self) -> None:
        """Decode what is buffered, up to the end of the body."""
        buf = self.buf
        resp = self.response
        assert resp is not None
        while True:
            state = self.cstate
            if state == _DATA:
                if not buf:
                    return
                n = min(self.remaining, len(buf))
                chunk = bytes(buf[:n])
                del buf[:n]
                self.remaining -= n
                if self.remaining == 0:
                    self.cstate = _DATA_END
                resp._feed(chunk)
            elif state == _SIZE:
                i = buf.find(b"\r\n")
                if i < 0:
                    if len(buf) > MAX_CHUNK_LINE:
                        raise UpstreamProtocolError("chunk size line too long")
                    return
                size_text = bytes(buf[:i]).split(b";", 1)[0].strip(b" \t")
                del buf[: i + 2]
                if not _HEX.fullmatch(size_text):
                    raise UpstreamProtocolError(f"bad chunk size {size_text[:20]!r}")
                size = int(size_text, 16)
                if size == 0:
                    self.cstate = _TRAILER
                else:
                    self.remaining = size
                    self.cstate = _DATA
            elif state == _DATA_END:
                if len(buf) < 2:
                    return
                if buf[:2] != b"\r\n":
                    raise UpstreamProtocolError("chunk not followed by CRLF")
                del buf[:2]
                self.cstate = _SIZE
            else:  # _TRAILER: header lines after the last chunk, ended by an empty line
                i = buf.find(b"\r\n")
                if i < 0:
                    if len(buf) > MAX_CHUNK_LINE:
                        raise UpstreamProtocolError("trailer line too long")
                    return
                del buf[: i + 2]
                if i == 0:
                    self._body_done()
                    return
                self.trailer_bytes += i + 2
                if self.trailer_bytes > MAX_TRAILER_BYTES:
                    raise UpstreamProtocolError("trailers over 64 KiB")

    def _body_done(self) -> None:
        resp = self.response
        self.response = None
        if self.buf:
            self.reusable = False  # bytes past the answer: the stream is out of step
            self.buf.clear()
        if self.paused:
            self.resume()
        if resp is not None:
            resp._feed_eof()
        if self.reusable:
            self.pool._release(self)
        elif self.transport is not None and not self.closed:
            self.transport.close()

    def _protocol_error(self, exc: UpstreamProtocolError) -> None:
        resp = self._detach(exc)
        if resp is not None:
            resp._fail(exc)
        self.abort()
