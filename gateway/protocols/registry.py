"""The adapter for a route's `protocol` name: one stateless instance per fixed protocol,
one cached instance per distinct generic-json path list."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from gateway.protocols.anthropic_messages import AnthropicMessages
from gateway.protocols.base import ProtocolAdapter
from gateway.protocols.generic_json import GenericJson
from gateway.protocols.kserve_v2 import KServeV2
from gateway.protocols.openai_chat import OpenAIChat
from gateway.protocols.openai_completions import OpenAICompletions
from gateway.protocols.openai_embeddings import OpenAIEmbeddings
from gateway.protocols.openai_responses import OpenAIResponses

_FIXED: dict[str, ProtocolAdapter] = {
    a.name: a
    for a in (
        OpenAIChat(),
        OpenAICompletions(),
        OpenAIEmbeddings(),
        OpenAIResponses(),
        AnthropicMessages(),
        KServeV2(),
    )
}
PROTOCOL_NAMES: tuple[str, ...] = (*_FIXED, GenericJson.name)


def get_adapter(name: str, *, paths: Sequence[str] = ()) -> ProtocolAdapter:
    """The adapter for a route's `protocol`. Unknown name -> KeyError; `paths` are required
    by generic-json and refused elsewhere (ValueError), so a misconfigured route fails at
    load time rather than silently screening nothing."""
    if isinstance(paths, str):
        raise ValueError("paths must be a list of path strings, not one string")
    if name == GenericJson.name:
        return _generic(tuple(paths))
    try:
        adapter = _FIXED[name]
    except KeyError:
        raise KeyError(f"unknown protocol {name!r} (known: {', '.join(PROTOCOL_NAMES)})") from None
    if paths:
        raise ValueError(f"protocol {name!r} takes no paths; only generic-json does")
    return adapter


@lru_cache(maxsize=64)
def _generic(paths: tuple[str, ...]) -> GenericJson:
    return GenericJson(paths)


_PLAIN = ProtocolAdapter()


def adapter_named(name: str) -> ProtocolAdapter:
    """A fixed adapter by name, for what does not depend on a route's paths (error events,
    finish reasons); generic-json and unknown names get the base adapter (the OpenAI error
    shape, which most JSON clients understand)."""
    return _FIXED.get(name, _PLAIN)
