# syntax=docker/dockerfile:1
# Slim, reproducible image: pinned base version, dependencies pinned by constraints.txt (the
# versions the test suite ran against; refresh: .venv/bin/python -m gateway.devtools.constraints
# > constraints.txt), runs as a non-root user, config mounted at /etc/aigw/gateway.yaml.
FROM python:3.11.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
# gcc builds the injection classifier's C scorer (setup.py; optional, ~10x less CPU per
# message than its numpy fallback). Only the build stage has it; the runtime image copies
# the venv with the built extension.
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends gcc libc6-dev >/dev/null \
    && rm -rf /var/lib/apt/lists/*
COPY pyproject.toml setup.py README.md constraints.txt ./
COPY gateway ./gateway
COPY filters ./filters
RUN python -m venv /opt/aigw && /opt/aigw/bin/pip install --no-compile -c constraints.txt .
# The injection prefilter's Hyperscan database and the gloss lexicons' trie, built once here
# (seconds) instead of at every start; the runtime user cannot write a cache of its own.
# (Where no Hyperscan wheel exists, e.g. arm64, the first does nothing and RE2 answers.)
RUN AIGW_CACHE_DIR=/opt/aigw/cache /opt/aigw/bin/python -c \
    "from filters.injection_gloss import load_lexicon; load_lexicon(); \
     from filters.injection_rules import warm_prefilter; warm_prefilter()"

FROM python:3.11.11-slim-bookworm
# AIGW_CONFIG: the config the HEALTHCHECK reads its port from. Running another path
# (`run -c /x.yaml`)? Set `-e AIGW_CONFIG=/x.yaml` too.
ENV PATH=/opt/aigw/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 AIGW_CONFIG=/etc/aigw/gateway.yaml \
    AIGW_CACHE_DIR=/opt/aigw/cache
RUN groupadd --system --gid 10001 aigw && useradd --system --uid 10001 --gid aigw --home /nonexistent aigw \
    && mkdir -p /etc/aigw /var/lib/aigw && chown aigw:aigw /var/lib/aigw
COPY --from=build /opt/aigw /opt/aigw
# Default config: the demo's filters, listening on 0.0.0.0 (gateway/devtools/demo.yaml binds loopback,
# unreachable through `docker run -p`). Mount your own over it; see docs/operations.md#docker.
COPY config/docker.yaml /etc/aigw/gateway.yaml
USER 10001:10001
EXPOSE 8080 8081
# GET /healthz on the port server.listen names (not a fixed 8080); ~0.15 s of CPU per check.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD aigw healthcheck -c "$AIGW_CONFIG"
ENTRYPOINT ["aigw"]
CMD ["run", "-c", "/etc/aigw/gateway.yaml"]
