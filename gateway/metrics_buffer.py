"""The buffering behind the per-request collectors of gateway/metrics.py.

A request adds to plain Python numbers (a bisect and two additions for a histogram, instead
of prometheus-client's locked value per bucket search), and the numbers move into
prometheus-client when anything reads the collector (`collect()`: /metrics, the console,
`REGISTRY.get_sample_value`), or, for workers under multiprocess mode, at the end of the
event-loop iteration in which they went idle and every FLUSH_INTERVAL_S while busy
(`flush_soon`). Updates must come from the event-loop thread. Split out of metrics.py
(perf3), which keeps the collectors and re-exports what callers use from here.
"""

from __future__ import annotations

import asyncio
from bisect import bisect_left
from typing import Any

from prometheus_client import Counter, Histogram


class _Pending:
    """Buffered updates of one labelled child, moved into prometheus-client by flush()."""

    __slots__ = ("_child",)

    def __init__(self, child: Any) -> None:
        self._child = child

    def flush(self) -> None:
        raise NotImplementedError


class PendingCounter(_Pending):
    __slots__ = ("_n",)

    def __init__(self, child: Any) -> None:
        super().__init__(child)
        self._n = 0.0

    def inc(self, amount: float = 1.0) -> None:
        self._n += amount

    def flush(self) -> None:
        n = self._n
        if n:
            self._n = 0.0
            self._child.inc(n)


class PendingHistogram(_Pending):
    __slots__ = ("_bounds", "_counts", "_sum")

    def __init__(self, child: Any) -> None:
        super().__init__(child)
        # prometheus-client's own upper bounds (+Inf last) and per-bucket values: observe()
        # increments the first bucket whose bound is >= the amount, as bisect_left finds it.
        self._bounds = tuple(child._upper_bounds)
        self._counts = [0] * len(self._bounds)
        self._sum = 0.0

    def observe(self, amount: float) -> None:
        self._counts[bisect_left(self._bounds, amount)] += 1
        self._sum += amount

    def flush(self) -> None:
        counts = self._counts
        if not any(counts):
            return
        self._counts = [0] * len(counts)
        total, self._sum = self._sum, 0.0
        child = self._child
        child._sum.inc(total)
        for i, n in enumerate(counts):
            if n:
                child._buckets[i].inc(n)


_PENDING: dict[tuple[object, tuple[str, ...]], _Pending] = {}
_ROUTE_CHILDREN: dict[tuple[str, str, str], tuple[Any, Any, Any, Any]] = {}
_DECISION_CHILDREN: dict[tuple[str, Any, str], tuple[Any, Any]] = {}
_flush_loop: asyncio.AbstractEventLoop | None = None
_flush_handle: asyncio.Handle | None = None
_flush_timed = False  # the scheduled flush is the busy-time timer, not the end of this iteration
# Under multiprocess mode a flush writes each touched value into the worker's mmap file
# (prometheus-client's MmapedValue: a lock, a pid check and a struct write per value). A flush
# after each request cost ~20x that request's buffered updates in a microbenchmark (one
# full-chain request's 12 children); busy workers flush at most every FLUSH_INTERVAL_S.
# (Under callgrind a worker of `workers: 2` ran 1.3% more instructions per request than the
# single process, there with many requests per loop iteration to share each flush.)
FLUSH_INTERVAL_S = 0.05


def flush() -> None:
    """Move every buffered update into prometheus-client (cheap: a few dozen children)."""
    global _flush_handle, _flush_timed
    _flush_handle, _flush_timed = None, False
    for pending in list(_PENDING.values()):
        pending.flush()


def flush_soon(idle: bool = True) -> None:
    """Once per request: under multiprocess mode, flush so the supervisor's /metrics, which
    reads the worker files, is not behind. `idle` (no request left in flight): at the end of
    this loop iteration, so a quiet worker's files are current at once; busy: within
    FLUSH_INTERVAL_S (a timer already set then is brought forward by the next idle moment)."""
    global _flush_handle, _flush_timed
    loop = _flush_loop
    if loop is None:
        return
    if _flush_handle is not None:
        if not (idle and _flush_timed):
            return
        _flush_handle.cancel()
    _flush_timed = not idle
    _flush_handle = loop.call_later(FLUSH_INTERVAL_S, flush) if _flush_timed else loop.call_soon(flush)


def flush_every_iteration(loop: asyncio.AbstractEventLoop | None) -> None:
    """Turn `flush_soon` on (a worker whose files another process reads) or off (None)."""
    global _flush_loop, _flush_handle, _flush_timed
    if _flush_handle is not None:
        _flush_handle.cancel()
    _flush_loop, _flush_handle, _flush_timed = loop, None, False


class _Buffered:
    """Mixin for the per-request collectors: flush before any read, forget removed children."""

    def collect(self) -> Any:
        flush()
        return super().collect()  # type: ignore[misc]

    def remove(self, *labelvalues: Any) -> None:
        _forget(self, tuple(str(v) for v in labelvalues))
        super().remove(*labelvalues)  # type: ignore[misc]

    def clear(self) -> None:
        _forget(self, None)
        super().clear()  # type: ignore[misc]


def _forget(metric: object, values: tuple[str, ...] | None) -> None:
    """Drop the cached child of a removed label set (all of them on clear): its buffered
    updates are discarded with it, as prometheus-client discards the child's values."""
    for key in [k for k in _PENDING if k[0] is metric and (values is None or k[1] == values)]:
        del _PENDING[key]
    _ROUTE_CHILDREN.clear()
    _DECISION_CHILDREN.clear()


class BufferedCounter(_Buffered, Counter):
    pass


class BufferedHistogram(_Buffered, Histogram):
    pass


def child(metric: Any, *values: str) -> Any:
    """A labelled child of a buffered collector, cached: `labels()` rebuilds its key on every
    call, and the request path asks for the same few children thousands of times a second.
    Bounded like the label sets themselves (config names and the fixed vocabularies)."""
    key = (metric, values)
    found = _PENDING.get(key)
    if found is None:
        if not isinstance(metric, _Buffered):
            raise TypeError(f"{metric!r} is not a buffered collector; use labels()")
        raw = metric.labels(*values)  # type: ignore[attr-defined]  # _Buffered mixes into a prometheus collector
        found = PendingHistogram(raw) if isinstance(metric, Histogram) else PendingCounter(raw)
        _PENDING[key] = found
    return found
