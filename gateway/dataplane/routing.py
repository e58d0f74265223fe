"""Request -> route. First match in config order wins.

Exact paths are a dict lookup; prefix routes are checked in order. The model condition
needs the JSON body, which the caller parses once and passes in (lazily: only when a
candidate route actually has a model condition).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from gateway.config import RouteConfig


@dataclass(frozen=True, slots=True)
class CompiledRoute:
    index: int
    config: RouteConfig
    methods: frozenset[str]
    model_pattern: re.Pattern[str] | None
    headers: tuple[tuple[str, str], ...]

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def needs_model(self) -> bool:
        return self.model_pattern is not None


def _compile_models(models: list[str] | None) -> re.Pattern[str] | None:
    if models is None:
        return None
    return (
        re.compile("|".join(f"(?:{fnmatch.translate(m)})" for m in models)) if models else re.compile(r"(?!)")
    )


class Router:
    def __init__(self, routes: list[RouteConfig]) -> None:
        self.routes = [
            CompiledRoute(
                index=i,
                config=r,
                methods=frozenset(m.upper() for m in r.match.methods),
                model_pattern=_compile_models(r.match.models),
                headers=tuple((k.lower(), v) for k, v in r.match.headers.items()),
            )
            for i, r in enumerate(routes)
        ]
        self._exact: dict[str, list[CompiledRoute]] = {}
        self._prefix: list[CompiledRoute] = []
        for cr in self.routes:
            if cr.config.match.prefix:
                self._prefix.append(cr)
            else:
                self._exact.setdefault(cr.config.match.path, []).append(cr)
        self.by_name = {cr.name: cr for cr in self.routes}

    def candidates(self, path: str) -> list[CompiledRoute]:
        """Routes whose path condition matches, in config order."""
        exact = self._exact.get(path)
        if not self._prefix:
            return exact or []
        found = list(exact or [])
        found.extend(cr for cr in self._prefix if prefix_matches(cr.config.match.path, path))
        found.sort(key=lambda cr: cr.index)
        return found

    def match(
        self,
        candidates: list[CompiledRoute],
        method: str,
        headers: Mapping[str, str],
        model: Callable[[], Any],
    ) -> tuple[CompiledRoute | None, bool]:
        """Pick the first candidate whose method, headers and model match.

        Returns (route, method_mismatch_only) so the caller can answer 405 instead of 404
        when the path exists but not for this method. `model` is called at most once.
        """
        method_mismatch = False
        model_value: Any = _UNSET
        for cr in candidates:
            if method not in cr.methods:
                method_mismatch = True
                continue
            if cr.headers and any(headers.get(k) != v for k, v in cr.headers):
                continue
            if cr.model_pattern is not None:
                if model_value is _UNSET:
                    model_value = model()
                if not isinstance(model_value, str) or not cr.model_pattern.fullmatch(model_value):
                    continue
            return cr, False
        return None, method_mismatch


_UNSET = object()


def prefix_matches(prefix: str, path: str) -> bool:
    """`prefix` covers `path` at a segment boundary: /v1 matches /v1 and /v1/x, never /v1evil
    (a prefix written with a trailing slash, /v1/, already ends on a boundary)."""
    if not path.startswith(prefix):
        return False
    return len(path) == len(prefix) or prefix.endswith("/") or path[len(prefix)] == "/"


_DOT_SEGMENTS = frozenset({".", ".."})


def path_problem(raw_path: str) -> str | None:
    """Why a raw request target is refused, or None. The gateway forwards the raw target,
    so a path an upstream (or a servlet container behind it) resolves differently from the
    gateway's route match must not pass: dot segments, also percent-encoded (%2e%2e) or with
    servlet path parameters (..;x), and fragments (a client never sends one; a `#` here is
    an attempt to confuse a parser). Encoded slashes stay allowed: model names carry them."""
    if "." not in raw_path and "%" not in raw_path and "#" not in raw_path:
        return None  # the usual API path: nothing to look at (one scan per character class)
    path = raw_path.split("?", 1)[0]
    if "#" in path:
        return "fragment in the request target"
    if "%" in path:
        path = path.lower().replace("%2e", ".")
    for segment in path.split("/"):
        if segment.split(";", 1)[0] in _DOT_SEGMENTS:
            return "dot segment"
    return None
