"""Upstream pools and header hygiene.

One ClientSession per upstream (a bounded keep-alive pool), reused across config reloads
while the upstream's settings are unchanged. Caller credentials and hop-by-hop headers
never reach the upstream; the upstream's own credential comes from the environment.
Retries happen only when the connection failed before any byte was sent, and only within
a retry budget, so a dying upstream is not hit with a retry storm.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

import aiohttp
from multidict import CIMultiDict, CIMultiDictProxy

from gateway import metrics
from gateway.config import UpstreamConfig

# RFC 9110 hop-by-hop headers plus the ones aiohttp computes itself.
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
_DROP_REQUEST = HOP_BY_HOP | CALLER_CREDENTIALS
_DROP_RESPONSE = HOP_BY_HOP | frozenset({"set-cookie", "server", "date"})
_DROP_REWRITTEN = _DROP_RESPONSE | {"content-encoding"}  # the body we send is not the upstream's


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
        self.base_url = cfg.url
        self.auth: tuple[str, str] | None = None
        if cfg.auth is not None:
            self.auth = (cfg.auth.header, cfg.auth.prefix + env[cfg.auth.value_env])
        self.timeout = aiohttp.ClientTimeout(
            total=cfg.timeout_s, sock_connect=cfg.connect_timeout_s, sock_read=cfg.read_idle_timeout_s
        )
        self.retry_budget = RetryBudget()
        self.duration = metrics.child(metrics.upstream_duration, name)
        self._session: aiohttp.ClientSession | None = None
        self.users = 0  # config generations referencing this pool

    @property
    def session(self) -> aiohttp.ClientSession:
        # Created lazily inside the running loop (aiohttp binds sessions to a loop).
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                limit=self.cfg.max_connections,
                limit_per_host=self.cfg.max_connections,
                keepalive_timeout=30,
                ttl_dns_cache=60,
                enable_cleanup_closed=False,
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                timeout=self.timeout,
                auto_decompress=False,
                skip_auto_headers=("User-Agent", "Accept-Encoding", "Content-Type"),
                cookie_jar=aiohttp.DummyCookieJar(),
            )
        return self._session

    def request_headers(
        self,
        incoming: CIMultiDictProxy[str] | Mapping[str, str],
        request_id: str,
        client_ip: str,
        identity: bool,
    ) -> CIMultiDict[str]:
        """Headers for the upstream request: caller's minus credentials and hop-by-hop."""
        out = CIMultiDict([(k, v) for k, v in incoming.items() if k.lower() not in _DROP_REQUEST])
        if identity:
            # We must read the answer's text (response filters): ask for it uncompressed.
            out["Accept-Encoding"] = "identity"
        out["x-request-id"] = request_id
        prior = out.get("X-Forwarded-For")
        out["X-Forwarded-For"] = f"{prior}, {client_ip}" if prior else client_ip
        if self.auth is not None:
            out[self.auth[0]] = self.auth[1]
        return out

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


def response_headers(upstream: CIMultiDictProxy[str], drop_length: bool) -> CIMultiDict[str]:
    drop = _DROP_REWRITTEN if drop_length else _DROP_RESPONSE
    return CIMultiDict([(k, v) for k, v in upstream.items() if k.lower() not in drop])
