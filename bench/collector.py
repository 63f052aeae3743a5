"""What the collector costs a server process, frozen after start-up or not, without HTTP.

bench/latency.py times pages over HTTP against two gunicorns; on an idle machine the frozen and
the unfrozen one came out within noise of each other, which says little about why. This seeds
one SQLite database, then runs one process per mode on it — as a server does: the app built,
`negotiator.runtime.freeze_after_startup` (or, not frozen, one collection and no freeze) — that
sends the board, the probe item's page, the dashboard and the probe meeting's page in turn
ROUNDS times through the test client, and counts every collection per generation with its
time (`gc.callbacks`), beside the requests' p50, p95 and p99.

    .venv/bin/python bench/collector.py [--size huge] [--rounds 300]
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.table import Row, print_table  # noqa: E402

SIZE = "large"
ROUNDS = 300
MODES = ("frozen", "not frozen")


def measure(url: str, info: dict[str, Any], mode: str, rounds: int) -> dict[str, Any]:
    """In this process: the collections (count, total and longest ms per generation) and the
    requests' percentiles (ms) over `rounds` rounds of the four pages."""
    from bench.board import login, make_app
    from negotiator.runtime import freeze_after_startup

    app = make_app(url)
    client = app.test_client()
    login(client, info["facilitator"], info["password"])
    n, i, m = info["negotiation_id"], info["probe_item_id"], info["probe_meeting_id"]
    paths = [f"/negotiations/{n}", f"/items/{i}", "/", f"/meetings/{m}"]
    for path in paths:  # what a first request loads lazily
        client.get(path)
    if mode == "frozen":
        freeze_after_startup(app)
    else:
        gc.collect()
    pauses: dict[int, list[float]] = {0: [], 1: [], 2: []}
    started = [0.0]

    def watch(phase: str, details: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            pauses[details["generation"]].append((time.perf_counter() - started[0]) * 1000)

    times = []
    gc.callbacks.append(watch)
    try:
        for _ in range(rounds):
            for path in paths:
                begun = time.perf_counter()
                if client.get(path).status_code != 200:
                    raise RuntimeError(f"GET {path}")
                times.append((time.perf_counter() - begun) * 1000)
    finally:
        gc.callbacks.remove(watch)
    percentiles = statistics.quantiles(times, n=100)
    return {
        "pauses": {g: (len(p), sum(p), max(p, default=0.0)) for g, p in pauses.items()},
        "p50": statistics.median(times),
        "p95": percentiles[94],
        "p99": percentiles[98],
        "tracked": len(gc.get_objects()),
    }


def run(size: str = SIZE, rounds: int = ROUNDS) -> list[Row]:
    from bench.board import make_app, migrate, sqlite_url
    from bench.floor import EXTRAS, SIZES
    from bench.seed import seed
    from negotiator.db import db

    rows = []
    with sqlite_url() as url:
        app = make_app(url)
        migrate(app)
        info = seed(app, *SIZES[size], meetings=EXTRAS[size]["meetings"])
        with app.app_context():
            db.engine.dispose()
        for mode in MODES:  # a process each: a freeze cannot be undone
            argv = [sys.executable, __file__, "--child", json.dumps([url, info, mode, rounds])]
            out = subprocess.run(argv, check=True, capture_output=True, text=True).stdout
            rows += _rows(f"one process, sqlite {size}, 4 pages x {rounds}, {mode}", out)
    return rows


def _rows(label: str, out: str) -> list[Row]:
    result = json.loads(out.strip().splitlines()[-1])
    rows = []
    for generation, (count, total, longest) in result["pauses"].items():
        figure = f"{label}: generation {generation} collections (total ms, longest ms)"
        rows.append(Row(figure, f"{count} ({total:.0f}, {longest:.1f})"))
    for name in ("p50", "p95", "p99"):
        rows.append(Row(f"{label}: request {name}", f"{result[name]:.1f}", "ms"))
    rows.append(Row(f"{label}: objects the collector tracks", f"{result['tracked']:,}"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default=SIZE)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        url, info, mode, rounds = json.loads(args.child)
        print(json.dumps(measure(url, info, mode, rounds)))
        return 0
    print_table(run(args.size, args.rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
