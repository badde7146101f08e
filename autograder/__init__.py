"""Build, export and grade the course's homework notebooks (a thin layer over otter-grader)."""
