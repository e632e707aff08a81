# Running `python -m khlib.datasets` as a doctest module would execute the CLI.
collect_ignore = ["khlib/datasets/__main__.py", "benchmarks", "build"]
