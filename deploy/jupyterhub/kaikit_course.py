"""JupyterHub configuration for one K-AI Teaching Kit course (course id ``kaikit``).

A drop-in: The Littlest JupyterHub loads it from ``/opt/tljh/config/jupyterhub_config.d/``; Zero to JupyterHub from
``hub.extraConfig`` (``--set-file hub.extraConfig.kaikit=deploy/jupyterhub/kaikit_course.py``); a plain JupyterHub
from ``jupyterhub -f`` or ``load_subconfig``. It adds to what the hub already has and never replaces it.

What it sets up (the guide is docs/en/jupyterhub.md, docs/ko/jupyterhub.md):

* groups: ``formgrade-kaikit`` (instructors and graders; nbgrader's name for the people who may open formgrader)
  and ``nbgrader-kaikit`` (the students, from the roster that ``kaikit export --roster`` also reads);
* roles: *grader* — open the course's formgrader service; *instructor* — that, and start, stop and see the activity
  of the students' servers (but not open them: their notebooks stay theirs); *student* — find the course;
* formgrader as a hub service, run by the grader account in the course folder (as in nbgrader's demos);
* idle culling (unless the hub already culls, as TLJH and Z2JH do) and memory and CPU limits (enforced by TLJH's
  systemd spawner and Z2JH's KubeSpawner; a plain local-process spawner only passes them on as MEM_LIMIT/CPU_LIMIT).

Settings come from the environment (``KAIKIT_<NAME>``), each with a default:

* ``KAIKIT_INSTRUCTORS`` — hub usernames, comma-separated (default: none)
* ``KAIKIT_GRADERS`` — teaching assistants, who get formgrader only (default: none)
* ``KAIKIT_ROSTER`` — a CSV whose ``student_id`` column lists the students by the id nbgrader records, their Unix
  account (``/srv/kaikit/roster.csv``; the roster ``kaikit export --roster`` reads)
* ``KAIKIT_ACCOUNT_PREFIX`` — what the machine puts before a hub username to name the Unix account, which is the
  student id nbgrader records (TLJH: ``jupyter-``, the default where ``/opt/tljh`` exists; elsewhere none)
* ``KAIKIT_GRADER_ACCOUNT`` — the Unix account that runs formgrader (``grader-kaikit``; empty: run it elsewhere)
* ``KAIKIT_COURSE_DIR`` — the instructor's full copy of the kit (``/home/grader-kaikit/kaikit``)
* ``KAIKIT_SERVICE_URL`` — where the formgrader service listens (``http://127.0.0.1:9999``; empty: no service)
* ``KAIKIT_USER_ENV`` — the Python environment users' servers run from (TLJH: ``/opt/tljh/user``, the default
  where it exists; elsewhere whatever is on PATH)
* ``KAIKIT_MEM_LIMIT``, ``KAIKIT_CPU_LIMIT`` — per user server (``2G``, ``1``)
* ``KAIKIT_CULL_IDLE``, ``KAIKIT_CULL_EVERY`` — stop servers idle this many seconds (``3600``; 0: never),
  checking every ``300`` seconds
"""
import csv
import os
import sys

COURSE = "kaikit"  # must match c.CourseDirectory.course_id in the kit's nbgrader_config.py


def names(text):
    return [name.strip() for name in text.split(",") if name.strip()]


def roster_students(path):
    """The ``student_id`` column of a roster CSV (nbgrader's student ids), or [] when there is no roster yet."""
    if not path or not os.path.exists(path):
        return []
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if "student_id" not in (reader.fieldnames or []):
            raise ValueError(f"kaikit: {path} needs a 'student_id' column (the student id nbgrader records); it has {reader.fieldnames}")
        return [row["student_id"].strip() for row in reader if (row["student_id"] or "").strip()]


def hub_username(student_id, prefix):
    """The hub username of a student whose nbgrader id (their Unix account) is ``student_id``."""
    return student_id[len(prefix):] if prefix and student_id.startswith(prefix) else student_id


def earlier(section, key, empty):
    """What earlier configuration (TLJH's, Z2JH's, yours) set for ``key``, or ``empty``."""
    value = section[key] if key in section else empty
    return value.get_value(empty) if hasattr(value, "get_value") else value  # a traitlets LazyConfigValue


def configure(c, env=os.environ):
    """Add the course to the JupyterHub config ``c``, with the settings in ``env``."""
    def get(name, default):
        return env.get("KAIKIT_" + name, default)

    instructors = names(get("INSTRUCTORS", ""))
    graders = names(get("GRADERS", ""))
    prefix = get("ACCOUNT_PREFIX", "jupyter-" if os.path.isdir("/opt/tljh") else "")
    students = [hub_username(student, prefix) for student in roster_students(get("ROSTER", "/srv/kaikit/roster.csv"))]
    grader_account = get("GRADER_ACCOUNT", f"grader-{COURSE}")
    course_dir = get("COURSE_DIR", f"/home/{grader_account}/{COURSE}")
    service_url = get("SERVICE_URL", "http://127.0.0.1:9999")
    user_env = get("USER_ENV", "/opt/tljh/user" if os.path.isdir("/opt/tljh/user") else "")
    singleuser = os.path.join(user_env, "bin", "jupyterhub-singleuser") if user_env else "jupyterhub-singleuser"
    user_path = os.pathsep.join([os.path.join(user_env, "bin"), "/usr/local/bin", "/usr/bin", "/bin"])
    cull_after = int(get("CULL_IDLE", "3600"))
    cull_every = int(get("CULL_EVERY", "300"))

    staff = sorted(set(instructors) | set(graders))
    c.Authenticator.allowed_users = set(earlier(c.Authenticator, "allowed_users", set())) | set(staff) | set(students)
    groups = dict(earlier(c.JupyterHub, "load_groups", {}))
    groups[f"formgrade-{COURSE}"] = {"users": staff}
    groups[f"nbgrader-{COURSE}"] = {"users": students}
    c.JupyterHub.load_groups = groups

    services = []
    if service_url:  # formgrader as a hub service (empty: instructors grade in their own servers)
        service = {"name": COURSE, "url": service_url, "oauth_no_confirm": True}
        if grader_account:  # the hub starts it; without an account it runs elsewhere (Z2JH: a grader pod)
            environment = {"JUPYTERHUB_DEFAULT_URL": "/formgrader"}
            if user_env:
                environment["PATH"] = user_path
            service.update(command=[singleuser], user=grader_account, cwd=course_dir, environment=environment)
        services.append(service)
    existing = list(earlier(c.JupyterHub, "services", []))
    hub_culls = any("cull" in (s.get("name", "") + " ".join(s.get("command", []))) for s in existing)
    find_course = ["list:services", f"read:services!service={COURSE}"] if service_url else []
    roles = [
        {"name": f"{COURSE}-grader", "groups": [f"formgrade-{COURSE}"],
         "scopes": [f"access:services!service={COURSE}"] + find_course if service_url else []},
        {"name": f"{COURSE}-instructor", "users": instructors,
         "scopes": [f"servers!group=nbgrader-{COURSE}", f"read:users:activity!group=nbgrader-{COURSE}",
                    f"read:users:name!group=nbgrader-{COURSE}", f"read:groups!group=nbgrader-{COURSE}",
                    "list:users", "list:groups"]},
        {"name": f"{COURSE}-student", "groups": [f"nbgrader-{COURSE}"], "scopes": find_course},
        # nbgrader's course list asks the hub which courses exist with the server's token, so a server's token
        # carries its owner's permissions (as in nbgrader's demos).
        {"name": "server", "scopes": ["inherit"]},
    ]
    roles = [role for role in roles if role["scopes"]]  # without a formgrader service, graders need no role
    if cull_after > 0 and not hub_culls:
        services.append({"name": f"{COURSE}-idle-culler", "command": [
            sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={cull_after}", f"--cull-every={cull_every}"]})
        roles.append({"name": f"{COURSE}-idle-culler", "services": [f"{COURSE}-idle-culler"],
                      "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]})
    c.JupyterHub.services = existing + services
    ours = {role["name"] for role in roles}
    c.JupyterHub.load_roles = [r for r in earlier(c.JupyterHub, "load_roles", []) if r["name"] not in ours] + roles

    c.Spawner.default_url = "/lab"
    if user_env:  # users' servers, kernels and terminals use that environment, not the hub's
        c.Spawner.cmd = [singleuser]
        c.Spawner.environment.update({"PATH": user_path})
    # Defaults only: TLJH's `tljh-config set limits.memory` and Z2JH's singleuser.memory.limit set these on their own
    # spawner classes (SystemdSpawner, KubeSpawner), which take precedence over Spawner.
    c.Spawner.mem_limit = get("MEM_LIMIT", "2G")
    c.Spawner.cpu_limit = float(get("CPU_LIMIT", "1"))
    return c


if "c" in globals():  # loaded as a configuration file (traitlets gives it `c`), or run by Z2JH's hub.extraConfig
    configure(c)  # noqa: F821
