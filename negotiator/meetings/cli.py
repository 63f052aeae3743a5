"""`flask rounds close-due`: close written rounds whose deadline has come (for cron, the demo)."""

from __future__ import annotations

import datetime as dt

import click
from flask.cli import AppGroup

from negotiator.db import utcnow
from negotiator.meetings.deadlines import close_due_rounds

rounds_cli = AppGroup("rounds", help="Written rounds (書面協議).")


@rounds_cli.command("close-due")
@click.option(
    "--now",
    "now_text",
    default=None,
    help="Act as if it were this time (ISO 8601 with an offset, e.g. 2026-12-01T17:00+09:00).",
)
def close_due(now_text: str | None) -> None:
    """Close every open round whose deadline has passed, once."""
    now = utcnow()
    if now_text:
        try:
            now = dt.datetime.fromisoformat(now_text)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--now") from exc
        if now.tzinfo is None:
            raise click.BadParameter("give a UTC offset, e.g. +09:00", param_hint="--now")
    count = close_due_rounds(now.astimezone(dt.UTC))
    click.echo(f"closed {count} written round(s)")
