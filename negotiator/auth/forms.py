"""Login and password forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from negotiator.forms import AppForm, Unprinted


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
