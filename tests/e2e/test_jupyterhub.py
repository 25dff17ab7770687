"""A course on a real JupyterHub, set up with deploy/jupyterhub/ exactly as the guide says (issue 11).

``setup-course.sh`` builds the users' environment and the grader's course folder; JupyterHub runs with
``kaikit_course.py`` plus a test-only layer (a dummy authenticator, the local-process spawner, everything on
127.0.0.1, configurable-http-proxy from the npm registry). Real Unix accounts — an instructor, two students and the
grader account — so the file permissions that keep submissions private are the real ones. Everyone acts through
the hub: logins and tokens through its API, students fetch and submit with nbgrader's own server endpoints (what
JupyterLab's Assignments tab calls), the instructor releases and collects through the formgrader service. The
grader account then runs ``kaikit grade``, ``kaikit export`` and ``kaikit feedback`` in its course folder, as an
instructor does in the service's terminal, and a student fetches the feedback.

Needs root (to create the accounts and let the hub switch to them), Debian's python3 with venv, and npm; without
them the test is skipped, and fails in CI.
"""
import contextlib
import csv
import html
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import psutil
import pytest
from adversarial import hidden_lines, solved
from browser import free_port, lab_setting, wait_for

pytestmark = pytest.mark.xdist_group("jupyterhub")

REPO_ROOT = Path(__file__).resolve().parents[2]
DEPLOY = REPO_ROOT / "deploy" / "jupyterhub"
ASSIGNMENT = "ex00_start"
NOTEBOOK = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"  # where nbgrader's fetch puts it in a student's home
COURSE = "kaikit"
INSTRUCTOR, GRADER, STUDENT1, STUDENT2 = "kkt-instructor", "kkt-grader", "kkt-student1", "kkt-student2"
ABSENT = "kkt-student3"  # on the roster, never logs in
ACCOUNTS = (INSTRUCTOR, GRADER, STUDENT1, STUDENT2)
PASSWORD = secrets.token_urlsafe(12)
SYSTEM_PYTHON = os.environ.get("KAIKIT_SYSTEM_PYTHON", "/usr/bin/python3")


def prerequisites():
    """Why this machine cannot run a multi-user hub, or None."""
    if os.geteuid() != 0:
        return "it must run as root: it creates Unix accounts and the hub switches to them"
    for tool in ("useradd", "userdel", "runuser", "npm"):
        if not shutil.which(tool):
            return f"{tool} is not installed"
    if subprocess.run([SYSTEM_PYTHON, "-c", "import venv, ensurepip"], capture_output=True).returncode:
        return f"{SYSTEM_PYTHON} cannot make a venv (Debian: apt-get install python3-venv)"
    return None


def wait_until(condition, seconds, every=1.0):
    """Whether ``condition()`` became true within ``seconds``, checking ``every`` seconds."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(every)
    return True


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, **kwargs)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


def remove_account(name):
    subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True)
    subprocess.run(["userdel", "--remove", name], capture_output=True)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Hub:
    def __init__(self, base, url, process):
        self.base, self.url, self.process = base, url, process
        self.opener = urllib.request.build_opener(NoRedirect)
        self.env = base / "env"
        self.exchange = base / "exchange"
        self.course_dir = base / "home" / GRADER / COURSE

    def call(self, method, path, token=None, body=None):
        """(status, parsed JSON or text) of a request to the hub's proxy."""
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"token {token}"
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with self.opener.open(request, timeout=120) as response:
                status, text = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read().decode(errors="replace")
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    def login(self, user, password=PASSWORD):
        """A token for ``user``, asked of the hub's API with a username and password (what a script would do)."""
        status, reply = self.call("POST", f"/hub/api/users/{user}/tokens",
                                  body={"auth": {"username": user, "password": password}, "note": "kaikit test"})
        return status, (reply.get("token") if isinstance(reply, dict) else None)

    def start_server(self, user, token):
        status, reply = self.call("POST", f"/hub/api/users/{user}/server", token)
        assert status in (201, 202), (status, reply, self.log())
        def ready():
            return self.call("GET", f"/hub/api/users/{user}", token)[1].get("servers", {}).get("", {}).get("ready")
        assert wait_until(ready, 180, every=0.5), f"{user}'s server did not start:\n{self.log()}"

    def has_server(self, user, token):
        return bool(self.call("GET", f"/hub/api/users/{user}", token)[1].get("servers"))

    def lab_config(self, path, token):
        """The page configuration JupyterLab embeds in its page at ``path`` (which extensions are switched off)."""
        status, page = self.call("GET", path, token)
        assert status == 200, (path, status)
        return json.loads(re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
                                    page, flags=re.S).group(1))

    def log(self):
        return (self.base / "hub" / "hub.log").read_text(errors="replace")[-4000:]

    def as_user(self, user, *command, cwd=None):
        """Run ``command`` as the Unix account ``user``, in its home (or ``cwd``) with the users' environment."""
        home = self.base / "home" / user
        return subprocess.run(["runuser", "-u", user, "--", "env", f"HOME={home}",
                               f"PATH={self.env / 'bin'}:/usr/bin:/bin", *command],
                              capture_output=True, text=True, cwd=cwd or home, timeout=900)


def hub_config(base, deploy_config, ports):
    return f"""# Test mode only: a dummy authenticator and the local-process spawner, all on 127.0.0.1.
c = get_config()
load_subconfig({str(deploy_config)!r})
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {PASSWORD!r}
c.JupyterHub.spawner_class = "localprocess"
c.JupyterHub.bind_url = "http://127.0.0.1:{ports['hub']}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {ports['hub_api']}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{ports['proxy_api']}"
c.ConfigurableHTTPProxy.command = [{str(base / 'chp' / 'node_modules' / '.bin' / 'configurable-http-proxy')!r}]
c.JupyterHub.db_url = "sqlite:///{base}/hub/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{base}/hub/cookie_secret"
# Activity reaches the hub every few seconds (not every 5 minutes), so the idle culler can be tested in a minute.
c.JupyterHub.last_activity_interval = 5
c.Spawner.environment.update(dict(JUPYTERHUB_ACTIVITY_INTERVAL="5"))
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
"""


def install_course(base):
    """Accounts, setup-course.sh, configurable-http-proxy and a roster in ``base``; the settings used."""
    (base / "home").mkdir(mode=0o755)
    for name in ACCOUNTS:
        remove_account(name)  # left by an interrupted run
        run(["useradd", "--create-home", "--home-dir", str(base / "home" / name), "--key", "HOME_MODE=0700",
             "--shell", "/bin/bash", name])
    settings = {"KAIKIT_USER_ENV": str(base / "env"), "KAIKIT_KIT": str(base / "kit"),
                "KAIKIT_EXCHANGE": str(base / "exchange"), "KAIKIT_GRADER_ACCOUNT": GRADER,
                "KAIKIT_PYTHON": SYSTEM_PYTHON}
    setup = run([str(DEPLOY / "setup-course.sh")], env={**os.environ, **settings})
    assert "6/6" in setup and "done" in setup, setup
    run(["npm", "install", "--prefix", str(base / "chp"), "configurable-http-proxy@4", "--no-audit", "--no-fund",
         "--silent"])
    with open(base / "roster.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student_id", "name", "email"])
        for number, student in enumerate((STUDENT1, STUDENT2, ABSENT), start=1):
            writer.writerow([student, f"Student {number}", f"{student}@example.org"])
    return settings


def start_hub(base, settings):
    """JupyterHub with the course's configuration and the test layer; returns when its API answers."""
    ports = {name: free_port() for name in ("hub", "hub_api", "proxy_api", "service")}
    (base / "hub").mkdir()
    (base / "hub" / "jupyterhub_config.py").write_text(hub_config(base, DEPLOY / "kaikit_course.py", ports))
    hub_env = {**os.environ, **settings, "KAIKIT_INSTRUCTORS": INSTRUCTOR, "KAIKIT_ROSTER": str(base / "roster.csv"),
               "KAIKIT_COURSE_DIR": str(base / "home" / GRADER / COURSE),
               "KAIKIT_SERVICE_URL": f"http://127.0.0.1:{ports['service']}", "KAIKIT_MEM_LIMIT": "1G",
               "KAIKIT_CULL_IDLE": "30", "KAIKIT_CULL_EVERY": "5", "KAIKIT_ACCOUNT_PREFIX": ""}
    with open(base / "hub" / "hub.log", "w") as log:
        # (the configuration's full path on the command line lets processes_of() find the hub after a failure)
        command = [sys.executable, "-m", "jupyterhub", "-f", str(base / "hub" / "jupyterhub_config.py")]
        process = subprocess.Popen(command, cwd=base / "hub", env=hub_env, stdout=log, stderr=subprocess.STDOUT)
    hub = Hub(base, f"http://127.0.0.1:{ports['hub']}", process)
    wait_for(hub.url + "/hub/api/", process, base / "hub" / "hub.log")
    return hub


@pytest.fixture(scope="module")
def hub():
    reason = prerequisites()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"the JupyterHub test cannot run: {reason}")
        pytest.skip(f"the JupyterHub test cannot run: {reason}")
    base = Path(tempfile.mkdtemp(prefix="kaikit-hub-", dir="/tmp"))
    base.chmod(0o755)
    running = None
    try:
        running = start_hub(base, install_course(base))
        yield running
    finally:  # after a failure, too: nothing left running, no test account left on the machine
        children = []
        if running is not None and running.process.poll() is None:
            children = psutil.Process(running.process.pid).children(recursive=True)
            running.process.terminate()
            try:
                running.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                running.process.kill()
        for leftover in [p for p in children if p.is_running()] + processes_of(base):
            with contextlib.suppress(psutil.NoSuchProcess):
                leftover.kill()
        for name in ACCOUNTS:
            remove_account(name)
        shutil.rmtree(base, ignore_errors=True)


def processes_of(base):
    """Processes the test started: run by one of its accounts, or with its folder on their command line."""
    found = []
    for process in psutil.process_iter(["username", "cmdline"]):
        info = process.info
        if info["username"] in ACCOUNTS or any(str(base) in part for part in info["cmdline"] or []):
            found.append(process)
    return found


def test_a_course_on_jupyterhub(hub):
    # Logging in through the hub's API: a wrong password is refused, and only roster and staff accounts get in.
    assert hub.login(STUDENT1, "wrong password")[0] == 403
    tokens = {}
    for user in (INSTRUCTOR, STUDENT1, STUDENT2):
        status, tokens[user] = hub.login(user)
        assert status == 201 and tokens[user], (user, status, hub.log())
    answers = nbformat.read(REPO_ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    release_fetch_and_submit(hub, tokens, answers)
    students_cannot_reach_each_other(hub, tokens)
    collect_grade_and_export(hub, tokens, answers)
    feedback_after_the_culler(hub, tokens, answers)
    everything_stops(hub)


FORMGRADER = f"/services/{COURSE}/formgrader/api/assignment/{ASSIGNMENT}"


def release_fetch_and_submit(hub, tokens, answers):
    instructor, student1, student2 = tokens[INSTRUCTOR], tokens[STUDENT1], tokens[STUDENT2]
    # The instructor releases the exercise through the formgrader service; students may not open that service.
    status, reply = hub.call("POST", f"{FORMGRADER}/release", instructor)
    assert status == 200 and reply.get("success"), (status, reply, hub.log())
    assert hub.call("GET", f"/services/{COURSE}/formgrader", student1)[0] == 403

    # Each student starts a server, sees the course and fetches the assignment with nbgrader's own endpoints.
    for user, token in ((STUDENT1, student1), (STUDENT2, student2)):
        hub.start_server(user, token)
        status, listing = hub.call("GET", f"/user/{user}/assignments?course_id={COURSE}", token)
        assert status == 200 and listing["success"], (status, listing)
        assert [a["assignment_id"] for a in listing["value"]] == [ASSIGNMENT], listing
        status, reply = hub.call("POST", f"/user/{user}/assignments/fetch", token,
                                 {"assignment_id": ASSIGNMENT, "course_id": COURSE})
        assert status == 200, (status, reply)
        # Students have no formgrader of their own (setup-course.sh switched it off for everyone but the grader),
        # neither the server side nor JupyterLab's menu; they do have the Assignments tab.
        assert hub.call("GET", f"/user/{user}/formgrader", token)[0] == 404
        disabled = hub.lab_config(f"/user/{user}/lab", token)["disabledExtensions"]
        assert {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment"} <= set(disabled), disabled
        assert "@jupyter/nbgrader:assignment-list" not in disabled
        # JupyterLab's settings from setup-course.sh (`kaikit lab --settings-only`): no news prompt, Korean menus.
        for plugin, name, value in (("apputils-extension:notification", "fetchNews", "false"),
                                    ("translation-extension:plugin", "locale", "ko_KR")):
            status, reply = hub.call("GET", f"/user/{user}/lab/api/settings/@jupyterlab/{plugin}", token)
            assert status == 200 and lab_setting(reply, name) == value, (plugin, status, reply)
    # The grader account's JupyterLab (the formgrader service) has them.
    disabled = hub.lab_config(f"/services/{COURSE}/lab", instructor)["disabledExtensions"]
    assert not {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment"} & set(disabled), disabled

    # Student 1 answers everything (the instructor's answers typed in) and saves through the Contents API;
    # student 2 submits the notebook untouched.
    released = nbformat.read(REPO_ROOT / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    status, _ = hub.call("PUT", f"/user/{STUDENT1}/api/contents/{NOTEBOOK}", student1,
                         {"type": "notebook", "format": "json", "content": solved(released, answers)})
    assert status == 200, status
    for user, token in ((STUDENT1, student1), (STUDENT2, student2)):
        status, reply = hub.call("POST", f"/user/{user}/assignments/submit", token,
                                 {"assignment_id": ASSIGNMENT, "course_id": COURSE})
        assert status == 200 and reply["success"], (status, reply)
        submitted = [a for a in reply["value"] if a["status"] == "submitted"]
        assert len(submitted) == 1 and submitted[0]["student_id"] == user, reply


PROBE = """
import json, os, sys
outcome = {}
for path in sys.argv[1:]:
    try:
        open(path).read() if path.endswith(".ipynb") else os.listdir(path)
        outcome[path] = "read"
    except PermissionError:
        outcome[path] = "denied"
print(json.dumps(outcome))
"""


def students_cannot_reach_each_other(hub, tokens):
    instructor, student1, student2 = tokens[INSTRUCTOR], tokens[STUDENT1], tokens[STUDENT2]
    # One student cannot read another's work: not through the hub...
    assert hub.call("GET", f"/user/{STUDENT1}/api/contents/{NOTEBOOK}", student2)[0] == 403
    # (the hub answers 404 about users one may not see, so as not to say who exists)
    assert hub.call("DELETE", f"/hub/api/users/{STUDENT1}/server", student2)[0] in (403, 404)
    assert hub.has_server(STUDENT1, student1)
    # ...nor on disk, as that Unix user: the exchange's inbound folder cannot be listed (each submission has an
    # unguessable name), other homes and the grader's course folder (with solutions/) cannot be opened.
    inbound = hub.exchange / COURSE / "inbound"
    assert len(list(inbound.iterdir())) == 2
    others = [str(inbound), str(hub.base / "home" / STUDENT1 / NOTEBOOK), str(hub.course_dir / "solutions")]
    result = hub.as_user(STUDENT2, "python", "-c", PROBE, *others)
    assert json.loads(result.stdout) == dict.fromkeys(others, "denied"), result
    own = str(hub.base / "home" / STUDENT1 / NOTEBOOK)
    result = hub.as_user(STUDENT1, "python", "-c", PROBE, own)  # the probe can succeed
    assert json.loads(result.stdout) == {own: "read"}, result

    # The instructor may stop a student's server but not open it.
    assert hub.call("GET", f"/user/{STUDENT2}/api/contents/{NOTEBOOK}", instructor)[0] == 403
    assert hub.call("DELETE", f"/hub/api/users/{STUDENT2}/server", instructor)[0] in (202, 204)


def collect_grade_and_export(hub, tokens, answers):
    # Collect through formgrader; grade and export as the grader account, in its course folder.
    status, reply = hub.call("POST", f"{FORMGRADER}/collect", tokens[INSTRUCTOR])
    assert status == 200 and reply.get("success"), (status, reply)
    assert sorted(p.name for p in (hub.course_dir / "grading" / "submitted").iterdir()) == [STUDENT1, STUDENT2]
    result = hub.as_user(GRADER, "kaikit", "--lang", "en", "grade", ASSIGNMENT, "--jobs", "2", cwd=hub.course_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    grades = hub.course_dir / "grades.csv"
    result = hub.as_user(GRADER, "kaikit", "--lang", "en", "export", "--format", "moodle",
                         "--roster", str(hub.base / "roster.csv"), "--to", str(grades), cwd=hub.course_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ABSENT in result.stdout, result.stdout  # on the roster with no submission: reported, not dropped
    with open(grades, newline="", encoding="utf-8-sig") as handle:
        rows = {row["Email address"].split("@")[0]: row for row in csv.DictReader(handle)}
    maximum = sum(c.metadata["nbgrader"].get("points", 0) for c in answers.cells
                  if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code")
    assert float(rows[STUDENT1][ASSIGNMENT]) == maximum > 0
    assert float(rows[STUDENT2][ASSIGNMENT]) == 0
    assert rows[ABSENT][ASSIGNMENT] == ""


def feedback_after_the_culler(hub, tokens, answers):
    instructor, student1 = tokens[INSTRUCTOR], tokens[STUDENT1]
    # Feedback made by the grader account and released through formgrader...
    result = hub.as_user(GRADER, "kaikit", "--lang", "en", "feedback", ASSIGNMENT, cwd=hub.course_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    status, reply = hub.call("POST", f"{FORMGRADER}/release_feedback", instructor)
    assert status == 200 and reply.get("success"), (status, reply)

    # Idle servers are stopped by the culler (30 s in this test; an hour by default).
    assert wait_until(lambda: not hub.has_server(STUDENT1, student1), 180, every=2), hub.log()

    # ...which student 1 fetches on coming back: the result of each test, never a hidden test.
    hub.start_server(STUDENT1, student1)
    status, reply = hub.call("POST", f"/user/{STUDENT1}/assignments/fetch_feedback", student1,
                             {"assignment_id": ASSIGNMENT, "course_id": COURSE})
    assert status == 200 and reply["success"], (status, reply)
    pages = list((hub.base / "home" / STUDENT1 / ASSIGNMENT / "feedback").rglob(f"{ASSIGNMENT}.html"))
    assert len(pages) == 1, pages
    page = html.unescape(pages[0].read_text(encoding="utf-8"))
    hidden, _ = hidden_lines(answers)
    assert hidden and "HIDDEN TESTS" not in page and not [line for line in hidden if line in page]


def everything_stops(hub):
    # Everything stops with the hub: its proxy, its services and every server; nothing is left running.
    started = psutil.Process(hub.process.pid).children(recursive=True) + processes_of(hub.base)
    assert any("configurable-http-proxy" in " ".join(p.cmdline()) for p in started)  # the check can see them
    hub.process.send_signal(signal.SIGTERM)
    hub.process.wait(timeout=150)   # the hub stops each server and service in turn: slow on a loaded 2-core machine
    wait_until(lambda: not any(p.is_running() for p in started), 30)
    left = [p for p in started if p.is_running()] + processes_of(hub.base)
    assert not left, [p.info for p in left]
