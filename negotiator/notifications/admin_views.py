"""Administration of mail: the SMTP relay, a test message, and the outbox's problem mails."""

from __future__ import annotations

import smtplib

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from negotiator.audit import services as audit
from negotiator.auth.permissions import ADMIN, access
from negotiator.db import db, same_version
from negotiator.forms import AppForm
from negotiator.message import say
from negotiator.notifications import delivery, mail, secret, smtp
from negotiator.notifications.forms import MailSettingsForm, TestMailForm
from negotiator.notifications.models import MailSettings, MailStatus, OutgoingMail

bp = Blueprint("mail_admin", __name__, url_prefix="/admin/mail")
FIELDS = ("host", "port", "security", "username", "sender")
PROBLEMS = (MailStatus.FAILED.value, MailStatus.UNKNOWN.value)


def _page(row: MailSettings, form: MailSettingsForm, test_form: TestMailForm) -> str:
    counts = dict(
        db.session.execute(
            sa.select(OutgoingMail.status, sa.func.count()).group_by(OutgoingMail.status)
        ).all()
    )
    problems = db.session.scalars(
        sa.select(OutgoingMail)
        .where(OutgoingMail.status.in_(PROBLEMS))
        .order_by(OutgoingMail.id.desc())
        .limit(200)
    ).all()
    form.password.data = ""  # never sent back to the browser
    if row.password:
        form.password.description = _(
            "設定済み(暗号化して保存)。変更しない場合は空欄。ユーザー名を空にするとパスワードも消去します。"
        )
    return render_template(
        "notifications/admin.html",
        form=form,
        public_url=mail.public_url(),
        test_form=test_form,
        counts=counts,
        problems=problems,
        retry_form=AppForm(),
    )


@bp.route("/", methods=["GET", "POST"])
@access(ADMIN)
def settings() -> str | Response:
    row = mail.settings()
    form = _form(row)
    if form.validate_on_submit():
        # The row is compared with its version once it exists (the first save has none to lose).
        if sa.inspect(row).persistent and not same_version(form.version.data, row.version):
            form.form_errors.append(_("他の人が先に変更しました。読み込み直してください。"))
            return _page(row, form, TestMailForm())
        _save(row, form)
        db.session.commit()
        flash(_("メール送信設定を保存しました。"), "success")
        return redirect(url_for("mail_admin.settings"))
    return _page(row, form, TestMailForm(to=current_user.email or ""))


def _form(row: MailSettings) -> MailSettingsForm:
    """The settings as stored, but never the password (not even encrypted)."""
    stored = {name: getattr(row, name) for name in FIELDS}
    return MailSettingsForm(data=stored | {"version": row.version or 0})


def _save(row: MailSettings, form: MailSettingsForm) -> None:
    """Apply the form; the password is kept unless a new one is typed, and it is never logged."""
    before = audit.snapshot(row, FIELDS) | {"password_set": bool(row.password)}
    for name in FIELDS:
        value = form[name].data
        setattr(row, name, value.strip() if isinstance(value, str) else value)
    if not row.username:
        row.password = ""  # no login, no password
    elif form.password.data:
        row.password = secret.seal(form.password.data)
    db.session.add(row)
    db.session.flush()
    after = audit.snapshot(row, FIELDS) | {"password_set": bool(row.password)}
    audit.record("mail.settings", row, say("メール送信設定を変更"), before=before, after=after)


@bp.route("/test", methods=["POST"])
@access(ADMIN)
def test() -> str | Response:
    """Send a test message now, in the request, so the administrator sees the relay's answer."""
    test_form = TestMailForm()
    row = mail.settings()
    if test_form.validate_on_submit():
        link = mail.public_url() + "/"
        text, html = mail.render(
            "test", current_user.language, {"link": link, "language": current_user.language}
        )
        message = mail.build(
            sender=row.sender or "negotiator@localhost",
            to=test_form.to.data.strip(),
            to_name=current_user.display_name,
            subject=_("negotiator テストメール"),
            text=text,
            html=html,
        )
        try:
            if not row.host:
                raise smtplib.SMTPException(_("SMTP中継サーバーが設定されていません。"))
            smtp.send(row, message, timeout=15)
        except (OSError, smtplib.SMTPException, smtp.PermanentError) as exc:
            test_form.to.errors = [_("送信できませんでした: %(error)s", error=str(exc))]
        else:
            flash(_("テストメールを送信しました。"), "success")
            return redirect(url_for("mail_admin.settings"))
    return _page(row, _form(row), test_form)


@bp.route("/outbox/<int:mail_id>/retry", methods=["POST"])
@access(ADMIN)
def retry(mail_id: int) -> Response:
    row = db.get_or_404(OutgoingMail, mail_id)
    if AppForm().validate_on_submit():
        if delivery.retry(row):
            audit.record("mail.retry", row, say("メール %(id)s を再送", id=row.id))
            db.session.commit()
            flash(_("再送を予約しました。"), "success")
        else:
            flash(_("このメールは再送できる状態ではありません。"), "warning")
    return redirect(url_for("mail_admin.settings"))
