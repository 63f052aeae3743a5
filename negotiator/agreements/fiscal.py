"""Fiscal years (年度, April to March) as cost tables and annexes name them. Pure."""

from __future__ import annotations

import datetime as dt

FIRST = 2019  # 令和元年度 (from April 2019; 令和 itself began on 1 May)


def fiscal_year_of(day: dt.date) -> int:
    """The 年度 a day falls in: 2026-04-01 … 2027-03-31 is 2026 (令和8年度)."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_label(year: int) -> str:
    """令和8年度 for 2026; 令和元年度 for 2019. Older years are not used by this app."""
    if year < FIRST:
        raise ValueError(f"{year} is before 令和元年度")
    number = year - FIRST + 1
    return f"令和{'元' if number == 1 else number}年度"


def fiscal_year_span(year: int) -> tuple[dt.date, dt.date]:
    """First and last day of the 年度."""
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)
