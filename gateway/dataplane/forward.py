"""Upstream pools and header hygiene.

One connection pool per upstream (gateway/dataplane/http_client.py: a bounded keep-alive HttpPool),
reused across config reloads while the upstream's settings are unchanged. Caller credentials
and hop-by-hop headers never reach the upstream; the upstream's own credential comes from
the environment (config.check_env refuses a value with a line break: it would split the head).
Retries happen only when the connection failed before any byte was sent, and only within
a retry budget, so a dying upstream is not hit with a retry storm.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

from multidict import CIMultiDictProxy, istr

from gateway import metrics
from gateway.config import UpstreamConfig
from gateway.dataplane.http_client import HttpPool

# RFC 9110 hop-by-hop headers plus the ones the HTTP client computes itself.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
    }
)
CALLER_CREDENTIALS = frozenset({"authorization", "x-api-key", "api-key", "cookie"})
# Headers the gateway sets itself on upstream requests (the caller's copy is replaced or
# dropped): a client must not pass its traffic off as the gateway's shadow copies or
# golden-set probes in the upstream's logs.
_SET_BY_GATEWAY = frozenset({"x-request-id", "x-forwarded-for", "x-aigw-shadow", "x-aigw-validation"})
_DROP_REQUEST = HOP_BY_HOP | CALLER_CREDENTIALS | _SET_BY_GATEWAY
_DROP_RESPONSE = HOP_BY_HOP | frozenset({"set-cookie", "server", "date"})
_DROP_REWRITTEN = _DROP_RESPONSE | {"content-encoding"}  # the body we send is not the upstream's


# Looked up on every request: as istr, multidict does not fold the name's case per lookup.
_CONNECTION, _FORWARDED_FOR = istr("Connection"), istr("X-Forwarded-For")

KEEPALIVE_S = 30.0  # idle upstream connections are closed after this (or the upstream's Keep-Alive)


class RetryBudget:
    """Allow retries up to `ratio` of recent requests plus a small floor per second."""

    def __init__(self, ratio: float = 0.2, floor_per_s: float = 5.0) -> None:
        self.ratio = ratio
        self.floor_per_s = floor_per_s
        self._tokens = floor_per_s
        self._last = time.monotonic()

    def on_request(self) -> None:
        self._tokens = min(self._tokens + self.ratio, 100.0)

    def try_spend(self) -> bool:
        now = time.monotonic()
        self._tokens = min(self._tokens + (now - self._last) * self.floor_per_s, 100.0)
        self._last = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            return True
        return False


class UpstreamPool:
    """The connection pool and request settings of one upstream."""

    def __init__(self, name: str, cfg: UpstreamConfig, env: Mapping[str, str]) -> None:
        self.name = name
        self.cfg = cfg
        self.auth: tuple[str, str] | None = None
        if cfg.auth is not None:
            self.auth = (cfg.auth.header, cfg.auth.prefix + env[cfg.auth.value_env])
        auth_name = {self.auth[0].lower()} if self.auth else set()
        self._drop = _DROP_REQUEST | auth_name
        self._drop_identity = self._drop | {"accept-encoding"}
        self.retry_budget = RetryBudget()
        self.duration = metrics.child(metrics.upstream_duration, name)
        self.client = HttpPool(
            cfg.url,
            max_connections=cfg.max_connections,
            connect_timeout_s=cfg.connect_timeout_s,
            read_idle_timeout_s=cfg.read_idle_timeout_s,
            total_timeout_s=cfg.timeout_s,
            keepalive_s=KEEPALIVE_S,
            on_connections=metrics.upstream_connections.labels(name).inc,
            on_wait=metrics.upstream_pool_waits.labels(name).inc,
        )
        self.users = 0  # config generations referencing this pool

    def request_headers(
        self,
        incoming: CIMultiDictProxy[str] | Mapping[str, str],
        request_id: str,
        client_ip: str,
        identity: bool,
    ) -> list[tuple[str, str]]:
        """Headers for the upstream request: caller's minus credentials and hop-by-hop."""
        drop = self._drop_identity if identity else self._drop
        if _CONNECTION in incoming:
            drop = drop | connection_nominated(incoming)
        out = [(k, v) for k, v in incoming.items() if k.lower() not in drop]
        if identity:
            # We must read the answer's text (response filters): ask for it uncompressed.
            out.append(("Accept-Encoding", "identity"))
        out.append(("x-request-id", request_id))
        prior = incoming.get(_FORWARDED_FOR)
        out.append(("X-Forwarded-For", f"{prior}, {client_ip}" if prior else client_ip))
        if self.auth is not None:
            out.append(self.auth)
        return out

    async def close(self) -> None:
        await self.client.close()


def response_headers(
    upstream: CIMultiDictProxy[str], drop_length: bool, replaced: frozenset[str] = frozenset()
) -> list[tuple[str, str]]:
    """The upstream's answer headers the client may see, minus `replaced` (lower-case names
    the caller sets itself). A list, not a CIMultiDict: aiohttp's Response copies whatever
    it is given into its own CIMultiDict, so building one here was built twice."""
    drop = _DROP_REWRITTEN if drop_length else _DROP_RESPONSE
    nominated = connection_nominated(upstream)
    if nominated:
        drop = drop | nominated
    if replaced:
        drop = drop | replaced
    return [(k, v) for k, v in upstream.items() if k.lower() not in drop]


def connection_nominated(headers: Mapping[str, str] | CIMultiDictProxy[str]) -> frozenset[str]:
    """Header names a `Connection:` header declares hop-by-hop (RFC 9110 7.6.1): they are for
    this hop only and must not be forwarded, whatever they are called."""
    values = headers.getall(_CONNECTION, ()) if isinstance(headers, CIMultiDictProxy) else ()
    if not values:
        one = headers.get(_CONNECTION)
        values = [one] if one else []
    return frozenset(t.strip().lower() for v in values for t in v.split(",") if t.strip())
