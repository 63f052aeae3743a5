"""The time the app reads for idle sessions and password throttles.

The `CLOCK` setting (a function giving seconds since the epoch) lets tests move time instead of
sleeping; without it the system clock is used.
"""

from __future__ import annotations

import datetime as dt
import time

from flask import current_app


def timestamp() -> float:
    """Seconds since the epoch, from the configured clock."""
    source = current_app.config.get("CLOCK") or time.time
    return source()


def now() -> dt.datetime:
    """The current time in UTC, from the configured clock."""
    return dt.datetime.fromtimestamp(timestamp(), dt.UTC)
