"""Forms for negotiations, agenda items, revisions, positions and moves."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from negotiator.forms import AppForm, VersionField, choices
from negotiator.negotiation.models import NOTE_LENGTH, Category, Source
from negotiator.negotiation.rules import N_, RULE_LABELS, STANCE_LABELS

CATEGORY_LABELS = {
    Category.ACCESS_CONTROL.value: N_("アクセス権制御ポリシー"),
    Category.REMOTE_ACCESS.value: N_("リモートアクセス"),
    Category.COST_SPLIT.value: N_("費用負担"),
    Category.OPERATIONS.value: N_("運用"),
    Category.SECURITY.value: N_("情報セキュリティ"),
    Category.OTHER.value: N_("その他"),
}
SOURCE_LABELS = {
    Source.APP.value: N_("このアプリで入力"),
    Source.MEETING.value: N_("会議"),
    Source.EMAIL.value: N_("メール"),
    Source.DOCUMENT.value: N_("文書"),
    Source.PHONE.value: N_("電話"),
    Source.ROUND.value: N_("書面協議"),
    Source.OTHER.value: N_("その他"),
}
TEXT_LIMIT = 50_000


def _translated(labels: dict) -> dict:
    return {k: _l(v) for k, v in labels.items()}


class NegotiationForm(AppForm):
    title = StringField(_l("協議案件名"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("概要"), validators=[Optional(), Length(max=5000)])
    decision_rule = SelectField(
        _l("決定方法"), choices=choices(_translated({k.value: v for k, v in RULE_LABELS.items()}))
    )
    deemed_consent = BooleanField(_l("期限までに回答がない場合はみなし同意とする"))


class ItemForm(AppForm):
    title = StringField(_l("件名"), validators=[DataRequired(), Length(max=200)])
    category = SelectField(_l("分類"), choices=choices(_translated(CATEGORY_LABELS)))
    description = TextAreaField(_l("説明"), validators=[Optional(), Length(max=10_000)])
    proposing_member_id = SelectField(_l("提案団体"), coerce=int)
    rule_override = SelectField(_l("決定方法"))

    def set_choices(self, members: list, rule_label: str, *, facilitator: bool) -> None:
        """Proposers the user may name (a liaison: own members only) and rule options."""
        proposers = {0: _l("事務局")} if facilitator else {}
        self.proposing_member_id.choices = choices(proposers | {m.id: m.name for m in members})
        self.rule_override.choices = choices(
            {"": _l("協議案件の設定に従う(%(rule)s)", rule=rule_label)}
            | _translated({k.value: v for k, v in RULE_LABELS.items()})
        )


class NewItemForm(ItemForm):
    text = TextAreaField(
        _l("提案文"),
        validators=[DataRequired(), Length(max=TEXT_LIMIT)],
        description=_l("Markdown で書けます(見出し、箇条書き、表)。"),
    )


class ItemEditForm(ItemForm):
    version = VersionField()


class RevisionForm(AppForm):
    text = TextAreaField(_l("提案文"), validators=[DataRequired(), Length(max=TEXT_LIMIT)])
    change_note = StringField(_l("変更の説明"), validators=[Optional(), Length(max=500)])
    base_revision = IntegerField(validators=[InputRequired()])


class PositionForm(AppForm):
    stance = RadioField(
        _l("意見"),
        choices=choices(_translated({k.value: v for k, v in STANCE_LABELS.items()})),
        validators=[InputRequired(message=_l("意見を選んでください。"))],
    )
    statement = TextAreaField(_l("意見の内容"), validators=[Optional(), Length(max=10_000)])
    conditions = TextAreaField(
        _l("条件"),
        validators=[Optional(), Length(max=10_000)],
        description=_l("条件付賛成の場合、条件を1行に1つ入力します。"),
    )
    reason = TextAreaField(
        _l("反対の理由"),
        validators=[Optional(), Length(max=10_000)],
        description=_l("反対の場合は必須です。"),
    )
    source = SelectField(_l("意見の出所"), choices=choices(_translated(SOURCE_LABELS)))
    revision = IntegerField(validators=[InputRequired()])


class MoveForm(AppForm):
    reason = TextAreaField(_l("理由"), validators=[Optional(), Length(max=5000)])
    version = VersionField()
    # Set by the confirmation page of a move that voids an agreement out for signature.
    confirm = BooleanField()


class DiscussedForm(AppForm):
    note = StringField(
        _l("協議した場"),
        validators=[DataRequired(), Length(max=500)],
        description=_l("例: 令和8年5月12日 第2回協議会で協議"),
    )


class NoteForm(AppForm):
    body = TextAreaField(
        _l("メモ"),
        validators=[DataRequired(), Length(max=NOTE_LENGTH)],
        description=_l(
            "この団体の担当者と署名権者だけが読めます。事務局や他の団体には見えません。"
        ),
    )
