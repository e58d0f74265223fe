"""The injection rule table's schema and loader: `Rule` (one row of
filters/injection_rules.yaml), macro expansion and `load_table`, which compiles the file and
refuses a broken one with an error that names the file and the rule. The matching engine is
filters/injection_rules.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True, slots=True)
class Rule:
    """One detection rule. `id` is stable: configs disable rules and audits count them by id."""

    id: str
    family: str
    weight: float
    keys: tuple[str, ...]  # word stems (or short whole words); one must occur
    pattern: re.Pattern[str]
    indirect_weight: float | None = None
    lang: str = "en"
    negatable: bool = False
    subs: tuple[str, ...] = ()  # substrings that also make the rule a candidate
    need: tuple[str, ...] = ()  # and one of these words must occur as well (second anchor)
    indirect_only: bool = False  # too weak to matter in a user's own text: skipped there
    # a named pattern (`prefilter_gate` in the file) that a text must match before the RE2
    # prefilter asks this rule at all; rules with the same gate share a filter of their own.
    # For the multilingual rules with verb lists in twelve languages: their atoms made the
    # prefilter's DFA large and every fresh English text paid for building it. A rule with
    # such lists that also matches English cannot sit behind the gate: `prefilter_group` in
    # the file gives it a filter of its own without a gate.
    prefilter_group: str = ""

    confirm: re.Pattern[str] | None = None  # signal a weak match needs to count fully
    # searched from this many characters before the match (None: from its end) to this many after
    confirm_span: tuple[int | None, int] = (None, 120)
    unconfirmed: float = 0.0  # factor on the weight of an unconfirmed weak match (0: no hit)
    # must match the text right before an `addr` match (searched back _BEFORE_CHARS, ends in $)
    before: re.Pattern[str] | None = None
    # a sign that the text talks about the matched form rather than uses it ("what do
    # <|im_start|> and <|im_end|> do in ChatML?"), searched _DISCUSSED_CHARS around the match:
    # the match then counts like one inside a quote under discussion
    discussed: re.Pattern[str] | None = None

    def __hash__(self) -> int:
        return hash(self.id)

    def weight_for(self, indirect: bool) -> float:
        if indirect and self.indirect_weight is not None:
            return self.indirect_weight
        return self.weight


RULES_FILE = Path(__file__).with_name("injection_rules.yaml")
_MACRO_RE = re.compile(r"\$\{([A-Z0-9_]+)\}")


def _expand(template: str | list[str], macros: dict[str, str | list[str]], seen: tuple[str, ...] = ()) -> str:
    """A pattern from its fragments, with every ${NAME} replaced by its macro (recursively)."""
    text = "".join(template) if isinstance(template, list) else template

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in seen:
            raise ValueError(f"{RULES_FILE.name}: macro {name} refers to itself")
        if name not in macros:
            raise ValueError(f"{RULES_FILE.name}: unknown macro {name}")
        return _expand(macros[name], macros, (*seen, name))

    return _MACRO_RE.sub(sub, text)


def _compile(where: str, template: str | list[str], macros: dict[str, str | list[str]]) -> re.Pattern[str]:
    try:
        return re.compile(_expand(template, macros))
    except re.error as exc:
        raise ValueError(f"{RULES_FILE.name}: {where}: invalid pattern: {exc}") from None


def load_table(path: Path = RULES_FILE) -> tuple[dict[str, re.Pattern[str]], tuple[Rule, ...]]:
    """The named patterns and the rules of a rule file, compiled. Loaded once at import;
    an error names the file and the rule."""
    with open(path, encoding="utf-8") as f:
        doc = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    macros: dict[str, str | list[str]] = doc.get("macros") or {}
    named = {name: _compile(f"pattern {name}", t, macros) for name, t in (doc.get("patterns") or {}).items()}
    rules = []
    for d in doc["rules"]:
        unknown = set(d) - _RULE_FIELDS
        if unknown:
            raise ValueError(f"{path.name}: rule {d.get('id')}: unknown fields {sorted(unknown)}")
        rid = d["id"]
        for ref in ("confirm", "before", "prefilter_gate", "discussed"):
            if ref in d and d[ref] not in named:
                raise ValueError(f"{path.name}: rule {rid}: {ref} names no pattern: {d[ref]}")
        if "prefilter_group" in d and ("prefilter_gate" in d or d["prefilter_group"] in named):
            raise ValueError(f"{path.name}: rule {rid}: prefilter_group is a group without a gate")
        negatable = d.get("negatable")
        if negatable is None:  # override rules and two extraction rules read negations by default
            negatable = (rid.startswith("override.") and rid != "override.other_lang") or rid in (
                "extract.secret",
                "extract.system_prompt",
            )
        span = d.get("confirm_span", [None, 120])
        rules.append(
            Rule(
                id=rid,
                family=rid.split(".", 1)[0],
                weight=float(d["weight"]),
                keys=tuple(d["keys"].split()),
                pattern=_compile(f"rule {rid}", d["pattern"], macros),
                indirect_weight=None if d.get("indirect") is None else float(d["indirect"]),
                lang=d.get("lang", "en"),
                negatable=bool(negatable),
                subs=tuple(d.get("subs", ())),
                need=tuple(d.get("need", "").split()),
                indirect_only=bool(d.get("indirect_only", False)),
                confirm=named[d["confirm"]] if "confirm" in d else None,
                confirm_span=(span[0], int(span[1])),
                unconfirmed=float(d.get("unconfirmed", 0.0)),
                before=named[d["before"]] if "before" in d else None,
                discussed=named[d["discussed"]] if "discussed" in d else None,
                prefilter_group=str(d.get("prefilter_gate") or d.get("prefilter_group", "")),
            )
        )
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{path.name}: duplicate rule ids")
    return named, tuple(rules)


_RULE_FIELDS = frozenset(
    "id weight keys pattern indirect lang subs need indirect_only confirm confirm_span unconfirmed "
    "negatable before prefilter_gate prefilter_group discussed".split()
)
