"""One meaning for every parser: refuse request bodies that JSON parsers read differently.

The gateway parses with orjson (exact keys, the last duplicate wins) and forwards the
original bytes. Upstreams parse with something else: Go's encoding/json (Ollama and
many gateways) matches struct fields case-insensitively with Unicode folding and keeps
the last match, other parsers keep the first duplicate. A body where those readings
differ lets an attacker show the filters one text and the model another:
`{"model": "a", "MODEL": "b"}`, `{"role": "user", "Role": "system"}`,
`{"content": "ok", "content": "<injection>"}`. Such bodies are refused (400
`invalid_body` naming the path); forwarding a canonical re-serialization instead was
measured and rejected (see `check`).

Invalid surrogates need no check here: orjson already refuses lone surrogate escapes
and non-UTF-8 bytes (400 `invalid_json`), where Go would read them as U+FFFD.
"""

from __future__ import annotations

import json
import re
from typing import Any

from gateway.exchange import JsonPath
from gateway.protocols.base import ProtocolError

# Object members whose keys are the caller's own names (JSON schemas, tool inputs,
# metadata), not protocol fields, when their value is an object: Go reads them into maps, which match keys exactly, so
# a key there that folds to a protocol field name is not ambiguous. Duplicates still are.
OPAQUE_KEYS = frozenset(
    {"parameters", "input_schema", "schema", "properties", "metadata", "$defs", "definitions", "input"}
)

# `"` + optional JSON whitespace + `:` ends every object key. Inside a string a `"` is
# always escaped, so the count of these sequences is the number of keys in the text plus
# any `\":` inside string values: never fewer keys than the text holds.
_KEY_END = re.compile(rb'"[ \t\r\n]*:')


def check(body: bytes, doc: Any, fields: frozenset[str]) -> None:
    """Raise ProtocolError if `body` (parsed by orjson into `doc`) has a duplicate key at
    any depth, or a key that equals one of the protocol's `fields` only up to case.

    Cost, measured on a 962-byte chat body (timeit, min of 9 runs, 2 shared cores under
    load): the check is 7.5 us (the walk that counts keys and folds unknown keys 3.7 us,
    the regex count of key ends 2.9 us) against 2.0 us for orjson.loads. The exact
    duplicate search (the stdlib parser with an object_pairs_hook, 13.3 us) runs only when
    the two counts differ: a duplicate, or a string value containing `\\":`. Forwarding a
    canonical re-serialization instead would cost 0.5 us (orjson.dumps) but would still
    need the duplicate search on every body, since orjson keeps the last copy silently and
    leaves no evidence: 13.8 us, and every screened request's bytes would change.
    """
    folded = _folded(fields)
    keys = _walk(doc, fields, folded)
    if keys < 0:
        _name_case_variant(doc, fields, folded)
    if _key_ends(body) != keys:
        _find_duplicate(body)


def _key_ends(body: bytes) -> int:
    """Upper bound of the keys in the text (see _KEY_END): one regex pass, 3.0 us on a
    779-byte chat body against 1.3 us for bytes.count(b'":') alone, which misses keys
    written `"k" :` and would need four more scans to rule them out."""
    return len(_KEY_END.findall(body))
    # Measured against alternatives on the bench's 1 KB chat body (timeit, 2026-12-06): findall
    # 3.0 us; `b'" ' in body` and its three twins (to take bytes.count(b'":') when no quote is
    # followed by whitespace) 8.3 us for the four scans: a two-byte `in` is slow. count(b":")
    # is 0.7 us but every colon in a text (URLs, times) makes it miss: not worth the branch.


_FOLDED: dict[frozenset[str], dict[str, str]] = {}


def _folded(fields: frozenset[str]) -> dict[str, str]:
    """casefold() -> field; casefold covers Go's extra folds (U+017F -> s, U+212A -> k)."""
    table = _FOLDED.get(fields)
    if table is None:
        table = _FOLDED[fields] = {f.casefold(): f for f in fields}
    return table


def _walk(doc: Any, fields: frozenset[str], folded: dict[str, str]) -> int:
    """Number of object members in `doc`, or -1 at the first case variant of a field."""
    count = 0
    stack: list[tuple[Any, bool]] = [(doc, False)]
    pop, push = stack.pop, stack.append
    while stack:
        node, opaque = pop()
        if type(node) is dict:
            count += len(node)
            for key, value in node.items():
                if not opaque and key not in fields and key.casefold() in folded:
                    return -1
                if type(value) is dict or type(value) is list:
                    push((value, opaque or (key in OPAQUE_KEYS and type(value) is dict)))
        elif type(node) is list:
            for value in node:
                if type(value) is dict or type(value) is list:
                    push((value, opaque))
    return count


def _name_case_variant(doc: Any, fields: frozenset[str], folded: dict[str, str]) -> None:
    stack: list[tuple[Any, JsonPath, bool]] = [(doc, (), False)]
    while stack:
        node, path, opaque = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if not opaque and key not in fields and key.casefold() in folded:
                    raise ProtocolError(
                        (*path, key),
                        f"key differs from the field {folded[key.casefold()]!r} only by case; "
                        "parsers disagree on such keys",
                    )
                stack.append(
                    (value, (*path, key), opaque or (key in OPAQUE_KEYS and isinstance(value, dict)))
                )
        elif isinstance(node, list):
            stack.extend((v, (*path, i), opaque) for i, v in enumerate(node))


class _Duplicate(dict):
    """Stands in for an object with a repeated key, so the walk below can name its path."""

    key = ""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            dup = _Duplicate(out)
            dup.key = key
            return dup
        out[key] = value
    return out


def _find_duplicate(body: bytes) -> None:
    doc = json.loads(body, object_pairs_hook=_pairs)
    stack: list[tuple[Any, JsonPath]] = [(doc, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, _Duplicate):
            raise ProtocolError((*path, node.key), "duplicate key; parsers disagree on which copy counts")
        if isinstance(node, dict):
            stack.extend(((v, (*path, k)) for k, v in node.items()))
        elif isinstance(node, list):
            stack.extend((v, (*path, i)) for i, v in enumerate(node))
