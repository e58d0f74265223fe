"""The rollout state machine's rules (gateway/rollout/transitions.py): the judge's moves, the
operator's actions and their refusals, where a rollout starts."""

from __future__ import annotations

import dataclasses

import pytest

from gateway.rollout.transitions import (
    PAUSED,
    PROGRESSING,
    PROMOTED,
    ROLLED_BACK,
    Transition,
    TransitionError,
    decide,
    manual,
    next_step,
    start_weight,
)

STEPS = [1.0, 5.0, 25.0, 50.0, 100.0]


@pytest.mark.parametrize(
    ("state", "weight", "verdict", "on_fail", "expected"),
    [
        (PROGRESSING, 1.0, "pass", "rollback", ("advance", PROGRESSING, 5.0)),
        (PROGRESSING, 25.0, "pass", "rollback", ("advance", PROGRESSING, 50.0)),
        (PROGRESSING, 50.0, "pass", "rollback", ("promote", PROMOTED, 100.0)),  # 100 is promotion
        (PROGRESSING, 7.0, "pass", "rollback", ("advance", PROGRESSING, 25.0)),  # between steps
        (PROGRESSING, 5.0, "hold", "rollback", ("hold", PROGRESSING, 5.0)),
        (PROGRESSING, 5.0, "fail", "rollback", ("rollback", ROLLED_BACK, 0.0)),
        (PROGRESSING, 5.0, "fail", "pause", ("pause", PAUSED, 5.0)),
        (PAUSED, 5.0, "pass", "rollback", ("none", PAUSED, 5.0)),
        (PROMOTED, 100.0, "fail", "rollback", ("none", PROMOTED, 100.0)),
        (ROLLED_BACK, 0.0, "pass", "rollback", ("none", ROLLED_BACK, 0.0)),
    ],
)
def test_decide(state, weight, verdict, on_fail, expected):
    assert decide(state, weight, verdict, STEPS, on_fail) == expected


def test_decide_promotes_after_the_last_step_below_100():
    assert decide(PROGRESSING, 25.0, "pass", [5.0, 25.0], "rollback") == ("promote", PROMOTED, 100.0)


@pytest.mark.parametrize(
    ("state", "weight", "action", "value", "expected"),
    [
        (PROGRESSING, 5.0, "pause", None, (PAUSED, 5.0)),
        (PAUSED, 5.0, "pause", None, (PAUSED, 5.0)),
        (PAUSED, 5.0, "resume", None, (PROGRESSING, 5.0)),
        (PAUSED, 0.0, "resume", None, (PROGRESSING, 1.0)),
        (ROLLED_BACK, 0.0, "resume", None, (PROGRESSING, 1.0)),  # a new attempt from the start
        (PROGRESSING, 5.0, "promote", None, (PROMOTED, 100.0)),
        (ROLLED_BACK, 0.0, "promote", None, (PROMOTED, 100.0)),
        (PROMOTED, 100.0, "rollback", None, (ROLLED_BACK, 0.0)),
        (PROGRESSING, 5.0, "weight", 40.0, (PAUSED, 40.0)),
        (PROMOTED, 100.0, "weight", 0.0, (PAUSED, 0.0)),
    ],
)
def test_manual(state, weight, action, value, expected):
    assert manual(state, weight, action, True, STEPS, 0.0, value) == expected


@pytest.mark.parametrize(
    ("state", "action", "value", "automatic"),
    [
        (PROMOTED, "pause", None, True),
        (ROLLED_BACK, "pause", None, True),
        (PROMOTED, "resume", None, True),
        (PAUSED, "resume", None, False),  # no rollout section: nothing to resume
        (PAUSED, "weight", 101.0, True),
        (PAUSED, "weight", None, True),
        (PAUSED, "explode", None, True),
    ],
)
def test_manual_refusals(state, action, value, automatic):
    with pytest.raises(TransitionError):
        manual(state, 5.0, action, automatic, STEPS, 0.0, value)


def test_start_weight_and_next_step():
    assert start_weight(0, STEPS) == 1.0
    assert start_weight(5, STEPS) == 5
    assert start_weight(20, None) == 20
    assert next_step(STEPS, 50) == 100 and next_step(STEPS, 100) is None


def test_a_transition_is_a_frozen_record():
    t = Transition("advance", PROGRESSING, 25.0, "judge", "gates passed", 1061.0, [{"gate": "x"}])
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.weight = 50.0  # type: ignore[misc]
    assert Transition("pause", PAUSED, 5.0, "cli:me", "manual pause", 1.0).gates is None
