"""``python -m kaikit ...`` is the ``kaikit`` command, for when that command is not on PATH (Windows: ``py -m kaikit
lab``). ``import kaikit`` never loads this file."""
import sys


def run() -> int:
    from .grading.cli import main  # the command line's one home; `kaikit lab` loads no nbgrader from there

    return main()


if __name__ == "__main__":
    sys.exit(run())
