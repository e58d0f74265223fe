"""Upstream request and answer headers, and the retry budget (gateway/dataplane/forward.py).

What the upstream must never see (the caller's credentials, hop-by-hop headers, headers a
`Connection:` header nominates, the gateway's own headers a client tried to set) and what
the client must never see from the upstream; the retry budget that keeps a dying upstream
from a retry storm."""

from __future__ import annotations

from multidict import CIMultiDict, CIMultiDictProxy

from gateway.config import UpstreamConfig
from gateway.dataplane.forward import RetryBudget, UpstreamPool, connection_nominated, response_headers


def headers(*pairs: tuple[str, str]) -> CIMultiDictProxy[str]:
    return CIMultiDictProxy(CIMultiDict(pairs))


def pool(**auth: str) -> UpstreamPool:
    cfg = UpstreamConfig.model_validate({"url": "http://127.0.0.1:9", **({"auth": auth} if auth else {})})
    return UpstreamPool("up", cfg, {"UP_KEY": "sk-upstream"})


INCOMING = headers(
    ("Host", "gateway.example"),
    ("Authorization", "Bearer sk-caller"),
    ("X-Api-Key", "sk-caller-2"),
    ("Cookie", "session=1"),
    ("Connection", "keep-alive, X-Private"),
    ("X-Private", "hop only"),
    ("Keep-Alive", "timeout=5"),
    ("Content-Length", "12"),
    ("Transfer-Encoding", "chunked"),
    ("X-Request-Id", "client-chosen"),
    ("X-Aigw-Shadow", "1"),
    ("X-Forwarded-For", "10.0.0.1"),
    ("Content-Type", "application/json"),
    ("Accept-Encoding", "gzip"),
    ("User-Agent", "sdk/1"),
)


def test_upstream_request_headers_drop_credentials_hops_and_spoofs() -> None:
    out = pool().request_headers(INCOMING, "rid-1", "192.0.2.7", identity=False)
    assert out == [
        ("Content-Type", "application/json"),
        ("Accept-Encoding", "gzip"),
        ("User-Agent", "sdk/1"),
        ("x-request-id", "rid-1"),
        ("X-Forwarded-For", "10.0.0.1, 192.0.2.7"),
    ]


def test_identity_asks_for_an_uncompressed_answer_and_auth_is_injected() -> None:
    p = pool(header="Authorization", prefix="Bearer ", value_env="UP_KEY")
    out = p.request_headers(
        headers(("Accept-Encoding", "br"), ("authorization", "x")), "r", "1.2.3.4", identity=True
    )
    assert out == [
        ("Accept-Encoding", "identity"),
        ("x-request-id", "r"),
        ("X-Forwarded-For", "1.2.3.4"),
        ("Authorization", "Bearer sk-upstream"),
    ]


def test_a_plain_mapping_works_too() -> None:
    out = pool().request_headers({"connection": "close", "X-Other": "1"}, "r", "1.2.3.4", identity=False)
    assert out == [("X-Other", "1"), ("x-request-id", "r"), ("X-Forwarded-For", "1.2.3.4")]


def test_answer_headers_for_the_client() -> None:
    upstream = headers(
        ("Content-Type", "application/json"),
        ("Content-Length", "10"),
        ("Content-Encoding", "gzip"),
        ("Set-Cookie", "upstream=1"),
        ("Server", "upstream/1"),
        ("Date", "yesterday"),
        ("Connection", "X-Hop"),
        ("X-Hop", "1"),
        ("X-Request-Id", "upstream-id"),
        ("X-Ratelimit-Remaining", "9"),
    )
    kept = [("Content-Type", "application/json"), ("Content-Encoding", "gzip")]
    assert response_headers(upstream, False) == [
        *kept,
        ("X-Request-Id", "upstream-id"),
        ("X-Ratelimit-Remaining", "9"),
    ]
    # rewritten body: its encoding is not the upstream's; names the caller sets itself are left out
    assert response_headers(upstream, True, frozenset({"x-request-id"})) == [
        ("Content-Type", "application/json"),
        ("X-Ratelimit-Remaining", "9"),
    ]


def test_connection_nominated_reads_every_connection_header() -> None:
    many = headers(("Connection", "A, b"), ("connection", " C ,"))
    assert connection_nominated(many) == frozenset({"a", "b", "c"})
    assert connection_nominated({"Connection": "X"}) == frozenset({"x"})
    assert connection_nominated(headers()) == frozenset()


def test_retry_budget_allows_a_floor_then_a_share_of_requests(monkeypatch) -> None:
    now = [1000.0]
    monkeypatch.setattr("gateway.dataplane.forward.time.monotonic", lambda: now[0])
    budget = RetryBudget(ratio=0.2, floor_per_s=5.0)
    spent = sum(budget.try_spend() for _ in range(20))
    assert spent == 5  # the floor, then nothing: no storm
    for _ in range(11):
        budget.on_request()  # 0.2 of a retry per request: eleven earn two
    assert [budget.try_spend() for _ in range(3)] == [True, True, False]
    now[0] += 1.0  # a second later the floor refills
    assert sum(budget.try_spend() for _ in range(10)) == 5
