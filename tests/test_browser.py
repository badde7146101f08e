"""The student's path in a real browser: JupyterLab in Debian's Chromium, driven by Playwright
(no browser download), on a copy of release/rnn_attention/ outside the repository.

The answers are typed into the file beforehand (as a student's editing would leave it); in the
browser the test runs Restart & Run All, sees the last cell refuse the unsaved notebook, presses
Ctrl+S, runs the last cell again and finds the PDF with the notebook embedded. Screenshots go
to tests/artifacts/ (not committed).
"""
import os
import shutil
import subprocess
import sys
import time
import urllib.request

import nbformat
import pytest

from autograder.student import pdf as student_pdf
import nbenv
from conftest import ROOT, free_port

HW = "rnn_attention"
CHROMIUM = shutil.which("chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
TOKEN = "browser-test-token"
# the text of the notebook's export cell (its last code cell), in the page
EXPORT_CELL_JS = ("() => ([...document.querySelectorAll('.jp-Notebook .jp-CodeCell')]"
                  ".filter(c => c.innerText.includes('from hwtools import submit')).pop()"
                  " || {innerText: ''}).innerText")
pytestmark = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                                reason="Debian's chromium is not installed")



def settings(folder):
    """JupyterLab settings for a test: every cell rendered, no autosave, no news."""
    values = {"notebook-extension/tracker": '{"windowingMode": "none"}',
              "docmanager-extension/plugin": '{"autosave": false}',
              "apputils-extension/notification": '{"fetchNews": "false"}'}
    for name, text in values.items():
        extension, plugin = name.split("/")
        target = folder / "@jupyterlab" / extension
        target.mkdir(parents=True, exist_ok=True)
        (target / f"{plugin}.jupyterlab-settings").write_text(text)


def wait_for_server(base, server, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
            return
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.5)
    pytest.fail(f"JupyterLab did not start within {seconds} s")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """(base URL, student folder): JupyterLab on 127.0.0.1 serving a filled-in copy."""
    assert CHROMIUM, "Debian's chromium is missing: run scripts/install-system.sh as root"
    home = tmp_path_factory.mktemp("lab")
    folder = home / "work" / HW
    shutil.copytree(ROOT / "release" / HW, folder)
    notebook = folder / f"{HW}.ipynb"
    key = nbformat.read(ROOT / "solutions" / HW / f"{HW}-key.ipynb", as_version=4)
    nbformat.write(nbenv.answered(nbformat.read(notebook, as_version=4), key), notebook)
    settings(home / "settings")
    port = free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"),
           "JUPYTER_RUNTIME_DIR": str(home / "runtime"), "JUPYTER_DATA_DIR": str(home / "data")}
    env.pop("MPLBACKEND", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}",
         "--ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}",
         f"--ServerApp.root_dir={home / 'work'}", f"--LabApp.user_settings_dir={home / 'settings'}",
         f"--LabApp.workspaces_dir={home / 'workspaces'}", "--LabApp.news_url=",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_server(base, server)
        yield base, folder
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


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


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{HW}-{name}.png"))


def wait_idle(page, timeout=300_000):
    """Until the kernel is idle and no cell is queued or running."""
    page.wait_for_selector("text=/Python 3 \\(ipykernel\\) \\| Idle/", timeout=timeout)
    page.wait_for_function(
        "() => ![...document.querySelectorAll('.jp-InputArea-prompt')]"
        ".some(e => e.innerText.includes('[*]'))", timeout=timeout)


def command(page, label):
    """Run a JupyterLab command by its label, through the command palette."""
    page.keyboard.press("Control+Shift+C")
    palette = page.locator(".lm-CommandPalette-input")
    palette.wait_for(timeout=10_000)
    palette.fill(label)
    page.locator(".lm-CommandPalette-item", has_text=label).first.click()


def wait_saved(path, seconds=30):
    """Until the notebook on disk holds the outputs of Run All."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        nb = nbformat.read(path, as_version=4)
        if all(c.execution_count for c in nb.cells if c.cell_type == "code"):
            return
        time.sleep(0.5)
    pytest.fail("the notebook was not saved")


def export_cell(page):
    return page.locator(".jp-Notebook .jp-CodeCell", has_text="from hwtools import submit").last


def last_cell_output(page):
    return export_cell(page).locator(".jp-OutputArea").inner_text()


def test_student_runs_all_saves_and_gets_the_pdf_from_the_last_cell(lab, browser):
    base, folder = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(f"{base}/lab/tree/{HW}/{HW}.ipynb?token={TOKEN}&reset")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        wait_idle(page, timeout=120_000)
        shot(page, "1-opened")
        command(page, "Restart Kernel and Run All Cells")
        dialog = page.locator(".jp-Dialog button.jp-mod-accept")
        dialog.wait_for(timeout=10_000)
        dialog.click()
        page.wait_for_function(
            EXPORT_CELL_JS + ".includes('No PDF made')", timeout=400_000)
        wait_idle(page)
        shot(page, "2-refused")
        refused = last_cell_output(page)
        assert "not what this kernel ran" in refused and "press Ctrl+S" in refused, refused
        assert not (folder / f"{HW}.pdf").exists()

        export_cell(page).locator(".jp-InputPrompt").click()
        page.keyboard.press("Control+s")  # the student saves
        wait_saved(folder / f"{HW}.ipynb")
        page.keyboard.press("Shift+Enter")  # and runs the last cell again
        try:
            page.wait_for_function(
                EXPORT_CELL_JS + ".includes('PDF written')", timeout=300_000)
        finally:
            shot(page, "3-last-cell")
        printed = last_cell_output(page)
    finally:
        page.close()
    assert f"PDF written: {HW}.pdf (via LaTeX; {HW}.ipynb is embedded in it)." in printed
    assert "Every answer, output, written answer and figure is in the PDF" in printed, printed
    pdf = folder / f"{HW}.pdf"
    name, data, _ = student_pdf.attachment(pdf.read_bytes())
    saved = nbformat.reads(data.decode(), as_version=4)
    assert name == f"{HW}.ipynb"
    assert all(c.execution_count for c in saved.cells if c.cell_type == "code"
               and "export" not in c.metadata.get("tags", []))
