"""Golden-set validation: cases replayed against a route's variants, judged, and used as
a pre-deploy check (`aigw validate`), rollout gates and a continuous quality SLO.

config (pydantic sections), cases (set files), judges + schema (pure checks), runner (one
run against one upstream), quality (the pass-rate SLO tracker), service (schedule, gates,
metrics, audit), cli (`aigw validate`). See docs/validation.md.
"""
