"""Every benchmark in bench/, one table: figure, value, unit, ratio (`make bench`).

Each script's `run()` returns its rows; every figure is a median of several runs, and every ratio
is against a baseline measured in the same run (the framework floor page, the WeasyPrint engine
floor; bench/latency.py's p95 against its p50; bench/floor.py's pages against a hand-written
version of the same work). bench/collector.py counts the collector's pauses in one process,
frozen or not. The scripts still run on their own (`.venv/bin/python bench/board.py` etc.).

    .venv/bin/python bench/run_all.py [--postgres URL | --no-postgres] [--councils N]

--councils N (`make bench BENCH_ARGS="--councils 1000"`) also times one council's pages among N
others on PostgreSQL (bench/installation.py; off by default: the seed takes minutes).

PostgreSQL (bench/board.py's server times and the gunicorn load figures run on it too) defaults
to NEGOTIATOR_BENCH_POSTGRES_URL, else postgresql://postgres@127.0.0.1:5432/test; each run makes
schemas of its own there and drops them.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.table import Row, print_table  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--postgres",
        metavar="URL",
        default=os.environ.get(
            "NEGOTIATOR_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
        ),
    )
    parser.add_argument("--no-postgres", action="store_true", help="skip the PostgreSQL load")
    parser.add_argument(
        "--councils", type=int, default=0, help="one council among N others (PostgreSQL)"
    )
    args = parser.parse_args(argv)
    postgres = None if args.no_postgres else args.postgres

    from bench import (
        agreement_pdf,
        api,
        board,
        collector,
        costs,
        documents,
        floor,
        installation,
        latency,
        limits,
        load,
        notifications,
        seal,
        search,
        send_for_signature,
    )

    started = time.perf_counter()
    scripts = [
        ("board", lambda: board.run(postgres)),
        ("floor", lambda: floor.run(postgres)),
        ("load", lambda: load.run(postgres)),
        ("installation", lambda: installation.run(postgres, args.councils)),
        ("latency", latency.run),
        ("collector", collector.run),
        ("agreement_pdf", agreement_pdf.run),
        ("send_for_signature", send_for_signature.run),
        ("seal", seal.run),
        ("costs", costs.run),
        ("limits", limits.run),
        ("notifications", notifications.run),
        ("documents", lambda: documents.run(postgres)),
        ("api", api.run),
        ("search", lambda: search.run(postgres)),
    ]
    rows = [Row("cores", str(os.cpu_count()))]
    for name, run in scripts:
        print(f"bench: {name} …", file=sys.stderr, flush=True)
        rows += run()
    rows.append(Row("make bench wall time", f"{time.perf_counter() - started:.0f}", "s"))
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
