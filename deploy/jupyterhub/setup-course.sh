#!/usr/bin/env bash
# Set up a K-AI Teaching Kit course on a JupyterHub machine. Run as root from the instructor's clone of the kit;
# safe to run again (after `git pull`, say): it never touches the course folder once it exists.
#
#   sudo -E deploy/jupyterhub/setup-course.sh
#
# What it does (the guide: docs/en/jupyterhub.md):
#   1. a students' copy of the kit, without solutions/, readable by everyone      KAIKIT_KIT      (/opt/kaikit/kit)
#   2. installs it into the Python environment users' servers run from           KAIKIT_USER_ENV (TLJH: /opt/tljh/user,
#      (created with KAIKIT_PYTHON -m venv if it does not exist)                                  else /opt/kaikit/env)
#   3. nbgrader's settings for everyone in that environment: the course id and the exchange; JupyterLab's: no
#      "official Jupyter news?" prompt, menus in Korean (kaikit lab --settings-only)  KAIKIT_LANG=en (English menus)
#   4. the nbgrader exchange, writable by all (nbgrader keeps each submission private) KAIKIT_EXCHANGE (/srv/nbgrader/exchange)
#   5. formgrader and "create assignment" switched off for everyone but the grader account
#   6. the grader account (created if missing) and its private course folder:     KAIKIT_GRADER_ACCOUNT (grader-kaikit)
#      a full copy of the kit, solutions/ included, that only it can read         KAIKIT_COURSE_DIR (~grader-kaikit/kaikit)
set -euo pipefail

say() { echo "kaikit-hub: $*"; }
die() { echo "kaikit-hub: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run this as root (sudo -E $0): it installs software and creates the grader account"
source_dir="$(cd "$(dirname "$0")/../.." && pwd)"
[ -d "$source_dir/solutions" ] || die "$source_dir has no solutions/: run this from the instructor's clone of the kit"

course=kaikit
default_env=/opt/kaikit/env
[ -d /opt/tljh/user ] && default_env=/opt/tljh/user
user_env="${KAIKIT_USER_ENV:-$default_env}"
kit="${KAIKIT_KIT:-/opt/kaikit/kit}"
exchange="${KAIKIT_EXCHANGE:-/srv/nbgrader/exchange}"
grader="${KAIKIT_GRADER_ACCOUNT:-grader-$course}"
python="${KAIKIT_PYTHON:-python3}"

# Copy the kit without anything local to this clone (its venv, grades, test artifacts, built site); extra tar options
# follow.
copy_kit() {
  local destination="$1"; shift
  mkdir -p "$destination"
  tar -C "$source_dir" --exclude=./.git --exclude=./.venv --exclude=./grading --exclude=./artifacts --exclude=./_build \
      --exclude=__pycache__ --exclude='*.egg-info' --exclude=.ipynb_checkpoints "$@" -cf - . | tar -C "$destination" -xf -
}

# Run a command, showing what it printed only if it fails.
quietly() { local log; log="$(mktemp)"; "$@" >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; die "failed: $*"; }; rm -f "$log"; }

say "1/6 the students' copy of the kit (no solutions/) in $kit"
marker=".kaikit-students-copy"  # only a folder this script made is ever replaced
if [ -e "$kit" ] && [ -n "$(ls -A "$kit")" ] && [ ! -e "$kit/$marker" ]; then
  die "$kit is not empty and was not made by this script: refusing to replace it (choose another KAIKIT_KIT)"
fi
rm -rf "$kit"
copy_kit "$kit" --exclude=./solutions
echo "made by deploy/jupyterhub/setup-course.sh from $source_dir; replaced on every run" > "$kit/$marker"
[ ! -e "$kit/solutions" ] || die "$kit/solutions exists: refusing to go on"

say "2/6 installing it into $user_env (a minute or two)"
if [ ! -x "$user_env/bin/python" ]; then
  "$python" -m venv "$user_env" || die "'$python -m venv' failed: install Python 3.10+ with venv (Debian: python3-venv)"
fi
quietly "$user_env/bin/python" -m pip install --disable-pip-version-check -e "$kit[hub]"
chmod -R a+rX,go-w "$kit"

say "3/6 nbgrader's and JupyterLab's settings for everyone: course '$course', exchange $exchange"
mkdir -p "$user_env/etc/jupyter"
cat > "$user_env/etc/jupyter/nbgrader_config.py" <<EOF
# Written by kaikit's deploy/jupyterhub/setup-course.sh: what every user's nbgrader needs to know.
c = get_config()
c.CourseDirectory.course_id = "$course"
c.Exchange.root = "$exchange"
EOF
# The settings `kaikit lab` writes on a laptop (kaikit/lab.py), in the environment's JupyterLab folder
# (share/jupyter/lab/settings/overrides.d/kaikit.json): defaults each user can still change in Settings.
quietly "$user_env/bin/python" -m kaikit lab --settings-only

say "4/6 the nbgrader exchange"
mkdir -p "$exchange"
chmod 0777 "$exchange"

say "5/6 formgrader and 'create assignment' for the grader account only"
quietly "$user_env/bin/jupyter" server extension disable --sys-prefix nbgrader.server_extensions.formgrader
staff_plugins=(@jupyter/nbgrader:formgrader @jupyter/nbgrader:create-assignment)
quietly "$user_env/bin/jupyter" labextension disable --level=sys_prefix "${staff_plugins[@]}"
# JupyterLab (4.1+) locks plugins disabled at this level, and a lock cannot be lifted for one user: unlock them so
# the grader account can switch them on. Students could switch the menus on too, but not the server side behind them.
quietly "$user_env/bin/jupyter" labextension unlock --level=sys_prefix "${staff_plugins[@]}"

say "6/6 the grader account '$grader' and its course folder"
id -u "$grader" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$grader"
home="$(getent passwd "$grader" | cut -d: -f6)"
course_dir="${KAIKIT_COURSE_DIR:-$home/$course}"
chmod 0700 "$home"
as_grader() { runuser -u "$grader" -- env HOME="$home" PATH="$user_env/bin:/usr/bin:/bin" "$@"; }
# (`jupyter server extension enable` refuses nbgrader's formgrader, an old-style extension: write its setting.)
quietly as_grader python -c 'import json, pathlib, sys
path = pathlib.Path.home() / ".jupyter" / "jupyter_server_config.json"
config = json.loads(path.read_text()) if path.exists() else {}
config.setdefault("ServerApp", {}).setdefault("jpserver_extensions", {})[sys.argv[1]] = True
path.parent.mkdir(exist_ok=True)
path.write_text(json.dumps(config, indent=2))' nbgrader.server_extensions.formgrader
quietly as_grader jupyter labextension enable --level=user "${staff_plugins[@]}"
if [ -e "$course_dir" ]; then
  say "   $course_dir exists: left as it is (update it with git pull as $grader)"
else
  copy_kit "$course_dir"
  chown -R "$grader:" "$course_dir"
  say "   the course (solutions/ included) is in $course_dir"
fi

for other in /home/*; do
  if [ -d "$other" ] && [ "$(( 0$(stat -c %a "$other") & 04 ))" -ne 0 ]; then
    say "warning: $other can be read by every user (chmod 700 it, and set HOME_MODE 0700 in /etc/login.defs so new" \
      "homes are private)"
  fi
done
say "done. Next: put deploy/jupyterhub/kaikit_course.py in the hub's configuration (docs/en/jupyterhub.md)."
