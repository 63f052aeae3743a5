"""Administration: recording that a member leaves its council (脱退)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from negotiator.admin.forms import LeaveForm
from negotiator.admin.views import bp
from negotiator.auth.permissions import ADMIN, access
from negotiator.consortia import lifecycle
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.forms import show_error


@bp.route("/members/<int:member_id>/leave", methods=["GET", "POST"])
@access(ADMIN)
def member_leave(member_id: int) -> str | Response:
    member = db.get_or_404(Member, member_id)
    form = LeaveForm()
    if form.validate_on_submit():
        try:
            lifecycle.leave_member(member, form.left_on.data, form.reason.data or "")
        except lifecycle.InputError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("脱退を記録しました。"), "success")
            return redirect(url_for("admin.consortium_edit", consortium_id=member.consortium_id))
    # Re-rendered with the messages at their fields, as every administration form is.
    return render_template(
        "admin/form.html", form=form, title=_("%(name)sの脱退", name=member.name)
    )
