"""The data plane's router (gateway/service/server.py DataRouter): the gateway's own paths by
aiohttp's lookup, every other path straight to the proxy handler, with the same answers as
aiohttp's catch-all resolution gave (a method the own path does not serve is proxied)."""

from __future__ import annotations

from harness import running_gateway

YAML = """
version: 1
upstreams:
  mock: {url: MOCK_URL}
routes:
  - name: chat
    match: {path: /v1/chat/completions}
    protocol: openai-chat
    upstream: mock
"""
CHAT = {"model": "m", "messages": [{"role": "user", "content": "hello"}]}


async def test_own_paths_and_proxied_paths() -> None:
    async with running_gateway(YAML) as gw:
        async with gw.client.get(gw.url + "/healthz") as r:
            assert r.status == 200 and await r.json() == {"status": "ok"}
        async with gw.client.get(gw.url + "/readyz") as r:
            assert r.status == 200 and (await r.json())["status"] == "ready"
        async with gw.client.get(gw.url + "/v1/models") as r:
            assert r.status == 200 and (await r.json())["object"] == "list"
        async with gw.client.post(gw.url + "/v1/chat/completions", json=CHAT) as r:
            assert r.status == 200 and "choices" in await r.json()
        # An own path with a method it does not serve falls through to the proxy handler (a
        # route may claim it), as before the DataRouter: the gateway's 404, not aiohttp's 405.
        async with gw.client.post(gw.url + "/healthz", json={"x": 1}) as r:
            assert r.status == 404 and (await r.json())["error"]["code"] == "no_route"
        # Near misses of own paths are ordinary proxied paths: no route -> the gateway's 404.
        for path in ("/healthz/", "/v1/models/", "/readyzx", "/v1/nowhere"):
            async with gw.client.get(gw.url + path) as r:
                body = await r.json()
                assert r.status == 404 and body["error"]["code"] == "no_route", path
                assert r.headers["x-request-id"]
