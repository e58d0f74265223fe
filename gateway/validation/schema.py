"""A small JSON Schema subset for the `json_schema` judge (no dependency on `jsonschema`).

The gateway does not depend on the `jsonschema` package, and a golden case only needs to
say "the answer is an object with these fields of these types". Supported keywords:
`type` (string or list), `properties`, `required`, `additionalProperties` (boolean),
`items` (one schema), `enum`, `const`, `minLength`/`maxLength`, `pattern`,
`minimum`/`maximum`, `minItems`/`maxItems`, plus the annotations `title`,
`description`, `$schema`. Any other keyword is refused when the set is loaded
(`check_schema`), so a schema never silently means less than its author wrote.
"""

from __future__ import annotations

import re
from typing import Any

KEYWORDS = frozenset(
    {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "enum",
        "const",
        "minLength",
        "maxLength",
        "pattern",
        "minimum",
        "maximum",
        "minItems",
        "maxItems",
        "title",
        "description",
        "$schema",
    }
)
TYPES = frozenset({"object", "array", "string", "number", "integer", "boolean", "null"})
MAX_DEPTH = 32  # a schema (and an answer) nested deeper than this is refused, not recursed into
MAX_ERRORS = 5


def check_schema(schema: Any, where: str = "json_schema", depth: int = 0) -> None:
    """Raise ValueError naming the first unsupported or malformed keyword."""
    if depth > MAX_DEPTH:
        raise ValueError(f"{where}: nested deeper than {MAX_DEPTH}")
    if not isinstance(schema, dict):
        raise ValueError(f"{where}: a schema must be an object")
    unknown = sorted(set(schema) - KEYWORDS)
    if unknown:
        raise ValueError(
            f"{where}: unsupported keyword {unknown[0]!r} (supported: {', '.join(sorted(KEYWORDS))})"
        )
    t = schema.get("type")
    if t is not None:
        names = t if isinstance(t, list) else [t]
        if not names or any(n not in TYPES for n in names):
            raise ValueError(f"{where}.type: expected one or more of {', '.join(sorted(TYPES))}")
    props = schema.get("properties")
    if props is not None:
        if not isinstance(props, dict):
            raise ValueError(f"{where}.properties: expected an object")
        for name, sub in props.items():
            check_schema(sub, f"{where}.properties.{name}", depth + 1)
    req = schema.get("required")
    if req is not None and (not isinstance(req, list) or not all(isinstance(x, str) for x in req)):
        raise ValueError(f"{where}.required: expected a list of strings")
    if "additionalProperties" in schema and not isinstance(schema["additionalProperties"], bool):
        raise ValueError(f"{where}.additionalProperties: only true/false are supported")
    if "items" in schema:
        check_schema(schema["items"], f"{where}.items", depth + 1)
    if "enum" in schema and not isinstance(schema["enum"], list):
        raise ValueError(f"{where}.enum: expected a list")
    for key in ("minLength", "maxLength", "minItems", "maxItems"):
        v = schema.get(key)
        if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
            raise ValueError(f"{where}.{key}: expected a non-negative integer")
    for key in ("minimum", "maximum"):
        v = schema.get(key)
        if v is not None and (not isinstance(v, int | float) or isinstance(v, bool)):
            raise ValueError(f"{where}.{key}: expected a number")
    if "pattern" in schema:
        if not isinstance(schema["pattern"], str):
            raise ValueError(f"{where}.pattern: expected a string")
        try:
            re.compile(schema["pattern"])
        except re.error as exc:
            raise ValueError(f"{where}.pattern: invalid regular expression: {exc}") from None


def _type_ok(value: Any, name: str) -> bool:
    if name == "null":
        return value is None
    if name == "boolean":
        return isinstance(value, bool)
    if name == "integer":
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            or (isinstance(value, float) and value.is_integer())
        )
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if name == "string":
        return isinstance(value, str)
    if name == "array":
        return isinstance(value, list)
    return isinstance(value, dict)


def validate(value: Any, schema: dict[str, Any]) -> list[str]:
    """Errors of `value` against a checked schema, at most MAX_ERRORS, each naming its path."""
    errors: list[str] = []
    _validate(value, schema, "$", errors, 0)
    return errors[:MAX_ERRORS]


def _validate(value: Any, schema: dict[str, Any], path: str, errors: list[str], depth: int) -> None:
    if len(errors) >= MAX_ERRORS:
        return
    if depth > MAX_DEPTH:
        errors.append(f"{path}: nested deeper than {MAX_DEPTH}")
        return
    t = schema.get("type")
    if t is not None:
        names = t if isinstance(t, list) else [t]
        if not any(_type_ok(value, n) for n in names):
            errors.append(f"{path}: expected {' or '.join(names)}")
            return
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: expected {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: expected one of {schema['enum']!r}")
    if isinstance(value, str):
        if "minLength" in schema and len(value) < schema["minLength"]:
            errors.append(f"{path}: shorter than {schema['minLength']}")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            errors.append(f"{path}: longer than {schema['maxLength']}")
        if "pattern" in schema and re.search(schema["pattern"], value) is None:
            errors.append(f"{path}: does not match {schema['pattern']!r}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{path}: below {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{path}: above {schema['maximum']}")
    if isinstance(value, dict):
        props = schema.get("properties") or {}
        for name in schema.get("required") or []:
            if name not in value:
                errors.append(f"{path}: missing required {name!r}")
        if schema.get("additionalProperties") is False:
            extra = sorted(k for k in value if k not in props)
            if extra:
                errors.append(f"{path}: unexpected property {extra[0]!r}")
        for name, sub in props.items():
            if name in value:
                _validate(value[name], sub, f"{path}.{name}", errors, depth + 1)
    if isinstance(value, list):
        if "minItems" in schema and len(value) < schema["minItems"]:
            errors.append(f"{path}: fewer than {schema['minItems']} items")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            errors.append(f"{path}: more than {schema['maxItems']} items")
        if "items" in schema:
            for i, item in enumerate(value):
                _validate(item, schema["items"], f"{path}[{i}]", errors, depth + 1)
