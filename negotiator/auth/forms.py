"""Login, password and API token forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, RadioField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length

from negotiator.auth.tokens import LIFETIMES, NAME_LENGTH
from negotiator.forms import AppForm, Unprinted, choices


class LoginForm(AppForm):
    username = StringField(
        _l("ユーザー名"), validators=[DataRequired(), Length(max=64), Unprinted()]
    )
    password = PasswordField(_l("パスワード"), validators=[DataRequired(), Length(max=200)])


class ChangePasswordForm(AppForm):
    current_password = PasswordField(_l("現在のパスワード"), validators=[DataRequired()])
    new_password = PasswordField(
        _l("新しいパスワード"), validators=[DataRequired(), Length(max=200)]
    )
    confirm = PasswordField(
        _l("新しいパスワード(確認)"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("確認用と一致しません。"))],
    )


class TokenForm(AppForm):
    """A new personal access token for the API."""

    name = StringField(
        _l("名前"),
        validators=[DataRequired(), Length(max=NAME_LENGTH)],
        description=_l("どのシステムで使うかが分かる名前(例: 須崎市グループウェア連携)"),
    )
    scope = RadioField(
        _l("権限"),
        choices=choices({"read": _l("読み取りのみ"), "write": _l("読み取りと書き込み")}),
        default="read",
        validators=[InputRequired()],
    )
    days = SelectField(
        _l("有効期間"),
        choices=choices({str(d): _l("%(n)d日", n=d) for d in LIFETIMES}),
        default="90",
    )
