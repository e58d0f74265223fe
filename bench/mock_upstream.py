"""A fast mock LLM upstream for benchmarks: raw asyncio protocol on uvloop, fixed answers.

It must never be the bottleneck, so it does the least an HTTP/1.1 keep-alive server can:
split requests on the header terminator, read Content-Length bytes of body, and write a
precomputed answer.

- Any request whose body contains `"stream": true` (or `"stream":true`) gets a short SSE
  stream (chunked transfer encoding, OpenAI chat.completion.chunk events, then [DONE]).
  A request header `x-mock-delay-ms: N` spaces the events N ms apart (the first event goes
  out with the headers), so a client can measure time to first byte separately from the
  whole stream.
- Any other request (POST /v1/chat/completions or anything else) gets a fixed ~600-byte
  chat.completion JSON answer.
- GET /healthz answers a tiny 200.

    python bench/mock_upstream.py --port 18000
"""

from __future__ import annotations

import argparse
import asyncio
import signal

import orjson

_COMPLETION = orjson.dumps(
    {
        "id": "chatcmpl-bench0000000000000000000000001",
        "object": "chat.completion",
        "created": 1700000000,
        "model": "bench-model-8b",
        "system_fingerprint": "fp_bench",
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": (
                        "Here is a short answer from the benchmark mock. It is long enough to look "
                        "like a real completion: a couple of sentences about rate limits, retries "
                        "with exponential backoff and jitter, and why idempotency keys matter when "
                        "a client cannot tell whether its request was processed."
                    ),
                },
                "logprobs": None,
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 231, "completion_tokens": 58, "total_tokens": 289},
    }
)

_JSON_RESPONSE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
    + str(len(_COMPLETION)).encode()
    + b"\r\n\r\n"
    + _COMPLETION
)

_HEALTH = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"
_BAD = b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
_SSE_HEAD = (
    b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
    b"Transfer-Encoding: chunked\r\n\r\n"
)


def _sse_events() -> list[bytes]:
    base = {
        "id": "chatcmpl-bench0000000000000000000000002",
        "object": "chat.completion.chunk",
        "created": 1700000000,
        "model": "bench-model-8b",
    }
    words = ["Streaming", " answers", " from", " the", " benchmark", " mock", " arrive", " in", " pieces."]
    payloads = [{**base, "choices": [{"index": 0, "delta": {"role": "assistant", "content": ""}}]}]
    payloads += [{**base, "choices": [{"index": 0, "delta": {"content": w}}]} for w in words]
    payloads.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    events = [b"data: " + orjson.dumps(p) + b"\n\n" for p in payloads]
    events.append(b"data: [DONE]\n\n")
    return events


def _chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


_SSE_CHUNKS = [_chunk(e) for e in _sse_events()]
_SSE_END = b"0\r\n\r\n"
_SSE_WHOLE = _SSE_HEAD + b"".join(_SSE_CHUNKS) + _SSE_END


def _header_value(lower: bytes, name: bytes) -> bytes | None:
    """Value of header `name` in a lowercased raw header block, or None. Cheap, no dict."""
    i = lower.find(b"\r\n" + name + b":")
    if i < 0:
        return None
    start = i + len(name) + 3
    end = lower.find(b"\r\n", start)
    return lower[start : end if end >= 0 else len(lower)].strip()


class MockProtocol(asyncio.Protocol):
    __slots__ = ("transport", "buf", "busy", "loop")

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buf = b""
        self.busy = False  # a delayed stream is being written; hold further requests
        self.loop = asyncio.get_running_loop()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None

    def data_received(self, data: bytes) -> None:
        self.buf = self.buf + data if self.buf else data
        if not self.busy:
            self._process()

    def _process(self) -> None:
        t = self.transport
        while t is not None and not self.busy:
            buf = self.buf
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                return
            head = buf[:end].lower()
            cl = _header_value(head, b"content-length")
            try:
                length = int(cl) if cl is not None else 0
            except ValueError:
                t.write(_BAD)
                t.close()
                return
            if cl is None and _header_value(head, b"transfer-encoding") is not None:
                t.write(_BAD)  # chunked request bodies are not needed by any benchmark client
                t.close()
                return
            total = end + 4 + length
            if len(buf) < total:
                return
            body = buf[end + 4 : total]
            self.buf = buf[total:]
            if head.startswith(b"get /healthz"):
                t.write(_HEALTH)
            elif b'"stream": true' in body or b'"stream":true' in body:
                delay = _header_value(head, b"x-mock-delay-ms")
                if delay:
                    self._stream_delayed(float(delay) / 1000.0)
                else:
                    t.write(_SSE_WHOLE)
            else:
                t.write(_JSON_RESPONSE)
            if _header_value(head, b"connection") == b"close":
                t.close()
                return

    def _stream_delayed(self, delay_s: float) -> None:
        assert self.transport is not None
        self.busy = True
        self.transport.write(_SSE_HEAD + _SSE_CHUNKS[0])
        rest = [*_SSE_CHUNKS[1:], _SSE_END]

        def step(i: int) -> None:
            t = self.transport
            if t is None or t.is_closing():
                return
            t.write(rest[i])
            if i + 1 < len(rest):
                self.loop.call_later(delay_s, step, i + 1)
            else:
                self.busy = False
                self._process()

        self.loop.call_later(delay_s, step, 0)


async def serve(host: str, port: int) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(MockProtocol, host, port, backlog=2048, reuse_address=True)
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"mock upstream listening on {host}:{port}", flush=True)
    async with server:
        await stop.wait()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=18000)
    args = p.parse_args()
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvloop is a dependency of the project
        asyncio.run(serve(args.host, args.port))
    else:
        uvloop.run(serve(args.host, args.port))


if __name__ == "__main__":
    main()
