"""deploy/jupyterhub/ without a hub: what kaikit_course.py configures, how it combines with TLJH's and Z2JH's own
configuration, and the setup script's refusals. tests/e2e/test_jupyterhub.py runs the whole recipe on a real hub."""
import json
import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from jupyterhub.scopes import _check_scopes_exist
from traitlets.config import Config, PyFileConfigLoader

from kaikit._paths import REPO_ROOT
from kaikit.grading.cli import default_course
from kaikit.grading.course import Course, CourseError
from kaikit.lab import SETTINGS_FILE, lab_settings

DEPLOY = REPO_ROOT / "deploy" / "jupyterhub"
COURSE_CONFIG = DEPLOY / "kaikit_course.py"
course = runpy.run_path(str(COURSE_CONFIG))


@pytest.fixture
def roster(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_text("student_id,name,email\nkim,Kim,kim@example.org\nlee,Lee,lee@example.org\n", encoding="utf-8")
    return path


def configured(roster, **settings):
    env = {"KAIKIT_INSTRUCTORS": "park", "KAIKIT_GRADERS": "ta1, ta2", "KAIKIT_ROSTER": str(roster),
           "KAIKIT_ACCOUNT_PREFIX": "", **settings}
    return course["configure"](Config(), env)


def role(config, name):
    return next(r for r in config.JupyterHub.load_roles if r["name"] == name)


def test_groups_and_logins_come_from_the_roster_and_the_staff(roster):
    config = configured(roster)
    assert config.Authenticator.allowed_users == {"park", "ta1", "ta2", "kim", "lee"}
    assert config.JupyterHub.load_groups == {"formgrade-kaikit": {"users": ["park", "ta1", "ta2"]},
                                             "nbgrader-kaikit": {"users": ["kim", "lee"]}}


def test_tljh_accounts_are_named_with_a_prefix(tmp_path):
    """On TLJH the hub user kim runs as Unix user jupyter-kim, and nbgrader records jupyter-kim as the student id:
    the roster holds nbgrader's ids (as `kaikit export` needs), the hub gets the usernames."""
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id\njupyter-kim\njupyter-lee\n", encoding="utf-8")
    config = configured(roster, KAIKIT_ACCOUNT_PREFIX="jupyter-")
    assert config.JupyterHub.load_groups["nbgrader-kaikit"] == {"users": ["kim", "lee"]}


def test_roles_use_only_scopes_jupyterhub_knows(roster):
    for r in configured(roster).JupyterHub.load_roles:
        _check_scopes_exist(r["scopes"], who_for=r["name"])  # raises ScopeNotFound


def test_instructors_manage_students_servers_but_cannot_open_them(roster):
    scopes = role(configured(roster), "kaikit-instructor")["scopes"]
    assert "servers!group=nbgrader-kaikit" in scopes
    assert not any(s.startswith(("access:servers", "admin:", "users")) for s in scopes), scopes
    assert role(configured(roster), "kaikit-grader")["scopes"][0] == "access:services!service=kaikit"
    assert not any("access" in s for s in role(configured(roster), "kaikit-student")["scopes"])


def test_formgrader_runs_as_the_grader_account_in_the_course_folder(roster):
    config = configured(roster, KAIKIT_USER_ENV="/opt/kaikit/env", KAIKIT_SERVICE_URL="http://127.0.0.1:9000")
    service = next(s for s in config.JupyterHub.services if s["name"] == "kaikit")
    assert service["user"] == "grader-kaikit" and service["cwd"] == "/home/grader-kaikit/kaikit"
    assert service["command"] == ["/opt/kaikit/env/bin/jupyterhub-singleuser"]
    assert service["url"] == "http://127.0.0.1:9000"
    assert service["environment"]["PATH"].startswith("/opt/kaikit/env/bin:")
    assert config.Spawner.cmd == ["/opt/kaikit/env/bin/jupyterhub-singleuser"]


def test_an_external_formgrader_or_none(roster):
    external = configured(roster, KAIKIT_GRADER_ACCOUNT="", KAIKIT_SERVICE_URL="http://grader:8888")
    service = next(s for s in external.JupyterHub.services if s["name"] == "kaikit")
    assert "command" not in service and service["url"] == "http://grader:8888"
    none = configured(roster, KAIKIT_GRADER_ACCOUNT="", KAIKIT_SERVICE_URL="")
    assert [s["name"] for s in none.JupyterHub.services] == ["kaikit-idle-culler"]
    assert "kaikit-grader" not in {r["name"] for r in none.JupyterHub.load_roles}


def test_idle_culler_and_limits(roster):
    config = configured(roster, KAIKIT_CULL_IDLE="600", KAIKIT_MEM_LIMIT="4G", KAIKIT_CPU_LIMIT="2")
    culler = next(s for s in config.JupyterHub.services if s["name"] == "kaikit-idle-culler")
    assert "--timeout=600" in culler["command"]
    assert set(role(config, "kaikit-idle-culler")["scopes"]) >= {"read:users:activity", "delete:servers"}
    assert (config.Spawner.mem_limit, config.Spawner.cpu_limit) == ("4G", 2.0)
    assert not any("cull" in s["name"] for s in configured(roster, KAIKIT_CULL_IDLE="0").JupyterHub.services)


def test_what_the_hub_already_has_is_kept(roster):
    """As a drop-in after TLJH's or Z2JH's own configuration: their users, services, roles and culler stay."""
    config = Config()
    config.Authenticator.allowed_users = {"admin"}
    config.JupyterHub.services = [{"name": "cull-idle", "command": ["python3", "-m", "jupyterhub_idle_culler"]}]
    config.JupyterHub.load_roles = [{"name": "cull-idle", "services": ["cull-idle"], "scopes": ["read:servers"]}]
    config.JupyterHub.load_groups = {"staff": ["admin"]}
    course["configure"](config, {"KAIKIT_ROSTER": str(roster), "KAIKIT_ACCOUNT_PREFIX": ""})
    assert config.Authenticator.allowed_users == {"admin", "kim", "lee"}
    assert [s["name"] for s in config.JupyterHub.services] == ["cull-idle", "kaikit"]  # no second culler
    assert config.JupyterHub.load_roles[0]["name"] == "cull-idle"
    assert config.JupyterHub.load_groups["staff"] == ["admin"]


def test_loaded_as_a_config_file_and_as_z2jh_extra_config(roster, monkeypatch):
    monkeypatch.setenv("KAIKIT_ROSTER", str(roster))
    as_file = PyFileConfigLoader(COURSE_CONFIG.name, path=str(DEPLOY)).load_config()
    assert as_file.JupyterHub.load_groups["nbgrader-kaikit"] == {"users": ["kim", "lee"]}
    # Z2JH exec()s hub.extraConfig inside its jupyterhub_config.py, where get_config is its own chart reader.
    namespace = {"c": Config(), "get_config": lambda key, default=None: default}
    exec(compile(COURSE_CONFIG.read_text(), str(COURSE_CONFIG), "exec"), namespace)
    assert namespace["c"].JupyterHub.load_groups == as_file.JupyterHub.load_groups


def test_a_roster_without_student_ids_is_explained(tmp_path):
    bad = tmp_path / "roster.csv"
    bad.write_text("id,name\nkim,Kim\n", encoding="utf-8")
    with pytest.raises(ValueError, match="student_id"):
        course["roster_students"](str(bad))
    assert course["roster_students"](str(tmp_path / "missing.csv")) == []


def test_z2jh_values_parse_and_load_the_same_course_config():
    values = yaml.safe_load((DEPLOY / "z2jh-values.yaml").read_text(encoding="utf-8"))
    assert values["singleuser"]["storage"]["extraVolumeMounts"][0]["mountPath"] == "/srv/nbgrader/exchange"
    assert values["hub"]["extraEnv"]["KAIKIT_GRADER_ACCOUNT"] == ""  # no Unix accounts on Kubernetes
    assert "kaikit_course.py" in (DEPLOY / "z2jh-values.yaml").read_text(encoding="utf-8")


def test_setup_script_refuses_a_copy_without_solutions(tmp_path):
    script = tmp_path / "deploy" / "jupyterhub" / "setup-course.sh"
    script.parent.mkdir(parents=True)
    shutil.copy(DEPLOY / "setup-course.sh", script)
    result = subprocess.run(["bash", str(script)], capture_output=True, text=True)
    reason = "run this as root" if os.geteuid() != 0 else "has no solutions/"
    assert result.returncode == 1 and reason in result.stderr, result.stderr


@pytest.mark.skipif(os.geteuid() != 0, reason="the script stops earlier without root")
def test_setup_script_never_replaces_a_folder_it_did_not_make(tmp_path):
    """KAIKIT_KIT pointed at someone's work by mistake: nothing is deleted."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "thesis.ipynb").write_text("{}")
    result = subprocess.run(["bash", str(DEPLOY / "setup-course.sh")], capture_output=True, text=True,
                            env={**os.environ, "KAIKIT_KIT": str(work)})
    assert result.returncode == 1 and "refusing to replace it" in result.stderr, result.stderr
    assert (work / "thesis.ipynb").read_text() == "{}"


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("runuser"), reason="needs root to run as another user")
def test_setup_script_needs_root():
    # The script comes on standard input: `nobody` may not be able to read a clone in a private folder.
    with open(DEPLOY / "setup-course.sh") as script:
        result = subprocess.run(["runuser", "-u", "nobody", "--", "bash", "-s"], stdin=script,
                                capture_output=True, text=True, cwd="/")
    assert result.returncode == 1 and "run this as root" in result.stderr, result.stderr


def test_kaikit_commands_use_the_course_folder_they_run_in(tmp_path):
    assert default_course(tmp_path) == REPO_ROOT
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n")
    assert default_course(tmp_path) == tmp_path


def test_a_folder_kaikit_cannot_grade_in_is_explained(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n")
    (tmp_path / "grading").write_text("not a folder")  # fails for root too, unlike a read-only folder
    with pytest.raises(CourseError, match="grading/"):
        Course(tmp_path)


def test_the_hub_and_binder_write_the_settings_kaikit_lab_writes(tmp_path):
    """setup-course.sh (into the users' environment, after installing the kit there) and postBuild (Binder, and the
    Z2JH image repo2docker builds) run `kaikit lab --settings-only`, which writes kaikit/lab.py's settings into that
    environment's JupyterLab folder: no news prompt, Korean menus (KAIKIT_LANG=en: English)."""
    script = (DEPLOY / "setup-course.sh").read_text(encoding="utf-8")
    installed = script.index('"$user_env/bin/python" -m pip install')
    written = re.search(r'^quietly "\$user_env/bin/python" -m kaikit lab --settings-only$', script, flags=re.M)
    assert written and written.start() > installed
    assert "\npython -m kaikit lab --settings-only\n" in (REPO_ROOT / "postBuild").read_text(encoding="utf-8")
    # Run as they run it (here with JUPYTERLAB_DIR, to leave this environment alone)...
    env = {key: value for key, value in os.environ.items() if key not in ("KAIKIT_LANG", "JUPYTERLAB_DIR")}
    result = subprocess.run([sys.executable, "-m", "kaikit", "lab", "--settings-only"], capture_output=True,
                            text=True, env={**env, "JUPYTERLAB_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert json.loads((tmp_path / SETTINGS_FILE).read_text(encoding="utf-8")) == lab_settings("ko")
    # ...and without it, JupyterLab's folder (which `kaikit lab` asks JupyterLab for) is the environment's own:
    # <user env>/share/jupyter/lab on the hub.
    found = subprocess.run([sys.executable, "-c", "from jupyterlab.commands import get_app_dir; print(get_app_dir())"],
                           capture_output=True, text=True, env=env, check=True).stdout.strip()
    assert Path(found) == Path(sys.prefix, "share", "jupyter", "lab").resolve()
