"""`kaikit lab` (`python -m kaikit lab`, and `make lab`, which calls it) serves JupyterLab on loopback with the kit's
extensions enabled, on the first lesson, with the kit's settings: no news prompt, menus in the lesson's language.

Each server gets a private copy of JupyterLab's application directory (JUPYTERLAB_DIR, which `kaikit lab` honours as
JupyterLab does): the settings it writes land there, not in the environment other tests' servers share."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from browser import free_port, lab_setting, private_app_dir, stop, wait_for

from kaikit._paths import REPO_ROOT
from kaikit.lab import SETTINGS_FILE, lab_settings

TOKEN = "kaikit-test-token"
NOTIFICATION = "@jupyterlab/apputils-extension:notification"
TRANSLATION = "@jupyterlab/translation-extension:plugin"


def get(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode("utf-8", "replace")


def private_env(folder):
    """The environment of a server whose JupyterLab folders (application, settings, workspaces, runtime) are its own."""
    return dict(os.environ, JUPYTERLAB_DIR=str(private_app_dir(folder)), JUPYTER_RUNTIME_DIR=str(folder / "runtime"),
                JUPYTERLAB_SETTINGS_DIR=str(folder / "user-settings"),
                JUPYTERLAB_WORKSPACES_DIR=str(folder / "workspaces"), BROWSER="true")


@contextmanager
def server(command, folder, cwd):
    """``command`` started in its own session with a private environment; (base URL, seconds until it answered,
    the environment); always stopped."""
    env = private_env(folder)
    log = folder / "lab.log"
    started = time.monotonic()
    with open(log, "w") as output:
        process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT, env=env,
                                   start_new_session=True)
    port = next(word.split("=")[-1] for word in command if word.startswith(("PORT=", "--port=")))
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/api/status?token={TOKEN}", process, log, seconds=90)
        yield base, time.monotonic() - started, env
    finally:
        stop(process)


def kaikit_lab(folder, *arguments):
    """``python -m kaikit lab --no-browser`` on a free port, run from a folder that is not the kit's."""
    command = [sys.executable, "-m", "kaikit", "lab", "--no-browser", f"--port={free_port()}",
               f"--IdentityProvider.token={TOKEN}", *arguments]
    return server(command, folder, cwd=folder)


def settings_of(base, plugin):
    with urllib.request.urlopen(f"{base}/lab/api/settings/{plugin}?token={TOKEN}", timeout=10) as response:
        return json.load(response)


def opens_on(base):
    """The page JupyterLab's own address leads to (the default URL)."""
    with urllib.request.urlopen(f"{base}/?token={TOKEN}", timeout=10) as response:  # follows redirects
        assert response.status == 200 and "jupyter-config-data" in response.read().decode()
        return urllib.parse.urlsplit(response.url).path


def test_make_lab_runs_kaikit_lab_on_the_first_lesson_on_loopback_without_the_news_prompt(tmp_path):
    command = ["make", "-s", "lab", f"PORT={free_port()}",
               f"LAB_ARGS=--no-browser --IdentityProvider.token={TOKEN} --ServerApp.port_retries=0"]
    with server(command, tmp_path, cwd=REPO_ROOT) as (base, seconds, env):
        status, _ = get(f"{base}/api/contents/lessons/ko/00_start_here.ipynb?content=0&token={TOKEN}")
        assert status == 200
        assert opens_on(base) == "/lab/tree/lessons/ko/00_start_here.ipynb"
        assert lab_setting(settings_of(base, NOTIFICATION), "fetchNews") == "false"
        assert lab_setting(settings_of(base, TRANSLATION), "locale") == "ko_KR"   # the lesson is Korean
        written = Path(env["JUPYTERLAB_DIR"], SETTINGS_FILE)
        assert json.loads(written.read_text(encoding="utf-8")) == lab_settings("ko")
        with pytest.raises(urllib.error.HTTPError):  # the token is required
            get(f"{base}/api/contents")
    print(f"make lab answered after {seconds:.1f} s")
    assert "JupyterLab을 시작합니다" in (tmp_path / "lab.log").read_text(encoding="utf-8")


def run_in_a_kernel(base, code):
    """What ``code`` prints in a new kernel of the server at ``base`` (through Jupyter's kernel websocket)."""
    import websocket

    request = urllib.request.Request(f"{base}/api/kernels?token={TOKEN}", data=b"{}", method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        kernel = json.load(response)["id"]
    channel = websocket.create_connection(f"ws{base[4:]}/api/kernels/{kernel}/channels?token={TOKEN}", timeout=60)
    try:
        channel.send(json.dumps({"header": {"msg_id": "run", "msg_type": "execute_request", "username": "test",
                                            "session": "test", "version": "5.3"},
                                 "parent_header": {}, "metadata": {}, "channel": "shell",
                                 "content": {"code": code, "silent": False}}))
        printed = ""
        while True:
            reply = json.loads(channel.recv())
            if reply.get("parent_header", {}).get("msg_id") != "run":
                continue
            if reply["msg_type"] == "stream":
                printed += reply["content"]["text"]
            elif reply["msg_type"] == "error":
                raise AssertionError("\n".join(reply["content"]["traceback"]))
            elif reply["msg_type"] == "status" and reply["content"]["execution_state"] == "idle":
                return printed
    finally:
        channel.close()


def test_kaikit_lab_in_english_for_a_student_opens_the_english_lesson_and_draws_the_students_cases(tmp_path):
    from kaikit.variants import case_number

    with kaikit_lab(tmp_path, "--lang", "en", "--student", "s007") as (base, _, _):
        assert opens_on(base) == "/lab/tree/lessons/en/00_start_here.ipynb"
        assert lab_setting(settings_of(base, TRANSLATION), "locale") == "en"
        assert lab_setting(settings_of(base, NOTIFICATION), "fetchNews") == "false"
        code = "import kaikit.variants as v; print(v.identity(), v.case('ex05_pipeline').number)"
        drawn = run_in_a_kernel(base, code)
    assert drawn.split() == ["s007", str(case_number("ex05_pipeline", "s007"))]
    log = (tmp_path / "lab.log").read_text()
    assert "Starting JupyterLab on lessons/en/00_start_here.ipynb" in log
    assert "Per-student cases are drawn for student id s007" in log


def run_kaikit(*arguments, env=None):
    return subprocess.run([sys.executable, "-m", "kaikit", *arguments], capture_output=True, text=True, timeout=120,
                          env=env)


def test_a_port_in_use_is_explained_in_the_learners_language(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        korean = run_kaikit("lab", "--no-browser", "--port", str(port))
        english = run_kaikit("lab", "--lang", "en", "--no-browser", "--port", str(port))
    assert korean.returncode == 2 and f"{port}번 포트를 이미 다른 프로그램이 쓰고" in korean.stderr, korean.stderr
    assert english.returncode == 2 and f"Port {port} on 127.0.0.1 is already in use" in english.stderr
    assert "Traceback" not in korean.stderr + english.stderr


def test_bad_input_gets_a_sentence_not_a_traceback():
    unknown = run_kaikit("lab", "--prot", "9999")
    assert unknown.returncode == 2 and "'--prot'은(는) kaikit lab의 옵션이 아닙니다" in unknown.stderr
    assert "'--port'" in unknown.stderr, "it suggests the option meant"
    port = run_kaikit("--lang", "en", "lab", "--port", "http")
    assert port.returncode == 2 and "'http' is not a port number" in port.stderr, port.stderr
    missing = run_kaikit("lab", "lessons/ko/00_start.ipynb")
    assert missing.returncode == 2 and "lessons/ko/00_start_here.ipynb" in missing.stderr, missing.stderr
    student = run_kaikit("lab", "--port", str(free_port()), "--student", "kim minji")
    assert student.returncode == 2 and "'kim minji'은(는) 학생 ID로 쓸 수 없습니다" in student.stderr, student.stderr
    assert "Traceback" not in unknown.stderr + port.stderr + missing.stderr + student.stderr


def test_settings_only_writes_what_a_hub_needs_and_starts_nothing(tmp_path):
    """What deploy/jupyterhub/setup-course.sh and postBuild run (tests/repo/test_deploy.py checks they do)."""
    env = dict(os.environ, JUPYTERLAB_DIR=str(tmp_path / "app"), KAIKIT_LANG="en")
    result = run_kaikit("lab", "--settings-only", env=env)
    assert result.returncode == 0 and "JupyterLab settings written" in result.stdout, result.stderr
    written = json.loads((tmp_path / "app" / SETTINGS_FILE).read_text(encoding="utf-8"))
    assert written == lab_settings("en")


def test_lab_extensions_for_grading_and_widgets_are_enabled_and_ok():
    jupyter = str(Path(sys.executable).parent / "jupyter")
    result = subprocess.run([jupyter, "labextension", "list"], cwd=REPO_ROOT, capture_output=True, text=True,
                            env=dict(os.environ, NO_COLOR="1"))
    listing = result.stdout + result.stderr
    for extension in ["@jupyter/nbgrader", "@jupyter-widgets/jupyterlab-manager"]:
        line = next((line for line in listing.splitlines() if extension in line), "")
        assert "enabled" in line and "OK" in line, f"{extension}: {line or 'not listed'}"
