"""`aigw slo rules`: golden output, structure, promtool check + unit test; the Grafana dashboard."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from gateway import metrics
from gateway.cli import main
from gateway.config import parse_config
from gateway.slo.burn import WINDOWS
from gateway.slo.rules import bucket_threshold, build_rules, generate

GOLDEN = Path(__file__).parent / "golden"
CONFIG = GOLDEN / "slo_rules_config.yaml"
EXPECTED = GOLDEN / "slo_rules.yaml"
PROMTOOL_TEST = GOLDEN / "slo_rules_promtool_test.yaml"
DASHBOARD = Path(__file__).parent.parent / "deploy" / "grafana" / "aigw-dashboard.json"
PROMTOOL = shutil.which("promtool")


def _normalize(text: str) -> str:
    # The config hash moves whenever the schema gains a defaulted field; it is not the point here.
    return re.sub(r"\(config [0-9a-f]{12}\)", "(config <hash>)", text)


def test_golden_output() -> None:
    text, warnings = generate(CONFIG)
    if os.environ.get("UPDATE_GOLDEN"):
        EXPECTED.write_text(text)
    assert _normalize(text) == _normalize(EXPECTED.read_text())
    assert warnings == [
        "route embed: slo.latency_ms 2000 ms is not a bucket boundary of aigw_slo_latency_seconds; "
        "the rules use le=1.0 s (1000 ms, rounded down)"
    ]


@pytest.mark.parametrize(
    "seconds,rounding,le",
    [
        (2.5, "down", 2.5),
        (2.5, "error", 2.5),
        (2.0, "down", 1.0),
        (2.0, "up", 2.5),
        (0.3, "down", 0.25),
        (0.001, "down", 0.005),  # below the first boundary: the first one, whatever the mode
        (500.0, "up", 120.0),  # above the last: the last
    ],
)
def test_bucket_threshold(seconds: float, rounding: str, le: float) -> None:
    assert bucket_threshold(seconds, rounding).le == le


def test_bucket_threshold_error_mode() -> None:
    with pytest.raises(ValueError, match="not a histogram bucket boundary"):
        bucket_threshold(2.0, "error")


def test_rule_structure() -> None:
    doc = yaml.safe_load(EXPECTED.read_text())
    names = [g["name"] for g in doc["groups"]]
    assert names == ["aigw-slo-chat", "aigw-slo-embed", "aigw-slo-budget", "aigw-drift"]
    known = {
        "aigw_requests_total",
        "aigw_slo_latency_seconds_bucket",
        "aigw_slo_latency_seconds_count",
        "aigw_drift_psi",
    }
    for group in doc["groups"]:
        for rule in group["rules"]:
            assert ("record" in rule) != ("alert" in rule)
            assert isinstance(rule["expr"], str) and rule["expr"].strip()
            used = set(re.findall(r"\b(aigw_[a-z_]+)\b", rule["expr"]))
            assert used <= known, used - known
            if "alert" in rule:
                assert rule["labels"]["severity"] in ("page", "ticket")
                assert set(rule["annotations"]) == {"summary", "description", "runbook_url"}
            else:
                assert re.fullmatch(r"aigw:[a-z_]+(:[0-9a-z]+)?", rule["record"])
    chat = doc["groups"][0]["rules"]
    records = [(r["record"], r["labels"]["sli"]) for r in chat if "record" in r]
    assert records == [
        (f"aigw:slo_burn_rate:{w}", sli) for sli in ("availability", "latency") for w in WINDOWS
    ]
    assert [r["alert"] for r in chat if "alert" in r] == ["AigwSloBurnRatePage", "AigwSloBurnRateTicket"]
    # the latency SLI uses exactly the configured thresholds where they are bucket boundaries
    assert 'kind="total",le="2.5"' in chat[6]["expr"] and 'kind="ttft",le="0.5"' in chat[6]["expr"]
    # the route without an slo gets no SLO group; the one with drift disabled no drift alert
    drift = doc["groups"][-1]["rules"]
    assert [r["labels"]["route"] for r in drift] == ["chat", "embed"]
    assert "> 0.3" in drift[0]["expr"]


def test_rules_use_the_bucket_boundaries_the_gateway_exports() -> None:
    from prometheus_client.utils import floatToGoString

    les = {floatToGoString(b) for b in metrics.LATENCY_BUCKETS}
    text = EXPECTED.read_text()
    assert set(re.findall(r'le="([^"]+)"', text)) <= les


def test_no_slo_no_rules() -> None:
    cfg = parse_config(
        {
            "version": 1,
            "upstreams": {"u": {"url": "http://x"}},
            "routes": [{"name": "r", "match": {"path": "/"}, "upstream": "u", "drift": {"enabled": False}}],
        }
    )
    doc, warnings = build_rules(cfg)
    assert doc == {"groups": []} and warnings == []


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "rules.yaml"
    assert main(["slo", "rules", "-c", str(CONFIG), "-o", str(out)]) == 0
    assert _normalize(out.read_text()) == _normalize(EXPECTED.read_text())
    assert "rounded down" in capsys.readouterr().err
    assert main(["slo", "rules", "-c", str(CONFIG), "--rounding", "error"]) == 1
    assert "not a histogram bucket boundary" in capsys.readouterr().err
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nroutes: []\n")
    assert main(["slo", "rules", "-c", str(bad)]) == 1


@pytest.mark.skipif(PROMTOOL is None, reason="promtool not installed (Debian package prometheus)")
def test_promtool_check_and_unit_test(tmp_path: Path) -> None:
    shutil.copy(EXPECTED, tmp_path / "rules.yaml")
    shutil.copy(PROMTOOL_TEST, tmp_path / "test.yaml")
    check = subprocess.run(
        [PROMTOOL, "check", "rules", "rules.yaml"], cwd=tmp_path, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "SUCCESS: 32 rules found" in check.stdout
    # Feeds synthetic counters through the real PromQL: burn rates and the page alert.
    unit = subprocess.run(
        [PROMTOOL, "test", "rules", "test.yaml"], cwd=tmp_path, capture_output=True, text=True
    )
    assert unit.returncode == 0, unit.stdout + unit.stderr


# --- Grafana dashboard ---
def test_dashboard_structure() -> None:
    dash = json.loads(DASHBOARD.read_text())
    assert dash["title"] and dash["uid"] and dash["schemaVersion"] >= 30
    variables = {v["name"] for v in dash["templating"]["list"]}
    assert {"datasource", "route", "variant"} <= variables
    panels = dash["panels"]
    ids = [p["id"] for p in panels]
    assert len(ids) == len(set(ids))
    rows = [p["title"] for p in panels if p["type"] == "row"]
    assert rows == ["Routes", "Variants", "Filters", "SLOs", "Drift", "Rollouts"]
    exported = {c._name for c in vars(metrics).values() if hasattr(c, "_name") and hasattr(c, "_type")}
    exported |= {n + "_total" for n in list(exported)}
    for p in panels:
        if p["type"] == "row":
            continue
        assert p["targets"], p["title"]
        for t in p["targets"]:
            assert t["expr"] and t["refId"]
            for name in re.findall(r"\b(aigw_[a-z_]+?)(?:_bucket|_count|_sum)?\b", t["expr"]):
                assert name in exported, (p["title"], name)
        pos = p["gridPos"]
        assert 0 <= pos["x"] and pos["x"] + pos["w"] <= 24
