"""Canary split, shadow mirroring and model pinning: pure functions, then through real servers."""

from __future__ import annotations

import asyncio
import contextlib
import time
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml
from aiohttp import web
from factories import make_exchange
from harness import running_gateway
from prometheus_client import REGISTRY

from gateway.config import ConfigError, parse_config
from gateway.exchange import Exchange
from gateway.protocols import get_adapter
from gateway.rollout import traffic

PROVIDER = Path(__file__).parent / "fixtures" / "provider"


# --- a scripted upstream (status, delay, reply, model per request) ---------------------------


class FakeUpstream:
    """An OpenAI-chat upstream whose behaviour the test sets: for shadows and flaky canaries."""

    def __init__(
        self,
        *,
        status: int = 200,
        delay_s: float = 0.0,
        reply: str | None = None,
        model: str | None = None,
        fail_every: int = 0,
    ) -> None:
        self.status, self.delay_s, self.reply, self.model, self.fail_every = (
            status,
            delay_s,
            reply,
            model,
            fail_every,
        )
        self.requests: list[dict[str, Any]] = []
        self.url = ""
        self._runner: web.AppRunner | None = None

    async def handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        self.requests.append({"headers": dict(request.headers), "body": body})
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        status = self.status
        if self.fail_every and len(self.requests) % self.fail_every == 0:
            status = 500
        if status != 200:
            return web.json_response(
                {"error": {"message": "fake failure", "type": "server_error"}}, status=status
            )
        doc = orjson.loads(body)
        text = self.reply if self.reply is not None else f"echo: {doc['messages'][-1]['content']}"
        model = self.model or doc.get("model") or "fake"
        if doc.get("stream"):
            resp = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
            await resp.prepare(request)
            for i, word in enumerate(text.split(" ")):
                chunk = {
                    "model": model,
                    "choices": [{"index": 0, "delta": {"content": (" " if i else "") + word}}],
                }
                await resp.write(b"data: " + orjson.dumps(chunk) + b"\n\n")
            await resp.write(b"data: [DONE]\n\n")
            await resp.write_eof()
            return resp
        return web.json_response(
            {"model": model, "choices": [{"index": 0, "message": {"role": "assistant", "content": text}}]}
        )

    async def __aenter__(self) -> FakeUpstream:
        app = web.Application()
        app.router.add_post("/{tail:.*}", self.handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()


class FakeAudit:
    """Stands in for gateway/audit/log.py's AuditLog: records what was emitted."""

    def __init__(self) -> None:
        self.records: list[tuple[str, dict[str, Any], dict[str, Any]]] = []

    def emit(self, kind: str, payload: dict[str, Any], **kw: Any) -> bool:
        self.records.append((kind, payload, kw))
        return True

    async def aclose(self) -> None:
        pass


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def eventually(cond, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


def chat(content: str, **extra: Any) -> dict[str, Any]:
    return {"model": "gpt-4o", "messages": [{"role": "user", "content": content}], **extra}


def exchange(headers: dict[str, str] | None = None, principal: str | None = None) -> Exchange:
    return make_exchange(headers=headers, principal=principal)


# --- the split (pure) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "parsed"),
    [("none", ("none", "")), ("principal", ("principal", "")), ("header:X-User-Id", ("header", "x-user-id"))],
)
def test_parse_sticky(spec, parsed):
    assert traffic.parse_sticky(spec) == parsed


@pytest.mark.parametrize("spec", ["header:", "cookie:x", "header:a b", "random", ""])
def test_parse_sticky_rejects(spec):
    with pytest.raises(ValueError):
        traffic.parse_sticky(spec)


def test_buckets_are_stable_and_salted_by_route():
    assert traffic.bucket_of("user-1", "chat") == traffic.bucket_of("user-1", "chat")
    assert 0 <= traffic.bucket_of("user-1", "chat") < traffic.BUCKETS
    same = sum(traffic.bucket_of(f"u{i}", "chat") == traffic.bucket_of(f"u{i}", "other") for i in range(1000))
    assert same < 5  # routes split independently
    long_route = "a-very-long-route-name-over-16-bytes"
    assert traffic.bucket_of("u", long_route) == traffic.bucket_of("u", long_route)


def test_raising_the_weight_only_moves_users_to_the_canary():
    keys = [f"user-{i}" for i in range(5000)]
    previous: set[str] = set()
    for weight in (0, 0.5, 1, 5, 12.5, 25, 50, 99, 100):
        now = {k for k in keys if traffic.in_canary(traffic.bucket_of(k, "chat"), weight)}
        assert previous <= now  # monotonic: nobody flips back to baseline
        previous = now
    assert previous == set(keys)


def binomial_ok(k: int, n: int, p: float, sigmas: float = 4.5) -> bool:
    sd = (n * p * (1 - p)) ** 0.5
    return abs(k - n * p) <= sigmas * sd


class _Pool:
    def __init__(self, name: str) -> None:
        self.name = name


@pytest.mark.parametrize(
    ("sticky", "weight"), [("none", 5.0), ("none", 50.0), ("header:x-user-id", 10.0), ("principal", 33.3)]
)
def test_split_proportions_within_binomial_bounds(sticky, weight):
    base, can = _Pool("base"), _Pool("can")
    rt = traffic.CanaryRuntime(
        "chat", traffic.CanaryConfig(upstream="can", sticky=sticky), can, traffic.Split(weight)
    )
    n = 20000
    hits = 0
    for i in range(n):
        ex = exchange({"x-user-id": f"u{i}"}, principal=f"p{i}")
        pool = rt.choose(ex, base)
        assert (
            (pool is can) == (ex.variant == "canary") == (ex.response_headers["x-aigw-variant"] == "canary")
        )
        hits += pool is can
    assert binomial_ok(hits, n, weight / 100), hits


def test_sticky_assignment_repeats_and_missing_key_falls_back_to_random():
    rt = traffic.CanaryRuntime(
        "chat", traffic.CanaryConfig(upstream="c", sticky="header:x-user-id"), _Pool("c"), traffic.Split(50)
    )
    for i in range(200):
        first = rt.choose(exchange({"x-user-id": f"u{i}"}), _Pool("b")).name
        assert all(rt.choose(exchange({"x-user-id": f"u{i}"}), _Pool("b")).name == first for _ in range(5))
    variants = {rt.choose(exchange({}), _Pool("b")).name for _ in range(200)}
    assert variants == {"b", "c"}


# --- comparison (pure) -----------------------------------------------------------------------


def test_similarity_measures():
    assert traffic.jaccard("The cat sat", "the CAT sat!") == 1.0
    assert traffic.jaccard("a b c d", "a b x y") == pytest.approx(2 / 6)
    assert traffic.jaccard("", "") == 1.0 and traffic.jaccard("", "x") == 0.0
    assert traffic.length_ratio("abcd", "ab") == 0.5 and traffic.length_ratio("", "") == 1.0


def test_compare():
    same = traffic.compare(200, 0.1, "hello world", 200, 0.2, "Hello, world", 0.6)
    assert not same.diverged and same.latency_ratio == pytest.approx(2.0)
    assert same.jaccard == 1.0 and same.similarity == pytest.approx(min(1.0, 11 / 12))
    other = traffic.compare(200, 0.1, "the answer is 42", 200, 0.1, "I cannot help with that", 0.6)
    assert other.diverged and other.similarity is not None and other.similarity < 0.2
    status = traffic.compare(200, 0.1, None, 500, 0.05, None, 0.6)
    assert status.diverged and status.similarity is None and not status.status_match
    unknown = traffic.compare(200, 0.1, None, 200, 0.3, "x", 0.6)
    assert not unknown.diverged and unknown.jaccard is None  # no text: status and latency only


def test_answer_text_from_json_and_reassembled_sse():
    adapter = get_adapter("openai-chat")
    body = (PROVIDER / "openai_chat_response.json").read_bytes()
    assert traffic.answer_text(adapter, body, sse=False) == (
        "I have resent invoice INV-2024-0042 to jane.doe@example.com."
    )
    sse = (PROVIDER / "openai_chat_stream.sse").read_bytes()
    assert traffic.answer_text(adapter, sse, sse=True) == "Sure, I sent it to jane.doe@example.com."
    assert traffic.answer_text(adapter, b"<html>", sse=False) is None
    anthropic = get_adapter("anthropic-messages")
    text = traffic.answer_text(anthropic, (PROVIDER / "anthropic_messages_stream.sse").read_bytes(), sse=True)
    assert text


def test_tap_is_bounded():
    tap = traffic.Tap(10)
    tap.add(b"12345")
    tap.add(b"678")
    assert tap.body() == b"12345678"
    tap.add(b"901")
    assert tap.truncated and tap.body() is None and tap.parts == []


@pytest.mark.parametrize(
    ("expect", "observed", "ok"),
    [("gpt-4o", "gpt-4o", True), ("gpt-4o", "gpt-4o-mini", False), ("gpt-4o-*", "gpt-4o-2024-08-06", True)],
)
def test_model_matches(expect, observed, ok):
    assert traffic.model_matches(expect, observed) is ok


# --- config ----------------------------------------------------------------------------------

CFG = """
version: 1
upstreams:
  a: {url: "http://127.0.0.1:9000"}
  b: {url: "http://127.0.0.1:9001", expect_model: "m", on_model_mismatch: block}
routes:
  - name: chat
    match: {path: /v1/chat/completions}
    upstream: a
    canary: {upstream: b, weight: 5, sticky: "header:x-user-id"}
    shadow: {upstream: b, percent: 10}
  - name: two
    match: {path: /v1/completions}
    upstream: a
"""


def parse_with(route: int, **sections: Any):
    doc = yaml.safe_load(CFG)
    doc["routes"][route].update(sections)
    return parse_config(doc)


def test_config_accepts_canary_and_shadow():
    cfg = parse_config(yaml.safe_load(CFG))
    assert cfg.routes[0].canary.weight == 5 and cfg.routes[0].shadow.percent == 10
    assert cfg.upstreams["b"].on_model_mismatch == "block"


@pytest.mark.parametrize(
    ("route", "sections", "error"),
    [
        (1, {"canary": {"upstream": "b", "weight": 101}}, "routes[1].canary.weight"),
        (1, {"canary": {"upstream": "nope"}}, "routes[1].canary.upstream: unknown upstream 'nope'"),
        (1, {"canary": {"upstream": "a"}}, "routes[1].canary.upstream: must differ"),
        (1, {"canary": {"upstream": "b", "sticky": "cookie:x"}}, "routes[1].canary.sticky"),
        (1, {"shadow": {"upstream": "zz", "percent": 5}}, "routes[1].shadow.upstream: unknown upstream 'zz'"),
        (1, {"shadow": {"upstream": "b", "percent": -1}}, "routes[1].shadow.percent"),
        (0, {"shadow": {"upstream": "b", "max_concurrency": 0}}, "routes[0].shadow.max_concurrency"),
    ],
)
def test_config_errors_name_their_path(route, sections, error):
    with pytest.raises(ConfigError) as exc:
        parse_with(route, **sections)
    assert any(e.startswith(error) or error in e for e in exc.value.errors), exc.value.errors


def test_config_rejects_unknown_on_model_mismatch():
    doc = yaml.safe_load(CFG)
    doc["upstreams"]["a"]["on_model_mismatch"] = "warn"
    with pytest.raises(ConfigError) as exc:
        parse_config(doc)
    assert exc.value.errors[0].startswith("upstreams.a.on_model_mismatch")


# --- through real servers: the split -----------------------------------------------------------

SPLIT = """
version: 1
upstreams:
  base: {url: "MOCK_URL"}
  can: {url: "CANARY_URL"}
routes:
  - name: split
    match: {path: /v1/chat/completions}
    protocol: openai-chat
    upstream: base
    canary: {upstream: can, weight: 20, sticky: "header:x-user-id"}
"""


async def variants_of(gw, users: list[str]) -> dict[str, str]:
    async def one(user: str) -> tuple[str, str]:
        r = await gw.client.post(
            gw.url + "/v1/chat/completions", json=chat("hi"), headers={"x-user-id": user}
        )
        assert r.status == 200
        variant = r.headers["x-aigw-variant"]
        assert r.headers["x-mock-upstream"] == ("canary" if variant == "canary" else "mock")
        await r.read()
        return user, variant

    out: dict[str, str] = {}
    for i in range(0, len(users), 50):
        out.update(await asyncio.gather(*(one(u) for u in users[i : i + 50])))
    return out


async def test_split_end_to_end_sticky_and_monotonic():
    async with running_gateway(SPLIT, extra_mocks=("canary",)) as gw:
        users = [f"user-{i}" for i in range(300)]
        first = await variants_of(gw, users)
        canary_before = {u for u, v in first.items() if v == "canary"}
        assert binomial_ok(len(canary_before), 300, 0.2), len(canary_before)
        again = await variants_of(gw, users[:60])
        assert all(first[u] == v for u, v in again.items())  # sticky
        r = await gw.admin("POST", "/admin/rollouts/split/weight", json={"weight": 50})
        assert r.status == 200 and (await r.json())["weights"] == {"baseline": 50.0, "canary": 50.0}
        after = await variants_of(gw, users)
        canary_after = {u for u, v in after.items() if v == "canary"}
        assert canary_before <= canary_after  # raising the weight only moves users to the canary
        assert binomial_ok(len(canary_after), 300, 0.5), len(canary_after)
        routes = (await (await gw.admin("GET", "/admin/routes")).json())["routes"]
        assert routes[0]["split"] == {"baseline": 50.0, "canary": 50.0, "shadow_percent": 0}
        text = await (await gw.client.get(gw.admin_url + "/metrics")).text()
        assert 'aigw_canary_weight{route="split"} 50.0' in text


# --- through real servers: shadow --------------------------------------------------------------

SHADOW = """
version: 1
upstreams:
  primary: {url: "MOCK_URL", timeout_s: 5}
  shadow: {url: "SHADOW_URL", timeout_s: 5}
filters:
  red: {type: keywords, deny: ["hunter2"], action: redact}
routes:
  - name: ROUTE
    match: {path: /v1/chat/completions}
    protocol: openai-chat
    filters: [red]
    upstream: primary
    shadow: {upstream: shadow, percent: 100, max_concurrency: MAXC, min_similarity: 0.6, timeout_s: TIMEOUT}
"""


@contextlib.asynccontextmanager
async def shadowed(route: str, fake: FakeUpstream | None, max_concurrency: int = 8, timeout: float = 5.0):
    url = fake.url if fake is not None else "http://127.0.0.1:9"  # port 9 (discard): refused
    text = (
        SHADOW.replace("SHADOW_URL", url)
        .replace("ROUTE", route)
        .replace("MAXC", str(max_concurrency))
        .replace("TIMEOUT", str(timeout))
    )
    async with running_gateway(text) as gw:
        audit = FakeAudit()
        gw.gateway.audit = audit
        gw.audit_records = audit.records  # type: ignore[attr-defined]
        yield gw


async def test_slow_shadow_never_delays_the_primary_and_excess_is_dropped():
    async with FakeUpstream(delay_s=1.0) as slow, shadowed("sh-slow", slow, max_concurrency=4) as gw:
        t0 = time.perf_counter()
        for i in range(10):
            r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat(f"my hunter2 number {i}"))
            assert r.status == 200
            assert (await r.json())["choices"][0]["message"][
                "content"
            ] == "echo: my [REDACTED] number " + str(i)
        elapsed = time.perf_counter() - t0
        assert elapsed < 0.8  # ten primaries done before the first shadow answered (1 s)
        assert sample("aigw_shadow_requests_total", route="sh-slow", result="dropped") == 6
        await eventually(lambda: sample("aigw_shadow_requests_total", route="sh-slow", result="match") == 4)
        seen = slow.requests[0]
        assert seen["headers"]["x-aigw-shadow"] == "1"
        assert b"[REDACTED]" in seen["body"] and b"hunter2" not in seen["body"]  # what the filters produced
        assert sample("aigw_shadow_similarity_count", route="sh-slow") == 4
        assert sample("aigw_shadow_similarity_sum", route="sh-slow") == pytest.approx(4.0)
        assert sample("aigw_shadow_latency_ratio_count", route="sh-slow") == 4
        assert not gw.audit_records  # identical answers: nothing to audit


@pytest.mark.parametrize("failure", ["status_500", "refused", "timeout"])
async def test_failing_shadow_never_changes_the_primary(failure):
    route = f"sh-{failure}"
    fake = FakeUpstream(status=500) if failure == "status_500" else FakeUpstream(delay_s=2.0)
    async with fake:
        # Only the timeout case needs a short shadow deadline: a 0.3 s deadline on the other two
        # turned a slow-but-answered 500 into "timeout" once on a loaded CI machine.
        timeout = 0.3 if failure == "timeout" else 5.0
        async with shadowed(route, None if failure == "refused" else fake, timeout=timeout) as gw:
            r = await gw.client.post(
                gw.url + "/v1/chat/completions", json=chat("hello"), headers={"x-request-id": "q1"}
            )
            assert r.status == 200
            assert (await r.json())["choices"][0]["message"]["content"] == "echo: hello"
            assert r.headers["x-request-id"] == "q1"
            expected = {"status_500": "diverged", "refused": "error", "timeout": "timeout"}[failure]
            await eventually(lambda: sample("aigw_shadow_requests_total", route=route, result=expected) == 1)
            if failure == "status_500":
                kind, payload, kw = gw.audit_records[0]
                assert kind == "shadow_divergence" and kw == {"route": route, "request_id": "q1"}
                assert payload["primary_status"] == 200 and payload["shadow_status"] == 500
                assert payload["status_match"] is False


async def test_divergent_answer_is_measured_and_audited():
    async with (
        FakeUpstream(reply="I am unable to assist with this request") as other,
        shadowed("sh-div", other) as gw,
    ):
        r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("what is two plus two"))
        assert r.status == 200
        await eventually(lambda: sample("aigw_shadow_requests_total", route="sh-div", result="diverged") == 1)
        kind, payload, _ = gw.audit_records[0]
        assert kind == "shadow_divergence"
        assert payload["status_match"] is True and payload["similarity"] < 0.6
        assert "two plus two" not in orjson.dumps(payload).decode()  # numbers only, never the texts
        stats = gw.gateway.rollouts.stats  # no canary on this route: no rollout evidence kept
        assert "sh-div" not in stats.routes


async def test_streamed_answers_are_reassembled_for_the_comparison():
    async with FakeUpstream() as same, shadowed("sh-stream", same) as gw:
        async with gw.client.post(
            gw.url + "/v1/chat/completions", json=chat("alpha beta gamma", stream=True)
        ) as r:
            text = (await r.read()).decode()
        assert "[DONE]" in text
        await eventually(lambda: sample("aigw_shadow_requests_total", route="sh-stream", result="match") == 1)
        assert sample("aigw_shadow_similarity_sum", route="sh-stream") == pytest.approx(1.0)
    async with FakeUpstream(reply="echo: alpha beta") as shorter, shadowed("sh-stream2", shorter) as gw:
        async with gw.client.post(
            gw.url + "/v1/chat/completions", json=chat("alpha beta gamma delta", stream=True)
        ) as r:
            await r.read()
        await eventually(lambda: sample("aigw_shadow_similarity_count", route="sh-stream2") == 1)
        # jaccard 3/5, length ratio 16/28: the reassembled texts were compared, not just statuses
        assert sample("aigw_shadow_similarity_sum", route="sh-stream2") == pytest.approx(16 / 28)


# --- through real servers: model identity pinning ----------------------------------------------

PIN = """
version: 1
upstreams:
  allow: {url: "MOCK_URL", expect_model: "gpt-4o"}
  block: {url: "MOCK_URL", expect_model: "gpt-4o", on_model_mismatch: block}
routes:
  - name: pin-allow
    match: {path: /v1/chat/completions, headers: {x-pin: allow}}
    upstream: allow
  - name: pin-block
    match: {path: /v1/chat/completions, headers: {x-pin: block}}
    upstream: block
  - name: pin-block-anthropic
    match: {path: /v1/messages}
    protocol: anthropic-messages
    upstream: block
"""


async def test_model_pin_counts_and_blocks():
    async with running_gateway(PIN) as gw:
        seen: list[tuple[str | None, Any]] = []
        gw.gateway.observers.append(lambda ex, o, s: seen.append((ex.observed_model, ex.model_mismatch)))
        url = gw.url + "/v1/chat/completions"
        before = sample("aigw_model_mismatch_total", route="pin-allow", upstream="allow")
        r = await gw.client.post(url, json=chat("hi"), headers={"x-pin": "allow"})
        assert r.status == 200 and seen[-1] == ("gpt-4o", None)
        r = await gw.client.post(
            url, json=chat("hi"), headers={"x-pin": "allow", "x-mock-model": "llama-swap"}
        )
        assert r.status == 200 and (await r.json())["model"] == "llama-swap"
        assert sample("aigw_model_mismatch_total", route="pin-allow", upstream="allow") == before + 1
        assert seen[-1] == (
            "llama-swap",
            {"upstream": "allow", "expected": "gpt-4o", "observed": "llama-swap"},
        )

        r = await gw.client.post(
            url, json=chat("hi"), headers={"x-pin": "block", "x-mock-model": "llama-swap"}
        )
        assert r.status == 502
        assert (await r.json())["error"]["code"] == "model_mismatch"
        assert sample("aigw_model_mismatch_total", route="pin-block", upstream="block") >= 1
        r = await gw.client.post(url, json=chat("hi"), headers={"x-pin": "block"})
        assert r.status == 200

        # streams: the first chunk's model decides; a wrong one ends the stream with an error event
        async with gw.client.post(
            url, json=chat("one two three", stream=True), headers={"x-pin": "block", "x-mock-model": "x"}
        ) as r:
            text = (await r.read()).decode()
        assert r.status == 200 and '"code":"model_mismatch"' in text
        assert "three" not in text and "[DONE]" not in text
        async with gw.client.post(
            url, json=chat("one two three", stream=True), headers={"x-pin": "block"}
        ) as r:
            text = (await r.read()).decode()
        assert "three" in text and "[DONE]" in text and seen[-1][0] == "gpt-4o"
        async with gw.client.post(
            url, json=chat("one two", stream=True), headers={"x-pin": "allow", "x-mock-model": "x"}
        ) as r:
            text = (await r.read()).decode()
        assert "two" in text and "[DONE]" in text and seen[-1] == ("x", seen[-1][1]) and seen[-1][1]

        body = {
            "model": "gpt-4o",
            "max_tokens": 10,
            "messages": [{"role": "user", "content": "a b"}],
            "stream": True,
        }
        async with gw.client.post(
            gw.url + "/v1/messages", json=body, headers={"x-mock-model": "claude-x"}
        ) as r:
            text = (await r.read()).decode()
        assert "event: error" in text and "text_delta" not in text
