"""Upload, download and delete documents (資料)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.wrappers import Response

from negotiator.auth.permissions import LOGIN, access, can_view_consortium, require
from negotiator.db import db
from negotiator.documents import kinds, queries, services
from negotiator.documents.forms import DeleteForm, DocumentForm
from negotiator.documents.models import Document
from negotiator.errors import FieldError
from negotiator.forms import form_message, show_error
from negotiator.i18n import message_text
from negotiator.meetings.models import Meeting
from negotiator.message import Message, say
from negotiator.negotiation.comment_views import item_for_discussion
from negotiator.negotiation.discussion_models import Comment
from negotiator.negotiation.models import AgendaItem
from negotiator.negotiation.views import readable_item
from negotiator.uploads import upload_limit

bp = Blueprint("documents", __name__)
# A download is never shown as a page: even opened directly it runs nothing and loads nothing.
DOWNLOAD_CSP = "sandbox; default-src 'none'; frame-ancestors 'none'"


@dataclasses.dataclass(frozen=True)
class Target:
    """What an upload attaches to, and how the page names it."""

    consortium_id: int
    column: dict[str, int]
    where: Message  # for the audit log
    back: str
    item: AgendaItem | None = None
    meeting: Meeting | None = None
    revision_number: int | None = None
    comment: Comment | None = None


def _item_target(item_id: int) -> Target:
    item = readable_item(item_id)
    back = url_for("negotiation.item", item_id=item.id)
    where = say("協議事項「%(title)s」", title=item.title)
    return Target(item.negotiation.consortium_id, {"item_id": item.id}, where, back, item=item)


def _revision_target(item_id: int, number: int) -> Target:
    item = readable_item(item_id)
    revision = next((r for r in item.revisions if r.number == number), None)
    if revision is None:
        abort(404)
    back = url_for("negotiation.item", item_id=item.id)
    where = say("協議事項「%(title)s」の第%(n)s版", title=item.title, n=str(number))
    column = {"revision_id": revision.id}
    consortium_id = item.negotiation.consortium_id
    return Target(consortium_id, column, where, back, item=item, revision_number=number)


def _meeting_target(meeting_id: int) -> Target:
    meeting = db.get_or_404(Meeting, meeting_id)
    require(can_view_consortium(meeting.consortium_id))
    back = url_for("meetings.meeting", meeting_id=meeting.id)
    where = say("会議「%(title)s」", title=meeting.title)
    return Target(meeting.consortium_id, {"meeting_id": meeting.id}, where, back, meeting=meeting)


def _comment_anchor(item_id: int, comment_id: int) -> str:
    return url_for("negotiation.item", item_id=item_id) + f"#comment-{comment_id}"


def _comment_target(comment_id: int) -> Target:
    """A comment: 404 as the discussion's routes are for users of no role in its council, 403
    unless the user wrote it or facilitates."""
    comment = db.get_or_404(Comment, comment_id)
    item = item_for_discussion(comment.item_id)
    consortium_id = item.negotiation.consortium_id
    require(queries.may_attach_to_comment(consortium_id, comment))
    back = _comment_anchor(item.id, comment.id)
    where = services.on_comment(item.title, comment.author.display_name)
    column = {"comment_id": comment.id}
    return Target(consortium_id, column, where, back, item=item, comment=comment)


TARGETS: dict[str, Callable[..., Target]] = {
    "documents.item_upload": _item_target,
    "documents.revision_upload": _revision_target,
    "documents.meeting_upload": _meeting_target,
    "documents.comment_upload": _comment_target,
}


def _page(target: Target, form: DocumentForm, status: int = 200) -> tuple[str, int]:
    page = render_template(
        "documents/upload.html",
        form=form,
        target=target,
        max_mb=services.megabytes(services.file_limit()),
    )
    return page, status


def _upload(target: Target) -> str | Response | tuple[str, int]:
    require(queries.may_upload(target.consortium_id))
    form = DocumentForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            document = services.add(
                target.consortium_id,
                target.column,
                upload.filename or "",
                upload.read(services.file_limit() + 1),
                current_user,
                target.where,
            )
        except FieldError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("資料「%(name)s」を添付しました。", name=document.name), "success")
            return redirect(target.back)
    return _page(target, form)


@bp.route("/items/<int:item_id>/documents/new", methods=["GET", "POST"])
@access(LOGIN)
@upload_limit("DOCUMENT_MAX_BYTES")
def item_upload(item_id: int) -> str | Response | tuple[str, int]:
    return _upload(_item_target(item_id))


@bp.route("/items/<int:item_id>/revisions/<int:number>/documents/new", methods=["GET", "POST"])
@access(LOGIN)
@upload_limit("DOCUMENT_MAX_BYTES")
def revision_upload(item_id: int, number: int) -> str | Response | tuple[str, int]:
    return _upload(_revision_target(item_id, number))


@bp.route("/meetings/<int:meeting_id>/documents/new", methods=["GET", "POST"])
@access(LOGIN)
@upload_limit("DOCUMENT_MAX_BYTES")
def meeting_upload(meeting_id: int) -> str | Response | tuple[str, int]:
    return _upload(_meeting_target(meeting_id))


@bp.route("/comments/<int:comment_id>/documents/new", methods=["GET", "POST"])
@access(LOGIN)
@upload_limit("DOCUMENT_MAX_BYTES")
def comment_upload(comment_id: int) -> str | Response | tuple[str, int]:
    return _upload(_comment_target(comment_id))


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error: RequestEntityTooLarge) -> tuple[str, int]:
    """A file over the limit is refused before it is read: the form again, the message at it."""
    db.session.rollback()
    build = TARGETS.get(request.endpoint or "")
    try:
        target = build(**(request.view_args or {})) if build else None
        allowed = target is not None and queries.may_upload(target.consortium_id)
    except HTTPException:
        allowed = False
    if not allowed:
        message = _("送信された内容が大きすぎます。")
        return render_template("errors/error.html", code=413, message=message), 413
    form = DocumentForm(formdata=None)
    form.file.errors = [message_text(services.too_large())]
    return _page(target, form, 413)


def _readable(document_id: int) -> Document:
    document = db.get_or_404(Document, document_id)
    require(can_view_consortium(document.consortium_id))
    if document.deleted_at is not None:
        abort(404)
    return document


@bp.route("/documents/<int:document_id>")
@access(LOGIN)
def download(document_id: int) -> Response:
    document = _readable(document_id)
    body = queries.content(document.sha256, document.size)
    response = Response(body, content_type=kinds.served_type(document.media_type))
    response.headers["Content-Length"] = str(document.size)
    response.headers["Content-Disposition"] = kinds.content_disposition(document.name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = DOWNLOAD_CSP
    return response


def _back(document: Document) -> str:
    if document.meeting_id is not None:
        return url_for("meetings.meeting", meeting_id=document.meeting_id)
    if document.comment_id is not None:
        return _comment_anchor(document.comment.item_id, document.comment_id)
    item_id = document.item_id if document.item_id is not None else document.revision.item_id
    return url_for("negotiation.item", item_id=item_id)


@bp.route("/documents/<int:document_id>/delete", methods=["POST"])
@access(LOGIN)
def delete(document_id: int) -> Response:
    document = _readable(document_id)
    require(queries.may_delete(document))
    form = DeleteForm()
    if not form.validate_on_submit():
        flash(form_message(form, _("資料を削除できませんでした。")), "error")
        return redirect(_back(document))
    services.delete(document, current_user)
    db.session.commit()
    flash(_("資料「%(name)s」を削除しました。", name=document.name), "success")
    return redirect(_back(document))
