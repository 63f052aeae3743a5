"""Forms of the administration screens."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from negotiator.consortia.models import MemberKind, Role
from negotiator.forms import AppForm, VersionField, address_check, choices

KIND_LABELS = {
    MemberKind.CITY.value: _l("市"),
    MemberKind.TOWN.value: _l("町"),
    MemberKind.VILLAGE.value: _l("村"),
    MemberKind.OTHER.value: _l("その他"),
}
ROLE_LABELS = {
    Role.FACILITATOR.value: _l("事務局"),
    Role.LIAISON.value: _l("担当者"),
    Role.SIGNATORY.value: _l("署名権者"),
    Role.OBSERVER.value: _l("閲覧者"),
}


LANGUAGE_LABELS = {"ja": "日本語", "en": "English"}


class ConsortiumForm(AppForm):
    name = StringField(_l("協議会名"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("説明"), validators=[Optional(), Length(max=5000)])
    approval_required = BooleanField(
        _l("署名の前に決裁の記録を必要とする"),
        description=_l(
            "オンにすると、各団体の担当者が協定書の決裁(起案日・決裁日・文書番号・決裁者)"
            "または決裁不要を記録するまで、その団体は署名できません。"
        ),
    )


class MemberForm(AppForm):
    name = StringField(_l("団体名"), validators=[DataRequired(), Length(max=100)])
    kind = SelectField(_l("種別"), choices=choices(KIND_LABELS))
    party_label = StringField(
        _l("協定書での呼称"),
        validators=[Optional(), Length(max=16)],
        description=_l("甲、乙、丙 など"),
    )
    representative_title = StringField(_l("代表者の職名"), validators=[Length(max=100)])
    representative_name = StringField(_l("代表者の氏名"), validators=[Length(max=100)])
    address = StringField(_l("所在地"), validators=[Length(max=300)])
    sort_order = IntegerField(
        _l("表示順"),
        default=0,
        validators=[Optional(), NumberRange(min=0, max=9999)],
        filters=[lambda value: 0 if value is None else value],  # left blank: first
    )
    joined_on = DateField(
        _l("加入日"),
        validators=[Optional()],
        description=_l("設立時からの構成団体は空欄。締結済みの協定書がある協議会では必須。"),
    )


class UserForm(AppForm):
    username = StringField(
        _l("ユーザー名"),
        validators=[
            DataRequired(),
            Length(min=2, max=64),
            Regexp(r"^[A-Za-z0-9._-]+$", message=_l("半角英数字と . _ - のみ使えます。")),
        ],
    )
    display_name = StringField(_l("表示名"), validators=[DataRequired(), Length(max=100)])
    password = PasswordField(
        _l("パスワード"),
        validators=[Optional(), Length(max=200)],
        description=_l("新規作成時は必須。変更しない場合は空欄。"),
    )
    email = StringField(
        _l("メールアドレス"),
        validators=[Optional(), Length(max=254), address_check],
        filters=[lambda value: value.strip() or None if isinstance(value, str) else value],
    )
    language = SelectField(_l("メールの言語"), choices=choices(LANGUAGE_LABELS), default="ja")
    is_admin = BooleanField(_l("システム管理者"))
    active = BooleanField(_l("有効"), default=True)


class ConsortiumEditForm(ConsortiumForm):
    version = VersionField()


class MemberEditForm(MemberForm):
    version = VersionField()


class UserEditForm(UserForm):
    version = VersionField()


class MembershipForm(AppForm):
    consortium_id = SelectField(_l("協議会"), coerce=int, validators=[DataRequired()])
    role = SelectField(_l("役割"), choices=choices(ROLE_LABELS))
    member_id = SelectField(_l("構成団体"), coerce=int, validators=[Optional()])


class LeaveForm(AppForm):
    """Recording that a member leaves the council (脱退)."""

    left_on = DateField(_l("脱退日"), validators=[DataRequired()])
    reason = TextAreaField(_l("脱退の理由"), validators=[DataRequired(), Length(max=2000)])
