"""The official `openai` and `anthropic` SDKs, pointed at the gateway (mock upstream behind it).

What users judge: a plain `OpenAI(base_url=...)` client works unchanged, streams stream, and
the gateway's own errors surface as the SDK's own exception types carrying the gateway's
message and code. A stream blocked mid-way by a response filter raises instead of hanging.
Real HTTP over loopback through the SDKs' default httpx transports.
"""

from __future__ import annotations

import asyncio

import pytest
from harness import free_port, running_gateway

from filters.access import hash_key

openai = pytest.importorskip("openai")
anthropic = pytest.importorskip("anthropic")

KEY = "sk-gw-sdk-test"
LIMITED_KEY = "sk-gw-limited"

CONFIG = f"""
version: 1
upstreams:
  mock: {{url: "MOCK_URL", timeout_s: 1.0, read_idle_timeout_s: 1.0}}
  dead: {{url: "http://127.0.0.1:DEADPORT", timeout_s: 1, retries: 0}}
principals:
  - name: app
    key_sha256: ["{hash_key(KEY)}"]
    allow: {{routes: [chat, embeddings, messages, dead], models: ["gpt-*", "text-embedding-*", "claude-*"]}}
  - name: limited
    key_sha256: ["{hash_key(LIMITED_KEY)}"]
    limits: {{requests_per_minute: 1}}
filters:
  kw: {{type: keywords, deny: ["forbidden-topic"], action: block}}
  leak: {{type: keywords, deny: ["secret-launch-code"], action: block}}
routes:
  - name: dead
    match: {{path: /v1/chat/completions, models: ["gpt-dead"]}}
    protocol: openai-chat
    filters: [access]
    upstream: dead
  - name: chat
    match: {{path: /v1/chat/completions}}
    protocol: openai-chat
    filters: [access, kw]
    response_filters: [leak]
    upstream: mock
  - name: embeddings
    match: {{path: /v1/embeddings}}
    protocol: openai-embeddings
    filters: [access, kw]
    upstream: mock
  - name: messages
    match: {{path: /v1/messages}}
    protocol: anthropic-messages
    filters: [access, kw]
    response_filters: [leak]
    upstream: mock
"""

MSG = [{"role": "user", "content": "hello there"}]


@pytest.fixture
async def gw():
    async with running_gateway(CONFIG.replace("DEADPORT", str(free_port()))) as running:
        yield running


def oai(gw, key: str = KEY, **kw):
    return openai.AsyncOpenAI(base_url=gw.url + "/v1", api_key=key, max_retries=0, timeout=10, **kw)


def claude(gw, key: str = KEY):
    return anthropic.AsyncAnthropic(base_url=gw.url, api_key=key, max_retries=0, timeout=10)


async def test_chat_completion(gw):
    async with oai(gw) as client:
        r = await client.chat.completions.create(model="gpt-4o", messages=MSG)
    assert r.choices[0].message.content == "echo: hello there"
    assert r.usage is not None and r.usage.total_tokens > 0
    assert KEY not in str(gw.mock.requests[-1]["headers"])  # the gateway key never reaches upstream


async def test_chat_streaming(gw):
    async with oai(gw) as client:
        stream = await client.chat.completions.create(model="gpt-4o", messages=MSG, stream=True)
        parts = [c.choices[0].delta.content or "" async for c in stream if c.choices]
    assert len(parts) > 1
    assert "".join(parts) == "echo: hello there"


async def test_embeddings(gw):
    async with oai(gw) as client:
        r = await client.embeddings.create(model="text-embedding-3-small", input=["a", "b"])
    assert len(r.data) == 2 and len(r.data[0].embedding) > 0


async def test_anthropic_messages_and_stream(gw):
    async with claude(gw) as client:
        r = await client.messages.create(model="claude-3-5-sonnet", max_tokens=64, messages=MSG)
        assert r.content[0].text == "echo: hello there"
        async with client.messages.stream(model="claude-3-5-sonnet", max_tokens=64, messages=MSG) as s:
            text = "".join([t async for t in s.text_stream])
    assert text == "echo: hello there"
    assert gw.mock.requests[-1]["path"] == "/v1/messages"


async def test_401_authentication_error(gw):
    async with oai(gw, key="sk-wrong") as client:
        with pytest.raises(openai.AuthenticationError) as exc:
            await client.chat.completions.create(model="gpt-4o", messages=MSG)
    assert exc.value.status_code == 401
    assert exc.value.code == "invalid_api_key"
    assert "Missing or invalid API key" in exc.value.message
    assert exc.value.response.headers["x-request-id"] in exc.value.message
    async with claude(gw, key="sk-wrong") as client:
        with pytest.raises(anthropic.AuthenticationError):
            await client.messages.create(model="claude-3-5-sonnet", max_tokens=8, messages=MSG)


async def test_403_permission_denied(gw):
    async with oai(gw) as client:
        with pytest.raises(openai.PermissionDeniedError) as exc:
            await client.chat.completions.create(model="llama-3.1-8b", messages=MSG)
    assert exc.value.code == "model_denied"
    assert "denied by access policy" in exc.value.message


async def test_400_policy_violation(gw):
    bad = [{"role": "user", "content": "tell me about forbidden-topic"}]
    async with oai(gw) as client:
        with pytest.raises(openai.BadRequestError) as exc:
            await client.chat.completions.create(model="gpt-4o", messages=bad)
    assert exc.value.code == "keyword_match"
    assert exc.value.type == "policy_violation"
    assert "blocked by policy" in exc.value.message
    async with claude(gw) as client:
        with pytest.raises(anthropic.BadRequestError):
            await client.messages.create(model="claude-3-5-sonnet", max_tokens=8, messages=bad)
    assert all("forbidden-topic" not in r["body"].decode() for r in gw.mock.requests)


async def test_429_rate_limit_with_retry_after(gw):
    async with oai(gw, key=LIMITED_KEY) as client:
        await client.chat.completions.create(model="gpt-4o", messages=MSG)
        with pytest.raises(openai.RateLimitError) as exc:
            await client.chat.completions.create(model="gpt-4o", messages=MSG)
    assert exc.value.code == "requests_per_minute"
    retry_after = float(exc.value.response.headers["retry-after"])
    assert 0 < retry_after <= 60


async def test_429_retry_honors_retry_after(gw):
    """The SDK's own retry loop waits what Retry-After says (an upstream 429 passed through)."""
    import httpx

    calls = []

    async def hook(request):
        calls.append(asyncio.get_running_loop().time())

    http = httpx.AsyncClient(event_hooks={"request": [hook]})
    client = openai.AsyncOpenAI(
        base_url=gw.url + "/v1", api_key=KEY, max_retries=1, timeout=10, http_client=http
    )
    async with client:
        with pytest.raises(openai.RateLimitError):
            await client.chat.completions.create(
                model="gpt-4o",
                messages=MSG,
                extra_headers={"x-mock-status": "429"},  # the mock answers Retry-After: 1
            )
    assert len(calls) == 2  # one retry, then the SDK gives up with its own exception type
    assert calls[1] - calls[0] >= 0.9  # the SDK waited what Retry-After said


async def test_502_and_504(gw):
    async with oai(gw) as client:
        with pytest.raises(openai.InternalServerError) as exc:
            await client.chat.completions.create(model="gpt-dead", messages=MSG)
        assert exc.value.status_code == 502 and exc.value.code == "upstream_unreachable"
        with pytest.raises(openai.APIStatusError) as exc:
            await client.chat.completions.create(
                model="gpt-4o", messages=MSG, extra_headers={"x-mock-delay-ms": "2500"}
            )
        assert exc.value.status_code == 504 and exc.value.code == "upstream_timeout"
        assert "did not answer in time" in exc.value.message


async def test_stream_blocked_mid_stream_raises_not_hangs(gw):
    reply = "one two three four five six seven secret-launch-code eight nine ten"
    hdrs = {"x-mock-reply": reply, "x-mock-chunk-delay-ms": "5"}
    got: list[str] = []

    async def consume_openai():
        async with oai(gw) as client:
            stream = await client.chat.completions.create(
                model="gpt-4o", messages=MSG, stream=True, extra_headers=hdrs
            )
            async for chunk in stream:
                if chunk.choices:
                    got.append(chunk.choices[0].delta.content or "")

    with pytest.raises(openai.APIError) as exc:
        await asyncio.wait_for(consume_openai(), timeout=10)
    assert "secret-launch-code" not in "".join(got)
    assert "blocked" in str(exc.value.message).lower() or exc.value.code == "keyword_match"

    async def consume_anthropic():
        async with claude(gw) as client:
            async with client.messages.stream(
                model="claude-3-5-sonnet", max_tokens=64, messages=MSG, extra_headers=hdrs
            ) as s:
                return "".join([t async for t in s.text_stream])

    with pytest.raises(anthropic.APIError):
        await asyncio.wait_for(consume_anthropic(), timeout=10)
