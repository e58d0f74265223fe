"""Getting records onto disk: inline commits, the bounded queue and its writer thread, failures.

Mandatory records are committed by the caller's thread (one lock, one os.write). Sampled
ones are queued; a writer thread drains the queue in batches at least every
flush_interval, turns pending exchanges into records (redaction is CPU work, kept off the
event loop) and commits them. A full queue drops and counts instead of blocking a
request. While the disk fails, the thread retries every second, so a gateway that no
longer gets traffic (its /readyz is 503) still notices when the disk is back.
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from gateway import metrics
from gateway.audit.chain import ChainWriter
from gateway.audit.records import PendingExchange

log = logging.getLogger("aigw.audit")

BATCH = 256
RETRY_S = 1.0
MAX_QUEUED_BYTES = 64 << 20  # bodies held for sampled records of routes without filters count here


class AuditSink:
    def __init__(
        self,
        writer: ChainWriter,
        *,
        queue_size: int,
        flush_interval_s: float,
        finalize: Callable[[PendingExchange], dict[str, Any]],
    ) -> None:
        self.writer = writer
        self.queue_size = queue_size
        self.flush_interval_s = flush_interval_s
        self.finalize = finalize
        self._queue: collections.deque[tuple[PendingExchange, bool, int]] = collections.deque()
        self._queued_bytes = 0  # approximate (updated from two threads without a lock); bounds memory
        self._wake = threading.Event()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="aigw-audit-writer", daemon=True)
        self._stats_lock = threading.Lock()
        self.written: collections.Counter[str] = collections.Counter()
        self.dropped = 0
        self.write_errors = 0
        # Records that could not be built (not a disk failure); cumulative, never reset.
        self.unrecorded = {"mandatory": 0, "sampled": 0}
        self._last_attempt = 0.0
        self._last_log = 0.0

    def start(self) -> None:
        metrics.audit_healthy.set(0 if self.writer.failing_since else 1)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Blocking: drain the queue and end the thread (run it off the event loop)."""
        self._stopping = True
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def queued(self) -> int:
        return len(self._queue)

    def commit(self, records: list[dict[str, Any]], *, mandatory: bool) -> bool:
        """Write now (any thread); False when the disk refused, which is counted and logged."""
        self._last_attempt = time.monotonic()
        was_failing = self.writer.failing_since is not None
        written = self.writer.commit(records, mandatory=mandatory)
        if written is None:
            with self._stats_lock:
                self.write_errors += 1
            metrics.audit_write_errors.inc()
            metrics.audit_healthy.set(0)
            now = time.monotonic()
            if now - self._last_log > 10.0:
                self._last_log = now
                log.error("audit log %s cannot be written: %s", self.writer.dir, self.writer.last_error)
            return False
        with self._stats_lock:  # commits come from the loop, the writer thread and executor threads
            for rec in written:
                self.written[rec["kind"]] += 1
        for rec in written:
            metrics.audit_records.labels(rec["kind"]).inc()
        if was_failing:
            metrics.audit_healthy.set(1)
            log.warning("audit log %s writable again (gap recorded)", self.writer.dir)
        return True

    def record_failed(self, *, mandatory: bool) -> None:
        """A record that could not be built: counted as lost and as a write error."""
        with self._stats_lock:
            self.unrecorded["mandatory" if mandatory else "sampled"] += 1
            self.write_errors += 1
        metrics.audit_write_errors.inc()

    def enqueue(self, pending: PendingExchange, mandatory: bool = False) -> None:
        """O(1), never blocks: a full queue (records or bytes) drops the record and counts it."""
        size = pending.text_chars()
        if len(self._queue) >= self.queue_size or self._queued_bytes + size > MAX_QUEUED_BYTES:
            self.dropped += 1
            metrics.audit_dropped.inc()
            return
        self._queued_bytes += size
        self._queue.append((pending, mandatory, size))
        if len(self._queue) >= BATCH:
            self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait(self.flush_interval_s)
            self._wake.clear()
            try:
                self._drain()
                if (
                    self.writer.failing_since is not None
                    and not self._stopping
                    and time.monotonic() - self._last_attempt >= RETRY_S
                ):
                    self.commit([], mandatory=False)  # writes just the gap record once the disk is back
            except Exception:  # the writer must outlive any bad record
                log.exception("audit writer failed")
            if self._stopping and not self._queue:
                return

    def _drain(self) -> None:
        q = self._queue
        while q:
            batch: list[dict[str, Any]] = []
            mandatory = False
            for _ in range(min(BATCH, len(q))):
                pending, must, size = q.popleft()
                self._queued_bytes -= size
                mandatory = mandatory or must
                try:
                    batch.append(self.finalize(pending))
                except Exception as exc:
                    log.error("audit record dropped: %s", type(exc).__name__)
                    self.record_failed(mandatory=must)
                    self.dropped += 1
                    metrics.audit_dropped.inc()
            if batch:
                self.commit(batch, mandatory=mandatory)
