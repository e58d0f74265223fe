"""Golden set files: JSONL, one case per line, read and checked when a config is loaded.

A case is `{"id": "...", "expect": {...}, ...body fields}`: every key other than `id`,
`expect` and `path` is the request body the route's protocol reads (`messages` for chat,
`prompt`, `input`, ...). A bad line (not JSON, unknown expect key, a body the protocol
cannot read, a duplicate id) is a config error naming the file and the line, so a broken
set never ships and a reload with one keeps the old config serving.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from pydantic import ValidationError

from gateway.validation.judges import Expect

if TYPE_CHECKING:
    from gateway.config import GatewayConfig

MAX_SET_BYTES = 16 << 20  # a golden set is hand-curated: 16 MiB is thousands of cases
MAX_CASES = 10_000
_RESERVED = ("id", "expect", "path")


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    body: dict[str, Any]  # the request body fields
    expect: Expect
    line: int
    path: str | None = None  # request path override (routes matched by prefix)


@dataclass(frozen=True, slots=True)
class CaseSet:
    name: str
    path: str  # resolved file path
    cases: tuple[Case, ...]
    sha256: str  # of the file's bytes: which version of the set a result was judged on

    @property
    def short_sha(self) -> str:
        return self.sha256[:12]


def _loc(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc)


def parse_case(doc: Any, where: str, line: int) -> Case:
    """One decoded line -> Case; ValueError with `where:line: ...` messages."""
    if not isinstance(doc, dict):
        raise ValueError(f"{where}:{line}: a case must be a JSON object")
    cid = doc.get("id")
    if not isinstance(cid, str) or not cid or len(cid) > 200:
        raise ValueError(f"{where}:{line}: id: expected a non-empty string of at most 200 characters")
    raw = doc.get("expect", {})
    if not isinstance(raw, dict):
        raise ValueError(f"{where}:{line}: expect: expected an object")
    try:
        expect = Expect.model_validate(raw)
    except ValidationError as exc:
        msgs = []
        for err in exc.errors():
            path = _loc(("expect", *err["loc"]))
            msgs.append(f"{where}:{line}: {path}: {err['msg'].removeprefix('Value error, ')}")
        raise ValueError("; ".join(msgs)) from None
    req_path = doc.get("path")
    if req_path is not None and (not isinstance(req_path, str) or not req_path.startswith("/")):
        raise ValueError(f"{where}:{line}: path: expected a string starting with /")
    body = {k: v for k, v in doc.items() if k not in _RESERVED}
    if not body:
        raise ValueError(f"{where}:{line}: no request fields (e.g. messages)")
    return Case(cid, body, expect, line, req_path)


def load_set(name: str, path: Path) -> CaseSet:
    """Read and check one set file. Raises ValueError with file:line messages."""
    try:
        size = path.stat().st_size
        if size > MAX_SET_BYTES:
            raise ValueError(f"{path}: larger than {MAX_SET_BYTES >> 20} MiB")
        data = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"{path}: cannot read: {exc.strerror or exc}") from None
    cases: list[Case] = []
    seen: dict[str, int] = {}
    errors: list[str] = []
    for n, raw_line in enumerate(data.split(b"\n"), 1):
        if not raw_line.strip() or raw_line.lstrip().startswith(b"//"):
            continue  # blank lines and // comments keep a hand-written set readable
        try:
            doc = orjson.loads(raw_line)
        except orjson.JSONDecodeError as exc:
            errors.append(f"{path}:{n}: invalid JSON: {exc}")
            continue
        try:
            case = parse_case(doc, str(path), n)
        except ValueError as exc:
            errors.append(str(exc))
            continue
        if case.id in seen:
            errors.append(f"{path}:{n}: id: duplicate {case.id!r} (first on line {seen[case.id]})")
            continue
        seen[case.id] = n
        cases.append(case)
        if len(cases) > MAX_CASES:
            errors.append(f"{path}:{n}: more than {MAX_CASES} cases")
            break
    if errors:
        raise ValueError("\n".join(errors[:20]))
    if not cases:
        raise ValueError(f"{path}: no cases")
    return CaseSet(name, str(path), tuple(cases), hashlib.sha256(data).hexdigest())


def check_cases(case_set: CaseSet, route: Any, where: str) -> list[str]:
    """Each case must be sendable on the route: a body its protocol adapter reads (same rules
    as a client request) and, on a route matched by prefix, a `path` under that prefix."""
    from gateway.protocols import ProtocolError, get_adapter

    adapter = get_adapter(route.protocol, paths=route.paths)
    errors = []
    for case in case_set.cases:
        try:
            adapter.extract(case.body)
        except ProtocolError as exc:
            errors.append(f"{case_set.path}:{case.line}: {exc} (as {route.protocol} for {where})")
        if route.match.prefix:
            if case.path is None:
                errors.append(
                    f"{case_set.path}:{case.line}: path: needed, {where} matches by prefix {route.match.path}"
                )
            elif not case.path.startswith(route.match.path):
                errors.append(
                    f"{case_set.path}:{case.line}: path: not under {where}'s prefix {route.match.path}"
                )
    return errors


class CaseSetError(ValueError):
    """Every file:line error of the sets a config names (gateway/config.py makes it a ConfigError)."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


def load_sets(cfg: GatewayConfig, base_dir: Path) -> dict[str, CaseSet]:
    """Every set the config names, read from disk; CaseSetError listing all file:line errors."""
    section = cfg.validation
    if section is None:
        return {}
    out: dict[str, CaseSet] = {}
    errors: list[str] = []
    for name, scfg in section.sets.items():
        p = Path(scfg.path)
        if not p.is_absolute():
            p = base_dir / p
        try:
            out[name] = load_set(name, p)
        except ValueError as exc:
            errors.extend(f"validation.sets.{name}: {msg}" for msg in str(exc).split("\n"))
    for i, route in enumerate(cfg.routes):
        rv = route.validation
        if rv is not None and rv.set in out:
            errors.extend(
                f"validation.sets.{rv.set}: {e}" for e in check_cases(out[rv.set], route, f"routes[{i}]")
            )
    if errors:
        raise CaseSetError(errors)
    return out


def versioned(config_version: str, sets: dict[str, CaseSet]) -> str:
    """The config version with every set's content folded in: an edited golden set is a new
    version, so a reload applies it and results name the set they were judged on."""
    if not sets:
        return config_version
    h = hashlib.sha256(config_version.encode())
    for name in sorted(sets):
        h.update(b"\0" + name.encode() + b"\0" + sets[name].sha256.encode())
    return h.hexdigest()
