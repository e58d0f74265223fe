"""Presidio's pattern recognizers without spaCy: the PII filter's import, ~60 MB lighter.

`import presidio_analyzer` runs the package's `__init__`, which imports its AnalyzerEngine,
every NLP engine and, through them, spaCy, thinc, blis, typer, rich and requests: +84 MB
of RSS in a fresh process that already has numpy, against +37 MB for the recognizers alone
with what they use (phonenumbers, regex, tldextract); blis' compiled kernels alone keep 12
MB resident (measured 2026-12-06). The PII filter uses none of that unless an NER model is
configured: it calls pattern recognizers (e-mail, card, IBAN, SSN, IP, ...) and the base
classes they derive from (filters/pii_analyzer.py says why not the AnalyzerEngine).

So `package()` puts the `presidio_analyzer` package and two of its sub-packages
(`nlp_engine`, `predefined_recognizers`) into `sys.modules` without running their
`__init__`, loads the six base modules the recognizers import from the package, and loads
a recognizer's own module when its class is first asked for. Anything else asked of these
three modules (AnalyzerEngine, SpacyNlpEngine, SpacyRecognizer, `__all__`, ...) runs their
real `__init__` first (a PEP 562 module `__getattr__`), so an NER model configured later,
or code that imports Presidio the ordinary way, gets the whole package as usual. The
recognizers are Presidio's own classes from Presidio's own files: their findings are the
same (the PII eval is unchanged). If Presidio was imported before, it is used as it is.

Measured with bench/rss_probe.py (the soak's full chain, 20,000 fresh requests): RSS at
start 156.8 -> 103.1 MB, after the requests 167.5 -> 113.9 MB (docs/benchmarks.md, "Memory").
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import re
import sys
import threading
import types
from typing import Any

PKG = "presidio_analyzer"
RECOGNIZERS = f"{PKG}.predefined_recognizers"
_NLP = f"{PKG}.nlp_engine"

# The names the pattern recognizers import from the package itself, in import order.
_BASE = (
    ("analysis_explanation", "AnalysisExplanation"),
    ("recognizer_result", "RecognizerResult"),
    ("entity_recognizer", "EntityRecognizer"),
    ("local_recognizer", "LocalRecognizer"),
    ("pattern", "Pattern"),
    ("pattern_recognizer", "PatternRecognizer"),
)
# Sub-packages of predefined_recognizers whose modules need spaCy or an NLP engine.
_HEAVY = frozenset({"nlp_engine_recognizers", "ner", "third_party"})
_FROM_IMPORT = re.compile(r"^from\s+([\w.]+)\s+import\s+(\([^)]*\)|[^\n]+)", re.M)

_LOCK = threading.RLock()


class NlpArtifactsPending:
    """Stands for `nlp_engine.NlpArtifacts` (a type that needs spaCy) in the few recognizer
    modules that import it for their signatures' annotations; nothing calls it."""


def package() -> types.ModuleType:
    """The `presidio_analyzer` package, installed light if it is not imported yet."""
    with _LOCK:
        if PKG not in sys.modules:
            _install()
        return sys.modules[PKG]


def recognizers() -> Any:
    """`presidio_analyzer.predefined_recognizers`: `getattr(recognizers(), "IbanRecognizer")`."""
    package()
    return importlib.import_module(RECOGNIZERS)


def is_light() -> bool:
    """True while Presidio is loaded without its `__init__` (no spaCy in the process)."""
    module = sys.modules.get(PKG)
    return module is not None and "__getattr__" in module.__dict__


def _install() -> None:
    root = _deferred(PKG, None)
    # What the package's __init__ does for its recognizers' logger (its own decision_process
    # logger serves only the AnalyzerEngine, which completes the package).
    logging.getLogger("presidio-analyzer").addHandler(logging.NullHandler())
    for name, attr in _BASE:
        setattr(root, attr, getattr(importlib.import_module(f"{PKG}.{name}"), attr))
    nlp = _deferred(_NLP, root)
    nlp.NlpArtifacts = NlpArtifactsPending  # type: ignore[attr-defined]
    rec = _deferred(RECOGNIZERS, root)
    rec.__dict__["_lite_table"] = _recognizer_table(rec)


def _deferred(name: str, parent: types.ModuleType | None) -> types.ModuleType:
    """The module of `name` with its attributes set up but its code not run yet."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ImportError(f"no module named {name!r}")
    module = importlib.util.module_from_spec(spec)
    module.__dict__["__getattr__"] = lambda attr: _attribute(module, attr)
    sys.modules[name] = module
    if parent is not None:
        setattr(parent, name.rpartition(".")[2], module)
    return module


def _attribute(module: types.ModuleType, attr: str) -> Any:
    table = module.__dict__.get("_lite_table")
    if table is not None and attr in table:
        return getattr(importlib.import_module(table[attr]), attr)
    if attr.startswith("__") and attr != "__all__":
        raise AttributeError(attr)  # probes such as __wrapped__ do not load spaCy
    complete(module)
    try:
        return module.__dict__[attr]
    except KeyError:
        raise AttributeError(f"module {module.__name__!r} has no attribute {attr!r}") from None


def complete(module: types.ModuleType) -> None:
    """Run the real `__init__` of a module `_deferred` made (once): the whole package."""
    with _LOCK:
        if module.__dict__.pop("__getattr__", None) is None:
            return
        module.__dict__.pop("_lite_table", None)
        spec = module.__spec__
        assert spec is not None and spec.loader is not None
        spec.loader.exec_module(module)


def _recognizer_table(module: types.ModuleType) -> dict[str, str]:
    """Class name -> the module that defines it, read from predefined_recognizers/__init__.py
    (its `from .x.y import Name` lines), leaving out the modules that need spaCy."""
    spec = module.__spec__
    assert spec is not None and spec.loader is not None
    source = spec.loader.get_source(module.__name__) or ""  # type: ignore[attr-defined]
    table: dict[str, str] = {}
    for where, names in _FROM_IMPORT.findall(source):
        full = RECOGNIZERS + where if where.startswith(".") else where
        if not full.startswith(RECOGNIZERS + ".") or _HEAVY & set(full.split(".")):
            continue
        for name in re.sub(r"#[^\n]*", "", names).strip("()").split(","):
            if name.strip():
                table[name.strip()] = full
    return table
