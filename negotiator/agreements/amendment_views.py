"""変更協定 pages: starting one from an executed agreement, and the consolidated text (溶け込み版)
as HTML and PDF, marked on every page as a reference text nobody signed."""

from __future__ import annotations

import json
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from negotiator.agreements import amending, amendments
from negotiator.agreements.assembly import AssemblyError, assemble
from negotiator.agreements.canonical import canonical_json
from negotiator.agreements.era import era_of
from negotiator.agreements.forms import AmendmentForm
from negotiator.agreements.models import Agreement, Status
from negotiator.agreements.renders import PROVISIONAL, _requester
from negotiator.agreements.views import _facilitated, _readable, bp
from negotiator.auth.permissions import LOGIN, access
from negotiator.db import db
from negotiator.errors import FieldError
from negotiator.forms import show_error
from negotiator.renders import services as render_services
from negotiator.renders import views as renders_views


def amendment_form(agreement: Agreement) -> AmendmentForm:
    """The start form, offering the items of the text as it stands now."""
    form = AmendmentForm()
    form.items.choices = [
        (
            a.item_id,
            _(
                "第%(n)d条(%(caption)s) 協議事項%(i)d",
                n=a.position,
                caption=a.caption,
                i=a.item.number,
            ),
        )
        for a in amendments.base_item_articles(agreement)
    ]
    return form


@bp.route("/agreements/<int:agreement_id>/amend", methods=["POST"])
@access(LOGIN)
def amend(agreement_id: int) -> str | Response | tuple[str, int]:
    agreement = _facilitated(agreement_id)
    if message := amending.refusal(agreement):
        # No form to show the message next to: the page offers none for this agreement.
        flash(message, "error")
        return redirect(url_for("agreements.show", agreement_id=agreement.id))
    form = amendment_form(agreement)
    if form.validate_on_submit():
        try:
            amendment = amending.start(agreement, list(form.items.data or []), form.reason.data)
        except FieldError as exc:
            db.session.rollback()
            show_error(form, exc)
        else:
            db.session.commit()
            flash(
                _("変更協定の草案を作成しました。再協議する協議事項は協議できるようになりました。"),
                "success",
            )
            return redirect(url_for("agreements.show", agreement_id=amendment.id))
    from negotiator.agreements.pages import agreement_context

    context = agreement_context(agreement) | {"amend_form": form, "amend_open": True}
    return render_template("agreements/show.html", **context), 422


def _consolidated(agreement: Agreement) -> tuple[Agreement, Any, str]:
    """The version whose text is shown, the document (or None) and its canonical JSON."""
    version = amendments.consolidated_version(agreement)
    try:
        raw = canonical_json(assemble(amendments.consolidated_input(version))).decode("utf-8")
    except AssemblyError:
        return version, None, ""
    return version, json.loads(raw)["content"], raw


@bp.route("/agreements/<int:agreement_id>/consolidated")
@access(LOGIN)
def consolidated(agreement_id: int) -> str:
    agreement = _readable(agreement_id)
    version, doc, _raw = _consolidated(agreement)
    return render_template(
        "agreements/consolidated.html",
        agreement=agreement,
        version=version,
        original=amendments.original_of(agreement),
        negotiation=agreement.negotiation,
        doc=doc,
        reference=amendments.REFERENCE_MARK,
        history=[
            a
            for a in amendments.amendments_of(amendments.original_of(agreement))
            if a.status == Status.EXECUTED and a.number <= version.number
        ],
        era=era_of,
    )


@bp.route("/agreements/<int:agreement_id>/consolidated/pdf")
@access(LOGIN)
def consolidated_pdf(agreement_id: int) -> Response:
    agreement = _readable(agreement_id)
    version, doc, raw = _consolidated(agreement)
    back = url_for("agreements.consolidated", agreement_id=agreement.id)
    if doc is None:
        flash(_("溶け込み版を作成できません。"), "error")
        return redirect(back)
    html = render_template(
        "agreements/pdf.html",
        agreement=version,
        doc=doc,
        provisional=False,
        reference=amendments.REFERENCE_MARK,
    )
    job = render_services.request(
        PROVISIONAL,
        version.id,
        render_services.digest(html, raw),
        user_id=_requester(),
        filename=f"agreement-{version.negotiation_id}-v{version.number}-consolidated.pdf",
        source=html,
        attachment=raw,
    )
    return renders_views.deliver(job, back)
