"""`workers: N > 1`: a supervisor process and N data-plane workers sharing the port.

Each worker binds the data port with SO_REUSEPORT, so the kernel spreads connections over
them. The supervisor serves the admin plane: /metrics aggregates every worker's files
(prometheus-client multiprocess mode, set up before any worker imports the client), and a
reload is validated by the supervisor first and only then fanned out to the workers with
SIGHUP, so an invalid file is rejected once and no worker ever drops its config. A worker
that dies is restarted; SIGTERM drains all of them.
"""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

log = logging.getLogger("aigw.supervisor")

# A worker that cannot bind the data port exits with this code (gateway/cli.py), so the
# supervisor can say why it is restarting it.
EXIT_CANNOT_LISTEN = 3
# A worker that lived this long was healthy: its exit starts the backoff over.
HEALTHY_AFTER_S = 10.0


def restart_delay(failures: int, base_s: float = 0.5, cap_s: float = 30.0) -> float:
    """Seconds before restarting a worker after `failures` quick exits in a row (1, 2, ...).

    0.5 s, 1 s, 2 s, ... up to 30 s: a worker that crashes at start (a port held by another
    process, a config the worker cannot load) is retried ~2 times a minute instead of twice
    a second forever, and one that crashed once after a healthy run is back in half a second.
    """
    return min(cap_s, base_s * 2 ** max(0, failures - 1))


def supervise(config_path: str, workers: int) -> int:
    """Re-exec with PROMETHEUS_MULTIPROC_DIR set, so no module saw the client unconfigured.

    exec (not a child process) keeps the PID, so SIGTERM/SIGHUP from an orchestrator reach
    the supervisor directly. The supervisor removes the directory when it exits.
    """
    mp_dir = tempfile.mkdtemp(prefix="aigw-metrics-")
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": mp_dir, "AIGW_OWN_METRICS_DIR": "1"}
    cmd = [sys.executable, "-m", "gateway.cli", "_supervise", "-c", config_path, "--workers", str(workers)]
    os.execve(sys.executable, cmd, env)
    return 0  # not reached


class Supervisor:
    def __init__(self, config_path: str, workers: int) -> None:
        self.config_path = config_path
        self.n = workers
        self.procs: dict[int, subprocess.Popen[bytes]] = {}
        self.started: dict[int, float] = {}  # pid -> monotonic start time
        self.failures = 0  # quick exits in a row (see restart_delay)
        self.restart_at: list[float] = []  # monotonic times at which a replacement is due
        self.stopping = False

    def _spawn(self) -> None:
        cmd = [sys.executable, "-m", "gateway.cli", "_worker", "-c", self.config_path]
        proc = subprocess.Popen(cmd, env=os.environ.copy())
        self.procs[proc.pid] = proc
        self.started[proc.pid] = time.monotonic()
        log.info("worker %d started", proc.pid)

    def signal_workers(self, sig: int) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(sig)

    def reap(self, now: float) -> None:
        """Collect exited workers and schedule their replacements (with backoff)."""
        from gateway import metrics

        for pid, proc in list(self.procs.items()):
            code = proc.poll()
            if code is None:
                continue
            del self.procs[pid]
            lived = now - self.started.pop(pid, now)
            metrics.mark_process_dead(pid)
            if self.stopping:
                continue
            self.failures = 1 if lived >= HEALTHY_AFTER_S else self.failures + 1
            delay = restart_delay(self.failures)
            why = "cannot listen on the data port" if code == EXIT_CANNOT_LISTEN else f"exit code {code}"
            log.warning("worker %d exited (%s) after %.1fs; restarting in %.1fs", pid, why, lived, delay)
            self.restart_at.append(now + delay)

    def respawn_due(self, now: float) -> None:
        due = [t for t in self.restart_at if t <= now]
        self.restart_at = [t for t in self.restart_at if t > now]
        for _ in due:
            if not self.stopping:
                self._spawn()

    async def watch(self) -> None:
        """Restart workers that exit while we are not stopping, backing off on crash loops."""
        while not self.stopping:
            now = time.monotonic()
            self.reap(now)
            self.respawn_due(now)
            await asyncio.sleep(0.2)

    async def stop(self, grace_s: float) -> None:
        self.stopping = True
        self.signal_workers(signal.SIGTERM)
        deadline = time.monotonic() + grace_s + 5
        # Child processes have no awaitable exit here; poll them.
        while time.monotonic() < deadline and any(p.poll() is None for p in self.procs.values()):  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.kill()


async def run_supervisor(config_path: str, workers: int) -> int:
    from gateway.config import load_config
    from gateway.service.gateway import Gateway
    from gateway.service.server import Server

    env = dict(os.environ)
    loaded = load_config(config_path, env)
    sup = Supervisor(config_path, workers)
    gw = Gateway(loaded, env, data_plane=False)
    gw.on_reload.append(lambda result, source: sup.signal_workers(signal.SIGHUP))
    server = Server(gw, admin=True, data_plane=False)
    await server.start()
    for _ in range(workers):
        sup._spawn()
    watcher = asyncio.create_task(sup.watch())
    done = asyncio.Event()
    loop = asyncio.get_running_loop()

    async def shutdown() -> None:
        if done.is_set():
            return
        await sup.stop(gw.current.loaded.config.server.drain_grace_s)
        watcher.cancel()
        await server.shutdown()
        done.set()

    loop.add_signal_handler(signal.SIGTERM, lambda: asyncio.ensure_future(shutdown()))
    loop.add_signal_handler(signal.SIGINT, lambda: asyncio.ensure_future(shutdown()))
    loop.add_signal_handler(signal.SIGHUP, lambda: asyncio.ensure_future(gw.reload("sighup")))
    log.info(
        "supervisor %d: %d workers on %s, admin on %s",
        os.getpid(),
        workers,
        loaded.config.server.listen,
        loaded.config.server.admin_listen,
    )
    await done.wait()
    if os.environ.get("AIGW_OWN_METRICS_DIR") and os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
    return 0
