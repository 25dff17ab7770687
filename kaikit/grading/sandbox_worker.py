"""Runs ``nbgrader autograde`` for submissions inside sandbox courses (started by ``kaikit.grading``).

A long-lived process: importing nbgrader takes seconds, so one worker grades many submissions. It reads one job per
line on stdin (JSON: sandbox, assignment, student) and answers one JSON line on stdout when that job is done. The
student's code runs in the kernel nbgrader starts, never in this process itself. On Linux the kernels are forks of a
zygote that has imported the kernel and the kit once (``forked_kernels.py``), so a submission does not pay a Python
start and the kit's import; elsewhere they start as usual.
"""
import json
import sys
import warnings


def autograde(sandbox, assignment, student):
    from nbgrader.apps import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=sandbox).load_config()
    if sys.platform == "linux":
        config.ExecutePreprocessor.kernel_manager_class = "kaikit.grading.forked_kernels.ForkedKernelManager"
    api = NbGraderAPI(config=config)
    api.coursedir.root = sandbox
    result = api.autograde(assignment, student, force=True, create=True)
    return {"success": bool(result["success"]), "log": (result.get("log") or "")[-20000:],
            "error": (result.get("error") or "")[-4000:]}


def serve(replies):
    warnings.simplefilter("ignore")
    import nbgrader.apps  # noqa: F401  (the slow import, once, before the first job)

    if sys.platform == "linux":
        from kaikit.grading.forked_kernels import Zygote

        Zygote.start()   # while the other workers start too

    replies.write(json.dumps({"ready": True}) + "\n")
    replies.flush()
    for line in sys.stdin:
        job = json.loads(line)
        try:
            reply = autograde(job["sandbox"], job["assignment"], job["student"])
        except Exception as error:  # anything nbgrader raises is reported as this submission's grading error
            reply = {"success": False, "log": "", "error": f"{type(error).__name__}: {error}"}
        replies.write(json.dumps(reply) + "\n")
        replies.flush()


if __name__ == "__main__":
    # Replies go to a duplicate of stdout; anything else printed (by nbgrader, or a kernel) goes to stderr.
    import os
    replies = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    serve(replies)
