"""`flask jobs worker`: the consumer that runs queued and periodic tasks."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import AppGroup

jobs_cli = AppGroup("jobs", help="Background jobs (mail delivery, digests, deadlines).")


@jobs_cli.command("worker")
@click.option("--workers", default=2, show_default=True, help="Worker threads.")
@click.option("--periodic/--no-periodic", default=True, help="Also run the periodic tasks.")
# On the SQLite storage a consumer polls, backing off while idle: at most a second, so that a
# document asked for on a page is made about as soon as it is asked (Redis hands tasks over
# at once). A poll is one small read.
@click.option(
    "--max-delay", default=1.0, show_default=True, help="Longest wait between polls when idle (s)."
)
def worker(workers: int, periodic: bool, max_delay: float) -> None:
    """Run a consumer until SIGINT/SIGTERM (any number may run against Redis)."""
    from negotiator.jobs.engine import huey_for
    from negotiator.runtime import freeze_after_startup

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # Before the worker threads start: one freeze covers them all (negotiator.runtime).
    logging.getLogger(__name__).info("%s", freeze_after_startup(current_app).describe())
    huey = huey_for(current_app)
    consumer = huey.create_consumer(
        workers=workers, periodic=periodic, worker_type="thread", max_delay=max_delay
    )
    consumer.run()


@jobs_cli.command("status")
def status() -> None:
    """How many tasks wait in the queue and in the schedule."""
    from negotiator.jobs.engine import huey_for

    huey = huey_for(current_app)
    click.echo(f"storage: {type(huey).__name__} {huey.name}")
    click.echo(f"queued: {huey.pending_count()}  scheduled: {huey.scheduled_count()}")
