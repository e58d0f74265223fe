"""The judges: what a golden case expects of an answer, and pure functions that check it.

Every judge is cheap and deterministic (no model in the loop), so a verdict can be
explained in one line and replayed. Their limits are the point of docs/validation.md:
lexical similarity is not semantic similarity, and the refusal detector only knows the
phrases of gateway/slo/drift.py.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

import orjson
from pydantic import Field, field_validator, model_validator

from filters.base import StrictModel
from gateway.rollout.traffic import jaccard, model_matches
from gateway.slo.refusals import is_refusal
from gateway.validation import schema as mini_schema

PASS, FAIL, ERROR, SKIPPED = "pass", "fail", "error", "skipped"
VERDICTS = (PASS, FAIL, ERROR)  # the verdicts counted (skipped cases were never sent)
DEFAULT_MIN_SIMILARITY = 0.5
_FENCE = re.compile(r"^\s*```[A-Za-z0-9_-]*\s*\n(.*?)\n?```\s*$", re.DOTALL)


class Expect(StrictModel):
    """A case's `expect`: every key given must hold (an empty expect only needs a 2xx answer)."""

    contains: str | list[str] | None = Field(
        default=None, description="Each text must occur in the answer (case-insensitive)."
    )
    not_contains: str | list[str] | None = Field(
        default=None, description="No text may occur in the answer (case-insensitive)."
    )
    regex: str | None = Field(default=None, description="Python regular expression searched in the answer.")
    equals: str | None = Field(
        default=None, description="The answer, stripped of surrounding whitespace, equals this exactly."
    )
    json_schema: dict[str, Any] | None = Field(
        default=None, description="The answer parses as JSON and validates (gateway/validation/schema.py)."
    )
    max_latency_ms: float | None = Field(default=None, gt=0, description="Time to the complete answer.")
    similar_to: str | None = Field(default=None, description="Reference answer for the lexical similarity.")
    min_similarity: float | None = Field(
        default=None,
        ge=0,
        le=1,
        description=f"Token-set Jaccard at least this (default {DEFAULT_MIN_SIMILARITY}).",
    )
    refuses: bool | None = Field(
        default=None, description="true: the answer must be a refusal; false: must not."
    )
    model: str | None = Field(
        default=None, description="The answer's model field (exact, or a glob with * ? [)."
    )

    @field_validator("contains", "not_contains")
    @classmethod
    def _texts(cls, v: str | list[str] | None) -> str | list[str] | None:
        if v is not None and (v == "" or v == [] or (isinstance(v, list) and "" in v)):
            raise ValueError("needs non-empty text")
        return v

    @field_validator("regex")
    @classmethod
    def _regex(cls, v: str | None) -> str | None:
        if v is not None:
            try:
                re.compile(v)
            except re.error as exc:
                raise ValueError(f"invalid regular expression: {exc}") from None
        return v

    @field_validator("json_schema")
    @classmethod
    def _schema(cls, v: dict[str, Any] | None) -> dict[str, Any] | None:
        if v is not None:
            mini_schema.check_schema(v)
        return v

    @model_validator(mode="after")
    def _similarity_pair(self) -> Expect:
        if self.min_similarity is not None and self.similar_to is None:
            raise ValueError("min_similarity needs similar_to")
        return self

    def summary(self) -> dict[str, Any]:
        """The keys that were set (for reports: 'expected')."""
        return self.model_dump(exclude_none=True)


@dataclass(frozen=True, slots=True)
class Answer:
    """What came back for one case."""

    status: int
    text: str | None  # None: the answer could not be read with the route's protocol
    model: str | None
    latency_ms: float


def _as_list(v: str | list[str]) -> list[str]:
    return [v] if isinstance(v, str) else v


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def parse_json_answer(text: str) -> Any:
    """The answer as JSON; a single fenced code block around the whole answer is accepted."""
    m = _FENCE.match(text)
    return orjson.loads(m.group(1) if m else text)


def check(expect: Expect, answer: Answer) -> list[str]:
    """Reasons the answer fails the expectations (empty: it passes). Pure."""
    reasons: list[str] = []
    text = answer.text or ""
    folded = text.casefold()
    if expect.contains is not None:
        missing = [t for t in _as_list(expect.contains) if t.casefold() not in folded]
        if missing:
            reasons.append("missing " + ", ".join(repr(_short(t)) for t in missing))
    if expect.not_contains is not None:
        found = [t for t in _as_list(expect.not_contains) if t.casefold() in folded]
        if found:
            reasons.append("contains " + ", ".join(repr(_short(t)) for t in found))
    if expect.regex is not None and re.search(expect.regex, text) is None:
        reasons.append(f"no match for /{_short(expect.regex)}/")
    if expect.equals is not None and text.strip() != expect.equals:
        reasons.append(f"not equal to {_short(expect.equals)!r}")
    if expect.json_schema is not None:
        try:
            doc = parse_json_answer(text)
        except orjson.JSONDecodeError:
            reasons.append("answer is not JSON")
        else:
            errs = mini_schema.validate(doc, expect.json_schema)
            if errs:
                reasons.append("schema: " + "; ".join(errs))
    if expect.max_latency_ms is not None and answer.latency_ms > expect.max_latency_ms:
        reasons.append(f"took {answer.latency_ms:.0f} ms > {expect.max_latency_ms:g} ms")
    if expect.similar_to is not None:
        need = DEFAULT_MIN_SIMILARITY if expect.min_similarity is None else expect.min_similarity
        sim = jaccard(text, expect.similar_to)
        if sim < need or math.isnan(sim):
            reasons.append(f"similarity {sim:.2f} < {need:g}")
    if expect.refuses is not None:
        refused = is_refusal(text)
        if refused != expect.refuses:
            reasons.append("refused" if refused else "did not refuse")
    if expect.model is not None:
        if answer.model is None:
            reasons.append(f"no model in the answer (expected {expect.model})")
        elif not model_matches(expect.model, answer.model):
            reasons.append(f"model {answer.model} != {expect.model}")
    return reasons


def verdict_of(expect: Expect, answer: Answer) -> tuple[str, list[str]]:
    """(pass | fail | error, reasons). A non-2xx or unreadable answer is an error, not a fail."""
    if answer.status >= 300 or answer.status < 200:
        return ERROR, [f"upstream answered {answer.status}"]
    if answer.text is None:
        return ERROR, ["answer unreadable with the route's protocol"]
    reasons = check(expect, answer)
    return (FAIL if reasons else PASS), reasons
