"""Lessons with widgets run as standalone Voila apps (code hidden): `make app`."""
import os
import subprocess
import time
import urllib.request

import pytest
from browser import free_port, stop

from kaikit._paths import REPO_ROOT

# `make app APP=...` with a lesson other than its default; the default (Korean 05) and English 06 are used in a
# browser by tests/e2e/test_browser.py.
APPS = ["lessons/en/05_hwasubun_pipeline.ipynb"]


@pytest.mark.parametrize("app", APPS)
def test_lesson_renders_as_a_voila_app_with_its_widget(app, tmp_path):
    port = free_port()
    log = open(tmp_path / "voila.log", "w")
    process = subprocess.Popen(["make", "-s", "app", f"APP={app}", f"PORT={port}", "LAB_ARGS=--no-browser"],
                               cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                               env=dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime")))
    try:
        page, deadline = None, time.monotonic() + 120
        while page is None and time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail((tmp_path / "voila.log").read_text()[-2000:])
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=90) as response:
                    page = response.read().decode("utf-8")
            except OSError:
                time.sleep(0.5)
        assert page, "Voila did not answer in 120 s"
        assert "application/vnd.jupyter.widget-view+json" in page, "the simulator widget was not rendered"
        assert "image/png" in page, "the lesson's charts were not rendered"
        for sign_of_error in ["Traceback", "application/vnd.jupyter.stderr", "Error displaying widget"]:
            assert sign_of_error not in page, sign_of_error
        assert "import kaikit" not in page, "code cells should be hidden in the app"
    finally:
        stop(process)
        log.close()
