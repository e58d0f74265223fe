"""aiohttp's server logger, with one line per malformed client request instead of a traceback.

aiohttp logs every request its parser rejects (bad header token, duplicate Content-Length,
TLS on the plain port...) with `logger.exception`: a 10-line traceback at ERROR, from an
unauthenticated client, as often as it likes. The gateway hands its listeners this adapter
instead: a parser rejection becomes one INFO line (peer, status, the parser's first line),
at most `MAX_PER_S` per second per process (the rest are counted in that line's
successor); every other exception aiohttp reports keeps its traceback.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from aiohttp.http_exceptions import HttpProcessingError

from gateway.jsonsafe import clean_text

MAX_PER_S = 10


class ServerLog(logging.LoggerAdapter):
    def __init__(self, logger: logging.Logger) -> None:
        super().__init__(logger, {})
        self._second = 0
        self._count = 0
        self._suppressed = 0

    def log(self, level: int, msg: Any, *args: Any, exc_info: Any = None, **kwargs: Any) -> None:
        exc = exc_info if isinstance(exc_info, BaseException) else None
        if isinstance(exc, HttpProcessingError):
            self._bad_request(msg, args, exc)
            return
        super().log(level, msg, *args, exc_info=exc_info, **kwargs)

    def _bad_request(self, msg: Any, args: tuple[Any, ...], exc: HttpProcessingError) -> None:
        now = int(time.monotonic())
        if now != self._second:
            self._second, self._count = now, 0
        self._count += 1
        if self._count > MAX_PER_S:
            self._suppressed += 1
            return
        first = clean_text(str(exc.message).strip().split("\n", 1)[0])[:200]
        extra = f" ({self._suppressed} more not logged)" if self._suppressed else ""
        self._suppressed = 0
        text = (str(msg) % args) if args else str(msg)
        self.logger.info("%s: %s %s%s", clean_text(text), exc.code, first, extra)
