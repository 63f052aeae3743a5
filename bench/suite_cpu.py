"""Where the test suite's CPU goes: a pytest plugin, and the report of what it recorded.

The suite is CPU-bound on a 2-core machine (its wall time falls only with its CPU), and a
test's duration under three workers says little about its cost. Recorded per test: the worker's
own CPU time, the CPU of the child processes it reaped (job consumers, servers, chromium when
its module ends) and its wall time. Nothing is recorded unless the plugin is asked for:

    PYTHONPATH=. .venv/bin/pytest -p bench.suite_cpu -n 3 --maxschedchunk 1
    .venv/bin/python bench/suite_cpu.py [--top 30]
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import resource
import time
from pathlib import Path

import pytest

OUT = Path(os.environ.get("SUITE_CPU_DIR", "/tmp/negotiator-suite-cpu"))
_rows: list[dict] = []


def _children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):  # noqa: ANN201, ARG001
    own, children, wall = time.process_time(), _children(), time.perf_counter()
    yield
    _rows.append(
        {
            "id": item.nodeid,
            "cpu": time.process_time() - own,
            "children": _children() - children,
            "wall": time.perf_counter() - wall,
        }
    )


def pytest_sessionfinish(session: pytest.Session) -> None:  # noqa: ARG001
    OUT.mkdir(parents=True, exist_ok=True)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    (OUT / f"{worker}.json").write_text(json.dumps(_rows))


def report(top: int) -> None:
    rows = [row for path in OUT.glob("*.json") for row in json.loads(path.read_text())]
    by_file: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0.0, 0.0, 0])
    for row in rows:
        total = by_file[row["id"].split("::")[0]]
        total[0] += row["cpu"]
        total[1] += row["children"]
        total[2] += row["wall"]
        total[3] += 1
    cpu = sum(r["cpu"] for r in rows)
    children = sum(r["children"] for r in rows)
    print(f"{len(rows)} tests: own CPU {cpu:.0f} s, children's CPU {children:.0f} s")
    print(f"{'own':>6} {'child':>6} {'wall':>6} {'tests':>5}  file")
    ranked = sorted(by_file.items(), key=lambda kv: -(kv[1][0] + kv[1][1]))
    for name, (own, child, wall, count) in ranked[:top]:
        print(f"{own:6.0f} {child:6.0f} {wall:6.0f} {count:5d}  {name}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=30)
    report(parser.parse_args().top)
