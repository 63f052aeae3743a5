"""Signing pages: 立会人型 with the password, 当事者型 by upload, 書面 records and the scan."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from negotiator.agreements import signing
from negotiator.agreements.edits import edits
from negotiator.agreements.era import era_of
from negotiator.agreements.forms import CertifiedUploadForm, PaperSignatureForm, ScanForm, SignForm
from negotiator.agreements.models import Agreement
from negotiator.agreements.views import _done, _facilitated, _member_of, _readable, bp
from negotiator.auth.permissions import LOGIN, access, can_sign_for, require, roles_in
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.errors import FieldError
from negotiator.forms import show_error
from negotiator.uploads import upload_limit

# A signed agreement of 12 parties and 100 articles is well under 1 MB; it is parsed only in a
# bounded child. A scanned original is stored as it is, never parsed, and may be several pages.
SIGNED_PDF_MAX_BYTES = 4 * 1024 * 1024
SCAN_MAX_BYTES = 20 * 1024 * 1024


def _signatory_page(agreement_id: int, member_id: int) -> tuple[Agreement, Member]:
    agreement = _readable(agreement_id)
    member = _member_of(agreement, member_id)
    require(can_sign_for(member.consortium_id, member.id))
    return agreement, member


def _page(agreement: Agreement, member: Member, form: SignForm, upload: CertifiedUploadForm) -> str:
    from negotiator.agreements import document

    return render_template(
        "agreements/sign.html",
        agreement=agreement,
        member=member,
        form=form,
        upload_form=upload,
        doc=document.content(agreement),
        closing_style=document.closing_style(agreement),
        era=era_of,
        edits=edits(agreement),
        # Asked of the same function the signing service checks: no button that would fail.
        refusal=signing.refusal(agreement, member),
        approval_member=member.id in roles_in(member.consortium_id).liaison_of,
    )


def _signed(agreement: Agreement, member: Member) -> Response:
    db.session.commit()
    flash(_("%(member)sとして署名しました。", member=member.name), "success")
    return redirect(url_for("agreements.show", agreement_id=agreement.id))


@bp.route("/agreements/<int:agreement_id>/sign/<int:member_id>", methods=["GET", "POST"])
@access(LOGIN)
def sign(agreement_id: int, member_id: int) -> str | Response:
    agreement, member = _signatory_page(agreement_id, member_id)
    form = SignForm(data={"content_hash": agreement.content_hash or ""})
    if form.validate_on_submit():
        try:
            signing.sign(
                agreement, member, current_user, form.password.data, form.content_hash.data
            )
        except FieldError as exc:
            show_error(form, exc)
        else:
            return _signed(agreement, member)
    return _page(agreement, member, form, CertifiedUploadForm())


@bp.route("/agreements/<int:agreement_id>/upload/<int:member_id>", methods=["POST"])
@access(LOGIN)
@upload_limit(SIGNED_PDF_MAX_BYTES)
def upload(agreement_id: int, member_id: int) -> str | Response:
    agreement, member = _signatory_page(agreement_id, member_id)
    form = CertifiedUploadForm()
    if form.validate_on_submit():
        try:
            signing.sign_with_certificate(agreement, member, current_user, form.file.data.read())
        except FieldError as exc:
            show_error(form, exc)
        else:
            return _signed(agreement, member)
    return _page(agreement, member, SignForm(data={"content_hash": agreement.content_hash}), form)


@bp.route("/agreements/<int:agreement_id>/paper/<int:member_id>", methods=["POST"])
@access(LOGIN)
def paper(agreement_id: int, member_id: int) -> Response:
    agreement = _facilitated(agreement_id)
    member = _member_of(agreement, member_id)
    form = PaperSignatureForm()
    return _done(
        agreement,
        form,
        lambda: signing.record_paper_signature(
            agreement, member, current_user, form.paper_date.data, form.note.data or ""
        ),
        _("書面での署名(記名押印)を記録しました。"),
    )


@bp.route("/agreements/<int:agreement_id>/scan", methods=["GET", "POST"])
@access(LOGIN)
@upload_limit(SCAN_MAX_BYTES)
def scan(agreement_id: int) -> Response:
    """POST: the facilitator registers the scanned original; GET: anyone in the council reads it."""
    if request.method == "GET":
        agreement = _readable(agreement_id)
        if agreement.original_scan is None:
            flash(_("スキャンした原本はまだ登録されていません。"), "error")
            return redirect(url_for("agreements.show", agreement_id=agreement.id))
        data = agreement.original_scan
        kind = next(t for magic, t in signing.SCAN_TYPES.items() if data.startswith(magic))
        name = f"agreement-{agreement.negotiation_id}-v{agreement.number}-original"
        return Response(
            data,
            mimetype=kind,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    agreement = _facilitated(agreement_id)
    form = ScanForm()
    data = form.file.data
    return _done(
        agreement,
        form,
        lambda: signing.attach_scan(agreement, current_user, data.read(), data.filename or ""),
        _("スキャンした原本を登録しました。"),
    )
