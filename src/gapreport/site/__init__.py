"""Stage 7, write: the only writer of the output folder."""
