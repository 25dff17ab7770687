"""Run ``nbgrader autograde`` for one submission inside a sandbox course (started by ``kaikit.grading``).

Run as a script — ``python sandbox_worker.py SANDBOX ASSIGNMENT STUDENT`` — so that it loads nbgrader only, not the
whole kit. Writes ``kaikit-result.json`` in the sandbox last: the notebook's own code may have written anything.
"""
import json
import os
import sys
import warnings


def main(sandbox, assignment, student):
    warnings.simplefilter("ignore")
    from nbgrader.apps import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=sandbox).load_config()
    api = NbGraderAPI(config=config)
    api.coursedir.root = sandbox
    result = api.autograde(assignment, student, force=True, create=True)
    with open(os.path.join(sandbox, "kaikit-result.json"), "w", encoding="utf-8") as handle:
        json.dump({"success": bool(result["success"]), "log": (result.get("log") or "")[-20000:],
                   "error": (result.get("error") or "")[-4000:]}, handle)


if __name__ == "__main__":
    main(*sys.argv[1:4])
