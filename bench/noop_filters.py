"""Run `aigw` with every filter's screening replaced by a no-op: the framework cost of a chain.

The full chain's cost is the filters' work plus everything around them: parsing the body,
the ambiguity check, the protocol adapter's extraction, the chain's loop (ordering,
timing, Decisions), reading and parsing the answer for the response filters, metrics per
decision, the access line. To see the second part alone, this launcher keeps the route,
its filter list and the whole request path exactly as configured, but makes every filter
class's `on_request` / `on_response` answer "allow" at once (`Filter.decide()`, the same
Decision a real filter builds). Filters are still constructed (Presidio and the injection
model load), so the heap is the full chain's.

    python bench/noop_filters.py run -c bench/configs/aigw-fullchain.yaml
    python bench/instructions.py --only aigw-noop-chain     # instructions per request
"""

from __future__ import annotations

import sys
from typing import Any


def _patch() -> None:
    from filters.registry import FILTER_TYPES

    async def allow(self: Any, ex: Any) -> Any:
        return self.decide()

    for cls in FILTER_TYPES.values():
        cls.on_request = allow  # type: ignore[method-assign]
        cls.on_response = allow  # type: ignore[method-assign]
        # The plain-call fast paths (keywords, PII) are real screening too: without this the
        # "no-op" chain still ran them (round 9 found its figures included their work).
        cls.request_now = None
        cls.response_now = None


if __name__ == "__main__":
    _patch()
    from gateway.cli import main

    sys.argv[0] = "aigw"
    sys.exit(main())
