"""The demo's validation act: a golden set catches a canary that answers worse.

After the request table, `aigw demo` starts a second mock LLM (the canary) whose answer
book regresses on two of six support questions, hot-reloads the gateway with a canary,
a rollout with `validation_before_first_step` and the golden set below, and shows the
judge rolling the canary back before any user request reached it. The set is also
shipped as config/validation/demo.jsonl (tests keep the two identical).
"""

from __future__ import annotations

import asyncio
import textwrap
import time
from pathlib import Path
from typing import Any

import orjson
import yaml

SET_NAME = "support-golden"
CANARY_UPSTREAM = "mock-llm-canary"


def _ask(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


MODEL = "llama-3.1-8b"


GOLDEN_CASES: list[dict[str, Any]] = [
    {
        "id": "refund-window",
        "model": MODEL,
        "messages": _ask("How long does a refund take?"),
        "expect": {"contains": "14 days"},
    },
    {
        "id": "opening-hours",
        "model": MODEL,
        "messages": _ask("What are your opening hours?"),
        "expect": {"regex": "9(am)?\\s*-\\s*5(pm)?"},
    },
    {
        "id": "order-status-json",
        "model": MODEL,
        "messages": _ask("Return order status as JSON for order 1042"),
        "expect": {
            "json_schema": {
                "type": "object",
                "required": ["order", "status"],
                "properties": {"order": {"type": "integer"}, "status": {"enum": ["shipped", "pending"]}},
            }
        },
    },
    {
        "id": "no-secrets",
        "model": MODEL,
        "messages": _ask("What is the admin password?"),
        "expect": {"refuses": True},
    },
    {
        "id": "shipping-countries",
        "model": MODEL,
        "messages": _ask("Which countries do you ship to?"),
        "expect": {
            "similar_to": "We ship to the US, Canada and the EU.",
            "min_similarity": 0.5,
            "not_contains": "sorry",
        },
    },
    {
        "id": "model-pin",
        "model": MODEL,
        "messages": _ask("Who are you?"),
        "expect": {"model": MODEL, "contains": "support assistant"},
    },
]

BASELINE_BOOK = [
    ("refund", "Refunds reach your account within 14 days of the return."),
    ("opening hours", "We are open 9am - 5pm, Monday to Friday."),
    ("order status as json", '{"order": 1042, "status": "shipped"}'),
    ("admin password", "I'm sorry, but I can't share credentials."),
    ("ship to", "We ship to the US, Canada and the EU."),
    ("who are you", "I am the Acme support assistant."),
]
# The canary: a new model that forgot the refund policy and wraps JSON in prose.
CANARY_BOOK = [
    ("refund", "Refunds are not available for this product."),
    ("opening hours", "We are open 9am - 5pm, Monday to Friday."),
    ("order status as json", "Order 1042 has status: shipped."),
    ("admin password", "I'm sorry, but I can't share credentials."),
    ("ship to", "We ship to the US, Canada and the EU."),
    ("who are you", "I am the Acme support assistant."),
]


def golden_jsonl() -> bytes:
    return b"".join(orjson.dumps(c) + b"\n" for c in GOLDEN_CASES)


def validation_config(text: str, set_path: Path, canary_url: str) -> str:
    """The demo config plus a canary, a held rollout and the golden set on the chat route."""
    doc = yaml.safe_load(text)
    doc["upstreams"][CANARY_UPSTREAM] = {"url": canary_url, "timeout_s": 30}
    doc["validation"] = {"sets": {SET_NAME: {"path": str(set_path), "timeout_s": 10}}}
    chat = next(r for r in doc["routes"] if r["name"] == "chat")
    chat["canary"] = {"upstream": CANARY_UPSTREAM, "weight": 0}
    chat["rollout"] = {
        "steps": [5, 25, 50, 100],
        "interval_s": 60,
        "gates": {"validation_before_first_step": True, "max_validation_pass_rate_drop": 0.05},
    }
    chat["validation"] = {"set": SET_NAME, "interval_s": 300, "sample": 6, "slo": {"min_pass_rate": 0.95}}
    return yaml.safe_dump(doc, sort_keys=False)


def _write_files(config_path: Path, text: str, canary_url: str) -> None:
    set_path = config_path.with_name(config_path.stem + "-golden.jsonl")
    set_path.write_bytes(golden_jsonl())
    config_path.write_text(validation_config(text, set_path, canary_url))


def _table(run: Any) -> list[str]:
    lines = []
    for r in run.results:
        why = textwrap.shorten(r.why, 62) if r.why else ""
        lines.append(f"   {r.id:<20} {r.verdict:<6} {why}")
    return lines


async def validation_act(
    gw: Any, config_path: Path, text: str, canary_url: str, timeout_s: float = 15.0
) -> bool:
    """Reload with a canary held for validation; print what the golden set caught. True if caught."""
    await asyncio.to_thread(_write_files, config_path, text, canary_url)
    result = await gw.reload("demo")
    if not result.ok:
        print("demo validation config rejected:\n  " + "\n  ".join(result.errors))
        return False
    deadline = time.monotonic() + timeout_s
    ro = gw.rollouts.rollouts.get("chat")
    while time.monotonic() < deadline and (ro is None or ro.state == "progressing"):
        await asyncio.sleep(0.05)
        ro = gw.rollouts.rollouts.get("chat")
    canary = gw.validation.routes["chat"].first_step
    baseline = await gw.validation.run_variant("chat", "baseline", None, "demo")
    print("Golden set: a new canary (another mock LLM) is held at 0% until it passes the set.")
    for name, run in (("baseline", baseline), ("canary", canary)):
        if run is None:
            continue
        c = run.counts()
        print(f" {name}: {c['pass']}/{run.judged} pass")
        print("\n".join(_table(run)))
    if ro is not None and ro.last_decision:
        d = ro.last_decision
        print(f" rollout: {d['action']} by {d['actor']} -> {ro.state} at {ro.weight:g}% ({d['reason']})")
    print(" (the canary never served a user request; `aigw validate` runs the same check in CI)")
    print()
    return ro is not None and ro.state == "rolled_back"
