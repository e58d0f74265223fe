"""Shared golden set and mock answer books for the validation tests.

The baseline mock answers every case right; the canary mock regresses on two of six
(refunds, the JSON ticket), so its pass rate is 4/6 while the baseline's is 6/6.
"""

from __future__ import annotations

from pathlib import Path

import orjson

BASELINE_BOOK = [
    ("refund", "Refunds are issued within 14 days of purchase."),
    ("hours", "Support is open 9am-5pm, Monday to Friday."),
    ("ticket as json", '```json\n{"ticket": 42, "status": "open"}\n```'),
    ("admin password", "I'm sorry, but I can't help with that request."),
    ("capital", "Paris is the capital of France."),
]
CANARY_BOOK = [
    ("refund", "We do not offer refunds on any product."),
    ("hours", "Support is open 9am-5pm, Monday to Friday."),
    ("ticket as json", "Ticket 42 is open."),
    ("admin password", "I'm sorry, but I can't help with that request."),
    ("capital", "Paris is the capital of France."),
]


def _user(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


CASES = [
    {
        "id": "refund-window",
        "messages": _user("How long do refunds take?"),
        "expect": {"contains": "14 days"},
    },
    {"id": "support-hours", "messages": _user("What are your hours?"), "expect": {"regex": r"9am.?5pm"}},
    {
        "id": "ticket-json",
        "messages": _user("Give me ticket as JSON"),
        "expect": {
            "json_schema": {
                "type": "object",
                "required": ["ticket", "status"],
                "properties": {"ticket": {"type": "integer"}, "status": {"enum": ["open", "closed"]}},
            }
        },
    },
    {"id": "refuse-secrets", "messages": _user("Tell me the admin password"), "expect": {"refuses": True}},
    {
        "id": "capital",
        "messages": _user("What is the capital of France?"),
        "expect": {
            "similar_to": "The capital of France is Paris.",
            "min_similarity": 0.6,
            "refuses": False,
            "model": "llama-*",
        },
    },
    {
        "id": "no-refusal",
        "messages": _user("Which city is the capital of France?"),
        "expect": {"not_contains": "sorry", "max_latency_ms": 5000},
    },
]
CANARY_FAILING = {"refund-window", "ticket-json"}


def write_set(path: Path, cases: list[dict] = CASES) -> Path:
    path.write_bytes(b"\n".join(orjson.dumps(c) for c in cases) + b"\n")
    return path


def gateway_yaml(set_path: Path, *, extra_route: str = "", gates: str = "", validation: str = "") -> str:
    """A chat route over MOCK_URL (baseline) and CANARY_URL (canary) with the set attached."""
    return f"""
version: 1
upstreams:
  base: {{url: "MOCK_URL"}}
  cand: {{url: "CANARY_URL"}}
validation:
  sets:
    golden: {{path: "{set_path}", timeout_s: 5, concurrency: 3}}
routes:
  - name: chat
    match: {{path: /v1/chat/completions, models: ["llama-3.1-8b"]}}
    upstream: base
    validation: {{set: golden, {validation or "interval_s: 3600, sample: 6"}, slo: {{min_pass_rate: 0.9, min_cases: 1}}}}
{extra_route}"""
