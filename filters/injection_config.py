"""Configuration of the injection filter (`type: injection`): the pydantic model and its
measured defaults (threshold, rule gate, how much the classifier counts in pasted
documents), apart from the detector that reads them (filters/injection.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from filters.base import FilterConfig
from filters.injection_guard import GUARD_RULE
from filters.injection_rules import validate_rule_ids
from filters.injection_tier2 import Tier2Config

# Operating point (docs/injection.md, "Measured quality", rounds 9 and 10): a rule's weight is calibrated to
# this threshold (weight 0.7 flags alone), so it stays; the classifier's side moves with
# MODEL_OFFSET below. Both are chosen on the leave-one-source-out scores, never on the dev
# split or the blind probes.
DEFAULT_THRESHOLD = 0.7

# Rules run when the classifier's score reaches this (or the text was disguised); below
# it the classifier alone decides. LOSO over 18 sources at threshold 0.7 (caught / benign
# blocked): gate 0.0 0.593 / 0.063, 0.2 0.552 / 0.063, 0.3 0.516 / 0.062, 0.4 0.478 / 0.062,
# no rules 0.354 / 0.060: the rules' recall is in texts the classifier is unsure about, at
# no FP cost. Gate 0.2 was the default while the rules cost ~10x the classifier; with the
# RE2 prefilter (most benign texts end there) and the C classifier, they run on every text.
RULE_GATE = 0.0
# How much the classifier counts inside a document pasted into a user message. Measured on
# the hand-written pasted-document set (training/data/docs_probe.jsonl, 80 attacks and 80
# ordinary documents, 10 languages; weights fa332154): 1.0 caught 0.750 / blocked 0.088,
# 0.8 caught 0.675 / blocked 0.050, 0.6 caught 0.638 / blocked 0.038; the dev split moved
# from 0.005 to 0.0067 blocked at both. Ordinary documents blocked is what makes a gateway
# unusable for RAG and e-mail apps, so 0.8: the blocked rate at the 5% goal.
REGION_MODEL_WEIGHT = 0.8
# Subtracted from the classifier's logit before it meets the rules. Held out, the
# classifier alone made most false positives on sources it never saw (round 8: persona
# prompts 239 of 244 blocks, task prompts 84 of 85, support chats 64 of 72, API docs 44 of 50
# had a classifier score over 0.7 on its own), while a rule's weight means what it says at
# the threshold. An offset moves the classifier's operating point and leaves the rules alone;
# a higher threshold moves both. Rule for choosing it: the lowest offset (steps of 0.1)
# whose pooled LOSO blocked rate is within the goals for the two benign kinds it
# names, ordinary requests <= 0.03 and ordinary documents <= 0.05. Round 10's 60 LOSO folds
# (weights e6e8181b's data, l2 3e-5, round 10's rules), threshold 0.7, caught / blocked
# (documents, requests):
#   offset 0.0 0.732 / 0.097 (0.097, 0.078)    1.0 0.637 / 0.048 (0.054, 0.030)
#          1.1 0.628 / 0.046 (0.051, 0.027)    1.2 0.619 / 0.043 (0.0496, 0.024)
#          1.3 0.612 / 0.041 (0.048, 0.021)    1.4 0.605 / 0.039 (0.046, 0.019)
# Round 9's 54 folds needed 1.3 (1.2 blocked 0.051 of the documents); round 8's 48, 0.8. At an
# equal blocked rate the offset catches more than a higher threshold would (round 8: 0.618
# against 0.596 at 0.046). Later in round 10 the rules changed (override.ignore_previous no
# longer reads "the old instructions in the wiki" as the model's, and reads "previous and
# following instructions"; override.ignore_safety), rescored on the same folds:
#   offset 1.0 0.645 / 0.047 (0.052, 0.030)    1.1 0.636 / 0.045 (0.0495, 0.027)
#          1.2 0.628 / 0.042 (0.048, 0.024)
# so the rule gave 1.1. Round 13 (weights 3086d49c: three role-prompt sources more, 63 folds,
# round 13's rules; bench/results/injection_loso.json, 2026-12-07 21:31 UTC):
#   offset 0.8 0.680 / 0.044 (0.0512, 0.0301)  0.9 0.673 / 0.041 (0.0492, 0.0265)
#          1.0 0.664 / 0.039 (0.0474, 0.0243)  1.1 0.656 / 0.037 (0.0450, 0.0224)
# so the rule gives 0.9: the role prompts in training took the classifier's false blocks down
# (at 1.1 blocked 0.0413 -> 0.0367), and the rule spends that margin on recall.
MODEL_OFFSET = 0.9

Role = Literal["system", "user", "assistant", "tool", "document", "input"]
DEFAULT_ROLES: tuple[Role, ...] = ("user", "tool", "document", "input")
_INDIRECT_DEFAULT: tuple[Role, ...] = ("tool", "document", "assistant")


class RolePolicy(BaseModel):
    """Per-role scoring: a multiplier on the score and an optional own threshold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    weight: float = Field(default=1.0, ge=0.0, le=4.0, description="Score multiplier (capped at 1).")
    threshold: float | None = Field(
        default=None, gt=0.0, le=1.0, description="Threshold for this role; default: the filter's."
    )


class InjectionConfig(FilterConfig):
    """Configuration of one `type: injection` filter instance."""

    type: Literal["injection"] = Field(default="injection", description="Filter type: injection.")
    action: Literal["block", "flag"] = Field(
        default="block", description="What a detection does in enforce mode: block (HTTP 400) or flag."
    )
    threshold: float = Field(
        default=DEFAULT_THRESHOLD,
        gt=0.0,
        le=1.0,
        description="Score at or above which a segment is an attack.",
    )
    roles: list[Role] = Field(
        default_factory=lambda: list(DEFAULT_ROLES),
        description="Segment roles to screen. The system prompt is the developer's text; add "
        "'system' when callers may set it, 'input' for embedding / model-server inputs, "
        "'assistant' when clients can forge history (off by default: the model's own answers "
        "quote attack phrases whenever a user asks about security, and a blocked history "
        "blocks every later turn).",
        min_length=1,
    )
    indirect_roles: list[Role] = Field(
        default_factory=lambda: list(_INDIRECT_DEFAULT),
        description="Roles whose text is data, not instructions: text there that addresses the "
        "model or ships data out is scored with the stronger indirect-injection rule weights.",
    )
    indirect_model_weight: float = Field(
        default=0.6,
        ge=0.0,
        le=1.0,
        description="How much the classifier counts in tool / document roles. 0.6 was set for "
        "the earlier prompt-only classifier; the current one also learned from documents and "
        "this default is not re-measured for it. Pasted regions: `region_model_weight`.",
    )
    region_model_weight: float = Field(
        default=REGION_MODEL_WEIGHT,
        ge=0.0,
        le=1.0,
        description="How much the classifier counts inside a document pasted into a user message "
        "(an e-mail after 'Summarize this:', a 'Context:' block, ...); the user's own request "
        "around it is judged at full weight. 1.0: the whole message and the document alike.",
    )
    model_offset: float = Field(
        default=MODEL_OFFSET,
        ge=-4.0,
        le=4.0,
        description="Subtracted from the classifier's logit before it is combined with the rules: "
        "higher is more lenient with texts only the classifier suspects; rule hits keep their weight.",
    )
    role_policy: dict[Role, RolePolicy] = Field(
        default_factory=dict, description="Per-role weight and threshold overrides."
    )
    disabled_rules: list[str] = Field(
        default_factory=list,
        description="Rule ids (override.ignore_previous) or families (exfil) to switch off.",
    )
    allow: list[str] = Field(
        default_factory=list,
        description="Regular expressions (case-insensitive) for known-safe text; matching spans are "
        "removed before screening, the rest of the segment is still screened.",
        max_length=200,
    )
    system_guard: bool = Field(
        default=True,
        description="Read the system prompt (never screened) for what it guards (a password, a "
        "secret code, its own instructions) and count user text that asks for exactly that as "
        "extraction (`extract.guarded_secret`). Off: no rule disabled elsewhere changes.",
    )
    use_model: bool = Field(default=True, description="Use the classifier; false = rules only.")
    gloss: bool = Field(
        default=True,
        description="Let the classifier also read a word-by-word English gloss of text in another "
        "language (filters/gloss_data: 30 languages), as it reads a decoded base64 payload. It "
        "learned mostly from English; held out, it caught far fewer attacks in other languages "
        "(docs/injection.md). English text is recognised in a few microseconds and not glossed.",
    )
    model: Tier2Config | None = Field(
        default=None,
        description="Tier 2: a transformer classifier you bring (ONNX + tokenizer.json, e.g. Prompt "
        "Guard 2), asked only about segments whose tier-1 score falls in its `band`; its verdict "
        "decides those segments. Needs the `aigw[tier2]` extra. docs/injection.md.",
    )
    rule_gate: float = Field(
        default=RULE_GATE,
        ge=0.0,
        le=1.01,
        description="Classifier score from which the rule table also runs (disguised text always "
        "runs it). Higher is cheaper and catches less: see docs/injection.md for the trade-off.",
    )
    model_path: str | None = Field(
        default=None, description="Directory with weights.npz + model.json; default: the shipped model."
    )
    invisible_text: bool = Field(
        default=True,
        description="Report hidden characters (tag block, zero-width inside words, bidi overrides, "
        "variation-selector payloads) as invisible_text even when the text scores low.",
    )
    invisible_min_chars: int = Field(
        default=2, ge=1, le=10_000, description="Suspicious invisible characters needed for invisible_text."
    )
    max_scan_chars: int = Field(
        default=262_144, ge=1024, le=16_777_216, description="Longer segments: head and tail are screened."
    )
    offload_chars: int = Field(
        default=16_384,
        ge=0,
        description="Uncached text above this many characters is scored on the executor.",
    )

    @field_validator("disabled_rules")
    @classmethod
    def _known_rules(cls, v: list[str]) -> list[str]:
        unknown = [i for i in validate_rule_ids(v) if i != GUARD_RULE]
        if unknown:
            raise ValueError(f"unknown rule ids or families: {unknown}")
        return v

    @field_validator("allow")
    @classmethod
    def _valid_patterns(cls, v: list[str]) -> list[str]:
        for p in v:
            try:
                re.compile(p)
            except re.error as e:
                raise ValueError(f"invalid allow pattern {p!r}: {e}") from e
        return v

    @model_validator(mode="after")
    def _model_dir(self) -> InjectionConfig:
        if self.use_model and self.model_path is not None:
            d = Path(self.model_path)
            if not (d / "weights.npz").is_file() or not (d / "model.json").is_file():
                raise ValueError(f"model_path {self.model_path!r} lacks weights.npz / model.json")
        return self
