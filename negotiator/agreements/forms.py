"""Forms for drafting and signing agreements."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from negotiator.forms import AppForm, VersionField
from negotiator.negotiation.rules import N_


class SettingsForm(AppForm):
    title = StringField(_l("表題"), validators=[DataRequired(), Length(max=200)])
    subject = StringField(
        _l("協定の対象"),
        validators=[DataRequired(), Length(max=300)],
        description=_l("前文の「…に関し、次のとおり協定を締結する。」の「…」の部分"),
    )
    effective_date = DateField(_l("効力発生日"), validators=[Optional()])
    term = StringField(
        _l("有効期間"),
        validators=[Optional(), Length(max=300)],
        description=_l("例: 令和11年3月31日まで"),
    )
    signing_date = DateField(
        _l("締結日"),
        validators=[Optional()],
        description=_l(
            "署名に回す前に必ず入力します(今日以降の日付)。各当事者の署名(電子署名・記名押印)は、"
            "この日まで(日本時間)に限り受け付けます。"
        ),
    )
    include_consultation = BooleanField(_l("協議の条を最後に入れる"), default=True)
    execution_method = RadioField(
        _l("締結の方法"),
        choices=[
            SelectChoice(
                "witness",
                _l("電子署名(立会人型): 署名権者がこのアプリで署名し、本システムが電子署名を付す"),
            ),
            SelectChoice(
                "party",
                _l("電子署名(当事者型): 署名権者が自分の電子証明書で署名したPDFをアップロード"),
            ),
            SelectChoice("paper", _l("書面: 印刷した原本に記名押印し、スキャンした原本を登録")),
        ],
        default="witness",
    )
    # Shown only on a 変更協定's draft; checked by the service (validate_choice would refuse
    # the ordinary agreement's form, which does not send it).
    amendment_style = RadioField(
        _l("変更の書き方"),
        choices=[
            SelectChoice("kaimebun", _l("改め文(「第○条中「…」を「…」に改める。」)")),
            SelectChoice("table", _l("新旧対照表(変更後と変更前の文言を並べた表)")),
        ],
        validate_choice=False,
    )
    version = VersionField()


class AmendmentForm(AppForm):
    """Start a 変更協定: the items to negotiate again, and why."""

    items = SelectMultipleField(
        _l("再協議する協議事項"),
        coerce=int,
        validate_choice=False,
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    reason = TextAreaField(_l("変更の理由"), validators=[DataRequired(), Length(max=2000)])


class ArticleForm(AppForm):
    caption = StringField(_l("見出し"), validators=[DataRequired(), Length(max=100)])
    body = TextAreaField(_l("本文"), validators=[DataRequired(), Length(max=20_000)])
    version = VersionField()


class VersionForm(AppForm):
    version = VersionField()


class SendForm(VersionForm):
    # Shown only when an annex rests on example figures (例示): they are sent knowingly.
    allow_illustrative = BooleanField(_l("例示の数値のまま署名に回す(デモ・研修用)"))


class SignForm(AppForm):
    password = PasswordField(_l("パスワード(確認のため再入力)"), validators=[DataRequired()])
    content_hash = StringField(validators=[DataRequired(), Length(min=64, max=64)])


class CertifiedUploadForm(AppForm):
    file = FileField(
        _l("自分の電子証明書で署名したPDF"),
        validators=[FileRequired(_l("ファイルを選んでください。"))],
    )


class CertificateForm(AppForm):
    file = FileField(
        _l("証明書ファイル(PEMまたはDER)"),
        validators=[FileRequired(_l("ファイルを選んでください。"))],
    )


class ScanForm(AppForm):
    file = FileField(
        _l("記名押印した原本のスキャン(PDF・PNG・JPEG)"),
        validators=[FileRequired(_l("ファイルを選んでください。"))],
    )


class PaperSignatureForm(AppForm):
    paper_date = DateField(_l("記名押印した日"), validators=[DataRequired()])
    note = StringField(_l("備考"), validators=[Optional(), Length(max=500)])


class ApprovalForm(AppForm):
    """A member's 決裁 of the frozen text; dates and number required unless it is not needed."""

    status = RadioField(
        _l("決裁"),
        choices=[
            SelectChoice("approved", _l("決裁済み(起案日・決裁日・文書番号・決裁者を記録)")),
            SelectChoice("not_required", _l("この団体では決裁を要しない")),
        ],
        default="approved",
    )
    drafted_on = DateField(_l("起案日"), validators=[Optional()])
    approved_on = DateField(_l("決裁日"), validators=[Optional()])
    document_number = StringField(
        _l("文書番号"),
        validators=[Optional(), Length(max=100)],
        description=_l("例: 須総第123号"),
    )
    approver_title = StringField(
        _l("決裁者の職"),
        validators=[Optional(), Length(max=100)],
        description=_l("例: 町長、副町長、総務課長"),
    )
    note = TextAreaField(_l("備考"), validators=[Optional(), Length(max=2000)])
    content_hash = StringField(validators=[DataRequired(), Length(min=64, max=64)])
    version = VersionField()

    def validate(self, extra_validators=None) -> bool:  # noqa: ANN001
        valid = super().validate(extra_validators)
        if self.status.data != "approved":
            return valid
        for field in (self.drafted_on, self.approved_on):
            # A date the browser could not send as one (DateField already said so) or none.
            if field.data is None and not field.errors:
                field.errors = [*field.errors, str(_l("日付を入力してください。"))]
                valid = False
        for field in (self.document_number, self.approver_title):
            if not (field.data or "").strip():
                field.errors = [*field.errors, str(_l("入力してください。"))]
                valid = False
        return valid


class SupersedeForm(AppForm):
    reason = TextAreaField(_l("理由"), validators=[DataRequired(), Length(max=2000)])


AGREEMENT_STATUS_LABELS = {
    "draft": N_("草案"),
    "preparing": N_("署名用PDF作成中"),
    "out_for_signature": N_("署名中"),
    "executed": N_("締結済み"),
    "superseded": N_("廃止"),
}

EXECUTION_METHOD_LABELS = {
    "witness": N_("電子署名(立会人型)"),
    "party": N_("電子署名(当事者型)"),
    "paper": N_("書面(記名押印)"),
}

APPROVAL_STATUS_LABELS = {
    "approved": N_("決裁済み"),
    "not_required": N_("決裁不要"),
}

AMENDMENT_STYLE_LABELS = {
    "kaimebun": N_("改め文"),
    "table": N_("新旧対照表"),
}
