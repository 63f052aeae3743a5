"""The administrator registers members' certificates for 当事者型 signatures."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from negotiator.agreements import certificates
from negotiator.agreements.forms import CertificateForm
from negotiator.agreements.views import bp
from negotiator.auth.permissions import ADMIN, access
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.errors import FieldError
from negotiator.forms import show_error


@bp.route("/admin/members/<int:member_id>/certificates", methods=["GET", "POST"])
@access(ADMIN)
def member_certificates(member_id: int) -> str | Response:
    member = db.get_or_404(Member, member_id)
    form = CertificateForm()
    if form.validate_on_submit():
        try:
            certificates.register(member, form.file.data.read(), current_user.id)
        except FieldError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("電子証明書を登録しました。"), "success")
            return redirect(url_for("agreements.member_certificates", member_id=member.id))
    return render_template(
        "agreements/certificates.html",
        member=member,
        rows=certificates.of_member(member),
        form=form,
    )
