"""`aigw slo rules`: Prometheus recording and alerting rules from the config's SLOs.

A fleet of replicas is judged by Prometheus, not by any one process: every replica
exports the same counters and histograms, and these rules sum them before dividing. The
classification is the in-process one (gateway/slo/series.py): availability from
`aigw_requests_total` by outcome (client errors are not events), latency from
`aigw_slo_latency_seconds`, the histogram of exactly the latency each event is judged by
(time to the last byte, or time to first byte for streams on routes with `ttft_ms`).
The generic `aigw_request_duration_seconds` / `aigw_ttft_seconds` cannot be used for
that: the first mixes streamed answers' total time and client errors in, and neither
says which requests were events.

A histogram only answers "how many were <= le" at its bucket boundaries, so a threshold
between two boundaries is rounded (default: down, i.e. stricter) and the rounding is
reported as a warning and written into the file.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from prometheus_client.utils import floatToGoString

from gateway.config import ConfigError, GatewayConfig, config_version, parse_config, read_document
from gateway.metrics import LATENCY_BUCKETS
from gateway.outcome import GOOD_OUTCOMES, SERVER_FAILURES
from gateway.slo.burn import ALERT_RULES, WINDOWS
from gateway.slo.config import SloConfig

RUNBOOK = "docs/slo.md#alert-runbook"
BAD_RE = "|".join(sorted(SERVER_FAILURES))
EVENT_RE = "|".join(sorted(GOOD_OUTCOMES | SERVER_FAILURES))


@dataclass(frozen=True, slots=True)
class Threshold:
    configured_s: float
    le: float  # the bucket boundary used

    @property
    def exact(self) -> bool:
        return abs(self.le - self.configured_s) < 1e-12

    @property
    def le_label(self) -> str:
        return floatToGoString(self.le)


def bucket_threshold(
    seconds: float, rounding: str = "down", buckets: tuple[float, ...] = LATENCY_BUCKETS
) -> Threshold:
    """The histogram boundary a latency threshold maps to.

    down: the largest boundary <= threshold (stricter: events between it and the threshold
    count as slow); up: the smallest boundary >= threshold (lenient); error: refuse unless
    exact. Past either end the nearest boundary is used whatever the mode.
    """
    for b in buckets:
        if abs(b - seconds) < 1e-12:
            return Threshold(seconds, b)
    if rounding == "error":
        raise ValueError(
            f"latency threshold {seconds * 1000:g} ms is not a histogram bucket boundary "
            f"({', '.join(f'{b * 1000:g}' for b in buckets)} ms)"
        )
    below = [b for b in buckets if b < seconds]
    above = [b for b in buckets if b > seconds]
    if rounding == "up":
        return Threshold(seconds, above[0] if above else buckets[-1])
    return Threshold(seconds, below[-1] if below else buckets[0])


def _q(name: str) -> str:
    return name.replace("\\", "\\\\").replace('"', '\\"')


def availability_expr(route: str, window: str, objective: float) -> str:
    sel = f'route="{_q(route)}"'
    total = f'sum by (route, variant) (rate(aigw_requests_total{{{sel},outcome=~"{EVENT_RE}"}}[{window}]))'
    bad = f'sum by (route, variant) (rate(aigw_requests_total{{{sel},outcome=~"{BAD_RE}"}}[{window}]))'
    return f"(\n  {bad}\n  or 0 * {total}\n)\n/ {total}\n/ {_allowed(objective)}"


def latency_expr(
    route: str, window: str, objective: float, total_le: Threshold | None, ttft_le: Threshold | None
) -> str:
    sel = f'route="{_q(route)}"'
    kinds = [k for k, t in (("total", total_le), ("ttft", ttft_le)) if t is not None]
    kind_sel = f'kind="{kinds[0]}"' if len(kinds) == 1 else 'kind=~"total|ttft"'
    good_terms = [
        f'rate(aigw_slo_latency_seconds_bucket{{{sel},kind="{k}",le="{t.le_label}"}}[{window}])'
        for k, t in (("total", total_le), ("ttft", ttft_le))
        if t is not None
    ]
    good = "sum by (route, variant) (\n    " + "\n    or ".join(good_terms) + "\n  )"
    total = f"sum by (route, variant) (rate(aigw_slo_latency_seconds_count{{{sel},{kind_sel}}}[{window}]))"
    return f"(\n  1 - {good}\n  / {total}\n)\n/ {_allowed(objective)}"


def _allowed(objective: float) -> str:
    return f"{round(1.0 - objective, 10):g}"


def _events_guard(route: str, window: str, n: int) -> str:
    sel = f'route="{_q(route)}"'
    return (
        f'and on (route, variant) sum by (route, variant) (increase(aigw_requests_total{{{sel},outcome=~"{EVENT_RE}"}}[{window}])) '
        f">= {n}"
    )


def route_rules(route: str, slo: SloConfig, rounding: str) -> tuple[dict[str, Any], list[str]]:
    """One rule group for one route: burn rate per SLI and window, then its alerts."""
    warnings: list[str] = []
    total_le = bucket_threshold(slo.latency_ms / 1000.0, rounding) if slo.latency_ms is not None else None
    ttft_le = bucket_threshold(slo.ttft_ms / 1000.0, rounding) if slo.ttft_ms is not None else None
    for field_name, t in (("latency_ms", total_le), ("ttft_ms", ttft_le)):
        if t is not None and not t.exact:
            warnings.append(
                f"route {route}: slo.{field_name} {t.configured_s * 1000:g} ms is not a bucket boundary of "
                f"aigw_slo_latency_seconds; the rules use le={t.le_label} s ({t.le * 1000:g} ms, rounded {rounding})"
            )
    rules: list[dict[str, Any]] = []
    slis = ["availability"] + (["latency"] if slo.has_latency else [])
    for sli in slis:
        for window in WINDOWS:
            if sli == "availability":
                expr = availability_expr(route, window, slo.availability_objective)
            else:
                expr = latency_expr(route, window, slo.latency_objective, total_le, ttft_le)
            rules.append(
                {
                    "record": f"aigw:slo_burn_rate:{window}",
                    "expr": expr,
                    "labels": {"route": route, "sli": sli},
                }
            )
    sel = f'route="{_q(route)}"'
    for severity in ("page", "ticket"):
        terms = []
        for rule in (r for r in ALERT_RULES if r.severity == severity):
            guard = _events_guard(route, rule.long, slo.min_events) if slo.min_events else ""
            term = (
                f"(\n  aigw:slo_burn_rate:{rule.long}{{{sel}}} > {rule.threshold:g}\n"
                f"  and aigw:slo_burn_rate:{rule.short}{{{sel}}} > {rule.threshold:g}"
                + (f"\n  {guard}" if guard else "")
                + "\n)"
            )
            terms.append(term)
        rules.append(
            {
                "alert": f"AigwSloBurnRate{severity.capitalize()}",
                "expr": "\nor\n".join(terms),
                "labels": {"route": route, "severity": severity},
                "annotations": {
                    "summary": (
                        "Route {{ $labels.route }} ({{ $labels.variant }}) is burning its "
                        "{{ $labels.sli }} error budget too fast"
                    ),
                    "description": _alert_description(severity),
                    "runbook_url": RUNBOOK,
                },
            }
        )
    return {"name": f"aigw-slo-{route}", "rules": rules}, warnings


def _alert_description(severity: str) -> str:
    rules = [r for r in ALERT_RULES if r.severity == severity]
    parts = [f"burn rate > {r.threshold:g} over {r.long} and {r.short}" for r in rules]
    return " or ".join(parts) + ". Burn rate 1 spends the budget exactly over the SLO period."


def budget_rules(routes: list[tuple[str, SloConfig]]) -> dict[str, Any]:
    """Budget remaining over each route's period (needs that much Prometheus retention)."""
    rules = []
    for route, slo in routes:
        window = f"{slo.period_days}d"
        rules.append(
            {
                "record": "aigw:slo_error_budget_remaining",
                "expr": f"1 - (\n{_indent(availability_expr(route, window, slo.availability_objective))}\n)",
                "labels": {"route": route, "sli": "availability"},
            }
        )
    return {"name": "aigw-slo-budget", "interval": "5m", "rules": rules}


def drift_rules(config: GatewayConfig) -> dict[str, Any] | None:
    rules = []
    for r in config.routes:
        if not r.drift.enabled:
            continue
        rules.append(
            {
                "alert": "AigwDriftPsiHigh",
                "expr": f'aigw_drift_psi{{route="{_q(r.name)}"}} > {r.drift.psi_alert:g}',
                "for": "15m",
                "labels": {"route": r.name, "severity": "ticket"},
                "annotations": {
                    "summary": (
                        "Route {{ $labels.route }} ({{ $labels.variant }}): {{ $labels.signal }} drifted "
                        '(PSI {{ $value | printf "%.2f" }})'
                    ),
                    "description": (
                        f"PSI of the last {r.drift.window_minutes} min against the reference is above "
                        f"{r.drift.psi_alert:g}. See GET /admin/drift for the distributions."
                    ),
                    "runbook_url": "docs/slo.md#drift",
                },
            }
        )
    return {"name": "aigw-drift", "rules": rules} if rules else None


def validation_burn_expr(route: str, window: str, min_pass_rate: float) -> str:
    """Failing share of golden-set cases (fail or error) over the allowance 1 - min_pass_rate."""
    sel = f'route="{_q(route)}"'
    total = f"sum by (route, variant) (increase(aigw_validation_cases_total{{{sel}}}[{window}]))"
    bad = f'sum by (route, variant) (increase(aigw_validation_cases_total{{{sel},verdict=~"fail|error"}}[{window}]))'
    return f"(\n  {bad}\n  or 0 * {total}\n)\n/ {total}\n/ {_allowed(min_pass_rate)}"


def validation_rules(config: GatewayConfig) -> dict[str, Any] | None:
    """The golden-set pass-rate SLO (docs/validation.md): burn rates and the same alert pairs.

    Windows shorter than two validation intervals see zero or one run: their burn rate is
    a step function, which the short-window half of each alert pair tolerates by design.
    """
    rules: list[dict[str, Any]] = []
    for r in config.routes:
        v = getattr(r, "validation", None)
        if v is None or not v.enabled:
            continue
        objective = v.slo.min_pass_rate
        for window in WINDOWS:
            rules.append(
                {
                    "record": f"aigw:validation_burn_rate:{window}",
                    "expr": validation_burn_expr(r.name, window, objective),
                    "labels": {"route": r.name},
                }
            )
        sel = f'route="{_q(r.name)}"'
        for severity in ("page", "ticket"):
            terms = []
            for rule in (x for x in ALERT_RULES if x.severity == severity):
                guard = (
                    f"\n  and on (route, variant) sum by (route, variant) "
                    f"(increase(aigw_validation_cases_total{{{sel}}}[{rule.long}])) >= {v.slo.min_cases}"
                    if v.slo.min_cases
                    else ""
                )
                terms.append(
                    f"(\n  aigw:validation_burn_rate:{rule.long}{{{sel}}} > {rule.threshold:g}\n"
                    f"  and aigw:validation_burn_rate:{rule.short}{{{sel}}} > {rule.threshold:g}{guard}\n)"
                )
            rules.append(
                {
                    "alert": f"AigwValidationBurnRate{severity.capitalize()}",
                    "expr": "\nor\n".join(terms),
                    "labels": {"route": r.name, "severity": severity},
                    "annotations": {
                        "summary": (
                            "Route {{ $labels.route }} ({{ $labels.variant }}) fails its golden set "
                            f"(objective: {objective:g} of cases pass)"
                        ),
                        "description": _alert_description(severity)
                        + " Failing cases: the latest `validation` audit records or GET /admin/slo.",
                        "runbook_url": "docs/validation.md#alerts",
                    },
                }
            )
    return {"name": "aigw-validation", "rules": rules} if rules else None


def _indent(text: str, by: str = "  ") -> str:
    return "\n".join(by + line for line in text.splitlines())


def build_rules(config: GatewayConfig, rounding: str = "down") -> tuple[dict[str, Any], list[str]]:
    """The rules document (Prometheus rule file structure) and any threshold warnings."""
    groups: list[dict[str, Any]] = []
    warnings: list[str] = []
    with_slo = [(r.name, r.slo) for r in config.routes if r.slo is not None]
    for name, slo in with_slo:
        group, w = route_rules(name, slo, rounding)
        groups.append(group)
        warnings.extend(w)
    if with_slo:
        groups.append(budget_rules(with_slo))
    drift = drift_rules(config)
    if drift is not None:
        groups.append(drift)
    validation = validation_rules(config)
    if validation is not None:
        groups.append(validation)
    return {"groups": groups}, warnings


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _str_presenter)


def render(doc: dict[str, Any], header: list[str]) -> str:
    body = yaml.dump(doc, Dumper=_Dumper, sort_keys=False, width=200, default_flow_style=False)
    return "".join(f"# {line}\n" if line else "#\n" for line in header) + body


def generate(path: str | Path, rounding: str = "down") -> tuple[str, list[str]]:
    """Read a config file (no environment needed: secrets are not used) and render its rules."""
    p = Path(path)
    _, data = read_document(p)
    config = parse_config(data)
    try:
        doc, warnings = build_rules(config, rounding)
    except ValueError as exc:
        raise ConfigError([str(exc)]) from None
    header = [
        f"Prometheus rules generated by `aigw slo rules` from {p.name} (config {config_version(config)[:12]}).",
        "Do not edit: change the routes' slo/drift sections and regenerate. See docs/slo.md.",
        "Burn rate 1 spends the error budget exactly over the SLO period; alerts are the SRE workbook's",
        "multi-window pairs: page 1h&5m > 14.4 or 6h&30m > 6, ticket 3d&6h > 1.",
        *(f"WARNING: {w}" for w in warnings),
    ]
    if not doc["groups"]:
        header.append("No route has an slo, drift or validation section: no rules.")
    return render(doc, header), warnings


def cli_rules(path: str, out: str | None, rounding: str) -> int:
    try:
        text, warnings = generate(path, rounding)
    except ConfigError as exc:
        print(f"{path}: INVALID", file=sys.stderr)
        for e in exc.errors:
            print(f"  {e}", file=sys.stderr)
        return 1
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    if out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
