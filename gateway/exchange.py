"""The Exchange: one request's state as it flows through the gateway.

Everything a filter, the router, the forwarder, the audit writer and the metrics need
about one request lives here, so nothing is stashed on shared objects. No aiohttp import:
filters receive this object and must stay framework-free.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from filters.base import Action, Decision

JsonPath = tuple[str | int, ...]


@dataclass(slots=True, eq=False)
class Segment:
    """A piece of prompt or answer text with its role and its location in the JSON body.

    Roles: system, user, assistant (history), tool (tool results), document (retrieved
    context), input (embeddings / model-server inputs), output (the answer).
    """

    role: str
    text: str
    path: JsonPath


@dataclass(slots=True, eq=False)
class Exchange:
    """Per-request state. Created by the server, filled in as the request progresses."""

    request_id: str
    method: str
    path: str
    headers: Mapping[str, str]
    body: bytes
    client_ip: str = ""
    started: float = field(default_factory=time.perf_counter)
    started_wall: float = field(default_factory=time.time)
    doc: Any = None  # parsed JSON body (None when not JSON or not needed)
    model: str | None = None
    stream: bool = False
    route: str = ""
    config_version: str = ""
    texts: list[Segment] = field(default_factory=list)
    principal: str | None = None
    variant: str = "baseline"
    upstream: str = ""
    decisions: list[Decision] = field(default_factory=list)
    texts_changed: bool = False
    response_status: int = 0
    response_doc: Any = None
    response_texts: list[Segment] = field(default_factory=list)
    response_changed: bool = False
    observed_model: str | None = None
    usage: dict[str, Any] | None = None
    response_headers: dict[str, str] = field(default_factory=dict)
    degraded: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    state: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    def outcome_action(self) -> Action:
        """The most severe effective action so far (what the chain did to this request)."""
        best = Action.ALLOW
        for d in self.decisions:
            if d.effective and d.action > best:
                best = d.action
        return best

    def elapsed(self) -> float:
        return time.perf_counter() - self.started
