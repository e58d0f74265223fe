"""Config validation: each bad field is reported with its path; env secrets; version hash; CLI."""

from __future__ import annotations

import json

import pytest
import yaml

from gateway import cli
from gateway.config import ConfigError, check_env, config_version, load_config, parse_config

GOOD = """
version: 1
server: {listen: "127.0.0.1:8080", admin_listen: "127.0.0.1:8081"}
upstreams:
  a: {url: "http://127.0.0.1:9000", timeout_s: 10}
  b: {url: "https://api.example.com", auth: {header: Authorization, prefix: "Bearer ", value_env: B_KEY}}
filters:
  kw: {type: keywords, deny: ["x"], action: block}
routes:
  - name: chat
    match: {path: /v1/chat/completions, models: ["llama-*"]}
    protocol: openai-chat
    filters: [kw]
    upstream: a
  - name: other
    match: {path: /v1/, prefix: true}
    protocol: openai-chat
    upstream: b
"""


def good() -> dict:
    return yaml.safe_load(GOOD)


def mutate(path: str, value):
    """Set a value at a dotted path like routes.0.match.path in the GOOD config."""
    doc = good()
    node = doc
    parts = path.split(".")
    for p in parts[:-1]:
        node = node[int(p)] if p.isdigit() else node[p]
    last = parts[-1]
    if value is DELETE:
        del node[int(last) if last.isdigit() else last]
    else:
        node[int(last) if last.isdigit() else last] = value
    return doc


DELETE = object()

BAD = [
    ("version", 2, "version: Input should be 1"),
    ("upstreams.a.url", "ftp://x", "upstreams.a.url: must start with http:// or https://"),
    ("upstreams.a.timeout_s", 0, "upstreams.a.timeout_s: Input should be greater than 0"),
    ("upstreams.a.bogus", 1, "upstreams.a.bogus: Extra inputs are not permitted"),
    ("server.max_body_bytes", 10, "server.max_body_bytes: Input should be greater than or equal to 1024"),
    ("server.listen", "nonsense", "server.listen: expected host:port"),
    ("server.admin_auth", "none", None),  # allowed: loopback
    ("routes.0.upstream", "nope", "routes[0].upstream: unknown upstream 'nope'"),
    ("routes.0.filters", ["kw", "ghost"], "routes[0].filters[1]: unknown filter 'ghost'"),
    ("routes.0.protocol", "soap", "routes[0].protocol: unknown protocol 'soap'"),
    ("routes.1.name", "chat", "routes[1].name: duplicate route name 'chat'"),
    ("routes.0.match.path", "v1/chat", "routes[0].match.path: must start with /"),
    ("filters.kw.action", "explode", "filters.kw.action: Input should be 'block', 'flag' or 'redact'"),
    ("filters.kw.mode", "sometimes", "filters.kw.mode: Input should be 'enforce' or 'monitor'"),
    ("filters.kw.deny_regex", ["(unclosed"], "filters.kw.deny_regex: [0] invalid regex"),
    (
        "filters.kw.type",
        "unknown-type",
        "filters.kw: Input tag 'unknown-type' found using 'type' does not match",
    ),
    ("routes", [], "routes: List should have at least 1 item"),
]


@pytest.mark.parametrize(("path", "value", "expected"), BAD, ids=[b[0] for b in BAD])
def test_bad_field_names_its_path(path, value, expected):
    doc = mutate(path, value)
    if expected is None:
        parse_config(doc)
        return
    with pytest.raises(ConfigError) as exc:
        parse_config(doc)
    messages = exc.value.errors
    assert any(
        m.startswith(expected.split(": ", 1)[0]) and expected.split(": ", 1)[1][:30] in m for m in messages
    ), messages


def test_admin_auth_none_rejected_off_loopback():
    doc = mutate("server.admin_listen", "0.0.0.0:8081")
    doc["server"]["admin_auth"] = "none"
    with pytest.raises(ConfigError) as exc:
        parse_config(doc)
    assert "loopback" in exc.value.errors[0]


def test_missing_env_var_is_named():
    cfg = parse_config(good())
    with pytest.raises(ConfigError) as exc:
        check_env(cfg, {"AIGW_ADMIN_TOKEN": "t"})
    assert exc.value.errors == ["upstreams.b.auth.value_env: environment variable B_KEY is not set"]
    with pytest.raises(ConfigError) as exc:
        check_env(cfg, {"B_KEY": "k"})
    assert "server.admin_token_env: environment variable AIGW_ADMIN_TOKEN is not set" in exc.value.errors
    check_env(cfg, {"B_KEY": "k", "AIGW_ADMIN_TOKEN": "t"})


@pytest.mark.parametrize("value", ["sk-1\n", "sk-1\r\nX-Injected: 1"])
def test_upstream_credential_with_a_line_break_is_refused(value: str):
    # The credential becomes a header value on every upstream request: a line break would
    # end the header early (or add one), so the load fails and names the path.
    cfg = parse_config(good())
    with pytest.raises(ConfigError) as exc:
        check_env(cfg, {"B_KEY": value, "AIGW_ADMIN_TOKEN": "t"})
    assert exc.value.errors == [
        "upstreams.b.auth.value_env: environment variable B_KEY contains a line break"
    ]


def test_version_is_stable_and_content_based():
    a = parse_config(good())
    b = parse_config(yaml.safe_load(GOOD))
    assert config_version(a) == config_version(b)
    assert len(config_version(a)) == 64
    c = parse_config(mutate("upstreams.a.timeout_s", 11))
    assert config_version(c) != config_version(a)


def test_load_errors_for_unreadable_and_invalid_yaml(tmp_path):
    with pytest.raises(ConfigError) as exc:
        load_config(tmp_path / "missing.yaml", {})
    assert "cannot read" in exc.value.errors[0]
    p = tmp_path / "bad.yaml"
    p.write_text("version: 1\nroutes: [\n")
    with pytest.raises(ConfigError) as exc:
        load_config(p, {})
    assert "invalid YAML" in exc.value.errors[0]
    p.write_text("- just a list\n")
    with pytest.raises(ConfigError):
        load_config(p, {})


def test_cli_check_ok_and_invalid(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("B_KEY", "k")
    monkeypatch.setenv("AIGW_ADMIN_TOKEN", "t")
    p = tmp_path / "g.yaml"
    p.write_text(GOOD)
    assert cli.main(["check", "-c", str(p)]) == 0
    out = capsys.readouterr().out
    assert "OK" in out and "chat" in out and "keywords" in out
    p.write_text(GOOD.replace("timeout_s: 10", "timeout_s: -1"))
    assert cli.main(["check", "-c", str(p)]) == 1
    assert "upstreams.a.timeout_s" in capsys.readouterr().err


def test_cli_schema_is_json_schema(capsys):
    assert cli.main(["config", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["title"] == "GatewayConfig"
    assert "routes" in schema["properties"]
    text = json.dumps(schema)
    assert "keywords" in text  # filter types are part of the schema


def test_example_configs_validate(monkeypatch):
    import pathlib

    monkeypatch.setenv("AIGW_ADMIN_TOKEN", "t")
    monkeypatch.setenv("OPENAI_API_KEY", "k")
    monkeypatch.setenv("AIGW_PII_HASH_KEY", "k")
    root = pathlib.Path(__file__).resolve().parent.parent / "config"
    files = sorted(root.glob("*.yaml"))
    assert files
    for f in files:
        load_config(f, dict(__import__("os").environ))


def test_cli_check_shows_canary_shadow_and_slo(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("AIGW_ADMIN_TOKEN", "t")
    p = tmp_path / "g.yaml"
    p.write_text(
        """
version: 1
upstreams:
  a: {url: "http://127.0.0.1:1"}
  b: {url: "http://127.0.0.1:2"}
routes:
  - name: chat
    match: {path: /v1/chat/completions}
    upstream: a
    canary: {upstream: b, weight: 5, sticky: "header:x-user-id"}
    rollout: {steps: [5, 25, 100], interval_s: 300, min_requests: 200}
    shadow: {upstream: b, percent: 10}
    slo: {latency_ms: 2000, percentile: 99, ttft_ms: 500, availability: 99.9}
"""
    )
    assert cli.main(["check", "-c", str(p)]) == 0
    out = capsys.readouterr().out
    assert "canary -> b weight 5% sticky=header:x-user-id rollout steps=[5, 25, 100] every 300s" in out
    assert "shadow -> b 10%" in out
    assert "slo latency 2000ms p99 ttft 500ms availability 99.9%" in out


@pytest.mark.parametrize("content", [b"version: 1\nroutes: [\xff\xfe]\n", b"version: 1\nroutes: [unclosed\n"])
def test_every_reader_of_a_config_file_names_it_on_bad_bytes_or_yaml(tmp_path, content):
    """`aigw run/check`, `aigw slo rules`, `aigw validate` and `aigw rollout -c` read the file
    through config.read_document: bytes that are not UTF-8 and YAML syntax errors are a
    ConfigError naming the file for each of them, never a traceback."""
    from gateway.config import admin_client_settings, load_config
    from gateway.slo.rules import generate
    from gateway.validation.cli import _load

    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    for read in (
        lambda: load_config(path, {}),
        lambda: generate(path),
        lambda: _load(str(path), {}),
        lambda: admin_client_settings(path),
    ):
        with pytest.raises(ConfigError) as info:
            read()
        assert str(path) in info.value.errors[0]
