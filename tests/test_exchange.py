"""The Exchange's summary (gateway/exchange.py): made once, read by the access line, the audit
record and the request metrics, so the three agree on outcome, action and duration."""

from __future__ import annotations

import os
from pathlib import Path

import orjson
from factories import make_exchange
from harness import running_gateway

from filters.base import Action, Decision
from gateway.audit.chain import chain_files
from gateway.dataplane import access_log


def test_the_action_is_the_most_severe_enforced_one() -> None:
    ex = make_exchange("hi")
    ex.decisions += [
        Decision("a", Action.FLAG),
        Decision("b", Action.BLOCK, mode="monitor"),  # would have blocked: changes nothing
        Decision("c", Action.REDACT),
        Decision("d", Action.ALLOW),
    ]
    s = ex.summarize("success", 200)
    assert s.action is Action.REDACT
    assert (s.status, s.outcome, s.route, s.variant, s.request_id) == (
        200,
        "success",
        "chat",
        "baseline",
        "r",
    )
    assert s.upstream_s is None and s.degraded == () and s.error is None


def test_made_once_and_again_only_when_the_answer_changed() -> None:
    ex = make_exchange("hi")
    ex.timings["upstream"] = 0.004
    ex.degraded.append("pii")
    first = ex.summarize("success", 200)
    assert ex.summarize("success", 200) is first  # the access line reads the audit's summary
    # A finisher refused the answer (audit unavailable): 503, and a summary that says so.
    refused = ex.summarize("filter_failure", 503)
    assert refused is not first and (refused.status, refused.outcome) == (503, "filter_failure")
    assert refused.duration_s >= first.duration_s and refused.upstream_s == 0.004
    assert refused.degraded == ("pii",)
    ex.degraded.append("injection")  # the summary is a snapshot: later changes do not leak in
    assert refused.degraded == ("pii",)


def test_the_access_line_is_the_summary() -> None:
    ex = make_exchange("hi", principal="app")
    ex.upstream, ex.error = "mock", None
    ex.timings["upstream"] = 0.0015
    ex.decisions.append(Decision("kw", Action.FLAG))
    s = ex.summarize("success", 200)
    line = orjson.loads(access_log.format_line(s))
    assert line["action"] == "flag" and line["principal"] == "app" and line["upstream"] == "mock"
    assert line["duration_ms"] == round(s.duration_s * 1000, 3) and line["upstream_ms"] == 1.5
    assert line["ts"] == round(s.started_wall, 3)


def test_a_path_with_undecodable_bytes_still_makes_a_line() -> None:
    ex = make_exchange("hi", path="/v1/\udcff")  # how aiohttp hands over a byte that is not UTF-8
    line = orjson.loads(access_log.format_line(ex.summarize("no_route", 404)))
    assert line["path"] == "/v1/\\xff"


AUDITED = """
version: 1
upstreams:
  mock: {{url: MOCK_URL}}
filters:
  kw: {{type: keywords, deny: ["forbidden-topic"], action: block}}
audit: {{path: "{path}", defaults: {{sample_rate: 1.0}}, flush_interval_ms: 20}}
routes:
  - name: chat
    match: {{path: /v1/chat/completions}}
    filters: [kw]
    upstream: mock
"""


async def test_access_line_and_audit_record_carry_the_same_summary(tmp_path: Path) -> None:
    log_path = tmp_path / "access.log"
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    access_log.install(fd, batch_delay_s=60.0)
    try:
        async with running_gateway(AUDITED.format(path=tmp_path / "audit")) as gw:
            for content in ("hello", "about forbidden-topic"):
                body = {"model": "m", "messages": [{"role": "user", "content": content}]}
                async with gw.client.post(gw.url + "/v1/chat/completions", json=body) as r:
                    await r.read()
    finally:
        access_log.close()
        os.close(fd)
    lines = {x["request_id"]: x for x in map(orjson.loads, log_path.read_bytes().splitlines())}
    recs = [
        orjson.loads(raw)
        for files in chain_files(tmp_path / "audit").values()
        for f in files
        for raw in f.read_bytes().splitlines()
    ]
    exchanges = [r for r in recs if r["kind"] == "exchange"]
    assert len(exchanges) == 2
    for rec in exchanges:
        line = lines[rec["request_id"]]
        assert line["duration_ms"] == rec["latency_ms"]  # one clock reading, not two
        assert (line["status"], line["outcome"]) == (rec["status"], rec["outcome"])
        assert (line["action"] or "allow") == rec["action"]
    assert sorted(r["action"] for r in exchanges) == ["allow", "block"]
