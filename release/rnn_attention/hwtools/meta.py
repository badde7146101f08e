# Generated from autograder/student/meta.py by `python -m autograder build rnn_attention`; do not edit.
"""Names shared by the student tools and the course's grader (no code, no imports).

The grader reads PDFs made by these tools: the attachment and metadata keys below are the
contract between the two sides.
"""
ANSWER_TAG = "otter_answer_cell"
EXPORT_TAG = "export"
NOTE_TAG = "generated-note"
STUB = 'raise NotImplementedError("replace this line with your code")'
WRITTEN_PLACEHOLDER = "_Type your answer here, replacing this text._"
STUDENT_FIELDS = "**STUDENT ID:**"
OTTER_INIT_PREFIX = "# Initialize Otter"

# PDF metadata: the embedded notebook's SHA-256 and file name
HASH_KEY = "/CourseNotebookSHA256"
NAME_KEY = "/CourseNotebookName"
FIXED_EPOCH = "946684800"  # 2000-01-01: a constant, so that PDFs carry no build time
