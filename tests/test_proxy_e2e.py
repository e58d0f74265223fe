"""End to end through real servers on loopback: every row of the DESIGN error table, for real."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import orjson
import pytest
from harness import free_port, running_gateway

BASE = """
version: 1
upstreams:
  mock: {url: "MOCK_URL", timeout_s: 1.5, read_idle_timeout_s: 1.0, auth: {header: Authorization, prefix: "Bearer ", value_env: UPSTREAM_KEY}}
  dead: {url: "http://127.0.0.1:DEADPORT", timeout_s: 1, retries: 1}
filters:
  kw: {type: keywords, deny: ["forbidden-topic"], action: block}
  red: {type: keywords, deny: ["hunter2"], action: redact}
routes:
  - name: chat
    match: {path: /v1/chat/completions, models: ["gpt-*", "llama-*"]}
    protocol: openai-chat
    filters: [kw, red]
    upstream: mock
  - name: plain
    match: {path: /v1/chat/completions}
    protocol: openai-chat
    upstream: mock
  - name: dead
    match: {path: /dead/, prefix: true}
    protocol: openai-chat
    upstream: dead
  - name: embeddings
    match: {path: /v1/embeddings}
    protocol: openai-embeddings
    filters: [red]
    upstream: mock
"""

ENV = {"UPSTREAM_KEY": "sk-upstream-secret"}


def config() -> str:
    return BASE.replace("DEADPORT", str(free_port()))


def chat(content: str, model: str = "gpt-4o", **extra: object) -> dict:
    return {"model": model, "messages": [{"role": "user", "content": content}], **extra}


@pytest.fixture
async def gw():
    async with running_gateway(config(), env=ENV) as running:
        yield running


async def test_passthrough_forwards_original_bytes(gw):
    raw = b'{"model":"gpt-4o",  "messages":[{"role":"user","content":"hello there"}], "x_unknown": [1, 2.50]}'
    r = await gw.client.post(
        gw.url + "/v1/chat/completions", data=raw, headers={"Content-Type": "application/json"}
    )
    assert r.status == 200
    doc = await r.json()
    assert doc["choices"][0]["message"]["content"] == "echo: hello there"
    assert gw.mock.requests[-1]["body"] == raw  # untouched body: the very same bytes
    assert r.headers["x-request-id"]


async def test_redaction_rewrites_only_the_text(gw):
    r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("my password is hunter2 ok"))
    assert r.status == 200
    seen = orjson.loads(gw.mock.requests[-1]["body"])
    assert seen["messages"][0]["content"] == "my password is [REDACTED] ok"
    assert seen["model"] == "gpt-4o"


async def test_block_is_400_policy_violation(gw):
    n_before = len(gw.mock.requests)
    r = await gw.client.post(
        gw.url + "/v1/chat/completions",
        json=chat("tell me the forbidden-topic"),
        headers={"x-request-id": "rid-42"},
    )
    assert r.status == 400
    body = await r.json()
    assert body["error"]["type"] == "policy_violation"
    assert body["error"]["code"] == "keyword_match"
    assert "rid-42" in body["error"]["message"]
    assert r.headers["x-request-id"] == "rid-42"
    assert len(gw.mock.requests) == n_before  # never forwarded


async def test_model_routing_first_match_wins(gw):
    await gw.client.post(gw.url + "/v1/chat/completions", json=chat("hunter2", model="other-model"))
    # "other-model" does not match the chat route's globs, so the unfiltered route got it.
    assert orjson.loads(gw.mock.requests[-1]["body"])["messages"][0]["content"] == "hunter2"


async def test_malformed_json_400(gw):
    r = await gw.client.post(gw.url + "/v1/chat/completions", data=b'{"model": "gpt-4o", "messages": [')
    assert r.status == 400
    assert (await r.json())["error"]["code"] == "invalid_json"


async def test_unreadable_body_400(gw):
    r = await gw.client.post(
        gw.url + "/v1/chat/completions", json={"model": "gpt-4o", "messages": {"not": "a list"}}
    )
    assert r.status == 400
    err = (await r.json())["error"]
    assert err["code"] == "invalid_body"
    assert "messages" in err["message"]


@pytest.mark.parametrize("chunked", [False, True])
async def test_body_over_limit_413(gw, chunked):
    big = b'{"model":"gpt-4o","messages":[{"role":"user","content":"' + b"a" * (2 << 20) + b'"}]}'
    if chunked:

        async def gen():
            for i in range(0, len(big), 65536):
                yield big[i : i + 65536]

        data = gen()
    else:
        data = big
    try:
        r = await gw.client.post(gw.url + "/v1/chat/completions", data=data)
    except aiohttp.ClientError:
        pytest.skip("server closed the connection before the client finished sending")
    assert r.status == 413
    assert (await r.json())["error"]["code"] == "body_too_large"


async def test_unknown_route_404_and_wrong_method_405(gw):
    r = await gw.client.post(gw.url + "/v1/unknown", json={})
    assert r.status == 404
    assert (await r.json())["error"]["code"] == "no_route"
    r = await gw.client.get(gw.url + "/v1/chat/completions")
    assert r.status == 405


async def test_dead_upstream_502(gw):
    r = await gw.client.post(gw.url + "/dead/v1/chat/completions", json=chat("hi"))
    assert r.status == 502
    assert (await r.json())["error"]["code"] == "upstream_unreachable"
    metrics = await (await gw.client.get(gw.admin_url + "/metrics")).text()
    # one retry (retries: 1) after the connect failure, then the 502
    assert 'aigw_upstream_retries_total{upstream="dead"} 1.0' in metrics
    assert 'aigw_upstream_errors_total{kind="connect",upstream="dead"} 1.0' in metrics


async def test_slow_upstream_504(gw):
    t0 = time.perf_counter()
    r = await gw.client.post(
        gw.url + "/v1/chat/completions", json=chat("hi"), headers={"x-mock-delay-ms": "3000"}
    )
    assert r.status == 504
    assert (await r.json())["error"]["code"] == "upstream_timeout"
    assert time.perf_counter() - t0 < 2.8


@pytest.mark.parametrize("status", [429, 500, 503])
async def test_upstream_errors_pass_through(gw, status):
    r = await gw.client.post(
        gw.url + "/v1/chat/completions", json=chat("hi"), headers={"x-mock-status": str(status)}
    )
    assert r.status == status
    body = await r.json()
    assert body["error"]["message"] == f"mock error {status}"  # the upstream's own body
    if status == 429:
        assert r.headers["retry-after"] == "1"


async def test_upstream_html_error_passes_through(gw):
    r = await gw.client.post(
        gw.url + "/v1/chat/completions",
        json=chat("hi"),
        headers={"x-mock-status": "502", "x-mock-html-error": "1"},
    )
    assert r.status == 502
    assert "<h1>502 Bad Gateway</h1>" in await r.text()


async def test_credentials_stripped_and_injected(gw):
    r = await gw.client.post(
        gw.url + "/v1/chat/completions",
        json=chat("hi"),
        headers={
            "Authorization": "Bearer caller-key",
            "x-api-key": "caller-key-2",
            "api-key": "k3",
            "x-request-id": "abc",
            "x-aigw-validation": "1",  # only the gateway's golden-set runner may say so
            "x-aigw-shadow": "1",  # only the gateway's shadow copies may say so
        },
    )
    assert r.status == 200
    seen = {k.lower(): v for k, v in gw.mock.requests[-1]["headers"].items()}
    assert seen["authorization"] == "Bearer sk-upstream-secret"
    assert "x-api-key" not in seen and "api-key" not in seen
    assert "x-aigw-validation" not in seen and "x-aigw-shadow" not in seen
    assert seen["x-request-id"] == "abc"
    assert seen["x-forwarded-for"] == "127.0.0.1"
    assert r.headers["x-request-id"] == "abc"


async def test_streaming_is_incremental(gw):
    body = chat("one two three four", stream=True)
    t0 = time.perf_counter()
    async with gw.client.post(
        gw.url + "/v1/chat/completions", json=body, headers={"x-mock-chunk-delay-ms": "150"}
    ) as r:
        assert r.status == 200
        assert r.headers["Content-Type"].startswith("text/event-stream")
        first = await r.content.readany()
        t_first = time.perf_counter() - t0
        rest = await r.read()
        t_all = time.perf_counter() - t0
    text = (first + rest).decode()
    assert "data: [DONE]" in text
    assert t_first < 0.4 < t_all  # first chunk long before the stream ended: never buffered whole


async def test_client_disconnect_mid_stream_cancels_upstream(gw):
    body = chat(" ".join(["word"] * 40), stream=True)
    async with gw.client.post(
        gw.url + "/v1/chat/completions", json=body, headers={"x-mock-chunk-delay-ms": "50"}
    ) as r:
        await r.content.readany()
        r.close()  # drop the connection mid-stream
    for _ in range(60):
        if gw.mock.streams_aborted:
            break
        await asyncio.sleep(0.05)
    assert gw.mock.streams_aborted == 1
    assert gw.mock.streams_completed == 0
    r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("still alive"))
    assert r.status == 200


async def test_upstream_reset_mid_stream_ends_with_error_event(gw):
    async with gw.client.post(
        gw.url + "/v1/chat/completions",
        json=chat("a b c d e f", stream=True),
        headers={"x-mock-reset-after": "3"},
    ) as r:
        text = (await r.read()).decode()
    assert r.status == 200
    assert '"code":"upstream_unreachable"' in text
    assert "[DONE]" not in text


async def test_upstream_hangs_after_headers_times_out(gw):
    t0 = time.perf_counter()
    async with gw.client.post(
        gw.url + "/v1/chat/completions",
        json=chat("x", stream=True),
        headers={"x-mock-hang-after-headers": "1"},
    ) as r:
        text = (await r.read()).decode()
    assert '"code":"upstream_timeout"' in text
    assert time.perf_counter() - t0 < 3


async def test_embeddings_route_redacts_inputs(gw):
    r = await gw.client.post(gw.url + "/v1/embeddings", json={"model": "e", "input": ["a hunter2", "b"]})
    assert r.status == 200
    assert orjson.loads(gw.mock.requests[-1]["body"])["input"] == ["a [REDACTED]", "b"]


async def test_health_and_ready(gw):
    r = await gw.client.get(gw.url + "/healthz")
    assert r.status == 200
    r = await gw.client.get(gw.url + "/readyz")
    assert r.status == 200
    assert (await r.json())["config_version"] == gw.gateway.current.version[:12]


async def test_metrics_count_outcomes(gw):
    await gw.client.post(gw.url + "/v1/chat/completions", json=chat("forbidden-topic"))
    await gw.client.post(gw.url + "/v1/chat/completions", json=chat("fine"))
    r = await gw.client.get(gw.admin_url + "/metrics")  # loopback: no token needed
    text = await r.text()
    assert 'aigw_requests_total{outcome="blocked",route="chat",variant="baseline"}' in text
    assert 'aigw_filter_decisions_total{action="block",filter="kw",mode="enforce"}' in text
    assert "aigw_gateway_overhead_seconds_bucket" in text
    # The pool's open connections (kept alive after the answers): a gauge moved by +1/-1 when
    # connections open and close, so earlier tests' closed pools left it where they found it.
    open_now = [ln for ln in text.splitlines() if ln.startswith('aigw_upstream_connections{upstream="mock"}')]
    assert open_now and float(open_now[0].split()[-1]) >= 1


async def test_admin_requires_token(gw):
    r = await gw.client.get(gw.admin_url + "/admin/config")
    assert r.status == 401
    r = await gw.client.get(gw.admin_url + "/admin/config", headers={"Authorization": "Bearer wrong"})
    assert r.status == 401
    r = await gw.admin("GET", "/admin/config")
    assert r.status == 200
    body = await r.json()
    assert body["version"] == gw.gateway.current.version
    assert body["last_error"] is None
    r = await gw.admin("GET", "/admin/routes")
    routes = (await r.json())["routes"]
    assert [x["name"] for x in routes] == ["chat", "plain", "dead", "embeddings"]
    assert routes[0]["filters"][0] == {"name": "kw", "type": "keywords", "mode": "enforce"}


async def test_invalid_reload_keeps_old_config(gw):
    old_version = gw.gateway.current.version
    gw.config_path.write_text(gw.config_path.read_text().replace("timeout_s: 1.5", "timeout_s: -3"))
    r = await gw.admin("POST", "/admin/config/reload")
    assert r.status == 422
    errors = (await r.json())["errors"]
    assert any(e.startswith("upstreams.mock.timeout_s") for e in errors)
    assert gw.gateway.current.version == old_version
    r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("hi"))
    assert r.status == 200
    r = await gw.admin("GET", "/admin/config")
    assert (await r.json())["last_error"]


async def test_valid_reload_swaps_and_inflight_finishes_on_old(gw):
    slow = asyncio.create_task(
        gw.client.post(
            gw.url + "/v1/chat/completions",
            json=chat("forbidden-topic-not"),
            headers={"x-mock-delay-ms": "400"},
        )
    )
    await asyncio.sleep(0.1)
    text = gw.config_path.read_text().replace('deny: ["forbidden-topic"]', 'deny: ["newly-banned"]')
    gw.config_path.write_text(text)
    r = await gw.admin("POST", "/admin/config/reload")
    assert r.status == 200
    # The in-flight request started under the old config (which blocks forbidden-topic)...
    slow_resp = await slow
    assert slow_resp.status == 400
    # ...new requests use the new one.
    r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("forbidden-topic"))
    assert r.status == 200
    r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("newly-banned"))
    assert r.status == 400


async def test_reload_reuses_unchanged_upstream_pool(gw):
    pool_before = gw.gateway.current.routes["chat"].upstream
    gw.config_path.write_text(gw.config_path.read_text().replace('"hunter2"', '"hunter3"'))
    r = await gw.admin("POST", "/admin/config/reload")
    assert r.status == 200
    assert gw.gateway.current.routes["chat"].upstream is pool_before


async def test_refusing_finisher_turns_answer_into_503(gw):
    seen = []

    async def refuse(ex, outcome, status):
        seen.append((ex.route, outcome, status))
        return False

    gw.gateway.finishers.append(refuse)
    r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("hi"))
    assert r.status == 503
    assert (await r.json())["error"]["code"] == "audit_unavailable"
    # streamed: headers are gone already, so the stream ends with an error event instead of [DONE]
    async with gw.client.post(gw.url + "/v1/chat/completions", json=chat("a b", stream=True)) as r:
        text = (await r.read()).decode()
    assert '"code":"audit_unavailable"' in text
    assert seen[0] == ("chat", "success", 200)


async def test_observers_see_every_exchange(gw):
    seen = []
    gw.gateway.observers.append(lambda ex, outcome, status: seen.append((ex.route, outcome, status)))
    await gw.client.post(gw.url + "/v1/chat/completions", json=chat("forbidden-topic"))
    await gw.client.post(gw.url + "/v1/nothing", json={})
    assert seen == [("chat", "blocked", 400), ("", "no_route", 404)]


@pytest.mark.parametrize("phase_path", ["coroutine", "plain call"])
async def test_filter_crash_fails_closed_with_503(gw, phase_path):
    # The chain runs a filter through its plain-call fast path (Filter.request_now) when it
    # has one, else through on_request's coroutine: a crash in either fails closed.
    async def boom(ex):
        raise RuntimeError("filter bug")

    def boom_now(ex):
        raise RuntimeError("filter bug")

    kw = gw.gateway.current.filters["kw"]
    if phase_path == "coroutine":
        kw.request_now, kw.on_request = None, boom
    else:
        kw.request_now = boom_now
    n_before = len(gw.mock.requests)
    r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("hello"))
    assert r.status == 503
    assert (await r.json())["error"]["code"] == "filter_unavailable"
    assert len(gw.mock.requests) == n_before  # nothing unscreened went upstream
    metrics = await (await gw.client.get(gw.admin_url + "/metrics")).text()
    assert 'aigw_filter_errors_total{filter="kw",reason="filter_error"}' in metrics


async def test_filter_crash_with_on_error_allow_is_served_degraded():
    cfg = config().replace(
        'kw: {type: keywords, deny: ["forbidden-topic"], action: block}',
        'kw: {type: keywords, deny: ["forbidden-topic"], action: block, on_error: allow}',
    )
    async with running_gateway(cfg, env=ENV) as gw:

        async def boom(ex):
            raise RuntimeError("filter bug")

        kw = gw.gateway.current.filters["kw"]
        kw.request_now, kw.on_request = None, boom
        r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("hello"))
        assert r.status == 200
        assert r.headers["x-aigw-degraded"] == "kw"


async def test_slow_filter_times_out_and_fails_closed(gw):
    async def slow(ex):
        await asyncio.sleep(5)

    kw = gw.gateway.current.filters["kw"]
    kw.request_now, kw.on_request = None, slow  # None: the chain awaits on_request
    t0 = time.perf_counter()
    r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("hello"))
    assert r.status == 503
    assert time.perf_counter() - t0 < 1.0  # the default per-filter timeout is 250 ms


async def test_truncated_body_is_never_forwarded_and_the_gateway_keeps_serving(gw):
    """A body that ends before its Content-Length: aiohttp drops the half-closed connection
    (or the gateway answers 400 invalid_body); never a 5xx, never a partial body upstream."""
    host, port = gw.url.removeprefix("http://").split(":")
    n_before = len(gw.mock.requests)
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(
        b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Content-Length: 100\r\n\r\n" + b'{"model": "gpt-4o"'
    )
    await writer.drain()
    writer.write_eof()  # the body stops 82 bytes short
    head = await asyncio.wait_for(reader.read(4096), 5)
    writer.close()
    assert head == b"" or head.startswith(b"HTTP/1.1 400")
    assert len(gw.mock.requests) == n_before
    r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("still serving"))
    assert r.status == 200


async def test_reload_builds_filters_off_the_event_loop(gw, monkeypatch):
    """Loading a model during a reload (here: a 0.8 s filter build) must not stall traffic."""
    import gateway.service.runtime as runtime

    real_build = runtime.build_filters

    def slow_build(*args, **kwargs):
        time.sleep(0.8)  # a blocking model load
        return real_build(*args, **kwargs)

    monkeypatch.setattr(runtime, "build_filters", slow_build)
    gw.config_path.write_text(gw.config_path.read_text().replace('"hunter2"', '"hunter4"'))
    reload = asyncio.create_task(gw.admin("POST", "/admin/config/reload"))
    await asyncio.sleep(0.1)  # the reload is now inside the slow build
    t0 = time.perf_counter()
    r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("hunter4 during reload"))
    assert r.status == 200
    assert time.perf_counter() - t0 < 0.4  # served while the build was still running
    assert orjson.loads(gw.mock.requests[-1]["body"])["messages"][0]["content"] == "hunter4 during reload"
    assert (await reload).status == 200
    r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("hunter4 after reload"))
    assert orjson.loads(gw.mock.requests[-1]["body"])["messages"][0]["content"] == "[REDACTED] after reload"


async def test_stream_error_events_carry_the_request_id_and_one_type_per_protocol():
    cfg = """
version: 1
upstreams:
  mock: {url: "MOCK_URL"}
filters:
  secret: {type: keywords, deny: ["hunter2"], action: block}
routes:
  - name: chat
    match: {path: /v1/chat/completions}
    response_filters: [secret]
    upstream: mock
  - name: claude
    match: {path: /v1/messages}
    protocol: anthropic-messages
    response_filters: [secret]
    upstream: mock
"""
    headers = {"x-mock-reply": "the password is hunter2 ok", "x-request-id": "rid-stream-1"}
    anthropic = {"model": "claude-x", "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]}
    async with running_gateway(cfg) as gw:
        events = {}
        for path, body in (("/v1/chat/completions", chat("hi", stream=True)), ("/v1/messages", anthropic)):
            async with gw.client.post(gw.url + path, json={**body, "stream": True}, headers=headers) as r:
                text = (await r.read()).decode()
            assert r.status == 200 and "hunter2" not in text
            data = [line[6:] for line in text.splitlines() if line.startswith("data: {")]
            events[path] = orjson.loads(data[-1])["error"]
        openai_err, anthropic_err = events["/v1/chat/completions"], events["/v1/messages"]
        assert openai_err["type"] == anthropic_err["type"] == "policy_violation"
        assert openai_err["code"] == "keyword_match"
        for err in (openai_err, anthropic_err):
            assert err["message"].endswith("(request id rid-stream-1)")
        # an upstream failure mid-stream: the same type for both, naming the request too
        async with gw.client.post(
            gw.url + "/v1/chat/completions",
            json=chat("a b c d e f", stream=True),
            headers={"x-mock-reset-after": "2", "x-request-id": "rid-stream-2"},
        ) as r:
            text = (await r.read()).decode()
        err = orjson.loads([x[6:] for x in text.splitlines() if x.startswith("data: {")][-1])["error"]
        assert (err["type"], err["code"]) == ("upstream_error", "upstream_unreachable")
        assert "(request id rid-stream-2)" in err["message"]
