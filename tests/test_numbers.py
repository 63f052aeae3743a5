"""Every typed number is bounded before exact arithmetic (negotiator.numbers)."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest

from negotiator.numbers import MAX_TEXT, NumberError, parse_decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [("20,590", "20590"), ("135.46", "135.46"), ("33.3333", "33.3333"), ("1.000000", "1")],
)
def test_ordinary_numbers_are_read_exactly(text: str, expected: str) -> None:
    assert parse_decimal(text) == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1e-150000", "小数点以下は4桁まで"),
        ("1e-999999999", "小数点以下は4桁まで"),
        ("33.33333", "小数点以下は4桁まで"),
        ("1e999999999", "大きすぎる数値"),
        ("9" * 14, "大きすぎる数値"),
        ("1" * (MAX_TEXT + 1), "長すぎます"),
        ("-1e-150000", "0以上"),
        ("NaN", "数値を入力"),
        ("12円", "数値を入力"),
    ],
)
def test_numbers_out_of_bounds_are_refused_with_a_message(text: str, message: str) -> None:
    with pytest.raises(NumberError) as refused:
        parse_decimal(text)
    assert message in refused.value.message


def test_zero_with_a_huge_exponent_is_plain_zero() -> None:
    value = parse_decimal("0e-99999999")
    assert value == 0 and value.as_tuple().exponent == 0


def test_whole_yen() -> None:
    assert parse_decimal("12,000,000", whole=True) == 12_000_000
    with pytest.raises(NumberError, match="1円単位"):
        parse_decimal("1e-3", whole=True)


def test_refusing_an_exponent_bomb_costs_no_arithmetic() -> None:
    # Fraction(Decimal("1e-150000")) arithmetic took tens of seconds; the check looks only at
    # the exponent. CPU time, not wall time: the machine may be busy with other work.
    start = time.process_time()
    for exponent in (150_000, 10**8):
        with pytest.raises(NumberError):
            parse_decimal(f"1e-{exponent}")
    assert time.process_time() - start < 0.5
