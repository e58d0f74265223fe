"""A route's rollout as it is persisted: the `RouteRollout` record, the state file (written
atomically, read back at restart and by data-plane workers), the validation of a rollout read
from the fleet store, and the decision a transition writes into the record.

Every transition is persisted (restart resumes the same step and weight); the state file is
written by the process that judges, the store (gateway/rollout/fleet.py) holds the same
record in fleet mode.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from gateway.rollout.transitions import STATES, Transition

log = logging.getLogger("aigw.rollout")

HISTORY = 20  # decisions kept in a rollout's history (the last decision keeps its gates too)
STATE_FORMAT = 1


@dataclass(slots=True)
class RouteRollout:
    route: str
    canary_upstream: str
    canary_url: str
    state: str
    weight: float
    automatic: bool
    config_weight: float
    started_at: float
    window_started_at: float
    last_eval_at: float
    updated_at: float
    last_decision: dict[str, Any] | None = None
    history: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_json(cls, doc: dict[str, Any]) -> RouteRollout:
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in doc.items() if k in names})


def record_decision(
    ro: RouteRollout, t: Transition, before: tuple[str, float] | None, replica: str | None
) -> dict[str, Any]:
    """Write the transition's decision into the rollout (last decision, history); no side effects.

    `before` is the (state, weight) the move started from (None for a rollout's start);
    `replica` names the fleet replica whose judge or admin API decided (None: no fleet).
    """
    decision = {
        "at": t.at,
        "action": t.action,
        "actor": t.actor,
        "reason": t.reason,
        "from": {"state": before[0], "weight": before[1]} if before else None,
        "to": {"state": ro.state, "weight": ro.weight},
    }
    if t.gates is not None:
        decision["gates"] = t.gates
    if replica is not None:
        decision["replica"] = replica
    ro.last_decision = decision
    ro.history.append({k: v for k, v in decision.items() if k != "gates"})
    del ro.history[:-HISTORY]
    ro.updated_at = t.at
    return decision


def write_atomically(path: str, data: bytes) -> None:
    """Write to a temp file in the same directory, fsync, rename: readers see old or new."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", dir=p.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, p)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def read_state(path: str | None) -> dict[str, RouteRollout]:
    return read_state_file(path)[0]


def read_state_file(path: str | None) -> tuple[dict[str, RouteRollout], dict[str, int]]:
    """The rollouts of a state file and the store versions they were (fleet mode; else empty)."""
    if not path:
        return {}, {}
    try:
        doc = orjson.loads(Path(path).read_bytes())
    except FileNotFoundError:
        return {}, {}
    except (OSError, orjson.JSONDecodeError) as exc:
        log.error("rollout state %s unreadable, starting fresh: %s", path, exc)
        return {}, {}
    versions = {k: v for k, v in (doc.get("versions") or {}).items() if isinstance(v, int)}
    out: dict[str, RouteRollout] = {}
    for name, item in (doc.get("routes") or {}).items():
        try:
            out[name] = RouteRollout.from_json(item)
        except TypeError as exc:
            log.error("rollout state for %s ignored: %s", name, exc)
    return out, versions


def stored_rollout(doc: Any, route: str) -> RouteRollout | None:
    """A rollout read from the fleet store, or None when it is not one this replica can apply."""
    if not isinstance(doc, dict):
        return None
    try:
        ro = RouteRollout.from_json(doc)
    except TypeError:
        return None
    ok = (
        ro.route == route
        and ro.state in STATES
        and isinstance(ro.weight, int | float)
        and 0 <= ro.weight <= 100
        and isinstance(ro.canary_upstream, str)
        and isinstance(ro.canary_url, str)
        and all(
            isinstance(getattr(ro, f), int | float)
            for f in ("started_at", "window_started_at", "last_eval_at")
        )
        and isinstance(ro.history, list)
    )
    if not ok:
        return None
    ro.weight = float(ro.weight)
    return ro
