"""Writing a benchmark's results file with the previous run beside the new one, so that every change can be read
against what it replaced."""
from pathlib import Path

PREVIOUS = "## The previous run, as it was"


def latest_part(text):
    """A results file without the previous run it kept."""
    return text.split(f"\n{PREVIOUS}", 1)[0].rstrip()


def write(path, lines, previous=None):
    """Write ``lines`` to ``path``, followed by the run it replaces (``previous``, by default what ``path`` held),
    its headings one level down."""
    path = Path(path)
    if previous is None:
        previous = path.read_text(encoding="utf-8") if path.exists() else ""
    old = latest_part(previous)
    text = "\n".join(lines).rstrip() + "\n"
    if old:
        demoted = "\n".join("#" + line if line.startswith("#") else line for line in old.splitlines())
        text += f"\n{PREVIOUS}\n\n{demoted}\n"
    path.write_text(text, encoding="utf-8")
    return text
