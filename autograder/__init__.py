"""Build, export and grade the course's homework notebooks (a thin layer over otter-grader).

The folders follow the people who use them:

- ``authoring``: what an instructor runs (``new``, ``build``, ``samples``, ``variants``,
  ``tidy``): one source notebook made into the student release, the answer key and the
  hidden-test bundle;
- ``student``: the tools shipped to students as ``hwtools`` (check, PDF export, submit);
- ``grading``: what a TA runs (``grade``): intake of a Blackboard download, the sandbox that
  runs each submission, the verdicts judged outside it, the gradebook and the reports;
- ``marking``: the written-answer app (``mark``).

Shared by them: ``bundle`` (the hidden-test bundle the build writes and grading reads),
``hwkit`` (the helpers hidden tests use, shipped inside the bundle), ``nbcode`` (the code of a
notebook, read without running it), ``paths`` and the command line ``cli``.
"""
