"""`aigw validate`: run a golden set once against a route's variant, before a change ships.

Reads the config file like `aigw check` but needs only the chosen upstream's credential
from the environment (not the admin token), so it runs in CI. Prints a table (case,
verdict, why, latency) on stdout, a progress bar on stderr, optionally writes the JSON
report, and exits 1 when the pass rate is below the threshold (2 on a config error).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import textwrap
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

import orjson

EXIT_OK, EXIT_BELOW, EXIT_CONFIG = 0, 1, 2


class UsageError(Exception):
    pass


def add_subcommands(sub: Any) -> None:
    p = sub.add_parser(
        "validate",
        help="replay a golden set against a route's variant once; exit 1 below the pass-rate threshold",
    )
    p.add_argument("-c", "--config", required=True, help="gateway config file")
    p.add_argument("--route", required=True, help="route whose protocol and variants are used")
    p.add_argument(
        "--variant",
        default="baseline",
        help="baseline (the route's upstream), canary, shadow, or any upstream name (default: baseline)",
    )
    p.add_argument(
        "--set", dest="set_name", default=None, help="golden set (default: the route's validation.set)"
    )
    p.add_argument("--report", default=None, help="write the JSON report to this file")
    p.add_argument(
        "--min-pass-rate",
        type=float,
        default=None,
        help="threshold 0..1 (default: the route's validation.slo.min_pass_rate, else 0.95)",
    )
    p.set_defaults(func=_cmd_validate)


def _load(path: str, env: Mapping[str, str]) -> tuple[Any, dict[str, Any], str]:
    """(config, sets, version) without the environment check of the whole config."""
    from gateway.config import ConfigError, config_version, parse_config, read_document
    from gateway.validation.cases import CaseSetError, load_sets, versioned

    p = Path(path)
    _, data = read_document(p)
    cfg = parse_config(data)
    try:
        sets = load_sets(cfg, p.parent)
    except CaseSetError as exc:
        raise ConfigError(exc.errors) from None
    return cfg, sets, versioned(config_version(cfg), sets)


def resolve_upstream(route: Any, variant: str, upstreams: Mapping[str, Any]) -> str:
    if variant == "baseline":
        return route.upstream
    if variant == "canary":
        if route.canary is None:
            raise UsageError(f"route {route.name} has no canary")
        return route.canary.upstream
    if variant == "shadow":
        if route.shadow is None:
            raise UsageError(f"route {route.name} has no shadow")
        return route.shadow.upstream
    if variant in upstreams:
        return variant
    raise UsageError(f"--variant {variant!r}: not baseline, canary, shadow or an upstream name")


class Progress:
    """A one-line bar on a terminal; on a pipe, a line at every tenth of the cases."""

    def __init__(self, total: int, out: TextIO) -> None:
        self.total = max(1, total)
        self.done = 0
        self.failed = 0
        self.out = out
        self.tty = out.isatty()
        self._last_tenth = -1

    def step(self, verdict: str) -> None:
        self.done += 1
        if verdict in ("fail", "error"):
            self.failed += 1
        if self.tty:
            width = 30
            filled = width * self.done // self.total
            self.out.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}  {self.failed} failing"
            )
            if self.done >= self.total:
                self.out.write("\n")
        else:
            tenth = 10 * self.done // self.total
            if tenth != self._last_tenth:
                self._last_tenth = tenth
                self.out.write(f"validate: {self.done}/{self.total} cases, {self.failed} failing\n")
        self.out.flush()


def render_table(rows: list[dict[str, Any]]) -> str:
    lines = [f"{'CASE':<28} {'VERDICT':<8} {'LATENCY':>9}  WHY", "-" * 90]
    for r in rows:
        lat = "-" if r["latency_ms"] is None else f"{r['latency_ms']:.0f} ms"
        why = textwrap.shorten(r["why"], 80) if r["why"] else ""
        lines.append(f"{r['id'][:28]:<28} {r['verdict']:<8} {lat:>9}  {why}")
    return "\n".join(lines)


async def validate_once(
    path: str,
    route_name: str,
    variant: str,
    set_name: str | None,
    env: Mapping[str, str],
    progress_out: TextIO | None = None,
) -> tuple[Any, float]:
    """Load, run, return (RunResult, threshold). Raises ConfigError or UsageError."""
    from gateway.config import ConfigError
    from gateway.dataplane.forward import UpstreamPool
    from gateway.protocols import get_adapter
    from gateway.validation.config import ValidationSloConfig
    from gateway.validation.runner import run_set

    cfg, sets, version = _load(path, env)
    route = next((r for r in cfg.routes if r.name == route_name), None)
    if route is None:
        raise UsageError(f"no route {route_name!r} (routes: {', '.join(r.name for r in cfg.routes)})")
    name = set_name or (route.validation.set if route.validation else None)
    if name is None:
        raise UsageError(f"route {route_name} has no validation section: name a set with --set")
    if name not in sets:
        raise UsageError(f"no validation set {name!r} (sets: {', '.join(sorted(sets)) or 'none'})")
    upstream = resolve_upstream(route, variant, cfg.upstreams)
    ucfg = cfg.upstreams[upstream]
    if ucfg.auth is not None:  # only this upstream's credential is needed (same checks as check_env)
        var = ucfg.auth.value_env
        value = env.get(var)
        where = f"upstreams.{upstream}.auth.value_env"
        if not value:
            raise ConfigError([f"{where}: environment variable {var} is not set"])
        if "\r" in value or "\n" in value:
            raise ConfigError([f"{where}: environment variable {var} contains a line break"])
    scfg = cfg.validation.sets[name]
    case_set = sets[name]
    slo = route.validation.slo if route.validation else ValidationSloConfig()
    bar = Progress(len(case_set.cases), progress_out) if progress_out is not None else None
    pool = UpstreamPool(upstream, ucfg, env)
    try:
        run = await run_set(
            pool=pool,
            adapter=get_adapter(route.protocol, paths=route.paths),
            route=route,
            variant=variant if variant in ("baseline", "canary", "shadow") else upstream,
            case_set=case_set,
            timeout_s=scfg.timeout_s,
            concurrency=scfg.concurrency,
            run_budget_s=scfg.run_budget_s,
            config_version=version,
            trigger="cli",
            on_case=(lambda r: bar.step(r.verdict)) if bar is not None else None,
        )
    finally:
        await pool.close()
    return run, slo.min_pass_rate


def _cmd_validate(args: argparse.Namespace) -> int:
    from gateway.config import ConfigError

    if args.min_pass_rate is not None and not (0.0 <= args.min_pass_rate <= 1.0):
        print("--min-pass-rate must be in 0..1", file=sys.stderr)
        return EXIT_CONFIG
    try:
        run, threshold = asyncio.run(
            validate_once(args.config, args.route, args.variant, args.set_name, os.environ, sys.stderr)
        )
    except ConfigError as exc:
        print(f"{args.config}: INVALID", file=sys.stderr)
        for e in exc.errors:
            print(f"  {e}", file=sys.stderr)
        return EXIT_CONFIG
    except UsageError as exc:
        print(f"aigw validate: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    if args.min_pass_rate is not None:
        threshold = args.min_pass_rate
    rate = run.pass_rate
    ok = rate is not None and rate >= threshold
    doc = run.public()
    print(render_table(doc["results"]))
    c = run.counts()
    shown = "-" if rate is None else f"{rate * 100:.1f}%"
    print(
        f"\n{run.route}/{run.variant} (upstream {run.upstream}), set {run.set_name} "
        f"({run.set_sha256[:12]}): {c['pass']} pass, {c['fail']} fail, {c['error']} error, "
        f"{c['skipped']} skipped; pass rate {shown} (min {threshold * 100:.1f}%): {'OK' if ok else 'BELOW THRESHOLD'}"
    )
    if args.report:
        report = {**doc, "min_pass_rate": threshold, "ok": ok}
        Path(args.report).write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2))
    return EXIT_OK if ok else EXIT_BELOW
