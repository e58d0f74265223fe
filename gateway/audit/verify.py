"""Reading and verifying audit files: every link, every hash (or HMAC), every file boundary.

A chain is the files of one slot in seq order. A record is broken when its line is not
complete JSON, its hash does not match its content (edited), its seq does not follow the
previous one (deleted, inserted or reordered) or its `prev` is not the previous record's
hash. Each file must open with a `rotation` record naming itself, the previous file and
that file's last hash. A line cut short at the end of a file is accepted only when the next
file's header acknowledges exactly those bytes (a crash during a failing write); the
header is itself chained, so nobody can add that acknowledgement later without the chain
breaking.

Reading is streaming: one line in memory at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from gateway.audit.chain import FILE_RE, GENESIS, Sealer, canonical, chain_files


@dataclass(slots=True)
class Line:
    file: Path
    lineno: int
    raw: bytes
    record: dict[str, Any] | None  # None: not a complete JSON object line


@dataclass(slots=True)
class Break:
    file: str
    lineno: int
    seq: int | None
    reason: str
    raw: str


@dataclass(slots=True)
class ChainReport:
    slot: int
    files: int = 0
    records: int = 0
    first_seq: int | None = None
    last_seq: int | None = None
    head: str | None = None
    alg: str | None = None
    last_kind: str | None = None
    broken: Break | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.broken is None


class KeyRequired(Exception):
    """The log is HMAC-keyed and no key was given: its hashes cannot be checked."""


def resolve(path: str | Path) -> dict[int, list[Path]]:
    """The chains under a path: a directory of audit files, or one file."""
    p = Path(path)
    if p.is_dir():
        return chain_files(p)
    if p.is_file():
        m = FILE_RE.match(p.name)
        return {int(m.group(1)) if m else 0: [p]}
    return {}


def iter_lines(files: list[Path]) -> Iterator[Line]:
    for path in files:
        with open(path, "rb") as fh:
            for lineno, raw in enumerate(fh, 1):
                rec = None
                if raw.endswith(b"\n"):
                    try:
                        doc = orjson.loads(raw)
                        rec = doc if isinstance(doc, dict) else None
                    except orjson.JSONDecodeError:
                        rec = None
                yield Line(path, lineno, raw, rec)


def iter_records(path: str | Path) -> Iterator[tuple[int, dict[str, Any], bytes]]:
    """(slot, record, raw line) of every readable record, chain by chain, in seq order."""
    for slot, files in resolve(path).items():
        for line in iter_lines(files):
            if line.record is not None:
                yield slot, line.record, line.raw


def verify_chain(slot: int, files: list[Path], key: bytes | None, *, partial: bool = False) -> ChainReport:
    """Check one chain; stop at the first broken record. Raises KeyRequired."""
    report = ChainReport(slot=slot, files=len(files))
    sealer = Sealer(key)
    prev_hash: str | None = None
    prev_seq: int | None = None
    prev_file: str | None = None
    torn: tuple[Line, int] | None = None  # a cut-short last line, waiting for the next header
    current: Path | None = None

    def broken(line: Line, reason: str, seq: int | None = None) -> ChainReport:
        raw = line.raw.decode("utf-8", "replace").rstrip("\n")
        report.broken = Break(line.file.name, line.lineno, seq, reason, raw[:4000])
        return report

    for line in iter_lines(files):
        new_file = line.file != current
        if new_file and current is not None:
            prev_file = current.name
        current = line.file
        if torn is not None and not new_file:
            return broken(torn[0], "incomplete line in the middle of a file")
        rec = line.record
        if rec is None:
            if not line.raw.endswith(b"\n"):
                torn = (line, len(line.raw))
                continue
            return broken(line, "not a JSON record")
        digest = rec.pop("hash", None)
        seq = rec.get("seq")
        if not isinstance(digest, str) or not isinstance(seq, int) or not isinstance(rec.get("prev"), str):
            return broken(line, "missing hash, seq or prev", seq if isinstance(seq, int) else None)
        if new_file:
            err = _check_header(rec, line.file.name, prev_file, sealer, key is not None)
            if err:
                return broken(line, err, seq)
            if torn is not None:
                if rec.get("recovered") != {"file": torn[0].file.name, "torn_bytes": torn[1]}:
                    return broken(torn[0], "incomplete last line (file truncated?)")
                report.notes.append(
                    f"{torn[0].file.name}: {torn[1]} bytes of an interrupted write, acknowledged by the next file"
                )
                torn = None
            report.alg = report.alg or rec.get("alg")
        if sealer.digest(canonical(rec)) != digest:
            return broken(line, "hash mismatch: the record was edited (or the key is wrong)", seq)
        if prev_seq is None:
            if (seq != 1 or rec["prev"] != GENESIS) and not partial:
                return broken(
                    line,
                    f"chain starts at seq {seq}, not at the genesis record: earlier records missing",
                    seq,
                )
            report.first_seq = seq
        else:
            if seq != prev_seq + 1:
                return broken(line, f"seq {seq} follows seq {prev_seq}: records deleted or reordered", seq)
            if rec["prev"] != prev_hash:
                return broken(line, "prev is not the hash of the previous record", seq)
        prev_seq, prev_hash = seq, digest
        report.records += 1
        report.last_seq, report.head, report.last_kind = seq, digest, rec.get("kind")
    if torn is not None:
        return broken(torn[0], "incomplete last line (file truncated?)")
    return report


def _check_header(
    rec: dict[str, Any], name: str, prev_file: str | None, sealer: Sealer, keyed: bool
) -> str | None:
    if rec.get("kind") != "rotation":
        return "a file must start with a rotation record (file renamed, or its head deleted?)"
    if rec.get("file") != name:
        return f"the rotation record names file {rec.get('file')!r}, not this one (renamed?)"
    if rec.get("previous_hash") != rec.get("prev"):
        return "the rotation record's previous_hash is not its prev link"
    if prev_file is not None and rec.get("previous_file") != prev_file:
        return f"previous file should be {prev_file!r} but the record names {rec.get('previous_file')!r}"
    alg = rec.get("alg")
    if alg == "hmac-sha256" and not keyed:
        raise KeyRequired(f"{name}: the log is keyed (hmac-sha256); give the key (--hmac-key-env)")
    if alg != sealer.alg:
        return f"the log says {alg} but a key was given: rewritten without the key?"
    return None


def verify_path(path: str | Path, key: bytes | None, *, partial: bool = False) -> list[ChainReport]:
    return [verify_chain(slot, files, key, partial=partial) for slot, files in resolve(path).items()]
