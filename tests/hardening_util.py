"""Helpers shared by the test_hardening_* modules: raw HTTP/1.1 over a socket, and reading
the audit chain a test's gateway wrote."""

from __future__ import annotations

import asyncio
from pathlib import Path

import orjson

from gateway.audit.chain import chain_files


def port_of(url: str) -> int:
    return int(url.rsplit(":", 1)[1])


async def raw_exchange(port: int, data: bytes, *, timeout: float = 5.0) -> bytes:
    """Send `data` as is, read until the gateway closes (or `timeout`); everything it sent."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(data)
    await writer.drain()
    out = bytearray()
    try:
        async with asyncio.timeout(timeout):
            while chunk := await reader.read(65536):
                out += chunk
    except TimeoutError:
        pass
    finally:
        writer.close()
    return bytes(out)


def request(path: str, body: bytes, headers: list[tuple[bytes, bytes]] = (), *, close: bool = True) -> bytes:
    lines = [b"POST " + path.encode() + b" HTTP/1.1", b"Host: gw", b"Content-Type: application/json"]
    lines += [k + b": " + v for k, v in headers]
    lines.append(b"Content-Length: " + str(len(body)).encode())
    if close:
        lines.append(b"Connection: close")
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def records(path: Path) -> list[dict]:
    out = []
    for files in chain_files(path).values():
        for f in files:
            out += [orjson.loads(line) for line in f.read_bytes().splitlines()]
    return out


def exchanges(path: Path) -> list[dict]:
    return [r for r in records(path) if r["kind"] == "exchange"]
