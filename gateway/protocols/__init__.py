"""Protocol adapters: where the texts are in a provider's JSON, and how to put them back.

One module per wire format (openai_chat, openai_completions, openai_embeddings,
openai_responses, anthropic_messages, kserve_v2, generic_json); base.py holds the
contract every adapter implements, readers.py the readers several share, registry.py
the name -> adapter table. Nothing outside this package knows a provider's field names.
"""

from gateway.protocols.base import (
    ROLES,
    ProtocolAdapter,
    ProtocolError,
    format_path,
    get_at,
    merge_usage,
    set_at,
)
from gateway.protocols.generic_json import parse_path
from gateway.protocols.registry import PROTOCOL_NAMES, adapter_named, get_adapter

__all__ = [
    "PROTOCOL_NAMES",
    "ROLES",
    "ProtocolAdapter",
    "ProtocolError",
    "adapter_named",
    "format_path",
    "get_adapter",
    "get_at",
    "merge_usage",
    "parse_path",
    "set_at",
]
