"""The one sanitizer for text that reaches a JSON record or a log line.

aiohttp decodes request heads with `surrogateescape`, so a header byte that is not UTF-8
(`x-request-id: \\xff`) arrives as a lone surrogate, and orjson refuses to serialize it:
before this module such a byte made the audit seal, the error body and the access line
raise, and the mandatory record was lost. Every serializer of records and log lines goes
through `dumps`, which costs nothing on valid text (orjson's own check) and, only when
orjson refuses, escapes the offending characters as `\\xNN` text (the original byte) and
tries again. Nothing is dropped: the escaped form shows exactly what the client sent.
"""

from __future__ import annotations

from typing import Any

import orjson

_MAX_DEPTH = 64


def clean_text(text: str) -> str:
    """`text` if it encodes as UTF-8; else the same text with each bad character escaped
    (`\\xff` for a byte aiohttp smuggled in as a surrogate, `\\ud800` for any other)."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:  # bytes the HTTP parser could not decode: show the byte itself
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # surrogates that are not escaped bytes
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def clean_tree(value: Any, depth: int = 0) -> Any:
    """A copy of a JSON-like value with every string (keys too) passed through clean_text."""
    if isinstance(value, str):
        return clean_text(value)
    if depth > _MAX_DEPTH:
        return value
    if isinstance(value, dict):
        return {
            (clean_text(k) if isinstance(k, str) else k): clean_tree(v, depth + 1) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [clean_tree(v, depth + 1) for v in value]
    return value


def dumps(value: Any, option: int | None = None) -> bytes:
    """orjson.dumps that never fails on text: invalid UTF-8 is escaped, not dropped."""
    try:
        return orjson.dumps(value, option=option)
    except TypeError as exc:  # orjson.JSONEncodeError is a TypeError
        if "UTF-8" not in str(exc):
            raise
    return orjson.dumps(clean_tree(value), option=option)
