"""Server-sent events: split a byte stream into events and rebuild rewritten ones.

Only used when a streamed answer must be screened; untouched streams are forwarded as the
upstream's chunks without parsing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import orjson

from gateway.upstream_errors import UpstreamProtocolError

# One event's bytes held while waiting for its blank line (screened and pinned streams parse
# events). A Responses API `response.completed` event repeats the whole answer, so this is
# generous; past it the upstream is treated as broken (the stream ends with an error event).
MAX_EVENT_BYTES = 8 * 1024 * 1024


@dataclass(slots=True)
class SseEvent:
    raw: bytes  # the whole event block including its terminating blank line
    data: str | None  # joined data lines, None when the block has no data (comments, keep-alives)
    other_lines: tuple[bytes, ...]  # event:, id:, retry: lines kept when rebuilding

    def rebuild(self, payload: object) -> bytes:
        head = b"".join(line + b"\n" for line in self.other_lines)
        return head + b"data: " + orjson.dumps(payload) + b"\n\n"


class SseSplitter:
    """Incremental splitter: feed chunks, get complete events; tolerant of CRLF."""

    def __init__(self) -> None:
        self._buf = b""
        self._cr = False  # the last chunk ended in CR: its LF may start the next one
        self._searched = 0  # bytes of _buf already known to hold no blank line (a long event
        # arriving in many chunks is searched once, not once per chunk)

    def feed(self, chunk: bytes) -> Iterator[SseEvent]:
        if self._cr:  # a CRLF cut between two chunks
            chunk, self._cr = b"\r" + chunk, False
        if b"\r" in chunk:
            if chunk.endswith(b"\r"):
                chunk, self._cr = chunk[:-1], True
            chunk = chunk.replace(b"\r\n", b"\n")
        self._buf += chunk
        while True:
            end = self._buf.find(b"\n\n", max(self._searched - 1, 0))
            if end < 0:
                self._searched = len(self._buf)
                if len(self._buf) > MAX_EVENT_BYTES:
                    self._buf, self._searched = b"", 0
                    raise UpstreamProtocolError(f"SSE event over {MAX_EVENT_BYTES} bytes")
                return
            block = self._buf[: end + 2]
            self._buf = self._buf[end + 2 :]
            self._searched = 0
            yield _parse_block(block)

    def rest(self) -> bytes:
        """Bytes of an unterminated last event (forwarded as they are)."""
        out, self._buf, self._searched = self._buf + (b"\r" if self._cr else b""), b"", 0
        self._cr = False
        return out


def _parse_block(block: bytes) -> SseEvent:
    data_parts: list[bytes] = []
    other: list[bytes] = []
    for line in block.split(b"\n"):
        if not line:
            continue
        if line.startswith(b"data:"):
            value = line[5:]
            data_parts.append(value[1:] if value.startswith(b" ") else value)
        elif not line.startswith(b":"):
            other.append(line)
    data = b"\n".join(data_parts).decode("utf-8", "replace") if data_parts else None
    return SseEvent(raw=block, data=data, other_lines=tuple(other))


# `type` of an in-stream error by code, the same for every protocol (a policy reason code, the
# default, is `policy_violation`), matching the error bodies of gateway/dataplane/errors.py.
_STREAM_ERROR_TYPES = {
    "upstream_timeout": "upstream_error",
    "upstream_unreachable": "upstream_error",
    "model_mismatch": "upstream_error",
    "filter_unavailable": "service_unavailable",
    "audit_unavailable": "service_unavailable",
}


def error_event(protocol: str, code: str, message: str, request_id: str | None = None) -> bytes:
    """An in-stream error the official SDKs surface as an exception rather than a hang. Like a
    non-stream error body, the message carries the request id."""
    etype = _STREAM_ERROR_TYPES.get(code, "policy_violation")
    if request_id:
        message = f"{message} (request id {request_id})"
    if protocol.startswith("anthropic"):
        payload = {"type": "error", "error": {"type": etype, "message": message}}
        return b"event: error\ndata: " + orjson.dumps(payload) + b"\n\n"
    payload = {"error": {"message": message, "type": etype, "code": code, "param": None}}
    return b"data: " + orjson.dumps(payload) + b"\n\n"
