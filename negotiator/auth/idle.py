"""The idle timeout as the browser sees it (WCAG 2.2.1): how long the session has left, and the
request that extends it. The clock itself is kept by negotiator.web._end_idle_session."""

from __future__ import annotations

from flask import current_app, session

from negotiator import clock


def remaining_seconds() -> int:
    """Seconds until an idle session is logged out (0 when it already is)."""
    limit = int(current_app.config["IDLE_TIMEOUT"].total_seconds())
    now = int(clock.timestamp())
    return max(0, limit - (now - session.get("seen", now)))


def warning_seconds() -> int:
    """How long before the timeout the warning shows (IDLE_WARNING, at most the timeout)."""
    config = current_app.config
    return int(min(config["IDLE_WARNING"], config["IDLE_TIMEOUT"]).total_seconds())


def extend() -> int:
    """Restart the idle clock now; the seconds the session then has."""
    session["seen"] = int(clock.timestamp())
    session.permanent = True
    return remaining_seconds()
