"""Analysis: Documents in, results out (matching, diff, verdicts, track, query, summaries); never raw text."""
