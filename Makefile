# Every target creates .venv and installs what it needs: on a fresh machine the README's
# two commands (`make demo`, `make test`) are the whole set-up.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
APT_STAMP := $(VENV)/.apt-installed
APT_PKGS := wrk redis-server prometheus chromium chromium-driver

.PHONY: prefilter-cache venv demo test test-fast lint unit bench clean system-deps

# Installed within constraints.txt (the runtime closure the image pins): a release of a
# transitive dependency (typer 0.29.3, 2026-12-07) must not change what the tests run against.
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

# Debian packages used by tests and benchmarks: redis-server (shared limits), wrk (load),
# prometheus (for promtool, which checks the generated SLO rules), chromium and
# chromium-driver (the operator console test drives headless Chromium).
# $(call apt_install,PACKAGES): install the missing ones (as root with apt), else warn.
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = "0" ]; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "warning: missing$$missing (what needs them is skipped)"; fi; \
	fi
endef

$(APT_STAMP): $(STAMP) Makefile
	$(call apt_install,$(APT_PKGS))
	touch $(APT_STAMP)

system-deps: $(APT_STAMP)

demo: $(STAMP)
	$(BIN)/aigw demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The injection prefilter's Hyperscan database (filters/hyperscan_set.py): compiled once per
# rule table into ~/.cache/aigw (about 40 s), loaded in milliseconds after; the gateways the
# tests start then screen with it from their first request. The gloss lexicons' trie
# (filters/injection_gloss.py) is built into the same directory (~4 s, loaded in 0.15 s after).
prefilter-cache: $(STAMP)
	$(BIN)/python -c "from filters.injection_gloss import load_lexicon; load_lexicon(); \
	  from filters.injection_rules import warm_prefilter; warm_prefilter()"

unit: $(STAMP) $(APT_STAMP) prefilter-cache
	$(BIN)/python -m pytest -q

test: lint unit

# Unit tests only (no servers, processes, browsers or Redis; see tests/conftest.py): under a minute.
test-fast: $(STAMP)
	HYPOTHESIS_PROFILE=fast $(BIN)/python -m pytest -q -m "not slow"

bench: $(STAMP) $(APT_STAMP)
	$(BIN)/python bench/run.py

# Bench-only extras (never runtime dependencies): nginx (the peer comparison's reverse-proxy
# floor; only its binary is used, the system service is never started), valgrind (callgrind
# instruction counts), LiteLLM's proxy in its own venv, matplotlib in .venv for the plot.
.PHONY: soak chaos peers instructions
BENCH_APT_PKGS := nginx valgrind
BENCH_APT_STAMP := $(VENV)/.bench-apt-installed
LITELLM_VENV := bench/.venv-litellm
SOAK_ARGS ?=

$(BENCH_APT_STAMP): $(APT_STAMP)
	$(call apt_install,$(BENCH_APT_PKGS))
	touch $(BENCH_APT_STAMP)

$(LITELLM_VENV)/.installed:
	test -x $(LITELLM_VENV)/bin/python || $(PY) -m venv $(LITELLM_VENV)
	$(LITELLM_VENV)/bin/python -m pip install --quiet 'litellm[proxy]'
	touch $@

# make soak SOAK_ARGS="--duration 180"   (default: 10 minutes at 1,000 req/s)
soak: $(STAMP)
	$(BIN)/python bench/soak.py $(SOAK_ARGS)

# Misbehaving upstreams and slow clients mixed into normal traffic (10 minutes; not in make test,
# whose smoke version is tests/test_chaos_soak_smoke.py).  make chaos CHAOS_ARGS="--duration 120"
CHAOS_ARGS ?=
chaos: $(STAMP)
	$(BIN)/python bench/chaos_soak.py $(CHAOS_ARGS)

peers: $(STAMP) $(APT_STAMP) $(BENCH_APT_STAMP) $(LITELLM_VENV)/.installed
	$(BIN)/python -m pip install --quiet matplotlib
	$(BIN)/python bench/peers.py

# Deterministic instructions per request under callgrind (minimal proxy, aigw, full chain).
instructions: $(STAMP) $(BENCH_APT_STAMP)
	$(BIN)/python bench/instructions.py

# Rebuild the injection classifier (filters/injection_model/) from the recorded sources
# (training/SOURCES.md): public text from the fetch mirrors when present (else the
# committed training/data/public), the synthetic sets, then the weights. CPU only.
.PHONY: train
train: $(STAMP)
	$(BIN)/python training/fetch_sources.py
	$(BIN)/python training/make_data.py
	$(BIN)/python training/make_docs.py
	$(BIN)/python training/make_wrappers.py
	$(BIN)/python training/make_addressed.py
	$(BIN)/python training/train_injection.py --no-loso
# Where a fresh full-chain request's time goes (py-spy, a bench-only tool installed in .venv):
# make profile PROFILE_ARGS="--config bench/configs/aigw-passthrough.yaml"
.PHONY: profile workers
PROFILE_ARGS ?=
profile: $(STAMP) $(APT_STAMP)
	$(BIN)/python -m pip install --quiet py-spy
	PATH=$(CURDIR)/$(BIN):$$PATH $(BIN)/python bench/profile_fresh.py $(PROFILE_ARGS)

# workers: 2 against workers: 1 with the load generator on the same cores.
workers: $(STAMP) $(APT_STAMP)
	$(BIN)/python bench/workers.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
