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

    The text's keys are counted in up to two steps (perf3; callgrind instructions per call
    on the bench's 1,049-byte chat body). Every key is followed by a colon of its own, so
    the colons are an upper bound of the keys too, and when there are exactly as many
    colons as members no key can be repeated: `bytes.count(b":")`, ~6k. Only a body with
    colons in its values (URLs, times, code) goes on to count the key ends (`_key_ends`,
    ~18.5k). The regex findall that counted them on every body before was ~28k.
    """
    folded = _FOLDED.get(fields) or _folded(fields)
    keys = _walk(doc, fields, folded)
    if keys < 0:
        _name_case_variant(doc, fields, folded)
    if body.count(b":") != keys and _key_ends(body) != keys:
        _find_duplicate(body)


_WHITESPACE = b" \t\r\n"  # JSON's insignificant whitespace


def _key_ends(body: bytes) -> int:
    """Upper bound of the keys in the text: the matches of _KEY_END (each key's closing quote
    and its colon, plus any `\\":` inside a string value), counted as the `":` pairs of the
    text with its whitespace deleted. Those are exactly the matches: a deleted run between a
    quote and a colon is what the regex's `[ \\t\\r\\n]*` skips, and the pairs cannot overlap
    (tests/test_ambiguity.py checks the two counts agree in every JSON layout)."""
    return body.translate(None, _WHITESPACE).count(b'":')
    # Measured against alternatives on the bench's 1 KB chat body (timeit, 2026-12-06): findall
    # 3.0 us; `b'" ' in body` and its three twins (to take bytes.count(b'":') when no quote is
    # followed by whitespace) 8.3 us for the four scans: a two-byte `in` is slow. Callgrind,
    # instructions per call (perf3): len(_KEY_END.findall(body)) 28k, translate + count 18.5k,
    # four `replace` deletions + count 19.7k, a two-byte `in` ~6k each, bytes.count ~5-6k.


_FOLDED: dict[frozenset[str], dict[str, str]] = {}


def _folded(fields: frozenset[str]) -> dict[str, str]:
    """casefold() -> field; casefold covers Go's extra folds (U+017F -> s, U+212A -> k)."""
    table = _FOLDED.get(fields)
    if table is None:
        table = _FOLDED[fields] = {f.casefold(): f for f in fields}
    return table


# Keys known not to be a case variant of a field, per field set: the protocol's fields plus
# the other keys seen (`temperature`, `top_p`, ...), so that no key is folded twice. Bounded:
# keys are the caller's strings.
_KNOWN: dict[frozenset[str], set[str]] = {}
_KNOWN_MAX = 4096
_KNOWN_KEY_CHARS = 64


def _walk(doc: Any, fields: frozenset[str], folded: dict[str, str]) -> int:
    """Number of object members in `doc`, or -1 at the first case variant of a field.

    Containers under an opaque member (OPAQUE_KEYS) go on a stack of their own: counted,
    their keys not compared with the fields. The objects of a list (the messages) are read
    in the list's loop, not pushed and popped one by one. perf3 (timeit on the bench's chat
    body): 3.7 -> 3.0 us; the memo of known keys spares `casefold()` for the body's other
    parameters (`temperature`), no (node, opaque) tuple is built per container."""
    known = _KNOWN.get(fields)
    if known is None:
        known = _KNOWN[fields] = set(fields)
    count = 0
    stack: list[Any] = [doc] if type(doc) is dict or type(doc) is list else []
    opaque: list[Any] = []
    pop, push = stack.pop, stack.append
    while stack:
        node = pop()
        if type(node) is list:
            for value in node:
                if type(value) is dict:
                    count += len(value)
                    for key, v in value.items():
                        if key not in known:
                            if key.casefold() in folded:
                                return -1
                            _learn(known, key)
                        if type(v) is dict:
                            (opaque if key in OPAQUE_KEYS else stack).append(v)
                        elif type(v) is list:
                            push(v)
                elif type(value) is list:
                    push(value)
            continue
        count += len(node)
        for key, value in node.items():
            if key not in known:
                if key.casefold() in folded:
                    return -1
                _learn(known, key)
            if type(value) is dict:
                (opaque if key in OPAQUE_KEYS else stack).append(value)
            elif type(value) is list:
                push(value)
    while opaque:
        node = opaque.pop()
        if type(node) is dict:
            count += len(node)
            node = node.values()
        for value in node:
            if type(value) is dict or type(value) is list:
                opaque.append(value)
    return count


def _learn(known: set[str], key: str) -> None:
    if len(known) < _KNOWN_MAX and len(key) <= _KNOWN_KEY_CHARS:
        known.add(key)


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
