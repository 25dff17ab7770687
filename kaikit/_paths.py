"""Where the kit's files live. The kit is installed in editable mode from the repository."""
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATASETS_DIR = REPO_ROOT / "datasets"
