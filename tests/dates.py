"""Dates that must lie ahead whenever the suite runs: a meeting still to come, a to-do not yet
due. Written as fixed dates they went stale (a "future" meeting on 2026-12-10 is past from that
day on, and its RSVP, invitation and calendar feed behave as a past meeting's); checked by
running the suite under faketime a year ahead (README: tests)."""

from __future__ import annotations

import datetime as dt

# Next year: between eleven and twenty-three months ahead, whatever today is.
YEAR = dt.date.today().year + 1


def ahead(month: int, day: int) -> dt.date:
    """That day of next year."""
    return dt.date(YEAR, month, day)


def ahead_local(month: int, day: int, time: str) -> str:
    """A datetime-local form value ("YYYY-MM-DDTHH:MM", Japan time) next year."""
    return f"{ahead(month, day).isoformat()}T{time}"


def ja_day(day: dt.date) -> str:
    """As Japanese text writes it: 2026年12月10日(木)."""
    return f"{day.year}年{day.month}月{day.day}日({'月火水木金土日'[day.weekday()]})"


def en_day(day: dt.date) -> str:
    """As the English mails write it: Thu 10 Dec 2026."""
    return f"{day:%a} {day.day} {day:%b %Y}"
