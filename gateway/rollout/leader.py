"""One judge for the fleet: a lease in the rollout store, renewed every third of its period.

The replica holding the lease judges; every judge write carries the lease string
("<token> <replica>", the token is new for every lease), and the store refuses it unless that
is still the current holder (gateway/rollout/store.py). So a leader that was paused (GC,
SIGSTOP, a frozen VM) past its lease cannot move a rollout when it wakes, even before it
notices it lost the lease. Locally, a replica believes it leads only until one lease period
after it *sent* its last successful renewal, which is never later than the server's expiry.

A dead leader's lease expires after at most `lease_s`; the others try every `lease_s / 3`,
so one of them leads within 1.34 lease periods (the contract promises two).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable

from gateway.rollout.store import RolloutStore, StoreUnavailable, holder_id

log = logging.getLogger("aigw.rollout.leader")


class LeaderLease:
    def __init__(
        self,
        store: RolloutStore,
        replica: str,
        lease_s: float,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.replica = replica
        self.lease_s = lease_s
        self.monotonic = monotonic
        self.holder: str | None = None  # the last holder the store named (maybe another replica)
        self._valid_until = 0.0
        self._task: asyncio.Task[None] | None = None

    @property
    def leads(self) -> bool:
        return holder_id(self.holder) == self.replica and self.monotonic() < self._valid_until

    @property
    def fence(self) -> str | None:
        """The lease string judge writes carry; None when this replica does not lead."""
        return self.holder if self.leads else None

    @property
    def leader(self) -> str | None:
        """The leading replica as last seen (None: nobody, or the store is unreachable)."""
        return holder_id(self.holder)

    async def renew(self) -> bool:
        """One attempt to take or keep the lease; True if this replica leads."""
        sent = self.monotonic()
        was = self.leads
        try:
            holder = await self.store.lease(self.replica, self.lease_s)
        except StoreUnavailable:
            if self.monotonic() >= self._valid_until:
                self.holder = None
            return self.leads
        self.holder = holder
        if holder_id(holder) == self.replica:
            self._valid_until = sent + self.lease_s
        if self.leads != was:
            log.info(
                "rollout judge: %s %s (lease %s)", self.replica, "leads" if self.leads else "follows", holder
            )
        return self.leads

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while True:
            await self.renew()
            await asyncio.sleep(self.lease_s / 3)

    async def stop(self) -> None:
        """Stop renewing and give the lease up, so a successor need not wait for it to expire."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        if self.holder is not None and holder_id(self.holder) == self.replica:  # only if still ours (script)
            with contextlib.suppress(StoreUnavailable):
                await self.store.release(self.holder)
        self.holder = None
        self._valid_until = 0.0
