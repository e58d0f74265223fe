"""The access log: one JSON line per request, formatted cheaply and written off the event loop.

Why not `logging`: a LogRecord, a Formatter and StreamHandler.emit (a lock, a write and a
flush per line) on the event-loop thread. The request thread here does the least it can:
orjson on a small dict and an append to a bounded deque. A writer thread wakes every
`BATCH_DELAY_S`, takes what is there and writes it with os.write in chunks of whole lines
to the file descriptor (stderr); a blocking write (a slow log shipper reading the pipe) stalls that thread, never a
request. bench/access_log_perf.py measures the choice against logging and against batching
on the loop with call_soon (cheapest, but its write would stall the loop on a slow reader);
bench/results/access_log_perf.md has the numbers.

Bounds: at most `MAX_PENDING` lines wait (8192 lines of ~350 B: under 3 MB, and 1.6 s of a
stalled reader at 5,000 req/s). A line that finds the buffer full is dropped and counted in
`aigw_access_log_dropped_total`, as are lines whose write failed (EPIPE, ENOSPC): the log
never blocks or fails a request. `close()` (the SIGTERM drain path) writes what is pending.

Without `install()` or `use_fd()` (tests, embedding) lines go to the `aigw.access` logger as before, so
`caplog` and custom handlers still see them.
"""

from __future__ import annotations

import logging
import os
import select
import threading
from collections import deque
from typing import TYPE_CHECKING

from filters.base import Action
from gateway import jsonsafe, metrics

if TYPE_CHECKING:
    from gateway.exchange import ExchangeSummary

MAX_PENDING = 8192
BATCH_DELAY_S = 0.05  # the writer wakes every 50 ms: ~20 wake-ups per second under any load
ATOMIC_WRITE = select.PIPE_BUF  # 4096 on Linux: a pipe write up to this size is never interleaved

_logger = logging.getLogger("aigw.access")


class AccessLogWriter:
    """A bounded line buffer drained by one writer thread into a file descriptor."""

    def __init__(
        self, fd: int, *, max_pending: int = MAX_PENDING, batch_delay_s: float = BATCH_DELAY_S
    ) -> None:
        self.fd = fd
        self.max_pending = max_pending
        self.batch_delay_s = max(batch_delay_s, 0.001)  # a zero poll would spin
        # Also in aigw_access_log_dropped_total; one count per thread, so neither loses updates.
        self._dropped_full = 0  # the loop thread's: the buffer was full
        self._dropped_failed = 0  # the writer thread's: the write failed
        self._pending: deque[bytes] = deque()
        self._closing = False  # a plain flag: write() reads it per line (Event.is_set is a call)
        # close() wakes the writer through this pipe. The writer's wait is one select() in C:
        # threading.Event.wait(timeout) runs a Condition in Python, ~24k instructions per
        # wake-up under callgrind, where wake-ups are many per request because valgrind slows
        # the process ~50x (5.4k instructions per request of bench/instructions.py's count).
        self._wake_r, self._wake_w = os.pipe()
        self._thread = threading.Thread(target=self._run, name="aigw-access-log", daemon=True)
        self._thread.start()

    def write(self, line: bytes) -> None:
        """Queue one line (without its newline). Never blocks; drops and counts when full."""
        pending = self._pending
        if len(pending) >= self.max_pending or self._closing:
            self._dropped_full += 1
            metrics.access_log_dropped.inc()
            return
        pending.append(line)

    def close(self, timeout_s: float = 2.0) -> bool:
        """Write what is pending and stop the thread; False if it did not finish in time."""
        if not self._closing:
            self._closing = True
            os.write(self._wake_w, b"x")
        self._thread.join(timeout_s)
        if self._thread.is_alive():
            return False
        for fd in (self._wake_r, self._wake_w):
            os.close(fd)
        self._wake_r = self._wake_w = -1
        return True

    @property
    def dropped(self) -> int:
        return self._dropped_full + self._dropped_failed

    def _run(self) -> None:
        # Polls: waking the thread from write() (an Event) cost ~5 µs per request on the loop in
        # a profile of the full chain, more than the append itself; a 50 ms poll costs the idle
        # process 20 wake-ups per second and the request nothing.
        wake, delay = self._wake_r, self.batch_delay_s
        while not self._closing:
            select.select((wake,), (), (), delay)  # cut short by close()
            self._drain()
        self._drain()

    def _drain(self) -> None:
        pending = self._pending
        n = len(pending)
        if not n:
            return
        pop = pending.popleft  # deque.popleft is atomic: the loop thread may append meanwhile
        lines = [pop() for _ in range(n)]
        start = 0
        try:
            while start < n:
                # Whole lines, at most PIPE_BUF bytes per write: the workers of `workers: N`
                # share one stderr pipe, and only writes up to PIPE_BUF are atomic on a pipe.
                end, size = start, 0
                while end < n and (end == start or size + len(lines[end]) < ATOMIC_WRITE):
                    size += len(lines[end]) + 1
                    end += 1
                data = memoryview(b"\n".join(lines[start:end]) + b"\n")
                while data:
                    data = data[os.write(self.fd, data) :]
                start = end
        except OSError:
            # stderr closed or the disk full: count the lines that did not go out (a partly
            # written chunk counts as lost) and keep serving.
            self._dropped_failed += n - start
            metrics.access_log_dropped.inc(n - start)


_writer: AccessLogWriter | None = None
_deferred_fd: int | None = None  # use_fd(): the writer starts with the first line


def use_fd(fd: int) -> None:
    """Write access lines to `fd` once there is one (`aigw run`): no thread while no route
    logs (`access_log: false`), where its 50 ms poll would be the only cost."""
    global _deferred_fd
    _deferred_fd = fd


def install(
    fd: int = 2, *, max_pending: int = MAX_PENDING, batch_delay_s: float = BATCH_DELAY_S
) -> AccessLogWriter:
    """Route access lines to `fd` through a writer thread (called by `aigw run`'s logging setup)."""
    global _writer
    if _writer is not None:
        _writer.close()
    _writer = AccessLogWriter(fd, max_pending=max_pending, batch_delay_s=batch_delay_s)
    return _writer


def close(timeout_s: float = 2.0) -> bool:
    """Flush and stop the writer (SIGTERM drain); later lines go to the `aigw.access` logger."""
    global _writer, _deferred_fd
    writer, _writer, _deferred_fd = _writer, None, None
    return writer.close(timeout_s) if writer is not None else True


def format_line(s: ExchangeSummary) -> bytes:
    """One request's line from its summary (gateway/exchange.py, shared with the audit record):
    orjson on a small dict (fields: README, `access_log`; tests rely on them). Through the one
    sanitizer (gateway/jsonsafe.py): a path or request id with invalid UTF-8 is escaped, never
    a lost line; the fast path is plain orjson, the retry only on such bytes.

    Times to three decimals by integer arithmetic, `int(x * 1000 + 0.5) / 1000`, not
    round(x, 3): float rounding to n digits formats the number with snprintf and parses it
    back, ~3k instructions a call under callgrind, 9k per line. The value is the same (ties
    aside: half up here, half even there, a difference of 1e-3 in a microsecond reading)."""
    action = s.action
    upstream_s = s.upstream_s
    return jsonsafe.dumps(
        {
            "ts": int(s.started_wall * 1000.0 + 0.5) / 1000.0,
            "request_id": s.request_id,
            "method": s.method,
            "path": s.path,
            "route": s.route or None,
            "principal": s.principal,
            "upstream": s.upstream or None,
            "status": s.status,
            "outcome": s.outcome,
            "action": action.label if action is not Action.ALLOW else None,
            "duration_ms": int(s.duration_s * 1e6 + 0.5) / 1000.0,
            "upstream_ms": int(upstream_s * 1e6 + 0.5) / 1000.0 if upstream_s else None,
            "degraded": s.degraded or None,
            "error": s.error,
        }
    )


def emit(s: ExchangeSummary) -> None:
    """Format one request's line and hand it to the writer (or the logger without one)."""
    line = format_line(s)
    writer = _writer
    if writer is None and _deferred_fd is not None:
        writer = install(_deferred_fd)
    if writer is not None:
        writer.write(line)
    elif _logger.isEnabledFor(logging.INFO):
        _logger.info(line.decode())
