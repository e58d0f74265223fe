"""Time-bucketed counters in numpy ring buffers, and fixed log-spaced histogram bins.

The SLO tracker and the drift tracker both need "how many X in the last W seconds" for a
handful of windows, at O(1) cost per request and bounded memory. A ring of fixed-width
buckets gives exactly that: a request increments one row, a window is the sum of its
last k rows. The current bucket lives in a plain Python list (an int increment there is
several times cheaper than a numpy scalar update) and is written into the numpy array
when the bucket rolls over or a reader asks, so reads always see every event.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Sequence
from functools import partial

import numpy as np


class BucketRing:
    """`n` buckets of `width_s` seconds, each a row of `ncols` integer counters.

    Bucket ids are `int(t // width_s)` of the (injected) wall clock. Events for an older
    bucket still inside the ring are added to its row (a clock that steps back a little or
    a request that finished in the previous bucket); older ones are dropped. Stored column
    by column (`data[col, slot]`) so a window sum reads contiguous memory: summing three
    days of 10 s buckets is ~12x faster than over row-major storage.
    """

    __slots__ = ("cols", "cur", "data", "head", "n", "width_s")

    def __init__(self, width_s: float, n: int, ncols: int, dtype: type = np.int64) -> None:
        if n < 1 or ncols < 1 or width_s <= 0:
            raise ValueError("ring needs n >= 1, ncols >= 1 and a positive width")
        self.width_s = float(width_s)
        self.n = n
        self.cols = ncols
        self.data: np.ndarray = np.zeros((ncols, n), dtype=dtype)
        self.head: int | None = None  # bucket id the current row belongs to
        self.cur: list[int] = [0] * ncols

    def bucket(self, t: float) -> int:
        return int(t // self.width_s)

    def _slices(self, first: int, k: int) -> tuple[slice, ...]:
        """Slot ranges of the k buckets starting at bucket id `first` (k <= n)."""
        start = first % self.n
        end = start + k
        if end <= self.n:
            return (slice(start, end),)
        return (slice(start, self.n), slice(0, end - self.n))

    def _roll(self, b: int) -> None:
        """Make bucket `b` (newer than head) current: park the current row, clear the gap."""
        head = self.head
        if head is not None:
            self.data[:, head % self.n] = self.cur
            gap = b - head
            if gap >= self.n:
                self.data[:] = 0
            else:
                for sl in self._slices(head + 1, gap):
                    self.data[:, sl] = 0
        else:
            self.data[:, b % self.n] = 0
        self.head = b
        self.cur = [0] * self.cols

    def add(self, b: int, col: int, amount: int = 1) -> None:
        """Count `amount` in column `col` of bucket `b` (O(1); a roll clears at most n slots)."""
        head = self.head
        if b == head:
            self.cur[col] += amount
        elif head is None or b > head:
            self._roll(b)
            self.cur[col] += amount
        elif head - b < self.n:
            self.data[col, b % self.n] += amount

    def row(self, b: int) -> list[int] | None:
        """The live row for bucket `b` when it is current (rolling forward as needed), else None.

        Lets a caller do several increments with one roll check.
        """
        head = self.head
        if b == head:
            return self.cur
        if head is None or b > head:
            self._roll(b)
            return self.cur
        return None

    def sync(self, b: int) -> None:
        """Bring the ring to bucket `b` and publish the current row, before reading."""
        if self.head is None or b > self.head:
            self._roll(b)
        assert self.head is not None
        self.data[:, self.head % self.n] = self.cur

    def span(self, newest_skip: int, k: int) -> np.ndarray:
        """Column sums over `k` buckets that end `newest_skip` buckets before the current one."""
        out = np.zeros(self.cols, dtype=np.int64)
        if self.head is None or newest_skip >= self.n:
            return out
        k = min(k, self.n - newest_skip)
        if k <= 0:
            return out
        for sl in self._slices(self.head - newest_skip - k + 1, k):
            out += self.data[:, sl].sum(axis=1)
        return out

    def window(self, k: int) -> np.ndarray:
        """Column sums over the newest `k` buckets (the current one included). Call sync first."""
        return self.span(0, max(1, min(k, self.n)))

    @property
    def nbytes(self) -> int:
        return int(self.data.nbytes)


class LogBins:
    """Fixed log-spaced bins: [lo*r^(i-1), lo*r^i) for i = 1..k, plus underflow and overflow.

    Index 0 holds values below `lo`, index k+1 values at or above `lo*r^k`. Fixed edges
    make histograms from different buckets, processes and variants addable and comparable.
    """

    __slots__ = ("edges", "index", "lo", "nbins", "ratio")

    def __init__(self, lo: float, ratio: float, k: int) -> None:
        if lo <= 0 or ratio <= 1 or k < 1:
            raise ValueError("LogBins needs lo > 0, ratio > 1, k >= 1")
        self.lo = lo
        self.ratio = ratio
        self.nbins = k + 2
        self.edges = tuple(lo * ratio**i for i in range(k + 1))
        # index(x): the bin of x. The number of edges <= x is exactly that bin (0 below lo,
        # k+1 at or above the last edge, NaN and inf in the overflow bin), and a partial of
        # C's bisect costs no Python frame: the SLO and drift observers call it per request.
        self.index: Callable[[float], int] = partial(bisect_right, self.edges)

    def bounds(self, i: int) -> tuple[float, float]:
        """Lower and upper edge of bin i (underflow starts at 0, overflow is open: inf)."""
        if i <= 0:
            return 0.0, self.lo
        if i >= self.nbins - 1:
            return self.edges[-1], math.inf
        return self.edges[i - 1], self.edges[i]


def histogram_quantile(counts: Sequence[int] | np.ndarray, bins: LogBins, q: float) -> float | None:
    """The q-quantile (0..1) of a LogBins histogram, interpolated geometrically inside a bin.

    None for an empty histogram. In the overflow bin the answer is the last edge (a lower
    bound), in the underflow bin linear between 0 and `lo`. The error is at most one bin
    width (ratio - 1 relative), which is what a fixed compact histogram can promise.
    """
    c = np.asarray(counts, dtype=np.float64)
    total = float(c.sum())
    if total <= 0:
        return None
    q = min(max(q, 0.0), 1.0)
    target = q * total
    cum = np.cumsum(c)
    i = int(np.searchsorted(cum, target, side="left"))
    i = min(i, len(c) - 1)
    while c[i] == 0 and i < len(c) - 1:  # q == 0 lands before the first non-empty bin
        i += 1
    lo, hi = bins.bounds(i)
    before = float(cum[i] - c[i])
    frac = (target - before) / c[i] if c[i] else 1.0
    frac = min(max(frac, 0.0), 1.0)
    if math.isinf(hi):
        return lo
    if lo <= 0:
        return hi * frac
    return lo * (hi / lo) ** frac
