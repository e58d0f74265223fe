"""The Python ceiling: the simplest correct aiohttp passthrough proxy (uvloop, one ClientSession).

No routing, no parsing, no filters, no metrics: read the body, forward it with the
caller's headers minus hop-by-hop ones, and send the answer back (in one write when it
has a Content-Length, chunk by chunk otherwise, e.g. SSE). Whatever aigw does on top of
this is what the benchmark's "ratio vs minimal" measures.

    python bench/minimal_proxy.py --port 18001 --upstream http://127.0.0.1:18000
"""

from __future__ import annotations

import argparse
import asyncio
import signal

import aiohttp
from aiohttp import web

HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "host",
        "content-length",
    }
)


def _filtered(headers: object) -> dict[str, str]:
    return {k: v for k, v in headers.items() if k.lower() not in HOP_BY_HOP}  # type: ignore[attr-defined]


def build_app(upstream: str) -> web.Application:
    app = web.Application(client_max_size=16 << 20)

    async def on_startup(app: web.Application) -> None:
        app["session"] = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=256, keepalive_timeout=30),
            auto_decompress=False,
            skip_auto_headers=("User-Agent", "Accept-Encoding", "Content-Type"),
            cookie_jar=aiohttp.DummyCookieJar(),
        )

    async def on_cleanup(app: web.Application) -> None:
        await app["session"].close()

    async def proxy(request: web.Request) -> web.StreamResponse:
        session: aiohttp.ClientSession = request.app["session"]
        body = await request.read()
        async with session.request(
            request.method,
            upstream + request.raw_path,
            data=body,
            headers=_filtered(request.headers),
            allow_redirects=False,
        ) as up:
            headers = _filtered(up.headers)
            if up.content_length is not None:
                return web.Response(body=await up.read(), status=up.status, headers=headers)
            resp = web.StreamResponse(status=up.status, headers=headers)
            await resp.prepare(request)
            async for chunk in up.content.iter_any():
                await resp.write(chunk)
            await resp.write_eof()
            return resp

    app.on_startup.append(on_startup)
    app.on_cleanup.append(on_cleanup)
    app.router.add_route("*", "/{tail:.*}", proxy)
    return app


async def serve(host: str, port: int, upstream: str) -> None:
    runner = web.AppRunner(build_app(upstream.rstrip("/")), access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, host, port, backlog=2048)
    await site.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"minimal proxy on {host}:{port} -> {upstream}", flush=True)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=18001)
    p.add_argument("--upstream", default="http://127.0.0.1:18000")
    args = p.parse_args()
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvloop is a dependency of the project
        asyncio.run(serve(args.host, args.port, args.upstream))
    else:
        uvloop.run(serve(args.host, args.port, args.upstream))


if __name__ == "__main__":
    main()
