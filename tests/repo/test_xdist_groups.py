"""Tests that share an expensive setup (a grading batch, a JupyterLab server) are kept on one worker with
pytest-xdist's `--dist loadgroup`, as `make test` runs them. Some pytest releases silently break this (9.2 with
xdist 3.8): every group would then be split and its setup run once per worker."""
import subprocess
import sys


def test_loadgroup_keeps_a_group_on_one_worker(tmp_path):
    (tmp_path / "test_groups.py").write_text(
        "import os\nimport pytest\n\n"
        "@pytest.mark.parametrize('n', [pytest.param(n, marks=pytest.mark.xdist_group('one')) for n in range(6)])\n"
        "def test_n(n):\n"
        "    with open(os.path.join(os.path.dirname(__file__), 'workers.txt'), 'a') as f:\n"
        "        f.write(os.environ['PYTEST_XDIST_WORKER'] + '\\n')\n")
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "2", "--dist", "loadgroup", "-p", "no:cacheprovider",
                    str(tmp_path / "test_groups.py")], cwd=tmp_path, check=True, capture_output=True)
    workers = (tmp_path / "workers.txt").read_text().split()
    assert len(workers) == 6 and len(set(workers)) == 1, workers
