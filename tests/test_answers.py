"""Complete answers (gateway/dataplane/answers.py) through a real gateway and mock upstream:
the headers the client gets, a pinned model, an answer a screening route cannot read, an
upstream error on a screening route, and a rewritten answer's length."""

from __future__ import annotations

import base64
from typing import Any

import orjson
from harness import running_gateway

CFG = """
version: 1
upstreams:
  mock: {url: "MOCK_URL"}
  pinned: {url: "MOCK_URL", expect_model: "gpt-4o*", on_model_mismatch: block}
filters:
  redact: {type: keywords, deny: [MARKERX], action: redact, replacement: "[R]"}
routes:
  - {name: pinned, match: {path: /v1/chat/completions, headers: {x-route: pinned}}, upstream: pinned}
  - {name: screened, match: {path: /v1/chat/completions, headers: {x-route: screened}},
     response_filters: [redact], upstream: mock}
  - {name: plain, match: {path: /v1/chat/completions}, upstream: mock}
"""
CHAT = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}


def raw(body: bytes, ctype: str = "application/json", **extra: str) -> dict[str, str]:
    return {"x-mock-raw": base64.b64encode(body).decode(), "x-mock-content-type": ctype, **extra}


async def post(gw: Any, headers: dict[str, str]) -> tuple[int, Any, bytes]:
    async with gw.client.post(gw.url + "/v1/chat/completions", json=CHAT, headers=headers) as r:
        return r.status, r.headers, await r.read()


async def test_untouched_answer_headers() -> None:
    async with running_gateway(CFG) as gw:
        # The mock's own headers plus x-request-id: the upstream's copy is replaced, not doubled.
        status, headers, body = await post(gw, {"x-request-id": "rid-7"})
        assert status == 200 and orjson.loads(body)["choices"]
        assert headers.getall("x-request-id") == ["rid-7"]
        assert headers["Content-Length"] == str(len(body))
        assert headers.get("x-mock-upstream") == "mock"  # the upstream's other headers pass


async def test_a_pinned_upstream_answering_another_model_is_refused() -> None:
    async with running_gateway(CFG) as gw:
        status, _, body = await post(gw, {"x-route": "pinned"})
        assert status == 200 and orjson.loads(body)["model"] == "gpt-4o"
        status, _, body = await post(gw, {"x-route": "pinned", "x-mock-model": "llama-3"})
        assert status == 502 and orjson.loads(body)["error"]["code"] == "model_mismatch"


async def test_a_screened_answer_is_rewritten_with_its_new_length() -> None:
    answer = {
        "model": "m",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "a MARKERX b"}}],
    }
    async with running_gateway(CFG) as gw:
        status, headers, body = await post(gw, {"x-route": "screened", **raw(orjson.dumps(answer))})
        assert status == 200 and orjson.loads(body)["choices"][0]["message"]["content"] == "a [R] b"
        assert headers["Content-Length"] == str(len(body))


async def test_answers_a_screening_route_cannot_read_fail_closed() -> None:
    async with running_gateway(CFG) as gw:
        for headers in (
            raw(b"MARKERX as plain text", "text/plain"),  # not the protocol's media type
            raw(b'{"choices": "MARKERX"}'),  # JSON, not the protocol's shape
            raw(b"{not json MARKERX"),
            raw(b'{"choices": []}', **{"x-mock-content-encoding": "gzip"}),  # an encoding never asked for
        ):
            status, _, body = await post(gw, {"x-route": "screened", **headers})
            assert status == 502 and b"MARKERX" not in body
            assert orjson.loads(body)["error"]["code"] == "unreadable_answer"


async def test_upstream_errors_on_a_screening_route_are_screened_or_refused() -> None:
    async with running_gateway(CFG) as gw:
        echo = orjson.dumps({"error": {"message": "bad value MARKERX"}})
        status, _, body = await post(gw, {"x-route": "screened", **raw(echo, **{"x-mock-status": "400"})})
        assert status == 400 and b"MARKERX" not in body and b"[R]" in body
        page = raw(b"<html>upstream says MARKERX</html>", "text/html", **{"x-mock-status": "502"})
        status, _, body = await post(gw, {"x-route": "screened", **page})
        assert status == 502 and body == b"<html>upstream says [R]</html>"  # text is screened whole
        blob = raw(b"\x00MARKERX", "application/octet-stream", **{"x-mock-status": "500"})
        status, _, body = await post(gw, {"x-route": "screened", **blob})
        assert status == 502 and orjson.loads(body)["error"]["code"] == "unreadable_answer"
        # on a route that does not screen answers, the upstream's error passes unchanged
        status, _, body = await post(gw, blob)
        assert status == 500 and body == b"\x00MARKERX"
