"""Forms for meetings, agenda, attendance, minutes, action items and written rounds."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    DateTimeLocalField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, HiddenInput, ListWidget

from negotiator.forms import AppForm, VersionField, choices
from negotiator.meetings.models import (
    ATTENDEES_LIMIT,
    ENTRY_NOTE_LIMIT,
    ENTRY_TITLE_LIMIT,
    RSVP_NOTE_LIMIT,
    Answer,
    Mode,
    Presence,
    Rsvp,
)
from negotiator.negotiation.forms import TEXT_LIMIT, PositionForm
from negotiator.negotiation.rules import N_

JST = ZoneInfo("Asia/Tokyo")
MODE_LABELS = {
    Mode.IN_PERSON.value: N_("対面"),
    Mode.ONLINE.value: N_("オンライン"),
    Mode.HYBRID.value: N_("対面とオンラインの併用"),
}
PRESENCE_LABELS = {
    Presence.IN_PERSON.value: N_("会場で出席"),
    Presence.REMOTE.value: N_("オンラインで出席"),
    Presence.ABSENT.value: N_("欠席"),
}
RSVP_LABELS = {
    Rsvp.ATTEND.value: N_("出席"),
    Rsvp.ABSENT.value: N_("欠席"),
    Rsvp.PROXY.value: N_("代理出席"),
}
STATUS_LABELS = {
    "scheduled": N_("開催予定"),
    "held": N_("開催済み"),
    "confirmed": N_("議事録確定"),
    "cancelled": N_("中止"),
}
ANSWER_LABELS = {
    Answer.CONFIRM.value: N_("確認しました"),
    Answer.CORRECTION.value: N_("修正を依頼"),
}
MINUTE_FORMAT = "%Y-%m-%dT%H:%M"


def from_japan(value: dt.datetime) -> dt.datetime:
    """A wall-clock time typed in Japan, as an aware UTC datetime."""
    return value.replace(tzinfo=JST).astimezone(dt.UTC)


def to_japan(value: dt.datetime) -> dt.datetime:
    """A stored UTC datetime as naive Japan wall-clock time, for form fields."""
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(JST).replace(tzinfo=None)


# Meeting times and round deadlines are this century's: a year outside these would also fail
# the conversion to UTC at its edges (year 1 minus nine hours is no date).
FIRST_YEAR, LAST_YEAR = 2000, 2100


class JapanTimeField(DateTimeLocalField):
    """A wall-clock time typed in Japan, to the minute, within FIRST_YEAR..LAST_YEAR."""

    def __init__(self, label: Any = None, validators: Any = None, **kwargs: Any) -> None:
        super().__init__(label, validators, format=MINUTE_FORMAT, **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        super().process_formdata(valuelist)
        if self.data is not None and not FIRST_YEAR <= self.data.year <= LAST_YEAR:
            self.data = None
            raise ValueError(
                _l(
                    "%(first)d年から%(last)d年までの日時を入力してください。",
                    first=FIRST_YEAR,
                    last=LAST_YEAR,
                )
            )


def _translated(labels: dict) -> dict:
    return {k: _l(v) for k, v in labels.items()}


class MeetingForm(AppForm):
    title = StringField(
        _l("会議名"),
        validators=[Optional(), Length(max=200)],
        description=_l("空欄の場合は「第N回 協議会名」になります。"),
    )
    starts_at = JapanTimeField(
        _l("開始(日本時間)"),
        validators=[InputRequired(message=_l("開始日時を入力してください。"))],
    )
    ends_at = JapanTimeField(
        _l("終了(日本時間)"),
        validators=[InputRequired(message=_l("終了日時を入力してください。"))],
    )
    place = StringField(_l("場所"), validators=[Optional(), Length(max=200)])
    mode = SelectField(_l("開催方法"), choices=choices(_translated(MODE_LABELS)))

    def validate_ends_at(self, field: DateTimeLocalField) -> None:
        if self.starts_at.errors:
            return  # a missing start keeps the stored, timezone-aware value: nothing to compare
        if self.starts_at.data and field.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("終了は開始より後にしてください。"))


class MeetingEditForm(MeetingForm):
    version = VersionField()


class MeetingCancelForm(AppForm):
    reason = TextAreaField(
        _l("中止の理由"),
        validators=[
            DataRequired(message=_l("中止の理由を入力してください。")),
            Length(max=TEXT_LIMIT),
        ],
        description=_l("各団体への通知と会議のページに表示されます。"),
    )
    version = VersionField()


class AgendaPublishForm(AppForm):
    """議題を公開: nothing to type (the token only)."""


class AgendaAddForm(AppForm):
    """Choices: the open items of every negotiation of the council, grouped by negotiation."""

    item_id = SelectField(_l("協議事項"), coerce=int)


class FreeEntryForm(AppForm):
    """A free agenda entry: 報告事項, その他 and the like; no positions are taken on it."""

    title = StringField(
        _l("件名"),
        validators=[
            DataRequired(message=_l("議題の件名を入力してください。")),
            Length(max=ENTRY_TITLE_LIMIT),
        ],
        description=_l("例: 報告事項 令和8年度の運用実績について"),
    )
    note = TextAreaField(_l("補足(任意)"), validators=[Optional(), Length(max=ENTRY_NOTE_LIMIT)])


class AttendanceRow(Form):
    member_id = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    presence = SelectField(_l("出欠"), choices=choices(_translated(PRESENCE_LABELS)))
    attendees = TextAreaField(
        _l("出席者(職・氏名)"),
        validators=[Optional(), Length(max=2000)],
        description=_l("1行に1人。例: 総務課長 山田 太郎"),
    )


class AttendanceForm(AppForm):
    rows = FieldList(FormField(AttendanceRow))


class RsvpForm(AppForm):
    """出欠回答 for one member; the version is 0 until the member's first answer."""

    answer = RadioField(
        _l("出欠"),
        choices=choices(_translated(RSVP_LABELS)),
        validators=[InputRequired(message=_l("出席・欠席・代理出席のいずれかを選んでください。"))],
    )
    attendees = TextAreaField(
        _l("出席する方(職・氏名)"),
        validators=[Optional(), Length(max=ATTENDEES_LIMIT)],
        description=_l("1行に1人。例: 総務課長 山田 太郎。欠席の場合は空欄にしてください。"),
    )
    note = TextAreaField(
        _l("備考"),
        validators=[Optional(), Length(max=RSVP_NOTE_LIMIT)],
        description=_l("例: 途中から参加します。"),
    )
    version = VersionField()


class ItemNotes(Form):
    entry_id = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    notes = TextAreaField(_l("この協議事項の記録"), validators=[Optional(), Length(max=TEXT_LIMIT)])


class MinutesForm(AppForm):
    notes = TextAreaField(
        _l("全体の記録"),
        validators=[Optional(), Length(max=TEXT_LIMIT)],
        description=_l("Markdown で書けます。"),
    )
    items = FieldList(FormField(ItemNotes))
    version = VersionField()


class PublishForm(AppForm):
    change_note = StringField(_l("変更の説明"), validators=[Optional(), Length(max=500)])


class ConfirmForm(AppForm):
    answer = RadioField(
        _l("議事録の確認"),
        choices=choices(_translated(ANSWER_LABELS)),
        validators=[InputRequired(message=_l("確認するか修正を依頼するかを選んでください。"))],
    )
    comment = TextAreaField(
        _l("修正の内容"),
        validators=[Optional(), Length(max=5000)],
        description=_l("修正を依頼する場合は必須です。"),
    )
    revision = IntegerField(validators=[InputRequired()])


class ReasonForm(AppForm):
    reason = TextAreaField(
        _l("理由"),
        validators=[DataRequired(message=_l("理由を入力してください。")), Length(max=5000)],
    )


class ActionItemForm(AppForm):
    description = TextAreaField(
        _l("宿題の内容"),
        validators=[DataRequired(message=_l("内容を入力してください。")), Length(max=5000)],
    )
    owner_member_id = SelectField(_l("担当団体"), coerce=int)
    due_date = DateField(_l("期限"), validators=[Optional()])


class FloorPositionForm(PositionForm):
    member_id = SelectField(_l("構成団体"), coerce=int)


class RoundAnswerForm(PositionForm):
    """A liaison's answer in a written round; the source is the round itself."""


class MultiCheckbox(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SignersForm(AppForm):
    """議事録署名人: none checked means every member confirms the minutes."""

    member_ids = MultiCheckbox(_l("議事録署名人"), coerce=int, validators=[Optional()])
    version = VersionField()


class RoundForm(AppForm):
    title = StringField(_l("件名"), validators=[DataRequired(), Length(max=200)])
    deadline = JapanTimeField(
        _l("回答期限(日本時間)"),
        validators=[InputRequired(message=_l("回答期限を入力してください。"))],
    )
    item_ids = MultiCheckbox(
        _l("書面協議にかける協議事項"),
        coerce=int,
        validators=[DataRequired(message=_l("協議事項を1つ以上選んでください。"))],
    )


class RoundCloseForm(AppForm):
    """締め切る: nothing to type; the version refuses a page that is out of date."""

    version = VersionField()


class RoundExtendForm(AppForm):
    deadline = JapanTimeField(
        _l("新しい回答期限(日本時間)"),
        validators=[InputRequired(message=_l("新しい回答期限を入力してください。"))],
    )
    version = VersionField()


class RoundCancelForm(AppForm):
    reason = TextAreaField(
        _l("中止の理由"),
        validators=[
            DataRequired(message=_l("中止の理由を入力してください。")),
            Length(max=TEXT_LIMIT),
        ],
    )
    version = VersionField()


ROUND_CONTROL_FORMS: dict[str, type[AppForm]] = {
    "close": RoundCloseForm,
    "extend": RoundExtendForm,
    "cancel": RoundCancelForm,
}
