"""JupyterLab in a real browser: Debian's Chromium, driven by Playwright (no browser download).

Starts JupyterLab on a copy of release/, opens each student notebook, runs all cells, and checks
that the sanity-check output and the grader.check results render. A screenshot of each is kept in
tests/artifacts/ (not committed).
"""
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

import nbenv
from conftest import HOMEWORKS, ROOT

CHROMIUM = shutil.which("chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
TOKEN = "browser-test-token"
pytestmark = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                                reason="Debian's chromium is not installed")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    assert CHROMIUM, "Debian's chromium is missing: run scripts/install-system.sh as root"
    folder = tmp_path_factory.mktemp("lab")
    for hw in HOMEWORKS:  # finished student notebooks: the key's answers typed in
        shutil.copytree(ROOT / "release" / hw, folder / hw)
        notebook = folder / hw / f"{hw}.ipynb"
        key = nbformat.read(ROOT / "solutions" / hw / f"{hw}-key.ipynb", as_version=4)
        nbformat.write(nbenv.answered(nbformat.read(notebook, as_version=4), key), notebook)
    settings = folder / ".settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    # render every cell (JupyterLab 4 leaves cells outside the window out of the page)
    (settings / "tracker.jupyterlab-settings").write_text('{"windowingMode": "none"}')
    news = folder / ".settings" / "@jupyterlab" / "apputils-extension"
    news.mkdir(parents=True)
    (news / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
    port = free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(folder / ".jupyter"),
           "JUPYTER_RUNTIME_DIR": str(folder / ".runtime")}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}",
         "--ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}", f"--notebook-dir={folder}",
         "--ServerApp.disable_check_xsrf=True", f"--LabApp.user_settings_dir={folder / '.settings'}", "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("JupyterLab did not start within 90 s")
    yield base
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync"])
        yield chromium
        chromium.close()


@pytest.mark.parametrize("hw", HOMEWORKS)
def test_student_notebook_runs_in_jupyterlab(lab, browser, hw):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{lab}/lab/tree/{hw}/{hw}.ipynb?token={TOKEN}&reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    # the kernel must be connected and idle before Run All, or nothing runs
    page.wait_for_selector("text=/Python 3 \\(ipykernel\\) \\| Idle/", timeout=90_000)
    time.sleep(2)
    # Run > Run All Cells, through JupyterLab's menu bar
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    outputs = page.locator(".jp-OutputArea-output")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-OutputArea-output')]"
        ".some(e => e.innerText.includes('passed'))", timeout=180_000)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:  # until no cell is queued or running
        busy = page.locator(".jp-InputArea-prompt:has-text('[*]')").count()
        if busy == 0:
            break
        time.sleep(1)
    text = "\n".join(outputs.all_inner_texts())
    outputs.filter(has_text="passed").first.scroll_into_view_if_needed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{hw}-jupyterlab.png"), full_page=False)
    page.close()
    # a finished notebook: every sanity check prints, every grader.check renders "passed"
    released = (ROOT / "release" / hw / f"{hw}.ipynb").read_text()
    checks = len(re.findall(r'grader\.check\(\\"', released))
    assert checks and text.count("passed") >= checks, text[:800]
    assert "Error" not in text and "Traceback" not in text
    if 'print(\\"Pass!\\")' in released:
        assert "Pass!" in text
