"""Indirect injections composed from parts, and their benign twins, inside pasted documents.

The detector learned the wording of the ~200 hand-written payloads of training/docs_pools.py
rather than the concept "an instruction addressed to the model inside a document". This
composes payloads instead of listing them: framing x goal x clause x details, where

- the framing addresses the model ("AI assistant:", "If you are an LLM reading this,", "[SYSTEM]",
  "<|im_start|>system", "When summarizing this document,", "In your summary,", a product name);
- the goal is what an attacker wants (exfiltration, prompt leak, output hijack, override,
  tool misuse, phishing relay, persona switch), each with several clauses whose slots take
  random details (addresses on example domains, URLs, amounts, IBANs, names, files, codes);
- the sentence is sometimes hidden: HTML comment, white text, alt text, footnote, metadata,
  P.S. line (and the same wrappers go around benign sentences, so a wrapper is no label).

Benign twins use the same verbs and often the same framings ("While processing this ticket,",
"In your response to the auditor,", "P.S.") addressed to people, or talk about AI (policies,
release notes, newsletters quoting phishing; never a quoted injection) without instructing it, so that only the addressee and the intent separate the classes. A quarter of
attack documents carry a twin sentence too.

The carriers, bodies and requests come from training/make_docs.py and training/docs_pools.py;
Polish, Turkish and Korean bodies from training/addressed_pools_east.py. Attack rows are kept
over 300 characters, so make_docs.py (which pools short indirect attacks from every file in
training/data) never picks them up. Seeded: `python training/make_addressed.py` rewrites
training/data/addressed_docs.jsonl byte for byte.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from training.addressed_pools import (
    BOT_PRODUCTS,
    BOTS,
    CODES,
    CURRENCIES,
    DOMAINS,
    EN,
    FILES,
    FIRST,
    GOALS,
    MAILBOXES,
    PEOPLE_NAMES,
    PERSONAS,
    PRODUCTS,
    URL_PATHS,
)
from training.addressed_pools_more import MORE, ORDINARY, REQUESTS_MORE
from training.docs_pools import REQUESTS
from training.make_docs import CARRIERS, DATA, _body, _carrier, _hide, real_tickets, write_rows

OUT = DATA / "addressed_docs.jsonl"
SOURCE = "aigw/training/make_addressed.py"
SEED = 20261208
N_PER_LABEL = 1200
PER_OTHER_LANG = 60  # English gets the rest: 1200 - 12 * 60 = 480 per label (40%)
POOLS = {"en": EN, **MORE}
LANGS = ["en", "de", "fr", "es", "it", "pt", "nl", "ru", "zh", "ja", "pl", "tr", "ko"]
FULL_STOP = {"zh": "。", "ja": "。"}
MIN_ATTACK_CHARS = 301  # make_docs.py pools indirect attacks of 20-300 characters from data/
MAX_CHARS = 4000
TOPICAL_DOC = {"attack": 0.12, "benign": 0.25}  # make_docs TOPICAL sentences in the body
HIDE_RATE = 0.35


def _details(lang: str, rng: random.Random) -> dict[str, str]:
    first = rng.choice(FIRST)
    box = rng.choice([*MAILBOXES, first, f"{first}.{rng.randint(1, 99)}"])
    url = f"https://{rng.choice(DOMAINS)}/{rng.choice(URL_PATHS)}"
    if rng.random() < 0.4:
        url += f"?id={rng.randint(100, 99999)}"
    value = rng.choice([rng.randint(20, 990), rng.randint(1000, 99000)])
    if lang in ("ja", "ko") and rng.random() < 0.6:
        value *= 100
    country = rng.choice(["DE", "NL", "FR", "ES", "IT", "PL", "TR", "GB", "PT"])
    iban = f"{country}{rng.randint(10, 99)} " + " ".join(f"{rng.randint(0, 9999):04d}" for _ in range(4))
    return {
        "email": f"{box}@{rng.choice(DOMAINS)}",
        "url": url,
        "amount": f"{value:,} {rng.choice(CURRENCIES.get(lang, ['EUR', 'USD']))}",
        "iban": iban,
        "product": rng.choice(PRODUCTS),
        "name": rng.choice(PEOPLE_NAMES),
        "file": rng.choice(FILES),
        "phone": f"+1-555-01{rng.randint(0, 99):02d}",
        "bot": rng.choice(BOTS if lang == "en" else BOT_PRODUCTS),
        "code": rng.choice(CODES),
        "n": str(rng.choice([rng.randint(2, 30), rng.randint(100, 99999)])),
        "persona": rng.choice(PERSONAS),
    }


def _cap(sentence: str) -> str:
    return sentence[0].upper() + sentence[1:]


def _compose(frame: str, clause: str, lang: str) -> str:
    """The clause put into the framing; a full stop when the framing ends with the clause."""
    if frame.endswith(("{x}", "{X}")):
        clause += FULL_STOP.get(lang, ".")
    return frame.replace("{x}", clause).replace("{X}", _cap(clause))


def attack_sentence(lang: str, rng: random.Random) -> tuple[str, str]:
    """One payload (framing x goal clause x details) and its goal."""
    pool = POOLS[lang]
    goal = rng.choice(GOALS)
    sentence = _compose(rng.choice(pool["to_model"]), rng.choice(pool[goal]), lang)
    return _cap(sentence.format_map(_details(lang, rng))), goal


def twin_sentence(lang: str, rng: random.Random) -> str:
    """A benign twin: the same verbs addressed to people, or text about AI instructing none.

    No twin quotes an attack ("attackers hide text like '...' in web pages"): to a bag of
    n-grams a quoted attack is the attack with a benign label. The first draft had such
    quotes, half of them with the address to the model; held out (LOSO), agentdojo's attacks
    caught fell 0.693 -> 0.672 with them. Quotes of bare goal clauses were dropped as well
    (dev split caught 0.7031 with them, 0.6995 without: no gain either way)."""
    pool = POOLS[lang]
    if rng.random() < 0.55:
        sentence = _compose(rng.choice(pool["to_people"]), rng.choice(pool["people"]), lang)
        return _cap(sentence.format_map(_details(lang, rng)))
    return rng.choice(pool["about_ai"]).format_map(_details(lang, rng))


def _wrap(sentence: str, carrier: str, rng: random.Random) -> str:
    """Hide or annotate a sentence the way pages and mails do (both classes alike)."""
    if rng.random() >= HIDE_RATE:
        return sentence
    style = rng.randrange(7)
    if style == 0:
        return f"<span style='color:#ffffff;font-size:1px'>{sentence}</span>"
    if style == 1 and "'" not in sentence:
        return f"<img src='banner.png' alt='{sentence}'>"
    if style == 2:
        return rng.choice(["[1] ", "¹ ", "Footnote: ", "* "]) + sentence
    if style == 3:
        return rng.choice(["X-Notes: ", "keywords: ", "description: ", "Comment: ", "Metadata: "]) + sentence
    if style == 4 and not sentence.startswith("<!--"):
        return f"<!-- {sentence} -->"
    if style == 5 and not sentence.startswith("P.S."):
        return "P.S. " + sentence
    return _hide(sentence, carrier, rng)


def _ordinary(lang: str, rng: random.Random, real: list[str], n: int, topical: bool) -> list[str]:
    if lang in ORDINARY:  # no pools in docs_pools.py for these languages
        return rng.sample(ORDINARY[lang], n)
    return _body(lang, rng, real, n, topical)


def _request(lang: str, rng: random.Random) -> str:
    if rng.random() < 0.2:
        return ""
    pool = REQUESTS_MORE.get(lang) or REQUESTS[lang]
    return rng.choice(pool if rng.random() < 0.8 else REQUESTS["en"])


def make(label: str, lang: str, i: int, rng: random.Random, real: list[str]) -> dict:
    carrier = rng.choice(CARRIERS)
    parts = _ordinary(lang, rng, real, rng.randint(2, 6), rng.random() < TOPICAL_DOC[label])
    payload = ""
    if label == "attack":
        payload_lang = "en" if lang != "en" and rng.random() < 0.15 else lang
        payload, _goal = attack_sentence(payload_lang, rng)
        if rng.random() < 0.25:  # twins in attack documents too: only the payload decides
            parts.insert(rng.randint(0, len(parts)), _wrap(twin_sentence(lang, rng), carrier, rng))
        parts.insert(rng.randint(0, len(parts)), _wrap(payload, carrier, rng))
    else:
        for _ in range(rng.choice([1, 1, 2])):
            twin_lang = "en" if lang != "en" and rng.random() < 0.15 else lang
            parts.insert(rng.randint(0, len(parts)), _wrap(twin_sentence(twin_lang, rng), carrier, rng))
    doc = _carrier(carrier, lang, parts, rng)
    req = _request(lang, rng)
    style = rng.random()
    if not req:
        text = doc
    elif style < 0.55:
        text = f"{req}\n\n{doc}"
    elif style < 0.8:
        text = f'{req}\n"""\n{doc}\n"""'
    else:
        text = f"{req}\n" + "\n".join("> " + ln for ln in doc.split("\n"))
    return {
        "text": text,
        "label": label,
        "kind": "indirect" if label == "attack" else "document",
        "subkind": f"addressed/{carrier}",
        "source": SOURCE,
        "payload": payload,
        "lang": lang,
        "id": f"addressed:{i}",
    }


def _lang_plan(rng: random.Random) -> list[str]:
    plan = [lang for lang in LANGS[1:] for _ in range(PER_OTHER_LANG)]
    plan += ["en"] * (N_PER_LABEL - len(plan))
    rng.shuffle(plan)
    return plan


def build(real: list[str]) -> list[dict]:
    rng = random.Random(SEED)
    plans = {label: _lang_plan(rng) for label in ("attack", "benign")}
    rows: list[dict] = []
    texts: set[str] = set()
    payloads: set[str] = set()
    for k in range(N_PER_LABEL):
        for label in ("attack", "benign"):
            for _try in range(50):  # a new document until it is unique and within bounds
                d = make(label, plans[label][k], len(rows), rng, real)
                short = label == "attack" and len(d["text"]) < MIN_ATTACK_CHARS
                if short or len(d["text"]) > MAX_CHARS or d["text"] in texts or d["payload"] in payloads:
                    continue
                break
            else:
                raise RuntimeError(f"no unique {label} row for slot {k}")
            texts.add(d["text"])
            if d["payload"]:
                payloads.add(d["payload"])
            rows.append(d)
    return rows


def main(out: Path = OUT) -> None:
    write_rows(out, build(real_tickets()))


if __name__ == "__main__":
    main()
