"""Comment pages (on the negotiation blueprint): write a comment or a reply, edit one's own.

Another council's item or comment is 404, not 403: its existence is not the user's to learn.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from negotiator.auth.permissions import LOGIN, access, can_discuss, can_view_consortium, require
from negotiator.db import MAX_ID, db
from negotiator.forms import show_error
from negotiator.negotiation import comments, queries
from negotiator.negotiation.discussion_forms import CommentEditForm, CommentForm
from negotiator.negotiation.discussion_models import Comment
from negotiator.negotiation.models import AgendaItem
from negotiator.negotiation.views import bp


def item_for_discussion(item_id: int) -> AgendaItem:
    """The item, or 404 for anyone without a role in its council: unlike the item pages (403,
    `views.readable_item`), the discussion routes do not confirm that another council's item
    exists."""
    item = db.get_or_404(AgendaItem, item_id)
    if not can_view_consortium(item.negotiation.consortium_id):
        abort(404)
    return item


def _member_ids(form: CommentForm, item: AgendaItem) -> set[int]:
    members = queries.members_of(item.negotiation.consortium_id)
    form.set_members(members)
    return {m.id for m in members}


def _anchor(item: AgendaItem, comment: Comment) -> str:
    return url_for("negotiation.item", item_id=item.id) + f"#comment-{comment.id}"


@bp.route("/items/<int:item_id>/comments/new", methods=["GET", "POST"])
@access(LOGIN)
def comment_new(item_id: int) -> str | Response:
    item = item_for_discussion(item_id)
    require(can_discuss(item.negotiation.consortium_id))
    reply = request.args.get("reply", type=int)
    form = CommentForm(data={"parent_id": reply if reply and 0 < reply <= MAX_ID else None})
    member_ids = _member_ids(form, item)
    if form.validate_on_submit():
        try:
            comment = comments.add_comment(
                item,
                form.body.data,
                current_user,
                parent_id=form.parent_id.data or None,
                mentioned_member_id=form.mentioned_member_id.data or None,
                member_ids=member_ids,
            )
        except comments.CommentError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("コメントを投稿しました。"), "success")
            return redirect(_anchor(item, comment))
    wanted = form.parent_id.data
    parent = db.session.get(Comment, wanted) if wanted and 0 < wanted <= MAX_ID else None
    if parent is not None and parent.item_id != item.id:
        parent = None
    return render_template("negotiation/comment_form.html", form=form, item=item, parent=parent)


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@access(LOGIN)
def comment_edit(comment_id: int) -> str | Response:
    comment = db.get_or_404(Comment, comment_id)
    item = item_for_discussion(comment.item_id)
    require(comment.author_id == current_user.id and can_discuss(item.negotiation.consortium_id))
    form = CommentEditForm(obj=comment)
    if request.method == "GET":
        form.mentioned_member_id.data = comment.mentioned_member_id or 0
    member_ids = _member_ids(form, item)
    if form.validate_on_submit():
        try:
            comments.edit_comment(
                comment,
                form.body.data,
                form.version.data,
                current_user,
                mentioned_member_id=form.mentioned_member_id.data or None,
                member_ids=member_ids,
            )
        except comments.CommentError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("コメントを更新しました。"), "success")
            return redirect(_anchor(item, comment))
    return render_template(
        "negotiation/comment_form.html", form=form, item=item, comment=comment, parent=None
    )
