"""The hash chain on disk: canonical JSON, sealing, rotated append-only files, chain recovery.

Every record carries `seq`, `prev` (the previous record's hash) and `hash`, computed over
the canonical JSON (orjson, sorted keys) of the record without `hash`: SHA-256, or
HMAC-SHA256 when a key is configured so that only key holders can forge a chain. Editing,
deleting or reordering any record breaks a link that `aigw audit verify` reports.

Files are `audit-<slot>-<first seq>-<UTC stamp>.jsonl`. A slot is one chain: a process
holds its slot with an exclusive flock, so SO_REUSEPORT workers (or two gateways wrongly
pointed at one directory) never interleave one chain, and a restarted process takes the
freed slot and continues that chain. Every file starts with a `rotation` record naming the
previous file and its last hash.

Writes are one os.write of whole lines on an O_APPEND fd: once it returns, the records are
in the page cache and survive a killed process (not a power loss: there is no fsync).
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import hmac
import os
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from gateway import jsonsafe

GENESIS = "0" * 64
FILE_RE = re.compile(r"^audit-(\d+)-(\d{12})-(\d{8}T\d{6}Z)\.jsonl$")
MAX_SLOTS = 64
_TAIL_CHUNK = 65536
_TAIL_LIMIT = 64 * 1024 * 1024


def canonical(rec: Mapping[str, Any]) -> bytes:
    """The bytes a record's hash covers: compact JSON with sorted keys. Text that is not
    valid UTF-8 (a client's header bytes) is escaped by gateway/jsonsafe.py, never a reason
    to lose the record; verify re-reads the escaped text, so the hash still matches."""
    return jsonsafe.dumps(rec, option=orjson.OPT_SORT_KEYS)


class Sealer:
    """Computes record digests: SHA-256, or HMAC-SHA256 with a key."""

    def __init__(self, key: bytes | None = None) -> None:
        self.key = key or None
        self.alg = "hmac-sha256" if self.key else "sha256"

    def digest(self, data: bytes) -> str:
        if self.key is not None:
            return hmac.new(self.key, data, hashlib.sha256).hexdigest()
        return hashlib.sha256(data).hexdigest()


def seal(rec: dict[str, Any], seq: int, prev: str, sealer: Sealer) -> tuple[bytes, str]:
    """Set seq/prev, hash the canonical form, return the JSONL line and the hash.

    The line is the canonical bytes with `hash` appended as the last key: verify parses the
    line, drops `hash` and re-canonicalizes, so the key order on disk does not matter.
    """
    rec["seq"] = seq
    rec["prev"] = prev
    body = canonical(rec)
    digest = sealer.digest(body)
    return body[:-1] + b',"hash":"' + digest.encode() + b'"}\n', digest


def file_name(slot: int, first_seq: int, now: float) -> str:
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now))
    return f"audit-{slot}-{first_seq:012d}-{stamp}.jsonl"


def chain_files(directory: Path) -> dict[int, list[Path]]:
    """Audit files per slot, oldest first (by the first seq in the name)."""
    out: dict[int, list[tuple[int, Path]]] = {}
    try:
        entries = list(directory.iterdir())
    except OSError:
        return {}
    for p in entries:
        m = FILE_RE.match(p.name)
        if m:
            out.setdefault(int(m.group(1)), []).append((int(m.group(2)), p))
    return {slot: [p for _, p in sorted(files)] for slot, files in sorted(out.items())}


@dataclass(slots=True)
class Tail:
    """Where a chain left off: the last complete record of the newest file that has one."""

    seq: int = 0
    hash: str = GENESIS
    file: str | None = None
    torn_bytes: int = 0  # bytes after the last newline (a write cut short by a crash)


def read_tail(files: list[Path]) -> Tail:
    """Find the last complete record, newest file first, reading backwards in chunks."""
    for path in reversed(files):
        try:
            with open(path, "rb") as fh:
                size = fh.seek(0, os.SEEK_END)
                buf = b""
                pos = size
                while pos > 0 and buf.count(b"\n") < 2 and size - pos < _TAIL_LIMIT:
                    step = min(_TAIL_CHUNK, pos)
                    pos -= step
                    fh.seek(pos)
                    buf = fh.read(step) + buf
        except OSError:
            continue
        end = buf.rfind(b"\n")
        if end < 0:
            continue
        torn = len(buf) - end - 1
        start = buf.rfind(b"\n", 0, end) + 1
        try:
            rec = orjson.loads(buf[start:end])
            return Tail(int(rec["seq"]), str(rec["hash"]), path.name, torn)
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError):
            continue
    return Tail()


class ChainWriter:
    """Appends sealed records to the chain of one slot; thread-safe, one lock per commit.

    `commit` either writes every record of the batch or none (a short write is truncated
    back), so seq and prev only advance for records that are really on disk. The first
    write after a failure starts with an `audit_gap` record saying since when and how many
    records were lost, so the log itself shows the hole.
    """

    def __init__(
        self,
        directory: str | Path,
        sealer: Sealer,
        *,
        rotate_bytes: int = 64 << 20,
        rotate_s: float = 86400.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.dir = Path(directory)
        self.sealer = sealer
        self.rotate_bytes = rotate_bytes
        self.rotate_s = rotate_s
        self.clock = clock
        self.lock = threading.Lock()
        self.slot: int | None = None
        self._lock_fd: int | None = None
        self._fd: int | None = None
        self.file: str | None = None
        self._size = 0
        self._opened_at = 0.0
        self._torn = False
        self.seq = 0
        self.last_hash = GENESIS
        self.last_file: str | None = None
        self.recovered: dict[str, Any] | None = None
        self.failing_since: float | None = None
        self.last_error: str | None = None
        self.lost = {"mandatory": 0, "sampled": 0}
        self.closed = False

    # -- opening -------------------------------------------------------------------------

    def prepare(self) -> None:
        """Claim the slot now (so the startup record can name it); failures surface on commit."""
        with self.lock:
            if self.slot is None:
                try:
                    self._claim_slot()
                except OSError:
                    pass

    def _claim_slot(self) -> None:
        """Take the first free slot (flock); continue that slot's chain from its tail."""
        self.dir.mkdir(parents=True, exist_ok=True)
        for slot in range(MAX_SLOTS):
            fd = os.open(self.dir / f".audit-{slot}.lock", os.O_RDWR | os.O_CREAT, 0o640)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            self.slot, self._lock_fd = slot, fd
            tail = read_tail(chain_files(self.dir).get(slot, []))
            self.seq, self.last_hash, self.last_file = tail.seq, tail.hash, tail.file
            if tail.torn_bytes:
                self.recovered = {"file": tail.file, "torn_bytes": tail.torn_bytes}
            return
        raise OSError(errno.EBUSY, f"all {MAX_SLOTS} audit slots in {self.dir} are held by other processes")

    def _open_file(self, reason: str) -> dict[str, Any]:
        """Open the next file of the chain; return its leading `rotation` record."""
        if self.slot is None:
            self._claim_slot()
        assert self.slot is not None
        now = self.clock()
        name = file_name(self.slot, self.seq + 1, now)
        fd = os.open(self.dir / name, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL, 0o640)
        if self._fd is not None:
            os.close(self._fd)
        self._fd, self.file, self._size, self._opened_at, self._torn = fd, name, 0, now, False
        header: dict[str, Any] = {
            "kind": "rotation",
            "ts": round(now, 6),
            "reason": reason,
            "file": name,
            "previous_file": self.last_file,
            "previous_hash": self.last_hash,
            "alg": self.sealer.alg,
        }
        if reason in ("start", "reopen") and self.recovered:
            header["recovered"] = self.recovered
        return header

    def _rotation_due(self) -> str | None:
        if self._fd is None or self._torn:
            return "start" if self.file is None else "reopen"
        if self._size >= self.rotate_bytes:
            return "size"
        if self.clock() - self._opened_at >= self.rotate_s:
            return "age"
        return None

    # -- writing -------------------------------------------------------------------------

    def commit(self, records: list[dict[str, Any]], *, mandatory: bool = True) -> list[dict[str, Any]] | None:
        """Seal and append a batch; the records written (with headers/gap), or None on failure."""
        with self.lock:
            if self.closed:
                return None
            seq0, hash0, fd0 = self.seq, self.last_hash, self._fd
            batch: list[dict[str, Any]] = []
            try:
                reason = self._rotation_due()
                if reason is not None:
                    batch.append(self._open_file(reason))
                if self.failing_since is not None:
                    batch.append(self._gap_record())
                batch.extend(records)
                parts = []
                seq, prev = self.seq, self.last_hash
                for rec in batch:
                    seq += 1
                    line, prev = seal(rec, seq, prev, self.sealer)
                    parts.append(line)
                self._write(b"".join(parts))
            except OSError as exc:
                self.seq, self.last_hash = seq0, hash0
                if self._fd is not fd0 and self._fd is not None and self._size == 0:
                    # A fresh file we could not fill: drop it so an empty file never breaks a chain.
                    self._discard_new_file()
                self._failed(exc, len(records), mandatory)
                return None
            self.seq, self.last_hash, self.last_file = seq, prev, self.file
            self.recovered = None
            if self.failing_since is not None:
                self.failing_since, self.last_error = None, None
                self.lost = {"mandatory": 0, "sampled": 0}
            return batch

    def _write(self, data: bytes) -> None:
        assert self._fd is not None
        view = memoryview(data)
        written = 0
        try:
            while written < len(data):
                n = os.write(self._fd, view[written:])
                if n <= 0:
                    raise OSError(errno.ENOSPC, "short write")
                written += n
        except OSError:
            if written:
                try:
                    os.ftruncate(self._fd, self._size)
                except OSError:
                    # Never append after a torn line: the next commit opens a new file whose
                    # header names the torn bytes, so verify can tell a crash from tampering.
                    self._torn = True
                    self.recovered = {"file": self.file, "torn_bytes": written}
            raise
        self._size += written

    def _discard_new_file(self) -> None:
        try:
            assert self._fd is not None and self.file is not None
            os.close(self._fd)
            os.unlink(self.dir / self.file)
        except OSError:
            pass
        self._fd, self.file = None, self.last_file

    def _gap_record(self) -> dict[str, Any]:
        return {
            "kind": "audit_gap",
            "ts": round(self.clock(), 6),
            "since": self.failing_since,
            "error": self.last_error,
            "lost": dict(self.lost),
        }

    def _failed(self, exc: OSError, n: int, mandatory: bool) -> None:
        if self.failing_since is None:
            self.failing_since = round(self.clock(), 6)
        self.last_error = f"{type(exc).__name__}: {exc.strerror or exc}"
        self.lost["mandatory" if mandatory else "sampled"] += n

    def close(self) -> None:
        """Release the file and the slot; later commits are refused (None), never reopened."""
        with self.lock:
            self.closed = True
            for fd in (self._fd, self._lock_fd):
                if fd is not None:
                    try:
                        os.close(fd)
                    except OSError:
                        pass
            self._fd = self._lock_fd = None
