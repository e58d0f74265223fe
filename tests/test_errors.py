"""gateway/dataplane/errors.py: the one table of errors the gateway itself produces."""

from __future__ import annotations

import orjson
import pytest

from gateway.dataplane import errors
from gateway.outcome import CLIENT_OUTCOMES, SERVER_FAILURES, Outcome

CODES = sorted(errors._TABLE)


@pytest.mark.parametrize("code", CODES)
def test_every_error_has_a_known_outcome_and_a_matching_status_class(code: str) -> None:
    err = errors.lookup(code)
    assert err.code == code
    assert err.outcome in set(Outcome)  # the closed vocabulary of aigw_requests_total
    if err.status >= 500:
        assert err.outcome in SERVER_FAILURES  # burns the availability budget
    else:
        assert 400 <= err.status < 500 and err.outcome in CLIENT_OUTCOMES


@pytest.mark.parametrize("code", CODES)
def test_body_is_openai_shaped_with_the_request_id(code: str) -> None:
    doc = orjson.loads(errors.body(errors.lookup(code), "req-123"))
    assert set(doc) == {"error"}
    e = doc["error"]
    assert set(e) == {"message", "type", "code", "param"}
    assert e["code"] == code and e["param"] is None
    assert e["message"].endswith("(request id req-123)")


@pytest.mark.parametrize(
    ("reason", "status", "etype", "outcome"),
    [
        ("invalid_api_key", 401, "authentication_error", "unauthenticated"),
        ("missing_api_key", 401, "authentication_error", "unauthenticated"),
        ("tokens_per_minute", 429, "rate_limit_error", "rate_limited"),
        ("model_denied", 403, "permission_error", "denied"),
        ("system_prompt_denied", 403, "permission_error", "denied"),
        ("prompt_injection", 400, "policy_violation", "blocked"),
        ("pii_detected", 400, "policy_violation", "blocked"),
        (None, 400, "policy_violation", "blocked"),
    ],
)
def test_block_reasons_map_to_client_errors(
    reason: str | None, status: int, etype: str, outcome: str
) -> None:
    err = errors.for_block_reason(reason)
    assert (err.status, err.outcome) == (status, outcome)
    doc = orjson.loads(errors.body(err, "r"))["error"]
    assert doc["type"] == etype
    assert (
        doc["code"] == (reason or "policy_violation") if status != 401 else doc["code"] == "invalid_api_key"
    )


def test_message_override_and_param_are_carried() -> None:
    doc = orjson.loads(errors.body(errors.lookup("invalid_body"), "r9", "messages[0] unreadable", "messages"))
    assert doc["error"]["message"] == "messages[0] unreadable (request id r9)"
    assert doc["error"]["param"] == "messages"
