"""The page where a member's liaison records (or corrects) its 決裁 of a frozen agreement."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from negotiator.agreements import approvals, document
from negotiator.agreements.edits import edits
from negotiator.agreements.era import era_of
from negotiator.agreements.forms import APPROVAL_STATUS_LABELS, ApprovalForm
from negotiator.agreements.models import Agreement, Approval
from negotiator.agreements.views import _member_of, _readable, bp
from negotiator.auth.permissions import LOGIN, access, require, roles_in
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.errors import FieldError
from negotiator.forms import show_error


def _liaison_page(agreement_id: int, member_id: int) -> tuple[Agreement, Member]:
    """Only the member's own liaisons record its 決裁 (it is the member's internal act)."""
    agreement = _readable(agreement_id)
    member = _member_of(agreement, member_id)
    require(member.id in roles_in(member.consortium_id).liaison_of)
    return agreement, member


def _blank(agreement: Agreement, existing: Approval | None) -> ApprovalForm:
    data = {"content_hash": agreement.content_hash or "", "version": 0}
    if existing is not None:
        data |= {name: getattr(existing, name) for name in approvals.FIELDS}
        data |= {"content_hash": agreement.content_hash or "", "version": existing.version}
    return ApprovalForm(data=data)


def _page(agreement: Agreement, member: Member, form: ApprovalForm, existing: Approval | None):  # noqa: ANN202
    return render_template(
        "agreements/approval.html",
        agreement=agreement,
        member=member,
        form=form,
        existing=existing,
        current=approvals.is_current(existing, agreement),
        required=approvals.required(agreement),
        blocked=approvals.closed(agreement),
        doc=document.content(agreement) if agreement.content_json else None,
        closing_style=document.closing_style(agreement),
        era=era_of,
        edits=edits(agreement),
        approval_status_labels=APPROVAL_STATUS_LABELS,
    )


@bp.route("/agreements/<int:agreement_id>/approval/<int:member_id>", methods=["GET", "POST"])
@access(LOGIN)
def approval(agreement_id: int, member_id: int) -> str | Response | tuple[str, int]:
    agreement, member = _liaison_page(agreement_id, member_id)
    existing = approvals.of_agreement(agreement).get(member.id)
    form = ApprovalForm()
    if not form.is_submitted():
        return _page(agreement, member, _blank(agreement, existing), existing)
    if form.validate():
        data = {name: getattr(form, name).data for name in approvals.FIELDS}
        try:
            approvals.record_approval(
                agreement, member, current_user, data, form.version.data, form.content_hash.data
            )
        except FieldError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("%(member)sの決裁を記録しました。", member=member.name), "success")
            return redirect(url_for("agreements.show", agreement_id=agreement.id))
    # Shown again as typed, with each message next to its field.
    existing = approvals.of_agreement(agreement).get(member.id)
    return _page(agreement, member, form, existing), 422
