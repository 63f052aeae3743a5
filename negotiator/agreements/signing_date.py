"""The 締結日 rule: the date is fixed before the agreement is sent (not before that day, Japan
time), and signatures, electronic or on paper, are accepted only on or before it, so the date
printed on the agreement never contradicts the signatures."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from flask_babel import gettext as _

from negotiator.agreements.era import to_japanese_era
from negotiator.agreements.models import Agreement
from negotiator.errors import FieldError

JAPAN = ZoneInfo("Asia/Tokyo")


def japan_today() -> dt.date:
    return dt.datetime.now(JAPAN).date()


def check_before_sending(agreement: Agreement) -> None:
    """締結日 is set, and not already past."""
    if agreement.signing_date is None:
        raise FieldError(_("署名に回す前に締結日を入力してください。"), "signing_date")
    if agreement.signing_date < japan_today():
        raise FieldError(_("締結日が過ぎています。今日以降の日付にしてください。"), "signing_date")


def check_signing_day(agreement: Agreement, day: dt.date) -> None:
    """Refuse a signature made after the 締結日 printed on the agreement."""
    if agreement.signing_date is None or day > agreement.signing_date:
        printed = to_japanese_era(agreement.signing_date) if agreement.signing_date else "—"
        raise FieldError(
            _(
                "締結日(%(date)s)を過ぎたため署名できません。"
                "この版を廃止し、締結日を改めた新しい版を作成してください。",
                date=printed,
            )
        )
