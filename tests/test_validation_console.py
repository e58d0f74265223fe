"""The console's validation panel in headless Chromium: pass rate per variant and the latest
failing cases with expected vs got, the answer PII-redacted (skipped without chromium)."""

from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

from harness import ADMIN_TOKEN, running_gateway
from test_console import _browser
from validation_fixtures import BASELINE_BOOK, CANARY_BOOK, gateway_yaml, write_set

LEAKY_CANARY = [("refund", "No refunds. Complaints to jane.doe@acme.io please.")] + CANARY_BOOK[1:]


async def test_validation_panel_in_headless_chromium(tmp_path: Path) -> None:
    driver, profile = await asyncio.to_thread(_browser)
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    def text(css: str) -> str:
        got = driver.execute_script(
            "const e = document.querySelector(arguments[0]); return e && e.innerText;", css
        )
        return (got or "").strip()

    set_path = write_set(tmp_path / "golden.jsonl")
    yaml_text = gateway_yaml(set_path, validation="interval_s: 0.3, sample: 6")
    yaml_text = yaml_text.replace(
        "    upstream: base\n", "    upstream: base\n    canary: {upstream: cand, weight: 50}\n"
    )
    try:
        async with running_gateway(yaml_text, extra_mocks=("canary",)) as gw:
            gw.mock.answers = list(BASELINE_BOOK)
            gw.mocks["canary"].answers = list(LEAKY_CANARY)
            svc = gw.gateway.validation
            deadline = time.monotonic() + 15
            while len(svc.routes["chat"].history.get("canary", ())) < 2 and time.monotonic() < deadline:
                await asyncio.sleep(0.05)

            def browse() -> None:
                wait = WebDriverWait(driver, 10, poll_frequency=0.1).until
                driver.get(gw.admin_url + "/console/")
                wait(EC.visibility_of_element_located((By.ID, "token")))
                driver.find_element(By.ID, "token").send_keys(ADMIN_TOKEN)
                driver.find_element(By.ID, "connect").click()
                canary_row = "#validation-table tr[data-route='chat'][data-variant='canary']"
                wait(EC.visibility_of_element_located((By.CSS_SELECTOR, canary_row)))
                assert text(canary_row + " .v-rate") == "66.67%"
                assert text("#validation-table tr[data-variant='baseline'] .v-rate") == "100.00%"
                wait(lambda d: d.find_elements(By.CSS_SELECTOR, canary_row + " svg.spark path"))
                case = "#validation-failing tr[data-variant='canary'][data-case='refund-window']"
                wait(EC.visibility_of_element_located((By.CSS_SELECTOR, case)))
                row = text(case)
                assert "missing '14 days'" in row and '"contains":"14 days"' in row
                got = text(case + " .v-got")
                assert "<EMAIL_ADDRESS>" in got and "jane.doe@acme.io" not in driver.page_source
                assert (
                    text("#validation-failing tr[data-case='ticket-json'] td:nth-child(5)")
                    == "answer is not JSON"
                )

            await asyncio.to_thread(browse)
    finally:
        await asyncio.to_thread(driver.quit)
        shutil.rmtree(profile, ignore_errors=True)
