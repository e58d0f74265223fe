"""The benchmark's chat bodies: the newest user message is new on every request, as in real traffic.

A chat client resends the whole conversation on every turn: the system prompt and the history
repeat, the newest user message does not. Screening caches results per message content, so a
benchmark that sends one body over and over measures a cache hit, not a request. Every load
driver (bench/run.py's wrk runs, bench/paced_client.py, bench/instructions.py, bench/peers.py,
bench/soak.py) builds its bodies here:

- `fresh` (default): the newest user message is new on every request. By default it is one of
  ~950 ordinary chat requests and helpdesk tickets (bench/data/messages.txt, built by
  bench/make_messages.py from public sources) followed by four words chosen by a per-run
  counter (64^4 = 16.7M distinct messages, started at a random offset so runs and rounds
  against a gateway that stays up do not repeat each other). Different texts make the
  screening do different work (other rule atoms, other regexes, other decoders), as real
  traffic does. `AIGW_BENCH_NEWEST=template` gives the newest messages of the tables before
  2026-12-07: one sentence with the four counter words inside, which kept the screening's
  work almost constant. `cached`: the same body every time (a scan-cache hit), labelled
  "cached", to show the cache's effect.
- `turns`: the turn of the conversation the body is. Turn 1 is the system prompt and one user
  message; turn N adds N-1 earlier user/assistant pairs (the same on every request, as a
  conversation's history is). The default, turn 2, is the ~1 KB body the tables always used.

The wrk scripts (bench/wrk/chat.lua, chat_stream.lua) are generated from this module (`python
bench/bodies.py --write-lua`; a test checks they are current) and build the same bytes per
request in Lua, steered by environment variables: AIGW_BENCH_BODY=fresh|cached,
AIGW_BENCH_NEWEST=corpus|template, AIGW_BENCH_MESSAGES=<pool file>, AIGW_BENCH_TURNS=N,
AIGW_BENCH_KEY=<bearer key> (default bench-client-key).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from functools import cache
from pathlib import Path

WRK_DIR = Path(__file__).resolve().parent / "wrk"
DEFAULT_TURNS = 2
DEFAULT_KEY = "bench-client-key"
MESSAGES = Path(__file__).resolve().parent / "data" / "messages.txt"
NEWEST_MODES = ("corpus", "template")

SYSTEM = (
    "You are a careful assistant for an internal platform team. Answer concisely, cite the runbook "
    "section when one applies, and never invent configuration keys that do not exist in the "
    "documentation you were given."
)
# The history of a longer conversation: pair i of turn N (i < N-1) is HISTORY[i % 4], with a
# follow-up number from the second lap on, so no two history messages of one body are equal.
HISTORY = (
    (
        "Our service calls an external API that sometimes answers 429 or 503. We retry immediately, "
        "up to five times, and during incidents the retries seem to make things worse.",
        "Immediate retries multiply load exactly when the upstream is weakest. Use exponential backoff "
        "with jitter, cap the number of attempts, and honour Retry-After when it is present.",
    ),
    (
        "We also run a batch job at midnight that sends a burst of requests to the same API.",
        "Spread the batch over a window with a token bucket, and give it a lower priority than "
        "interactive traffic so a burst cannot starve your users.",
    ),
    (
        "How do we know whether the budget is too tight once this is in production?",
        "Track the share of requests that wait for a token and the retry rate per caller; alert when "
        "either stays high for longer than a few minutes.",
    ),
    (
        "Should the client library or the service mesh own the retries?",
        "One layer only: retries at several layers multiply. Keep them in the mesh if every service "
        "uses it, otherwise in one shared client library.",
    ),
)
NEWEST_HEAD = (
    "Makes sense. How should we pick the base delay and the cap, and should retries be shared across "
    "replicas through a budget so a fleet does not stampede the upstream after a short outage? "
    "Give a short checklist for the "
)
NEWEST_TAIL = " service."
CACHED_WORDS = "billing ledger export api"
WORDS = (
    "billing", "search", "ledger", "catalog", "checkout", "payments", "identity", "reporting",
    "inventory", "shipping", "pricing", "loyalty", "messaging", "analytics", "archive", "gateway",
    "scheduler", "telemetry", "onboarding", "invoicing", "refunds", "ratings", "profiles", "forecast",
    "pipeline", "storage", "routing", "mailer", "exporter", "importer", "sandbox", "frontend",
    "backend", "mobile", "partner", "vendor", "support", "audit", "compliance", "webhook",
    "notifier", "tracker", "planner", "builder", "renderer", "indexer", "crawler", "matcher",
    "ranking", "feedback", "survey", "booking", "calendar", "dispatch", "fleet", "warehouse",
    "returns", "coupons", "wallet", "ticketing", "licensing", "metering", "quota", "session",
)  # fmt: skip
SPACE = len(WORDS) ** 4
_SAFE = set('"\\\n\r\t')
for _text in (SYSTEM, NEWEST_HEAD, NEWEST_TAIL, CACHED_WORDS, *WORDS, *(t for p in HISTORY for t in p)):
    assert not _SAFE & set(_text), "bench texts are pasted into JSON and Lua verbatim: no quotes or escapes"


def fresh_words(n: int) -> str:
    """Four words that differ for every n in 0..SPACE-1 (Lua: the same digits, base 64)."""
    out = []
    for _ in range(4):
        out.append(WORDS[n % 64])
        n //= 64
    return " ".join(out)


def newest_mode() -> str:
    """corpus (default) or template, from AIGW_BENCH_NEWEST: what fresh newest messages are."""
    mode = os.environ.get("AIGW_BENCH_NEWEST", "corpus")
    if mode not in NEWEST_MODES:
        raise ValueError(f"AIGW_BENCH_NEWEST must be one of {NEWEST_MODES}, not {mode!r}")
    return mode


@cache
def pool() -> tuple[bytes, ...]:
    """The newest-message pool, each line already JSON-escaped (bench/make_messages.py)."""
    lines = tuple(line.encode() for line in MESSAGES.read_text().splitlines() if line)
    if not lines:
        raise RuntimeError(f"{MESSAGES} is empty: run `python bench/make_messages.py`")
    return lines


def pool_texts() -> list[str]:
    """The pool's messages as text (each line is the inside of a JSON string)."""
    return [json.loads(b'"' + line + b'"') for line in pool()]


def corpus_newest(n: int) -> bytes:
    """Counter n's newest message (JSON-escaped): pool line n mod P, then n's four words."""
    lines = pool()
    return lines[n % len(lines)] + f" (ref {fresh_words(n)})".encode()


def history_text(i: int, who: int) -> str:
    text = HISTORY[i % len(HISTORY)][who]
    lap = i // len(HISTORY)
    return text if lap == 0 else f"{text} (follow-up {lap})"


def prefix(turns: int = DEFAULT_TURNS, model: str = "bench-model-8b") -> str:
    """The body up to the newest user message's text."""
    parts = [f'{{"model": "{model}", "messages": [{{"role": "system", "content": "{SYSTEM}"}}']
    for i in range(turns - 1):
        parts.append(f', {{"role": "user", "content": "{history_text(i, 0)}"}}')
        parts.append(f', {{"role": "assistant", "content": "{history_text(i, 1)}"}}')
    parts.append(', {"role": "user", "content": "')
    return "".join(parts)


def suffix(stream: bool) -> str:
    return f'"}}], "temperature": 0.2, "max_tokens": 256, "stream": {"true" if stream else "false"}}}'


class Bodies:
    """Request bodies of one load driver: `next()` gives the next one (fresh or cached)."""

    def __init__(
        self,
        *,
        stream: bool = False,
        fresh: bool = True,
        turns: int = DEFAULT_TURNS,
        seed: int | None = None,
        newest: str | None = None,
    ) -> None:
        if turns < 1:
            raise ValueError("turns must be >= 1")
        self.fresh = fresh
        self.newest_mode = newest or newest_mode()
        if self.newest_mode not in NEWEST_MODES:
            raise ValueError(f"newest must be one of {NEWEST_MODES}")
        self.corpus = fresh and self.newest_mode == "corpus"
        if self.corpus:
            self._head, self._tail = prefix(turns).encode(), suffix(stream).encode()
        else:
            self._head = (prefix(turns) + NEWEST_HEAD).encode()
            self._tail = (NEWEST_TAIL + suffix(stream)).encode()
        self._n = random.Random(seed).randrange(SPACE) if seed is not None else random.randrange(SPACE)

    def _newest(self) -> bytes:
        """The newest user message, JSON-escaped."""
        if not self.fresh:
            return CACHED_WORDS.encode()
        self._n = (self._n + 1) % SPACE
        return corpus_newest(self._n) if self.corpus else fresh_words(self._n).encode()

    def next(self) -> bytes:
        return self._head + self._newest() + self._tail


def wrk_env(*, fresh: bool = True, turns: int = DEFAULT_TURNS, key: str | None = None) -> dict[str, str]:
    """The environment that makes bench/wrk/*.lua send these bodies (wrk inherits it)."""
    env = {
        **os.environ,
        "AIGW_BENCH_BODY": "fresh" if fresh else "cached",
        "AIGW_BENCH_TURNS": str(turns),
        "AIGW_BENCH_NEWEST": newest_mode(),
        "AIGW_BENCH_MESSAGES": str(MESSAGES),
    }
    if key is not None:
        env["AIGW_BENCH_KEY"] = key
    return env


def body_size(turns: int = DEFAULT_TURNS) -> int:
    """Mean size of the fresh bodies of this turn (over one lap of the pool)."""
    bodies = Bodies(turns=turns, seed=0)
    n = len(pool()) if bodies.corpus else 1
    return round(sum(len(bodies.next()) for _ in range(n)) / n)


def describe(fresh: bool, turns: int = DEFAULT_TURNS) -> str:
    size = body_size(turns)
    if not fresh:
        kind = "the same body on every request"
    elif newest_mode() == "corpus":
        kind = f"newest user message new on every request, drawn from {len(pool())} ordinary requests"
    else:
        kind = "newest user message new on every request (one template, four words vary)"
    return f"turn {turns} chat body of {size} B (mean), {kind}"


LUA = r"""-- GENERATED by `python bench/bodies.py --write-lua` from bench/bodies.py: edit that, not this.
-- POST a chat body to an OpenAI-compatible endpoint with {STREAM_DESC} answer. The newest user message is
-- new on every request (history repeats), as in real traffic; screening caches per message, so a fixed
-- body would only measure cache hits. Environment:
--   AIGW_BENCH_BODY=fresh|cached (default fresh), AIGW_BENCH_TURNS=N (default {TURNS}: the ~1 KB body),
--   AIGW_BENCH_NEWEST=corpus|template (default corpus: ordinary requests from the pool file
--   AIGW_BENCH_MESSAGES, default bench/data/messages.txt, one JSON-escaped message per line),
--   AIGW_BENCH_KEY=<bearer> (default {KEY}).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("AIGW_BENCH_KEY") or "{KEY}")

local SYSTEM = [[{SYSTEM}]]
local HISTORY = {
{HISTORY}
}
local NEWEST_HEAD = [[{NEWEST_HEAD}]]
local NEWEST_TAIL = [[{NEWEST_TAIL}]]
local CACHED_WORDS = "{CACHED_WORDS}"
local WORDS = {
{WORDS}
}
local SUFFIX = [[{SUFFIX}]]

local fresh = (os.getenv("AIGW_BENCH_BODY") or "fresh") ~= "cached"
local corpus = fresh and (os.getenv("AIGW_BENCH_NEWEST") or "corpus") == "corpus"
local turns = tonumber(os.getenv("AIGW_BENCH_TURNS") or "{TURNS}")

local function history_text(i, who)
  local text = HISTORY[(i % #HISTORY) + 1][who]
  local lap = math.floor(i / #HISTORY)
  if lap == 0 then return text end
  return text .. " (follow-up " .. lap .. ")"
end

local parts = { '{"model": "bench-model-8b", "messages": [{"role": "system", "content": "' .. SYSTEM .. '"}' }
for i = 0, turns - 2 do
  parts[#parts + 1] = ', {"role": "user", "content": "' .. history_text(i, 1) .. '"}'
  parts[#parts + 1] = ', {"role": "assistant", "content": "' .. history_text(i, 2) .. '"}'
end
parts[#parts + 1] = ', {"role": "user", "content": "'
local PREFIX = table.concat(parts)
local HEAD = PREFIX .. NEWEST_HEAD
local TAIL = NEWEST_TAIL .. SUFFIX

local counter = 0
local cached_request = nil
local POOL = {}

setup = function(thread)
  thread:set("seed", math.random(0, 2147483647))
end

init = function(args)
  math.randomseed(os.time() + (seed or 0))
  counter = math.random(0, {SPACE} - 1)
  cached_request = wrk.format(nil, nil, nil, HEAD .. CACHED_WORDS .. TAIL)
  if corpus then
    local path = os.getenv("AIGW_BENCH_MESSAGES") or "bench/data/messages.txt"
    local f = assert(io.open(path, "r"), "cannot open the message pool " .. path)
    for line in f:lines() do
      if #line > 0 then POOL[#POOL + 1] = line end
    end
    f:close()
    assert(#POOL > 0, "the message pool " .. path .. " is empty")
  end
end

request = function()
  if not fresh then return cached_request end
  counter = (counter + 1) % {SPACE}
  local n, w = counter, {}
  for k = 1, 4 do
    w[k] = WORDS[(n % 64) + 1]
    n = math.floor(n / 64)
  end
  if corpus then
    local msg = POOL[(counter % #POOL) + 1]
    return wrk.format(nil, nil, nil, PREFIX .. msg .. " (ref " .. table.concat(w, " ") .. ")" .. SUFFIX)
  end
  return wrk.format(nil, nil, nil, HEAD .. table.concat(w, " ") .. TAIL)
end

-- One machine-readable line for bench/run.py (latency in microseconds).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"mean_us":%.1f,"max_us":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
    e.status, e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.max))
end
"""


def lua_script(stream: bool) -> str:
    history = ",\n".join(f"  {{ [[{u}]],\n    [[{a}]] }}" for u, a in HISTORY)
    words = "\n".join(
        "  " + ", ".join(f'"{w}"' for w in WORDS[i : i + 8]) + "," for i in range(0, len(WORDS), 8)
    )
    values = {
        "STREAM_DESC": "a streamed (SSE)" if stream else "a complete JSON",
        "TURNS": str(DEFAULT_TURNS),
        "KEY": DEFAULT_KEY,
        "SYSTEM": SYSTEM,
        "HISTORY": history,
        "NEWEST_HEAD": NEWEST_HEAD,
        "NEWEST_TAIL": NEWEST_TAIL,
        "CACHED_WORDS": CACHED_WORDS,
        "WORDS": words,
        "SUFFIX": suffix(stream),
        "SPACE": str(SPACE),
    }
    out = LUA
    for k, v in values.items():
        out = out.replace("{" + k + "}", v)
    return out


def lua_path(stream: bool) -> Path:
    return WRK_DIR / ("chat_stream.lua" if stream else "chat.lua")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument(
        "--write-lua", action="store_true", help="regenerate bench/wrk/chat.lua and chat_stream.lua"
    )
    p.add_argument("--show", type=int, metavar="TURNS", help="print one fresh body of this turn")
    args = p.parse_args()
    if args.write_lua:
        for stream in (False, True):
            lua_path(stream).write_text(lua_script(stream))
            print(f"written {lua_path(stream)}")
    if args.show:
        sys.stdout.write(Bodies(turns=args.show).next().decode() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
