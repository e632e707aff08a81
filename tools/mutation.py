"""Mutation testing of khlib (issue 11): how many deliberately broken copies of a module do the
tests catch? ``mutmut`` (3.x) changes one operator, constant or argument at a time; a mutant is
*killed* when a test fails, *survives* when every test passes.

Usage (from the repository root; needs ``pip install mutmut`` in the interpreter that runs it)::

    python tools/mutation.py run io      # clone HEAD into build/mutation/io, run mutmut there
    python tools/mutation.py table io    # per-module table of killed / survived / other
    python tools/mutation.py survivors io khlib/io/_dates.py   # the surviving mutants' diffs

A run works on a fresh clone of HEAD (never on the working tree) with a ``[tool.mutmut]``
section written for the target: the modules to mutate and the narrow set of tests that
exercise them (a whole ``make test`` per mutant would take days). ``--max-children 1`` keeps one
core free. Tests that check *which line* of the caller a warning points at cannot pass under
mutmut's trampolines and are deselected; ``tests/api.py`` skips mutmut's generated names.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "mutation"

#: target -> (modules to mutate, test files that exercise them, tests to deselect)
TARGETS: dict[str, tuple[list[str], list[str], list[str]]] = {
    "io": (["khlib/io/_dates.py", "khlib/io/_fastnum.py", "khlib/io/_numbers.py", "khlib/io/_layout.py"],
           ["tests/core/test_io.py", "tests/core/test_io_read.py", "tests/core/test_io_values.py",
            "tests/core/test_io_dates_times.py", "tests/core/test_io_fastnum.py", "tests/core/test_io_returns.py",
            "tests/core/test_io_mutation_kills.py", "tests/corpus"], []),
    "io-rest": (["khlib/io/_prepare.py", "khlib/io/_read.py", "khlib/io/_rows.py", "khlib/io/_ids.py",
                 "khlib/io/_workbook.py"],
                ["tests/core/test_io.py", "tests/core/test_io_read.py", "tests/core/test_io_values.py",
                 "tests/core/test_io_returns.py", "tests/core/test_io_mutation_kills.py", "tests/corpus"], []),
    "grading": (["khlib/grading/core.py", "khlib/grading/payment.py"],
                ["tests/grading/test_grading.py", "tests/grading/test_edges.py", "tests/grading/test_payment.py",
                 "tests/grading/test_payment_mutation_kills.py", "tests/grading/test_core_mutation_kills.py"], []),
    "summary": (["khlib/summary/btyd.py", "khlib/summary/orders.py", "khlib/summary/receivables.py"],
                ["tests/summary"], []),
    "value": (["khlib/value/clv.py", "khlib/value/models.py"], ["tests/value"],
              ["tests/value/test_value.py::test_non_convergence_warns"]),
}

#: mutmut's exit codes (see mutmut/__main__.py, status_by_exit_code).
STATUS = {1: "killed", 3: "killed", -24: "timeout", 0: "survived", 5: "no tests", 33: "no tests", 34: "skipped",
          35: "suspicious", 36: "timeout", -11: "segfault", -9: "killed"}


def _config(modules: list[str], tests: list[str], deselect: list[str]) -> str:
    # the mutated modules' own doctests are tests too (pytest runs them with --doctest-modules)
    sel = [*tests, *modules, *[f"--deselect={d}" for d in deselect]]
    return ("\n[tool.mutmut]\n"
            f"source_paths = [\"khlib/\"]\n"
            f"only_mutate = {json.dumps(modules)}\n"
            "also_copy = [\"conftest.py\", \"data/\"]\n"
            f"pytest_add_cli_args_test_selection = {json.dumps(sel)}\n"
            "pytest_add_cli_args = [\"-p\", \"no:cacheprovider\", \"-p\", \"no:xdist\", \"-x\", \"-q\"]\n")


def run(target: str, children: int) -> None:
    modules, tests, deselect = TARGETS[target]
    work = OUT / target
    if work.exists():
        subprocess.run(["rm", "-rf", str(work)], check=True)
    work.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "clone", "-q", str(ROOT), str(work)], check=True)
    with open(work / "pyproject.toml", "a", encoding="utf-8") as fh:
        fh.write(_config(modules, tests, deselect))
    t0 = time.perf_counter()
    log = open(work / "mutmut.log", "w", encoding="utf-8")
    rc = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(children)], cwd=work,
                        stdout=log, stderr=subprocess.STDOUT).returncode
    seconds = time.perf_counter() - t0
    (work / "run_seconds.txt").write_text(f"{seconds:.0f}\n")
    print(f"mutmut exited {rc} after {seconds / 60:.1f} min; log in {work / 'mutmut.log'}")


def records(target: str) -> dict[str, dict[str, int]]:
    """Mutant name -> exit code, per module, from mutmut's .meta files."""
    out: dict[str, dict[str, int]] = {}
    for meta in sorted((OUT / target / "mutants").rglob("*.py.meta")):
        data = json.loads(meta.read_text())
        module = str(meta.relative_to(OUT / target / "mutants"))[: -len(".meta")]
        out[module] = {k: v for k, v in data.get("exit_code_by_key", {}).items()}
    return out


def table(target: str) -> None:
    secs = (OUT / target / "run_seconds.txt")
    print(f"| module | mutants | killed | survived | other | score |\n|---|---:|---:|---:|---:|---:|")
    for module, codes in records(target).items():
        status = [STATUS.get(c, "not run") if c is not None else "not run" for c in codes.values()]
        k, s = status.count("killed") + status.count("timeout"), status.count("survived")
        other = len(status) - k - s
        score = k / (k + s) if k + s else float("nan")
        print(f"| {module} | {len(status)} | {k} | {s} | {other} | {score:.1%} |")
    if secs.exists():
        print(f"\nrun time: {int(secs.read_text()) / 60:.1f} min")


def survivors(target: str, module: str) -> None:
    names = [k for k, c in records(target).get(module, {}).items() if c == 0]
    for name in names:
        diff = subprocess.run([sys.executable, "-m", "mutmut", "show", name], cwd=OUT / target,
                              capture_output=True, text=True).stdout
        print(diff)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=["run", "table", "survivors"])
    ap.add_argument("target", choices=sorted(TARGETS))
    ap.add_argument("module", nargs="?")
    ap.add_argument("--children", type=int, default=1)
    a = ap.parse_args()
    if a.action == "run":
        run(a.target, a.children)
    elif a.action == "table":
        table(a.target)
    else:
        survivors(a.target, a.module)


if __name__ == "__main__":
    main()
