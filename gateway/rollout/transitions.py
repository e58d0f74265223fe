"""The rollout state machine's rules: states, the judge's and the operator's moves, and the
`Transition` record every move is applied as. Pure: no clock, no I/O, no manager.

States: `progressing` (the judge moves the weight through `steps`), `paused` (nobody moves
it automatically; also every canary without a `rollout` section), `promoted` (100%, done),
`rolled_back` (0%, stopped). `decide` turns a verdict of the judge (gateway/rollout/analysis.py)
into a move, `manual` an operator's action; gateway/rollout/manager.py applies the result.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from gateway.rollout import analysis

PROGRESSING, PAUSED, PROMOTED, ROLLED_BACK = "progressing", "paused", "promoted", "rolled_back"
STATES = (PROGRESSING, PAUSED, PROMOTED, ROLLED_BACK)
ACTIONS = ("promote", "pause", "resume", "rollback", "weight")


@dataclass(frozen=True, slots=True)
class Transition:
    """One move of a rollout: what happened, where to, who decided, why, on which gates, when.

    The manager applies it here (`RolloutManager.apply`); in fleet mode it is first built into
    a new stored rollout (`Fleet.next_rollout`) and written with a compare-and-set
    (`Fleet.commit`). One record instead of the eight loose arguments the three shared.
    """

    action: str  # start, advance, promote, pause, rollback, weight, resume, hold...
    state: str  # the state after the move
    weight: float  # the canary weight after the move
    actor: str  # judge, startup, config_reload:<source>, admin_api..., cli:<user>
    reason: str
    at: float
    gates: list[dict[str, Any]] | None = None  # the judge's gate values (None: a manual or config move)


class TransitionError(ValueError):
    """A manual action that makes no sense in the current state (HTTP 409)."""


def start_weight(canary_weight: float, steps: list[float] | None) -> float:
    """Where a rollout begins: the configured weight, or the first step when that is 0."""
    if steps and canary_weight <= 0:
        return steps[0]
    return canary_weight


def next_step(steps: list[float], weight: float) -> float | None:
    """The smallest step above the current weight (None: none left)."""
    for s in steps:
        if s > weight:
            return s
    return None


def decide(
    state: str, weight: float, verdict: str, steps: list[float], on_fail: str
) -> tuple[str, str, float]:
    """One judgement: (action, new state, new weight). Only `progressing` moves."""
    if state != PROGRESSING:
        return "none", state, weight
    if verdict == analysis.FAIL:
        if on_fail == "rollback":
            return "rollback", ROLLED_BACK, 0.0
        return "pause", PAUSED, weight
    if verdict == analysis.HOLD:
        return "hold", state, weight
    nxt = next_step(steps, weight)
    if nxt is None or nxt >= 100:
        return "promote", PROMOTED, 100.0
    return "advance", PROGRESSING, nxt


def manual(
    state: str,
    weight: float,
    action: str,
    automatic: bool,
    steps: list[float] | None,
    canary_weight: float,
    value: float | None = None,
) -> tuple[str, float]:
    """An operator's action: (new state, new weight) or TransitionError."""
    if action == "promote":
        return PROMOTED, 100.0
    if action == "rollback":
        return ROLLED_BACK, 0.0
    if action == "weight":
        if value is None or not (0 <= value <= 100) or math.isnan(value):
            raise TransitionError("weight must be a number in 0..100")
        return PAUSED, float(value)
    if action == "pause":
        if state in (PROMOTED, ROLLED_BACK):
            raise TransitionError(f"rollout is {state}; nothing to pause")
        return PAUSED, weight
    if action == "resume":
        if not automatic:
            raise TransitionError("route has no rollout section: its weight only changes by hand")
        if state == PROMOTED:
            raise TransitionError("rollout is promoted; nothing to resume")
        if state == ROLLED_BACK:
            return PROGRESSING, start_weight(canary_weight, steps)
        return PROGRESSING, weight if weight > 0 else start_weight(canary_weight, steps)
    raise TransitionError(f"unknown action {action!r}")
