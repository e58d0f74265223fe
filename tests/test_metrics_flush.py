"""Multiprocess workers flush buffered metrics when they go idle, and on a timer while busy
(gateway/metrics.py `flush_soon`): a flush into the worker's files costs ~20x the updates."""

from __future__ import annotations

import asyncio

from prometheus_client import CollectorRegistry

from gateway import metrics


def _counter(name: str):
    reg = CollectorRegistry()
    c = metrics.BufferedCounter(name, "test", ["k"], registry=reg)
    return metrics.child(c, "x"), c.labels("x")


async def test_an_idle_worker_flushes_at_the_end_of_the_iteration() -> None:
    pending, raw = _counter("t_idle")
    metrics.flush_every_iteration(asyncio.get_running_loop())
    try:
        pending.inc(2)
        metrics.flush_soon(idle=True)
        assert raw._value.get() == 0.0
        await asyncio.sleep(0)
        assert raw._value.get() == 2.0
    finally:
        metrics.flush_every_iteration(None)


async def test_a_busy_worker_flushes_on_the_timer_and_when_it_goes_idle() -> None:
    pending, raw = _counter("t_busy")
    metrics.flush_every_iteration(asyncio.get_running_loop())
    try:
        for _ in range(5):  # requests finishing while others are in flight: one timer for all
            pending.inc()
            metrics.flush_soon(idle=False)
            await asyncio.sleep(0)
        assert raw._value.get() == 0.0
        await asyncio.sleep(metrics.FLUSH_INTERVAL_S + 0.05)
        assert raw._value.get() == 5.0

        pending.inc()
        metrics.flush_soon(idle=False)
        await asyncio.sleep(0)
        assert raw._value.get() == 5.0  # the timer runs
        pending.inc()
        metrics.flush_soon(idle=True)  # the last request in flight finished: no waiting for the timer
        await asyncio.sleep(0)
        assert raw._value.get() == 7.0
        await asyncio.sleep(metrics.FLUSH_INTERVAL_S + 0.05)  # the cancelled timer adds nothing
        assert raw._value.get() == 7.0
    finally:
        metrics.flush_every_iteration(None)


async def test_turning_the_flush_off_cancels_a_pending_timer() -> None:
    pending, raw = _counter("t_off")
    metrics.flush_every_iteration(asyncio.get_running_loop())
    pending.inc()
    metrics.flush_soon(idle=False)
    metrics.flush_every_iteration(None)
    await asyncio.sleep(metrics.FLUSH_INTERVAL_S + 0.05)
    assert raw._value.get() == 0.0  # not flushed by a stale timer; a read still flushes
    metrics.flush()
    assert raw._value.get() == 1.0
