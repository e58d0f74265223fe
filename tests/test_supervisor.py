"""gateway/service/supervisor.py: restarts with backoff, so a crash loop does not spin."""

from __future__ import annotations

import pytest

from gateway.service import supervisor
from gateway.service.supervisor import EXIT_CANNOT_LISTEN, HEALTHY_AFTER_S, Supervisor, restart_delay


@pytest.mark.parametrize(
    ("failures", "delay"), [(1, 0.5), (2, 1.0), (3, 2.0), (6, 16.0), (7, 30.0), (50, 30.0)]
)
def test_restart_delay_doubles_up_to_a_cap(failures: int, delay: float) -> None:
    assert restart_delay(failures) == delay


class FakeProc:
    """Stands in for a worker process: `code` is None while it runs."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.code: int | None = None

    def poll(self) -> int | None:
        return self.code


class Recorder(Supervisor):
    def __init__(self) -> None:
        super().__init__("unused.yaml", 1)
        self.spawned: list[FakeProc] = []
        self.clock = 0.0

    def _spawn(self) -> None:
        proc = FakeProc(1000 + len(self.spawned))
        self.spawned.append(proc)
        self.procs[proc.pid] = proc  # type: ignore[assignment]
        self.started[proc.pid] = self.clock


def test_a_worker_that_cannot_listen_is_retried_with_growing_delays(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(supervisor, "restart_delay", restart_delay)
    sup = Recorder()
    sup._spawn()
    spawn_times = [0.0]
    # Each worker exits at once with "cannot listen"; step the clock in 0.1 s ticks for 20 s.
    t = 0.0
    while t < 20.0:
        sup.clock = t
        for proc in sup.spawned:
            if proc.code is None and t >= sup.started.get(proc.pid, t):
                proc.code = EXIT_CANNOT_LISTEN
        before = len(sup.spawned)
        sup.reap(t)
        sup.respawn_due(t)
        if len(sup.spawned) > before:
            spawn_times.append(t)
        t = round(t + 0.1, 1)
    gaps = [round(b - a, 1) for a, b in zip(spawn_times, spawn_times[1:], strict=False)]
    # 0.5, 1, 2, 4, 8 s (within one 0.1 s tick): not 0.5 s forever (that was 40 restarts in 20 s).
    assert gaps[:5] == pytest.approx([0.5, 1.0, 2.0, 4.0, 8.0], abs=0.11)
    assert len(sup.spawned) <= 7
    assert "cannot listen on the data port" in caplog.text


def test_a_healthy_worker_that_dies_is_back_quickly() -> None:
    sup = Recorder()
    sup.failures = 5  # an old crash loop
    sup._spawn()
    proc = sup.spawned[0]
    proc.code = 1
    sup.reap(HEALTHY_AFTER_S + 1)  # it ran long enough to count as healthy
    assert sup.restart_at == [pytest.approx(HEALTHY_AFTER_S + 1 + 0.5)]
    sup.respawn_due(HEALTHY_AFTER_S + 2)
    assert len(sup.spawned) == 2


def test_no_restart_while_stopping() -> None:
    sup = Recorder()
    sup._spawn()
    sup.stopping = True
    sup.spawned[0].code = 0
    sup.reap(1.0)
    sup.respawn_due(100.0)
    assert sup.restart_at == [] and len(sup.spawned) == 1
