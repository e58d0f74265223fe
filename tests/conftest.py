"""Test setup: make tests/ importable for the shared harness module, and mark the slow tests.

`make test-fast` runs `pytest -m "not slow"`: the unit tests, in well under a minute. A test
is `slow` when it is marked so by hand, lives in an end-to-end module, or its own source
starts real components (a gateway server, a mock upstream, a process, a browser, Redis).
Marking by what the test does keeps the split true as tests are added.
"""

from __future__ import annotations

import inspect
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).parent))

from redis_server import REDIS_BIN, RedisServer

# `make test-fast` sets HYPOTHESIS_PROFILE=fast: property tests draw 20 examples instead of their
# own counts (the property tests are most of the unit run's time); `make test` keeps them all.
settings.register_profile("fast", max_examples=20)
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])

# Modules that are end to end as a whole (processes, SDKs, browsers, soaks).
E2E_MODULES = frozenset(
    {
        "test_process",
        "test_sdk_clients",
        "test_console",
        "test_chaos",
        "test_soak_smoke",
        "test_bench_smoke",
        "test_proxy_e2e",
        "test_injection_e2e",
        "test_readme",
    }
)
# Calls that start a real component.
STARTS_COMPONENTS = (
    "running_gateway(",
    "start_mock(",
    "subprocess.",
    "redis_server",
    "webdriver",
    "Server(",
)


def _starts_components(item: pytest.Item) -> bool:
    func = getattr(item, "function", None)
    if func is None:
        return False
    try:
        source = inspect.getsource(func)
    except (OSError, TypeError):
        return False
    if any(call in source for call in STARTS_COMPONENTS):
        return True
    fixtures = getattr(item, "fixturenames", ())
    return any(name in fixtures for name in ("gw", "gateway", "mock", "redis_url", "redis", "running"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    slow = pytest.mark.slow
    for item in items:
        module = item.module.__name__.rpartition(".")[2] if item.module else ""
        if module in E2E_MODULES or _starts_components(item):
            item.add_marker(slow)


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A real redis-server on an ephemeral loopback port, killed after the test."""
    if REDIS_BIN is None:
        pytest.skip("redis-server is not installed (`make system-deps` installs it)")
    server = RedisServer(tmp_path)
    try:
        yield server
    finally:
        server.kill()
