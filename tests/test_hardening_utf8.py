"""Issue 16 row 1: invalid UTF-8 in request headers must not cost the audit record or the
access line. aiohttp hands undecodable header bytes on as lone surrogates, which orjson
refuses; gateway/jsonsafe.py escapes them (`\\xff`) wherever a record or log line is made."""

from __future__ import annotations

import logging

import orjson
import pytest
from hardening_util import exchanges, port_of, raw_exchange, records, request
from harness import running_gateway

from gateway import jsonsafe
from gateway.audit.verify import verify_path

CONFIG = """
version: 1
upstreams:
  mock: {{url: "MOCK_URL"}}
filters:
  watch: {{type: keywords, deny: ["watchword"], action: flag}}
audit: {{path: "{path}", flush_interval_ms: 20, headers: [user-agent, x-request-id]}}
routes:
  - name: chat
    match: {{path: /v1/chat/completions}}
    filters: [watch]
    upstream: mock
    audit: {{sample_rate: 0.0}}
"""

BAD = [(b"x-request-id", b"req-\xff\xfe-1"), (b"User-Agent", b"agent/\xc3(\x80")]


def _chat(stream: bool) -> bytes:
    doc = {"model": "m", "stream": stream, "messages": [{"role": "user", "content": "say watchword"}]}
    return orjson.dumps(doc)


@pytest.mark.parametrize("stream", [False, True])
async def test_invalid_utf8_headers_keep_the_mandatory_record_and_access_line(tmp_path, caplog, stream):
    caplog.set_level(logging.INFO, logger="aigw.access")
    async with running_gateway(CONFIG.format(path=tmp_path)) as gw:
        raw = await raw_exchange(port_of(gw.url), request("/v1/chat/completions", _chat(stream), BAD))
        assert raw.startswith(b"HTTP/1.1 200"), raw[:200]
        assert b"x-request-id: req-\\xff\\xfe-1\r\n" in raw.lower()  # escaped, not dropped
        [rec] = exchanges(tmp_path)  # the flag makes it mandatory: on disk before the answer
        assert rec["request_id"] == "req-\\xff\\xfe-1"
        assert rec["headers"]["user-agent"] == "agent/\\xc3(\\x80"
        assert rec["why"] == ["flag"]
        status = await (await gw.admin("GET", "/admin/audit")).json()
        assert status["healthy"] and status["lost"] == {"mandatory": 0, "sampled": 0}
    lines = [orjson.loads(r.message) for r in caplog.records if r.name == "aigw.access"]
    assert [x["request_id"] for x in lines] == ["req-\\xff\\xfe-1"]
    assert lines[0]["status"] == 200
    assert verify_path(tmp_path, None)[0].ok


async def test_invalid_utf8_request_id_in_a_gateway_error_body(tmp_path):
    async with running_gateway(CONFIG.format(path=tmp_path)) as gw:
        raw = await raw_exchange(port_of(gw.url), request("/nowhere", b"{}", BAD))
        assert raw.startswith(b"HTTP/1.1 404"), raw[:200]
        body = orjson.loads(raw.split(b"\r\n\r\n", 1)[1])
        assert "req-\\xff\\xfe-1" in body["error"]["message"]


async def test_a_record_that_cannot_be_built_is_counted_lost_and_marked_in_the_chain(tmp_path, monkeypatch):
    """Whatever the cause, a mandatory record not written is never 'healthy, lost 0'."""
    from gateway.audit import log as audit_log

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    async with running_gateway(CONFIG.format(path=tmp_path)) as gw:
        monkeypatch.setattr(audit_log, "exchange_record", broken)
        r = await gw.client.post(
            gw.url + "/v1/chat/completions", data=_chat(False), headers={"x-request-id": "lost-1"}
        )
        assert r.status == 503  # fail_closed: the answer is refused, not delivered unrecorded
        status = await (await gw.admin("GET", "/admin/audit")).json()
        assert not status["healthy"]
        assert status["lost"]["mandatory"] == 1 and status["record_errors"]["mandatory"] == 1
        [stub] = [r for r in records(tmp_path) if r["kind"] == "record_error"]
        assert stub["request_id"] == "lost-1" and stub["error"] == "RuntimeError"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("héllo", "héllo"),
        (b"a\xffb".decode("utf-8", "surrogateescape"), "a\\xffb"),
        ("lone \ud800 surrogate", "lone \\ud800 surrogate"),
    ],
)
def test_clean_text_escapes_and_never_drops(text, expected):
    assert jsonsafe.clean_text(text) == expected
    assert orjson.loads(jsonsafe.dumps({"k": text, text: [text]})) == {"k": expected, expected: [expected]}
