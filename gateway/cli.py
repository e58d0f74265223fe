"""`aigw` subcommands. Argument parsing only; each command calls into its module."""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import secrets
import sys
from collections.abc import Coroutine, Sequence
from typing import Any


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
    return _serve_or_explain("aigw run", serve(args.config, os.environ))


def _serve_or_explain(what: str, main: Coroutine[Any, Any, Any], listen_error_code: int = 1) -> int:
    """Run a server coroutine; a port that cannot be bound is one line on stderr, not a traceback."""
    from gateway.service.server import ListenError

    try:
        asyncio.run(main)
    except ListenError as exc:
        print(f"{what}: {exc}", file=sys.stderr)
        return listen_error_code
    except KeyboardInterrupt:
        pass
    return 0


def _cmd_worker(args: argparse.Namespace) -> int:
    """Internal: one data-plane worker started by the supervisor (binds with SO_REUSEPORT)."""
    from gateway.service.server import configure_logging, install_uvloop, serve
    from gateway.service.supervisor import EXIT_CANNOT_LISTEN

    configure_logging(args.log_level)
    install_uvloop()
    return _serve_or_explain(
        "aigw worker", serve(args.config, os.environ, admin=False, reuse_port=True), EXIT_CANNOT_LISTEN
    )


def _cmd_supervise(args: argparse.Namespace) -> int:
    """Internal: the supervisor, re-executed with PROMETHEUS_MULTIPROC_DIR already set."""
    from gateway.service.server import ListenError, configure_logging, install_uvloop
    from gateway.service.supervisor import run_supervisor

    configure_logging(args.log_level)
    install_uvloop()
    try:
        return asyncio.run(run_supervisor(args.config, args.workers))
    except ListenError as exc:
        print(f"aigw run: {exc}", file=sys.stderr)
        return 1


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
    _warn_slo_buckets(cfg)
    return 0


def _warn_slo_buckets(cfg: Any) -> None:
    """The warnings of `aigw slo rules`: an SLO latency between two histogram buckets is judged
    at a bucket boundary by the generated Prometheus rules, not at the configured number."""
    from gateway.slo.rules import build_rules

    try:
        _, warnings = build_rules(cfg, "down")
    except ValueError as exc:  # --rounding error semantics do not apply here; never fail check
        warnings = [str(exc)]
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)


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
    except OSError as exc:
        reason = os.strerror(exc.errno).lower() if exc.errno else str(exc).rsplit(": ", 1)[-1]
        print(f"aigw mock: cannot listen on 127.0.0.1:{args.port}: {reason}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


def _admin_target(args: argparse.Namespace) -> tuple[str, str]:
    """The admin URL and token a client command talks to.

    URL: --admin-url, else the config's `server.admin_listen` (-c), else $AIGW_ADMIN_URL, else
    the default. Token: --token, else the variable the config's `server.admin_token_env` names,
    else $AIGW_ADMIN_TOKEN. Only the `server` section is read, so a config whose upstream
    secrets are not in this shell's environment still works.
    """
    url = args.admin_url
    token_env = "AIGW_ADMIN_TOKEN"
    if args.config:
        from gateway.config import ConfigError, admin_client_settings

        try:
            cfg_url, token_env = admin_client_settings(args.config)
        except ConfigError as exc:
            raise SystemExit("config error:\n  " + "\n  ".join(exc.errors)) from None
        url = url or cfg_url
    url = url or os.environ.get("AIGW_ADMIN_URL") or DEFAULT_ADMIN_URL
    token = args.token or os.environ.get(token_env) or os.environ.get("AIGW_ADMIN_TOKEN", "")
    return url, token


def _cmd_healthcheck(args: argparse.Namespace) -> int:
    """GET /healthz on the port the config listens on: the container HEALTHCHECK.

    Deliberately light (PyYAML and urllib only: 0.15 s of CPU per run, measured; importing the
    config models alone costs 0.45 s): Docker runs it every 10 s for the life of the container."""
    import urllib.error
    import urllib.request

    import yaml

    try:
        with open(args.config, encoding="utf-8") as fh:
            doc = yaml.safe_load(fh)
        server = (doc or {}).get("server") or {}
        host, _, port = str(server.get("listen", "0.0.0.0:8080")).rpartition(":")
        host = host.strip("[]")
        if host in ("", "0.0.0.0", "::"):
            host = "127.0.0.1" if host != "::" else "::1"
        url = f"http://{f'[{host}]' if ':' in host else host}:{int(port)}/healthz"
    except (OSError, yaml.YAMLError, ValueError, AttributeError) as exc:
        print(f"aigw healthcheck: cannot read the listen address from {args.config}: {exc}", file=sys.stderr)
        return 1
    try:
        with urllib.request.urlopen(url, timeout=args.timeout) as resp:
            ok = resp.status == 200
    except (urllib.error.URLError, OSError) as exc:
        print(f"aigw healthcheck: {url}: {exc}", file=sys.stderr)
        return 1
    return 0 if ok else 1


def _cmd_slo_status(args: argparse.Namespace) -> int:
    from gateway.slo.admin import cli_status

    url, token = _admin_target(args)
    return cli_status(url, token or None, args.json)


def _cmd_slo_rules(args: argparse.Namespace) -> int:
    from gateway.slo.rules import cli_rules

    return cli_rules(args.config, args.output, args.rounding)


def _cmd_rollout(args: argparse.Namespace) -> int:
    from gateway.rollout.admin import run_cli

    url, token = _admin_target(args)
    return run_cli(args.rollout_action, args.route, getattr(args, "weight", None), url, token)


DEFAULT_ADMIN_URL = "http://127.0.0.1:8081"
RUN_DESCRIPTION = """\
Run the gateway on a config file until SIGTERM/SIGINT (drains in-flight requests first).
SIGHUP or POST /admin/config/reload reloads the file. The admin plane needs the token in
the variable named by server.admin_token_env (default AIGW_ADMIN_TOKEN) unless
server.admin_auth is none."""
NO_COMMAND_EXIT = 2  # bare `aigw`: the help on stdout, and the usage-error status


def _admin_client_options(p: argparse.ArgumentParser) -> None:
    """--admin-url / --token / -c for commands that talk to a running gateway's admin API."""
    p.add_argument(
        "--admin-url",
        default=None,
        help=f"admin API base URL (default: from -c, else $AIGW_ADMIN_URL, else {DEFAULT_ADMIN_URL})",
    )
    p.add_argument(
        "-c",
        "--config",
        default=None,
        help="the gateway's config file: the admin address and token variable come from its server section",
    )
    p.add_argument(
        "--token",
        default=None,
        help="admin token (default: the config's admin_token_env, else $AIGW_ADMIN_TOKEN)",
    )


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="aigw",
        description="AI governance gateway",
        epilog="`aigw COMMAND --help` describes a command. Bare `aigw` prints this help and exits 2.",
    )
    # metavar: internal commands (_worker, _supervise) are registered without help, so they are
    # neither in this list nor in the command table of --help.
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser(
        "run",
        help="run the gateway",
        description=RUN_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument(
        "-c", "--config", required=True, help="the gateway config file (YAML; see `aigw config schema`)"
    )
    run.add_argument(
        "--log-level",
        default=os.environ.get("AIGW_LOG_LEVEL", "INFO"),
        help="DEBUG, INFO, WARNING or ERROR (default: $AIGW_LOG_LEVEL, else INFO)",
    )
    run.set_defaults(func=_cmd_run)

    worker = sub.add_parser("_worker")  # internal: a data-plane worker of `workers: N`
    worker.add_argument("-c", "--config", required=True)
    worker.add_argument("--log-level", default="INFO")
    worker.set_defaults(func=_cmd_worker)

    supervise = sub.add_parser("_supervise")  # internal: the supervisor of `workers: N`
    supervise.add_argument("-c", "--config", required=True)
    supervise.add_argument("--workers", type=int, required=True)
    supervise.add_argument("--log-level", default="INFO")
    supervise.set_defaults(func=_cmd_supervise)

    hc = sub.add_parser(
        "healthcheck", help="exit 0 when the gateway of a config answers /healthz (containers)"
    )
    hc.add_argument("-c", "--config", required=True, help="the config the gateway runs with (server.listen)")
    hc.add_argument("--timeout", type=float, default=2.0, help="seconds (default: %(default)s)")
    hc.set_defaults(func=_cmd_healthcheck)

    check = sub.add_parser("check", help="validate a config file and print a summary")
    check.add_argument("-c", "--config", required=True, help="the config file to check")
    check.set_defaults(func=_cmd_check)

    config = sub.add_parser("config", help="config utilities")
    csub = config.add_subparsers(dest="config_command", required=True, metavar="COMMAND")
    schema = csub.add_parser("schema", help="print the config JSON Schema")
    schema.set_defaults(func=_cmd_schema)

    keys = sub.add_parser("keys", help="gateway key utilities")
    ksub = keys.add_subparsers(dest="keys_command", required=True, metavar="COMMAND")
    kh = ksub.add_parser("hash", help="print the sha256 of a key read from stdin")
    kh.set_defaults(func=_cmd_keys_hash)
    kn = ksub.add_parser("new", help="generate a strong key and its sha256")
    kn.set_defaults(func=_cmd_keys_new)

    demo = sub.add_parser("demo", help="run the gateway with an embedded mock LLM and show what it does")
    demo.add_argument("--no-serve", action="store_true", help="exit after the demo requests")
    demo.add_argument("--port", type=int, default=8080, help="data-plane port (default: %(default)s)")
    demo.add_argument(
        "--admin-port", type=int, default=8081, help="admin/console port (default: %(default)s)"
    )
    demo.add_argument(
        "--host", default="127.0.0.1", help="bind address of both planes (0.0.0.0 inside a container)"
    )
    demo.set_defaults(func=_cmd_demo)

    mock = sub.add_parser("mock", help="run only the embedded mock LLM (for config/demo.yaml)")
    mock.add_argument("--port", type=int, default=8090, help="port on 127.0.0.1 (default: %(default)s)")
    mock.set_defaults(func=_cmd_mock)

    # One sub-command per action, so options may come before or after ROUTE
    # (`aigw rollout status --admin-url URL chat`).
    ro = sub.add_parser("rollout", help="canary rollout status and controls of a running gateway")
    rosub = ro.add_subparsers(dest="rollout_action", required=True, metavar="ACTION")
    ro_status = rosub.add_parser("status", help="state, weights, gates and the last decision")
    ro_status.add_argument("route", nargs="?", default=None, help="route name (default: every route)")
    _admin_client_options(ro_status)
    for action, text in (
        ("pause", "hold the canary at its weight"),
        ("resume", "let the judge step again"),
        ("promote", "send all traffic to the canary"),
        ("rollback", "send no traffic to the canary"),
        ("weight", "set the canary percent by hand (pauses the rollout)"),
    ):
        a = rosub.add_parser(action, help=text)
        a.add_argument("route", help="route name")
        if action == "weight":
            a.add_argument("weight", type=float, help="canary percent, 0..100")
        _admin_client_options(a)
    ro.set_defaults(func=_cmd_rollout)

    from gateway.audit.cli import add_subcommands as add_audit_subcommands

    add_audit_subcommands(sub)  # aigw audit verify|timeline|export

    from gateway.validation.cli import add_subcommands as add_validate_subcommand

    add_validate_subcommand(sub)  # aigw validate (golden sets, docs/validation.md)

    slo = sub.add_parser("slo", help="SLO status of a running gateway; Prometheus rules for fleets")
    ssub = slo.add_subparsers(dest="slo_command", required=True, metavar="COMMAND")
    st = ssub.add_parser("status", help="per route and variant: error rate, p99, burn rates, budget, alerts")
    _admin_client_options(st)
    st.add_argument("--json", action="store_true", help="print the /admin/slo document")
    st.set_defaults(func=_cmd_slo_status)
    sr = ssub.add_parser("rules", help="Prometheus recording + multi-window burn-rate alert rules")
    sr.add_argument("-c", "--config", required=True, help="the config whose routes' slo sections to render")
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
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:  # bare `aigw`
        parser.print_help()
        return NO_COMMAND_EXIT
    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`aigw check -c f | head -1`): what it wanted was printed.
        # Point stdout at /dev/null so the interpreter's final flush does not raise again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())
