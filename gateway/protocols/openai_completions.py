"""OpenAI legacy completions: prompt in, choices[].text out (still vLLM's default).

Inventory: `prompt` (a string, strings, or token ids: refused on screened routes unless
the route opts in), `suffix`. Answers: `choices[].text`, streamed per choice.
"""

from __future__ import annotations

import copy
from typing import Any

from gateway.exchange import Segment
from gateway.protocols.base import LENIENT, Policy, ProtocolAdapter, StreamText, body_object, fail
from gateway.protocols.openai_chat import (
    ask_include_usage,
    chat_deltas,
    choice_closes,
    first_finish_reason,
    has_logprobs,
    is_usage_chunk,
    logprobs_option,
)
from gateway.protocols.readers import answer_items, opt_str, strings_or_tokens

FIELDS = frozenset(
    {"model", "prompt", "suffix", "stream", "n", "best_of", "max_tokens", "stream_options", "choices", "text"}
)


class OpenAICompletions(ProtocolAdapter):
    """POST /v1/completions."""

    name = "openai-completions"
    max_tokens_fields = ("max_tokens",)
    max_tokens_field = "max_tokens"
    tools_keys = ()
    fields = FIELDS

    def extract(self, doc: Any, policy: Policy = LENIENT) -> list[Segment]:
        body = body_object(doc)
        out: list[Segment] = []
        prompt = body.get("prompt")
        if prompt is not None:
            strings_or_tokens(prompt, ("prompt",), "user", out, policy)
        opt_str(body.get("suffix"), ("suffix",), "user", out)
        return out

    def choices(self, doc: Any) -> int:
        """`best_of` candidates are generated server side; only `n` reach the client."""
        return super().choices(doc)

    def unscreened_answer_option(self, doc: Any) -> str | None:
        return logprobs_option(doc, ("logprobs",))

    def unscreened_in_answer(self, doc: Any) -> bool:
        return has_logprobs(doc)

    def extract_response(self, doc: Any) -> list[Segment]:
        out: list[Segment] = []
        for i, choice in enumerate(answer_items(doc, "choices", "array of choices")):
            if not isinstance(choice, dict):
                fail(("choices", i), "choice object", choice)
            opt_str(choice.get("text"), ("choices", i, "text"), "output", out)
        return out

    def finish_reason(self, doc: Any) -> str | None:
        return first_finish_reason(doc)

    def stream_texts(self, event: Any) -> list[StreamText]:
        return chat_deltas(event, "")

    def stream_closes(self, event: Any) -> tuple[Any, ...] | None:
        return choice_closes(event)

    def stream_text_event(self, template: Any, part: StreamText, text: str) -> Any:
        choice = copy.copy(template["choices"][part.path[1]])
        choice.update(text=text, finish_reason=None, logprobs=None)
        event = {k: v for k, v in template.items() if k not in ("choices", "usage")}
        event["choices"] = [choice]
        return event

    def stream_usage(self, event: Any) -> dict[str, int] | None:
        return self.usage(event)

    def ask_usage(self, doc: Any) -> bool:
        return ask_include_usage(doc)

    def usage_only(self, event: Any) -> bool:
        return is_usage_chunk(event)
