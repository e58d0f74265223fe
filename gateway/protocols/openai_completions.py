"""OpenAI legacy completions: prompt in, choices[].text out."""

from __future__ import annotations

from typing import Any

from gateway.exchange import Segment
from gateway.protocols.base import (
    ProtocolAdapter,
    body_object,
    fail,
)
from gateway.protocols.readers import (
    answer_items,
    choice_deltas,
    opt_str,
    strings_or_tokens,
)


class OpenAICompletions(ProtocolAdapter):
    """POST /v1/completions: the legacy prompt-in, text-out API (still vLLM's default)."""

    name = "openai-completions"

    def extract(self, doc: Any) -> list[Segment]:
        body = body_object(doc)
        out: list[Segment] = []
        prompt = body.get("prompt")
        if prompt is not None:
            strings_or_tokens(prompt, ("prompt",), "user", out)
        opt_str(body.get("suffix"), ("suffix",), "user", out)
        return out

    def extract_response(self, doc: Any) -> list[Segment]:
        out: list[Segment] = []
        for i, choice in enumerate(answer_items(doc, "choices", "array of choices")):
            if not isinstance(choice, dict):
                fail(("choices", i), "choice object", choice)
            opt_str(choice.get("text"), ("choices", i, "text"), "output", out)
        return out

    def stream_segments(self, event: Any) -> list[Segment]:
        return choice_deltas(event, ("text",))

    def stream_usage(self, event: Any) -> dict[str, int] | None:
        return self.usage(event)
