"""Sealing one agreement PDF: the installation's key parsed once per process (now) against
pyHanko's own signer, which parses and checks the RSA-3072 key again for every signature (the
baseline, as it was before).

Run: .venv/bin/python bench/seal.py
"""

from __future__ import annotations

import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pyhanko.sign import signers  # noqa: E402

from bench.table import Row, print_table  # noqa: E402
from negotiator import create_app  # noqa: E402
from negotiator.agreements import pades, seal  # noqa: E402
from negotiator.pdf import render_pdf  # noqa: E402

RUNS = 9


def _times(runs: int, pdf: bytes) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        seal.seal_pdf(pdf)
        times.append(time.perf_counter() - start)
    return times


def _spread(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:.0f}"


def run(runs: int = RUNS) -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"TESTING": True, "SECRET_KEY": "bench"})
        app.instance_path = tmp
        with app.app_context():
            logging.disable(logging.WARNING)
            seal.ensure_demo_certificate()
            pdf = render_pdf("<p>協定書</p>")
            seal.seal_pdf(pdf)  # the key is parsed here, once
            now = _times(runs, pdf)
            cached = pades._signer
            key, cert = seal._paths()
            pades._signer = lambda: signers.SimpleSigner.load(str(key), str(cert))
            try:
                before = _times(runs, pdf)
            finally:
                pades._signer = cached
                logging.disable(logging.NOTSET)
    ratio = statistics.median(now) / statistics.median(before)
    return [
        Row("seal one PDF, key parsed per signature (before)", _spread(before), "ms"),
        Row("seal one PDF, key parsed once (now)", _spread(now), "ms", f"{ratio:.2f}"),
        Row("seal one PDF, now: min / max", f"{min(now) * 1000:.0f} / {max(now) * 1000:.0f}", "ms"),
    ]


def main() -> None:
    print_table(run())


if __name__ == "__main__":
    main()
