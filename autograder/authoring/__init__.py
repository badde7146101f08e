"""What an instructor runs: the source notebook built into the student release, the answer key,
the hidden-test bundle and sample classes."""
