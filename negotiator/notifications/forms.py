"""Forms: notification preferences, the SMTP relay settings, the test message."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    Form,
    FormField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from negotiator.forms import AppForm, VersionField, address_check, choices
from negotiator.notifications.messages import KIND_LABELS, MODE_LABELS
from negotiator.notifications.models import Kind, Security

HOURS = {h: f"{h:02d}:00" for h in range(24)}
SECURITY_LABELS = {
    Security.NONE.value: _l("なし(平文。閉域網内の中継サーバー向け)"),
    Security.STARTTLS.value: _l("STARTTLS"),
}


def preferences_form(modes: dict, hour: int, formdata: object = None) -> AppForm:
    """One select per kind, plus the digest hour."""

    class Modes(Form):
        pass

    for kind in Kind:
        setattr(
            Modes,
            kind.value,
            SelectField(
                KIND_LABELS[kind],
                choices=choices({m.value: label for m, label in MODE_LABELS.items()}),
                default=modes[kind].value,
            ),
        )

    class PreferencesForm(AppForm):
        modes = FormField(Modes, label="")
        digest_hour = SelectField(
            _l("まとめメールの時刻(日本時間)"),
            coerce=int,
            choices=choices(HOURS),
            default=hour,
        )

    return PreferencesForm(formdata=formdata) if formdata is not None else PreferencesForm()


class MailSettingsForm(AppForm):
    version = VersionField()
    host = StringField(_l("SMTP中継サーバー"), validators=[Optional(), Length(max=255)])
    port = IntegerField(
        _l("ポート"), default=25, validators=[DataRequired(), NumberRange(min=1, max=65535)]
    )
    security = SelectField(_l("暗号化"), choices=choices(SECURITY_LABELS))
    username = StringField(
        _l("ユーザー名(認証がある場合)"), validators=[Optional(), Length(max=255)]
    )
    # Never filled in when shown (the stored one is encrypted and stays on the server).
    password = PasswordField(
        _l("パスワード"),
        validators=[Optional(), Length(max=255)],
        description=_l("変更しない場合は空欄。ユーザー名を空にするとパスワードも消去します。"),
    )
    sender = StringField(
        _l("送信元アドレス"), validators=[DataRequired(), Length(max=254), address_check]
    )


class TestMailForm(AppForm):
    to = StringField(
        _l("送信先アドレス"), validators=[DataRequired(), Length(max=254), address_check]
    )
