"""Start-up stays light: the command line imports the heavy libraries only when a command needs them.

Not a timing test (timings are in benchmarks/): it checks which modules are imported, which is what
makes `qbr --help` take about 0.15 s instead of 0.6 s.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

HEAVY = ("pandas", "numpy", "pyarrow", "matplotlib", "pptx", "jinja2", "openpyxl")

CHECK = """
import sys
from click.testing import CliRunner
from qbr.cli import main
result = CliRunner().invoke(main, sys.argv[1:])
assert result.exit_code == 0, result.output
print(",".join(m for m in {heavy!r} if m in sys.modules))
"""


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["metrics", "--help"], ["--version"]])
def test_help_imports_no_heavy_library(args: list[str]) -> None:
    code = CHECK.format(heavy=HEAVY)
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


STACK = """
import gc, json, sys
from qbr.pipeline import import_build_stack
passes = []
gc.callbacks.append(lambda phase, info: passes.append(info["generation"]) if phase == "start" else None)
{before}
import_build_stack()
frozen = gc.get_freeze_count()
import_build_stack()
print(json.dumps({{"passes": passes, "enabled": gc.isenabled(), "frozen": frozen, "again": gc.get_freeze_count(),
                  "loaded": [m in sys.modules for m in ("pptx", "jinja2", "xlsxwriter", "qbr.context.build")]}}))
"""


@pytest.mark.parametrize("before", ["", "gc.disable()"])
def test_a_build_imports_its_stack_once_without_collector_passes_then_freezes_it(before: str) -> None:
    import json

    code = STACK.format(before=before)
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["passes"] == []  # not one collector pass over the objects the imports create
    assert got["loaded"] == [True, True, True, True]
    assert got["frozen"] > 50_000  # pandas, python-pptx, jinja2, qbr: out of every later pass
    assert got["again"] == got["frozen"]  # once per process: a second build freezes nothing new
    assert got["enabled"] is (before == "")  # the collector is left as it was found
