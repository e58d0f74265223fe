"""The rule prefilter's Hyperscan databases, split by who asks (direct text or indirect) and
by gate (the multilingual rules, asked only where their gate opens).

filters/rule_prefilter.py decides which rules may match a text; once compiled, Hyperscan
answers for it (filters/hyperscan_set.py). A user's own message without pasted regions asks
only the rules that apply to direct text; tool output and pasted documents ask every rule.
The indirect-only rules cost more to scan than all the others, so they get a database of
their own that direct text never scans; the gated rules get one that a text scans only when
one of their gates matched.
"""

from __future__ import annotations

from filters.hyperscan_set import HyperscanSet
from filters.hyperscan_set import available as hyperscan_available


class FastSets:
    """A prefilter's Hyperscan databases: for the patterns a direct text asks, and for the
    indirect-only ones, a main database (the ungated patterns and the gates) and a gated one
    (the patterns behind a gate). A direct text (a user's own message without pasted regions:
    most requests) scans the direct main database, and its gated one only when a gate
    matched; an indirect text does the same with the indirect pair too.

    Why indirect apart: the 14 indirect-only rules cost more than the other 92 together. On
    fresh 1 KB benign corpus messages (2026-12-07, best of 5 passes over 200, one database
    each): every rule and gate 22.8 us, without the indirect-only ones 8.9 us;
    indirect.ai_directive alone (an AI noun, any run of characters, then a list of ~100
    imperatives) 14.5 us.

    Why gated apart: the 25 gated (multilingual) rules are 4.2 of the direct database's 6.5
    MB (their alternations of foreign words fill the literal matcher's tables), and the gate
    stays shut on 891 of the 951 bench messages. Scanning the fresh bench messages, one
    database against two (2026-12-07, best of 5, same machine): direct 7.8 -> 4.7 us per
    message, indirect 15.0 -> 9.2; 1 KB of bench text 38 -> 21 us. The answers are the same
    (possible() on all 26,174 corpus texts, direct and indirect, compared)."""

    def __init__(
        self,
        direct: HyperscanSet | None,
        indirect: HyperscanSet | None,
        direct_gated: HyperscanSet | None,
        indirect_gated: HyperscanSet | None,
        gate_ids: frozenset[int],
    ) -> None:
        self.direct = direct
        self.indirect = indirect
        self.direct_gated = direct_gated
        self.indirect_gated = indirect_gated
        self._gate_ids = gate_ids
        self._sets = tuple(s for s in (direct, indirect, direct_gated, indirect_gated) if s is not None)

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

        def split(members: list[tuple[int, list[str]]]) -> tuple[list[tuple[int, list[str]]], ...]:
            """(the ungated patterns with the gates of the gated ones, the gated ones)."""
            behind = [m for m in members if m[0] in gate_of]
            used = sorted({gate_of[i] for i, _ in behind})
            return [m for m in members if m[0] not in gate_of] + [(g, [gates[g]]) for g in used], behind

        direct_main, direct_gated = split(direct)
        indirect_main, indirect_gated = split(indirect)
        return cls(
            HyperscanSet.start(direct_main),
            HyperscanSet.start(indirect_main),
            HyperscanSet.start(direct_gated),
            HyperscanSet.start(indirect_gated),
            frozenset(gates),
        )

    def matches(self, data: bytes, indirect: bool) -> list[int] | None:
        """Ids matching `data` in the direct sets, and with `indirect` the indirect-only sets
        too; None until every set asked is compiled."""
        hits = self._scan(self.direct, self.direct_gated, data)
        if hits is None or not indirect:
            return hits
        more = self._scan(self.indirect, self.indirect_gated, data)
        return None if more is None else hits + more

    def _scan(self, main: HyperscanSet | None, gated: HyperscanSet | None, data: bytes) -> list[int] | None:
        """`main`'s ids for `data`, and `gated`'s where one of main's gates matched."""
        hits = main.matches(data) if main is not None else []
        if hits is None or gated is None or self._gate_ids.isdisjoint(hits):
            return hits
        more = gated.matches(data)
        return None if more is None else hits + more

    def wait(self, timeout: float | None = None) -> bool:
        return all(s.wait(timeout) for s in self._sets)

    @property
    def ready(self) -> bool:
        return all(s.ready for s in self._sets)

    @property
    def error(self) -> str | None:
        return next((s.error for s in self._sets if s.error), None)
