"""Templates with their literal messages translated at compile time, against the same templates
calling `_()` at render time (negotiator/template_compile.py, `fold_messages`).

One seeded SQLite database, two apps on it: one folds, the other does not. Requests alternate
between the two (A B B A, so that neither always goes first) after warm-ups, with the collector
frozen as in a server; the CPU medians of each page are compared. Neither app is the one that
seeded the database (in an earlier A/B, that app measured up to 15% slower whatever it did), and
the run is repeated with the two built in the other order: the table gives each order and their
geometric mean.

    .venv/bin/python bench/template_folding.py [--sizes small large] [--runs 100]
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import board as bench_board  # noqa: E402
from bench.floor import EXTRAS, SIZES  # noqa: E402
from bench.seed import seed  # noqa: E402
from bench.table import Row, print_table  # noqa: E402
from negotiator.db import db  # noqa: E402

PAGES = ("board", "item page", "dashboard", "meeting page")


def _paths(info: dict) -> dict[str, str]:
    n, i, m = info["negotiation_id"], info["probe_item_id"], info["probe_meeting_id"]
    paths = (f"/negotiations/{n}", f"/items/{i}", "/", f"/meetings/{m}")
    return dict(zip(PAGES, paths, strict=True))


def _client(app: Flask, info: dict) -> FlaskClient:
    client = app.test_client()
    bench_board.login(client, info["facilitator"], info["password"])
    return client


def _cpu(client: FlaskClient, path: str) -> float:
    started = time.process_time()
    response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path}: {response.status_code}")
    return time.process_time() - started


def compare(url: str, info: dict, runs: int, folded_first: bool) -> dict[str, float]:
    """page -> folded CPU / called CPU (medians), the two apps built in the given order."""
    apps = [bench_board.make_app(url) for _ in range(2)]
    folded, called = apps if folded_first else apps[::-1]
    called.jinja_env.fold_messages = False
    clients = {"folded": _client(folded, info), "called": _client(called, info)}
    gc.collect()
    gc.freeze()
    ratios = {}
    for page, path in _paths(info).items():
        cpu: dict[str, list[float]] = {"folded": [], "called": []}
        for n in range(bench_board.WARMUPS + runs):
            for name in ("folded", "called", "called", "folded") if n % 2 else cpu:
                spent = _cpu(clients[name], path)
                if n >= bench_board.WARMUPS:
                    cpu[name].append(spent)
        ratios[page] = statistics.median(cpu["folded"]) / statistics.median(cpu["called"])
    gc.unfreeze()
    for app in apps:
        with app.app_context():
            db.engine.dispose()
    return ratios


def run(sizes: list[str], runs: int) -> list[Row]:
    rows = []
    for size in sizes:
        members, items, revisions = SIZES[size]
        with bench_board.sqlite_url() as url:
            app = bench_board.make_app(url)
            bench_board.migrate(app)
            info = seed(app, members, items, revisions, meetings=EXTRAS[size]["meetings"])
            first = compare(url, info, runs, folded_first=True)
            second = compare(url, info, runs, folded_first=False)
        for page in PAGES:
            mean = (first[page] * second[page]) ** 0.5
            both = f"{first[page]:.3f} / {second[page]:.3f}"
            rows.append(Row(f"sqlite {size} {page}: folded / called CPU", both, "", f"{mean:.3f}"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), default=["small", "large"])
    args = parser.parse_args(argv)
    rows = run(args.sizes, args.runs)
    print_table([Row("cores", str(os.cpu_count())), *rows])
    print("value: folded app built first / built second; ratio: their geometric mean (< 1: the")
    print("folded templates cost less CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
