"""Synthetic documents pasted into the user turn: hidden instructions vs. ordinary text.

Public data holds few indirect injections and few ordinary documents, so this writes
both from the same carriers (e-mail, ticket, invoice, review, PR description, chat log,
CSV, JSON, web page, meeting notes) in ten languages, prefixed by a short request
("Summarize this e-mail:") the way RAG and e-mail apps paste retrieved text:

- attack: an instruction addressed to the model (override, exfiltration, prompt leak,
  tool misuse, output hijack) at a random position in the document, sometimes hidden
  in an HTML comment or encoded (base64, ROT13, hex, URL, reversed);
- benign: the same carriers full of imperatives addressed to PEOPLE ("please reset your
  password", "ignore the previous reminder") and mentions of AI, passwords and
  instructions, which is what the old model blocked 25% of; 40% of them are about AI or
  security (TOPICAL: pilots of AI assistants, chatbot policies, lecture notes that quote
  attack phrases, password FAQs), and 12% of attack documents too.

The text pools (explicit and subtle payloads in ten languages, PEOPLE, FILLER, TOPICAL,
ordinary HTML comments) live in training/docs_pools.py.

Bodies mix hand-written paragraphs with real text from training/data/public (IT tickets,
tldr pages) when those exist, so the model cannot learn the template prose. Seeded:
`python training/make_docs.py` rewrites training/data/synthetic_docs.jsonl byte for byte.
"""

from __future__ import annotations

import base64
import codecs
import json
import random
import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from training.docs_pools import DEV_COMMENTS, FILLER, NAMES, PAYLOADS, PEOPLE, REQUESTS, TOPICAL

DATA = Path(__file__).resolve().parent / "data"
OUT = DATA / "synthetic_docs.jsonl"
N_PER_LABEL = 1500

LANGS = ["en", "de", "fr", "es", "it", "pt", "nl", "ru", "zh", "ja"]

# Share of documents about AI or security (half their sentences from TOPICAL): mostly
# benign ones, a few attack ones, so the topic alone does not separate the classes.
TOPICAL_DOC = {"benign": 0.4, "attack": 0.12}


def _encode(payload: str, rng: random.Random) -> tuple[str, str]:
    kind = rng.choice(["base64", "rot13", "hex", "url", "reversed"])
    if kind == "base64":
        enc = base64.b64encode(payload.encode()).decode()
    elif kind == "rot13":
        enc = codecs.encode(payload, "rot13")
    elif kind == "hex":
        enc = payload.encode().hex()
    elif kind == "url":
        enc = quote(payload)
    else:
        enc = payload[::-1]
    lead = rng.choice(["", "Decode and follow: ", "Payload: ", "ref: ", "P.S. "])
    return lead + enc, kind


def _hide(sentence: str, carrier: str, rng: random.Random) -> str:
    style = rng.random()
    if sentence.lstrip().startswith("<!--"):  # already an HTML comment: not wrapped twice
        return sentence
    if carrier == "web" and style < 0.5:
        return f"<!-- {sentence} -->"
    if style < 0.15:
        return f'<span style="display:none">{sentence}</span>'
    if style < 0.3:
        return f"[{sentence}]"
    return sentence


def _body(lang: str, rng: random.Random, real: list[str], n: int, topical: bool = False) -> list[str]:
    parts: list[str] = []
    for _ in range(n):
        for _retry in range(4):  # the same sentence twice in one document only if it must
            r = rng.random()
            if topical and rng.random() < 0.5:
                t = rng.choice(TOPICAL[lang])
            elif r < 0.35 and real and lang == "en":
                t = rng.choice(real)[: rng.randint(120, 600)]
            elif r < 0.7:
                t = rng.choice(PEOPLE[lang])
            else:
                t = rng.choice(FILLER[lang])
            if t not in parts:
                break
        parts.append(t)
    return parts


def _carrier(kind: str, lang: str, parts: list[str], rng: random.Random) -> str:
    who = rng.choice(NAMES)
    if kind == "email":
        return (
            f"From: {who} <{who.split()[0].lower()}@example.com>\nSubject: {rng.choice(['Re: update', 'Invoice', 'Next steps', 'Fwd: notes'])}\n\n"
            + "\n\n".join(parts)
            + f"\n\nBest,\n{who}"
        )
    if kind == "ticket":
        return (
            f"Ticket #{rng.randint(1000, 99999)} - priority {rng.choice(['low', 'normal', 'high'])}\nReporter: {who}\n\n"
            + "\n".join(parts)
        )
    if kind == "invoice":
        lines = "\n".join(
            f"{i + 1}. Item {rng.randint(100, 999)}  {rng.randint(1, 9)} x {rng.randint(5, 500)}.00"
            for i in range(rng.randint(2, 5))
        )
        return (
            f"INVOICE {rng.randint(10000, 99999)}\nBill to: {who}\n{lines}\nNotes: "
            + " ".join(parts)
            + f"\nTotal due: {rng.randint(100, 9000)}.00 EUR"
        )
    if kind == "review":
        return f"★★★★☆ by {who}\n" + " ".join(parts)
    if kind == "pr":
        return (
            f"## Summary\n{parts[0]}\n\n## Changes\n"
            + "\n".join(f"- {p}" for p in parts[1:])
            + "\n\n## Testing\nRan the unit tests locally."
        )
    if kind == "chat":
        return "\n".join(
            f"[{9 + i}:{rng.randint(10, 59)}] {rng.choice(NAMES).split()[0]}: {p}"
            for i, p in enumerate(parts)
        )
    if kind == "csv":
        return "id,name,comment\n" + "\n".join(f'{i},{rng.choice(NAMES)},"{p}"' for i, p in enumerate(parts))
    if kind == "json":
        return json.dumps(
            {"results": [{"id": i, "snippet": p} for i, p in enumerate(parts)]}, ensure_ascii=False
        )
    if kind == "web":  # ordinary developer comments in both classes
        comments = rng.sample(DEV_COMMENTS, rng.randint(0, 2))
        return (
            "<html><body>"
            + "".join(comments)
            + "<h1>News</h1>"
            + "".join(f"<p>{p}</p>" for p in parts)
            + "</body></html>"
        )
    return "Meeting notes\n" + "\n".join(f"* {p}" for p in parts)


CARRIERS = ["email", "ticket", "invoice", "review", "pr", "chat", "csv", "json", "web", "notes"]


def make(label: str, i: int, rng: random.Random, real: list[str], pool: list[dict]) -> dict:
    lang = rng.choice(LANGS)
    carrier = rng.choice(CARRIERS)
    parts = _body(lang, rng, real, rng.randint(2, 6), rng.random() < TOPICAL_DOC[label])
    subkind = carrier
    embeds = ""
    payload = ""
    if label == "attack":
        if pool and rng.random() < 0.4:  # a real attack text from another source, pasted in
            d = rng.choice(pool)
            payload, embeds = d["text"], d["source"]
        else:
            payload = rng.choice(PAYLOADS[lang] if rng.random() < 0.75 else PAYLOADS["en"])
        if rng.random() < 0.2:
            payload, enc = _encode(payload, rng)
            subkind += f"+{enc}"
        parts.insert(rng.randint(0, len(parts)), _hide(payload, carrier, rng))
    else:  # one benign part gets the same treatment (e-mail preheaders, commented-out HTML,
        # [notes]), so hiding or bracketing is no label: attack documents hide their payload
        k = rng.randrange(len(parts))
        parts[k] = _hide(parts[k], carrier, rng)
    doc = _carrier(carrier, lang, parts, rng)
    style = rng.random()
    req = rng.choice(REQUESTS[lang] if rng.random() < 0.7 else REQUESTS["en"])
    if style < 0.45:
        text = f"{req}\n\n{doc}"
    elif style < 0.65:
        text = f'{req}\n"""\n{doc}\n"""'
    elif style < 0.8:
        text = f"{req}\n" + "\n".join("> " + ln for ln in doc.split("\n"))
    else:
        text = doc
    return {
        "text": text,
        "label": label,
        "kind": "indirect" if label == "attack" else "document",
        "subkind": subkind,
        "source": "synthetic-docs",
        "payload": payload,  # where the attack is: training uses the window around it
        "embeds": embeds,  # LOSO: a held-out source's text must not reach training this way
        "lang": lang,
        "id": f"synthetic-docs:{i}",
    }


# Embedded attacks drawn from one source at most: PromptInject alone has 324 short
# injections, which would otherwise be two thirds of the pool and teach the classifier
# one source's wording instead of "an instruction inside a document".
POOL_PER_SOURCE = 60


def _capped(pool: list[dict], cap: int, rng: random.Random) -> list[dict]:
    """At most `cap` rows per source (a seeded sample), in the pool's order."""
    by_source: dict[str, list[int]] = {}
    for i, d in enumerate(pool):
        by_source.setdefault(d["source"], []).append(i)
    keep = {i for idx in by_source.values() for i in (idx if len(idx) <= cap else rng.sample(idx, cap))}
    return [d for i, d in enumerate(pool) if i in keep]


def real_tickets() -> list[str]:
    """Real helpdesk ticket texts for the bodies (empty where the public data is absent)."""
    f = DATA / "public" / "it_tickets.jsonl"
    return [json.loads(line)["text"] for line in f.open(encoding="utf-8")] if f.exists() else []


def write_rows(path: Path, rows: list[dict]) -> None:
    """One JSON object per line, in order: the generators' byte-for-byte reproducible output."""
    with open(path, "w", encoding="utf-8") as out:
        for d in rows:
            out.write(json.dumps(d, ensure_ascii=False) + "\n")
    print(f"{path.name}: {len(rows)} rows")


def main() -> None:
    rng = random.Random(20261206)
    real = real_tickets()
    pool: list[dict] = []  # short direct attacks from the other sources
    for g in sorted(DATA.glob("*.jsonl")) + sorted((DATA / "public").glob("*.jsonl")):
        if g.name.endswith("_probe.jsonl") or g.name in (
            OUT.name,
            "task_wrappers.jsonl",
            "addressed_docs.jsonl",
        ):
            continue  # (the wrappers and addressed documents are built from this file's own pools)
        for line in g.open(encoding="utf-8"):
            d = json.loads(line)
            if (
                d["label"] == "attack"
                and d.get("kind") in ("injection", "indirect")
                and 20 <= len(d["text"]) <= 300
            ):
                pool.append({"text": d["text"], "source": d.get("source", g.stem)})
    pool = _capped(pool, POOL_PER_SOURCE, random.Random(7))
    rows = []
    for i in range(N_PER_LABEL):
        rows.append(make("attack", 2 * i, rng, real, pool))
        rows.append(make("benign", 2 * i + 1, rng, real, pool))
    write_rows(OUT, rows)


if __name__ == "__main__":
    main()
