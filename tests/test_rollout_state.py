"""The persisted rollout (gateway/rollout/state.py): the state file, the decision a transition
writes into the record, and what a replica accepts from the fleet store."""

from __future__ import annotations

import dataclasses
import json

from gateway.rollout.state import (
    HISTORY,
    RouteRollout,
    read_state,
    read_state_file,
    record_decision,
    stored_rollout,
    write_atomically,
)
from gateway.rollout.transitions import PAUSED, PROGRESSING, Transition


def rollout(state: str = PROGRESSING, weight: float = 5.0) -> RouteRollout:
    return RouteRollout("chat", "v2", "http://x", state, weight, True, 0.0, 1.0, 2.0, 3.0, 4.0)


def test_state_file_is_written_atomically_and_read_back(tmp_path):
    path = tmp_path / "sub" / "rollouts.json"
    ro = rollout(PAUSED, 40.0)
    write_atomically(str(path), json.dumps({"routes": {"chat": dataclasses.asdict(ro)}}).encode())
    assert [p.name for p in path.parent.iterdir()] == ["rollouts.json"]  # no temp file left behind
    assert read_state(str(path))["chat"] == ro
    path.write_text("{not json")
    assert read_state(str(path)) == {}
    assert read_state(str(tmp_path / "missing.json")) == {}


def test_the_state_file_carries_the_fleet_versions(tmp_path):
    path = tmp_path / "rollouts.json"
    doc = {"routes": {"chat": dataclasses.asdict(rollout())}, "versions": {"chat": 7, "odd": "x"}}
    write_atomically(str(path), json.dumps(doc).encode())
    routes, versions = read_state_file(str(path))
    assert routes["chat"] == rollout() and versions == {"chat": 7}  # a version that is no int is dropped


def test_record_decision_writes_the_last_decision_and_a_bounded_history():
    ro = rollout()
    gates = [{"gate": "max_error_rate_delta", "verdict": "pass"}]
    for i in range(HISTORY + 5):
        ro.state, ro.weight = PROGRESSING, float(i)
        t = Transition("advance", PROGRESSING, float(i), "judge", "gates passed", 100.0 + i, gates)
        decision = record_decision(ro, t, (PROGRESSING, float(i - 1)), "replica-a")
    assert ro.last_decision == decision
    assert decision["from"] == {"state": PROGRESSING, "weight": float(HISTORY + 3)}
    assert decision["to"] == {"state": PROGRESSING, "weight": float(HISTORY + 4)}
    assert decision["gates"] == gates and decision["replica"] == "replica-a"
    assert len(ro.history) == HISTORY and "gates" not in ro.history[-1]  # gates only in the last decision
    assert ro.history[0]["at"] == 105.0 and ro.updated_at == 100.0 + HISTORY + 4
    start = record_decision(
        rollout(), Transition("start", PROGRESSING, 5.0, "startup", "first", 1.0), None, None
    )
    assert start["from"] is None and "replica" not in start and "gates" not in start


def test_stored_rollout_accepts_only_what_this_replica_can_apply():
    good = dataclasses.asdict(rollout(weight=25))
    ro = stored_rollout(good, "chat")
    assert ro is not None and ro.weight == 25.0 and isinstance(ro.weight, float)
    assert stored_rollout(good, "other") is None  # another route's record
    assert stored_rollout("not a dict", "chat") is None
    assert (
        stored_rollout({**good, "unknown_field": 1, "route": "chat"}, "chat") is not None
    )  # extra keys ignored
    assert stored_rollout({"route": "chat"}, "chat") is None  # fields missing
    for bad in (
        {"state": "exploded"},
        {"weight": 101},
        {"weight": "5"},
        {"started_at": None},
        {"history": {}},
    ):
        assert stored_rollout({**good, **bad}, "chat") is None, bad
