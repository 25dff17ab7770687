"""The instructor's toolkit: grading a class with nbgrader, and the engine behind a learner's "check my work".

Never loaded by ``import kaikit``: a lesson's kernel does not need nbgrader, nbformat or a sandbox. The learner's
library reaches this package through one door only, ``kaikit.self_check.check`` (``kk.check``), which imports
``checking`` when a learner asks for a check.

    cli            ``kaikit release | grade | feedback | report | export | repair | coursemap | check``
    course         the nbgrader course (``Course``): release, autograde, feedback, through nbgrader's API
    batch          ``grade_submissions``: a class's submissions, new or changed ones only, resumable
    sandbox        each submission autograded in a long-lived worker process with time limits (``sandbox_worker``)
    submission     reading and repairing a learner's notebook; ``repair`` for plain nbgrader
    integrity      hostile submissions: the code scan and the guard line the tests run
    variants       per-student cases: the identity a submission is graded under, and its flags
    similarity     pairs of submissions much more alike than the class's usual: a hint for the report
    gradebook      nbgrader's gradebook, with a person's grades never overwritten
    preprocessors  the nbgrader preprocessors and plugins ``nbgrader_config.py`` names
    feedback       what a learner may see of a failed test (never a hidden test)
    checking       the engine of "check my work": a private course, or the visible tests alone
    report         item analysis of a graded assignment (``kaikit report``): reads, never changes a grade
    export         grades to CSV, Canvas or Moodle; ``lms_collect`` reads LMS downloads
"""
