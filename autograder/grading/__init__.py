"""What a TA runs: intake of a class, the sandbox that runs each submission, the verdicts judged
outside it, and the gradebook and reports."""
