"""Benchmarks: `python -m bench` runs them all. Plain Python, kept out of the pytest run."""
