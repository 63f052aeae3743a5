"""A server, a CLI command and a job consumer start without the heavy libraries that only some
of them use: WeasyPrint (fonts, Pango) and numpy/SciPy (the nucleolus) load on first use.

Together they were about 40% of start-up time and 65 MB of every process's memory (issue 18).
pyHanko (with aiohttp) and openpyxl (with numpy) load at the first signature or export: another
0.4 s of CPU per process, paid by every job consumer the tests start.
"""

from __future__ import annotations

import subprocess
import sys

LAZY = ("weasyprint", "scipy", "numpy", "pyhanko", "aiohttp", "openpyxl")

PROBE = f"""
import sys
from negotiator import create_app
app = create_app({{"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"}})
with app.test_request_context():
    pass
print(sorted(name for name in {LAZY!r} if name in sys.modules))
"""


def test_building_the_app_imports_no_renderer_and_no_solver() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=300
    )
    assert result.stdout.strip() == "[]", result.stdout


def test_the_renderer_and_the_solver_still_load_when_used() -> None:
    from fractions import Fraction

    from negotiator.costs.games import nucleolus
    from negotiator.pdf import render_pdf

    a, b = frozenset({"a"}), frozenset({"b"})
    assert nucleolus({a: 6, b: 4, a | b: 8}) == {"a": Fraction(5), "b": Fraction(3)}
    assert render_pdf("<p>協定書</p>", pdf_variant=None).startswith(b"%PDF-")
