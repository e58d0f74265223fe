"""GET /v1/models through the real gateway: the models each key may use, in the OpenAI list
shape, authenticated like any data-plane request, or proxied when a route claims the path."""

from __future__ import annotations

import hashlib

import openai
import pytest
from harness import running_gateway

KEY_ALL, KEY_LLAMA = "key-all-models", "key-llama-only"


def sha(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


CONFIG = f"""
version: 1
upstreams:
  mock: {{url: "MOCK_URL"}}
  pinned: {{url: "MOCK_URL", expect_model: "mistral-7b"}}
principals:
  - name: all
    key_sha256: ["{sha(KEY_ALL)}"]
  - name: llama
    key_sha256: ["{sha(KEY_LLAMA)}"]
    allow: {{routes: ["chat", "embed"], models: ["llama-*"]}}
routes:
  - name: chat
    match: {{path: /v1/chat/completions, models: ["gpt-4o", "llama-3.1-8b", "llama-*"]}}
    filters: [access]
    upstream: mock
  - name: mistral
    match: {{path: /v1/chat/completions}}
    filters: [access]
    upstream: pinned
  - name: embed
    match: {{path: /v1/embeddings, models: ["text-embedding-3-small"]}}
    protocol: openai-embeddings
    upstream: mock
"""


def ids(doc: dict) -> list[str]:
    return [m["id"] for m in doc["data"]]


async def test_models_follow_the_routes_and_the_key():
    async with running_gateway(CONFIG) as gw:
        url = gw.url + "/v1/models"
        r = await gw.client.get(url, headers={"Authorization": f"Bearer {KEY_ALL}", "x-request-id": "rid-1"})
        assert r.status == 200 and r.headers["x-request-id"] == "rid-1"
        doc = await r.json()
        assert doc["object"] == "list"
        # exact names only (globs have no name to show), the pinned model of an upstream, in route order
        assert ids(doc) == ["gpt-4o", "llama-3.1-8b", "mistral-7b", "text-embedding-3-small"]
        for m in doc["data"]:
            assert m["object"] == "model" and m["owned_by"] == "aigw" and isinstance(m["created"], int)

        # a key limited to some routes and models sees those (and the routes without `access`)
        r = await gw.client.get(url, headers={"x-api-key": KEY_LLAMA})
        assert ids(await r.json()) == ["llama-3.1-8b", "text-embedding-3-small"]

        # no key while routes need one, or an unknown key: the data plane's 401
        for headers in ({}, {"Authorization": "Bearer nope"}):
            r = await gw.client.get(url, headers=headers)
            assert r.status == 401
            err = (await r.json())["error"]
            assert err["code"] == "invalid_api_key" and r.headers["x-request-id"] in err["message"]

        # the official SDK lists them
        client = openai.AsyncOpenAI(base_url=gw.url + "/v1", api_key=KEY_LLAMA, max_retries=0)
        try:
            page = await client.models.list()
            assert [m.id for m in page.data] == ["llama-3.1-8b", "text-embedding-3-small"]
            with pytest.raises(openai.AuthenticationError):
                await openai.AsyncOpenAI(base_url=gw.url + "/v1", api_key="bad", max_retries=0).models.list()
        finally:
            await client.close()

        # other methods on the path are not the model list: the router answers as for any path
        r = await gw.client.post(url, json={}, headers={"Authorization": f"Bearer {KEY_ALL}"})
        assert r.status == 404


async def test_without_principals_the_list_is_open_and_a_route_can_proxy_it():
    open_cfg = """
version: 1
upstreams:
  mock: {url: "MOCK_URL"}
routes:
  - name: chat
    match: {path: /v1/chat/completions, models: ["gpt-4o"]}
    upstream: mock
"""
    async with running_gateway(open_cfg) as gw:
        r = await gw.client.get(gw.url + "/v1/models")
        assert r.status == 200 and ids(await r.json()) == ["gpt-4o"]

    proxied = (
        open_cfg
        + """
  - name: models
    match: {path: /v1/models, methods: [GET]}
    upstream: mock
"""
    )
    async with running_gateway(proxied) as gw:
        r = await gw.client.get(gw.url + "/v1/models")
        # the mock has no /v1/models: its own plain-text 404 passes through (the gateway's own
        # 404 would be a JSON no_route error), so the request reached the upstream
        assert r.status == 404
        assert (await r.text()) == "404: Not Found" and "x-request-id" in r.headers
