"""`make lab` serves JupyterLab on loopback with the kit's extensions enabled."""
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from browser import free_port, stop

from kaikit._paths import REPO_ROOT

TOKEN = "kaikit-test-token"


def get(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode("utf-8", "replace")


@pytest.fixture
def lab_server(tmp_path):
    port = free_port()
    log = open(tmp_path / "lab.log", "w")
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), BROWSER="true")
    process = subprocess.Popen(
        ["make", "-s", "lab", f"PORT={port}",
         f"LAB_ARGS=--no-browser --IdentityProvider.token={TOKEN} --ServerApp.port_retries=0"],
        cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"make lab exited: {(tmp_path / 'lab.log').read_text()[-2000:]}")
            try:
                get(f"{base}/api/status?token={TOKEN}")
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail(f"JupyterLab did not answer in 90 s: {(tmp_path / 'lab.log').read_text()[-2000:]}")
        yield base
    finally:
        stop(process)
        log.close()


def test_make_lab_serves_the_start_lesson_on_loopback(lab_server):
    status, _ = get(f"{lab_server}/api/contents/lessons/ko/00_start_here.ipynb?content=0&token={TOKEN}")
    assert status == 200
    with urllib.request.urlopen(f"{lab_server}/?token={TOKEN}", timeout=10) as response:  # follows redirects
        assert response.status == 200 and "jupyter-config-data" in response.read().decode()
        assert urllib.parse.urlsplit(response.url).path == "/lab/tree/lessons/ko/00_start_here.ipynb"
    with pytest.raises(urllib.error.HTTPError):  # the token is required
        get(f"{lab_server}/api/contents")


def test_lab_extensions_for_grading_and_widgets_are_enabled_and_ok():
    jupyter = str(Path(sys.executable).parent / "jupyter")
    result = subprocess.run([jupyter, "labextension", "list"], cwd=REPO_ROOT, capture_output=True, text=True,
                            env=dict(os.environ, NO_COLOR="1"))
    listing = result.stdout + result.stderr
    for extension in ["@jupyter/nbgrader", "@jupyter-widgets/jupyterlab-manager"]:
        line = next((line for line in listing.splitlines() if extension in line), "")
        assert "enabled" in line and "OK" in line, f"{extension}: {line or 'not listed'}"
