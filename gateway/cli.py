"""`aigw` subcommands. Argument parsing only; each command calls into its module."""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import secrets
import sys
from collections.abc import Sequence


def _cmd_run(args: argparse.Namespace) -> int:
    from gateway.config import ConfigError, load_config
    from gateway.service.server import configure_logging, install_uvloop, serve

    configure_logging(args.log_level)
    try:
        loaded = load_config(args.config, os.environ)
    except ConfigError as exc:
        print("config error:\n  " + "\n  ".join(exc.errors), file=sys.stderr)
        return 2
    if loaded.config.server.workers > 1:
        from gateway.service.supervisor import supervise

        return supervise(args.config, loaded.config.server.workers)
    install_uvloop()
    asyncio.run(serve(args.config, os.environ))
    return 0


def _cmd_worker(args: argparse.Namespace) -> int:
    """Internal: one data-plane worker started by the supervisor (binds with SO_REUSEPORT)."""
    from gateway.service.server import configure_logging, install_uvloop, serve

    configure_logging(args.log_level)
    install_uvloop()
    asyncio.run(serve(args.config, os.environ, admin=False, reuse_port=True))
    return 0


def _cmd_supervise(args: argparse.Namespace) -> int:
    """Internal: the supervisor, re-executed with PROMETHEUS_MULTIPROC_DIR already set."""
    from gateway.service.server import configure_logging, install_uvloop
    from gateway.service.supervisor import run_supervisor

    configure_logging(args.log_level)
    install_uvloop()
    return asyncio.run(run_supervisor(args.config, args.workers))


def _cmd_check(args: argparse.Namespace) -> int:
    from gateway.config import ConfigError, load_config
    from gateway.service.runtime import build_filters

    try:
        loaded = load_config(args.config, os.environ)
        build_filters(loaded, os.environ, {})
    except ConfigError as exc:
        print(f"{args.config}: INVALID", file=sys.stderr)
        for e in exc.errors:
            print(f"  {e}", file=sys.stderr)
        return 1
    cfg = loaded.config
    print(f"{args.config}: OK  version {loaded.short_version}")
    print(f"  listen {cfg.server.listen}  admin {cfg.server.admin_listen}  workers {cfg.server.workers}")
    print(f"  upstreams ({len(cfg.upstreams)}):")
    for name, u in cfg.upstreams.items():
        pin = f"  expect_model={u.expect_model}" if u.expect_model else ""
        print(f"    {name:<16} {u.url}  timeout {u.timeout_s:g}s{pin}")
    print(f"  filters ({len(cfg.filters)}):")
    for name, f in cfg.filters.items():
        print(f"    {name:<16} type={f.type} mode={f.mode}")
    print(f"  principals: {len(cfg.principals)}")
    print(f"  routes ({len(cfg.routes)}):")
    for r in cfg.routes:
        models = ",".join(r.match.models) if r.match.models else "*"
        print(
            f"    {r.name:<16} {r.match.path}{'*' if r.match.prefix else ''} models={models} "
            f"protocol={r.protocol} -> {r.upstream}  filters=[{', '.join(r.filters)}]"
            + (f" response=[{', '.join(r.response_filters)}]" if r.response_filters else "")
        )
        if r.canary is not None:
            steps = ""
            if r.rollout is not None:
                listed = ", ".join(f"{x:g}" for x in r.rollout.steps)
                steps = f" rollout steps=[{listed}] every {r.rollout.interval_s:g}s"
            print(
                f"      canary -> {r.canary.upstream} weight {r.canary.weight:g}% sticky={r.canary.sticky}{steps}"
            )
        if r.shadow is not None:
            print(f"      shadow -> {r.shadow.upstream} {r.shadow.percent:g}%")
        if r.slo is not None:
            print(
                f"      slo latency {_num(r.slo.latency_ms)}ms p{r.slo.percentile:g} "
                f"ttft {_num(r.slo.ttft_ms)}ms availability {r.slo.availability:g}%"
            )
    return 0


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def _cmd_schema(args: argparse.Namespace) -> int:
    from gateway.config import json_schema

    print(json.dumps(json_schema(), indent=2))
    return 0


def _cmd_keys_hash(args: argparse.Namespace) -> int:
    key = sys.stdin.readline().strip()
    if not key:
        print("read an empty key from stdin", file=sys.stderr)
        return 1
    print(hashlib.sha256(key.encode()).hexdigest())
    return 0


def _cmd_keys_new(args: argparse.Namespace) -> int:
    key = "aigw-" + secrets.token_urlsafe(32)
    print(f"key:        {key}")
    print(f"key_sha256: {hashlib.sha256(key.encode()).hexdigest()}")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from gateway.devtools.demo import run_demo
    from gateway.service.server import install_uvloop

    install_uvloop()
    return asyncio.run(
        run_demo(serve_forever=not args.no_serve, port=args.port, admin_port=args.admin_port, host=args.host)
    )


def _cmd_mock(args: argparse.Namespace) -> int:
    from gateway.devtools.demo import run_mock
    from gateway.service.server import install_uvloop

    install_uvloop()
    try:
        asyncio.run(run_mock(args.port))
    except KeyboardInterrupt:
        pass
    return 0


def _cmd_slo_status(args: argparse.Namespace) -> int:
    from gateway.slo.admin import cli_status

    return cli_status(args.admin_url, args.token or os.environ.get("AIGW_ADMIN_TOKEN"), args.json)


def _cmd_slo_rules(args: argparse.Namespace) -> int:
    from gateway.slo.rules import cli_rules

    return cli_rules(args.config, args.output, args.rounding)


def _cmd_rollout(args: argparse.Namespace) -> int:
    from gateway.rollout.admin import run_cli

    token = args.token or os.environ.get("AIGW_ADMIN_TOKEN", "")
    return run_cli(args.rollout_action, args.route, args.weight, args.admin_url, token)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="aigw", description="AI governance gateway")
    sub = p.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the gateway")
    run.add_argument("-c", "--config", required=True)
    run.add_argument("--log-level", default=os.environ.get("AIGW_LOG_LEVEL", "INFO"))
    run.set_defaults(func=_cmd_run)

    worker = sub.add_parser("_worker", help=argparse.SUPPRESS)
    worker.add_argument("-c", "--config", required=True)
    worker.add_argument("--log-level", default="INFO")
    worker.set_defaults(func=_cmd_worker)

    supervise = sub.add_parser("_supervise", help=argparse.SUPPRESS)
    supervise.add_argument("-c", "--config", required=True)
    supervise.add_argument("--workers", type=int, required=True)
    supervise.add_argument("--log-level", default="INFO")
    supervise.set_defaults(func=_cmd_supervise)

    check = sub.add_parser("check", help="validate a config file and print a summary")
    check.add_argument("-c", "--config", required=True)
    check.set_defaults(func=_cmd_check)

    config = sub.add_parser("config", help="config utilities")
    csub = config.add_subparsers(dest="config_command", required=True)
    schema = csub.add_parser("schema", help="print the config JSON Schema")
    schema.set_defaults(func=_cmd_schema)

    keys = sub.add_parser("keys", help="gateway key utilities")
    ksub = keys.add_subparsers(dest="keys_command", required=True)
    kh = ksub.add_parser("hash", help="print the sha256 of a key read from stdin")
    kh.set_defaults(func=_cmd_keys_hash)
    kn = ksub.add_parser("new", help="generate a strong key and its sha256")
    kn.set_defaults(func=_cmd_keys_new)

    demo = sub.add_parser("demo", help="run the gateway with an embedded mock LLM and show what it does")
    demo.add_argument("--no-serve", action="store_true", help="exit after the demo requests")
    demo.add_argument("--port", type=int, default=8080)
    demo.add_argument("--admin-port", type=int, default=8081)
    demo.add_argument(
        "--host", default="127.0.0.1", help="bind address of both planes (0.0.0.0 inside a container)"
    )
    demo.set_defaults(func=_cmd_demo)

    mock = sub.add_parser("mock", help="run only the embedded mock LLM (for config/demo.yaml)")
    mock.add_argument("--port", type=int, default=8090)
    mock.set_defaults(func=_cmd_mock)

    ro = sub.add_parser("rollout", help="canary rollout status and controls of a running gateway")
    ro.add_argument("rollout_action", choices=["status", "promote", "pause", "resume", "rollback", "weight"])
    ro.add_argument("route", nargs="?", default=None, help="route name (status without it: every route)")
    ro.add_argument("weight", nargs="?", type=float, default=None, help="weight: canary percent 0..100")
    ro.add_argument("--admin-url", default=os.environ.get("AIGW_ADMIN_URL", "http://127.0.0.1:8081"))
    ro.add_argument("--token", default=None, help="admin token (default: $AIGW_ADMIN_TOKEN)")
    ro.set_defaults(func=_cmd_rollout)

    from gateway.audit.cli import add_subcommands as add_audit_subcommands

    add_audit_subcommands(sub)  # aigw audit verify|timeline|export

    from gateway.validation.cli import add_subcommands as add_validate_subcommand

    add_validate_subcommand(sub)  # aigw validate (golden sets, docs/validation.md)

    slo = sub.add_parser("slo", help="SLO status of a running gateway; Prometheus rules for fleets")
    ssub = slo.add_subparsers(dest="slo_command", required=True)
    st = ssub.add_parser("status", help="per route and variant: error rate, p99, burn rates, budget, alerts")
    st.add_argument("--admin-url", default=os.environ.get("AIGW_ADMIN_URL", "http://127.0.0.1:8081"))
    st.add_argument("--token", default=None, help="admin token (default: $AIGW_ADMIN_TOKEN)")
    st.add_argument("--json", action="store_true", help="print the /admin/slo document")
    st.set_defaults(func=_cmd_slo_status)
    sr = ssub.add_parser("rules", help="Prometheus recording + multi-window burn-rate alert rules")
    sr.add_argument("-c", "--config", required=True)
    sr.add_argument("-o", "--output", default=None, help="write to this file instead of stdout")
    sr.add_argument(
        "--rounding",
        choices=["down", "up", "error"],
        default="down",
        help="latency threshold between histogram buckets: stricter (down), lenient (up) or refuse",
    )
    sr.set_defaults(func=_cmd_slo_rules)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
