"""Sending an agreement for signature: the request's own work before (render and certify the
signing original in the request) and after (freeze, queue the job; the consumer renders).

What is timed is the request's service call and its commit, for the demo-sized agreement and
for 50 parties x 100 articles; "before" runs the job at commit in the same process
(RENDER_JOBS_INLINE), which is what the request used to do. The job itself is timed too.

Run: .venv/bin/python bench/send_for_signature.py
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade  # noqa: E402

from bench.agreement_pdf import _seed  # noqa: E402
from bench.table import Row, print_table  # noqa: E402
from negotiator import create_app  # noqa: E402
from negotiator.agreements import services  # noqa: E402
from negotiator.agreements.models import Agreement  # noqa: E402
from negotiator.agreements.signing_date import japan_today  # noqa: E402
from negotiator.db import db  # noqa: E402
from negotiator.jobs.engine import in_app_context  # noqa: E402
from negotiator.renders import services as renders  # noqa: E402

RUNS = 3
SEEDED = itertools.count(1)  # each draft in a council of its own
SIZES = (("demo (3 x 6)", (3, 6, 3)), ("large (50 x 100)", (50, 100, 50)))


def _draft(size: tuple[int, int, int]) -> int:
    agreement = db.session.get(Agreement, _seed(*size, tag=f"-{next(SEEDED)}"))
    agreement.signing_date = japan_today() + dt.timedelta(days=30)
    db.session.commit()
    return agreement.id


def _send(agreement_id: int) -> tuple[float, int]:
    start = time.perf_counter()
    agreement = db.session.get(Agreement, agreement_id)
    job = services.send_for_signature(agreement, agreement.version)
    job_id = job.id
    db.session.commit()
    return time.perf_counter() - start, job_id


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def run(runs: int = RUNS) -> list[Row]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3",
                "JOBS_SQLITE_PATH": f"{tmp}/jobs.sqlite3",
            }
        )
        app.instance_path = tmp  # the demo seal certificate goes here
        with app.app_context(), app.test_request_context():
            logging.disable(logging.WARNING)
            upgrade(revision="heads")
            for label, size in SIZES:
                app.config["RENDER_JOBS_INLINE"] = True
                before = _median([_send(_draft(size))[0] for _ in range(runs)])
                app.config["RENDER_JOBS_INLINE"] = False
                sent = [_send(_draft(size)) for _ in range(runs)]
                after = _median([t for t, _ in sent])
                job_times = []
                for _, job_id in sent:  # what the consumer then does, one job after another
                    start = time.perf_counter()
                    in_app_context(app, renders.run)(job_id)
                    job_times.append(time.perf_counter() - start)
                rows.append(Row(f"send request, before, {label}", f"{before:.3f}", "s"))
                rows.append(
                    Row(
                        f"send request, after, {label}",
                        f"{after:.3f}",
                        "s",
                        f"{after / before:.3f}",
                    )
                )
                rows.append(
                    Row(f"signing job (consumer), {label}", f"{_median(job_times):.2f}", "s")
                )
            logging.disable(logging.NOTSET)
            db.engine.dispose()
    return rows


def main() -> None:
    print_table(run())


if __name__ == "__main__":
    main()
