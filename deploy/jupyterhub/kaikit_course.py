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
    """The ``student_id`` column of a roster CSV (nbgrader's student ids), or [] when there is no roster yet.

    ``kaikit.grading.export.read_roster`` reads the same file for grade exports; this file cannot import it, because the
    hub's Python (TLJH's /opt/tljh/hub, Z2JH's hub image) does not have the kit installed."""
    if not path or not os.path.exists(path):
        return []
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        if "student_id" not in (reader.fieldnames or []):
            raise ValueError(f"kaikit: {path} needs a 'student_id' column (the student id nbgrader records); "
                             f"it has {reader.fieldnames}")
        return [row["student_id"].strip() for row in reader if (row["student_id"] or "").strip()]


def hub_username(student_id, prefix):
    """The hub username of a student whose nbgrader id (their Unix account) is ``student_id``."""
    return student_id[len(prefix):] if prefix and student_id.startswith(prefix) else student_id


def earlier(section, key, empty):
    """What earlier configuration (TLJH's, Z2JH's, yours) set for ``key``, or ``empty``."""
    value = section[key] if key in section else empty
    return value.get_value(empty) if hasattr(value, "get_value") else value  # a traitlets LazyConfigValue


def settings(env):
    """The course's settings from ``env`` (``KAIKIT_<NAME>`` variables), with their defaults."""
    def get(name, default):
        return env.get("KAIKIT_" + name, default)

    prefix = get("ACCOUNT_PREFIX", "jupyter-" if os.path.isdir("/opt/tljh") else "")
    grader_account = get("GRADER_ACCOUNT", f"grader-{COURSE}")
    user_env = get("USER_ENV", "/opt/tljh/user" if os.path.isdir("/opt/tljh/user") else "")
    return {
        "instructors": names(get("INSTRUCTORS", "")),
        "graders": names(get("GRADERS", "")),
        "students": [hub_username(s, prefix) for s in roster_students(get("ROSTER", "/srv/kaikit/roster.csv"))],
        "grader_account": grader_account,
        "course_dir": get("COURSE_DIR", f"/home/{grader_account}/{COURSE}"),
        "service_url": get("SERVICE_URL", "http://127.0.0.1:9999"),
        "user_env": user_env,
        "singleuser": os.path.join(user_env, "bin", "jupyterhub-singleuser") if user_env else "jupyterhub-singleuser",
        "user_path": os.pathsep.join([os.path.join(user_env, "bin"), "/usr/local/bin", "/usr/bin", "/bin"]),
        "cull_after": int(get("CULL_IDLE", "3600")),
        "cull_every": int(get("CULL_EVERY", "300")),
        "mem_limit": get("MEM_LIMIT", "2G"),
        "cpu_limit": float(get("CPU_LIMIT", "1")),
    }


def formgrader_service(s):
    """Formgrader as a hub service; the hub starts it as the grader account unless it runs elsewhere (Z2JH)."""
    service = {"name": COURSE, "url": s["service_url"], "oauth_no_confirm": True}
    if s["grader_account"]:
        environment = {"JUPYTERHUB_DEFAULT_URL": "/formgrader"}
        if s["user_env"]:
            environment["PATH"] = s["user_path"]
        service.update(command=[s["singleuser"]], user=s["grader_account"], cwd=s["course_dir"],
                       environment=environment)
    return service


def course_roles(s):
    """Grader, instructor and student roles (a role with nothing to grant is left out)."""
    find_course = ["list:services", f"read:services!service={COURSE}"] if s["service_url"] else []
    students = f"group=nbgrader-{COURSE}"
    roles = [
        {"name": f"{COURSE}-grader", "groups": [f"formgrade-{COURSE}"],
         "scopes": [f"access:services!service={COURSE}"] + find_course if s["service_url"] else []},
        {"name": f"{COURSE}-instructor", "users": s["instructors"],
         "scopes": [f"servers!{students}", f"read:users:activity!{students}", f"read:users:name!{students}",
                    f"read:groups!{students}", "list:users", "list:groups"]},
        {"name": f"{COURSE}-student", "groups": [f"nbgrader-{COURSE}"], "scopes": find_course},
        # nbgrader's course list asks the hub which courses exist with the server's token, so a server's token
        # carries its owner's permissions (as in nbgrader's demos).
        {"name": "server", "scopes": ["inherit"]},
    ]
    return [role for role in roles if role["scopes"]]


def idle_culler(s):
    """(service, role) of jupyterhub-idle-culler, run by the hub's Python."""
    name = f"{COURSE}-idle-culler"
    command = [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={s['cull_after']}",
               f"--cull-every={s['cull_every']}"]
    return ({"name": name, "command": command},
            {"name": name, "services": [name],
             "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]})


def configure(c, env=os.environ):
    """Add the course to the JupyterHub config ``c``, with the settings in ``env``."""
    s = settings(env)
    staff = sorted(set(s["instructors"]) | set(s["graders"]))
    allowed = set(earlier(c.Authenticator, "allowed_users", set()))
    c.Authenticator.allowed_users = allowed | set(staff) | set(s["students"])
    c.JupyterHub.load_groups = {**earlier(c.JupyterHub, "load_groups", {}),
                                f"formgrade-{COURSE}": {"users": staff}, f"nbgrader-{COURSE}": {"users": s["students"]}}

    existing = list(earlier(c.JupyterHub, "services", []))
    services = [formgrader_service(s)] if s["service_url"] else []
    roles = course_roles(s)
    hub_culls = any("cull" in svc["name"] + " ".join(svc.get("command", [])) for svc in existing)
    if s["cull_after"] > 0 and not hub_culls:
        service, role = idle_culler(s)
        services.append(service)
        roles.append(role)
    c.JupyterHub.services = existing + services
    ours = {role["name"] for role in roles}
    c.JupyterHub.load_roles = [r for r in earlier(c.JupyterHub, "load_roles", []) if r["name"] not in ours] + roles

    c.Spawner.default_url = "/lab"
    if s["user_env"]:  # users' servers, kernels and terminals use that environment, not the hub's
        c.Spawner.cmd = [s["singleuser"]]
        c.Spawner.environment.update({"PATH": s["user_path"]})
    # Defaults only: TLJH's `tljh-config set limits.memory` and Z2JH's singleuser.memory.limit set these on their own
    # spawner classes (SystemdSpawner, KubeSpawner), which take precedence over Spawner.
    c.Spawner.mem_limit = s["mem_limit"]
    c.Spawner.cpu_limit = s["cpu_limit"]
    return c


if "c" in globals():  # loaded as a configuration file (traitlets gives it `c`), or run by Z2JH's hub.extraConfig
    configure(c)  # noqa: F821
