"""Japanese era (和暦) dates as printed on agreements: 令和8年4月1日, 令和元年5月1日."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

# (era name, first day), newest first. Agreements of this app are never dated before 平成.
_ERAS: tuple[tuple[str, date], ...] = (
    ("令和", date(2019, 5, 1)),
    ("平成", date(1989, 1, 8)),
)

# Printed when the signing date is left open, to be filled in by hand (full-width spaces).
BLANK_DATE = "令和　年　月　日"


def era_year(d: date) -> tuple[str, int]:
    """Return the era name and the year within it, e.g. ("令和", 8) for 2026-04-01."""
    if isinstance(d, datetime):
        # The calendar day of a datetime depends on its time zone; make the caller choose.
        raise TypeError("pass a date, not a datetime (convert to Japan time first)")
    for name, start in _ERAS:
        if d >= start:
            return name, d.year - start.year + 1
    raise ValueError(f"{d.isoformat()} is before 平成 (1989-01-08); not supported")


def to_japanese_era(d: date) -> str:
    """Format a date as 令和8年4月1日; the first year of an era is written 元年."""
    name, year = era_year(d)
    year_text = "元" if year == 1 else str(year)
    return f"{name}{year_text}年{d.month}月{d.day}日"


def era_of(value: date | datetime | None) -> str:
    """A date, or the Japan-time day of a moment, in the Japanese era ("" for none)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(ZoneInfo("Asia/Tokyo")).date()
    return to_japanese_era(value)
