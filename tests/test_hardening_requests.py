"""Issue 16 rows 7, 8, 11, 12 and 13: what clients and operators can send that the gateway
must refuse cleanly (encoded bodies, path tricks, malformed requests, odd admin tokens, a
config file that is not UTF-8) and the drain a load balancer must be able to see."""

from __future__ import annotations

import asyncio
import gzip
import logging
import os
import signal

import orjson
import pytest
from hardening_util import port_of, raw_exchange, records, request
from harness import ADMIN_TOKEN, running_gateway

CONFIG = """
version: 1
upstreams:
  mock: {url: "MOCK_URL"}
routes:
  - name: chat
    match: {path: /v1/chat/completions}
    upstream: mock
  - name: v1
    match: {path: /v1, prefix: true}
    protocol: generic-json
    paths: ["$.input"]
    upstream: mock
"""

CHAT = orjson.dumps({"model": "m", "messages": [{"role": "user", "content": "hello there"}]})


async def test_gzip_request_body_is_refused_not_forwarded_cut():
    async with running_gateway(CONFIG) as gw:
        body = gzip.compress(CHAT)
        raw = await raw_exchange(
            port_of(gw.url), request("/v1/chat/completions", body, [(b"Content-Encoding", b"gzip")])
        )
        assert raw.startswith(b"HTTP/1.1 415"), raw[:200]
        assert b'"code":"unsupported_encoding"' in raw
        assert not gw.mock.requests  # nothing reached the upstream
        r = await gw.client.post(
            gw.url + "/v1/chat/completions", data=CHAT, headers={"Content-Encoding": "identity"}
        )
        assert r.status == 200


@pytest.mark.parametrize(
    "target",
    [
        "/v1/%2e%2e/admin",
        "/v1/%2E%2E/admin",
        "/v1/../admin",
        "/v1/..;/admin",
        "/v1/x/.%2e/y",
        "/v1/models#fragment",
    ],
)
async def test_path_tricks_on_a_prefix_route_are_refused(target):
    async with running_gateway(CONFIG) as gw:
        raw = await raw_exchange(port_of(gw.url), request(target, b'{"input": "x"}'))
        assert raw.startswith(b"HTTP/1.1 400"), raw[:200]
        assert b'"code":"invalid_path"' in raw


async def _routed(gw, path: str) -> bool:
    """False when the gateway itself answered no_route (the mock's own 404 is a routed one)."""
    r = await gw.client.post(gw.url + path, json={"input": "x"})
    return b'"code":"no_route"' not in await r.read()


async def test_prefix_matches_at_a_segment_boundary_only():
    async with running_gateway(CONFIG) as gw:
        assert not await _routed(gw, "/v1evil")
        assert await _routed(gw, "/v1/anything")
        assert await _routed(gw, "/v1")


async def test_malformed_client_request_logs_one_line_without_traceback(caplog):
    caplog.set_level(logging.DEBUG)
    async with running_gateway(CONFIG) as gw:
        for data in [
            b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
            b"POST /v1/chat/completions HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
        ]:
            raw = await raw_exchange(port_of(gw.url), data)
            assert raw.startswith(b"HTTP/1.0 400") or raw.startswith(b"HTTP/1.1 400"), raw[:100]
    server = [r for r in caplog.records if r.name == "aiohttp.server"]
    assert len(server) == 2
    assert all(r.exc_info is None and "\n" not in r.getMessage() for r in server)
    assert all(r.levelno == logging.INFO and "400" in r.getMessage() for r in server)


@pytest.mark.parametrize("token", [b"\xff\xfe", b"test-admin-token\xff", b"\xc3("])
async def test_admin_token_with_invalid_utf8_is_401(token):
    async with running_gateway(CONFIG) as gw:
        data = (
            b"GET /admin/config HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
            + token
            + b"\r\nConnection: close\r\n\r\n"
        )
        raw = await raw_exchange(port_of(gw.admin_url), data)
        assert raw.startswith(b"HTTP/1.1 401"), raw[:200]


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("127.0.0.1:1", 200),
        ("localhost", 200),
        ("[::1]:9", 200),
        ("evil.example", 401),
        ("127.0.0.1.evil.example", 401),
    ],
)
async def test_token_free_metrics_only_for_a_loopback_host_header(host, status):
    async with running_gateway(CONFIG) as gw:
        data = f"GET /metrics HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
        raw = await raw_exchange(port_of(gw.admin_url), data)
        assert raw.startswith(f"HTTP/1.1 {status}".encode()), raw[:200]
        if status == 401:  # the token still opens it
            auth = f"Authorization: Bearer {ADMIN_TOKEN}\r\n".encode()
            raw = await raw_exchange(
                port_of(gw.admin_url), data.replace(b"\r\n\r\n", b"\r\n" + auth + b"\r\n")
            )
            assert raw.startswith(b"HTTP/1.1 200"), raw[:200]


AUDITED = CONFIG + 'audit: {path: "AUDIT_DIR"}\n'


def _reload_errors(text: str) -> float:
    for line in text.splitlines():
        if line.startswith('aigw_config_reloads_total{result="error"}'):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


@pytest.mark.parametrize("how", ["admin", "sighup"])
async def test_non_utf8_config_file_is_rejected_cleanly(tmp_path, how):
    async with running_gateway(AUDITED.replace("AUDIT_DIR", str(tmp_path))) as gw:
        old = gw.gateway.current.version
        before = _reload_errors(await (await gw.admin("GET", "/metrics")).text())
        gw.config_path.write_bytes(gw.config_path.read_bytes().replace(b"name: v1", b"name: v\xff1"))
        if how == "admin":
            r = await gw.admin("POST", "/admin/config/reload")
            assert r.status == 422
            errors = (await r.json())["errors"]
        else:
            loop = asyncio.get_running_loop()
            unhandled: list[dict] = []
            loop.set_exception_handler(lambda _loop, context: unhandled.append(context))
            gw.server.install_signals()
            try:
                os.kill(os.getpid(), signal.SIGHUP)
                for _ in range(100):
                    await asyncio.sleep(0.02)
                    if gw.gateway.last_error:
                        break
            finally:
                for sig in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
                    loop.remove_signal_handler(sig)
                loop.set_exception_handler(None)
            assert unhandled == []
            errors = gw.gateway.last_error
        assert len(errors) == 1 and "not UTF-8" in errors[0] and "0xff" in errors[0]
        assert gw.gateway.current.version == old
        cfg = await (await gw.admin("GET", "/admin/config")).json()
        assert cfg["last_error"] == errors
        assert _reload_errors(await (await gw.admin("GET", "/metrics")).text()) == before + 1
        r = await gw.client.post(gw.url + "/v1/chat/completions", data=CHAT)
        assert r.status == 200  # the old config keeps serving
    [rejected] = [r for r in records(tmp_path) if r["kind"] == "config_change"]
    assert rejected["result"] == "rejected" and "not UTF-8" in rejected["errors"][0]


async def test_a_crash_while_building_a_reload_is_a_rejection_not_a_500(monkeypatch):
    from gateway.service import runtime

    def boom(*args, **kwargs):
        raise RuntimeError("model file unreadable")

    async with running_gateway(CONFIG) as gw:
        gw.config_path.write_text(gw.config_path.read_text().replace("name: v1", "name: v2"))
        monkeypatch.setattr(runtime, "build_filters", boom)
        r = await gw.admin("POST", "/admin/config/reload")
        assert r.status == 422
        assert (await r.json())["errors"] == ["reload failed: RuntimeError: model file unreadable"]


async def test_sigterm_drain_keeps_listening_so_readyz_503_is_seen():
    cfg = CONFIG.replace(
        "version: 1",
        'version: 1\nserver: {listen: "127.0.0.1:0", admin_listen: "127.0.0.1:0", drain_announce_s: 0.6}',
    )
    async with running_gateway(cfg) as gw:
        port = port_of(gw.url)
        drain = asyncio.create_task(gw.server.shutdown(announce=True))
        await asyncio.sleep(0.1)
        raw = await raw_exchange(port, b"GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert raw.startswith(b"HTTP/1.1 503"), raw[:100]  # a new connection, during the drain
        raw = await raw_exchange(port, request("/v1/chat/completions", CHAT))
        assert raw.startswith(b"HTTP/1.1 503") and b'"code":"draining"' in raw
        await asyncio.sleep(0.8)
        with pytest.raises(OSError):
            await asyncio.open_connection("127.0.0.1", port)  # then it stops listening
        await drain
