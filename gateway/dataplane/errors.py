"""Every error the gateway itself produces: status, OpenAI error shape, metric outcome.

One table, so a status code or message cannot differ between two call sites. Clients get a
generic message plus the request id; details stay in the audit and the logs.
"""

from __future__ import annotations

from dataclasses import dataclass

from gateway import jsonsafe


@dataclass(frozen=True, slots=True)
class GatewayError:
    status: int
    type: str
    code: str
    message: str
    outcome: str


_TABLE: dict[str, GatewayError] = {
    e.code: e
    for e in (
        GatewayError(
            400, "invalid_request_error", "invalid_json", "Request body is not valid JSON.", "bad_request"
        ),
        GatewayError(
            400,
            "invalid_request_error",
            "invalid_body",
            "Request body cannot be read by this route's protocol.",
            "bad_request",
        ),
        GatewayError(
            400, "invalid_request_error", "invalid_path", "Request path is not accepted.", "bad_request"
        ),
        GatewayError(
            408,
            "invalid_request_error",
            "body_timeout",
            "Request body did not arrive in time.",
            "bad_request",
        ),
        GatewayError(
            415,
            "invalid_request_error",
            "unsupported_encoding",
            "Content-Encoding of the request body is not supported; send it uncompressed.",
            "bad_request",
        ),
        GatewayError(
            502,
            "upstream_error",
            "answer_too_large",
            "Upstream answer is larger than this gateway accepts.",
            "upstream_5xx",
        ),
        GatewayError(
            401, "authentication_error", "invalid_api_key", "Missing or invalid API key.", "unauthenticated"
        ),
        GatewayError(403, "permission_error", "access_denied", "Request denied by access policy.", "denied"),
        GatewayError(404, "invalid_request_error", "no_route", "No route matches this request.", "no_route"),
        GatewayError(
            405,
            "invalid_request_error",
            "method_not_allowed",
            "Method not allowed on this route.",
            "no_route",
        ),
        GatewayError(
            413, "invalid_request_error", "body_too_large", "Request body is too large.", "too_large"
        ),
        GatewayError(
            429, "rate_limit_error", "rate_limited", "Rate limit or token budget exceeded.", "rate_limited"
        ),
        GatewayError(
            502,
            "upstream_error",
            "upstream_unreachable",
            "Upstream is unreachable or reset the connection.",
            "unreachable",
        ),
        GatewayError(
            502,
            "upstream_error",
            "model_mismatch",
            "Upstream answered with an unexpected model.",
            "upstream_5xx",
        ),
        GatewayError(
            502,
            "upstream_error",
            "unreadable_answer",
            "The upstream's answer could not be read for screening.",
            "upstream_5xx",
        ),
        GatewayError(
            503,
            "service_unavailable",
            "filter_unavailable",
            "A screening filter failed; request not forwarded.",
            "filter_failure",
        ),
        GatewayError(
            503,
            "service_unavailable",
            "draining",
            "Gateway is shutting down; retry on another replica.",
            "draining",
        ),
        GatewayError(
            503,
            "service_unavailable",
            "audit_unavailable",
            "Audit log cannot be written; request refused.",
            "filter_failure",
        ),
        GatewayError(
            504, "upstream_error", "upstream_timeout", "Upstream did not answer in time.", "timeout"
        ),
    )
}

# Access-policy reason codes are 403 with the reason as `code`; budgets are 429. Every other
# BLOCK reason is a screening decision: 400 policy_violation.
ACCESS_DENIED_REASONS = frozenset(
    {
        "route_denied",
        "model_denied",
        "system_prompt_denied",
        "tools_denied",
        "role_denied",
        "max_tokens_exceeded",
        "max_messages_exceeded",
        "max_prompt_chars_exceeded",
    }
)
UNAUTHENTICATED_REASONS = frozenset({"missing_api_key", "invalid_api_key"})
RATE_LIMIT_REASONS = frozenset({"rate_limited", "requests_per_minute", "tokens_per_minute", "tokens_per_day"})


def lookup(code: str) -> GatewayError:
    return _TABLE[code]


def for_block_reason(reason: str | None) -> GatewayError:
    """Map a filter's BLOCK reason code to the client-facing error."""
    reason = reason or "policy_violation"
    if reason in UNAUTHENTICATED_REASONS:
        return _TABLE["invalid_api_key"]
    if reason in RATE_LIMIT_REASONS:
        return GatewayError(
            429, "rate_limit_error", reason, "Rate limit or token budget exceeded.", "rate_limited"
        )
    if reason in ACCESS_DENIED_REASONS:
        return GatewayError(403, "permission_error", reason, "Request denied by access policy.", "denied")
    return GatewayError(400, "invalid_request_error", reason, "Request blocked by policy.", "blocked")


def body(err: GatewayError, request_id: str, message: str | None = None, param: str | None = None) -> bytes:
    """OpenAI-shaped error body. `type` is `policy_violation` for screening blocks."""
    etype = "policy_violation" if err.outcome == "blocked" else err.type
    text = message or err.message
    return jsonsafe.dumps(
        {
            "error": {
                "message": f"{text} (request id {request_id})",
                "type": etype,
                "code": err.code,
                "param": param,
            }
        }
    )
