"""environment.yml and pyproject.toml list the same requirements; the README's commands are
the ones CI runs."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _norm(spec: str) -> tuple[str, str]:
    m = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    return m.group(1).lower().replace("_", "-"), m.group(2).replace(" ", "")


def test_environment_matches_pyproject():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_norm(s) for s in py["dependencies"] + py["optional-dependencies"]["course"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    listed = set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            listed |= {_norm(s) for s in dep["pip"] if not s.startswith("-e")}
            assert "-e ." in dep["pip"], "Binder/conda users need khlib itself installed"
        elif not dep.startswith(("python", "pip")):
            listed.add(_norm(dep))
    assert listed == wanted, f"only in environment.yml: {listed - wanted}; only in pyproject: {wanted - listed}"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make lab" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_brief_stack_is_required():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {_norm(s)[0] for s in py["dependencies"] + py["optional-dependencies"]["course"]}
    assert {"jupyterlab", "pandas", "numpy", "matplotlib", "ipywidgets", "nbval", "pytest"} <= names


def test_notebook_kernels_import_this_checkout():
    """A kernel starts in notebooks/, where the repository root is not on sys.path: khlib must
    come from the installed package, and that must be THIS checkout. (A venv shared with another
    clone once imported that clone's older khlib in every notebook while the tests, run from the
    root, used this one.)"""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", "import khlib; print(khlib.__file__)"],
                         cwd=ROOT / "notebooks", capture_output=True, text=True, check=True).stdout.strip()
    assert Path(out).resolve().is_relative_to((ROOT / "khlib").resolve()), (
        f"notebooks import khlib from {out}, not from {ROOT / 'khlib'}: run `pip install -e .` here")
