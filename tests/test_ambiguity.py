"""The ambiguity check's key count (gateway/protocols/ambiguity.py `_key_ends`): the fast count
for bodies without whitespace after a quote must agree with the regex it stands in for, and a
duplicate key must be found in every JSON layout."""

from __future__ import annotations

import json

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gateway.protocols import ProtocolError, ambiguity

FIELDS = frozenset({"model", "messages", "role", "content"})

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 1000) | st.text(alphabet='ab":\\ \t\n{}', max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text('abc":', max_size=3), inner, max_size=3)
    ),
    max_leaves=12,
)


def _text_keys(body: bytes) -> int:
    n = 0

    def pairs(items: list) -> dict:
        nonlocal n
        n += len(items)
        return dict(items)

    json.loads(body, object_pairs_hook=pairs)
    return n


@given(json_values)
def test_the_key_count_is_an_upper_bound_in_every_layout(value: object) -> None:
    for body in (
        orjson.dumps(value),
        json.dumps(value).encode(),
        json.dumps(value, indent=2).encode(),
        json.dumps(value, separators=(",", " : ")).encode(),
    ):
        assert ambiguity._key_ends(body) >= _text_keys(body)


@pytest.mark.parametrize(
    "body",
    [
        b'{"model":"a","model":"b","messages":[]}',  # compact: the fast count
        b'{"model": "a", "model": "b", "messages": []}',  # json.dumps separators: the fast count
        b'{"model" : "a","model":"b","messages":[]}',  # whitespace before the colon: the regex
        b'{\n  "model": "a",\n  "model": "b",\n  "messages": []\n}',  # pretty-printed: the regex
        b'{"model":"a \\":","messages":[{"role":"user","content":"x","content":"y"}]}',
    ],
)
def test_a_duplicate_key_is_refused_in_every_layout(body: bytes) -> None:
    with pytest.raises(ProtocolError, match="duplicate key"):
        ambiguity.check(body, orjson.loads(body), FIELDS)


@pytest.mark.parametrize(
    "body",
    [
        b'{"model":"a","messages":[{"role":"user","content":"say \\"hi\\": now"}]}',
        b'{"model" :"a","messages":[]}',
        b'{\n "model": "a",\n "messages": []\n}',
    ],
)
def test_unambiguous_bodies_pass(body: bytes) -> None:
    ambiguity.check(body, orjson.loads(body), FIELDS)


@given(json_values)
def test_the_key_end_count_is_the_regex_count_in_every_layout(value: object) -> None:
    """_key_ends counts the `":` pairs of the text with its whitespace deleted: exactly the
    matches of the regex `"[ \\t\\r\\n]*:` it replaced (perf3)."""
    for body in (
        orjson.dumps(value),
        json.dumps(value).encode(),
        json.dumps(value, indent=2).encode(),
        json.dumps(value, separators=(",", " : ")).encode(),
        json.dumps(value, indent="\t", separators=(",", "\r\n:")).encode(),
    ):
        assert ambiguity._key_ends(body) == len(ambiguity._KEY_END.findall(body))


@given(json_values)
def test_a_duplicate_key_is_found_whatever_the_values_hold(value: object) -> None:
    """The colon count is the first step (every key has its colon): values with colons of
    their own send the check to the key-end count, and a repeated key is refused either way."""
    inner = orjson.dumps(value).decode()
    for body in (
        f'{{"model":{inner},"model":"b","messages":[]}}'.encode(),
        f'{{"messages":[],"model" :"a: b","model" : {inner}}}'.encode(),
    ):
        with pytest.raises(ProtocolError, match="duplicate key"):
            ambiguity.check(body, orjson.loads(body), FIELDS)


def test_a_case_variant_is_refused_after_other_keys_were_learned() -> None:
    """The walk remembers keys that are no case variant (bounded); a variant is never one."""
    ok = b'{"model":"a","temperature":1,"messages":[{"role":"user","content":"x","name":"n"}]}'
    for _ in range(2):
        ambiguity.check(ok, orjson.loads(ok), FIELDS)
    for bad in (
        b'{"model":"a","Model":"b","messages":[]}',
        b'{"model":"a","messages":[{"role":"user","Content":"x"}]}',
        b'{"model":"a","messages":[[{"ROLE":"system"}]]}',
    ):
        with pytest.raises(ProtocolError, match="only by case"):
            ambiguity.check(bad, orjson.loads(bad), FIELDS)
    # under an opaque member (a JSON schema's properties) the caller's own keys may fold to a field
    opaque = b'{"model":"a","messages":[],"metadata":{"MODEL":{"Role":[{"Content":1}]}}}'
    ambiguity.check(opaque, orjson.loads(opaque), FIELDS)


def test_the_known_keys_are_bounded() -> None:
    known = ambiguity._KNOWN.setdefault(FIELDS, set(FIELDS))
    for i in range(ambiguity._KNOWN_MAX + 10):
        body = f'{{"model":"a","k{i}":1,"{"x" * 100}":2}}'.encode()
        ambiguity.check(body, orjson.loads(body), FIELDS)
    assert len(known) <= ambiguity._KNOWN_MAX
    assert "x" * 100 not in known
