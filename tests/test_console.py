"""The operator console: token middleware, its read-only endpoints, and the page end to end in
headless Chromium (Selenium; skipped when chromium, chromedriver or selenium are absent)."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from harness import ADMIN_TOKEN, running_gateway

from gateway.admin.console import (
    OPEN_PATHS,
    PUBLIC_PATHS,
    ConsoleState,
    _hist_quantile,
    read_tail,
    strip_credentials,
)
from gateway.audit.chain import ChainWriter, Sealer, chain_files

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

CONFIG = """
version: 1
rollouts: {state_path: "STATE"}
upstreams:
  base: {url: "MOCK_URL", expect_model: "gpt-*"}
  can: {url: "CANARY_URL"}
filters:
  kw: {type: keywords, deny: ["forbidden-topic"], action: block}
  watch: {type: keywords, deny: ["watchword"], action: block, mode: monitor}
audit: {path: "AUDIT", on_failure: fail_closed, defaults: {sample_rate: 0.0}, flush_interval_ms: 20}
routes:
  - name: chat
    match: {path: /v1/chat/completions}
    protocol: openai-chat
    filters: [kw, watch]
    upstream: base
    canary: {upstream: can, weight: 30, sticky: none}
    audit: {always: [block, redact, flag, error]}
    slo: {latency_ms: 2000, availability: 99.0, min_events: 1}
  - name: plain
    match: {path: /v1/embeddings}
    protocol: openai-embeddings
    upstream: base
"""
ENV = {"AIGW_CONSOLE_SAMPLE_S": "0.3", "AIGW_SLO_EVAL_INTERVAL_S": "0.3"}


def config(tmp: Path) -> str:
    return CONFIG.replace("STATE", str(tmp / "rollouts.json")).replace("AUDIT", str(tmp / "audit"))


def chat(content: str) -> dict:
    return {"model": "gpt-4o", "messages": [{"role": "user", "content": content}]}


def test_helpers():
    assert strip_credentials("url: https://u:p@host/x") == "url: https://***@host/x"
    assert _hist_quantile([(0.001, 0.0), (0.01, 10.0), (float("inf"), 10.0)], 0.5) == pytest.approx(0.0055)
    assert _hist_quantile([], 0.5) is None


def test_audit_tail_and_verification(tmp_path):
    w = ChainWriter(tmp_path, Sealer())
    w.commit(
        [
            {"kind": "exchange", "ts": 1.0, "route": "a", "why": ["block"], "request_id": "r1"},
            {"kind": "exchange", "ts": 2.0, "route": "a", "why": ["sample"], "request_id": "r2"},
            {"kind": "rollout", "ts": 3.0, "route": "b", "data": {"action": "rollback"}},
        ]
    )
    w.close()
    path = chain_files(tmp_path)[0][0]
    ids = [r.get("request_id") for r in read_tail(path, 10, None, "exchange")]
    assert ids == ["r1"]  # sampled exchanges are not mandatory records
    assert [r["kind"] for r in read_tail(path, 10, "b", None)] == ["rollout"]
    assert [r["kind"] for r in read_tail(path, 10, None, None)][:2] == ["rollout", "exchange"]
    assert len(read_tail(path, 1, None, None)) == 1

    gw = SimpleNamespace(current=SimpleNamespace(loaded=SimpleNamespace(raw_text="")), audit=None, env={})
    st = ConsoleState(gw)  # type: ignore[arg-type]
    assert st.verify_current(path)["ok"] is True
    path.write_bytes(path.read_bytes().replace(b'"rollback"', b'"promote"'))
    st._verify_cache = None  # (otherwise re-read at most every VERIFY_MIN_S)
    doc = st.verify_current(path)
    assert doc["ok"] is False and "hash mismatch" in doc["broken"]["reason"]


async def test_static_is_public_and_admin_stays_protected(tmp_path):
    async with running_gateway(config(tmp_path), env=ENV, extra_mocks=("canary",)) as gw:
        for path in sorted(PUBLIC_PATHS - {"/console"}):
            r = await gw.client.get(gw.admin_url + path)
            assert r.status == 200, path
            assert "script-src 'self'" in r.headers["Content-Security-Policy"]
        r = await gw.client.get(gw.admin_url + "/console", allow_redirects=False)
        assert r.status == 302 and r.headers["Location"] == "/console/"
        # the admin port's root leads a browser to the console; the favicon is no 401
        assert OPEN_PATHS == {"/", "/favicon.ico"}
        r = await gw.client.get(gw.admin_url + "/", allow_redirects=False)
        assert r.status == 302 and r.headers["Location"] == "/console/"
        r = await gw.client.get(gw.admin_url + "/favicon.ico")
        assert r.status == 204 and await r.read() == b""
        r = await gw.client.post(gw.admin_url + "/")  # only GET is served there: nothing else
        assert r.status == 405
        body = await (await gw.client.get(gw.admin_url + "/console/")).text()
        assert "console.js" in body and ADMIN_TOKEN not in body
        # no data without the token: the admin API and the console's own endpoints
        for path in (
            "/admin/routes",
            "/admin/rollouts",
            "/admin/console/overview",
            "/admin/console/series",
            "/admin/console/audit",
            "/console/nope.js",
            "/console/../admin/routes",
            "/console/%2e%2e/admin/routes",
        ):
            r = await gw.client.get(gw.admin_url + path)
            assert r.status == 401, path
        r = await gw.client.post(gw.admin_url + "/admin/rollouts/chat/rollback")
        assert r.status == 401
        assert gw.gateway.rollouts.rollouts["chat"].weight == 30

        # with the token
        r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("about forbidden-topic"))
        assert r.status == 400
        r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("a watchword here"))
        assert r.status == 200
        ov = await (await gw.admin("GET", "/admin/console/overview")).json()
        filters = {f["filter"]: f for f in ov["filters"]}
        assert filters["kw"]["decisions"]["enforce"]["block"] >= 1
        assert filters["watch"]["decisions"]["monitor"]["block"] >= 1
        assert filters["kw"]["p50_ms"] is not None
        # the window counts: decisions since the console's first snapshot (the last hour, once
        # it has sampled that long), so the two requests above show up in the window too
        assert ov["filters_window_s"] is not None
        assert filters["kw"]["window_decisions"]["enforce"]["block"] >= 1
        assert filters["watch"]["window_decisions"]["monitor"]["block"] >= 1
        assert {u["name"]: u["expect_model"] for u in ov["upstreams"]} == {"base": "gpt-*", "can": None}
        # the pinned upstream's answers are read, so its observed model is known once one of
        # the (30% canary) requests went to the baseline
        for _ in range(30):
            r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("hello"))
            if r.headers.get("x-aigw-variant") == "baseline":
                break
        ov2 = await (await gw.admin("GET", "/admin/console/overview")).json()
        observed = {u["name"]: u["observed_model"] for u in ov2["upstreams"]}
        assert observed["base"] == "gpt-4o"
        audit = await (await gw.admin("GET", "/admin/console/audit?kind=exchange")).json()
        assert audit["verify"]["ok"] is True
        assert [r["kind"] for r in audit["records"]] and all(
            r["kind"] == "exchange" for r in audit["records"]
        )
        series = await (await gw.admin("GET", "/admin/console/series")).json()
        assert series["points"] and "filters" in series["points"][0]

        # a reload leaves a diff
        gw.write_config(config(tmp_path).replace("weight: 30", "weight: 20"))
        assert (await gw.admin("POST", "/admin/config/reload")).status == 200
        ov = await (await gw.admin("GET", "/admin/console/overview")).json()
        diff = ov["config"]["last_change"]["diff"]
        assert any(line.startswith("-") and "weight: 30" in line for line in diff)
        assert any(line.startswith("+") and "weight: 20" in line for line in diff)


def _browser():
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("chromium / chromium-driver not installed (apt-get install chromium chromium-driver)")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="aigw-console-chromium-")
    opts = Options()
    opts.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,2200",
        f"--user-data-dir={profile}",
    ):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(15)
    return driver, profile


async def test_console_in_headless_chromium(tmp_path):
    driver, profile = await asyncio.to_thread(_browser)
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    def wait(cond, timeout: float = 10.0):
        return WebDriverWait(driver, timeout, poll_frequency=0.1).until(cond)

    def click(css: str) -> None:
        """Click what `css` names; the 5 s refresh may replace it between find and click."""
        from selenium.common.exceptions import StaleElementReferenceException

        for _ in range(20):
            try:
                driver.find_element(By.CSS_SELECTOR, css).click()
                return
            except StaleElementReferenceException:
                time.sleep(0.05)
        raise AssertionError(f"{css} kept going stale")

    def text(css: str) -> str:  # one script call: rows are replaced on every refresh
        got = driver.execute_script(
            "const e = document.querySelector(arguments[0]); return e && e.innerText;", css
        )
        return (got or "").strip()

    try:
        async with running_gateway(config(tmp_path), env=ENV, extra_mocks=("canary",)) as gw:
            for i in range(6):
                r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat(f"hello {i}"))
                assert r.status == 200
            r = await gw.client.post(gw.url + "/v1/chat/completions", json=chat("forbidden-topic"))
            assert r.status == 400
            routes = (await (await gw.admin("GET", "/admin/routes")).json())["routes"]
            rollout = await (await gw.admin("GET", "/admin/rollouts/chat")).json()
            await asyncio.sleep(1.0)  # a few samples for the charts, an SLO evaluation
            slo = await (await gw.admin("GET", "/admin/slo")).json()
            slo_req = {
                (r["route"], v["variant"]): v["windows"]["1h"]["requests"]
                for r in slo["routes"]
                for v in r["variants"]
            }
            ov = await (await gw.admin("GET", "/admin/console/overview")).json()
            kw = next(f for f in ov["filters"] if f["filter"] == "kw")
            watch = next(f for f in ov["filters"] if f["filter"] == "watch")

            def browse_and_check() -> None:
                driver.get(gw.admin_url + "/console/")
                wait(EC.visibility_of_element_located((By.ID, "token")))
                # a wrong token is refused and forgotten
                driver.find_element(By.ID, "token").send_keys("wrong-token")
                driver.find_element(By.ID, "connect").click()
                wait(lambda d: "invalid admin token" in text("#login-error"))
                assert driver.execute_script("return sessionStorage.getItem('aigw.adminToken')") is None
                driver.find_element(By.ID, "token").send_keys(ADMIN_TOKEN)
                driver.find_element(By.ID, "connect").click()
                wait(
                    EC.visibility_of_element_located((By.CSS_SELECTOR, "#routes-table tr[data-route='chat']"))
                )
                assert driver.execute_script("return localStorage.length") == 0
                assert (
                    driver.execute_script("return sessionStorage.getItem('aigw.adminToken')") == ADMIN_TOKEN
                )

                # routes: split and filters as /admin/routes says
                split = routes[0]["split"]
                row = "#routes-table tr[data-route='chat']"
                assert text(row + " .split-baseline") == f"{split['baseline']:g}%" == "70%"
                assert text(row + " .split-canary") == f"{split['canary']:g}%" == "30%"
                assert "kw (keywords, enforce)" in text(row) and "watch (keywords, monitor)" in text(row)
                assert "base: gpt-*" in text(row)
                # a route without a canary has no highlighted 0% canary share
                plain = "#routes-table tr[data-route='plain']"
                assert not driver.find_elements(By.CSS_SELECTOR, plain + " .split-canary")
                assert text(plain + " .split-none") == "–"
                # nav links stop the section heading below the sticky header (a short window, so
                # the page has to scroll)
                driver.set_window_size(1280, 700)
                driver.find_element(By.CSS_SELECTOR, "nav a[href='#filters']").click()
                geometry = (
                    "const h = document.querySelector('header').getBoundingClientRect().bottom;"
                    "const t = document.querySelector('#filters h2').getBoundingClientRect().top;"
                    "return [window.scrollY, h, t];"
                )
                wait(lambda d: d.execute_script(geometry)[0] > 0)
                scrolled, header_bottom, heading_top = driver.execute_script(geometry)
                assert header_bottom <= heading_top <= header_bottom + 40, (header_bottom, heading_top)
                driver.set_window_size(1280, 2200)
                # rollouts: state and weights as /admin/rollouts/chat says
                ro = ".rollout[data-route='chat']"
                assert rollout["state"] in text(ro + " .badge.state")
                assert text(ro + " .w-canary") == f"{rollout['weights']['canary']:g}%"
                assert text(ro + " .w-baseline") == f"{rollout['weights']['baseline']:g}%"
                # SLOs: the request counts of /admin/slo, charts drawn
                for (route_name, variant), n in slo_req.items():
                    cell = (
                        f"#slo-table tr[data-route='{route_name}'][data-variant='{variant}'] td:nth-child(3)"
                    )
                    assert text(cell) == str(n)
                assert sum(slo_req.values()) == 7
                wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#slo-table svg.spark path"))
                # filters: enforced blocks and the monitor filter's would-have-blocked, as collected
                kw_row = "#filters-table tr[data-filter='kw']"
                # the panel shows the window counts (the last hour / since the console started)
                assert f"block: {kw['window_decisions']['enforce']['block']}" in text(
                    kw_row + " td:nth-child(2)"
                )
                assert "decisions over the last" in text("#filters-window")
                monitor = watch["window_decisions"].get("monitor", {})
                shown = text("#filters-table tr[data-filter='watch'] td:nth-child(3)")
                assert shown == (", ".join(f"{a}: {c}" for a, c in monitor.items()) or "–")
                # audit: chain verified, the block recorded
                wait(lambda d: "chain verified" in text("#audit-verify"))
                assert driver.find_elements(By.CSS_SELECTOR, "#audit-table tr[data-kind='exchange']")
                # an audit row names the filter and its reason, and opens to the stored record
                blocked = "#audit-table tr[data-kind='exchange']"
                assert "kw block keyword_match" in text(blocked) and "→ 400 blocked" in text(blocked)
                click(blocked)
                wait(lambda d: '"request_id"' in text("#audit-table tr.audit-detail pre"))
                assert '"decisions"' in text("#audit-table tr.audit-detail pre")

                # rollback, confirm, see weight 0 and the rollout record
                driver.find_element(By.CSS_SELECTOR, ro + " button[data-action='rollback']").click()
                alert = wait(EC.alert_is_present())
                assert "rollback" in alert.text
                alert.accept()
                wait(lambda d: text(ro + " .w-canary") == "0%")
                wait(lambda d: text(row + " .split-canary") == "0%")
                wait(lambda d: d.find_elements(By.CSS_SELECTOR, "#audit-table tr[data-kind='rollout']"))
                rec = text("#audit-table tr[data-kind='rollout']")
                assert "rollback by admin_api:console" in rec and "rolled_back 0%" in rec
                # the filter narrows the audit table
                driver.execute_script(
                    "const s=document.querySelector('#audit-kind'); s.value='rollout';"
                    "s.dispatchEvent(new Event('change'));"
                )
                kinds_js = (
                    "return [...document.querySelectorAll('#audit-table tbody tr[data-kind]')]"
                    ".map(e => e.dataset.kind)"
                )
                wait(lambda d: set(d.execute_script(kinds_js)) == {"rollout"})
                # auto-refresh: the page updates itself without a reload
                before = driver.execute_script("return document.body.dataset.refreshedAt")
                wait(lambda d: d.execute_script("return document.body.dataset.refreshedAt") != before, 8)

                # an action the API refuses: the error stays across refreshes until dismissed
                driver.execute_script(
                    "const s=document.querySelector('#audit-kind'); s.value='';"
                    "s.dispatchEvent(new Event('change'));"
                )
                click(ro + " button[data-action='pause']")
                wait(EC.alert_is_present()).accept()
                wait(lambda d: "nothing to pause" in text("#action-msg"))
                assert "bad" in driver.find_element(By.ID, "action-msg").get_attribute("class")
                shown_at = driver.execute_script("return document.body.dataset.refreshedAt")
                wait(lambda d: d.execute_script("return document.body.dataset.refreshedAt") != shown_at, 8)
                assert "nothing to pause" in text("#action-msg")  # survived a 5 s repaint
                driver.find_element(By.ID, "action-dismiss").click()
                wait(lambda d: not d.find_element(By.ID, "action-msg").is_displayed())

                # a weight that is not a number never reaches the confirm dialog
                click(ro + " button[data-action='weight']")
                prompt = wait(EC.alert_is_present())
                prompt.send_keys("abc")
                prompt.accept()
                wait(lambda d: "not a percent" in text("#action-msg"))
                assert not EC.alert_is_present()(driver)  # no confirm() was opened
                # an opened audit row stays open across refreshes
                assert driver.find_elements(By.CSS_SELECTOR, "#audit-table tr.audit-detail")
                # no secret on the page
                assert ADMIN_TOKEN not in driver.page_source
                ARTIFACTS.mkdir(exist_ok=True)
                driver.execute_script(
                    "const s=document.querySelector('#audit-kind'); s.value='';"
                    "s.dispatchEvent(new Event('change'));"
                )
                time.sleep(0.5)
                driver.save_screenshot(str(ARTIFACTS / "console.png"))

            # the browser blocks in a thread while this loop keeps serving the gateway
            await asyncio.to_thread(browse_and_check)
            doc = await (await gw.admin("GET", "/admin/rollouts/chat")).json()
            assert doc["weights"]["canary"] == 0 and doc["state"] == "rolled_back"
    finally:
        await asyncio.to_thread(driver.quit)
        shutil.rmtree(profile, ignore_errors=True)


def test_hour_baseline_picks_the_oldest_snapshot_within_the_hour():
    st = ConsoleState.__new__(ConsoleState)
    from collections import deque

    st.minutes = deque([(1000.0, {"a|block|enforce": 1}), (4000.0, {"a|block|enforce": 5}), (4500.0, {})])
    assert st.hour_baseline(7000.0) == (4000.0, {"a|block|enforce": 5})  # 1000 is older than an hour
    assert st.hour_baseline(4600.0)[0] == 1000.0
    st.minutes = deque()
    assert st.hour_baseline(1.0) is None
