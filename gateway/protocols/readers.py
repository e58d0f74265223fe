"""Readers shared by several adapters: content parts, optional strings, token-id prompts,
the strings of JSON schemas and of tool inputs."""

from __future__ import annotations

from typing import Any

from gateway.exchange import JsonPath, Segment
from gateway.protocols.base import MISSING, STRICT, Policy, ProtocolError, fail, is_int

# A part type whose content is a file the gateway cannot read as text (base64 PDFs,
# uploaded file ids): refused on strict routes like an unknown type.
UNREADABLE = "\x00unreadable"


def content_parts(
    parts: list[Any],
    path: JsonPath,
    role: str,
    table: dict[str, str | None],
    out: list[Segment],
    policy: Policy = STRICT,
) -> None:
    """Content-part arrays. `table` maps each known part type to the key of its text, to
    None (not text: images, audio) or to UNREADABLE. Types not in the table are refused
    under a strict policy: a server may read them as text (vLLM reads `input_text`,
    `output_text` and `thinking` parts in chat messages)."""
    for j, part in enumerate(parts):
        one_part(part, (*path, j), role, table, out, policy)


def one_part(
    part: Any,
    path: JsonPath,
    role: str,
    table: dict[str, str | None],
    out: list[Segment],
    policy: Policy = STRICT,
) -> None:
    """One typed content part at `path` (see content_parts)."""
    if not isinstance(part, dict):
        fail(path, "content part object", part)
    kind = part.get("type")
    if not isinstance(kind, str):
        fail((*path, "type"), "string", kind)
    key = table.get(kind, MISSING)
    if key is None:
        return
    if key is MISSING or key is UNREADABLE:
        if policy.refuse_unknown:
            what = "unknown" if key is MISSING else "unreadable (not text)"
            raise ProtocolError(
                (*path, "type"), f"content part type {kind[:40]!r} is {what} on a screened route"
            )
        return
    text = part.get(key)
    if not isinstance(text, str):
        fail((*path, key), "string", text)
    out.append(Segment(role, text, (*path, key)))


def read_content(
    content: Any,
    path: JsonPath,
    role: str,
    table: dict[str, str | None],
    out: list[Segment],
    policy: Policy = STRICT,
) -> None:
    if isinstance(content, str):
        out.append(Segment(role, content, path))
    elif isinstance(content, list):
        content_parts(content, path, role, table, out, policy)
    elif content is not None:
        fail(path, "string or array of content parts", content)


def opt_str(value: Any, path: JsonPath, role: str, out: list[Segment], expected: str = "string") -> None:
    if isinstance(value, str):
        out.append(Segment(role, value, path))
    elif value is not None:
        fail(path, expected, value)


def strings_or_tokens(
    value: Any, path: JsonPath, role: str, out: list[Segment], policy: Policy = STRICT
) -> None:
    """OpenAI's `prompt`/`input`: a string, or a list of strings, token ids or id lists.
    Token ids carry no text a filter can read: refused under a strict policy (a route
    opts in with `screening: {token_ids: allow}`); anything else in the list is refused."""
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
            if item and policy.refuse_token_ids:
                raise ProtocolError((*path, i), "token ids cannot be screened on this route")
        elif not is_int(item):
            fail((*path, i), "string, token id or array of token ids", item)
        elif policy.refuse_token_ids:
            raise ProtocolError((*path, i), "token ids cannot be screened on this route")


# JSON Schema keywords whose string values are vocabulary, not prose the model reads.
_SCHEMA_VOCABULARY = frozenset({"type", "format", "$ref", "$schema", "$id", "pattern", "required"})


def schema_strings(schema: Any, path: JsonPath, role: str, out: list[Segment]) -> None:
    """Every prose string of a JSON schema (descriptions, titles, enums, defaults,
    examples): chat templates render the whole schema into the prompt."""
    stack: list[tuple[Any, JsonPath, bool]] = [(schema, path, False)]
    while stack:
        node, npath, vocab = stack.pop()
        if isinstance(node, str):
            if not vocab:
                out.append(Segment(role, node, npath))
        elif isinstance(node, dict):
            for key, value in node.items():
                stack.append((value, (*npath, key), key in _SCHEMA_VOCABULARY))
        elif isinstance(node, list):
            stack.extend((v, (*npath, i), vocab) for i, v in enumerate(node))


def object_strings(value: Any, path: JsonPath, role: str, out: list[Segment]) -> None:
    """Every string leaf of a JSON value (tool inputs sent as objects)."""
    stack: list[tuple[Any, JsonPath]] = [(value, path)]
    while stack:
        node, npath = stack.pop()
        if isinstance(node, str):
            out.append(Segment(role, node, npath))
        elif isinstance(node, dict):
            stack.extend((v, (*npath, k)) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, (*npath, i)) for i, v in enumerate(node))


def list_field(body: dict[str, Any], key: str, what: str, required: bool) -> list[Any]:
    value = body.get(key, MISSING)
    if value is MISSING or value is None:
        if required:
            raise ProtocolError((key,), "required")
        return []
    if not isinstance(value, list):
        fail((key,), what, value)
    return value


def opt_dict(body: dict[str, Any], key: str, path: JsonPath) -> dict[str, Any] | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        fail((*path, key), "object", value)
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


def lenient(fn: Any, *args: Any) -> list[Segment]:
    out: list[Segment] = []
    try:
        fn(*args, out)
    except ProtocolError:
        return []
    return out
