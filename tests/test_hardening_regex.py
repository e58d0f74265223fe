"""Issue 16 row 5: deny regexes run in linear time (RE2), patterns RE2 cannot run are
refused at load with their path, and large scans leave the event loop."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest
from harness import running_gateway

from filters.keywords import KeywordsFilter
from gateway.config import ConfigError, parse_config

CONFIG = """
version: 1
upstreams:
  mock: {url: "MOCK_URL"}
filters:
  kw: {type: keywords, deny_regex: ["(x+x+)+y"], action: block, offload_chars: 4096}
routes:
  - name: chat
    match: {path: /v1/chat/completions}
    filters: [kw]
    upstream: mock
"""


def chat(text: str) -> dict:
    return {"model": "m", "messages": [{"role": "user", "content": text}]}


async def test_catastrophic_pattern_does_not_stall_the_loop():
    async with running_gateway(CONFIG) as gw:
        # With Python's re, 26 x's took 4-10 s of event-loop time; 5000 would never end.
        for n in (26, 30, 5000):
            t0 = time.perf_counter()
            health = asyncio.create_task(gw.client.get(gw.url + "/healthz"))
            r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("x" * n))
            assert r.status == 200
            assert (await health).status == 200
            assert time.perf_counter() - t0 < 1.0
        r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("x" * 30 + "y"))
        assert r.status == 400  # and it still matches


@pytest.mark.parametrize(
    ("pattern", "why"),
    [("(?=secret)\\w+", "(?="), ("(a)\\1", "\\1"), ("(?<!x)y", "(?<")],
)
def test_patterns_re2_cannot_run_are_refused_with_their_path(pattern, why):
    doc = {
        "version": 1,
        "upstreams": {"a": {"url": "http://a"}},
        "filters": {"kw": {"type": "keywords", "deny_regex": ["ok", pattern]}},
        "routes": [{"name": "r", "match": {"path": "/"}, "upstream": "a", "filters": ["kw"]}],
    }
    with pytest.raises(ConfigError) as info:
        parse_config(doc)
    [message] = info.value.errors
    assert message.startswith("filters.kw.deny_regex: ") and "[1]" in message and "RE2" in message


async def test_large_texts_are_scanned_off_the_event_loop(monkeypatch):
    threads: list[str] = []
    original = KeywordsFilter._scan

    def spy(self, segments):
        threads.append(threading.current_thread().name)
        return original(self, segments)

    monkeypatch.setattr(KeywordsFilter, "_scan", spy)
    async with running_gateway(CONFIG) as gw:
        r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("small"))
        assert r.status == 200
        r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("z" * 5000))
        assert r.status == 200
    assert threads[0] == threading.main_thread().name
    assert threads[1] != threading.main_thread().name
