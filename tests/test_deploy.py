"""Validation of deploy/kubernetes/ and the Dockerfile.

Every manifest of a core Kubernetes kind (Namespace, ConfigMap, Service, Deployment,
HorizontalPodAutoscaler, PodDisruptionBudget) is validated against the Kubernetes
1.30 OpenAPI JSON schemas (K8S_VERSION) in strict mode (unknown fields fail) with the
`kubernetes-validate` package, which ships the schemas in its wheel: no network, no cluster.
The Prometheus Operator custom resources (ServiceMonitor, PrometheusRule) have no bundled
schema, so they get a structural check of the fields the operator reads (and promtool on the
rules when it is installed). On top of that: probes point at real endpoints on real ports,
the pod runs non-root on a read-only root filesystem, secrets come only from secretKeyRef,
the ConfigMap's config passes `aigw check`, and the generated PrometheusRule / dashboard
ConfigMap are up to date. docker is not available here, so the Dockerfile is checked
statically.
"""

from __future__ import annotations

import copy
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from gateway.cli import main as aigw
from gateway.config import parse_config, required_env_vars

ROOT = Path(__file__).resolve().parents[1]
K8S = ROOT / "deploy" / "kubernetes"
sys.path.insert(0, str(K8S))
import generate  # noqa: E402

REQUIRED_SPEC = {
    "Deployment": ["selector", "template"],
    "Service": ["selector", "ports"],
    "HorizontalPodAutoscaler": ["scaleTargetRef", "minReplicas", "maxReplicas", "metrics"],
    "PodDisruptionBudget": ["selector"],
    "ServiceMonitor": ["selector", "endpoints"],
    "PrometheusRule": ["groups"],
}
API_VERSIONS = {
    "Namespace": "v1",
    "ConfigMap": "v1",
    "DashboardConfigMap": "v1",
    "Service": "v1",
    "Deployment": "apps/v1",
    "HorizontalPodAutoscaler": "autoscaling/v2",
    "PodDisruptionBudget": "policy/v1",
    "ServiceMonitor": "monitoring.coreos.com/v1",
    "PrometheusRule": "monitoring.coreos.com/v1",
}
DNS1123 = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
# Schema version validated against: the oldest Kubernetes the Deployment supports (its preStop
# `sleep` action is on by default from 1.30; the 1.28 schema rejects it). Pinned, not latest_version(), so
# a kubernetes-validate upgrade cannot silently change what is checked.
K8S_VERSION = "1.30.0"
# Prometheus Operator CRDs: not part of the core schemas, checked structurally below.
CUSTOM_KINDS = {"ServiceMonitor", "PrometheusRule"}


def _docs() -> dict[str, dict]:
    kust = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    out = {}
    for name in kust["resources"]:
        docs = [d for d in yaml.safe_load_all((K8S / name).read_text()) if d]
        assert len(docs) == 1, name
        key = "DashboardConfigMap" if name == "grafana-dashboard.yaml" else docs[0]["kind"]
        assert key not in out, name
        out[key] = docs[0]
    return out


DOCS = _docs()


def _container() -> dict:
    return DOCS["Deployment"]["spec"]["template"]["spec"]["containers"][0]


def _gateway_cfg():
    return parse_config(yaml.safe_load(generate.gateway_yaml()))


def test_kustomization_lists_every_manifest():
    listed = set(yaml.safe_load((K8S / "kustomization.yaml").read_text())["resources"])
    present = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == present


@pytest.mark.parametrize("kind", sorted(API_VERSIONS))
def test_manifest_structure(kind):
    doc = DOCS[kind]
    assert doc["apiVersion"] == API_VERSIONS[kind]
    assert DNS1123.match(doc["metadata"]["name"])
    for field in REQUIRED_SPEC.get(kind, []):
        assert field in doc["spec"], f"{kind}.spec.{field}"


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access during schema validation")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def _schema_validate(doc: dict) -> None:
    try:
        kubernetes_validate.validate(doc, K8S_VERSION, strict=True)
    except kubernetes_validate.ValidationError as e:
        where = ".".join(str(p) for p in e.path)
        raise AssertionError(f"{doc['kind']} {where}: {e.message}") from None


@pytest.mark.parametrize("key", sorted(k for k in DOCS if DOCS[k]["kind"] not in CUSTOM_KINDS))
def test_manifest_matches_kubernetes_schema(key, no_network):
    _schema_validate(DOCS[key])


def test_custom_resources_have_no_bundled_schema():
    kinds = {doc["kind"] for doc in DOCS.values()}
    assert CUSTOM_KINDS <= kinds
    # the CRDs really have no bundled schema (else they belong in the schema test)
    for kind in CUSTOM_KINDS:
        with pytest.raises(kubernetes_validate.SchemaNotFoundError):
            kubernetes_validate.validate(DOCS[kind], K8S_VERSION, strict=True)


@pytest.mark.parametrize(
    "mutate, error",
    [
        (lambda d: d["spec"].__setitem__("replicasss", d["spec"].pop("replicas")), "replicasss"),
        (
            lambda d: d["spec"]["template"]["spec"]["containers"][0]["ports"][0].update(containerPort="8080"),
            "integer",
        ),
        (lambda d: d["spec"]["template"]["spec"]["containers"][0].pop("name"), "'name' is a required"),
    ],
    ids=["unknown-field", "wrong-type", "missing-required"],
)
def test_schema_validation_rejects_a_broken_deployment(mutate, error, no_network):
    doc = copy.deepcopy(DOCS["Deployment"])
    mutate(doc)
    with pytest.raises(AssertionError, match=error):
        _schema_validate(doc)


def test_prometheus_operator_resources_structure():
    # Structural only: ServiceMonitor / PrometheusRule are CRDs (monitoring.coreos.com/v1),
    # whose schemas kubernetes-validate does not bundle. Checks the fields the operator reads.
    duration = re.compile(r"^([0-9]+(ms|s|m|h|d|w|y))+$")
    for endpoint in DOCS["ServiceMonitor"]["spec"]["endpoints"]:
        assert set(endpoint) <= {"port", "path", "interval", "scrapeTimeout", "scheme", "authorization"}
        assert isinstance(endpoint["port"], str) and endpoint["path"].startswith("/")
        assert duration.match(endpoint["interval"])
        auth = endpoint.get("authorization")
        if auth:
            assert auth["type"] == "Bearer" and set(auth["credentials"]) == {"name", "key"}
    groups = DOCS["PrometheusRule"]["spec"]["groups"]
    names = [g["name"] for g in groups]
    assert names and len(names) == len(set(names))
    for group in groups:
        assert set(group) <= {"name", "interval", "rules"} and group["rules"], group["name"]
        if "interval" in group:
            assert duration.match(group["interval"])
        for rule in group["rules"]:
            assert set(rule) <= {"record", "alert", "expr", "for", "labels", "annotations"}, rule
            assert ("record" in rule) != ("alert" in rule), rule
            assert isinstance(rule["expr"], str) and rule["expr"].strip()
            if "for" in rule:
                assert "alert" in rule and duration.match(rule["for"])
            if "annotations" in rule:
                assert "alert" in rule
            for mapping in (rule.get("labels", {}), rule.get("annotations", {})):
                assert all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()), rule


def test_selectors_match_pod_labels():
    labels = DOCS["Deployment"]["spec"]["template"]["metadata"]["labels"]
    for kind in ("Deployment", "PodDisruptionBudget", "ServiceMonitor"):
        sel = DOCS[kind]["spec"]["selector"]["matchLabels"]
        assert sel.items() <= labels.items(), kind
    assert DOCS["Service"]["spec"]["selector"].items() <= labels.items()
    assert (
        DOCS["ServiceMonitor"]["spec"]["selector"]["matchLabels"].items()
        <= DOCS["Service"]["metadata"]["labels"].items()
    )
    target = DOCS["HorizontalPodAutoscaler"]["spec"]["scaleTargetRef"]
    assert (target["kind"], target["name"]) == ("Deployment", DOCS["Deployment"]["metadata"]["name"])


def test_probes_and_ports_match_the_config():
    cfg = _gateway_cfg()
    c = _container()
    ports = {p["name"]: p["containerPort"] for p in c["ports"]}
    assert ports["http"] == cfg.server.listen_addr[1]
    assert ports["admin"] == cfg.server.admin_addr[1]
    assert cfg.server.listen_addr[0] == "0.0.0.0" and cfg.server.admin_addr[0] == "0.0.0.0"
    assert c["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert c["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    svc_targets = {p["targetPort"] for p in DOCS["Service"]["spec"]["ports"]}
    assert svc_targets <= set(ports)
    (endpoint,) = DOCS["ServiceMonitor"]["spec"]["endpoints"]
    assert endpoint["port"] in {p["name"] for p in DOCS["Service"]["spec"]["ports"]}
    assert endpoint["path"] == "/metrics"
    annotations = DOCS["Deployment"]["spec"]["template"]["metadata"]["annotations"]
    assert int(annotations["prometheus.io/port"]) == ports["admin"]


async def test_probe_paths_are_real_endpoints():
    from harness import running_gateway

    cfg = (
        'version: 1\nupstreams: {m: {url: "MOCK_URL"}}\nroutes: [{name: r, match: {path: /x}, upstream: m}]\n'
    )
    async with running_gateway(cfg) as gw:
        for path in ("/readyz", "/healthz"):
            r = await gw.client.get(gw.url + path)
            assert r.status == 200, path


def test_drain_fits_termination_grace():
    cfg = _gateway_cfg()
    pod = DOCS["Deployment"]["spec"]["template"]["spec"]
    pre_stop = _container()["lifecycle"]["preStop"]["sleep"]["seconds"]
    assert pod["terminationGracePeriodSeconds"] > pre_stop + cfg.server.drain_grace_s


def test_pod_security():
    pod = DOCS["Deployment"]["spec"]["template"]["spec"]
    c = _container()
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["runAsUser"] != 0
    sc = c["securityContext"]
    assert sc["readOnlyRootFilesystem"] is True
    assert sc["allowPrivilegeEscalation"] is False
    assert sc["capabilities"]["drop"] == ["ALL"]
    assert "add" not in sc["capabilities"]
    assert c["resources"]["requests"]["cpu"] and c["resources"]["limits"]["memory"]
    # writable paths are emptyDirs: /tmp and the audit directory
    mounts = {m["mountPath"]: m["name"] for m in c["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert "emptyDir" in volumes[mounts["/tmp"]]
    audit_path = _gateway_cfg().audit.path
    audit_mount = next(p for p in mounts if audit_path.startswith(p.rstrip("/") + "/") or audit_path == p)
    assert "emptyDir" in volumes[mounts[audit_mount]]
    assert volumes[mounts["/etc/aigw"]]["configMap"]["name"] == DOCS["ConfigMap"]["metadata"]["name"]
    assert c["args"] == ["run", "-c", "/etc/aigw/gateway.yaml"]


def test_secrets_only_by_reference():
    c = _container()
    needed = {var for _, var in required_env_vars(_gateway_cfg())}
    refs = {e["name"]: e["valueFrom"]["secretKeyRef"] for e in c["env"] if "valueFrom" in e}
    assert needed <= set(refs), needed - set(refs)
    assert {"AIGW_ADMIN_TOKEN", "AIGW_AUDIT_KEY"} <= set(refs)
    for e in c["env"]:
        assert "value" not in e or e["name"] not in needed
    text = "".join(p.read_text() for p in K8S.glob("*.yaml"))
    assert "kind: Secret\n" not in text
    assert not re.search(r"sk-[A-Za-z0-9]{16,}", text)


def test_configmap_config_passes_aigw_check(tmp_path, monkeypatch, capsys):
    path = tmp_path / "gateway.yaml"
    path.write_text(generate.gateway_yaml())
    for _, var in required_env_vars(_gateway_cfg()):
        monkeypatch.setenv(var, "dummy-value")
    assert aigw(["check", "-c", str(path)]) == 0
    assert "OK" in capsys.readouterr().out


def test_dashboard_configmap_is_picked_up_by_grafana():
    doc = DOCS["DashboardConfigMap"]
    assert doc["metadata"]["labels"]["grafana_dashboard"] == "1"
    assert doc["data"]["aigw-dashboard.json"].lstrip().startswith("{")


def test_generated_manifests_are_up_to_date():
    for name, build in generate.OUTPUTS.items():
        assert (K8S / name).read_text() == build(), f"{name} is stale: python deploy/kubernetes/generate.py"


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool not installed")
def test_prometheusrule_passes_promtool(tmp_path):
    rules = tmp_path / "rules.yaml"
    rules.write_text(yaml.safe_dump({"groups": DOCS["PrometheusRule"]["spec"]["groups"]}))
    out = subprocess.run(["promtool", "check", "rules", str(rules)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


# --- the image ---------------------------------------------------------------------------


def _dockerfile() -> list[str]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_dockerfile_pins_base_and_runs_non_root():
    lines = _dockerfile()
    bases = [line.split()[1] for line in lines if line.upper().startswith("FROM ")]
    assert bases
    for base in bases:
        image, _, tag = base.partition(":")
        assert "@sha256:" in base or re.match(r"^\d+\.\d+\.\d+", tag), f"unpinned base image {base}"
    final_stage = lines[max(i for i, line in enumerate(lines) if line.upper().startswith("FROM ")) :]
    users = [line.split()[1] for line in final_stage if line.upper().startswith("USER ")]
    assert users and users[-1].split(":")[0] not in {"0", "root"}
    uid = int(users[-1].split(":")[0])
    assert uid == DOCS["Deployment"]["spec"]["template"]["spec"]["securityContext"]["runAsUser"]


def test_dockerfile_default_config_listens_outside_the_container():
    lines = _dockerfile()
    copies = [line.split() for line in lines if line.upper().startswith("COPY ") and "--from" not in line]
    src = next(parts[1] for parts in copies if parts[-1] == "/etc/aigw/gateway.yaml")
    for path in (src, "config/docker.yaml"):
        cfg = parse_config(yaml.safe_load((ROOT / path).read_text()))
        assert cfg.server.listen_addr[0] == "0.0.0.0"
    entry = next(line for line in lines if line.upper().startswith("CMD "))
    assert "/etc/aigw/gateway.yaml" in entry
    for need in ("gateway", "filters", "pyproject.toml"):
        assert any(need in line for line in lines if line.upper().startswith("COPY "))


def test_docker_config_keeps_the_demo_policy():
    demo = parse_config(yaml.safe_load((ROOT / "gateway" / "devtools" / "demo.yaml").read_text()))
    docker = parse_config(yaml.safe_load((ROOT / "config" / "docker.yaml").read_text()))
    assert docker.filters == demo.filters
    assert docker.routes == demo.routes
    assert docker.principals == demo.principals


def test_demo_binds_a_chosen_host_for_containers():
    from gateway.cli import build_parser

    args = build_parser().parse_args(["demo", "--host", "0.0.0.0", "--no-serve"])
    assert args.host == "0.0.0.0"
    assert build_parser().parse_args(["demo"]).host == "127.0.0.1"


def test_operations_doc_lists_every_gateway_error_code():
    from gateway.dataplane import errors

    doc = (ROOT / "docs" / "operations.md").read_text()
    table = doc.split("## Troubleshooting", 1)[1]
    codes = {e.code for e in errors._TABLE.values()}
    codes |= errors.ACCESS_DENIED_REASONS | errors.RATE_LIMIT_REASONS
    missing = sorted(c for c in codes if f"`{c}`" not in table)
    assert not missing, missing


def test_dockerfile_installs_from_pinned_constraints():
    from packaging.requirements import Requirement

    from gateway.devtools.constraints import canonical, render, runtime_closure

    lines = _dockerfile()
    install = next(line for line in lines if "pip install" in line)
    assert "-c constraints.txt" in install
    assert any(line.startswith("COPY ") and "constraints.txt" in line for line in lines)
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            name, sep, version = line.partition("==")
            assert sep and version and not any(c in version for c in "<>=*,"), line
            pins[canonical(name)] = version
    # every runtime dependency of pyproject.toml is pinned, within its declared range
    project = __import__("tomllib").loads((ROOT / "pyproject.toml").read_text())["project"]
    for raw in project["dependencies"]:
        req = Requirement(raw)
        assert canonical(req.name) in pins, req.name
        assert req.specifier.contains(pins[canonical(req.name)]), (req.name, pins[canonical(req.name)])
    # and it is what this environment runs: the file is the generator's output, not stale
    closure = runtime_closure()
    assert pins == closure, (
        "constraints.txt is stale: .venv/bin/python -m gateway.devtools.constraints > constraints.txt"
    )
    assert (ROOT / "constraints.txt").read_text() == render(closure)
    assert "pytest" not in pins and "ruff" not in pins  # the dev extra stays out of the image


async def test_healthcheck_follows_the_configured_port(tmp_path):
    lines = _dockerfile()
    check = next(line for line in lines if line.upper().startswith("HEALTHCHECK "))
    assert "aigw healthcheck -c" in check and "8080" not in check
    env_line = next(line for line in lines if line.startswith("ENV ") and "AIGW_CONFIG=" in line)
    assert "AIGW_CONFIG=/etc/aigw/gateway.yaml" in env_line

    from harness import running_gateway

    minimal = (
        "version: 1\nupstreams: {m: {url: MOCK_URL}}\nroutes: [{name: r, match: {path: /x}, upstream: m}]\n"
    )
    async with running_gateway(minimal) as gw:
        port = gw.url.rsplit(":", 1)[1]
        cfg = tmp_path / "g.yaml"
        cfg.write_text(f'version: 1\nserver: {{listen: "0.0.0.0:{port}"}}\n')
        probe = [sys.executable, "-m", "gateway.cli", "healthcheck", "-c", str(cfg)]
        ok = await __import__("asyncio").to_thread(subprocess.run, probe, capture_output=True, text=True)
        assert ok.returncode == 0, ok.stderr
    with socket.socket() as s:  # nothing listens there any more
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    cfg.write_text(f'version: 1\nserver: {{listen: "127.0.0.1:{free}"}}\n')
    down = subprocess.run(probe, capture_output=True, text=True)
    assert down.returncode == 1 and f"http://127.0.0.1:{free}/healthz" in down.stderr
    cfg.write_text("server: [\n")
    bad = subprocess.run(probe, capture_output=True, text=True)
    assert bad.returncode == 1 and "cannot read the listen address" in bad.stderr
