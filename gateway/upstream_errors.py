"""What can go wrong talking to an upstream: the exception hierarchy of the upstream client.

In the kernel rather than in gateway/dataplane/http_client.py because the readers of an
upstream's answer outside the data path raise them too: the SSE splitter
(gateway/protocols/sse.py) ends a stream whose event is over its bound with
UpstreamProtocolError, and the data path handles it like any broken answer.
"""

from __future__ import annotations


class UpstreamError(Exception):
    """Base of the client's own errors."""


class UpstreamConnectError(UpstreamError):
    """No byte of the request reached the upstream (refused, DNS, TLS): a retry is safe."""


class UpstreamResetError(UpstreamError):
    """The connection broke after the request was sent, or in the middle of the answer."""


class UpstreamProtocolError(UpstreamResetError):
    """The answer is not valid HTTP/1.1; the connection is dropped."""


class AnswerTooLargeError(UpstreamError):
    """read(limit=...): the answer is longer than the caller accepts; the connection is dropped."""
