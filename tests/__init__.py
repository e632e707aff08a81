"""khlib's tests, one folder per topic of the package (``tests/<topic>/`` mirrors ``khlib/<topic>``):

core/          io, periods, vocab, layout, immutability of inputs, environment, make lab
summary/       the heavy step (order/invoice/stock lines -> one row per customer or product)
grading/       chapter 04          transactions/  chapter 05
fieldsales/    routes, calendar    value/         chapter 01
intro/         chapter 00          check/         the exercise self-checks
datasets/      registry, loaders, generator
notebooks/     chapter conventions, fonts, hand-outs and the student edition
benchmarks/    the benchmark scripts run on small inputs

Shared fixtures (company tables, the 2025 summary, the CDNOW summary) are in ``conftest.py``,
small hand-made frames in ``samples.py``.
"""
