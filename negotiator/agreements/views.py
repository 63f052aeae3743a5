"""Agreement pages: preview, drafting, sending, signing, downloads and the verify page."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from negotiator import untrusted
from negotiator.agreements import drafting, renders, services, verify
from negotiator.agreements.forms import (
    ArticleForm,
    SendForm,
    SettingsForm,
    SupersedeForm,
    VersionForm,
)
from negotiator.agreements.models import Agreement, AgreementArticle, Status
from negotiator.auth.permissions import (
    LOGIN,
    access,
    can_facilitate,
    can_view_consortium,
    require,
)
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.errors import FieldError
from negotiator.forms import form_message, show_error
from negotiator.negotiation.models import Negotiation
from negotiator.renders import views as renders_views
from negotiator.uploads import upload_limit

bp = Blueprint("agreements", __name__)


def _readable(agreement_id: int) -> Agreement:
    # Articles with their items in two statements, however many articles there are.
    agreement = db.first_or_404(
        sa.select(Agreement)
        .where(Agreement.id == agreement_id)
        .options(selectinload(Agreement.articles).selectinload(AgreementArticle.item))
    )
    require(can_view_consortium(agreement.negotiation.consortium_id))
    return agreement


def _facilitated(agreement_id: int) -> Agreement:
    agreement = db.get_or_404(Agreement, agreement_id)
    require(can_facilitate(agreement.negotiation.consortium_id))
    return agreement


def _member_of(agreement: Agreement, member_id: int) -> Member:
    member = db.get_or_404(Member, member_id)
    if member.consortium_id != agreement.negotiation.consortium_id:
        abort(404)
    return member


def _done(agreement: Agreement, form: FlaskForm, action, message: str) -> Response:  # noqa: ANN001
    """Run a service call for a submitted form; flash the outcome; back to the agreement."""
    if not form.validate_on_submit():
        flash(form_message(form, _("入力内容を確認してください。")), "error")
    else:
        try:
            action()
        except FieldError as exc:
            db.session.rollback()
            flash(exc.message, "error")
        else:
            db.session.commit()
            flash(message, "success")
    return redirect(url_for("agreements.show", agreement_id=agreement.id))


@bp.route("/negotiations/<int:negotiation_id>/agreement")
@access(LOGIN)
def for_negotiation(negotiation_id: int) -> str | Response:
    negotiation = db.get_or_404(Negotiation, negotiation_id)
    require(can_view_consortium(negotiation.consortium_id))
    latest = services.current(negotiation)
    if latest is not None:
        return redirect(url_for("agreements.show", agreement_id=latest.id))
    return render_template(
        "agreements/none.html",
        negotiation=negotiation,
        can_draft=can_facilitate(negotiation.consortium_id),
    )


@bp.route("/negotiations/<int:negotiation_id>/agreement/draft", methods=["POST"])
@access(LOGIN)
def draft(negotiation_id: int) -> Response:
    negotiation = db.get_or_404(Negotiation, negotiation_id)
    require(can_facilitate(negotiation.consortium_id))
    try:
        agreement = drafting.create_draft(negotiation)
    except services.AgreementError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("agreements.for_negotiation", negotiation_id=negotiation.id))
    db.session.commit()
    flash(_("協定書の草案を作成しました。"), "success")
    return redirect(url_for("agreements.show", agreement_id=agreement.id))


@bp.route("/agreements/<int:agreement_id>")
@access(LOGIN)
def show(agreement_id: int) -> str:
    agreement = _readable(agreement_id)
    from negotiator.agreements.pages import agreement_context

    return render_template("agreements/show.html", **agreement_context(agreement))


@bp.route("/agreements/<int:agreement_id>/settings", methods=["POST"])
@access(LOGIN)
def settings(agreement_id: int) -> Response:
    agreement = _facilitated(agreement_id)
    form = SettingsForm()
    data = {k: form.data[k] for k in (*services.SETTINGS, "amendment_style")}
    return _done(
        agreement,
        form,
        lambda: services.update_settings(agreement, data, form.version.data),
        _("保存しました。"),
    )


@bp.route("/agreements/<int:agreement_id>/articles", methods=["POST"])
@access(LOGIN)
def articles(agreement_id: int) -> Response:
    agreement = _facilitated(agreement_id)
    form = VersionForm()
    ids = [a.id for a in agreement.articles]
    try:
        wanted = {i: float(request.form.get(f"pos-{i}", "")) for i in ids}
    except ValueError:
        flash(_("順番は数字で入力してください。"), "error")
        return redirect(url_for("agreements.show", agreement_id=agreement.id))
    order = sorted(ids, key=lambda i: (wanted[i], i))
    captions = {i: request.form.get(f"caption-{i}", "") for i in ids}
    return _done(
        agreement,
        form,
        lambda: services.update_articles(agreement, order, captions, form.version.data),
        _("条の順序と見出しを保存しました。"),
    )


@bp.route("/agreements/<int:agreement_id>/articles/new", methods=["POST"])
@access(LOGIN)
def article_new(agreement_id: int) -> Response:
    agreement = _facilitated(agreement_id)
    form = ArticleForm()
    return _done(
        agreement,
        form,
        lambda: services.add_standard_article(
            agreement, form.caption.data, form.body.data, form.version.data
        ),
        _("条を追加しました。"),
    )


def _article_of(agreement: Agreement, article_id: int) -> AgreementArticle:
    article = db.get_or_404(AgreementArticle, article_id)
    if article.agreement_id != agreement.id:
        abort(404)
    return article


@bp.route("/agreements/<int:agreement_id>/articles/<int:article_id>/edit", methods=["POST"])
@access(LOGIN)
def article_edit(agreement_id: int, article_id: int) -> Response:
    agreement = _facilitated(agreement_id)
    article = _article_of(agreement, article_id)
    form = ArticleForm()
    return _done(
        agreement,
        form,
        lambda: drafting.edit_article(
            agreement, article, form.caption.data, form.body.data, form.version.data
        ),
        _("条の文言を変更しました。合意した文言との違いは各団体に表示されます。"),
    )


@bp.route("/agreements/<int:agreement_id>/articles/<int:article_id>/delete", methods=["POST"])
@access(LOGIN)
def article_delete(agreement_id: int, article_id: int) -> Response:
    agreement = _facilitated(agreement_id)
    article = _article_of(agreement, article_id)
    form = VersionForm()
    return _done(
        agreement,
        form,
        lambda: services.remove_article(agreement, article, form.version.data),
        _("条を削除しました。"),
    )


@bp.route("/agreements/<int:agreement_id>/send", methods=["POST"])
@access(LOGIN)
def send(agreement_id: int) -> str | Response | tuple[str, int]:
    agreement = _facilitated(agreement_id)
    form = SendForm()
    if not form.validate_on_submit():
        return _done(agreement, form, lambda: None, "")  # flashes why and goes back
    try:
        allow = form.allow_illustrative.data
        services.send_for_signature(agreement, form.version.data, allow_illustrative=allow)
    except FieldError as exc:
        db.session.rollback()
        if not exc.field:
            flash(exc.message, "error")
            return redirect(url_for("agreements.show", agreement_id=agreement.id))
        # Shown next to the field it is about (締結日, most often), with the draft as it was.
        from negotiator.agreements.pages import agreement_context

        context = agreement_context(agreement)
        show_error(context["settings_form"], exc)
        return render_template("agreements/show.html", **context), 422
    db.session.commit()
    flash(_("内容を固定しました。署名用のPDFができると署名できるようになります。"), "success")
    return redirect(url_for("agreements.show", agreement_id=agreement.id))


@bp.route("/agreements/<int:agreement_id>/supersede", methods=["POST"])
@access(LOGIN)
def supersede(agreement_id: int) -> Response:
    agreement = _facilitated(agreement_id)
    form = SupersedeForm()
    if agreement.status != Status.OUT_FOR_SIGNATURE:
        flash(_("この版は廃止できません。"), "error")
        return redirect(url_for("agreements.show", agreement_id=agreement.id))
    return _done(
        agreement,
        form,
        lambda: services.supersede(agreement, form.reason.data),
        _("この版を廃止しました。新しい草案を作成できます。"),
    )


@bp.route("/agreements/<int:agreement_id>/pdf")
@access(LOGIN)
def pdf(agreement_id: int) -> Response:
    agreement = _readable(agreement_id)
    if agreement.status == Status.EXECUTED:
        data = agreement.executed_pdf
    elif agreement.current_pdf is not None:  # the signing original, with the signatures so far
        data = agreement.current_pdf
    else:  # for checking: made from the content as it is now, by a job when it is long
        back = url_for("agreements.show", agreement_id=agreement.id)
        return renders_views.deliver(renders.provisional_pdf(agreement), back)
    name = f"agreement-{agreement.negotiation_id}-v{agreement.number}-{agreement.status}.pdf"
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/verify", methods=["GET", "POST"])
@access(LOGIN)
@upload_limit(verify.MAX_BYTES)
def verify_page() -> str:
    result = None
    if request.method == "POST":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            flash(_("PDFファイルを選んでください。"), "error")
        else:
            result = verify.check(upload.read(verify.MAX_BYTES + 1))
    return render_template(
        "agreements/verify.html",
        result=result,
        form=VersionForm(),
        max_mb=verify.MAX_BYTES // untrusted.MB,
    )


# The signing routes live in their own module on this blueprint.
from negotiator.agreements import (  # noqa: E402, F401
    amendment_views,
    approval_views,
    certificate_views,
    membership_views,
    signing_views,
)
