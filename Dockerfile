# syntax=docker/dockerfile:1
# Slim, reproducible image: pinned base version, dependencies installed from the project
# metadata, runs as a non-root user, config mounted at /etc/aigw/gateway.yaml.
FROM python:3.11.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY gateway ./gateway
COPY filters ./filters
RUN python -m venv /opt/aigw && /opt/aigw/bin/pip install --no-compile .

FROM python:3.11.11-slim-bookworm
ENV PATH=/opt/aigw/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
RUN groupadd --system --gid 10001 aigw && useradd --system --uid 10001 --gid aigw --home /nonexistent aigw \
    && mkdir -p /etc/aigw /var/lib/aigw && chown aigw:aigw /var/lib/aigw
COPY --from=build /opt/aigw /opt/aigw
# Default config: the demo's filters, listening on 0.0.0.0 (gateway/devtools/demo.yaml binds loopback,
# unreachable through `docker run -p`). Mount your own over it; see docs/operations.md#docker.
COPY config/docker.yaml /etc/aigw/gateway.yaml
USER 10001:10001
EXPOSE 8080 8081
HEALTHCHECK --interval=10s --timeout=2s --start-period=10s --retries=3 \
  CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=2).status == 200 else 1)"]
ENTRYPOINT ["aigw"]
CMD ["run", "-c", "/etc/aigw/gateway.yaml"]
