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
