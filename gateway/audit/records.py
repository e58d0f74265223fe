"""Building audit records: exchange lineage, redacted bodies, config change summaries.

Two steps for an exchange: `exchange_record` runs on the event loop and only copies plain
fields (microseconds); `finalize` does the CPU work (reading texts of routes without
filters, PII redaction, truncation) and runs on the writer thread or an executor, or inline
for small mandatory records. Nothing here writes files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

from gateway.audit.answer import AnswerTap, reassemble
from gateway.audit.policy import PolicyTable, RoutePolicy, model_mismatch
from gateway.jsonsafe import clean_text

if TYPE_CHECKING:
    from gateway.config import GatewayConfig
    from gateway.exchange import Exchange

MAX_SEGMENTS = 32  # newest segments kept per side; a long chat history is cut from the front
_WINDOW_FACTOR = 8  # redact this many times max_text_chars (+ margin) so cutting never shows a fragment
_WINDOW_MARGIN = 256


def _redact(text: str) -> str:
    from filters.pii import redact_for_audit  # heavy import: only once a record is written

    return redact_for_audit(text)


def warm_up() -> None:
    """Build the audit redactor now (about a second), not inside the first request."""
    _redact("warm-up: jane@example.com 4111 1111 1111 1111")


def redact_text(text: str, max_chars: int) -> dict[str, Any]:
    """Redact, then cut to max_chars. Only a window of the text is scanned, large enough that
    the kept part never ends in an entity the window cut in half."""
    limit = max_chars * _WINDOW_FACTOR + _WINDOW_MARGIN
    cut = len(text) > limit
    red = _redact(text[:limit] if cut else text)
    keep = max_chars if not cut else min(max_chars, max(len(red) - 64, 0))
    out: dict[str, Any] = {"text": red[:keep], "chars": len(text)}
    if len(red) > keep:
        out["truncated"] = True
    return out


def redact_tree(value: Any, depth: int = 0) -> Any:
    """Pattern-redact every string of a small JSON-like payload (records other modules emit)."""
    if isinstance(value, str):
        return _redact(value) if value else value
    if depth > 8:
        return None
    if isinstance(value, dict):
        return {str(k): redact_tree(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_tree(v, depth + 1) for v in value]
    return value


@dataclass(slots=True)
class PendingExchange:
    """An exchange record whose texts still need reading and redacting."""

    record: dict[str, Any]
    request: list[tuple[str, str]] | None
    response: list[tuple[str, str]]
    adapter: Any = None
    doc: Any = None
    body: bytes = b""
    answer: AnswerTap | None = None  # the answer's teed bytes, read in finalize
    answer_adapter: Any = None

    def text_chars(self) -> int:
        n = sum(len(t) for _, t in self.request) if self.request is not None else len(self.body)
        if self.answer is not None:
            n += self.answer.size
        return n + sum(len(t) for _, t in self.response)


def exchange_record(
    ex: Exchange,
    outcome: str,
    status: int,
    table: PolicyTable,
    policy: RoutePolicy,
    kinds: tuple[str, ...],
    why: list[str],
    *,
    headers: list[str],
    bodies: bool,
) -> PendingExchange:
    """Copy the exchange's lineage into a record (cheap; runs on the event loop). The fields
    the access line also carries come from the exchange's one summary (Exchange.summarize)."""
    s = ex.summarize(outcome, status)
    expected = table.expect_model.get(s.upstream) if s.upstream else None
    t = ex.timings
    rec: dict[str, Any] = {
        "kind": "exchange",
        "ts": round(s.started_wall, 6),
        "request_id": s.request_id,
        "method": s.method,
        "path": s.path,
        "route": s.route or None,
        "variant": s.variant,
        "upstream": s.upstream or None,
        "principal": s.principal,
        "config_version": ex.config_version or table.version,
        "filters": list(policy.filters),
        "decisions": [d.public() for d in ex.decisions],
        "action": s.action.label,
        "kinds": list(kinds),
        "why": why,
        "sample_rate": policy.sample_rate,
        "status": s.status,
        "upstream_status": ex.response_status or None,
        "outcome": s.outcome,
        "error": s.error,
        "stream": ex.stream,
        "model": {
            "requested": ex.model,
            "expected": expected,
            "observed": ex.observed_model,
            "mismatch": ex.model_mismatch is not None or model_mismatch(expected, ex.observed_model),
        },
        "latency_ms": round(s.duration_s * 1000, 3),
        "upstream_ms": round(s.upstream_s * 1000, 3) if s.upstream_s is not None else None,
        "ttft_ms": round(t["ttfb"] * 1000, 3) if "ttfb" in t else None,
        "filters_ms": round(t["filters"] * 1000, 3) if "filters" in t else None,
        "usage": ex.usage,
        "degraded": list(s.degraded) or None,
        "headers": {h: clean_text(ex.headers[h][:256]) for h in headers if h in ex.headers} or None,
    }
    if not bodies:
        return PendingExchange(rec, [], [])
    request = [(s.role, s.text) for s in ex.texts] if ex.texts else None
    pending = PendingExchange(rec, request, [(s.role, s.text) for s in ex.response_texts])
    if request is None and ex.body and policy.adapter is not None:
        pending.adapter, pending.doc, pending.body = policy.adapter, ex.doc, ex.body
    tap = ex.answer_tap
    if tap is not None and not ex.response_texts:
        pending.answer, pending.answer_adapter = tap, policy.adapter
    return pending


def finalize(p: PendingExchange, max_chars: int, bodies: bool) -> dict[str, Any]:
    """Read, redact and cut the texts; redact free-form strings. Thread-safe, CPU-bound."""
    rec = p.record
    request = p.request
    if request is None:
        request = _read_texts(p) if bodies else []
    if bodies:
        rec["request"] = _segments(request, max_chars)
        response = p.response
        if not response and p.answer is not None:
            answer = reassemble(p.answer_adapter, p.answer)
            response = answer.texts
            rec["response_meta"] = redact_tree(answer.meta)
            if rec["usage"] is None and answer.usage:
                rec["usage"] = answer.usage
        rec["response"] = _segments(response, max_chars) if response else None
        if not response and p.answer is None and rec["upstream_status"]:
            rec["response_note"] = "answer not copied (the exchange was not sampled when it started)"
    rec["path"] = _redact(rec["path"])
    if rec["headers"]:
        rec["headers"] = {k: _redact(v) for k, v in rec["headers"].items()}
    for d in rec["decisions"]:
        if d["detail"]:  # the filter contract keeps raw text out of details; this makes sure
            d["detail"] = redact_tree(d["detail"])
    return rec


def _read_texts(p: PendingExchange) -> list[tuple[str, str]]:
    """Texts of a route that parsed nothing (no filters): read them with its protocol adapter."""
    if p.adapter is None:
        return []
    try:
        doc = p.doc if p.doc is not None else orjson.loads(p.body)
        return [(s.role, s.text) for s in p.adapter.extract(doc)]
    except Exception:  # an unreadable body: the record says so, nothing raw is stored
        return [("unreadable", "")]


def _segments(texts: list[tuple[str, str]], max_chars: int) -> list[dict[str, Any]]:
    kept = texts[-MAX_SEGMENTS:]
    out = []
    if len(texts) > len(kept):
        out.append({"role": "omitted", "segments": len(texts) - len(kept)})
    for role, text in kept:
        seg = redact_text(text, max_chars)
        seg["role"] = role
        out.append(seg)
    return out


# --- config changes -------------------------------------------------------------------

_VALUE_KEYS = re.compile(
    r"(weight|percent|sample_rate|mode|action|upstream|protocol|type|on_filter_error|on_failure|"
    r"expect_model|threshold|steps|interval_s|min_requests|latency_ms|ttft_ms|availability|percentile)$"
)
_MAX_PATHS = 50


def _diff(a: Any, b: Any, path: str, out: list[dict[str, Any]]) -> None:
    if len(out) >= _MAX_PATHS or a == b:
        return
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            _diff(a.get(k), b.get(k), f"{path}.{k}" if path else str(k), out)
        return
    entry: dict[str, Any] = {"path": path}
    leaf = path.rsplit(".", 1)[-1]
    if _VALUE_KEYS.search(leaf) and all(_plain(v) for v in (a, b)):
        entry["old"], entry["new"] = a, b
    out.append(entry)


def _plain(v: Any) -> bool:
    if isinstance(v, list):
        return len(v) <= 16 and all(_plain(x) for x in v)
    return v is None or isinstance(v, bool | int | float) or (isinstance(v, str) and len(v) <= 128)


def _keyed(section: Any) -> dict[str, Any]:
    if isinstance(section, dict):
        return section
    return {item.get("name", str(i)): item for i, item in enumerate(section or [])}


def config_changes(old: GatewayConfig, new: GatewayConfig) -> dict[str, Any]:
    """What a reload changed: routes/upstreams/filters/principals added, removed or changed
    (with the changed paths, and old/new values for weights, modes and other plain settings),
    other settings by path. Principals are named only: their key hashes stay out of the log."""
    o, n = old.model_dump(mode="json"), new.model_dump(mode="json")
    out: dict[str, Any] = {}
    weights: list[dict[str, Any]] = []
    for section in ("routes", "upstreams", "filters", "principals"):
        a, b = _keyed(o.get(section)), _keyed(n.get(section))
        entry: dict[str, Any] = {}
        added = sorted(set(b) - set(a))
        removed = sorted(set(a) - set(b))
        changed: dict[str, Any] = {}
        for name in sorted(set(a) & set(b)):
            if a[name] == b[name]:
                continue
            if section == "principals":
                changed[name] = None
                continue
            paths: list[dict[str, Any]] = []
            _diff(a[name], b[name], "", paths)
            changed[name] = paths
            for p in paths:
                if "old" in p and re.search(r"(weight|percent)$", p["path"]):
                    weights.append({section[:-1]: name, **p})
        if added:
            entry["added"] = added
        if removed:
            entry["removed"] = removed
        if changed:
            entry["changed"] = list(changed) if section == "principals" else changed
        if entry:
            out[section] = entry
    settings: list[dict[str, Any]] = []
    for key in sorted(set(o) | set(n)):
        if key in ("routes", "upstreams", "filters", "principals"):
            continue
        if key in ("server", "audit"):
            _diff(o.get(key), n.get(key), key, settings)
        elif o.get(key) != n.get(key):
            settings.append({"path": key})  # values may hold credentials (limits_backend URL)
    if settings:
        out["settings"] = settings
    if weights:
        out["weights"] = weights
    return out


def config_summary(cfg: GatewayConfig, filters: dict[str, Any]) -> dict[str, Any]:
    """The lineage a startup record carries: routes, upstreams and filter versions."""
    return {
        "routes": [r.name for r in cfg.routes],
        "upstreams": {name: {"expect_model": u.expect_model} for name, u in cfg.upstreams.items()},
        "filters": {name: f.lineage for name, f in filters.items()},
    }
