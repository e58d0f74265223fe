"""The arithmetic of SLOs, free of clocks, I/O and state, so each rule is tested on its own.

Objectives are fractions (0.999, not 99.9). A burn rate of 1 spends the error budget
exactly over the SLO period; 14.4 spends a 30-day budget's 2% in one hour. The alert
table is the multi-window multi-burn-rate set from the Google SRE workbook (chapter 5):
a long window proves the burn is significant, a short one proves it is still happening,
so an alert clears soon after the problem stops instead of when the long window forgets.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

# Rolling windows the gateway judges, name -> seconds. Names are metric label values.
WINDOWS: dict[str, int] = {
    "5m": 300,
    "30m": 1800,
    "1h": 3600,
    "6h": 21600,
    "1d": 86400,
    "3d": 259200,
}


@dataclass(frozen=True, slots=True)
class AlertRule:
    """Fire when the burn rate over both windows exceeds `threshold`."""

    name: str
    severity: str  # page | ticket
    long: str
    short: str
    threshold: float


ALERT_RULES: tuple[AlertRule, ...] = (
    AlertRule("page_fast", "page", "1h", "5m", 14.4),  # 2% of a 30-day budget in 1h
    AlertRule("page_slow", "page", "6h", "30m", 6.0),  # 5% in 6h
    AlertRule("ticket", "ticket", "3d", "6h", 1.0),  # 10% in 3d: on course to miss the SLO
)
SEVERITIES: tuple[str, ...] = ("page", "ticket")


def burn_rate(bad: float, total: float, objective: float) -> float:
    """Bad fraction divided by the allowed bad fraction (1 - objective). 0 without events."""
    if total <= 0:
        return 0.0
    allowed = round(1.0 - objective, 12)  # 1 - 0.9 is 0.09999999999999998: a burn of exactly 1 is not > 1
    frac = bad / total
    if allowed <= 0:
        return math.inf if frac > 0 else 0.0
    return frac / allowed


def budget_remaining(bad: float, total: float, objective: float) -> float:
    """Fraction of the error budget left, judged on the events observed so far.

    1.0 = untouched, 0 = spent, negative = overspent. With fewer observed events than
    a whole period this is `1 - burn rate over the observed history`: the question
    "at the rate seen so far, how much of the period's budget is left" rather than
    an extrapolation of traffic nobody has seen.
    """
    if total <= 0:
        return 1.0
    return 1.0 - burn_rate(bad, total, objective)


def exhaustion_hours(remaining: float, burn: float, period_days: float) -> float | None:
    """Hours until the budget is gone if the current burn rate holds; None if not burning."""
    if burn <= 0 or math.isinf(burn):
        return None if burn <= 0 else 0.0
    if remaining <= 0:
        return 0.0
    return remaining * period_days * 24.0 / burn


def firing_rules(
    burns: Mapping[str, float],
    events: Mapping[str, int],
    rules: tuple[AlertRule, ...] = ALERT_RULES,
    min_events: int = 0,
) -> tuple[AlertRule, ...]:
    """The rules whose long and short windows both burn above their threshold.

    `min_events` guards the long window: a burn rate from two requests is noise, not
    evidence. (The short window needs no guard: with no events it burns 0.)
    """
    out = []
    for rule in rules:
        if events.get(rule.long, 0) < min_events:
            continue
        if burns.get(rule.long, 0.0) > rule.threshold and burns.get(rule.short, 0.0) > rule.threshold:
            out.append(rule)
    return tuple(out)


def severities(rules: tuple[AlertRule, ...]) -> frozenset[str]:
    return frozenset(r.severity for r in rules)
