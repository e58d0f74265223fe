"""The audit log: what gets recorded when, and how it reaches the disk.

`install(gw)` hooks one AuditLog into the Gateway's lifecycle extension points:

- a finisher (before the last bytes of every answer): classifies the exchange; a kind the
  route lists under `always` (block, redact, flag, error) is written right there, one
  os.write, so an acknowledged answer always has its record; a refused write turns the
  answer into 503 under `on_failure: fail_closed`. Sampled exchanges are only queued.
- an observer (after every exchange): queues the exchanges no finisher saw (client gone,
  draining).
- a writer thread (gateway/audit/sink.py): drains the bounded queue in batches at least
  every flush_interval_ms, redacts the texts, writes; a full queue drops and counts. While
  the disk fails it retries every second; the first write that succeeds starts with an
  `audit_gap` record.
- reload callbacks: every applied or rejected reload becomes a `config_change` record.

Other modules record their own events through `gw.audit.emit(kind, payload)`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import sys
import time
from typing import TYPE_CHECKING, Any

from aiohttp import web

import gateway
from filters.base import Action
from gateway import jsonsafe, metrics
from gateway.appkeys import GATEWAY
from gateway.audit.answer import AnswerTap
from gateway.audit.chain import ChainWriter, Sealer
from gateway.audit.config import AuditConfig
from gateway.audit.policy import (
    PolicyTable,
    RoutePolicy,
    build_table,
    classify,
    model_mismatch,
    sample_point,
    set_sample_key,
)
from gateway.audit.records import (
    PendingExchange,
    config_changes,
    config_summary,
    exchange_record,
    finalize,
    redact_tree,
    warm_up,
)
from gateway.audit.sink import AuditSink

if TYPE_CHECKING:
    from gateway.exchange import Exchange
    from gateway.service.gateway import Gateway

log = logging.getLogger("aigw.audit")

EMIT_KINDS = frozenset({"rollout", "rollout_applied", "alert", "shadow_divergence", "validation"})
INLINE_TEXT_CHARS = 256  # mandatory records with more text are redacted on an executor thread
_TABLES_KEPT = 4
# Settings the writer was built with: changing them on reload needs a restart.
_RESTART_FIELDS = ("path", "hmac_key_env", "rotate_bytes", "rotate_s", "queue_size", "flush_interval_ms")


class AuditLog:
    """One process's audit log (one chain). Lives on the Gateway as `gw.audit`."""

    def __init__(self, cfg: AuditConfig, gw: Gateway) -> None:
        self.cfg = cfg
        self.gw = gw
        key = gw.env.get(cfg.hmac_key_env, "") if cfg.hmac_key_env else ""
        set_sample_key(key.encode() or None)
        self.writer = ChainWriter(
            cfg.path, Sealer(key.encode() or None), rotate_bytes=cfg.rotate_bytes, rotate_s=cfg.rotate_s
        )
        self.sink = AuditSink(
            self.writer,
            queue_size=cfg.queue_size,
            flush_interval_s=cfg.flush_interval_ms / 1000.0,
            finalize=self._finalize,
        )
        self.fail_closed = cfg.on_failure == "fail_closed"
        self._headers = list(cfg.headers)
        self._closed = False
        self._started = False  # the startup record is written
        self._tables: dict[str, PolicyTable] = {}
        self._loaded = gw.current.loaded
        self._table_for(gw.current.version)
        self.started_at = time.time()

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> None:
        warm_up()
        self.writer.prepare()
        self.sink.start()

    def record_startup(self) -> None:
        """Called by the server once its listeners are bound (gateway/service/server.py)."""
        if not self._started:
            self._started = True
            self.sink.commit([self._startup_record()], mandatory=True)

    def _startup_record(self) -> dict[str, Any]:
        loaded = self.gw.current.loaded
        return {
            "kind": "startup",
            "ts": round(time.time(), 6),
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "aigw": gateway.__version__,
            "python": sys.version.split()[0],
            "role": "data" if self.gw.data_plane else "admin",
            "config_version": loaded.version,
            "config_path": loaded.path,
            "config": config_summary(loaded.config, self.gw.current.filters),
            "audit": {"on_failure": self.cfg.on_failure, "slot": self.writer.slot},
        }

    async def aclose(self) -> None:
        """Drain the queue, write the shutdown record, release the slot."""
        if self._closed:
            return
        self._closed = True
        await asyncio.to_thread(self.sink.stop)
        if not self._started:  # never served (a failed bind): no startup record, so no shutdown
            self.writer.close()
            return
        rec = {
            "kind": "shutdown",
            "ts": round(time.time(), 6),
            "uptime_s": round(time.time() - self.started_at, 3),
            "records": dict(self.sink.written),
            "dropped": self.sink.dropped,
            "write_errors": self.sink.write_errors,
        }
        self.sink.commit([rec], mandatory=True)
        self.writer.close()

    # -- the request path ----------------------------------------------------------------

    async def finish(self, ex: Exchange, outcome: str, status: int) -> bool:
        """Finisher: write mandatory records now, queue sampled ones. False refuses the answer."""
        ex.audited = True
        if self._closed:
            return True
        table = self._tables.get(ex.config_version) or self._table_for(ex.config_version)
        policy = table.get(ex.route)
        mismatch = ex.model_mismatch is not None or (
            ex.observed_model is not None
            and model_mismatch(table.expect_model.get(ex.upstream), ex.observed_model)
        )
        kinds = classify(ex.decisions, outcome, status, mismatch)
        if kinds:
            why = [k for k in kinds if k in policy.always]
            if why:
                try:
                    ok = await self._write_now(self._record(ex, outcome, status, table, policy, kinds, why))
                except Exception as exc:  # a record we cannot build is a record we cannot write
                    ok = self._unrecordable(ex, why, exc)
                return ok or not self.fail_closed
        if policy.threshold and _point(ex) < policy.threshold:
            self.sink.enqueue(self._record(ex, outcome, status, table, policy, kinds, ["sample"]))
        return True

    def answer_tap(self, ex: Exchange, status: int, headers: Any) -> AnswerTap | None:
        """Called when the answer's head arrives: a tap when this exchange will be recorded
        with its answer (sampled, or already mandatory by a request-phase decision), else
        None, so unrecorded exchanges pay nothing while the body passes. A kind decided later
        (an error mid-answer, a redaction of the answer) records without the answer's bytes
        unless the exchange was sampled."""
        cfg = self.cfg
        if not cfg.bodies or not cfg.max_answer_bytes or self._closed:
            return None
        policy = (self._tables.get(ex.config_version) or self._table_for(ex.config_version)).get(ex.route)
        if not (policy.threshold and _point(ex) < policy.threshold):
            # Not sampled: recorded anyway when a request decision already makes it mandatory.
            acted = [d for d in ex.decisions if d.action is not Action.ALLOW]
            if not acted or not any(k in policy.always for k in classify(acted, "success", 200)):
                return None
        sse = headers.get("Content-Type", "").startswith("text/event-stream")
        return AnswerTap(cfg.max_answer_bytes, sse, status)

    def observe(self, ex: Exchange, outcome: str, status: int) -> None:
        """Observer: exchanges that never reached the finishers (client gone, draining)."""
        if ex.audited or self._closed:
            return
        table = self._tables.get(ex.config_version) or self._table_for(ex.config_version)
        policy = table.get(ex.route)
        kinds = classify(ex.decisions, outcome, status)
        why = [k for k in kinds if k in policy.always]
        if not why and not (policy.threshold and _point(ex) < policy.threshold):
            return
        self.sink.enqueue(
            self._record(ex, outcome, status, table, policy, kinds, why or ["sample"]), bool(why)
        )

    def _record(
        self,
        ex: Exchange,
        outcome: str,
        status: int,
        table: PolicyTable,
        policy: RoutePolicy,
        kinds: tuple[str, ...],
        why: list[str],
    ) -> PendingExchange:
        return exchange_record(
            ex, outcome, status, table, policy, kinds, why, headers=self._headers, bodies=self.cfg.bodies
        )

    async def _write_now(self, pending: PendingExchange) -> bool:
        t0 = time.perf_counter()
        if pending.text_chars() <= INLINE_TEXT_CHARS:
            ok = self._finalize_commit(pending)
        else:
            ok = await asyncio.get_running_loop().run_in_executor(None, self._finalize_commit, pending)
        metrics.audit_write_seconds.observe(time.perf_counter() - t0)
        return ok

    def _unrecordable(self, ex: Exchange, why: list[str], exc: Exception) -> bool:
        """A mandatory record that could not be built: count it as lost (the status and
        /metrics say so, never "healthy, lost 0") and put a minimal `record_error` in the
        chain so the log itself shows the hole. Returns False: the record is not written."""
        log.error("audit record of %s failed: %s", jsonsafe.clean_text(ex.request_id), type(exc).__name__)
        self.sink.record_failed(mandatory=True)
        stub = {
            "kind": "record_error",
            "ts": round(time.time(), 6),
            "request_id": ex.request_id,
            "route": ex.route or None,
            "why": why,
            "error": type(exc).__name__,
        }
        self.sink.commit([stub], mandatory=True)
        return False

    def _finalize_commit(self, pending: PendingExchange) -> bool:
        return self.sink.commit([self._finalize(pending)], mandatory=True)

    def _finalize(self, pending: PendingExchange) -> dict[str, Any]:
        if pending.record["kind"] != "exchange":
            return pending.record
        return finalize(pending, self.cfg.max_text_chars, self.cfg.bodies)

    # -- other modules' records ------------------------------------------------------------

    def emit(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        route: str | None = None,
        request_id: str | None = None,
        mandatory: bool = True,
    ) -> bool:
        """Record a `rollout`, `alert` or `shadow_divergence` event; True once written (or queued).

        Strings in the payload are PII-redacted. A mandatory record is written before this
        returns. For shadow_divergence with a route, the route's policy decides: written
        when `always` lists it, else sampled by request id like an exchange, else skipped.
        """
        if kind not in EMIT_KINDS:
            raise ValueError(f"unknown audit record kind {kind!r}; expected one of {sorted(EMIT_KINDS)}")
        if kind == "shadow_divergence" and route is not None:
            policy = self._table_for(self.gw.current.version).get(route)
            if "shadow_divergence" in policy.always:
                mandatory = True
            elif request_id is not None and sample_point(request_id) < policy.threshold:
                mandatory = False
            else:
                return True
        rec = {"kind": kind, "ts": round(time.time(), 6), "route": route, "request_id": request_id}
        rec["data"] = redact_tree(payload)
        if mandatory:
            return self.sink.commit([rec], mandatory=True)
        self.sink.enqueue(PendingExchange(rec, [], []))
        return True

    # -- reloads ---------------------------------------------------------------------------

    def on_reload(self, result: Any, source: str) -> None:
        """An applied reload: a config_change record with the summary of what changed."""
        old, new = self._loaded, self.gw.current.loaded
        self._loaded = new
        changes = config_changes(old.config, new.config)
        new_cfg = new.config.audit
        if new_cfg is None:
            changes["restart_required"] = ["audit"]  # removing the audit log needs a restart
        else:
            # Policy settings apply now; the writer's own settings wait for a restart.
            restart = [f"audit.{k}" for k in _RESTART_FIELDS if getattr(new_cfg, k) != getattr(self.cfg, k)]
            if restart:
                changes["restart_required"] = restart
            self.cfg = new_cfg.model_copy(update={k: getattr(self.cfg, k) for k in _RESTART_FIELDS})
            self.fail_closed = self.cfg.on_failure == "fail_closed"
            self._headers = list(self.cfg.headers)
        self._table_for(new.version)
        rec = {
            "kind": "config_change",
            "ts": round(time.time(), 6),
            "source": source,
            "result": "applied",
            "old_version": old.version,
            "new_version": new.version,
            "config_path": new.path,
            "changes": changes,
        }
        self.sink.commit([rec], mandatory=True)

    def on_reload_rejected(self, result: Any, source: str) -> None:
        rec = {
            "kind": "config_change",
            "ts": round(time.time(), 6),
            "source": source,
            "result": "rejected",
            "old_version": self.gw.current.version,
            "new_version": None,
            "config_path": self._loaded.path,
            "errors": [str(e)[:500] for e in list(result.errors)[:20]],
        }
        self.sink.commit([rec], mandatory=True)

    def _table_for(self, version: str) -> PolicyTable:
        """Policies of a config generation; a request finishing on a retired one gets the newest."""
        table = self._tables.get(version)
        if table is not None:
            return table
        gen = self.gw.current
        table = self._tables.get(gen.version) or build_table(gen, self.cfg)
        self._tables[gen.version] = table
        self._tables[version] = table
        while len(self._tables) > _TABLES_KEPT:
            del self._tables[next(iter(self._tables))]
        return table

    # -- status ---------------------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        """False when mandatory records cannot be written and the policy is fail_closed."""
        return not (self.fail_closed and self.writer.failing_since is not None)

    def status(self) -> dict[str, Any]:
        w = self.writer
        return {
            "path": str(w.dir),
            "file": w.file,
            "slot": w.slot,
            "seq": w.seq,
            "head": w.last_hash,
            "alg": w.sealer.alg,
            "healthy": w.failing_since is None and not self.sink.unrecorded["mandatory"],
            "failing_since": w.failing_since,
            "last_error": w.last_error,
            "lost": {k: n + self.sink.unrecorded[k] for k, n in w.lost.items()},
            "record_errors": dict(self.sink.unrecorded),
            "on_failure": self.cfg.on_failure,
            "queue": self.sink.queued,
            "dropped": self.sink.dropped,
            "write_errors": self.sink.write_errors,
            "records": dict(self.sink.written),
        }


def _point(ex: Exchange) -> int:
    """The exchange's sampling point, hashed once (the answer tap and the finisher both ask)."""
    point = ex.audit_point
    if point is None:
        point = ex.audit_point = sample_point(ex.request_id)
    return point


def install(gw: Gateway) -> AuditLog | None:
    """Build the audit log the config asks for and hook it into the gateway (None: no audit)."""
    cfg = gw.current.loaded.config.audit
    if cfg is None:
        return None
    audit = AuditLog(cfg, gw)
    gw.finishers.append(audit.finish)
    gw.observers.append(audit.observe)
    gw.answer_tap = audit.answer_tap
    gw.on_reload.append(audit.on_reload)
    gw.on_reload_rejected.append(audit.on_reload_rejected)
    audit.start()
    return audit


async def _admin_status(request: web.Request) -> web.Response:
    gw: Gateway = request.app[GATEWAY]
    if gw.audit is None:
        return web.json_response({"enabled": False})
    return web.json_response({"enabled": True, "ready": gw.audit.ready, **gw.audit.status()})


def register_admin(app: web.Application) -> None:
    """GET /admin/audit: the chain head, health, loss and queue counters."""
    app.router.add_get("/admin/audit", _admin_status)
