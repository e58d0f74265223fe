"""Real servers on loopback for end-to-end tests: a mock LLM and the gateway, ephemeral ports.

`running_gateway(yaml_text)` writes the config to a temp file (upstream URLs may use the
placeholder MOCK_URL), starts the mock and the gateway in this event loop, and yields a
handle with URLs, the mock (to inspect what the upstream saw) and a reload helper.
"""

from __future__ import annotations

import contextlib
import os
import socket
import tempfile
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from gateway.config import load_config
from gateway.devtools.mockllm import MockLLM, start_mock
from gateway.service.gateway import Gateway
from gateway.service.server import Server

ADMIN_TOKEN = "test-admin-token"


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """A process's memory figure from /proc/PID/status (VmRSS, RssAnon, RssFile), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no {field}")


def free_port() -> int:
    """A loopback port nothing listens on (bound, then released), for servers a test starts."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Running:
    url: str
    admin_url: str
    mock: MockLLM
    mock_url: str
    gateway: Gateway
    server: Server
    config_path: Path
    client: aiohttp.ClientSession
    mocks: dict[str, MockLLM] = field(default_factory=dict)  # extra_mocks by name
    placeholders: dict[str, str] = field(default_factory=dict)  # e.g. CANARY_URL -> its URL

    def write_config(self, yaml_text: str) -> None:
        for key, url in self.placeholders.items():
            yaml_text = yaml_text.replace(key, url)
        self.config_path.write_text(yaml_text.replace("MOCK_URL", self.mock_url))

    async def admin(self, method: str, path: str, **kw: object) -> aiohttp.ClientResponse:
        headers = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        return await self.client.request(method, self.admin_url + path, headers=headers, **kw)  # type: ignore[arg-type]


@contextlib.asynccontextmanager
async def running_gateway(
    yaml_text: str,
    env: Mapping[str, str] | None = None,
    mock_name: str = "mock",
    extra_mocks: Sequence[str] = (),
) -> AsyncIterator[Running]:
    """`extra_mocks=("canary",)` starts more mocks; the YAML names them CANARY_URL etc."""
    mock_runner, mock, mock_port = await start_mock(name=mock_name)
    mock_url = f"http://127.0.0.1:{mock_port}"
    extra_runners, mocks, placeholders = [], {}, {}
    for name in extra_mocks:
        runner, extra, port = await start_mock(name=name)
        extra_runners.append(runner)
        mocks[name] = extra
        placeholders[f"{name.upper()}_URL"] = f"http://127.0.0.1:{port}"
    for key, url in placeholders.items():
        yaml_text = yaml_text.replace(key, url)
    tmp = tempfile.TemporaryDirectory()
    path = Path(tmp.name) / "gateway.yaml"
    text = yaml_text.replace("MOCK_URL", mock_url)
    if "server:" not in text:
        text = 'server: {listen: "127.0.0.1:0", admin_listen: "127.0.0.1:0"}\n' + text
    path.write_text(text)
    full_env = {**os.environ, "AIGW_ADMIN_TOKEN": ADMIN_TOKEN, **(env or {})}
    loaded = load_config(path, full_env)
    gw = Gateway(loaded, full_env)
    server = Server(gw)
    await server.start()
    host, port = server.bound["data"]
    ahost, aport = server.bound["admin"]
    client = aiohttp.ClientSession()
    try:
        yield Running(
            url=f"http://127.0.0.1:{port}",
            admin_url=f"http://127.0.0.1:{aport}",
            mock=mock,
            mock_url=mock_url,
            gateway=gw,
            server=server,
            config_path=path,
            client=client,
            mocks=mocks,
            placeholders=placeholders,
        )
    finally:
        await client.close()
        await server.shutdown()
        await mock_runner.cleanup()
        for runner in extra_runners:
            await runner.cleanup()
        tmp.cleanup()
