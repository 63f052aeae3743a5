"""Forms of an item's discussion: comments and 修正案."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, SelectField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from negotiator.db import MAX_ID
from negotiator.forms import AppForm, VersionField, choices
from negotiator.negotiation.discussion_models import COMMENT_LENGTH, REASON_LENGTH
from negotiator.negotiation.forms import TEXT_LIMIT

MARKDOWN_HELP = _l("Markdown で書けます(見出し、箇条書き、表)。")


class CommentForm(AppForm):
    body = TextAreaField(
        _l("コメント"),
        validators=[DataRequired(), Length(max=COMMENT_LENGTH)],
        description=MARKDOWN_HELP,
    )
    mentioned_member_id = SelectField(
        _l("知らせる構成団体"),
        coerce=int,
        description=_l("選んだ団体の担当者に通知します。"),
    )
    parent_id = IntegerField(widget=HiddenInput(), validators=[Optional(), NumberRange(1, MAX_ID)])

    def set_members(self, members: list) -> None:
        """The members one may name: the council's current ones, or none."""
        self.mentioned_member_id.choices = choices(
            {0: _l("(知らせない)")} | {m.id: m.name for m in members}
        )


class CommentEditForm(CommentForm):
    version = VersionField()


class SuggestionForm(AppForm):
    text = TextAreaField(
        _l("修正後の提案文"),
        validators=[DataRequired(), Length(max=TEXT_LIMIT)],
        description=MARKDOWN_HELP,
    )
    reason = TextAreaField(_l("修正の理由"), validators=[DataRequired(), Length(max=REASON_LENGTH)])
    base_revision = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class AcceptForm(AppForm):
    version = VersionField()
    # The revision whose diff the page showed: a revision made since refuses the accept.
    revision = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class DeclineForm(AppForm):
    reason = TextAreaField(
        _l("不採用の理由"), validators=[DataRequired(), Length(max=REASON_LENGTH)]
    )
    version = VersionField()


class WithdrawForm(AppForm):
    version = VersionField()
