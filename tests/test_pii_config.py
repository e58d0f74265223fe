"""`type: pii` configuration (filters/pii_config.py): defaults, the schema, bad input rejected
with clear messages, the entity table against the installed Presidio, and a config load that
imports neither Presidio nor spaCy."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pydantic import ValidationError

from filters.pii_config import DEFAULT_ENTITIES, PATTERN_ENTITIES, PiiConfig


def test_defaults_are_valid_and_schema_renders() -> None:
    cfg = PiiConfig(type="pii")
    assert cfg.entities == list(DEFAULT_ENTITIES)
    assert cfg.action == "redact" and cfg.operator == "placeholder" and cfg.nlp is None
    assert cfg.effective_stream_window() == 96  # LOCATION 48 + 48 characters of cue before it
    schema = PiiConfig.model_json_schema()
    assert "entities" in schema["properties"] and schema["additionalProperties"] is False
    for name, prop in schema["properties"].items():
        if name != "type":
            assert prop.get("description"), name


@pytest.mark.parametrize(
    ("cfg", "message"),
    [
        ({"entities": ["EMAIL"]}, "unknown entity 'EMAIL'"),
        ({"entities": []}, "at least 1"),
        ({"entities": ["EMAIL_ADDRESS", "EMAIL_ADDRESS"]}, "must not repeat"),
        ({"allow_patterns": ["ok", "(unclosed"]}, "[1] invalid regex '(unclosed'"),
        ({"entities": ["ORGANIZATION"]}, "ORGANIZATION need an NER model"),
        ({"operator": "hash"}, "needs hash_key_env"),
        ({"thresholds": {"EMAIL_ADDRESS": 1.5}}, "less than or equal to 1"),
        ({"thresholds": {"URL": 0.5}}, "'URL' is not one of the configured entities"),
        ({"phone_regions": ["XX"]}, "unknown phone region(s) XX"),
        ({"scope": ["users"]}, "Input should be"),
        ({"stream_window": 99999}, "less than or equal to 4096"),
        ({"mystery": 1}, "Extra inputs are not permitted"),
        ({"nlp": {"engine": "spacy", "model": "xx_no_such_model_pkg"}}, "pip install"),
        ({"nlp": {"engine": "spacy", "model": "./no/such/dir"}}, "is not installed"),
    ],
)
def test_config_rejects_bad_input(cfg: dict, message: str) -> None:
    with pytest.raises(ValidationError) as exc:
        PiiConfig(type="pii", **cfg)
    assert message in str(exc.value)


def test_missing_ner_model_message_names_model_and_install() -> None:
    with pytest.raises(ValidationError) as exc:
        PiiConfig(type="pii", entities=["PERSON"], nlp={"model": "xx_no_such_model_pkg"})
    text = str(exc.value)
    assert "'xx_no_such_model_pkg' is not installed" in text and "pip install" in text
    assert "drop `nlp`" in text


def test_pattern_entity_table_matches_installed_presidio() -> None:
    from presidio_analyzer import predefined_recognizers as pr

    for entity, cls_name in PATTERN_ENTITIES.items():
        rec = getattr(pr, cls_name)(supported_language="en")
        assert entity in rec.supported_entities


def test_importing_the_config_or_the_filter_does_not_import_presidio() -> None:
    code = (
        "import sys, filters.pii_config, filters.pii; "
        "print(sorted(m for m in ('presidio_analyzer', 'spacy', 'tldextract') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_schema_offers_entity_names_for_completion() -> None:
    items = PiiConfig.model_json_schema()["properties"]["entities"]["items"]
    assert "EMAIL_ADDRESS" in items["enum"] and "PERSON" in items["enum"]
