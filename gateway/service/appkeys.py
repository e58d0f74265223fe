"""Typed aiohttp application keys shared by the data plane, admin plane and mock."""

from __future__ import annotations

from typing import Any

from aiohttp import web

# Typed as Any to avoid an import cycle with gateway.service.server; readers annotate locally.
GATEWAY: web.AppKey[Any] = web.AppKey("gateway", object)
MOCK: web.AppKey[Any] = web.AppKey("mock", object)
