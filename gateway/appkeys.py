"""Typed aiohttp application keys shared by the data plane, admin plane and mock."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:  # type-only: the Gateway imports the wings, which read this key
    from gateway.service.gateway import Gateway

GATEWAY: web.AppKey[Gateway] = web.AppKey("gateway")
MOCK: web.AppKey[Any] = web.AppKey("mock")
