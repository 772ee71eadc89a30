"""The web app in a real headless Chromium (Debian's chromium + chromium-driver, driven by Selenium):
search with a facet click, a field and a token correction surviving `thidua run --force` and showing
in export and API, the chart, the conflict, the escaping; and the README's screenshots."""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thidua.cli import app as cli
from thidua.corpus import open_store

CHROMEDRIVER = Path("/usr/bin/chromedriver")
SHOTS = os.environ.get("THIDUA_SCREENSHOTS")
"""A folder for the README's screenshots (THIDUA_SCREENSHOTS=docs); unset, none are written."""
HOSTILE = "<script>document.title='pwned';alert(1)</script><img src=x onerror=alert(2)>"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMEDRIVER.exists() or not (shutil.which("chromium") or shutil.which("chromium-browser")),
        reason="headless Chromium absent: install Debian's chromium and chromium-driver "
        "(scripts/install-system-deps.sh)",
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def site(sample_db, plans):
    """The app over a copy of the sample database (plus a plan whose text holds markup), on 127.0.0.1."""
    import uvicorn

    from thidua.web import create_app

    batch, db = sample_db
    store = open_store(str(db))
    hostile = plans.document(99, body=HOSTILE)
    store.save(hostile, plans.restored(hostile), plans.extraction(number="99/KH", province="Huế"))
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the server did not start"
    yield {"url": f"http://127.0.0.1:{port}", "store": store, "batch": batch, "db": db, "hostile": hostile}
    server.should_exit = True
    thread.join(10)
    store.close()


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    options.add_argument("--window-size=1400,1000")
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser") or ""
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.implicitly_wait(2)
    yield driver
    driver.quit()


def _by(selector: str):
    from selenium.webdriver.common.by import By

    return By.CSS_SELECTOR, selector


def _screenshot(browser, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        assert browser.save_screenshot(str(Path(SHOTS) / name))


def _until(check, seconds: float = 10) -> None:
    """Wait until `check()` holds (an image loading, say)."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def _document_id(site, number: str) -> str:
    return next(s.id for s in site["store"].changes(0).items if s.number == number)


def _arrived(browser, part: str, seconds: float = 15) -> bool:
    """Whether the browser's address comes to hold `part` (a click's navigation finishes in its own time)."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(browser, seconds).until(expected_conditions.url_contains(part))
    except TimeoutException:
        return False


def _api(site, path: str):
    with urllib.request.urlopen(site["url"] + path, timeout=10) as response:
        return json.loads(response.read())


def test_search_and_a_facet_click(site, browser):
    browser.get(site["url"] + "/?q=ke+hoach")  # without diacritics: every plan
    assert browser.find_element(*_by("#total")).text == "3"
    facet = browser.find_element(*_by("#facet-province")).find_element(
        "xpath", ".//a[normalize-space()='Nghệ An']"
    )
    facet.click()
    assert _arrived(browser, "province="), browser.current_url
    assert browser.find_element(*_by("#total")).text == "1"
    hits = browser.find_elements(*_by("ol.hits li.hit a"))
    assert [h.text for h in hits] == ["87/KH-CAT-PX03"]
    _screenshot(browser, "search.png")


def test_the_chart_renders_on_the_server(site, browser):
    browser.get(site["url"] + "/charts")
    charts = browser.find_elements(*_by("svg.chart"))
    assert len(charts) == 4
    grid = charts[0]
    assert grid.size["width"] > 200 and grid.size["height"] > 40
    labels = {t.text for t in grid.find_elements(*_by("text"))}
    assert {"Nghệ An", "Khánh Hòa", "Huế", "2026"} <= labels
    assert len(grid.find_elements(*_by("rect"))) >= 3


def test_corrections_survive_run_force_and_show_in_export_and_api(site, browser, tmp_path):
    sha = _document_id(site, "87/KH-CAT-PX03")
    browser.get(f"{site['url']}/documents/{sha}")
    assert "a txt source has none" in browser.find_element(*_by(".source-missing")).text
    row = browser.find_element(*_by("#field-number"))
    value = row.find_element(*_by("input[name=value]"))
    value.clear()
    value.send_keys("87/KH-CAT-PX03-HC")
    row.find_element(*_by("input[name=author]")).send_keys("Lan")
    row.find_element(*_by("button[value=correct]")).click()
    assert _arrived(browser, "#history"), browser.current_url
    assert "87/KH-CAT-PX03-HC" in browser.find_element(*_by("ol.history")).text
    token_form = browser.find_element(*_by(".flagged-list form"))  # the first flagged token
    before = token_form.find_element(*_by("input[name=before]")).get_attribute("value")
    after = token_form.find_element(*_by("input[name=after]"))
    after.clear()
    after.send_keys(before + "Ω")
    token_form.find_element(*_by("button[value=correct]")).click()

    rerun = CliRunner().invoke(
        cli, ["run", str(site["batch"]), "--db", str(site["db"]), "--force", "--jobs", "1"]
    )
    assert rerun.exit_code == 0, rerun.output
    browser.get(f"{site['url']}/documents/{sha}")
    assert browser.find_element(*_by("#field-number input[name=value]")).get_attribute("value") == (
        "87/KH-CAT-PX03-HC"
    )
    assert before + "Ω" in browser.find_element(*_by(".lines")).text
    doc = _api(site, f"/api/documents/{sha}")
    assert doc["record"]["number"] == "87/KH-CAT-PX03-HC" and before + "Ω" in doc["text"]
    assert [h["author"] for h in doc["history"]] == ["Lan", "Lan"]
    out = tmp_path / "out.jsonl"
    assert CliRunner().invoke(cli, ["export", "-o", str(out), "--db", str(site["db"])]).exit_code == 0
    [line] = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines() if sha in x]
    assert line["extraction"]["number"] == "87/KH-CAT-PX03-HC" and before + "Ω" in line["text"]
    _screenshot(browser, "document.png")


def test_the_second_of_two_reviewers_gets_a_conflict(site, browser):
    sha = _document_id(site, "42/KH-THPTLTT")
    browser.get(f"{site['url']}/documents/{sha}")
    page = browser.find_element(*_by("img.page-boxes"))  # the PDF page with its word boxes over it
    browser.execute_script("arguments[0].scrollIntoView()", page)
    _until(lambda: page.get_property("naturalWidth") == 900)
    assert not browser.find_elements(*_by(".source-missing"))
    first = browser.current_window_handle
    browser.switch_to.new_window("tab")
    browser.get(f"{site['url']}/documents/{sha}")
    second = browser.current_window_handle
    for handle, name, value in ((first, "An", "42/KH-A"), (second, "Bình", "42/KH-B")):
        browser.switch_to.window(handle)
        row = browser.find_element(*_by("#field-number"))
        field = row.find_element(*_by("input[name=value]"))
        field.clear()
        field.send_keys(value)
        row.find_element(*_by("input[name=author]")).send_keys(name)
        row.find_element(*_by("button[value=correct]")).click()
    alert = browser.find_element(*_by(".conflict"))
    assert "conflict" in alert.text.lower() and "42/KH-B" in alert.text
    assert browser.find_element(*_by("#field-number input[name=value]")).get_attribute("value") == "42/KH-A"
    assert _api(site, f"/api/documents/{sha}")["record"]["number"] == "42/KH-A"


def test_markup_in_a_document_renders_as_text(site, browser):
    from selenium.common.exceptions import NoAlertPresentException

    browser.get(f"{site['url']}/documents/{site['hostile'].sha256}")
    assert "<script>document.title='pwned'" in browser.find_element(*_by(".lines")).text
    assert browser.title != "pwned"
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    assert not browser.find_elements(*_by(".lines img, .lines script"))
    browser.get(site["url"] + "/?q=script")
    assert "<img src=x" in browser.find_element(*_by("ol.hits")).text
