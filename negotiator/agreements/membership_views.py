"""The 変更協定 for members joining and leaving: old and new shares side by side, and the
facilitator's button that starts it."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from negotiator.agreements import amendments
from negotiator.agreements import membership as changes
from negotiator.agreements.fiscal import fiscal_year_label
from negotiator.agreements.membership_forms import MembershipAmendmentForm
from negotiator.agreements.models import Agreement
from negotiator.agreements.views import _facilitated, _readable, bp
from negotiator.auth.permissions import LOGIN, access, roles_in
from negotiator.costs.split import percent
from negotiator.db import db
from negotiator.errors import FieldError
from negotiator.forms import show_error


def _page(agreement: Agreement, form: MembershipAmendmentForm, fiscal_year: int | None) -> str:
    original = amendments.original_of(agreement)
    return render_template(
        "agreements/membership.html",
        agreement=original,
        negotiation=original.negotiation,
        change=changes.change_of(original, fiscal_year),
        running=amendments.in_progress(original),
        roles=roles_in(original.negotiation.consortium_id),
        form=form,
        percent=percent,
        fiscal_year=fiscal_year,
        year_label=fiscal_year_label if fiscal_year else None,
    )


def _default_reason(agreement: Agreement) -> str:
    """The reason proposed for the amendment, in Japanese whatever the reader's language:
    it becomes part of the agreement's text."""
    change = changes.change_of(agreement)
    names = [f"{m.name}の加入" for m in change.joined]
    names += [f"{m.name}の脱退" for m in change.left]
    return "、".join(names)


@bp.route("/agreements/<int:agreement_id>/membership")
@access(LOGIN)
def membership(agreement_id: int) -> str:
    agreement = _readable(agreement_id)
    year = request.args.get("fiscal_year", type=int)
    year = year if year is not None and 2019 <= year <= 2100 else None  # a preview only
    reason = _default_reason(agreement) or (
        _("%(year)sの負担割合の見直し", year=fiscal_year_label(year)) if year else ""
    )
    form = MembershipAmendmentForm(data={"reason": reason, "fiscal_year": year})
    return _page(agreement, form, year)


@bp.route("/agreements/<int:agreement_id>/membership", methods=["POST"])
@access(LOGIN)
def membership_start(agreement_id: int) -> str | Response | tuple[str, int]:
    agreement = _facilitated(agreement_id)
    form = MembershipAmendmentForm()
    if form.validate_on_submit():
        roles = roles_in(agreement.negotiation.consortium_id)
        try:
            amendment = changes.start(
                agreement, form.reason.data or "", current_user, roles, form.fiscal_year.data
            )
        except FieldError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("変更協定の草案を作成しました。負担割合の別表を改めています。"), "success")
            return redirect(url_for("agreements.show", agreement_id=amendment.id))
    return _page(agreement, form, form.fiscal_year.data if not form.errors else None), 422
