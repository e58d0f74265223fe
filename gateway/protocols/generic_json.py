"""Generic JSON: any endpoint, told where its texts are by configured paths."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from gateway.exchange import JsonPath, Segment
from gateway.protocols.base import (
    LENIENT,
    ROLES,
    Policy,
    ProtocolAdapter,
    ProtocolError,
    StreamText,
    fail,
)

Step = str | int | None  # key, index (negative counts from the end), None = every element


def parse_path(spec: str) -> tuple[str, tuple[Step, ...]]:
    """Parse `[role=]path` (see GenericJson). ValueError with the reason on bad syntax, so
    config validation can report it at load time."""
    spec = spec.strip()
    role = "input"
    if "=" in spec:
        role, spec = (s.strip() for s in spec.split("=", 1))
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r} (expected one of {', '.join(sorted(ROLES))})")
    if not spec:
        raise ValueError("empty path")
    steps: list[Step] = []
    for n, part in enumerate(spec.split(".")):
        bracket = part.find("[")
        key, rest = (part, "") if bracket < 0 else (part[:bracket], part[bracket:])
        if "]" in key:
            raise ValueError(f"{spec!r}: unexpected ']'")
        if key:
            steps.append(key)
        elif n > 0 or not rest:
            raise ValueError(f"{spec!r}: empty key")
        while rest:
            close = rest.find("]")
            if not rest.startswith("[") or close < 0:
                raise ValueError(f"{spec!r}: expected '[index]' or '[*]' at {rest!r}")
            inner, rest = rest[1:close], rest[close + 1 :]
            steps.append(None if inner == "*" else _index(inner, spec))
    return role, tuple(steps)


def _index(inner: str, spec: str) -> int:
    digits = inner[1:] if inner.startswith("-") else inner
    if not (digits.isascii() and digits.isdigit()):
        raise ValueError(f"{spec!r}: '[{inner}]' is neither an index nor '*'")
    return int(inner)


def _walk(doc: Any, steps: tuple[Step, ...]) -> list[tuple[Any, JsonPath]]:
    """Follow one parsed path. Missing keys, out-of-range indices and nulls end a branch;
    a container of the wrong kind is a ProtocolError (text may be hiding there)."""
    frontier: list[tuple[Any, JsonPath]] = [(doc, ())]
    for step in steps:
        nxt: list[tuple[Any, JsonPath]] = []
        for node, path in frontier:
            if node is None:
                continue
            if isinstance(step, str):
                if not isinstance(node, dict):
                    fail(path, "object", node)
                if step in node:
                    nxt.append((node[step], (*path, step)))
                continue
            if not isinstance(node, list):
                fail(path, "array", node)
            if step is None:
                nxt.extend((v, (*path, j)) for j, v in enumerate(node))
            else:
                j = step + len(node) if step < 0 else step
                if 0 <= j < len(node):
                    nxt.append((node[j], (*path, j)))
        frontier = nxt
    return frontier


class GenericJson(ProtocolAdapter):
    """Any JSON endpoint, told where its texts are by configured paths.

    Path syntax: dotted keys, `[N]` for an index (negative from the end), `[*]` for every
    element, e.g. `prompt`, `messages[*].content`, `inputs[0].data[*]`, `[*].text`
    (root array). Keys cannot contain `.`, `[`, `]` or `=`. An optional `role=` prefix
    sets the segment role (default `input`); `output=` paths are read from answers and
    stream events instead of requests (e.g. `output=generated_text`, `output=token.text`).
    Leaves must be strings; null, numbers and booleans are skipped, objects and arrays
    are refused. A leaf reached by two paths is extracted once, with the first path's role.
    """

    name = "generic-json"

    def __init__(self, paths: Sequence[str]) -> None:
        if isinstance(paths, str):
            raise ValueError("paths must be a list of path strings, not one string")
        if not paths:
            raise ValueError("generic-json needs at least one path")
        if not all(isinstance(p, str) for p in paths):
            raise ValueError("paths must be strings")
        parsed = [parse_path(p) for p in paths]
        self.paths = tuple(paths)
        self._request = tuple(p for p in parsed if p[0] != "output")
        self.fields = frozenset(step for _, steps in parsed for step in steps if isinstance(step, str))
        self._response = tuple(p for p in parsed if p[0] == "output")

    def extract(self, doc: Any, policy: Policy = LENIENT) -> list[Segment]:
        return _collect(doc, self._request)

    def extract_response(self, doc: Any) -> list[Segment]:
        return _collect(doc, self._response)

    def stream_texts(self, event: Any) -> list[StreamText]:
        try:
            return [StreamText(s.path, s.text, s.path) for s in _collect(event, self._response) if s.text]
        except ProtocolError:
            return []

    def usage(self, doc: Any) -> dict[str, int] | None:
        return None

    def __repr__(self) -> str:
        return f"<GenericJson {list(self.paths)}>"


def _collect(doc: Any, paths: tuple[tuple[str, tuple[Step, ...]], ...]) -> list[Segment]:
    out: list[Segment] = []
    seen: set[JsonPath] = set()
    for role, steps in paths:
        for node, path in _walk(doc, steps):
            if isinstance(node, str):
                if path not in seen:
                    seen.add(path)
                    out.append(Segment(role, node, path))
            elif isinstance(node, dict | list):
                fail(path, "string", node)
    return out
