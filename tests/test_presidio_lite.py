"""Presidio without spaCy (filters/presidio_lite.py): the gateway's PII filter loads Presidio's
pattern recognizers without spaCy, thinc or blis (~50 MB of RSS), finds the same PII, and
anything else asked of Presidio still gets the whole package."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import aiohttp
from harness import free_port, rss_mb
from test_process import spawn, stop, wait_ready

from gateway.devtools.mockllm import start_mock

HEAVY = ("/spacy/", "/thinc/", "/blis/")


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_the_pii_analyzer_loads_presidio_without_spacy() -> None:
    code = (
        "import sys\n"
        "from filters.pii import PiiAnalyzer, DEFAULT_THRESHOLDS\n"
        "from filters.pii_config import PATTERN_ENTITIES\n"
        "from filters import presidio_lite\n"
        "a = PiiAnalyzer(list(PATTERN_ENTITIES) + ['PERSON', 'LOCATION'], DEFAULT_THRESHOLDS)\n"
        "spans = a.analyze('mail jane@example.com, card 4111 1111 1111 1111, IBAN GB33 BUKB 2020 1555 5555 55')\n"
        "import logging\n"
        "quiet = any(isinstance(h, logging.NullHandler) for h in logging.getLogger('presidio-analyzer').handlers)\n"
        "print(sorted({s.entity for s in spans}), presidio_lite.is_light(),\n"
        "      [m for m in ('spacy', 'thinc', 'blis') if m in sys.modules], quiet)\n"
    )
    assert _run(code) == "['CREDIT_CARD', 'EMAIL_ADDRESS', 'IBAN_CODE'] True [] True"


def test_anything_else_asked_of_presidio_completes_the_package() -> None:
    # What an NER model configured later (filters/pii_recognizers.ner_scanner) or code that
    # imports Presidio the ordinary way needs: the engines, spaCy's recognizer, __all__.
    code = (
        "import sys\n"
        "from filters import presidio_lite\n"
        "pr = presidio_lite.recognizers()\n"
        "email = pr.EmailRecognizer\n"
        "from presidio_analyzer import AnalyzerEngine, RecognizerRegistry\n"
        "from presidio_analyzer.nlp_engine import NoOpNlpEngine, SpacyNlpEngine\n"
        "from presidio_analyzer.predefined_recognizers import SpacyRecognizer\n"
        "import presidio_analyzer\n"
        "reg = RecognizerRegistry(supported_languages=['en']); reg.add_recognizer(email(supported_language='en'))\n"
        "noop = NoOpNlpEngine(models=[{'lang_code': 'en', 'model_name': 'none'}])\n"
        "engine = AnalyzerEngine(registry=reg, nlp_engine=noop, supported_languages=['en'])\n"
        "r = engine.analyze('write to jane@example.com', language='en')\n"
        "print([x.entity_type for x in r], presidio_lite.is_light(), 'spacy' in sys.modules,\n"
        "      'AnalyzerEngine' in presidio_analyzer.__all__, pr.EmailRecognizer is email)\n"
    )
    assert _run(code) == "['EMAIL_ADDRESS'] False True True True"


def test_presidio_imported_first_is_used_as_it_is() -> None:
    code = (
        "import presidio_analyzer\n"
        "from filters import presidio_lite\n"
        "print(presidio_lite.package() is presidio_analyzer, presidio_lite.is_light())\n"
    )
    assert _run(code) == "True False"


def _mapped_heavy(pid: int) -> list[str]:
    maps = Path(f"/proc/{pid}/maps").read_text()
    return sorted({h for h in HEAVY if h in maps})


async def test_gateway_with_pii_and_injection_maps_no_spacy_and_still_redacts(tmp_path: Path) -> None:
    runner, mock, mock_port = await start_mock()
    port, admin_port = free_port(), free_port()
    config = tmp_path / "gw.yaml"
    config.write_text(
        f"""
version: 1
server: {{listen: "127.0.0.1:{port}", admin_listen: "127.0.0.1:{admin_port}", drain_grace_s: 1}}
upstreams:
  mock: {{url: "http://127.0.0.1:{mock_port}", timeout_s: 10}}
filters:
  injection: {{type: injection, action: block}}
  pii: {{type: pii, action: redact}}
routes:
  - name: chat
    match: {{path: /v1/chat/completions}}
    filters: [injection, pii]
    response_filters: [pii]
    upstream: mock
"""
    )
    proc = spawn(config)
    try:
        url = f"http://127.0.0.1:{port}"
        await wait_ready(url, timeout=60)
        body = {
            "model": "m",
            "messages": [{"role": "user", "content": "Mail jane.doe@example.org, call Maria Lopez"}],
        }
        async with aiohttp.ClientSession() as c, c.post(url + "/v1/chat/completions", json=body) as r:
            assert r.status == 200
            answer = await r.text()
        seen = json.loads(mock.requests[-1]["body"])["messages"][-1]["content"]
        assert "jane.doe" not in seen and "<EMAIL_ADDRESS>" in seen and "<PERSON>" in seen
        assert "jane.doe" not in answer
        assert _mapped_heavy(proc.pid) == []
        # 103 MB measured at start for the soak's full chain (bench/rss_probe.py), 157 with spaCy.
        # The gateway's own memory is its anonymous pages (RssAnon 102.9 MB, 2026-12-07); VmRSS
        # also counts resident pages of files it maps, which depend on the page cache: RssFile
        # 33.6 MB in a working tree, 40.2 MB in a clean clone whose files pip had just written
        # (VmRSS 136.5 against 143.1 MB, the same code), so VmRSS gets the bound only.
        assert rss_mb(proc.pid, "RssAnon") < 115
        assert rss_mb(proc.pid) < 150
    finally:
        stop(proc)
        await asyncio.sleep(0)
        await runner.cleanup()
