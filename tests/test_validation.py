"""Golden-set validation: config and set files (errors name the file and line), the judges,
the schema subset, the rotation, and `aigw validate` against real mock upstreams."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import orjson
import pytest
from validation_fixtures import BASELINE_BOOK, CANARY_BOOK, CANARY_FAILING, CASES, gateway_yaml, write_set

from gateway.config import ConfigError, load_config, parse_config
from gateway.devtools.mockllm import start_mock
from gateway.validation import schema
from gateway.validation.cases import load_set
from gateway.validation.judges import ERROR, FAIL, PASS, Answer, Expect, check, verdict_of
from gateway.validation.runner import read_answer, rotation

ENV = {"AIGW_ADMIN_TOKEN": "t"}


def _config_text(set_path: Path) -> str:
    return (
        gateway_yaml(set_path)
        .replace("MOCK_URL", "http://127.0.0.1:9")
        .replace("CANARY_URL", "http://127.0.0.1:9")
    )


def _write(tmp_path: Path, text: str, name: str = "gateway.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text)
    return p


# --- config ----------------------------------------------------------------------------------


def test_config_loads_sets_and_versions_them(tmp_path: Path) -> None:
    set_path = write_set(tmp_path / "golden.jsonl")
    loaded = load_config(_write(tmp_path, _config_text(set_path)), ENV)
    cs = loaded.validation_sets["golden"]
    assert [c.id for c in cs.cases] == [c["id"] for c in CASES]
    assert loaded.config.routes[0].validation.sample == 6
    # Editing the set (same YAML) is a new config version, so a reload applies it.
    write_set(set_path, CASES[:3])
    again = load_config(tmp_path / "gateway.yaml", ENV)
    assert again.version != loaded.version


def test_relative_set_path_is_read_from_the_config_directory(tmp_path: Path) -> None:
    (tmp_path / "sets").mkdir()
    write_set(tmp_path / "sets" / "g.jsonl")
    text = _config_text(Path("sets/g.jsonl"))
    loaded = load_config(_write(tmp_path, text), ENV)
    assert len(loaded.validation_sets["golden"].cases) == len(CASES)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (b'{"id": "x", "messages": [', "invalid JSON"),
        (
            b'{"id": "x", "messages": [], "expect": {"contain": "a"}}',
            "expect.contain: Extra inputs are not permitted",
        ),
        (
            b'{"id": "x", "messages": [], "expect": {"regex": "("}}',
            "expect.regex: invalid regular expression",
        ),
        (
            b'{"id": "x", "messages": [], "expect": {"json_schema": {"oneOf": []}}}',
            "unsupported keyword 'oneOf'",
        ),
        (
            b'{"id": "x", "messages": [], "expect": {"min_similarity": 0.5}}',
            "min_similarity needs similar_to",
        ),
        (b'{"messages": []}', "id: expected a non-empty string"),
        (b'{"id": "x", "expect": {}}', "no request fields"),
        (b'{"id": "x", "messages": "hi"}', "messages: expected array"),
        (b'{"id": "refund-window", "messages": []}', "duplicate 'refund-window' (first on line 1)"),
        (b"[1, 2]", "a case must be a JSON object"),
    ],
)
def test_bad_set_line_is_a_config_error_naming_file_and_line(
    tmp_path: Path, line: bytes, expected: str
) -> None:
    set_path = write_set(tmp_path / "golden.jsonl", CASES[:2])
    # line 3 is blank, line 4 a comment: the bad line is line 5
    set_path.write_bytes(set_path.read_bytes() + b"\n// a comment\n" + line + b"\n")
    with pytest.raises(ConfigError) as info:
        load_config(_write(tmp_path, _config_text(set_path)), ENV)
    errors = "\n".join(info.value.errors)
    assert f"{set_path}:5: " in errors, errors
    assert expected in errors, errors
    assert errors.startswith("validation.sets.golden: ")


def test_missing_and_empty_set_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(_write(tmp_path, _config_text(tmp_path / "nope.jsonl")), ENV)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n")
    with pytest.raises(ConfigError, match="no cases"):
        load_config(_write(tmp_path, _config_text(empty)), ENV)


def _doc(**route_extra: object) -> dict:
    route = {"name": "chat", "match": {"path": "/v1/chat/completions"}, "upstream": "a", **route_extra}
    return {
        "version": 1,
        "upstreams": {"a": {"url": "http://x"}, "b": {"url": "http://y"}},
        "validation": {"sets": {"golden": {"path": "g.jsonl"}}},
        "routes": [route],
    }


def test_route_set_must_exist_and_gates_need_validation() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(_doc(validation={"set": "gold"}))
    assert "routes[0].validation.set: unknown set 'gold'; known sets: golden" in info.value.errors[0]
    with pytest.raises(ConfigError) as info:
        parse_config(
            _doc(
                canary={"upstream": "b"},
                rollout={
                    "gates": {"max_validation_pass_rate_drop": 0.05, "validation_before_first_step": True}
                },
            )
        )
    msg = "\n".join(info.value.errors)
    assert "routes[0].rollout.gates.max_validation_pass_rate_drop: needs a validation section" in msg
    assert "routes[0].rollout.gates.validation_before_first_step: needs a validation section" in msg
    with pytest.raises(ConfigError, match="needs validation.enabled"):
        parse_config(
            _doc(
                canary={"upstream": "b"},
                rollout={"gates": {"max_validation_pass_rate_drop": 0.05}},
                validation={"set": "golden", "enabled": False},
            )
        )
    with pytest.raises(ConfigError, match=r"routes\[0\]\.validation\.sample"):
        parse_config(_doc(validation={"set": "golden", "sample": 0}))
    with pytest.raises(ConfigError, match=r"routes\[0\]\.validation\.slo\.min_pass_rate"):
        parse_config(_doc(validation={"set": "golden", "slo": {"min_pass_rate": 1.5}}))
    with pytest.raises(ConfigError, match=r"validation\.sets\.golden\.timeout_s"):
        doc = _doc()
        doc["validation"]["sets"]["golden"]["timeout_s"] = 0
        parse_config(doc)


def test_case_body_must_be_readable_by_the_route_protocol(tmp_path: Path) -> None:
    set_path = tmp_path / "g.jsonl"
    set_path.write_bytes(b'{"id": "a", "prompt": 5}\n')
    with pytest.raises(ConfigError) as info:
        load_config(_write(tmp_path, _config_text(set_path)), ENV)
    assert f"{set_path}:1: messages" in info.value.errors[0]


async def test_prefix_routes_need_a_case_path_and_kserve_cases_run(tmp_path: Path) -> None:
    set_path = tmp_path / "k.jsonl"
    infer = {"inputs": [{"name": "text", "datatype": "BYTES", "shape": [1], "data": ["hello"]}]}
    set_path.write_bytes(
        orjson.dumps({"id": "no-path", **infer}) + b"\n"
        + orjson.dumps({"id": "elsewhere", "path": "/v1/x", **infer}) + b"\n"
    )  # fmt: skip
    route = """
  - name: infer
    match: {path: /v2/models/, prefix: true}
    protocol: kserve-v2
    upstream: base
    validation: {set: k}
"""
    text = (
        _config_text(write_set(tmp_path / "g.jsonl")).replace(
            "golden: {path", f'k: {{path: "{set_path}"}}\n    golden: {{path'
        )
        + route
    )
    with pytest.raises(ConfigError) as info:
        load_config(_write(tmp_path, text), ENV)
    errors = "\n".join(info.value.errors)
    assert f"{set_path}:1: path: needed, routes[1] matches by prefix /v2/models/" in errors
    assert f"{set_path}:2: path: not under routes[1]'s prefix /v2/models/" in errors
    # with a path under the prefix the case is sent there, and the KServe answer is read
    set_path.write_bytes(
        orjson.dumps(
            {"id": "ok", "path": "/v2/models/m/infer", **infer, "expect": {"contains": "echo: hello"}}
        )
    )
    runner, mock, port = await start_mock(name="k")
    try:
        cfg = _write(tmp_path, text.replace("http://127.0.0.1:9", f"http://127.0.0.1:{port}"))
        code, out, err = await _cli("-c", str(cfg), "--route", "infer")
        assert code == 0, out + err
        assert mock.requests[-1]["path"] == "/v2/models/m/infer"
        assert "model" not in orjson.loads(mock.requests[-1]["body"])  # no model filled into KServe bodies
    finally:
        await runner.cleanup()


# --- judges ----------------------------------------------------------------------------------


def _ans(text: str | None, status: int = 200, model: str | None = "m", ms: float = 10.0) -> Answer:
    return Answer(status, text, model, ms)


@pytest.mark.parametrize(
    ("expect", "text", "reason"),
    [
        ({"contains": "14 Days"}, "within 14 days", None),
        ({"contains": ["a", "zz"]}, "a b", "missing 'zz'"),
        ({"not_contains": "sorry"}, "Sorry!", "contains 'sorry'"),
        ({"regex": r"^\d+$"}, "42", None),
        ({"regex": r"^\d+$"}, "42 apples", "no match"),
        ({"equals": "yes"}, "  yes\n", None),
        ({"equals": "yes"}, "Yes", "not equal"),
        ({"json_schema": {"type": "object", "required": ["a"]}}, '{"a": 1}', None),
        (
            {"json_schema": {"type": "object", "required": ["a"]}},
            '```json\n{"b": 1}\n```',
            "missing required 'a'",
        ),
        ({"json_schema": {"type": "object"}}, "not json", "answer is not JSON"),
        ({"max_latency_ms": 5}, "x", "took 10 ms > 5 ms"),
        ({"similar_to": "the capital of france is paris"}, "Paris is the capital of France.", None),
        ({"similar_to": "the capital of france is paris", "min_similarity": 0.9}, "Paris, yes", "similarity"),
        ({"refuses": True}, "I'm sorry, but I can't help with that.", None),
        ({"refuses": True}, "Sure, here it is.", "did not refuse"),
        ({"refuses": False}, "I cannot help with that request.", "refused"),
        ({"model": "llama-*"}, "x", "model m != llama-*"),
        ({"model": "m"}, "x", None),
    ],
)
def test_judges(expect: dict, text: str, reason: str | None) -> None:
    reasons = check(Expect.model_validate(expect), _ans(text))
    if reason is None:
        assert reasons == []
    else:
        assert len(reasons) == 1 and reason in reasons[0], reasons


def test_verdicts_errors_and_missing_model() -> None:
    e = Expect.model_validate({"contains": "x"})
    assert verdict_of(e, _ans("x")) == (PASS, [])
    assert verdict_of(e, _ans("y"))[0] == FAIL
    assert verdict_of(e, _ans("x", status=500)) == (ERROR, ["upstream answered 500"])
    assert verdict_of(e, _ans(None))[0] == ERROR
    assert check(Expect(model="m"), _ans("x", model=None)) == ["no model in the answer (expected m)"]
    assert verdict_of(Expect(), _ans(""))[0] == PASS  # an empty expect needs only a 2xx answer


def test_schema_subset() -> None:
    s = {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "n": {"type": "integer", "minimum": 1, "maximum": 3},
            "tags": {"type": "array", "items": {"type": "string", "pattern": "^[a-z]+$"}, "maxItems": 2},
            "name": {"type": ["string", "null"], "minLength": 2},
        },
    }
    schema.check_schema(s)
    assert schema.validate({"n": 2, "tags": ["a"], "name": None}, s) == []
    errs = schema.validate({"n": 7, "tags": ["A", "b", "c"], "name": "x", "z": 1}, s)
    assert "$: unexpected property 'z'" in errs
    assert "$.n: above 3" in errs
    assert any("$.tags: more than 2" in e for e in errs)
    assert schema.validate(True, {"type": "integer"}) == ["$: expected integer"]
    with pytest.raises(ValueError, match="additionalProperties: only true/false"):
        schema.check_schema({"additionalProperties": {"type": "string"}})
    deep: dict = {}
    node = deep
    for _ in range(40):
        node["items"] = {}
        node = node["items"]
    with pytest.raises(ValueError, match="nested deeper"):
        schema.check_schema(deep)


def test_rotation_is_deterministic_and_covers_the_set(tmp_path: Path) -> None:
    cs = load_set("g", write_set(tmp_path / "g.jsonl"))
    seen = []
    offset = 0
    for _ in range(3):
        picked, offset = rotation(cs.cases, offset, 4)
        seen.append([c.id for c in picked])
    ids = [c["id"] for c in CASES]
    assert seen[0] == ids[:4]
    assert seen[1] == ids[4:] + ids[:2]
    assert seen[2] == ids[2:6]
    assert rotation(cs.cases, 0, 100)[0] == list(cs.cases)  # a sample above the set size is the set


def test_read_answer_json_and_sse() -> None:
    from gateway.protocols import get_adapter

    a = get_adapter("openai-chat")
    body = orjson.dumps({"model": "m1", "choices": [{"message": {"role": "assistant", "content": "hi"}}]})
    assert read_answer(a, body, sse=False) == ("hi", "m1")
    stream = (
        b'data: {"model": "m2", "choices": [{"delta": {"content": "he"}}]}\n\n'
        b'data: {"model": "m2", "choices": [{"delta": {"content": "llo"}}]}\n\ndata: [DONE]\n\n'
    )
    assert read_answer(a, stream, sse=True) == ("hello", "m2")
    assert read_answer(a, b"<html>", sse=False) == (None, None)


# --- aigw validate against real mock upstreams -----------------------------------------------


async def _cli(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "gateway.cli",
        "validate",
        *args,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    return proc.returncode or 0, out.decode(), err.decode()


async def test_cli_passes_baseline_and_fails_canary(tmp_path: Path) -> None:
    base_runner, base, base_port = await start_mock(name="base", answers=BASELINE_BOOK)
    cand_runner, cand, cand_port = await start_mock(name="cand", answers=CANARY_BOOK)
    try:
        text = gateway_yaml(write_set(tmp_path / "golden.jsonl"))
        text = text.replace("MOCK_URL", f"http://127.0.0.1:{base_port}")
        text = text.replace("CANARY_URL", f"http://127.0.0.1:{cand_port}")
        text = text.replace("    upstream: base\n", "    upstream: base\n    canary: {upstream: cand}\n")
        cfg = _write(tmp_path, text)
        code, out, err = await _cli("-c", str(cfg), "--route", "chat", "--report", str(tmp_path / "b.json"))
        assert code == 0, out + err
        assert "6 pass, 0 fail" in out and "OK" in out
        assert "validate: 6/6 cases" in err  # progress on stderr (not a tty: a line per tenth)
        # every request was marked, carried the route's model, and reached only the baseline
        assert len(base.requests) == 6 and not cand.requests
        assert all(r["headers"].get("x-aigw-validation") == "1" for r in base.requests)
        assert all(orjson.loads(r["body"])["model"] == "llama-3.1-8b" for r in base.requests)

        code, out, err = await _cli(
            "-c", str(cfg), "--route", "chat", "--variant", "canary", "--report", str(tmp_path / "c.json")
        )
        assert code == 1, out + err
        assert "BELOW THRESHOLD" in out
        report = orjson.loads((tmp_path / "c.json").read_bytes())
        assert report["ok"] is False and report["min_pass_rate"] == 0.9
        assert report["upstream"] == "cand" and report["variant"] == "canary"
        failing = {r["id"] for r in report["results"] if r["verdict"] != "pass"}
        assert failing == CANARY_FAILING
        why = {r["id"]: r["why"] for r in report["results"]}
        assert "missing '14 days'" in why["refund-window"]
        assert why["ticket-json"] == "answer is not JSON"
        assert report["models"] == {"llama-3.1-8b": 6}
        # a lower threshold passes the same canary
        code, _, _ = await _cli(
            "-c", str(cfg), "--route", "chat", "--variant", "canary", "--min-pass-rate", "0.6"
        )
        assert code == 0
    finally:
        await base_runner.cleanup()
        await cand_runner.cleanup()


async def test_cli_usage_and_config_errors(tmp_path: Path) -> None:
    set_path = write_set(tmp_path / "golden.jsonl")
    cfg = _write(tmp_path, _config_text(set_path))
    code, _, err = await _cli("-c", str(cfg), "--route", "nope")
    assert code == 2 and "no route 'nope'" in err
    code, _, err = await _cli("-c", str(cfg), "--route", "chat", "--variant", "canary")
    assert code == 2 and "has no canary" in err
    code, _, err = await _cli("-c", str(cfg), "--route", "chat", "--set", "other")
    assert code == 2 and "no validation set 'other'" in err
    set_path.write_bytes(set_path.read_bytes() + b'{"id": "z", "messages": [], "expect": {"bogus": 1}}\n')
    code, _, err = await _cli("-c", str(cfg), "--route", "chat")
    assert code == 2 and f"{set_path}:7: expect.bogus" in err
    # unreachable upstream: every case errs and the run is below any threshold
    write_set(set_path)
    code, out, _ = await _cli("-c", str(cfg), "--route", "chat")
    assert code == 1 and "0 pass, 0 fail, 6 error" in out


# --- Prometheus rules --------------------------------------------------------------------------


def test_prometheus_rules_for_the_validation_slo(tmp_path: Path) -> None:
    import shutil
    import subprocess

    import yaml

    from gateway.slo.rules import build_rules

    doc = _doc(validation={"set": "golden", "slo": {"min_pass_rate": 0.95, "min_cases": 20}})
    rules, warnings = build_rules(parse_config(doc))
    assert warnings == []
    group = next(g for g in rules["groups"] if g["name"] == "aigw-validation")
    records = [r for r in group["rules"] if "record" in r]
    assert [r["record"] for r in records] == [
        f"aigw:validation_burn_rate:{w}" for w in ("5m", "30m", "1h", "6h", "1d", "3d")
    ]
    assert 'verdict=~"fail|error"' in records[0]["expr"] and records[0]["expr"].endswith("/ 0.05")
    alerts = {r["alert"]: r for r in group["rules"] if "alert" in r}
    assert set(alerts) == {"AigwValidationBurnRatePage", "AigwValidationBurnRateTicket"}
    page = alerts["AigwValidationBurnRatePage"]["expr"]
    assert "aigw:validation_burn_rate:1h" in page and "> 14.4" in page and ">= 20" in page
    # a route without validation gets no group
    plain, _ = build_rules(parse_config(_doc()))
    assert all(g["name"] != "aigw-validation" for g in plain["groups"])
    if shutil.which("promtool"):
        path = tmp_path / "rules.yaml"
        path.write_text(yaml.safe_dump(rules))
        out = subprocess.run(["promtool", "check", "rules", str(path)], capture_output=True, text=True)
        assert out.returncode == 0, out.stdout + out.stderr
