"""Fleet evidence through the store: what one replica reports, and the fleet sum the judge reads.

A report is a replica's whole count for one route's current window (the window of one stored
rollout version), not an increment: the replica overwrites its own field every second, so a
lost or repeated write never double-counts, and the judge's input is exactly the sum of
what every replica counted (minus at most the last second). Latency travels as the bucket
counts of `aigw_request_duration_seconds`; summed buckets enter the Mann-Whitney test as
tied values, exactly as the Prometheus source does (gateway/rollout/analysis.py). Pure
functions: no Redis here, see gateway/rollout/store.py.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from gateway.metrics import LATENCY_BUCKETS
from gateway.rollout import analysis
from gateway.rollout.evidence import RouteWindow, VariantWindow

BOUNDS = np.array([*LATENCY_BUCKETS, math.inf], dtype=np.float64)
_FIELDS = ("requests", "errors", "blocks", "mismatches")
VARIANTS = ("baseline", "canary")


def _variant(v: VariantWindow) -> dict[str, Any]:
    return {"requests": v.requests, "errors": v.errors, "blocks": v.blocks, "mismatches": v.mismatches,
            "buckets": list(v.buckets or [])}  # fmt: skip


def report_of(window: RouteWindow, version: int, at: float) -> dict[str, Any]:
    """One replica's counts for the window of stored version `version`."""
    return {
        "version": version,
        "at": round(at, 3),
        "baseline": _variant(window.baseline),
        "canary": _variant(window.canary),
        "shadow": {"compared": window.shadow_compared, "diverged": window.shadow_diverged},
    }


def _int(x: Any) -> int:
    """A count from a report; anything else (a bad or foreign field) counts as nothing."""
    return x if isinstance(x, int) and not isinstance(x, bool) and x >= 0 else 0


def _buckets(x: Any) -> list[int]:
    if not isinstance(x, list) or len(x) != len(BOUNDS):
        return [0] * len(BOUNDS)
    return [_int(n) for n in x]


def totals(reports: Iterable[Mapping[str, Any]], version: int) -> dict[str, Any]:
    """Sum the reports of window `version` (reports of other windows are ignored)."""
    out: dict[str, Any] = {
        name: {**dict.fromkeys(_FIELDS, 0), "buckets": [0] * len(BOUNDS)} for name in VARIANTS
    }
    out["shadow"] = {"compared": 0, "diverged": 0}
    out["replicas"] = 0
    for rep in reports:
        if rep.get("version") != version:
            continue
        out["replicas"] += 1
        for name in VARIANTS:
            src, dst = rep.get(name) or {}, out[name]
            for f in _FIELDS:
                dst[f] += _int(src.get(f))
            dst["buckets"] = [
                a + b for a, b in zip(dst["buckets"], _buckets(src.get("buckets")), strict=True)
            ]
        sh = rep.get("shadow") or {}
        out["shadow"]["compared"] += _int(sh.get("compared"))
        out["shadow"]["diverged"] += _int(sh.get("diverged"))
    return out


def judge_input(total: Mapping[str, Any], shadow_expected: int) -> analysis.JudgeInput:
    """The judge's input from `totals`: counts as they are, latency as binned samples."""
    variants = []
    for name in VARIANTS:
        t = total[name]
        lat = analysis.Latency(BOUNDS.copy(), np.asarray(t["buckets"], dtype=np.float64), binned=True)
        variants.append(
            analysis.VariantSamples(t["requests"], t["errors"], t["blocks"], t["mismatches"], lat)
        )
    sh = total["shadow"]
    return analysis.JudgeInput(variants[0], variants[1], sh["compared"], sh["diverged"], shadow_expected)


def public(total: Mapping[str, Any]) -> dict[str, Any]:
    """The fleet evidence for status: counts per variant and p95 from the merged histogram."""
    doc: dict[str, Any] = {"replicas": total["replicas"], "shadow": dict(total["shadow"])}
    for name in VARIANTS:
        t = total[name]
        p95 = analysis.histogram_quantile(BOUNDS, np.asarray(t["buckets"], dtype=np.float64), 0.95)
        doc[name] = {
            "requests": t["requests"],
            "errors": t["errors"],
            "blocks": t["blocks"],
            "model_mismatches": t["mismatches"],
            "latency_samples": sum(t["buckets"]),
            "p95_ms": None if math.isnan(p95) else round(p95 * 1000, 2),
        }
    return doc


def shares(reports: Mapping[str, Mapping[str, Any]], version: int) -> dict[str, float]:
    """Each replica's share of the window's requests (0..1), for the fleet status."""
    counts = {
        rid: sum(_int((rep.get(v) or {}).get("requests")) for v in VARIANTS)
        for rid, rep in reports.items()
        if rep.get("version") == version
    }
    total = sum(counts.values())
    return {rid: round(n / total, 4) if total else 0.0 for rid, n in counts.items()}
