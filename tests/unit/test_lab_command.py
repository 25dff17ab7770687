"""`kaikit lab`'s plain functions (kaikit/lab.py): JupyterLab's command line, the kit's settings and where JupyterLab
reads them, and the sentences a learner gets for bad input. tests/e2e/test_lab.py starts the real thing."""
import json
import os
import socket

import pytest

from kaikit._paths import REPO_ROOT
from kaikit.i18n import in_language
from kaikit.lab import (
    DEFAULT_PORT,
    LabProblem,
    first_lesson,
    lab_arguments,
    lab_settings,
    lesson_language,
    port_is_free,
    port_number,
    settings_path,
    split_arguments,
    student_id,
    write_settings,
)


def test_the_command_line_serves_the_kit_on_loopback_and_opens_the_first_lesson():
    arguments = lab_arguments(REPO_ROOT, first_lesson("ko"), DEFAULT_PORT, as_root=False)
    assert arguments == ["--ServerApp.ip=127.0.0.1", "--ServerApp.port=8888", "--ServerApp.port_retries=0",
                         f"--ServerApp.root_dir={REPO_ROOT}",
                         "--LabApp.default_url=/lab/tree/lessons/ko/00_start_here.ipynb"]
    assert (REPO_ROOT / first_lesson("en")).is_file() and (REPO_ROOT / first_lesson("ko")).is_file()


def test_no_browser_root_and_jupyters_own_options_come_last_and_replace_the_kits():
    arguments = lab_arguments(REPO_ROOT, "lessons/en/03_models.ipynb", 9999, open_browser=False, as_root=True,
                              extra=["--ServerApp.port_retries=0", "--port", "7777"])
    assert arguments[-5:] == ["--no-browser", "--allow-root", "--ServerApp.port_retries=0", "--port", "7777"]
    # Jupyter refuses a setting given twice ("port_retries only accepts one value, got 2"): the learner's is kept.
    assert not [word for word in arguments[:-3] if word.startswith(("--ServerApp.port=", "--ServerApp.port_retries"))]
    assert "--LabApp.default_url=/lab/tree/lessons/en/03_models.ipynb" in arguments
    windows = lab_arguments(REPO_ROOT, "lessons\\en\\03_models.ipynb", 9999, as_root=False)
    assert "--LabApp.default_url=/lab/tree/lessons/en/03_models.ipynb" in windows   # a URL, never a backslash


def test_a_folder_without_lessons_or_a_misspelled_notebook_is_explained(tmp_path):
    with pytest.raises(LabProblem, match="lessons/ 폴더가 없습니다"):
        lab_arguments(tmp_path, first_lesson("ko"), DEFAULT_PORT)
    with pytest.raises(LabProblem, match="There is no lessons/ folder in .*python -m pip install -e ."):
        in_language("en", lab_arguments, tmp_path, first_lesson("ko"), DEFAULT_PORT)
    with pytest.raises(LabProblem, match="Did you mean 'lessons/en/03_models.ipynb'"):
        in_language("en", lab_arguments, REPO_ROOT, "lessons/en/03_model.ipynb", DEFAULT_PORT)


def test_the_menus_follow_the_lesson():
    assert lab_settings("ko")["@jupyterlab/translation-extension:plugin"] == {"locale": "ko_KR"}
    assert lab_settings("en")["@jupyterlab/translation-extension:plugin"] == {"locale": "en"}
    for language in ("ko", "en"):
        assert lab_settings(language)["@jupyterlab/apputils-extension:notification"] == {"fetchNews": "false"}
    assert [lesson_language(n) for n in ("lessons/ko/01_position.ipynb", "lessons\\en\\x.ipynb", "notes.ipynb",
                                         None)] == ["ko", "en", None, None]


def test_settings_go_where_jupyterlab_reads_overrides(tmp_path):
    """jupyterlab_server's own reader of overrides sees the file (overrides.d/, read before overrides.json)."""
    from jupyterlab_server.settings_utils import _get_overrides

    path = write_settings(tmp_path, "ko")
    assert path == settings_path(tmp_path) == tmp_path / "settings" / "overrides.d" / "kaikit.json"
    overrides, error = _get_overrides(str(tmp_path / "settings"))
    assert not error and overrides["@jupyterlab/apputils-extension:notification"] == {"fetchNews": "false"}
    assert overrides["@jupyterlab/translation-extension:plugin"] == {"locale": "ko_KR"}
    # An administrator's overrides.json stays theirs, and wins.
    (tmp_path / "settings" / "overrides.json").write_text(
        json.dumps({"@jupyterlab/translation-extension:plugin": {"locale": "en"}}))
    assert _get_overrides(str(tmp_path / "settings"))[0]["@jupyterlab/translation-extension:plugin"]["locale"] == "en"


def test_settings_are_written_only_when_they_change(tmp_path):
    path = write_settings(tmp_path, "ko")
    os.utime(path, (1, 1))
    write_settings(tmp_path, "ko")
    assert path.stat().st_mtime == 1
    write_settings(tmp_path, "en")
    assert json.loads(path.read_text(encoding="utf-8")) == lab_settings("en")
    assert [p.name for p in path.parent.iterdir()] == ["kaikit.json"]   # no draft left behind


def test_jupyters_own_options_are_passed_on():
    assert split_arguments(["lab", "--no-browser", "--ServerApp.token=abc"]) == (["lab", "--no-browser"],
                                                                                 ["--ServerApp.token=abc"])
    assert split_arguments(["lab", "--IdentityProvider.token", "abc", "lessons/en/03_models.ipynb"]) == (
        ["lab", "lessons/en/03_models.ipynb"], ["--IdentityProvider.token", "abc"])
    assert split_arguments(["lab", "--", "--debug", "--port", "1"]) == (["lab"], ["--debug", "--port", "1"])
    assert split_arguments(["lab", "--prot", "9"]) == (["lab", "--prot", "9"], [])   # a mistake stays ours


def test_ports():
    assert port_number("8888") == 8888
    for bad in ("0", "65536", "-1", "http", "88.5"):
        with pytest.raises(ValueError, match="포트 번호가 아닙니다"):
            port_number(bad)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        assert not port_is_free(taken.getsockname()[1])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert port_is_free(port)


def test_a_student_id_is_one_nbgrader_can_file_a_submission_under():
    assert student_id(" s001\n") == "s001" and student_id("kim.minji@uni") == "kim.minji@uni"
    assert student_id("김민지") == "김민지"
    for bad in ("", " ", "a b", "../s001", "s/001", ".hidden", "x" * 65):
        with pytest.raises(ValueError, match="학생 ID로 쓸 수 없습니다"):
            student_id(bad)
    with pytest.raises(ValueError, match="cannot be a student id.*--student s001"):
        in_language("en", student_id, "a b")
