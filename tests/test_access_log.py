"""The access log writer (gateway/dataplane/access_log.py): one JSON line per request, written
by a thread, flushed on shutdown, bounded, and counting what it drops instead of blocking."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import orjson
import pytest
from prometheus_client import REGISTRY

from gateway.dataplane import access_log
from gateway.dataplane.access_log import AccessLogWriter
from gateway.devtools.mockllm import start_mock
from tests.harness import free_port, running_gateway

FIELDS = {
    "ts",
    "request_id",
    "method",
    "path",
    "route",
    "principal",
    "upstream",
    "status",
    "outcome",
    "action",
    "duration_ms",
    "upstream_ms",
    "degraded",
    "error",
}
REPO = Path(__file__).resolve().parent.parent
CHAT = {"model": "m", "messages": [{"role": "user", "content": "hello"}]}
YAML = """
version: 1
upstreams:
  mock: {url: MOCK_URL}
routes:
  - name: chat
    match: {path: /v1/chat/completions}
    protocol: openai-chat
    upstream: mock
"""


def dropped_total() -> float:
    return REGISTRY.get_sample_value("aigw_access_log_dropped_total") or 0.0


def json_lines(data: bytes) -> list[dict]:
    return [orjson.loads(line) for line in data.splitlines() if line.startswith(b'{"ts"')]


async def test_lines_are_written_by_the_gateway_and_flushed_by_its_shutdown(tmp_path: Path) -> None:
    path = tmp_path / "access.log"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    # A batch delay of a minute: only the shutdown's flush can have written these lines.
    access_log.install(fd, batch_delay_s=60.0)
    try:
        async with running_gateway(YAML) as gw:
            for i in range(3):
                headers = {"x-request-id": f"req-{i}"}
                async with gw.client.post(gw.url + "/v1/chat/completions", json=CHAT, headers=headers) as r:
                    assert r.status == 200
            async with gw.client.post(gw.url + "/v1/nowhere", json=CHAT) as r:
                assert r.status == 404
            assert path.read_bytes() == b""  # still buffered
        lines = json_lines(path.read_bytes())
    finally:
        access_log.close()
        os.close(fd)
    assert len(lines) == 4
    assert all(set(line) == FIELDS for line in lines)
    assert [line["request_id"] for line in lines[:3]] == ["req-0", "req-1", "req-2"]
    ok, missing = lines[0], lines[3]
    assert (ok["status"], ok["outcome"], ok["route"], ok["upstream"], ok["method"]) == (
        200,
        "success",
        "chat",
        "mock",
        "POST",
    )
    assert ok["duration_ms"] > 0 and ok["upstream_ms"] > 0 and ok["path"] == "/v1/chat/completions"
    assert (missing["status"], missing["route"], missing["error"]) == (404, None, "no_route")


def test_aigw_run_writes_one_line_per_request_to_stderr_and_flushes_on_sigterm(tmp_path: Path) -> None:
    async def scenario() -> bytes:
        runner, _mock, mock_port = await start_mock()
        cfg = tmp_path / "gw.yaml"
        port = free_port()
        cfg.write_text(
            "version: 1\n"
            + f'server: {{listen: "127.0.0.1:{port}", admin_listen: "127.0.0.1:{free_port()}", drain_grace_s: 1}}\n'
            + YAML.replace("version: 1\n", "").replace("MOCK_URL", f"http://127.0.0.1:{mock_port}")
        )
        env = {**os.environ, "AIGW_ADMIN_TOKEN": "t"}
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "gateway.cli", "run", "-c", str(cfg),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=REPO,
        )  # fmt: skip
        try:
            async with aiohttp.ClientSession() as client:
                url = f"http://127.0.0.1:{port}"
                for _ in range(200):
                    try:
                        async with client.get(url + "/healthz") as r:
                            if r.status == 200:
                                break
                    except aiohttp.ClientConnectionError:
                        await asyncio.sleep(0.05)
                for i in range(20):
                    headers = {"x-request-id": f"sub-{i}"}
                    async with client.post(url + "/v1/chat/completions", json=CHAT, headers=headers) as r:
                        assert r.status == 200
            proc.send_signal(signal.SIGTERM)  # right away: the last lines are still buffered
            _, err = await asyncio.wait_for(proc.communicate(), 30)
            assert proc.returncode == 0, err.decode()[-2000:]
            return err
        finally:
            if proc.returncode is None:
                proc.kill()
            await runner.cleanup()

    lines = json_lines(asyncio.run(scenario()))
    assert [line["request_id"] for line in lines] == [f"sub-{i}" for i in range(20)]
    assert all(set(line) == FIELDS and line["status"] == 200 for line in lines)


def test_a_full_buffer_drops_and_counts_lines_and_never_blocks() -> None:
    r, w = os.pipe()  # nobody reads: the writer thread blocks once the pipe (64 KiB) is full
    writer = AccessLogWriter(w, max_pending=8, batch_delay_s=0.001)
    try:
        before = dropped_total()
        line = b"x" * 16384
        t0 = time.perf_counter()
        for _ in range(200):
            writer.write(line)
        took = time.perf_counter() - t0
        assert took < 0.5  # 200 writes with a stalled reader: never waited on it
        assert writer.dropped >= 150  # kept: the bound (8), what fit into the pipe, one blocked batch
        assert dropped_total() - before == writer.dropped
    finally:
        os.set_blocking(r, False)
        got = 0
        deadline = time.monotonic() + 10
        while writer._thread.is_alive() and time.monotonic() < deadline:  # drain so close() can finish
            try:
                got += len(os.read(r, 1 << 20))
            except BlockingIOError:
                writer._closing = True
                time.sleep(0.01)
        with contextlib.suppress(BlockingIOError):
            while chunk := os.read(r, 1 << 20):  # what the thread wrote just before it ended
                got += len(chunk)
        assert writer.close(1.0)  # the thread has ended: releases its wake-up pipe
        os.close(r)
        os.close(w)
    assert got == (200 - writer.dropped) * (len(line) + 1)  # what was not dropped was written whole


def test_a_failing_write_counts_the_lost_lines_and_the_writer_goes_on() -> None:
    r, w = os.pipe()
    os.close(r)  # EPIPE on write (Python ignores SIGPIPE)
    writer = AccessLogWriter(w, batch_delay_s=0.001)
    before = dropped_total()
    for i in range(5):
        writer.write(b'{"n": %d}' % i)
    assert writer.close(5.0)
    os.close(w)
    assert writer.dropped == 5
    assert dropped_total() - before == 5


def test_without_the_writer_lines_go_to_the_aigw_access_logger(caplog: pytest.LogCaptureFixture) -> None:
    from gateway.exchange import Exchange

    caplog.set_level("INFO", logger="aigw.access")
    assert access_log.close()  # nothing installed
    ex = Exchange("rid-1", "GET", "/v1/models", {}, b"")
    access_log.emit(ex.summarize("success", 200))
    [record] = [r for r in caplog.records if r.name == "aigw.access"]
    line = orjson.loads(record.getMessage())
    assert set(line) == FIELDS and line["request_id"] == "rid-1" and line["upstream_ms"] is None


def test_use_fd_starts_the_writer_with_the_first_line(tmp_path: Path) -> None:
    """`aigw run` names stderr up front; a config with `access_log: false` never starts the thread."""
    from gateway.exchange import Exchange

    path = tmp_path / "access.log"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        access_log.use_fd(fd)
        assert access_log._writer is None  # nothing logged yet: no thread
        access_log.emit(Exchange("rid-2", "GET", "/v1/models", {}, b"").summarize("success", 200))
        assert access_log._writer is not None and access_log._writer.fd == fd
        assert access_log.close()
        assert access_log._writer is None and access_log._deferred_fd is None
    finally:
        os.close(fd)
    [line] = json_lines(path.read_bytes())
    assert line["request_id"] == "rid-2" and set(line) == FIELDS


def test_two_writers_on_one_pipe_never_interleave_lines() -> None:
    """The workers of `workers: 2` share one stderr pipe: every line arrives whole."""
    import threading

    r, w = os.pipe()
    received = bytearray()
    reader = threading.Thread(target=lambda: _read_all(r, received))
    reader.start()
    writers = [AccessLogWriter(w, batch_delay_s=0.001) for _ in range(2)]
    try:
        for i in range(3000):
            for k, writer in enumerate(writers):
                writer.write(orjson.dumps({"writer": k, "n": i, "pad": "x" * (i % 300)}))
    finally:
        for writer in writers:
            assert writer.close(10.0)
        os.close(w)
        reader.join(10)
        os.close(r)
    lines = [orjson.loads(line) for line in bytes(received).splitlines()]  # each one whole
    for k in (0, 1):
        assert [x["n"] for x in lines if x["writer"] == k] == list(range(3000))


def _read_all(fd: int, into: bytearray) -> None:
    while chunk := os.read(fd, 65536):
        into += chunk
