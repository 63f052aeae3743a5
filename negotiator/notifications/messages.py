"""The words of each kind of notification, translated when shown or mailed."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from negotiator.notifications.models import Kind, Mode

KIND_LABELS = {
    Kind.ITEM_NEW: _l("新しい協議事項"),
    Kind.ITEM_REVISED: _l("提案文の改訂(意見の再確認)"),
    Kind.POSITION: _l("フォロー中の協議事項への意見"),
    Kind.OBJECTION: _l("反対意見"),
    Kind.STATE_CHANGE: _l("協議事項の状態の変更"),
    Kind.MEETING: _l("会議の予定・変更・中止"),
    Kind.AGENDA: _l("議題の公開"),
    Kind.MINUTES: _l("議事録の確認依頼"),
    Kind.ROUND_OPENED: _l("書面協議の開始"),
    Kind.ROUND_REMINDER: _l("書面協議の締切前のお知らせと期限の延長"),
    Kind.ROUND_CLOSED: _l("書面協議の終了と結果"),
    Kind.SIGNATURE: _l("協定書の署名依頼"),
    Kind.SIGNED: _l("協定書の署名・締結"),
    Kind.APPROVAL: _l("決裁の記録依頼と記録のお知らせ"),
    Kind.ACTION_DUE: _l("宿題事項の期限"),
    Kind.MENTION: _l("コメントで自分の団体が名指しされたとき"),
}

MODE_LABELS = {
    Mode.IMMEDIATE: _l("すぐにメール"),
    Mode.DIGEST: _l("1日1回まとめてメール"),
    Mode.OFF: _l("メールしない(アプリ内のみ)"),
}

# One headline per kind; %(…)s are filled from the notification's params.
HEADLINES = {
    Kind.ITEM_NEW: _l("協議事項%(number)s「%(title)s」が提案されました。意見を登録してください。"),
    Kind.ITEM_REVISED: _l(
        "協議事項%(number)s「%(title)s」の提案文が第%(revision)s版になりました。意見を確認し直してください。"
    ),
    Kind.POSITION: _l(
        "%(member)sが協議事項%(number)s「%(title)s」に意見を登録しました(%(stance)s)。"
    ),
    Kind.OBJECTION: _l("%(member)sが協議事項%(number)s「%(title)s」に反対しました。"),
    Kind.STATE_CHANGE: _l("協議事項%(number)s「%(title)s」が「%(state)s」になりました。"),
    Kind.MEETING: _l("会議「%(title)s」についてのお知らせです。"),
    Kind.AGENDA: _l("会議「%(title)s」の議題が公開されました。"),
    Kind.MINUTES: _l("会議「%(title)s」の議事録の確認をお願いします。"),
    Kind.ROUND_OPENED: _l("書面協議「%(title)s」が始まりました。回答してください。"),
    Kind.ROUND_REMINDER: _l(
        "書面協議「%(title)s」の回答期限(%(deadline)s)が近づいています。未回答の協議事項に回答してください。"
    ),
    Kind.ROUND_CLOSED: _l("書面協議「%(title)s」が終了しました。"),
    Kind.SIGNATURE: _l(
        "協定書「%(title)s」(第%(number)s版)が署名に回されました。署名をお願いします。"
    ),
    Kind.SIGNED: _l("協定書「%(title)s」(第%(number)s版)に%(member)sが署名しました。"),
    Kind.APPROVAL: _l("協定書「%(title)s」の決裁の記録をお願いします。"),
    Kind.ACTION_DUE: _l("宿題事項「%(title)s」の期限(%(due)s)が近づいています。"),
    Kind.MENTION: _l("協議事項%(number)s「%(title)s」のコメントで%(member)sが名指しされました。"),
}

# Events that share a kind (and so the reader's preference) but say something else:
# params["variant"] picks the headline.
VARIANTS = {
    (Kind.ROUND_REMINDER, "extended"): _l(
        "書面協議「%(title)s」の回答期限が%(deadline)sに延長されました。"
    ),
    (Kind.SIGNED, "executed"): _l("協定書「%(title)s」(第%(number)s版)が締結されました。"),
    (Kind.APPROVAL, "approved"): _l(
        "%(member)sが協定書「%(title)s」(第%(number)s版)の決裁を記録しました。署名できます。"
    ),
    (Kind.APPROVAL, "not_required"): _l(
        "%(member)sが協定書「%(title)s」(第%(number)s版)の決裁は不要と記録しました。署名できます。"
    ),
    (Kind.ACTION_DUE, "overdue"): _l("宿題事項「%(title)s」の期限(%(due)s)を過ぎています。"),
}

JAPAN = ZoneInfo("Asia/Tokyo")
# Japan time always (deadlines are set and kept in Japan time); the pattern per language.
DATETIME_PATTERNS = {"ja": "y年M月d日(E) H:mm", "en": "EEE d MMM y, HH:mm 'JST'"}
DATE_PATTERNS = {"ja": "y年M月d日(E)", "en": "EEE d MMM y"}


# A meeting's headline says what happened to it (params["change"]).
MEETING_HEADLINES = {
    "scheduled": _l("会議「%(title)s」が%(when)sに予定されました。"),
    "moved": _l("会議「%(title)s」の予定が変更されました(%(when)s)。"),
    "cancelled": _l("%(when)sの会議「%(title)s」は中止になりました。"),
}


def _template(kind: Kind, values: dict[str, Any], variant: str | None) -> str:
    if (kind, variant) in VARIANTS:
        return str(VARIANTS[(kind, variant)])
    if kind == Kind.MEETING and values.get("change") in MEETING_HEADLINES:
        return str(MEETING_HEADLINES[values["change"]])
    return str(HEADLINES[kind])


def headline_html(kind: str, params: dict[str, Any]) -> Markup:
    """`headline` for a page: the names and titles in it marked lang="ja" (negotiator.i18n)."""
    from negotiator.i18n import ja

    marked = {k: ja(v) if k in USER_DATA and isinstance(v, str) else v for k, v in params.items()}
    return Markup(headline(kind, marked, escape_template=True))


# Parameters that hold what users typed or named (the rest are labels, dates and numbers).
USER_DATA = {"title", "member"}


def headline(kind: str, params: dict[str, Any], *, escape_template: bool = False) -> str:
    """The notification's sentence in the current locale; labels inside it translated too."""
    from negotiator.negotiation.rules import STANCE_LABELS, Stance
    from negotiator.negotiation.workflow import STATE_LABELS, State

    values = dict(params)
    variant = values.pop("variant", None)
    if "deadline" in values:
        values["deadline"] = _when(values["deadline"])
    if "due" in values:
        values["due"] = _day(values["due"])
    if "stance" in values:
        values["stance"] = _(STANCE_LABELS[Stance(values["stance"])])
    if "state" in values:
        values["state"] = _(STATE_LABELS[State(values["state"])])
    try:
        if "starts_at" in values:
            values["when"] = _when(values["starts_at"])
        template = _template(Kind(kind), values, variant)
        if escape_template:  # every value escaped too (marked names are Markup already)
            return str(escape(template)) % {k: escape(v) for k, v in values.items()}
        return template % values
    except (KeyError, TypeError, ValueError):
        # A later event that forgot a parameter still shows something rather than failing.
        return str(KIND_LABELS[Kind(kind)])


def _language() -> str:
    locale = get_locale()
    return locale.language if locale is not None and locale.language in DATE_PATTERNS else "ja"


def _when(value: str) -> str:
    """An ISO timestamp (UTC) as the reader's language writes it, in Japan time."""
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    language = _language()
    return format_datetime(moment, DATETIME_PATTERNS[language], tzinfo=JAPAN, locale=language)


def _day(value: str) -> str:
    language = _language()
    return format_date(dt.date.fromisoformat(value), DATE_PATTERNS[language], locale=language)
