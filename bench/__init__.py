"""Benchmarks, run from the project folder as modules: `python -m bench.quality`, ... (README,
"Benchmarks"). Not imported by the crawler."""
