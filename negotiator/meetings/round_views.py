"""Written round pages: open a round, read it, answer for one's own member."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from negotiator.auth.permissions import (
    LOGIN,
    access,
    can_answer_for,
    can_facilitate,
    require,
    roles_in,
)
from negotiator.consortia.models import Member
from negotiator.db import db, utcnow
from negotiator.forms import choices, show_error
from negotiator.meetings import queries, round_controls, round_queries, rounds
from negotiator.meetings.common import (
    bp,
    item_of,
    readable_negotiation,
    readable_round,
)
from negotiator.meetings.forms import (
    ROUND_CONTROL_FORMS,
    RoundAnswerForm,
    RoundForm,
    from_japan,
    to_japan,
)
from negotiator.meetings.models import WrittenRound
from negotiator.meetings.round_states import BY_NAME
from negotiator.negotiation import queries as negotiation_queries
from negotiator.negotiation.models import AgendaItem
from negotiator.negotiation.pages import answer_context, answer_defaults
from negotiator.negotiation.rules import N_
from negotiator.negotiation.services import NegotiationError


@bp.route("/negotiations/<int:negotiation_id>/rounds/new", methods=["GET", "POST"])
@access(LOGIN)
def round_new(negotiation_id: int) -> str | Response:
    negotiation = readable_negotiation(negotiation_id)
    require(can_facilitate(negotiation.consortium_id))
    candidates = list(
        db.session.scalars(
            sa.select(AgendaItem)
            .where(AgendaItem.negotiation_id == negotiation.id)
            .where(AgendaItem.state.in_(queries.OPEN))
            .order_by(AgendaItem.number)
        )
    )
    form = RoundForm()
    form.item_ids.choices = choices({i.id: f"{i.number}. {i.title}" for i in candidates})
    if form.validate_on_submit():
        chosen = [i for i in candidates if i.id in form.item_ids.data]
        data = {"title": form.title.data.strip(), "deadline": from_japan(form.deadline.data)}
        try:
            written = rounds.open_round(negotiation, data, chosen, current_user)
        except NegotiationError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("書面協議を開始しました。"), "success")
            return redirect(url_for("meetings.round", round_id=written.id))
    return render_template("meetings/round_form.html", form=form, negotiation=negotiation)


@bp.route("/rounds/<int:round_id>")
@access(LOGIN)
def round(round_id: int) -> str:  # noqa: A001 - the endpoint's natural name
    written = readable_round(round_id)
    roles = roles_in(written.negotiation.consortium_id)
    return render_template(
        "meetings/round.html",
        negotiation=written.negotiation,
        roles=roles,
        **round_queries.round_view(written, roles),
    )


@bp.route(
    "/rounds/<int:round_id>/items/<int:item_id>/members/<int:member_id>/answer",
    methods=["GET", "POST"],
)
@access(LOGIN)
def round_answer(round_id: int, item_id: int, member_id: int) -> str | Response:
    written = readable_round(round_id)
    item = item_of(written.negotiation_id, item_id)
    member = db.get_or_404(Member, member_id)
    consortium_id = written.negotiation.consortium_id
    if member.consortium_id != consortium_id:
        abort(404)
    roles = roles_in(consortium_id)
    # A round collects each member's own answer; the facilitator does not answer for them.
    require(can_answer_for(consortium_id, member.id))
    context = answer_context(item, member)
    # The current position prefills the first view only: a POST says what it changes.
    position = context["position"] if request.method == "GET" else None
    form = RoundAnswerForm(data=answer_defaults(position, item.current_revision))
    del form.source
    if form.validate_on_submit():
        members = negotiation_queries.members_of(consortium_id)
        try:
            rounds.answer(written, item, member, form.data, current_user, roles, members)
        except NegotiationError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("%(member)sの回答を登録しました。", member=member.name), "success")
            return redirect(url_for("meetings.round", round_id=written.id))
    return render_template(
        "meetings/round_answer.html",
        form=form,
        round=written,
        item=item,
        member=member,
        **context,
    )


DONE = {
    "close": N_("書面協議を締め切りました。"),
    "extend": N_("回答期限を延長しました。"),
    "cancel": N_("書面協議を中止しました。"),
}


@bp.route("/rounds/<int:round_id>/<any(close, extend, cancel):move>", methods=["GET", "POST"])
@access(LOGIN)
def round_control(round_id: int, move: str) -> str | Response:
    """A facilitator closes early, extends the deadline, or cancels with a reason."""
    written = readable_round(round_id)
    require(can_facilitate(written.negotiation.consortium_id))
    form = ROUND_CONTROL_FORMS[move]()
    if not form.is_submitted():
        form.version.data = str(written.version)
        if move == "extend":
            form.deadline.data = to_japan(written.deadline)
    if form.validate_on_submit():
        try:
            _control(written, move, form)
        except NegotiationError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_(DONE[move]), "success")
            return redirect(url_for("meetings.round", round_id=written.id))
    return render_template(
        "meetings/round_control.html",
        form=form,
        round=written,
        move=BY_NAME[move],
        negotiation=written.negotiation,
    )


def _control(written: WrittenRound, move: str, form: Any) -> None:
    now, version = utcnow(), form.version.data
    if move == "close":
        round_controls.close_round(written, now, user=current_user, version=version)
    elif move == "extend":
        round_controls.extend(written, from_japan(form.deadline.data), version, now, current_user)
    else:
        round_controls.cancel(written, form.reason.data, current_user, version, now)
