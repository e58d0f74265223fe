"""One way to build the objects tests feed to filters, trackers and the chain.

Every unit test that needs an `Exchange` builds it here, so a new required field or a changed
constructor is one edit, not nine.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import orjson

from gateway.exchange import Exchange, Segment


def segments(*texts: str | tuple[str, str]) -> list[Segment]:
    """`"hi"` is a user message; `("system", "...")` names the role. Paths follow chat messages."""
    out = []
    for i, t in enumerate(texts):
        role, text = ("user", t) if isinstance(t, str) else t
        out.append(Segment(role, text, ("messages", i, "content")))
    return out


def make_exchange(
    *texts: str | tuple[str, str],
    route: str = "chat",
    variant: str = "baseline",
    path: str = "/v1/chat/completions",
    headers: Mapping[str, str] | None = None,
    doc: Any = None,
    principal: str | None = None,
    stream: bool = False,
    latency_s: float | None = None,
    request_id: str = "r",
) -> Exchange:
    """An Exchange as the data path leaves it after extraction: route chosen, texts listed.

    `doc` is the parsed body (and becomes the raw body); `latency_s` backdates the start, as if
    the exchange had taken that long.
    """
    body = orjson.dumps(doc) if doc is not None else b""
    ex = Exchange(request_id=request_id, method="POST", path=path, headers=headers or {}, body=body)
    ex.route, ex.variant, ex.stream, ex.principal = route, variant, stream, principal
    if doc is not None:
        ex.doc = doc
        if isinstance(doc, dict):
            ex.model = doc.get("model")
    if texts:
        ex.texts = segments(*texts)
    if latency_s is not None:
        ex.started = time.perf_counter() - latency_s
    return ex
