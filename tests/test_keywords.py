"""The keywords filter: config section, unit table, and integration through a real server."""

from __future__ import annotations

import base64

import orjson
import pytest
from harness import running_gateway
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from filters.base import Action, BuildContext
from filters.keywords import KeywordsConfig, KeywordsFilter
from gateway.exchange import Exchange, Segment


def make(**kw) -> KeywordsFilter:
    return KeywordsFilter("kw", KeywordsConfig(**kw), BuildContext())


def ex_with(*texts: tuple[str, str]) -> Exchange:
    ex = Exchange(request_id="t", method="POST", path="/", headers={}, body=b"")
    ex.texts = [Segment(role, text, ("messages", i, "content")) for i, (role, text) in enumerate(texts)]
    return ex


@pytest.mark.parametrize(
    "kw",
    [
        {},  # nothing to do
        {"deny": ["x"], "action": "explode"},
        {"deny_regex": ["(open"]},
        {"deny": ["x"], "bogus": 1},
        {"deny": ["x"], "mode": "later"},
        {"deny": ["x"], "replacement": "y" * 65},
    ],
)
def test_config_rejects(kw):
    with pytest.raises(ValidationError):
        KeywordsConfig(**kw)


TABLE = [
    # config, segments, expected action, expected texts, expected reason
    ({"deny": ["falcon"]}, [("user", "about FALCON")], Action.BLOCK, None, "keyword_match"),
    ({"deny": ["falcon"]}, [("user", "about eagles")], Action.ALLOW, None, None),
    ({"deny": ["a.b"]}, [("user", "axb")], Action.ALLOW, None, None),  # literal, not a regex
    ({"deny_regex": [r"\bproj-\d{3}\b"]}, [("user", "see proj-123")], Action.BLOCK, None, "keyword_match"),
    ({"deny": ["falcon"], "action": "flag"}, [("user", "falcon")], Action.FLAG, None, "keyword_match"),
    (
        {"deny": ["falcon", "eagle"], "action": "redact"},
        [("system", "be nice"), ("user", "falcon and eagle and Falcon")],
        Action.REDACT,
        ["be nice", "[REDACTED] and [REDACTED] and [REDACTED]"],
        "keyword_match",
    ),
    ({"deny": ["falcon"], "scope": ["user"]}, [("tool", "falcon")], Action.ALLOW, None, None),
    # non-ASCII text takes the IGNORECASE path; offsets must stay right
    (
        {"deny": ["falcon"], "action": "redact"},
        [("user", "İstanbul: le FALCON s'envole, été")],
        Action.REDACT,
        ["İstanbul: le [REDACTED] s'envole, été"],
        "keyword_match",
    ),
    ({"deny": ["Été"]}, [("user", "un bel été")], Action.BLOCK, None, "keyword_match"),
    ({"allow_regex": ["^translate:"]}, [("user", "translate: hola")], Action.ALLOW, None, None),
    ({"allow_regex": ["^translate:"]}, [("user", "write a poem")], Action.BLOCK, None, "keyword_not_allowed"),
]


@pytest.mark.parametrize(("cfg", "segments", "action", "texts", "reason"), TABLE)
async def test_unit_table(cfg, segments, action, texts, reason):
    f = make(**cfg)
    ex = ex_with(*segments)
    d = await f.on_request(ex)
    assert d.action is action
    assert d.reason == reason
    if texts is not None:
        assert d.rewrites is not None
        assert [d.rewrites.get(i, s[1]) for i, s in enumerate(segments)] == texts
    assert "falcon" not in orjson.dumps(d.public()).decode().lower()  # no raw text in the record


async def test_stream_findings_have_offsets():
    f = make(deny=["falcon"], action="redact")
    scan = await f.scan_stream(ex_with(), "the falcon flies over a Falcon")
    assert [(x.start, x.end) for x in scan.findings] == [(4, 10), (24, 30)]
    assert f.stream_window >= len("falcon")


CFG = """
version: 1
upstreams:
  mock: {url: "MOCK_URL"}
filters:
  red: {type: keywords, deny: ["falcon"], action: redact, replacement: "[X]"}
  watch: {type: keywords, deny: ["eagle"], action: block, mode: monitor}
routes:
  - name: chat
    match: {path: /v1/chat/completions}
    filters: [watch, red]
    response_filters: [red]
    upstream: mock
  - name: claude
    match: {path: /v1/messages}
    protocol: anthropic-messages
    filters: [red]
    response_filters: [red]
    upstream: mock
"""


async def monitor_blocks(gw) -> float:
    """The process-wide counter of monitor-mode blocks by the `watch` filter (other tests may use it too)."""
    text = await (await gw.client.get(gw.admin_url + "/metrics")).text()
    prefix = 'aigw_filter_decisions_total{action="block",filter="watch",mode="monitor"} '
    return sum(float(line[len(prefix) :]) for line in text.splitlines() if line.startswith(prefix))


async def test_integration_monitor_redact_and_streams():
    async with running_gateway(CFG) as gw:
        body = {"model": "m", "messages": [{"role": "user", "content": "eagle and falcon"}]}
        before = await monitor_blocks(gw)
        r = await gw.client.post(gw.url + "/v1/chat/completions", json=body)
        assert r.status == 200  # monitor-mode block did not block
        assert orjson.loads(gw.mock.requests[-1]["body"])["messages"][0]["content"] == "eagle and [X]"
        assert (await r.json())["choices"][0]["message"]["content"] == "echo: eagle and [X]"
        assert await monitor_blocks(gw) == before + 1  # counted as a would-have-blocked

        # Non-streamed answer redacted by the response phase.
        r = await gw.client.post(
            gw.url + "/v1/chat/completions",
            json={**body, "messages": [{"role": "user", "content": "hi"}]},
            headers={"x-mock-reply": "the falcon has landed"},
        )
        assert (await r.json())["choices"][0]["message"]["content"] == "the [X] has landed"

        # Streamed OpenAI answer, the keyword split over chunks of 3 characters.
        r = await gw.client.post(
            gw.url + "/v1/chat/completions",
            json={**body, "stream": True, "messages": [{"role": "user", "content": "hi"}]},
            headers={"x-mock-reply": "a falcon, then another falcon at the end", "x-mock-chunks": "14"},
        )
        raw = (await r.read()).decode()
        assert "falcon" not in raw and "fal" not in raw.replace("[X]", "")
        text = "".join(
            (orjson.loads(line[6:])["choices"] or [{}])[0].get("delta", {}).get("content") or ""
            for line in raw.splitlines()
            if line.startswith("data: {")
        )
        assert text == "a [X], then another [X] at the end"
        assert raw.rstrip().endswith("data: [DONE]")

        # Streamed Anthropic answer.
        r = await gw.client.post(
            gw.url + "/v1/messages",
            json={
                "model": "claude",
                "max_tokens": 50,
                "stream": True,
                "messages": [{"role": "user", "content": "hi"}],
            },
            headers={"x-mock-reply": "falcon falcon falcon", "x-mock-chunks": "9"},
        )
        raw = (await r.read()).decode()
        assert "falcon" not in raw
        deltas = [
            orjson.loads(line[6:])["delta"]["text"]
            for line in raw.splitlines()
            if line.startswith("data: {") and '"text_delta"' in line
        ]
        assert "".join(deltas) == "[X] [X] [X]"
        assert "event: message_stop" in raw


BLOCK_CFG = """
version: 1
upstreams:
  mock: {url: "MOCK_URL"}
filters:
  stopper: {type: keywords, deny: ["launch code"], action: block}
routes:
  - name: chat
    match: {path: /v1/chat/completions}
    response_filters: [stopper]
    upstream: mock
"""


async def test_stream_block_ends_stream_and_is_recorded():
    async with running_gateway(BLOCK_CFG) as gw:
        seen = []
        gw.gateway.observers.append(
            lambda ex, outcome, status: seen.append((outcome, [d.public() for d in ex.decisions]))
        )
        body = {"model": "m", "stream": True, "messages": [{"role": "user", "content": "hi"}]}
        reply = "sure, here is a long preamble before the secret: the launch code is 0000, enjoy"
        r = await gw.client.post(gw.url + "/v1/chat/completions", json=body, headers={"x-mock-reply": reply})
        raw = (await r.read()).decode()
        assert '"code":"keyword_match"' in raw and "[DONE]" not in raw
        assert "launch code" not in raw
        outcome, decisions = seen[-1]
        assert outcome == "blocked"
        assert [(d["filter"], d["action"], d["phase"]) for d in decisions] == [("stopper", "block", "stream")]


RESPONSES_CFG = """
version: 1
upstreams:
  mock: {url: "MOCK_URL"}
filters:
  red: {type: keywords, deny: ["falcon"], action: redact, replacement: "[X]"}
routes:
  - name: responses
    match: {path: /v1/responses}
    protocol: openai-responses
    response_filters: [red]
    upstream: mock
"""


async def test_responses_stream_final_snapshots_are_redacted_too():
    """output_text.done and response.completed repeat the whole answer: no leak there."""
    async with running_gateway(RESPONSES_CFG) as gw:
        body = {"model": "m", "input": "hi", "stream": True}
        r = await gw.client.post(
            gw.url + "/v1/responses", json=body, headers={"x-mock-reply": "the falcon lands near a falcon"}
        )
        raw = (await r.read()).decode()
        assert r.status == 200
        assert "falcon" not in raw
        events = [orjson.loads(line[6:]) for line in raw.splitlines() if line.startswith("data: {")]
        deltas = "".join(e["delta"] for e in events if e["type"] == "response.output_text.delta")
        done = next(e for e in events if e["type"] == "response.output_text.done")
        completed = next(e for e in events if e["type"] == "response.completed")
        assert deltas == done["text"] == "the [X] lands near a [X]"
        assert completed["response"]["output"][0]["content"][0]["text"] == "the [X] lands near a [X]"


async def test_streaming_several_choices_is_screened_choice_by_choice():
    """n > 1 streams were refused; now each choice has its own held-back window, so the
    interleaved halves of "fal|con" in two choices are each caught."""

    def chunk(index: int, text: str) -> bytes:
        event = {"id": "x", "model": "m", "choices": [{"index": index, "delta": {"content": text}}]}
        return b"data: " + orjson.dumps(event) + b"\n\n"

    stream = chunk(0, "a fal") + chunk(1, "b fal") + chunk(0, "con") + chunk(1, "con!") + b"data: [DONE]\n\n"
    headers = {"x-mock-raw": base64.b64encode(stream).decode(), "x-mock-content-type": "text/event-stream"}
    async with running_gateway(CFG) as gw:
        body = {"model": "m", "stream": True, "n": 2, "messages": [{"role": "user", "content": "hi"}]}
        r = await gw.client.post(gw.url + "/v1/chat/completions", json=body, headers=headers)
        assert r.status == 200
        text = (await r.read()).decode()
        assert "fal" not in text and text.count("[X]") == 2


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("the secret  plan", "the [X]"),  # double space
        ("the secret\nplan!", "the [X]!"),  # newline
        ("the se\u200bcret plan", "the [X]"),  # zero-width space inside the word
        ("the ＳＥＣＲＥＴ plan", "the [X]"),  # fullwidth (NFKC)
        ("the sеcrеt plan", "the [X]"),  # Cyrillic е (homoglyph)
        ("the sécret\u00a0plan.", "the [X]."),  # accent, no-break space
        ("no secretplan here", "no secretplan here"),
    ],
)
async def test_literals_match_on_canonical_text_and_redact_the_original_span(text, redacted):
    f = make(deny=["Secret Plan"], action="redact", replacement="[X]")
    d = await f.on_request(ex_with(("user", text)))
    got = d.rewrites[0] if d.rewrites else text
    assert got == redacted


_WORDS = ["secret plan", "Secret", "PLAN", "falcon", "Falcon X", "ünïcode", "hello", " ", "\n", "plan"]


@settings(max_examples=300, deadline=None)
@given(
    texts=st.lists(
        st.tuples(
            st.sampled_from(["user", "system", "assistant", "tool"]),
            st.lists(st.sampled_from(_WORDS), max_size=6).map("".join),
        ),
        max_size=5,
    ),
    action=st.sampled_from(["block", "flag"]),
    deny=st.sampled_from([["secret plan"], ["falcon x", "plan"], ["ünïcode"], ["Secret", "hello"]]),
)
def test_one_pass_search_decides_like_the_per_segment_loop(texts, action, deny):
    """The joined-text fast path is an optimization only: same action and counts."""
    fast = make(deny=deny, action=action)
    slow = make(deny=deny, action=action)
    slow._one_pass = False
    assert fast._one_pass
    a = fast._scan(ex_with(*texts).texts)
    b = slow._scan(ex_with(*texts).texts)
    assert (a.action, a.reason, a.detail) == (b.action, b.reason, b.detail)
    again = fast._scan(ex_with(*texts).texts)  # the texts found clean are remembered now
    assert (again.action, again.reason, again.detail) == (b.action, b.reason, b.detail)


def test_a_resent_history_is_not_searched_again_and_new_text_still_is(monkeypatch):
    f = make(deny=["internal project falcon"])
    history = [("system", "You are a careful assistant. " * 8), ("user", "short and clean")]
    searched: list[str] = []
    search = f._search
    monkeypatch.setattr(f, "_search", lambda t: searched.append(t) or search(t))
    assert f._scan(ex_with(*history, ("user", "first question")).texts).action is Action.ALLOW
    assert len(searched) == 3
    searched.clear()
    leak = "and now: Internal  PROJECT\nfalcon"
    d = f._scan(ex_with(*history, ("user", leak)).texts)
    assert d.action is Action.BLOCK and searched[0] == leak
    assert f._scan(ex_with(("user", leak)).texts).action is Action.BLOCK  # never remembered as clean
    huge = "x" * 20_000  # above the memo's size: searched every time, never digested
    for _ in range(2):
        searched.clear()
        f._scan(ex_with(*history, ("user", huge)).texts)
        assert searched == [huge]
