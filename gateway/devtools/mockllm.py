"""A hermetic OpenAI/Anthropic/KServe-compatible mock LLM, driven by request headers.

Used by `aigw demo`, the tests and the benchmarks, so everything runs offline. Its answers
echo what it received, which makes "what did the upstream actually see" visible.

Control headers (all optional):
  x-mock-status: N             answer with this status (error body in provider shape)
  x-mock-delay-ms: N           wait before answering (headers included)
  x-mock-reply: TEXT           answer text (default: "echo: <last user text>")
  x-mock-chunks: N             for streams, split the reply into about N chunks (default: word by word)
  x-mock-chunk-delay-ms: N     pause between streamed chunks
  x-mock-model: NAME           `model` in the answer (default: the requested one)
  x-mock-reset-after: N        for streams, drop the connection after N chunks
  x-mock-hang-after-headers: 1 send headers, then never send a body
  x-mock-html-error: 1         with x-mock-status, answer an HTML error page (like a bad proxy)
  x-mock-no-usage: 1           leave `usage` out of a chat completion (token estimates then stand)

Answer book (`MockLLM.answers`, or `start_mock(answers=...)`): (phrase, reply) pairs; the
first phrase found (case-insensitive) in the last user text picks the reply when no
x-mock-reply header is sent. Two mocks with different books are a baseline and a canary
that answer the same request differently, which is how golden-set validation is tested
and demonstrated without a model.
  x-mock-raw: BASE64           answer exactly these bytes (any endpoint), as sent: for misbehaving upstreams
  x-mock-content-type: TYPE    with x-mock-raw: the Content-Type (default application/json)
  x-mock-content-encoding: E   with x-mock-raw: a Content-Encoding header (the bytes are not encoded)
  x-mock-raw-split: N          with x-mock-raw: write the bytes in N-byte pieces, flushing each
"""

from __future__ import annotations

import asyncio
import base64
import time
from collections import deque
from collections.abc import Sequence
from typing import Any

import orjson
from aiohttp import web

from gateway.appkeys import MOCK

MOCK_ID_HEADER = "x-mock-upstream"


def _last_user_text(doc: Any) -> str:
    if not isinstance(doc, dict):
        return ""
    msgs = doc.get("messages")
    if isinstance(msgs, list):
        for m in reversed(msgs):
            if isinstance(m, dict) and m.get("role") == "user":
                c = m.get("content")
                if isinstance(c, str):
                    return c
                if isinstance(c, list):
                    return " ".join(p.get("text", "") for p in c if isinstance(p, dict))
    for key in ("prompt", "input"):
        v = doc.get(key)
        if isinstance(v, str):
            return v
        if isinstance(v, list) and v and isinstance(v[0], str):
            return v[0]
    return ""


def _chunks(text: str, n: int | None) -> list[str]:
    if not text:
        return [""]
    if n is None or n <= 0:
        words = text.split(" ")
        return [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words)]
    size = max(1, -(-len(text) // n))
    return [text[i : i + size] for i in range(0, len(text), size)]


class MockLLM:
    def __init__(self, name: str = "mock", answers: Sequence[tuple[str, str]] = ()) -> None:
        self.name = name
        self.answers: list[tuple[str, str]] = list(answers)  # (phrase, reply); see the module doc
        self.requests: deque[dict[str, Any]] = deque(maxlen=2000)
        self.streams_completed = 0
        self.streams_aborted = 0

    def app(self) -> web.Application:
        app = web.Application(client_max_size=64 << 20)
        app[MOCK] = self
        app.router.add_post("/v1/chat/completions", self.chat)
        app.router.add_post("/v1/completions", self.completions)
        app.router.add_post("/v1/embeddings", self.embeddings)
        app.router.add_post("/v1/messages", self.anthropic)
        app.router.add_post("/v1/responses", self.responses)
        app.router.add_post("/v2/models/{model}/infer", self.kserve)
        app.router.add_get("/healthz", self.health)
        return app

    async def health(self, request: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "upstream": self.name})

    async def _prologue(self, request: web.Request) -> tuple[Any, web.StreamResponse | None]:
        body = await request.read()
        self.requests.append(
            {"path": request.path, "headers": dict(request.headers), "body": body, "at": time.time()}
        )
        h = request.headers
        delay = int(h.get("x-mock-delay-ms", "0"))
        if delay:
            await asyncio.sleep(delay / 1000)
        if "x-mock-raw" in h:
            return None, await self._raw(request)
        status = int(h.get("x-mock-status", "200"))
        if status != 200:
            if h.get("x-mock-html-error"):
                return None, web.Response(
                    status=status,
                    text="<html><body><h1>502 Bad Gateway</h1></body></html>",
                    content_type="text/html",
                )
            return None, web.json_response(
                {
                    "error": {
                        "message": f"mock error {status}",
                        "type": "mock_error",
                        "code": str(status),
                        "param": None,
                    }
                },
                status=status,
                headers={"retry-after": "1"} if status == 429 else None,
            )
        try:
            doc = orjson.loads(body) if body else {}
        except orjson.JSONDecodeError:
            return None, web.json_response(
                {"error": {"message": "bad json", "type": "invalid_request_error"}}, status=400
            )
        return doc, None

    async def _raw(self, request: web.Request) -> web.StreamResponse:
        h = request.headers
        data = base64.b64decode(h["x-mock-raw"])
        headers = {"Content-Type": h.get("x-mock-content-type", "application/json"), **self._headers()}
        if "x-mock-content-encoding" in h:
            headers["Content-Encoding"] = h["x-mock-content-encoding"]
        resp = web.StreamResponse(status=int(h.get("x-mock-status", "200")), headers=headers)
        await resp.prepare(request)
        step = int(h.get("x-mock-raw-split", "0")) or len(data) or 1
        for i in range(0, len(data), step):
            await resp.write(data[i : i + step])
            await asyncio.sleep(0)
        await resp.write_eof()
        return resp

    def _reply(self, request: web.Request, doc: Any) -> tuple[str, str]:
        text = request.headers.get("x-mock-reply") or self._book_reply(doc)
        model = (
            request.headers.get("x-mock-model")
            or (doc.get("model") if isinstance(doc, dict) else None)
            or "mock-model"
        )
        return text, model

    def _book_reply(self, doc: Any) -> str:
        asked = _last_user_text(doc)
        folded = asked.casefold()
        for phrase, reply in self.answers:
            if phrase.casefold() in folded:
                return reply
        return f"echo: {asked}"

    def _headers(self) -> dict[str, str]:
        return {MOCK_ID_HEADER: self.name}

    async def _sse(self, request: web.Request, events: list[bytes]) -> web.StreamResponse:
        h = request.headers
        resp = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache", **self._headers()}
        )
        await resp.prepare(request)
        if h.get("x-mock-hang-after-headers"):
            await asyncio.sleep(3600)
        gap = int(h.get("x-mock-chunk-delay-ms", "0")) / 1000
        reset_after = int(h.get("x-mock-reset-after", "-1"))
        try:
            for i, ev in enumerate(events):
                if i == reset_after:
                    assert request.transport is not None
                    request.transport.abort()
                    return resp
                await resp.write(ev)
                if gap:
                    await asyncio.sleep(gap)
            await resp.write_eof()
        except (ConnectionResetError, asyncio.CancelledError):
            # The gateway dropped us (its client went away): that is what tests look for.
            self.streams_aborted += 1
            raise
        self.streams_completed += 1
        return resp

    async def chat(self, request: web.Request) -> web.StreamResponse:
        doc, err = await self._prologue(request)
        if err is not None:
            return err
        text, model = self._reply(request, doc)
        cid = f"chatcmpl-{self.name}"
        usage = {
            "prompt_tokens": max(1, len(request.headers.get("content-length", "4")) // 4),
            "completion_tokens": max(1, len(text) // 4),
        }
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        if isinstance(doc, dict) and doc.get("stream"):
            parts = _chunks(
                text, int(request.headers["x-mock-chunks"]) if "x-mock-chunks" in request.headers else None
            )
            base = {"id": cid, "object": "chat.completion.chunk", "created": 0, "model": model}
            events = [
                b"data: "
                + orjson.dumps(
                    {
                        **base,
                        "choices": [
                            {"index": 0, "delta": {"role": "assistant", "content": ""}, "finish_reason": None}
                        ],
                    }
                )
                + b"\n\n"
            ]
            for p in parts:
                events.append(
                    b"data: "
                    + orjson.dumps(
                        {**base, "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": None}]}
                    )
                    + b"\n\n"
                )
            events.append(
                b"data: "
                + orjson.dumps({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
                + b"\n\n"
            )
            if isinstance(doc.get("stream_options"), dict) and doc["stream_options"].get("include_usage"):
                events.append(b"data: " + orjson.dumps({**base, "choices": [], "usage": usage}) + b"\n\n")
            events.append(b"data: [DONE]\n\n")
            return await self._sse(request, events)
        payload = {
            "id": cid,
            "object": "chat.completion",
            "created": 0,
            "model": model,
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
            ],
            **({} if request.headers.get("x-mock-no-usage") else {"usage": usage}),
        }
        return web.Response(
            body=orjson.dumps(payload), content_type="application/json", headers=self._headers()
        )

    async def completions(self, request: web.Request) -> web.StreamResponse:
        doc, err = await self._prologue(request)
        if err is not None:
            return err
        text, model = self._reply(request, doc)
        payload = {
            "id": "cmpl-mock",
            "object": "text_completion",
            "model": model,
            "choices": [{"index": 0, "text": text, "finish_reason": "stop"}],
        }
        return web.Response(
            body=orjson.dumps(payload), content_type="application/json", headers=self._headers()
        )

    async def embeddings(self, request: web.Request) -> web.StreamResponse:
        doc, err = await self._prologue(request)
        if err is not None:
            return err
        inputs = doc.get("input") if isinstance(doc, dict) else None
        n = len(inputs) if isinstance(inputs, list) else 1
        data = [{"object": "embedding", "index": i, "embedding": [0.1, 0.2, 0.3]} for i in range(n)]
        payload = {
            "object": "list",
            "data": data,
            "model": doc.get("model", "mock-embed"),
            "usage": {"prompt_tokens": 1, "total_tokens": 1},
        }
        return web.Response(
            body=orjson.dumps(payload), content_type="application/json", headers=self._headers()
        )

    async def anthropic(self, request: web.Request) -> web.StreamResponse:
        doc, err = await self._prologue(request)
        if err is not None:
            return err
        text, model = self._reply(request, doc)
        if isinstance(doc, dict) and doc.get("stream"):

            def ev(name: str, payload: dict[str, Any]) -> bytes:
                return f"event: {name}\n".encode() + b"data: " + orjson.dumps(payload) + b"\n\n"

            parts = _chunks(
                text, int(request.headers["x-mock-chunks"]) if "x-mock-chunks" in request.headers else None
            )
            events = [
                ev(
                    "message_start",
                    {
                        "type": "message_start",
                        "message": {
                            "id": "msg_mock",
                            "type": "message",
                            "role": "assistant",
                            "model": model,
                            "content": [],
                            "stop_reason": None,
                            "usage": {"input_tokens": 5, "output_tokens": 1},
                        },
                    },
                ),
                ev(
                    "content_block_start",
                    {
                        "type": "content_block_start",
                        "index": 0,
                        "content_block": {"type": "text", "text": ""},
                    },
                ),
            ]
            events += [
                ev(
                    "content_block_delta",
                    {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": p}},
                )
                for p in parts
            ]
            events += [
                ev("content_block_stop", {"type": "content_block_stop", "index": 0}),
                ev(
                    "message_delta",
                    {
                        "type": "message_delta",
                        "delta": {"stop_reason": "end_turn"},
                        "usage": {"output_tokens": len(parts)},
                    },
                ),
                ev("message_stop", {"type": "message_stop"}),
            ]
            return await self._sse(request, events)
        payload = {
            "id": "msg_mock",
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": [{"type": "text", "text": text}],
            "stop_reason": "end_turn",
            "usage": {"input_tokens": 5, "output_tokens": max(1, len(text) // 4)},
        }
        return web.Response(
            body=orjson.dumps(payload), content_type="application/json", headers=self._headers()
        )

    async def responses(self, request: web.Request) -> web.StreamResponse:
        doc, err = await self._prologue(request)
        if err is not None:
            return err
        text, model = self._reply(request, doc)
        payload = {
            "id": "resp_mock",
            "object": "response",
            "model": model,
            "output": [
                {"type": "message", "role": "assistant", "content": [{"type": "output_text", "text": text}]}
            ],
        }
        if isinstance(doc, dict) and doc.get("stream"):
            # The Responses API repeats the whole text at the end (output_text.done, completed).
            def ev(name: str, body: dict[str, Any]) -> bytes:
                return (
                    f"event: {name}\n".encode() + b"data: " + orjson.dumps({"type": name, **body}) + b"\n\n"
                )

            parts = _chunks(
                text, int(request.headers["x-mock-chunks"]) if "x-mock-chunks" in request.headers else None
            )
            events = [
                ev("response.created", {"response": {**payload, "output": [], "status": "in_progress"}})
            ]
            events += [
                ev(
                    "response.output_text.delta",
                    {"item_id": "msg_1", "output_index": 0, "content_index": 0, "delta": p},
                )
                for p in parts
            ]
            events.append(
                ev(
                    "response.output_text.done",
                    {"item_id": "msg_1", "output_index": 0, "content_index": 0, "text": text},
                )
            )
            events.append(ev("response.completed", {"response": {**payload, "status": "completed"}}))
            return await self._sse(request, events)
        return web.Response(
            body=orjson.dumps(payload), content_type="application/json", headers=self._headers()
        )

    async def kserve(self, request: web.Request) -> web.StreamResponse:
        doc, err = await self._prologue(request)
        if err is not None:
            return err
        inputs = doc.get("inputs", []) if isinstance(doc, dict) else []
        first = inputs[0].get("data", [""]) if inputs and isinstance(inputs[0], dict) else [""]
        payload = {
            "model_name": request.match_info["model"],
            "outputs": [
                {
                    "name": "text_output",
                    "datatype": "BYTES",
                    "shape": [1],
                    "data": [f"echo: {first[0] if first else ''}"],
                }
            ],
        }
        return web.Response(
            body=orjson.dumps(payload), content_type="application/json", headers=self._headers()
        )


async def start_mock(
    host: str = "127.0.0.1", port: int = 0, name: str = "mock", answers: Sequence[tuple[str, str]] = ()
) -> tuple[web.AppRunner, MockLLM, int]:
    """Start a mock on an (ephemeral) port; returns the runner, the mock and the port."""
    mock = MockLLM(name, answers)
    runner = web.AppRunner(mock.app(), access_log=None, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    server = site._server
    assert server is not None
    sockets: Any = getattr(server, "sockets", None)  # asyncio's and uvloop's Server both have it
    bound_port = sockets[0].getsockname()[1]
    return runner, mock, bound_port
