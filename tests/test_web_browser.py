"""The web workspace in a real browser: Debian's chromium, driven by Selenium through
chromium-driver (.ci/run installs both), against `kg serve`'s app on a loopback port."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from openpyxl import load_workbook

from kg.web.app import create_app
from kg.web.workspace import Workspace
from web_store import DRAFT_CSV, PLANTED, SEED_AGENCIES

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
if not (CHROMIUM and CHROMEDRIVER):
    if os.environ.get("CI"):
        raise RuntimeError("chromium and chromium-driver are needed (.ci/run installs them)")
    pytest.skip("chromium and chromium-driver are not installed", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(copy_five_lists, tmp_path_factory):
    """The app served by uvicorn in a thread over a copy of the five-list store; its address."""
    workspace = Workspace(copy_five_lists(tmp_path_factory.mktemp("web") / "store"))
    port = _free_port()
    config = uvicorn.Config(create_app(workspace), host="127.0.0.1", port=port, log_level="warning")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,900"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def _wait_for_file(directory: Path, suffix: str, timeout: float = 20) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in directory.iterdir() if p.suffix == suffix]
        if done:
            return done[0]
        time.sleep(0.2)
    raise AssertionError(f"no {suffix} downloaded into {directory}")


def test_search_an_article_and_open_its_view(browser, server):
    browser.get(server + "/items")
    browser.find_element(By.NAME, "statute").send_keys("社会保险法")
    browser.find_element(By.NAME, "article").send_keys("第八十七条")
    browser.find_element(By.CSS_SELECTOR, "form.search button[type=submit]").click()
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.result")
    assert len(rows) == 4
    headings = {h.text.rsplit("（", 1)[0] for h in browser.find_elements(By.CSS_SELECTOR, "section.agency h3")}
    assert headings == SEED_AGENCIES
    assert "statute=" in browser.current_url and "article=" in browser.current_url   # shareable
    browser.find_element(By.PARTIAL_LINK_TEXT, "查看条文").click()
    versions = [h.text for h in browser.find_elements(By.CSS_SELECTOR, ".version h3")]
    assert any(v.startswith("2010-10-28") for v in versions) and any(v.startswith("2018-12-29") for v in versions)
    assert len(browser.find_elements(By.CSS_SELECTOR, ".quote")) >= 3
    assert len(browser.find_elements(By.CSS_SELECTOR, "tr.result")) == 4


def test_impact_2010_to_2018_and_download_the_workbook(browser, server, downloads):
    browser.get(server + "/impact")
    browser.find_element(By.NAME, "statute").send_keys("社会保险法")
    browser.find_element(By.CSS_SELECTOR, "form.search button[type=submit]").click()
    Select(browser.find_element(By.NAME, "from")).select_by_value("2010-10-28")
    Select(browser.find_element(By.NAME, "to")).select_by_value("2018-12-29")
    browser.find_element(By.CSS_SELECTOR, "form.search button[type=submit]").click()
    affected = int(browser.find_element(By.ID, "n-affected").text)
    unchanged = int(browser.find_element(By.ID, "n-unchanged").text)
    assert affected >= 1 and unchanged >= 1
    names = {cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "table.affected tr td:nth-child(3)")}
    assert len(names) >= 1
    browser.find_element(By.ID, "download-xlsx").click()
    book = load_workbook(_wait_for_file(downloads, ".xlsx"))
    assert names <= {cell for row in book["受影响"].iter_rows(values_only=True) for cell in row}


def test_upload_a_draft_and_see_the_three_planted_mistakes(browser, server, tmp_path):
    draft = tmp_path / "草稿.csv"
    draft.write_text(DRAFT_CSV, encoding="utf-8")
    browser.get(server + "/validate")
    browser.find_element(By.NAME, "file").send_keys(str(draft))
    browser.find_element(By.CSS_SELECTOR, "form.search button[type=submit]").click()
    findings = browser.find_elements(By.CSS_SELECTOR, "tr.finding")
    assert len(findings) == 3
    seen = {cell.get_attribute("title"): row.find_element(By.CSS_SELECTOR, "td").text
            for row in findings for cell in row.find_elements(By.CSS_SELECTOR, "td[title]")}
    assert seen == {check: f"第{line}行" for check, line in PLANTED.items()}
    assert browser.find_element(By.ID, "n-Violation").text == "3"


def test_run_a_named_query_and_page(browser, server):
    browser.get(server + "/queries")
    browser.find_element(By.LINK_TEXT, "citations-of-statute").click()
    browser.find_element(By.NAME, "statute").send_keys("社会保险法")
    Select(browser.find_element(By.NAME, "size")).select_by_visible_text("20")   # several pages
    browser.find_element(By.CSS_SELECTOR, "form.search button[type=submit]").click()
    total = int(browser.find_element(By.CSS_SELECTOR, ".total").text)
    assert total > 40
    seen = []
    while True:
        rows = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "tr.result")]
        assert len(rows) == min(20, total - len(seen))
        seen += rows
        following = browser.find_elements(By.CSS_SELECTOR, "a[rel=next]")
        if not following:
            break
        following[0].click()
    assert len(seen) == total
    browser.find_element(By.CSS_SELECTOR, "a[rel=prev]").click()
    last_page_start = (total - 1) // 20 * 20
    assert [r.text for r in browser.find_elements(By.CSS_SELECTOR, "tr.result")] == \
        seen[last_page_start - 20:last_page_start]


def test_console_refuses_an_update(browser, server):
    browser.get(server + "/sparql")
    box = browser.find_element(By.NAME, "query")
    box.clear()
    box.send_keys("DELETE WHERE { ?s ?p ?o }")
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    assert "只读控制台" in browser.find_element(By.CSS_SELECTOR, ".error").text
    box = browser.find_element(By.NAME, "query")
    box.clear()
    box.send_keys("SELECT (COUNT(*) AS ?triples) { ?s ?p ?o }")
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    assert int(browser.find_element(By.CSS_SELECTOR, "tr.result td").text) > 1000
