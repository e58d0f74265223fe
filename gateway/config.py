"""The config file: schema, loading, validation with path-named errors, and the version hash.

The schema is pydantic so that validation, the JSON Schema (`aigw config schema`) and the
docs come from one source and cannot drift. Filter sections are a discriminated union of
the Config classes the filter registry declares, so a new filter type only registers.

Secrets never appear in the file: fields ending in `_env` name environment variables,
resolved when a config generation is built; a missing variable is a load error naming it.
"""

from __future__ import annotations

import hashlib
import io
import ipaddress
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union

import orjson
import yaml
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from filters.access_config import PrincipalConfig
from filters.base import FilterConfig, StrictModel
from filters.registry import FILTER_TYPES, built_in_filter_names
from gateway.audit.config import AuditConfig, RouteAuditConfig
from gateway.protocols import PROTOCOL_NAMES
from gateway.protocols.options import ScreeningConfig
from gateway.rollout.config import CanaryConfig, RolloutConfig, RolloutsSettings, ShadowConfig, validate_route
from gateway.slo.config import DriftConfig, SloConfig
from gateway.validation.cases import CaseSetError, load_sets, versioned
from gateway.validation.config import RouteValidationConfig, ValidationSection, validate_references


def _split_hostport(value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit() or not (0 <= int(port) <= 65535):
        raise ValueError(f"expected host:port, got {value!r}")
    return host.strip("[]") or "0.0.0.0", int(port)


class ServerConfig(StrictModel):
    listen: str = Field(
        default="0.0.0.0:8080", description="Data plane host:port (/v1/..., /healthz, /readyz)."
    )
    admin_listen: str = Field(default="127.0.0.1:8081", description="Admin API and /metrics host:port.")
    admin_token_env: str = Field(
        default="AIGW_ADMIN_TOKEN", description="Environment variable holding the admin bearer token."
    )
    admin_auth: Literal["token", "none"] = Field(
        default="token",
        description="`none` disables the admin token; only allowed when admin_listen is loopback.",
    )
    max_body_bytes: int = Field(
        default=1_048_576, ge=1024, le=268_435_456, description="Largest request body accepted (413 above)."
    )
    workers: int = Field(
        default=1, ge=1, le=64, description=">1 runs N processes sharing the port (SO_REUSEPORT)."
    )
    drain_grace_s: float = Field(
        default=20.0, ge=0, le=600, description="On SIGTERM, how long in-flight requests may finish."
    )
    access_log: bool = Field(default=True, description="One structured JSON line per request on stderr.")
    client_header_timeout_s: float = Field(
        default=15.0,
        ge=0,
        le=600,
        description="Close a connection whose request headers have not fully arrived in this time "
        "(slowloris defence), on the data and the admin listener; 0 disables.",
    )
    client_body_timeout_s: float = Field(
        default=30.0,
        gt=0,
        le=3600,
        description="A request body that has not fully arrived this long after its head is answered "
        "408 and the connection closed.",
    )
    client_keepalive_timeout_s: float = Field(
        default=60.0,
        gt=0,
        le=3600,
        description="An idle kept-alive client connection (both listeners) is closed after this.",
    )
    max_answer_bytes: int = Field(
        default=32 * 1024 * 1024,
        ge=1024,
        le=1 << 34,
        description="Largest complete answer read whole (routes with response filters or a model "
        "pin); a larger one is answered 502 answer_too_large.",
    )
    drain_announce_s: float = Field(
        default=2.0,
        ge=0,
        le=60,
        description="On SIGTERM, keep accepting connections this long, answering /readyz 503 and new "
        "requests 503 draining, so load balancers see the drain; then stop listening.",
    )

    @field_validator("listen", "admin_listen")
    @classmethod
    def _hostport(cls, v: str) -> str:
        _split_hostport(v)
        return v

    @model_validator(mode="after")
    def _admin_none_only_on_loopback(self) -> ServerConfig:
        if self.admin_auth == "none":
            host, _ = _split_hostport(self.admin_listen)
            if not _is_loopback(host):
                raise ValueError("admin_auth: none is only allowed when admin_listen is a loopback address")
        return self

    @property
    def listen_addr(self) -> tuple[str, int]:
        return _split_hostport(self.listen)

    @property
    def admin_addr(self) -> tuple[str, int]:
        return _split_hostport(self.admin_listen)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class UpstreamAuth(StrictModel):
    header: str = Field(
        default="Authorization", min_length=1, description="Header carrying the upstream credential."
    )
    prefix: str = Field(default="", description='Prefix before the secret, e.g. "Bearer ".')
    value_env: str = Field(min_length=1, description="Environment variable holding the secret.")


class UpstreamConfig(StrictModel):
    url: str = Field(description="Base URL (http or https); the request path is appended.")
    expect_model: str | None = Field(
        default=None, description="Model identity pin: the `model` answers should carry."
    )
    timeout_s: float = Field(default=60.0, gt=0, le=3600, description="Total time for one upstream exchange.")
    connect_timeout_s: float = Field(default=5.0, gt=0, le=120, description="TCP/TLS connect timeout.")
    read_idle_timeout_s: float = Field(
        default=30.0, gt=0, le=3600, description="Longest silence between two chunks of an answer."
    )
    max_connections: int = Field(
        default=256, ge=1, le=10_000, description="Pool size (keep-alive connections)."
    )
    retries: int = Field(
        default=1, ge=0, le=5, description="Retries when the connection failed before any byte was sent."
    )
    auth: UpstreamAuth | None = Field(
        default=None, description="Credential injected on every upstream request."
    )
    on_model_mismatch: Literal["allow", "block"] = Field(
        default="allow",
        description="An answer whose model differs from expect_model: count and pass (allow) or 502 (block).",
    )

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        if not (v.startswith("http://") or v.startswith("https://")):
            raise ValueError("must start with http:// or https://")
        if "?" in v or "#" in v:
            raise ValueError("must not contain a query or fragment")
        return v.rstrip("/")


class RouteMatch(StrictModel):
    path: str = Field(description="Request path to match, e.g. /v1/chat/completions.")
    prefix: bool = Field(default=False, description="Match any path starting with `path`.")
    models: list[str] | None = Field(
        default=None, description="Model names (glob patterns) from the JSON body; omitted = any."
    )
    headers: dict[str, str] = Field(default_factory=dict, description="Header equality conditions.")
    methods: list[str] = Field(
        default_factory=lambda: ["POST"], description="HTTP methods this route accepts."
    )

    @field_validator("path")
    @classmethod
    def _path(cls, v: str) -> str:
        if not v.startswith("/"):
            raise ValueError("must start with /")
        return v


class RouteConfig(StrictModel):
    name: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$", description="Route name (metrics label, admin API).")
    match: RouteMatch
    protocol: str = Field(default="openai-chat", description=f"One of: {', '.join(PROTOCOL_NAMES)}.")
    paths: list[str] = Field(default_factory=list, description="generic-json only: paths of the text fields.")
    filters: list[str] = Field(default_factory=list, description="Request filters, in order.")
    response_filters: list[str] = Field(default_factory=list, description="Filters run on answers, in order.")
    screening: ScreeningConfig = Field(
        default_factory=ScreeningConfig,
        description="How strictly a screened route reads bodies (docs/protocols.md).",
    )
    upstream: str = Field(description="Name of an entry under `upstreams`.")
    on_filter_error: Literal["fail_closed", "fail_open"] = Field(
        default="fail_closed",
        description="When a filter crashes or times out: 503 (fail_closed) or continue.",
    )
    filter_budget_ms: float = Field(
        default=1000.0, gt=0, le=60_000, description="Latency budget for the whole request filter chain."
    )
    canary: CanaryConfig | None = Field(default=None, description="Weighted canary variant of this route.")
    rollout: RolloutConfig | None = Field(
        default=None, description="Automatic canary rollout (steps, gates); needs `canary`."
    )
    shadow: ShadowConfig | None = Field(
        default=None, description="Mirror a share of requests to another upstream."
    )
    audit: RouteAuditConfig | None = Field(
        default=None, description="Audit sampling of this route; omitted = the audit section's defaults."
    )
    slo: SloConfig | None = Field(
        default=None, description="Latency/availability objectives; burn rates and alerts (docs/slo.md)."
    )
    drift: DriftConfig = Field(
        default_factory=DriftConfig, description="Drift signals (PSI against a reference window)."
    )
    validation: RouteValidationConfig | None = Field(
        default=None, description="Golden-set replay: gates and a quality SLO (docs/validation.md)."
    )

    @field_validator("protocol")
    @classmethod
    def _protocol(cls, v: str) -> str:
        if v not in PROTOCOL_NAMES:
            raise ValueError(f"unknown protocol {v!r}; expected one of {', '.join(PROTOCOL_NAMES)}")
        return v


def _filter_union() -> Any:
    configs = tuple(cls.Config for cls in FILTER_TYPES.values())
    if len(configs) == 1:
        return configs[0]
    return Annotated[Union[configs], Field(discriminator="type")]  # noqa: UP007 - dynamic union


if TYPE_CHECKING:  # the checker sees what every member of the runtime union has
    FilterSection = FilterConfig
else:
    FilterSection = _filter_union()


class GatewayConfig(StrictModel):
    version: Literal[1] = Field(description="Config format version.")
    server: ServerConfig = Field(default_factory=ServerConfig)
    upstreams: dict[str, UpstreamConfig] = Field(min_length=1)
    principals: list[PrincipalConfig] = Field(default_factory=list)
    limits_backend: str | None = Field(
        default=None,
        description="Where rate and token limits are counted: omitted = this process's memory; "
        "redis://host:port/db = shared by every replica.",
    )
    limits_on_backend_error: Literal["fail_open", "fail_closed"] = Field(
        default="fail_closed", description="When the limits backend is unreachable: admit (fail_open) or 503."
    )
    filters: dict[str, FilterSection] = Field(default_factory=dict)
    routes: list[RouteConfig] = Field(min_length=1)
    rollouts: RolloutsSettings = Field(
        default_factory=RolloutsSettings, description="Rollout state file and the canary judge's data source."
    )
    audit: AuditConfig | None = Field(default=None, description="The audit log; omitted = no audit log.")
    validation: ValidationSection | None = Field(
        default=None, description="Golden sets replayed against variants (docs/validation.md)."
    )

    @model_validator(mode="after")
    def _cross_references(self) -> GatewayConfig:
        errors: list[str] = []
        seen: set[str] = set()
        known_filters = set(self.filters) | set(built_in_filter_names())
        for i, route in enumerate(self.routes):
            where = f"routes[{i}]"
            if route.name in seen:
                errors.append(f"{where}.name: duplicate route name {route.name!r}")
            seen.add(route.name)
            if route.upstream not in self.upstreams:
                errors.append(f"{where}.upstream: unknown upstream {route.upstream!r}")
            for key in ("filters", "response_filters"):
                names = getattr(route, key)
                for j, fname in enumerate(names):
                    if fname not in known_filters:
                        errors.append(f"{where}.{key}[{j}]: unknown filter {fname!r}")
                if len(set(names)) != len(names):
                    errors.append(f"{where}.{key}: a filter is listed twice")
            if route.protocol == "generic-json" and not route.paths:
                errors.append(f"{where}.paths: generic-json needs at least one path")
            errors.extend(validate_route(route, self.upstreams, where))
            if route.audit is not None and self.audit is None:
                errors.append(f"{where}.audit: needs the top-level audit section (audit.path)")
        errors.extend(validate_references(self))
        if errors:
            raise CrossReferenceErrors(errors)
        return self


class CrossReferenceErrors(ValueError):
    """Several whole-config errors at once; reported as one message each, not one joined line."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


class ConfigError(Exception):
    """A config that cannot be loaded; `errors` are `path: message` strings."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def _format_loc(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, str) and part.startswith(("function-", "tagged-union")):
            continue
        else:
            out += f".{part}" if out else str(part)
    return out


def _format_validation_error(exc: ValidationError, doc: Any) -> list[str]:
    messages = []
    for err in exc.errors():
        inner = (err.get("ctx") or {}).get("error")
        if isinstance(inner, CrossReferenceErrors):
            messages.extend(inner.errors)
            continue
        loc = tuple(err["loc"])
        # Discriminated unions add the tag value to the path: filters.pii.pii.entities.
        cleaned: list[Any] = []
        for part in loc:
            if (
                cleaned
                and isinstance(part, str)
                and part in FILTER_TYPES
                and len(cleaned) >= 2
                and cleaned[0] == "filters"
            ):
                continue
            cleaned.append(part)
        msg = err["msg"].removeprefix("Value error, ")
        path = _format_loc(tuple(cleaned))
        messages.append(f"{path}: {msg}" if path else msg)
    return messages


def parse_config(data: Any) -> GatewayConfig:
    """Validate a parsed YAML document; raise ConfigError with path-named messages."""
    if not isinstance(data, dict):
        raise ConfigError(["config: expected a mapping at the top level"])
    try:
        return GatewayConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_format_validation_error(exc, data)) from None


def required_env_vars(cfg: GatewayConfig) -> list[tuple[str, str]]:
    """Every (config path, variable name) pair the config needs from the environment."""
    found: list[tuple[str, str]] = []

    def walk(value: Any, path: str) -> None:
        if isinstance(value, BaseModel):
            for name in type(value).model_fields:
                sub = getattr(value, name)
                sub_path = f"{path}.{name}" if path else name
                if name.endswith("_env") and isinstance(sub, str):
                    found.append((sub_path, sub))
                else:
                    walk(sub, sub_path)
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(v, f"{path}.{k}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, f"{path}[{i}]")

    walk(cfg, "")
    if cfg.server.admin_auth == "none":
        found = [(p, v) for p, v in found if p != "server.admin_token_env"]
    return found


def check_env(cfg: GatewayConfig, env: Mapping[str, str]) -> None:
    errors = []
    for path, var in required_env_vars(cfg):
        value = env.get(var)
        if not value:
            errors.append(f"{path}: environment variable {var} is not set")
        elif path.endswith(".auth.value_env") and ("\r" in value or "\n" in value):
            # An upstream credential becomes a header value: a line break would split the head.
            errors.append(f"{path}: environment variable {var} contains a line break")
    if errors:
        raise ConfigError(errors)


def config_version(cfg: GatewayConfig) -> str:
    """sha256 of the canonical JSON of the validated config: equal configs, equal versions."""
    canonical = orjson.dumps(cfg.model_dump(mode="json"), option=orjson.OPT_SORT_KEYS)
    return hashlib.sha256(canonical).hexdigest()


@dataclass(frozen=True, slots=True)
class LoadedConfig:
    config: GatewayConfig
    version: str
    path: str
    loaded_at: float = field(default_factory=time.time)
    raw_text: str = ""
    validation_sets: dict[str, Any] = field(default_factory=dict)  # name -> validation.cases.CaseSet

    @property
    def short_version(self) -> str:
        return self.version[:12]


def load_config(path: str | Path, env: Mapping[str, str]) -> LoadedConfig:
    """Read, parse, validate and check env for a config file. Raises ConfigError."""
    p = Path(path)
    text, data = read_document(p)
    cfg = parse_config(data)
    check_env(cfg, env)
    try:
        sets = load_sets(cfg, p.parent)  # reads the golden set files
    except CaseSetError as exc:
        raise ConfigError(exc.errors) from None
    version = versioned(config_version(cfg), sets)
    return LoadedConfig(config=cfg, version=version, path=str(p), raw_text=text, validation_sets=sets)


def read_document(path: str | Path) -> tuple[str, Any]:
    """(text, parsed YAML) of a config file: the one reader every command uses, so an
    unreadable file, bytes that are not UTF-8 and YAML syntax errors are all a ConfigError
    naming the file (never a traceback), whoever reads it."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError([f"{p}: cannot read: {exc.strerror or exc}"]) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(
            [f"{p}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start})"]
        ) from None
    return text, _parse_yaml(text, p)


def _parse_yaml(text: str, path: Path) -> Any:
    """yaml.safe_load, with syntax errors naming the file (PyYAML names a str `<unicode string>`)."""
    stream = io.StringIO(text)
    stream.name = str(path)  # PyYAML's Reader takes the name of a stream for its error marks
    try:
        return yaml.safe_load(stream)
    except yaml.YAMLError as exc:
        raise ConfigError([f"{path}: invalid YAML: {exc}"]) from None


def admin_client_settings(path: str | Path) -> tuple[str, str]:
    """(admin URL, admin token variable) of a config, for CLI clients (`aigw rollout -c`).

    Reads only the `server` section: no environment variables are needed. A wildcard admin
    bind address (0.0.0.0, ::) is reached on loopback."""
    _, data = read_document(path)
    raw = data.get("server") if isinstance(data, dict) else None
    try:
        server = ServerConfig.model_validate(raw or {})
    except ValidationError as exc:
        raise ConfigError([f"server.{m}" for m in _format_validation_error(exc, raw)]) from None
    host, port = server.admin_addr
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}", server.admin_token_env


def json_schema() -> dict[str, Any]:
    return GatewayConfig.model_json_schema()
