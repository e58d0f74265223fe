"""Routing: first match in config order; path exact/prefix, model globs, header equality."""

from __future__ import annotations

import pytest
import yaml

from gateway.config import parse_config
from gateway.dataplane.routing import Router

CFG = """
version: 1
upstreams: {u: {url: "http://127.0.0.1:1"}}
routes:
  - {name: canary-hdr, match: {path: /v1/chat/completions, headers: {x-team: search}}, upstream: u}
  - {name: llama, match: {path: /v1/chat/completions, models: ["llama-*", "mistral-7b"]}, upstream: u}
  - {name: chat-any, match: {path: /v1/chat/completions}, upstream: u}
  - {name: v1-prefix, match: {path: /v1/, prefix: true, methods: [POST, GET]}, upstream: u}
  - {name: none-models, match: {path: /v2/x, models: []}, upstream: u}
"""


@pytest.fixture(scope="module")
def router() -> Router:
    return Router(parse_config(yaml.safe_load(CFG)).routes)


@pytest.mark.parametrize(
    ("method", "path", "headers", "model", "expected"),
    [
        ("POST", "/v1/chat/completions", {"x-team": "search"}, "llama-3", "canary-hdr"),
        ("POST", "/v1/chat/completions", {"x-team": "other"}, "llama-3", "llama"),
        ("POST", "/v1/chat/completions", {}, "mistral-7b", "llama"),
        ("POST", "/v1/chat/completions", {}, "mistral-7b-instruct", "chat-any"),
        ("POST", "/v1/chat/completions", {}, None, "chat-any"),
        ("GET", "/v1/models", {}, None, "v1-prefix"),
        ("POST", "/v1/embeddings", {}, None, "v1-prefix"),
        ("POST", "/v2/x", {}, "anything", None),  # empty model list matches nothing
        ("POST", "/other", {}, None, None),
    ],
)
def test_first_match_wins(router, method, path, headers, model, expected):
    calls = []

    def get_model():
        calls.append(1)
        return model

    route, _ = router.match(router.candidates(path), method, headers, get_model)
    assert (route.name if route else None) == expected
    assert len(calls) <= 1  # the body's model is read at most once


def test_method_mismatch_is_reported(router):
    route, method_mismatch = router.match(router.candidates("/v1/chat/completions"), "GET", {}, lambda: None)
    # /v1/ prefix route accepts GET, so it matches instead of a 405
    assert route is not None and route.name == "v1-prefix"
    r2 = Router(parse_config(yaml.safe_load(CFG.replace("methods: [POST, GET]", "methods: [POST]"))).routes)
    route, method_mismatch = r2.match(r2.candidates("/v1/chat/completions"), "GET", {}, lambda: None)
    assert route is None and method_mismatch


def test_model_not_read_when_no_route_needs_it(router):
    def boom():
        raise AssertionError("model read without need")

    route, _ = router.match(router.candidates("/v1/models"), "GET", {}, boom)
    assert route.name == "v1-prefix"
