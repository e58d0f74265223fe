"""Server-sent events: split a byte stream into events and rebuild rewritten ones.

Only used when a streamed answer must be read (screening, model pin, usage); untouched
streams are forwarded as the upstream's chunks without parsing.

Parsing follows the WHATWG spec, because a client parses that way and anything the
gateway splits differently is text it did not screen: lines end in CRLF, LF or a lone
CR (a CRLF may be split across two reads), a leading byte-order mark is dropped, and an
unterminated last event is handed out by `finish()` rather than forwarded raw (several
SDKs dispatch it at the end of the body even though browsers do not).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from gateway.protocols.registry import adapter_named
from gateway.upstream_errors import UpstreamProtocolError

EVENT_STREAM = "text/event-stream"
_BOM = b"\xef\xbb\xbf"  # a UTF-8 byte order mark the stream may start with (the SSE spec drops it)
MAX_EVENT_BYTES = 8 << 20  # one event; a Responses `response.completed` snapshot holds the whole answer


class SseTooLarge(UpstreamProtocolError):
    """An event grew past the splitter's bound without ending: the upstream is treated as
    broken (the data path ends the stream with an error event)."""


@dataclass(slots=True)
class SseEvent:
    raw: bytes  # the whole event block (LF line ends) including its terminating blank line
    data: str | None  # joined data lines, None when the block has no data (comments, keep-alives)
    other_lines: tuple[bytes, ...]  # event:, id:, retry: lines kept when rebuilding

    def rebuild(self, payload: object) -> bytes:
        head = b"".join(line + b"\n" for line in self.other_lines)
        return head + b"data: " + orjson.dumps(payload) + b"\n\n"


class SseSplitter:
    """Incremental splitter: feed chunks, get complete events. An event that never ends must
    not grow the buffer without bound: past `max_event_bytes` (default MAX_EVENT_BYTES) the
    splitter raises SseTooLarge; readers of already bounded copies (shadow taps) pass None."""

    def __init__(self, max_event_bytes: int | None = MAX_EVENT_BYTES) -> None:
        self._buf = b""
        self._searched = 0  # bytes of _buf known to hold no blank line: a long event that
        # arrives in many chunks is searched once, not once per chunk
        self._cr = False  # the previous chunk ended in CR: an LF starting this one is its pair
        self._started = False
        self._held = b""  # the first bytes of a stream while they may still become a BOM
        self._max = max_event_bytes

    def feed(self, chunk: bytes) -> Iterator[SseEvent]:
        if not self._started:
            chunk = self._held + chunk
            if len(chunk) < 3 and _BOM.startswith(chunk):  # a BOM cut by the chunking: wait
                self._held = chunk
                return
            self._held = b""
            self._started = True
            if chunk.startswith(_BOM):
                chunk = chunk[3:]
        if self._cr and chunk.startswith(b"\n"):
            chunk = chunk[1:]
        if chunk:
            self._cr = chunk.endswith(b"\r")
        if b"\r" in chunk:
            chunk = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        self._buf += chunk
        while True:
            end = self._buf.find(b"\n\n", max(self._searched - 1, 0))
            if end < 0:
                self._searched = len(self._buf)
                if self._max is not None and len(self._buf) > self._max:
                    # The held bytes stay: a reader that may pass them on unscreened takes rest().
                    raise SseTooLarge(f"SSE event over {self._max} bytes")
                return
            block = self._buf[: end + 2]
            self._buf = self._buf[end + 2 :]
            self._searched = 0
            if block.strip(b"\n"):
                yield _parse_block(block)

    def finish(self) -> SseEvent | None:
        """The unterminated last event (None when the stream ended on an event boundary)."""
        rest, self._buf, self._searched, self._held = self._held + self._buf, b"", 0, b""
        if not rest.strip(b"\n"):
            return None
        return _parse_block(rest.rstrip(b"\n") + b"\n\n")

    def rest(self) -> bytes:
        """Bytes of an unterminated last event (forwarded as they are by unscreened paths)."""
        out, self._buf, self._searched, self._held = self._held + self._buf, b"", 0, b""
        return out


def _parse_block(block: bytes) -> SseEvent:
    data_parts: list[bytes] = []
    other: list[bytes] = []
    for line in block.split(b"\n"):
        if not line:
            continue
        if line.startswith(b"data"):
            value = line[4:]
            if not value:
                data_parts.append(b"")
                continue
            if value.startswith(b":"):
                value = value[1:]
                data_parts.append(value[1:] if value.startswith(b" ") else value)
                continue
        if not line.startswith(b":"):
            other.append(line)
    data = b"\n".join(data_parts).decode("utf-8", "replace") if data_parts else None
    return SseEvent(raw=block, data=data, other_lines=tuple(other))


def json_payloads(body: bytes) -> Iterator[Any]:
    """The JSON payloads of a complete SSE body already bounded by its reader (a shadow copy,
    an audit copy, a golden-set answer): events without data, `[DONE]` and data that is not
    JSON are skipped; an unterminated last event is not included."""
    for event in SseSplitter(None).feed(body):
        if event.data is None or event.data == "[DONE]":
            continue
        try:
            yield orjson.loads(event.data)
        except orjson.JSONDecodeError:
            continue


# `type` of an in-stream error by code, the same for every protocol (a policy reason code, the
# default, is `policy_violation`), matching the error bodies of gateway/dataplane/errors.py.
_STREAM_ERROR_TYPES = {
    "upstream_timeout": "upstream_error",
    "upstream_unreachable": "upstream_error",
    "model_mismatch": "upstream_error",
    "unreadable_answer": "upstream_error",
    "answer_too_large": "upstream_error",
    "filter_unavailable": "service_unavailable",
    "audit_unavailable": "service_unavailable",
}


def error_event(protocol: str, code: str, message: str, request_id: str | None = None) -> bytes:
    """An in-stream error the official SDKs surface as an exception rather than a hang, in the
    shape of the route's protocol (its adapter owns the shape). Like a non-stream error body,
    the message carries the request id."""
    etype = _STREAM_ERROR_TYPES.get(code, "policy_violation")
    if request_id:
        message = f"{message} (request id {request_id})"
    return adapter_named(protocol).error_event(code, message, etype)


def media_type(content_type: str) -> str:
    """`Text/Event-Stream; charset=utf-8` -> `text/event-stream` (RFC 9110: case-insensitive)."""
    return content_type.split(";", 1)[0].strip().lower()
