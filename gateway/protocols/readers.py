"""Readers shared by several adapters: content parts, optional strings, token-id prompts."""

from __future__ import annotations

from typing import Any

from gateway.exchange import JsonPath, Segment
from gateway.protocols.base import MISSING, ProtocolError, fail, is_int


def content_parts(
    parts: list[Any], path: JsonPath, role: str, text_types: frozenset[str], out: list[Segment]
) -> None:
    """Content-part arrays: text parts are texts, other typed parts (images, files) are not."""
    for j, part in enumerate(parts):
        if not isinstance(part, dict):
            fail((*path, j), "content part object", part)
        kind = part.get("type")
        if not isinstance(kind, str):
            fail((*path, j, "type"), "string", kind)
        if kind in text_types:
            text = part.get("text")
            if not isinstance(text, str):
                fail((*path, j, "text"), "string", text)
            out.append(Segment(role, text, (*path, j, "text")))


def read_content(
    content: Any, path: JsonPath, role: str, text_types: frozenset[str], out: list[Segment]
) -> None:
    if isinstance(content, str):
        out.append(Segment(role, content, path))
    elif isinstance(content, list):
        content_parts(content, path, role, text_types, out)
    elif content is not None:
        fail(path, "string or array of content parts", content)


def opt_str(value: Any, path: JsonPath, role: str, out: list[Segment], expected: str = "string") -> None:
    if isinstance(value, str):
        out.append(Segment(role, value, path))
    elif value is not None:
        fail(path, expected, value)


def strings_or_tokens(value: Any, path: JsonPath, role: str, out: list[Segment]) -> None:
    """OpenAI's `prompt`/`input`: a string, or a list of strings, token ids or id lists.
    Token ids are not text; anything else in the list is refused rather than skipped."""
    if isinstance(value, str):
        out.append(Segment(role, value, path))
        return
    if not isinstance(value, list):
        fail(path, "string or array", value)
    for i, item in enumerate(value):
        if isinstance(item, str):
            out.append(Segment(role, item, (*path, i)))
        elif isinstance(item, list):
            for k, tok in enumerate(item):
                if not is_int(tok):
                    fail((*path, i, k), "token id (integer)", tok)
        elif not is_int(item):
            fail((*path, i), "string, token id or array of token ids", item)


def list_field(body: dict[str, Any], key: str, what: str, required: bool) -> list[Any]:
    value = body.get(key, MISSING)
    if value is MISSING or value is None:
        if required:
            raise ProtocolError((key,), "required")
        return []
    if not isinstance(value, list):
        fail((key,), what, value)
    return value


def answer_items(body: Any, key: str, what: str) -> list[Any]:
    """Response-side list field: absent (e.g. an error body) means no texts."""
    if not isinstance(body, dict):
        fail((), "JSON object", body)
    return list_field(body, key, what, required=False)


def role_of(msg: dict[str, Any], path: JsonPath, table: dict[str, str]) -> str:
    """Map the wire role; unknown roles (llama's `ipython`, custom templates) are screened
    as `user`, the least trusted role, instead of being refused or trusted."""
    role = msg.get("role")
    if not isinstance(role, str):
        fail((*path, "role"), "string", role)
    return table.get(role, "user")


def choice_deltas(event: Any, sub: tuple[str, ...]) -> list[Segment]:
    """`choices[i].<sub>` strings of a stream chunk; lenient, since upstreams vary."""
    choices = event.get("choices") if isinstance(event, dict) else None
    if not isinstance(choices, list):
        return []
    out: list[Segment] = []
    for i, choice in enumerate(choices):
        node = choice
        for key in sub:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, str) and node:
            out.append(Segment("output", node, ("choices", i, *sub)))
    return out


def lenient(fn: Any, *args: Any) -> list[Segment]:
    out: list[Segment] = []
    try:
        fn(*args, out)
    except ProtocolError:
        return []
    return out
