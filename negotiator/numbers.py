"""The one way the app reads a typed number: bounded before any exact arithmetic is done on it.

Exact arithmetic (Fraction) on a Decimal costs time that grows with the square of its exponent:
``1e-100000`` as a percentage took 14.6 s in one request. So the text is refused when it is longer
than anyone types, and the number when it is larger than any amount or indicator the database
holds or has more decimal places than it keeps (NUMERIC(18, 4)). Pure: no Flask, no database.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from negotiator.message import Message, say

MAX_TEXT = 40  # characters, separators included: "9,999,999,999,999.9999" is 22
MAX_DIGITS = 13  # digits before the decimal point: below 10 兆
MAX_PLACES = 4  # digits after it, as the indicator columns keep them


class NumberError(ValueError):
    """The text is not a number the app accepts; `msg` says why (translated where shown)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.text)
        self.msg = message
        self.message = message.text


def parse_decimal(text: object, *, whole: bool = False) -> Decimal:
    """A typed number ("20,590", "45.5"): refuses text, negatives and what is out of bounds."""
    cleaned = str(text if text is not None else "").replace(",", "").strip()
    if len(cleaned) > MAX_TEXT:
        raise NumberError(say("数値が長すぎます(%(n)s文字まで)", n=MAX_TEXT))
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise NumberError(say("数値を入力してください")) from None
    if not value.is_finite():
        raise NumberError(say("数値を入力してください"))
    if not value:
        return Decimal(0)  # also "0e-999999", whose exponent alone would be costly
    if value < 0:
        raise NumberError(say("0以上の数値を入力してください"))
    # Only the digits and the exponent are looked at, never 10**exponent, and no context
    # rounding (normalize() would turn 1e-999999999 into 0): cheap and exact for any input.
    if value.adjusted() >= MAX_DIGITS:
        raise NumberError(say("大きすぎる数値です(10兆未満で入力してください)"))
    places = _places(value)
    if whole and places > 0:
        raise NumberError(say("1円単位の整数で入力してください"))
    if places > MAX_PLACES:
        raise NumberError(say("小数点以下は%(n)s桁までで入力してください", n=MAX_PLACES))
    return value


def _places(value: Decimal) -> int:
    """Digits after the decimal point, trailing zeros not counted ("1.50" has 1)."""
    digits, exponent = value.as_tuple()[1:]
    text = "".join(map(str, digits))
    return -(int(exponent) + len(text) - len(text.rstrip("0")))
