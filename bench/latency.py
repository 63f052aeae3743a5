"""Steady latency: p50, p95 and p95/p50 of four pages under gunicorn, collector frozen or not.

Issue 18: a full collection walked every long-lived object of a worker (~140 ms every few board
requests), which made the p95. This migrates a fresh SQLite database, seeds it (bench/seed.py at
SIZE, the dashboard's to-dos and the item page's timeline included), and starts two gunicorns
with the project's settings (negotiator/gunicorn_conf.py, 4 workers each): one as deployed,
whose workers freeze the collector after start-up, and one with NEGOTIATOR_GC_FREEZE=false.
A second process (bench/load.py's driver) then sends REQUESTS GETs per page over CONCURRENCY
connections (one per worker: the figures are service times, not queueing), the facilitator
logged in on each: the board, the probe item's page, the dashboard and the probe meeting's page.
Runs alternate between the two servers so that a slow phase of the (shared) machine falls on
both; each figure is the median over RUNS runs, with the lowest and highest p95 of the runs
beside it.

    .venv/bin/python bench/latency.py [--size medium] [--requests N] [--runs R]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load import Server, drive_in_subprocess, gunicorn  # noqa: E402
from bench.table import Row, print_table  # noqa: E402

SIZE = "large"  # bench/board.py's sizes; the figures are at the large one
WORKERS = 4
CONCURRENCY = WORKERS
REQUESTS = 120  # per page and run: a full collection came every ~5 board requests a worker
RUNS = 3
MODES = {"frozen": "true", "not frozen": "false"}  # NEGOTIATOR_GC_FREEZE
READY = {"true": "collector frozen after start-up", "false": "collector not frozen"}


def _prepare(url: str, size: str) -> dict[str, Any]:
    from bench.board import EXTRAS, SIZES, make_app, migrate
    from bench.seed import seed
    from negotiator.db import db

    app = make_app(url)
    migrate(app)
    info = seed(app, *SIZES[size], meetings=EXTRAS[size]["meetings"])
    with app.app_context():
        db.engine.dispose()
    return info


def _pages(info: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Page: (path, text the page must contain)."""
    return {
        "board": (f"/negotiations/{info['negotiation_id']}", 'class="board"'),
        "item page": (f"/items/{info['probe_item_id']}", 'class="timeline"'),
        "dashboard": ("/", "対応が必要なこと"),
        "meeting page": (f"/meetings/{info['probe_meeting_id']}", 'class="agenda"'),
    }


def _wait_for_workers(server: Server, ready: str, timeout: float = 120) -> None:
    """Until every worker has logged its post_worker_init line (warm-up and freeze done)."""
    deadline = time.monotonic() + timeout
    while server.log().count(ready) < WORKERS:
        if time.monotonic() > deadline or server.process.poll() is not None:
            raise RuntimeError(f"workers not ready ({ready!r}):\n{server.log()[-3000:]}")
        time.sleep(0.1)


def _spec(server: Server, info: dict[str, Any], page: tuple[str, str], requests: int) -> dict:
    path, must_contain = page
    return {
        "base": server.base,
        "requests": requests,
        "concurrency": CONCURRENCY,
        "password": info["password"],
        "method": "GET",
        "expect": 200,
        "must_contain": must_contain,
        "sessions": [{"user": info["facilitator"], "paths": [path]}],
    }


def run(size: str = SIZE, requests: int = REQUESTS, runs: int = RUNS) -> list[Row]:
    from bench.board import sqlite_url

    results: dict[tuple[str, str], list[dict[str, Any]]] = {}
    with (
        sqlite_url() as url,
        tempfile.TemporaryDirectory(prefix="negotiator-latency-") as tmp,
        contextlib.ExitStack() as stack,
    ):
        info = _prepare(url, size)
        pages = _pages(info)
        servers = {}
        for mode, flag in MODES.items():
            log = Path(tmp) / f"gunicorn-{flag}.log"
            env = {"NEGOTIATOR_GC_FREEZE": flag}
            servers[mode] = stack.enter_context(gunicorn(url, log, workers=WORKERS, env=env))
            _wait_for_workers(servers[mode], READY[flag])
        for server in servers.values():  # warm-up: every worker has served each page
            for page in pages.values():
                drive_in_subprocess(_spec(server, info, page, CONCURRENCY * 4))
        for _ in range(runs):
            for mode, server in servers.items():
                for name, page in pages.items():
                    result = drive_in_subprocess(_spec(server, info, page, requests))
                    results.setdefault((mode, name), []).append(result)
        for mode, server in servers.items():
            if problems := server.log_problems():
                raise RuntimeError(f"{mode}: problems in the server log: {problems[:10]}")
    return _rows(results, size, requests, runs)


def _rows(results: dict, size: str, requests: int, runs: int) -> list[Row]:
    rows = []
    label = f"gunicorn {WORKERS}w sqlite {size}, {CONCURRENCY} conns x {requests} reqs x {runs}"
    for (mode, page), per_run in results.items():
        p50 = statistics.median(r["p50"] for r in per_run) * 1000
        p95s = [r["p95"] * 1000 for r in per_run]
        p95 = statistics.median(p95s)
        figure = f"{label}: {page}, {mode}"
        rows.append(Row(f"{figure} p50", f"{p50:.0f}", "ms"))
        spread = f"{min(p95s):.0f}–{max(p95s):.0f}"
        rows.append(Row(f"{figure} p95 (runs {spread} ms)", f"{p95:.0f}", "ms", f"{p95 / p50:.1f}"))
    return rows


def main(argv: list[str] | None = None) -> int:
    from bench.board import SIZES

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=list(SIZES), default=SIZE)
    parser.add_argument("--requests", type=int, default=REQUESTS)
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args(argv)
    print_table(run(args.size, args.requests, args.runs))
    print("ratio: p95 / p50 (issue 18's target: at most 2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
