from datetime import date, datetime

import pytest

from negotiator.agreements.era import BLANK_DATE, era_year, to_japanese_era


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 4, 1), "令和8年4月1日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(2019, 12, 31), "令和元年12月31日"),
        (date(2020, 1, 1), "令和2年1月1日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(1989, 12, 31), "平成元年12月31日"),
        (date(1990, 1, 1), "平成2年1月1日"),
        (date(2018, 12, 31), "平成30年12月31日"),
    ],
)
def test_japanese_era_dates(day: date, expected: str) -> None:
    assert to_japanese_era(day) == expected


def test_era_year() -> None:
    assert era_year(date(2026, 4, 1)) == ("令和", 8)
    assert era_year(date(2019, 5, 1)) == ("令和", 1)
    assert era_year(date(2019, 4, 30)) == ("平成", 31)


def test_reiwa_year_is_gregorian_minus_2018() -> None:
    for year in range(2020, 2100):
        assert era_year(date(year, 6, 1)) == ("令和", year - 2018)


def test_before_heisei_is_refused() -> None:
    with pytest.raises(ValueError, match="1989-01-07"):
        to_japanese_era(date(1989, 1, 7))


def test_datetime_is_refused() -> None:
    with pytest.raises(TypeError):
        to_japanese_era(datetime(2026, 4, 1, 9, 0))


def test_blank_date_uses_full_width_spaces() -> None:
    assert BLANK_DATE == "令和\u3000年\u3000月\u3000日"
