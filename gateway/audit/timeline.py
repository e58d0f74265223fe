"""The postmortem timeline: what happened, in time order, one human-readable line per event.

Config changes, rollout transitions, alerts, blocks, errors, shadow divergences, process
starts and stops and audit gaps, merged across chains (replicas, workers) by time. The
summaries are pure functions of a record, so the output is stable enough for golden tests.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

DEFAULT_KINDS = frozenset(
    {
        "startup",
        "shutdown",
        "config_change",
        "rollout",
        "alert",
        "shadow_divergence",
        "block",
        "error",
        "audit_gap",
        "validation",
    }
)
# Kinds an exchange can be shown as, most telling first; `exchange` = sampled, nothing notable.
_EXCHANGE_ORDER = ("block", "error", "redact", "flag")
# Every kind `--kind` accepts: the timeline's (record kinds, exchanges by what happened) and the
# stored record kinds `aigw audit export` filters on (exchange, rotation).
TIMELINE_KINDS = DEFAULT_KINDS | {"redact", "flag", "exchange"}
RECORD_KINDS = frozenset(
    {
        "exchange",
        "startup",
        "shutdown",
        "config_change",
        "rollout",
        "alert",
        "shadow_divergence",
        "audit_gap",
        "rotation",
    }
)


def parse_kinds(values: Iterable[str] | None, known: frozenset[str]) -> set[str] | None:
    """`--kind a,b --kind c` -> {a, b, c}; None when not given. ValueError names an unknown kind."""
    if not values:
        return None
    kinds = {k.strip() for v in values for k in v.split(",") if k.strip()}
    unknown = sorted(kinds - known)
    if unknown:
        raise ValueError(f"unknown kind {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    return kinds or None


_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_time(text: str, now: float | None = None) -> float:
    """ISO 8601 (UTC unless an offset is given), epoch seconds, or an age like 30m / 2h / 1d."""
    t = text.strip()
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([smhd])", t)
    if m:
        return (time.time() if now is None else now) - float(m.group(1)) * _UNITS[m.group(2)]
    if re.fullmatch(r"\d{9,}(\.\d+)?", t):
        return float(t)
    try:
        parsed = dt.datetime.fromisoformat(t.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"cannot read time {text!r}: use ISO 8601, epoch seconds or an age like 2h"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.timestamp()


def iso(ts: float) -> str:
    ms = int(round((ts % 1) * 1000))
    if ms == 1000:
        ts, ms = ts + 1, 0
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts)) + f".{ms:03d}Z"


def event_kind(rec: dict[str, Any]) -> str:
    """The timeline kind of a record: exchanges are shown as block/error/redact/flag."""
    kind = str(rec.get("kind"))
    if kind != "exchange":
        return kind
    kinds = rec.get("kinds") or []
    for k in _EXCHANGE_ORDER:
        if k in kinds:
            return k
    return "exchange"


@dataclass(slots=True)
class Entry:
    ts: float
    kind: str
    route: str | None
    summary: str
    request_id: str | None
    slot: int
    seq: int

    def line(self) -> str:
        return f"{iso(self.ts)}  {self.kind:<17} {(self.route or '-'):<12} {self.summary}"

    def to_json(self) -> dict[str, Any]:
        return {"time": iso(self.ts), **asdict(self)}


def build_timeline(
    records: Iterable[tuple[int, dict[str, Any]]],
    *,
    since: float | None = None,
    until: float | None = None,
    routes: set[str] | None = None,
    kinds: set[str] | None = None,
) -> list[Entry]:
    """Select and summarize. --route keeps that route's events plus gateway-wide ones
    (startups, config changes, gaps): they are part of every route's story."""
    wanted = kinds or DEFAULT_KINDS
    out: list[Entry] = []
    for slot, rec in records:
        ts = rec.get("ts")
        if not isinstance(ts, int | float):
            continue
        if (since is not None and ts < since) or (until is not None and ts > until):
            continue
        kind = event_kind(rec)
        if kind not in wanted:
            continue
        route = rec.get("route")
        if routes and route is not None and route not in routes:
            continue
        out.append(
            Entry(ts, kind, route, summarize(rec), rec.get("request_id"), slot, int(rec.get("seq", 0)))
        )
    out.sort(key=lambda e: (e.ts, e.slot, e.seq))
    return out


def _v(version: Any) -> str:
    return str(version)[:12] if version else "-"


# Payload keys shown first in the timeline (other modules' records), and keys the columns already show.
_FIRST = (
    "type", "name", "rule", "signal", "state", "action", "actor", "severity", "reason", "from", "to",
    "variant", "weight", "score", "similarity", "burn_rate",
)  # fmt: skip
_SKIP = frozenset({"route", "request_id", "at"})


def _fmt(v: Any) -> str:
    if isinstance(v, dict):
        items = [f"{k}:{_fmt(x)}" for k, x in list(v.items())[:4]]
        return "{" + ",".join(items) + (",…" if len(v) > 4 else "") + "}"
    if isinstance(v, list):
        return ",".join(_fmt(x) for x in v[:6]) + (",…" if len(v) > 6 else "")
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _kv(data: Any, limit: int = 8) -> str:
    if not isinstance(data, dict):
        return _fmt(data)
    keys = [k for k in _FIRST if k in data] + sorted(k for k in data if k not in _FIRST)
    return " ".join(f"{k}={_fmt(data[k])}" for k in [k for k in keys if k not in _SKIP][:limit])


def _rollout(d: Any) -> str:
    """`promote by judge: stepping 5% -> stepping 25% (gates passed)` for gateway/rollout/manager.py records."""
    if not (isinstance(d, dict) and "action" in d and isinstance(d.get("to"), dict)):
        return _kv(d)
    frm, to = d.get("from"), d["to"]
    before = f"{frm.get('state')} {_fmt(frm.get('weight'))}%" if isinstance(frm, dict) else "-"
    out = f"{d['action']}" + (f" by {d['actor']}" if d.get("actor") else "")
    out += f": {before} -> {to.get('state')} {_fmt(to.get('weight'))}%"
    return out + (f" ({d['reason']})" if d.get("reason") else "")


def _change(p: dict[str, Any]) -> str:
    return f"{p['path']} {p['old']} -> {p['new']}" if "old" in p else p["path"]


def _changes(ch: dict[str, Any]) -> str:
    parts = []
    for section in ("routes", "upstreams", "filters", "principals"):
        s = ch.get(section)
        if not s:
            continue
        bits = [f"+{n}" for n in s.get("added", [])] + [f"-{n}" for n in s.get("removed", [])]
        changed = s.get("changed") or {}
        if isinstance(changed, list):
            bits += [f"~{n}" for n in changed]
        else:
            for name, paths in changed.items():
                shown = [_change(p) for p in paths[:4]] + (["…"] if len(paths) > 4 else [])
                bits.append(f"~{name}({', '.join(shown)})")
        parts.append(f"{section} {' '.join(bits)}")
    for w in ch.get("weights", []):
        owner = w.get("route") or w.get("upstream") or w.get("filter") or "?"
        parts.append(f"weight {owner}.{w['path']} {w.get('old')} -> {w.get('new')}")
    if ch.get("settings"):
        parts.append("settings " + ", ".join(p["path"] for p in ch["settings"][:6]))
    if ch.get("restart_required"):
        parts.append("restart required: " + ", ".join(ch["restart_required"]))
    return "; ".join(parts) or "no effective change"


def summarize(rec: dict[str, Any]) -> str:
    kind = rec.get("kind")
    if kind == "exchange":
        return _exchange(rec)
    if kind == "config_change":
        src = rec.get("source", "?")
        if rec.get("result") == "rejected":
            errs = rec.get("errors") or []
            first = errs[0] if errs else "?"
            return f"{src}: reload REJECTED ({len(errs)} errors), still {_v(rec.get('old_version'))}: {first}"
        return f"{src}: {_v(rec.get('old_version'))} -> {_v(rec.get('new_version'))}; {_changes(rec.get('changes') or {})}"
    if kind == "startup":
        cfg = rec.get("config") or {}
        return (
            f"pid {rec.get('pid')} on {rec.get('host')} ({rec.get('role')}), config {_v(rec.get('config_version'))}, "
            f"{len(cfg.get('routes', []))} routes"
        )
    if kind == "shutdown":
        n = sum((rec.get("records") or {}).values())
        return (
            f"after {rec.get('uptime_s')} s, {n} records written, {rec.get('dropped', 0)} dropped, "
            f"{rec.get('write_errors', 0)} write errors"
        )
    if kind == "audit_gap":
        lost = rec.get("lost") or {}
        since = rec.get("since")
        return (
            f"audit log unwritable since {iso(since) if isinstance(since, int | float) else '?'}: "
            f"{rec.get('error')}; lost {lost.get('mandatory', 0)} mandatory, {lost.get('sampled', 0)} sampled records"
        )
    rid = f"req {rec['request_id']} " if rec.get("request_id") else ""
    if kind == "rollout":
        return rid + _rollout(rec.get("data"))
    if kind == "validation":
        return _validation(rec.get("data"))
    return rid + _kv(rec.get("data"))


def _validation(d: Any) -> str:
    """`canary (llm-v2, schedule): 4/6 pass = 0.667, models gpt-x; failing: a, b` (gateway/validation)."""
    if not (isinstance(d, dict) and isinstance(d.get("counts"), dict)):
        return _kv(d)
    c = d["counts"]
    judged = sum(int(c.get(k, 0)) for k in ("pass", "fail", "error"))
    out = f"{d.get('variant')} ({d.get('upstream')}, {d.get('trigger')}): {c.get('pass', 0)}/{judged} pass"
    if d.get("pass_rate") is not None:
        out += f" = {_fmt(d['pass_rate'])}"
    out += f", set {d.get('set')} {_v(d.get('set_sha256'))}, config {_v(d.get('config_version'))}"
    if d.get("models"):
        out += ", models " + _fmt(sorted(d["models"]))
    if d.get("failing_ids"):
        out += "; failing: " + _fmt(d["failing_ids"])
    return out


def _exchange(rec: dict[str, Any]) -> str:
    head = f"req {rec.get('request_id')}"
    if rec.get("principal"):
        head += f" by {rec['principal']}"
    acts = []
    for d in rec.get("decisions") or []:
        if d.get("action") == "allow":
            continue
        score = f" {d['score']:.2f}" if isinstance(d.get("score"), int | float) else ""
        mode = " (monitor)" if d.get("mode") == "monitor" else ""
        acts.append(f"{d.get('filter')} {d.get('action')} {d.get('reason')}{score}{mode}")
    tail = f"-> {rec.get('status')} {rec.get('outcome')}"
    if rec.get("error"):
        tail += f" ({rec['error']})"
    if rec.get("upstream") and (
        rec.get("upstream_status") or rec.get("outcome") in ("unreachable", "timeout")
    ):
        up = rec["upstream"]
        if rec.get("upstream_status"):
            up += f" {rec['upstream_status']}"
        tail += f" upstream {up}"
    model = rec.get("model") or {}
    if model.get("mismatch"):
        tail += f" model {model.get('observed')} != expected {model.get('expected')}"
    return " ".join([head, *(["; ".join(acts)] if acts else []), tail])
