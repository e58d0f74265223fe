"""`aigw audit verify|timeline|export`: argument parsing and printing; the work is elsewhere."""

from __future__ import annotations

import argparse
import os
import sys

import orjson

from gateway.audit.timeline import (
    DEFAULT_KINDS,
    RECORD_KINDS,
    TIMELINE_KINDS,
    build_timeline,
    parse_kinds,
    parse_time,
)
from gateway.audit.verify import KeyRequired, iter_records, resolve, verify_path


def _key(args: argparse.Namespace) -> bytes | None:
    value = os.environ.get(args.hmac_key_env or "AIGW_AUDIT_KEY", "")
    return value.encode() or None


def cmd_verify(args: argparse.Namespace) -> int:
    if not resolve(args.path):
        print(f"{args.path}: no audit files", file=sys.stderr)
        return 2
    try:
        reports = verify_path(args.path, _key(args), partial=args.partial)
    except KeyRequired as exc:
        print(str(exc), file=sys.stderr)
        return 2
    bad = 0
    for r in reports:
        if r.ok:
            end = (
                "clean shutdown"
                if r.last_kind == "shutdown"
                else f"last record {r.last_kind} (running, or killed)"
            )
            print(
                f"chain {r.slot}: OK  {r.files} files, {r.records} records (seq {r.first_seq}..{r.last_seq}), "
                f"{r.alg}, head {r.head}; {end}"
            )
        else:
            bad += 1
            b = r.broken
            assert b is not None
            where = f"seq {b.seq}" if b.seq is not None else "unreadable"
            print(f"chain {r.slot}: BROKEN at {b.file} line {b.lineno} ({where}): {b.reason}")
            print(f"  {b.raw}")
            print(f"  ({r.records} records verified before it)")
        for note in r.notes:
            print(f"  note: {note}")
    return 1 if bad else 0


def _filters(args: argparse.Namespace, known_kinds: frozenset[str]) -> dict:
    """--since/--until/--route/--kind; a bad value exits 2 with one line naming it."""
    try:
        since = parse_time(args.since) if args.since else None
        until = parse_time(args.until) if args.until else None
        kinds = parse_kinds(args.kind, known_kinds)
    except ValueError as exc:
        print(f"aigw audit: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    routes = {r.strip() for v in args.route for r in v.split(",") if r.strip()} if args.route else None
    return {"since": since, "until": until, "routes": routes or None, "kinds": kinds}


def cmd_timeline(args: argparse.Namespace) -> int:
    if not resolve(args.path):
        print(f"{args.path}: no audit files", file=sys.stderr)
        return 2
    filters = _filters(args, TIMELINE_KINDS)
    entries = build_timeline(((slot, rec) for slot, rec, _ in iter_records(args.path)), **filters)
    out = sys.stdout
    for e in entries:
        if args.json:
            out.write(orjson.dumps(e.to_json()).decode() + "\n")
        else:
            out.write(e.line() + "\n")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """The stored lines, unchanged (so hashes stay checkable downstream), filtered."""
    if not resolve(args.path):
        print(f"{args.path}: no audit files", file=sys.stderr)
        return 2
    f = _filters(args, RECORD_KINDS)
    out = sys.stdout.buffer
    for _, rec, raw in iter_records(args.path):
        ts = rec.get("ts")
        if f["since"] is not None and (not isinstance(ts, int | float) or ts < f["since"]):
            continue
        if f["until"] is not None and (not isinstance(ts, int | float) or ts > f["until"]):
            continue
        if f["kinds"] and rec.get("kind") not in f["kinds"]:
            continue
        if f["routes"] and rec.get("route") not in f["routes"]:
            continue
        out.write(raw)
    out.flush()
    return 0


def add_subcommands(sub: argparse._SubParsersAction) -> None:
    """Called from gateway/cli.py build_parser."""
    audit = sub.add_parser("audit", help="audit log: verify the chain, postmortem timeline, export")
    asub = audit.add_subparsers(dest="audit_command", required=True)

    v = asub.add_parser("verify", help="check every link and hash; exit 1 on any break")
    v.add_argument("path", help="an audit directory or one file")
    v.add_argument("--hmac-key-env", default="AIGW_AUDIT_KEY", help="variable holding the HMAC key")
    v.add_argument(
        "--partial", action="store_true", help="accept a chain whose oldest files were removed by retention"
    )
    v.set_defaults(func=cmd_verify)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("path", help="an audit directory or one file")
        p.add_argument("--since", help="ISO 8601, epoch seconds, or an age like 2h")
        p.add_argument("--until", help="ISO 8601, epoch seconds, or an age like 30m")
        p.add_argument("--route", action="append", help="only these routes (comma list, repeatable)")

    t = asub.add_parser("timeline", help="postmortem timeline in time order")
    common(t)
    t.add_argument(
        "--kind",
        action="append",
        help=f"event kinds, comma list or repeated (default: {','.join(sorted(DEFAULT_KINDS))}; "
        "also redact, flag, exchange)",
    )
    t.add_argument("--json", action="store_true", help="one JSON object per line")
    t.set_defaults(func=cmd_timeline)

    e = asub.add_parser("export", help="records as JSONL on stdout, unchanged, for shipping")
    common(e)
    e.add_argument(
        "--kind",
        action="append",
        help=f"record kinds, comma list or repeated ({','.join(sorted(RECORD_KINDS))})",
    )
    e.set_defaults(func=cmd_export)
