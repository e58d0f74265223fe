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
        self.stopping = False

    def _spawn(self) -> None:
        cmd = [sys.executable, "-m", "gateway.cli", "_worker", "-c", self.config_path]
        proc = subprocess.Popen(cmd, env=os.environ.copy())
        self.procs[proc.pid] = proc
        log.info("worker %d started", proc.pid)

    def signal_workers(self, sig: int) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(sig)

    async def watch(self) -> None:
        """Restart workers that exit while we are not stopping."""
        from gateway import metrics

        while not self.stopping:
            for pid, proc in list(self.procs.items()):
                if proc.poll() is not None:
                    del self.procs[pid]
                    metrics.mark_process_dead(pid)
                    if not self.stopping:
                        log.warning("worker %d exited with %s; restarting", pid, proc.returncode)
                        await asyncio.sleep(0.5)
                        self._spawn()
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
