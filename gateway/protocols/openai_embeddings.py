"""OpenAI embeddings: texts in, vectors out."""

from __future__ import annotations

from typing import Any

from gateway.exchange import Segment
from gateway.protocols.base import (
    LENIENT,
    MISSING,
    Policy,
    ProtocolAdapter,
    ProtocolError,
    body_object,
)
from gateway.protocols.readers import (
    strings_or_tokens,
)


class OpenAIEmbeddings(ProtocolAdapter):
    """POST /v1/embeddings: texts go in, vectors come out, so answers carry no text."""

    name = "openai-embeddings"
    max_tokens_fields = ()
    tools_keys = ()

    def is_stream(self, doc: Any) -> bool:
        return False

    fields = frozenset({"model", "input", "encoding_format", "dimensions"})

    def extract(self, doc: Any, policy: Policy = LENIENT) -> list[Segment]:
        body = body_object(doc)
        value = body.get("input", MISSING)
        if value is MISSING:
            raise ProtocolError(("input",), "required")
        out: list[Segment] = []
        strings_or_tokens(value, ("input",), "input", out, policy)
        return out
