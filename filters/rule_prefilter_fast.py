"""The rule prefilter's Hyperscan databases, split by who asks: direct text or indirect.

filters/rule_prefilter.py decides which rules may match a text; once compiled, Hyperscan
answers for it (filters/hyperscan_set.py). A user's own message without pasted regions asks
only the rules that apply to direct text; tool output and pasted documents ask every rule.
The indirect-only rules cost more to scan than all the others, so they get a database of
their own that direct text never scans.
"""

from __future__ import annotations

from filters.hyperscan_set import HyperscanSet
from filters.hyperscan_set import available as hyperscan_available


class FastSets:
    """A prefilter's Hyperscan databases: one of the patterns a direct text asks, one of the
    indirect-only patterns, each with the gates of its gated patterns. A direct text (a
    user's own message without pasted regions: most requests) scans the first only; an
    indirect text scans both.

    Why two: the 14 indirect-only rules cost more than the other 92 together. On fresh 1 KB
    benign corpus messages (2026-12-07, best of 5 passes over 200, one database each):
    every rule and gate 22.8 us, without the indirect-only ones 8.9 us; indirect.ai_directive
    alone (an AI noun, any run of characters, then a list of ~100 imperatives) 14.5 us."""

    def __init__(self, direct: HyperscanSet | None, indirect: HyperscanSet | None) -> None:
        self.direct = direct
        self.indirect = indirect

    @classmethod
    def start(
        cls,
        direct: list[tuple[int, list[str]]],
        indirect: list[tuple[int, list[str]]],
        gates: dict[int, str],
        gate_of: dict[int, int],
    ) -> FastSets | None:
        if not hyperscan_available():
            return None

        def with_gates(members: list[tuple[int, list[str]]]) -> list[tuple[int, list[str]]]:
            used = sorted({gate_of[i] for i, _ in members if i in gate_of})
            return members + [(g, [gates[g]]) for g in used] if members else []

        return cls(HyperscanSet.start(with_gates(direct)), HyperscanSet.start(with_gates(indirect)))

    def matches(self, data: bytes, indirect: bool) -> list[int] | None:
        """Ids matching `data` in the direct set, and with `indirect` the indirect-only set
        too; None until every set asked is compiled."""
        hits: list[int] | None = self.direct.matches(data) if self.direct is not None else []
        if hits is None or not indirect or self.indirect is None:
            return hits
        more = self.indirect.matches(data)
        return None if more is None else hits + more

    def wait(self, timeout: float | None = None) -> bool:
        return all(s.wait(timeout) for s in (self.direct, self.indirect) if s is not None)

    @property
    def ready(self) -> bool:
        return all(s.ready for s in (self.direct, self.indirect) if s is not None)

    @property
    def error(self) -> str | None:
        return next((s.error for s in (self.direct, self.indirect) if s is not None and s.error), None)
