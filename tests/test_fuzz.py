"""Hypothesis fuzzing of everything that reads untrusted input.

- The running gateway (real servers on loopback): arbitrary bytes and arbitrary JSON on
  every protocol's route never produce a 5xx of the gateway's own (only 2xx passthrough or
  a 4xx with the OpenAI error shape), non-JSON is always 400 `invalid_json`, and the
  worker keeps answering /healthz.
- Protocol adapters: every public method on arbitrary JSON raises only ProtocolError.
- The config loader: arbitrary YAML-ish documents and mutations of a valid config raise
  only ConfigError.

Example counts are bounded so the module runs in a few seconds on two cores.
"""

from __future__ import annotations

import asyncio
import copy
import threading
from collections.abc import Iterator
from concurrent.futures import Future
from typing import Any

import orjson
import pytest
import yaml
from harness import running_gateway
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.config import ConfigError, parse_config
from gateway.protocols import PROTOCOL_NAMES, ProtocolError, get_adapter

# --- strategies ------------------------------------------------------------------------

scalars = st.none() | st.booleans() | st.integers(-(2**63), 2**63) | st.floats(allow_nan=False) | st.text()
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=20,
)
KEYS = ["model", "messages", "role", "content", "input", "prompt", "stream", "system", "type", "text"]
KEYS += ["inputs", "data", "datatype", "shape", "name", "tools", "max_tokens", "instructions", "output"]
shaped = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=6),
    max_leaves=25,
)
documents = json_values | shaped


def _adapter(name: str):
    return get_adapter(name, paths=["inputs", "output=generated_text"] if name == "generic-json" else ())


# --- protocol adapters -----------------------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(PROTOCOL_NAMES), doc=documents)
def test_adapters_raise_only_protocol_error(name: str, doc: Any) -> None:
    adapter = _adapter(name)
    for method in (
        adapter.model,
        adapter.is_stream,
        adapter.extract,
        adapter.extract_response,
        adapter.response_model,
        adapter.usage,
        adapter.stream_segments,
        adapter.stream_echoes,
        adapter.stream_delta,
        adapter.stream_usage,
        adapter.stream_model,
    ):
        work = copy.deepcopy(doc)
        try:
            out = method(work)
        except ProtocolError:
            continue
        if method is adapter.extract or method is adapter.extract_response:
            adapter.write_back(work, out)  # texts written back where they were found
            assert [s.text for s in method(work)] == [s.text for s in out]
    try:
        adapter.set_stream_delta(copy.deepcopy(doc), "x")
    except ProtocolError:
        pass


# --- config loader ---------------------------------------------------------------------

VALID = yaml.safe_load(
    """
version: 1
server: {listen: "127.0.0.1:8080", admin_listen: "127.0.0.1:8081", client_header_timeout_s: 5}
upstreams:
  m: {url: "http://127.0.0.1:9", timeout_s: 5, auth: {value_env: K}}
  c: {url: "http://127.0.0.1:10"}
principals:
  - {name: p, key_sha256: ["75a3c845d91518deab0730512ad0b5c4be785aed9b8b7b911ed6d7a4d0468a44"],
     allow: {routes: [chat]}, limits: {requests_per_minute: 5}}
filters:
  kw: {type: keywords, deny: ["x"], action: block}
  pii: {type: pii, action: redact}
routes:
  - name: chat
    match: {path: /v1/chat/completions, models: ["gpt-*"]}
    protocol: openai-chat
    filters: [access, kw]
    response_filters: [pii]
    upstream: m
    canary: {upstream: c, weight: 5}
    slo: {latency_ms: 2000, percentile: 99, availability: 99.9}
    audit: {sample_rate: 0.1}
audit: {path: /tmp/aigw-fuzz-audit-never-written}
"""
)


def _paths(doc: Any, prefix: tuple = ()) -> Iterator[tuple]:
    yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _paths(v, (*prefix, i))


ALL_PATHS = list(_paths(VALID))[1:]


def _parse_only_config_error(doc: Any) -> None:
    try:
        parse_config(doc)
    except ConfigError as exc:
        assert exc.errors and all(isinstance(e, str) for e in exc.errors)


def test_valid_base_config_parses() -> None:
    parse_config(copy.deepcopy(VALID))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(ALL_PATHS), value=documents, delete=st.booleans())
def test_config_mutations_raise_only_config_error(path: tuple, value: Any, delete: bool) -> None:
    doc = copy.deepcopy(VALID)
    parent = doc
    for step in path[:-1]:
        parent = parent[step]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    _parse_only_config_error(doc)


@settings(max_examples=100, deadline=None)
@given(
    doc=st.dictionaries(
        st.sampled_from(["version", "server", "upstreams", "principals", "filters", "routes", "audit"])
        | st.text(max_size=8),
        documents,
        max_size=6,
    )
    | documents
)
def test_arbitrary_documents_raise_only_config_error(doc: Any) -> None:
    _parse_only_config_error(doc)


# --- the running gateway ---------------------------------------------------------------

GATEWAY = """
version: 1
upstreams:
  mock: {url: "MOCK_URL", timeout_s: 3}
filters:
  kw: {type: keywords, deny: ["forbidden-topic"], action: block}
  red: {type: keywords, deny: ["hunter2"], action: redact}
routes:
  - {name: chat, match: {path: /v1/chat/completions}, protocol: openai-chat, filters: [kw, red], response_filters: [red], upstream: mock}
  - {name: completions, match: {path: /v1/completions}, protocol: openai-completions, filters: [kw, red], upstream: mock}
  - {name: embeddings, match: {path: /v1/embeddings}, protocol: openai-embeddings, filters: [kw, red], upstream: mock}
  - {name: responses, match: {path: /v1/responses}, protocol: openai-responses, filters: [kw, red], upstream: mock}
  - {name: messages, match: {path: /v1/messages}, protocol: anthropic-messages, filters: [kw, red], upstream: mock}
  - {name: kserve, match: {path: /v2/models/, prefix: true}, protocol: kserve-v2, filters: [kw, red], upstream: mock}
"""
PATHS = [
    "/v1/chat/completions",
    "/v1/completions",
    "/v1/embeddings",
    "/v1/responses",
    "/v1/messages",
    "/v2/models/m/infer",
]


class _LoopThread:
    """The gateway and its mock in their own event loop, so hypothesis can stay synchronous."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.ready: Future = Future()
        self.stop: asyncio.Event | None = None
        self.thread = threading.Thread(target=self.loop.run_until_complete, args=(self._main(),), daemon=True)
        self.thread.start()
        self.gw = self.ready.result(timeout=30)

    async def _main(self) -> None:
        self.stop = asyncio.Event()
        try:
            async with running_gateway(GATEWAY) as gw:
                self.ready.set_result(gw)
                await self.stop.wait()
        except BaseException as exc:
            if not self.ready.done():
                self.ready.set_exception(exc)
            raise

    def run(self, coro: Any, timeout: float = 10) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self) -> None:
        assert self.stop is not None
        self.loop.call_soon_threadsafe(self.stop.set)
        self.thread.join(timeout=15)
        self.loop.close()


@pytest.fixture(scope="module")
def live():
    lt = _LoopThread()
    yield lt
    lt.close()


async def _post(gw, path: str, body: bytes, ctype: str) -> tuple[int, dict, bytes]:
    async with gw.client.post(gw.url + path, data=body, headers={"Content-Type": ctype}) as r:
        return r.status, {k.lower(): v for k, v in r.headers.items()}, await r.read()


def _check(status: int, headers: dict, raw: bytes) -> None:
    if "x-mock-upstream" in headers:
        return  # upstream answers pass through unchanged, whatever they are
    assert status < 500, (status, raw[:300])
    if status >= 400:
        err = orjson.loads(raw)["error"]
        assert set(err) == {"message", "type", "code", "param"}
        assert headers["x-request-id"]


def _alive(live: _LoopThread) -> None:
    async def health() -> int:
        async with live.gw.client.get(live.gw.url + "/healthz") as r:
            return r.status

    assert live.run(health()) == 200


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(PATHS), body=st.binary(max_size=300))
def test_gateway_arbitrary_bytes(live: _LoopThread, path: str, body: bytes) -> None:
    status, headers, raw = live.run(_post(live.gw, path, body, "application/json"))
    _check(status, headers, raw)
    try:
        orjson.loads(body)
    except orjson.JSONDecodeError:
        assert status == 400 and orjson.loads(raw)["error"]["code"] == "invalid_json"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(PATHS), doc=documents, stream=st.booleans())
def test_gateway_arbitrary_json(live: _LoopThread, path: str, doc: Any, stream: bool) -> None:
    if stream and isinstance(doc, dict):
        doc["stream"] = True
    body = orjson.dumps(doc)
    status, headers, raw = live.run(_post(live.gw, path, body, "application/json"))
    _check(status, headers, raw)
    if status == 400 and "x-mock-upstream" not in headers:
        assert orjson.loads(raw)["error"]["code"] in {"invalid_json", "invalid_body", "keyword_match"}


def test_gateway_still_alive_after_fuzzing(live: _LoopThread) -> None:
    _alive(live)
    assert live.gw.gateway.current.inflight == 0
