"""修正案 pages (on the negotiation blueprint): propose one, read it as a diff against the
current text, accept, decline (with a reason) or withdraw it."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from negotiator.auth.permissions import (
    LOGIN,
    access,
    can_revise,
    require,
    roles_in,
    suggesting_member,
)
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.forms import show_error
from negotiator.i18n import translated
from negotiator.negotiation import suggestions
from negotiator.negotiation.comment_views import item_for_discussion
from negotiator.negotiation.diff import DIFF_HEADERS, diff_texts, render_diff_html
from negotiator.negotiation.discussion_forms import (
    AcceptForm,
    DeclineForm,
    SuggestionForm,
    WithdrawForm,
)
from negotiator.negotiation.discussion_models import Suggestion
from negotiator.negotiation.markdown import render_markdown
from negotiator.negotiation.models import AgendaItem
from negotiator.negotiation.views import bp


@bp.route("/items/<int:item_id>/suggestions/new", methods=["GET", "POST"])
@access(LOGIN)
def suggestion_new(item_id: int) -> str | Response:
    item = item_for_discussion(item_id)
    member_id = suggesting_member(item.negotiation.consortium_id, item.proposing_member_id)
    require(member_id is not None)
    current = item.revisions[-1].text if item.revisions else ""
    form = SuggestionForm(data={"text": current, "base_revision": item.current_revision})
    if form.validate_on_submit():
        member = db.session.get(Member, member_id)
        try:
            suggestion = suggestions.propose(item, member, form.data, current_user)
        except suggestions.NegotiationError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("修正案を提出しました。"), "success")
            return redirect(url_for("negotiation.suggestion", suggestion_id=suggestion.id))
    member = db.session.get(Member, member_id)
    return render_template("negotiation/suggestion_form.html", form=form, item=item, member=member)


def _readable(suggestion_id: int) -> tuple[Suggestion, AgendaItem]:
    suggestion = db.get_or_404(Suggestion, suggestion_id)
    return suggestion, item_for_discussion(suggestion.item_id)


def _page(suggestion: Suggestion, item: AgendaItem, **forms: Any) -> str:
    """The 修正案 with the diff from the current text (whatever revision it was written on)."""
    consortium_id = item.negotiation.consortium_id
    current = item.revisions[-1] if item.revisions else None
    version = {"version": suggestion.version}
    return render_template(
        "negotiation/suggestion.html",
        suggestion=suggestion,
        item=item,
        current=current,
        table=render_diff_html(
            diff_texts(current.text if current else "", suggestion.text), translated(DIFF_HEADERS)
        ),
        text_html=render_markdown(suggestion.text),
        may_decide=can_revise(consortium_id, item.proposing_member_id),
        may_withdraw=suggestion.member_id in roles_in(consortium_id).liaison_of,
        state_labels=suggestions.STATE_LABELS,
        accept_form=forms.get("accept_form")
        or AcceptForm(data=version | {"revision": item.current_revision}),
        decline_form=forms.get("decline_form") or DeclineForm(data=version),
        withdraw_form=forms.get("withdraw_form") or WithdrawForm(data=version),
    )


@bp.route("/suggestions/<int:suggestion_id>")
@access(LOGIN)
def suggestion(suggestion_id: int) -> str:
    return _page(*_readable(suggestion_id))


def _done(item: AgendaItem, message: str) -> Response:
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("negotiation.item", item_id=item.id) + "#suggestions")


@bp.route("/suggestions/<int:suggestion_id>/accept", methods=["POST"])
@access(LOGIN)
def suggestion_accept(suggestion_id: int) -> str | Response:
    suggestion, item = _readable(suggestion_id)
    require(can_revise(item.negotiation.consortium_id, item.proposing_member_id))
    form = AcceptForm()
    if form.validate_on_submit():
        try:
            suggestions.accept(suggestion, current_user, form.version.data, form.revision.data)
        except suggestions.NegotiationError as exc:
            show_error(form, exc)
        else:
            return _done(item, _("修正案を採用し、提案文を更新しました。"))
    return _page(suggestion, item, accept_form=form)


@bp.route("/suggestions/<int:suggestion_id>/decline", methods=["POST"])
@access(LOGIN)
def suggestion_decline(suggestion_id: int) -> str | Response:
    suggestion, item = _readable(suggestion_id)
    require(can_revise(item.negotiation.consortium_id, item.proposing_member_id))
    form = DeclineForm()
    if form.validate_on_submit():
        try:
            suggestions.decline(suggestion, current_user, form.version.data, form.reason.data)
        except suggestions.NegotiationError as exc:
            show_error(form, exc)
        else:
            return _done(item, _("修正案を不採用にしました。"))
    return _page(suggestion, item, decline_form=form)


@bp.route("/suggestions/<int:suggestion_id>/withdraw", methods=["POST"])
@access(LOGIN)
def suggestion_withdraw(suggestion_id: int) -> str | Response:
    suggestion, item = _readable(suggestion_id)
    require(suggestion.member_id in roles_in(item.negotiation.consortium_id).liaison_of)
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            suggestions.withdraw(suggestion, current_user, form.version.data)
        except suggestions.NegotiationError as exc:
            show_error(form, exc)
        else:
            return _done(item, _("修正案を取り下げました。"))
    return _page(suggestion, item, withdraw_form=form)
