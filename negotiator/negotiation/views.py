"""Negotiation pages: board, items, proposal revisions, positions, state moves."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.orm import joinedload
from werkzeug.wrappers import Response

from negotiator.auth.permissions import (
    LOGIN,
    access,
    can_facilitate,
    can_propose,
    can_revise,
    can_speak_for,
    can_view_consortium,
    require,
    roles_in,
)
from negotiator.consortia.models import Consortium, Member
from negotiator.db import db
from negotiator.forms import form_message, show_error
from negotiator.i18n import translated
from negotiator.negotiation import board_cells, history, queries, services, workflow
from negotiator.negotiation.diff import DIFF_HEADERS, diff_texts, render_diff_html
from negotiator.negotiation.forms import (
    CATEGORY_LABELS,
    DiscussedForm,
    ItemEditForm,
    MoveForm,
    NegotiationForm,
    NewItemForm,
    PositionForm,
    RevisionForm,
)
from negotiator.negotiation.models import AgendaItem, Negotiation, PositionCondition
from negotiator.negotiation.pages import answer_context, answer_defaults
from negotiator.negotiation.rules import RULE_LABELS, Rule

bp = Blueprint("negotiation", __name__)


def readable_negotiation(negotiation_id: int) -> Negotiation:
    """The negotiation (404 when there is none), for a reader of its council (else 403)."""
    # With its council in the same statement: every page of it names the council in its crumbs.
    negotiation = db.get_or_404(
        Negotiation, negotiation_id, options=[joinedload(Negotiation.consortium)]
    )
    require(can_view_consortium(negotiation.consortium_id))
    return negotiation


def board_filters() -> tuple[str | None, str | None]:
    """The board's state and category filters from the query string (unknown ones ignored)."""
    state = request.args.get("state") or None
    category = request.args.get("category") or None
    if state not in (None, *[s.value for s in workflow.State]):
        state = None
    if category not in (None, *CATEGORY_LABELS):
        category = None
    return state, category


def readable_item(item_id: int) -> AgendaItem:
    """The item (404 when there is none), for a reader of its council (else 403); the loader
    of every item page (negotiator/documents too)."""
    # With its negotiation and council in the same statement: every item page names them.
    options = [joinedload(AgendaItem.negotiation).joinedload(Negotiation.consortium)]
    item = db.get_or_404(AgendaItem, item_id, options=options)
    require(can_view_consortium(item.negotiation.consortium_id))
    return item


@bp.route("/consortia/<int:consortium_id>/negotiations/new", methods=["GET", "POST"])
@access(LOGIN)
def negotiation_new(consortium_id: int) -> str | Response:
    consortium = db.get_or_404(Consortium, consortium_id)
    require(can_facilitate(consortium.id))
    form = NegotiationForm()
    if form.validate_on_submit():
        data = {
            k: form.data[k] for k in ("title", "description", "decision_rule", "deemed_consent")
        }
        try:
            negotiation = services.create_negotiation(consortium, data)
        except services.NegotiationError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            return redirect(url_for("negotiation.overview", negotiation_id=negotiation.id))
    return render_template("negotiation/negotiation_form.html", form=form, consortium=consortium)


@bp.route("/negotiations/<int:negotiation_id>")
@access(LOGIN)
def overview(negotiation_id: int) -> str:
    negotiation = readable_negotiation(negotiation_id)
    state, category = board_filters()
    page = request.args.get("page", 1, type=int) or 1
    member_page = request.args.get("members", 1, type=int) or 1
    board = queries.board(negotiation, state, category, page, member_page)
    return render_template(
        "negotiation/overview.html",
        negotiation=negotiation,
        board=board,
        cells=board_cells.cells(board),
        roles=roles_in(negotiation.consortium_id),
        state=state,
        category=category,
    )


def item_form(negotiation: Negotiation, form_class: type, **kwargs) -> FlaskForm:  # noqa: ANN003
    """An item form with the proposers and rules this user may choose (the API uses it too)."""
    form = form_class(**kwargs)
    members = queries.members_of(negotiation.consortium_id)
    roles = roles_in(negotiation.consortium_id)
    if not roles.facilitator:  # a liaison proposes for their own member only
        members = [m for m in members if m.id in roles.liaison_of]
    rule_label = _(RULE_LABELS[Rule(negotiation.decision_rule)])
    form.set_choices(members, rule_label, facilitator=roles.facilitator)
    return form


def item_data(form: FlaskForm) -> dict:
    """What services.propose_item and edit_item take from a validated item form."""
    return {
        "title": form.title.data.strip(),
        "category": form.category.data,
        "description": form.description.data or "",
        "proposing_member_id": form.proposing_member_id.data or None,
        "rule_override": form.rule_override.data or None,
    }


@bp.route("/negotiations/<int:negotiation_id>/items/new", methods=["GET", "POST"])
@access(LOGIN)
def item_new(negotiation_id: int) -> str | Response:
    negotiation = readable_negotiation(negotiation_id)
    require(can_propose(negotiation.consortium_id))
    form = item_form(negotiation, NewItemForm)
    if form.validate_on_submit():
        try:
            item = services.propose_item(negotiation, item_data(form), form.text.data, current_user)
        except services.NegotiationError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("協議事項を提案しました。"), "success")
            return redirect(url_for("negotiation.item", item_id=item.id))
    return render_template("negotiation/item_form.html", form=form, negotiation=negotiation)


@bp.route("/items/<int:item_id>/edit", methods=["GET", "POST"])
@access(LOGIN)
def item_edit(item_id: int) -> str | Response:
    item = readable_item(item_id)
    require(can_facilitate(item.negotiation.consortium_id))
    form = item_form(item.negotiation, ItemEditForm, obj=item)
    if request.method == "GET":
        form.proposing_member_id.data = item.proposing_member_id or 0
        form.rule_override.data = item.rule_override or ""
    if form.validate_on_submit():
        try:
            services.edit_item(item, item_data(form), form.version.data)
        except services.NegotiationError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("保存しました。"), "success")
            return redirect(url_for("negotiation.item", item_id=item.id))
    return render_template(
        "negotiation/item_form.html", form=form, negotiation=item.negotiation, item=item
    )


@bp.route("/items/<int:item_id>")
@access(LOGIN)
def item(item_id: int) -> str:
    item = readable_item(item_id)
    from negotiator.negotiation.pages import item_context

    return render_template("negotiation/item.html", **item_context(item))


@bp.route("/items/<int:item_id>/revise", methods=["GET", "POST"])
@access(LOGIN)
def revise(item_id: int) -> str | Response:
    item = readable_item(item_id)
    # Only the proposer or the facilitator; any other member proposes a 修正案 instead.
    require(can_revise(item.negotiation.consortium_id, item.proposing_member_id))
    current = item.revisions[-1] if item.revisions else None
    form = RevisionForm(
        data={"text": current.text if current else "", "base_revision": item.current_revision}
    )
    if form.validate_on_submit():
        try:
            services.add_revision(
                item,
                form.text.data,
                form.change_note.data or "",
                current_user,
                base_revision=form.base_revision.data,
            )
        except services.NegotiationError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("提案文を更新しました。各団体の意見は再確認が必要になります。"), "success")
            return redirect(url_for("negotiation.item", item_id=item.id))
    return render_template("negotiation/revise.html", form=form, item=item)


@bp.route("/items/<int:item_id>/diff")
@access(LOGIN)
def diff(item_id: int) -> str:
    item = readable_item(item_id)
    numbers = [request.args.get(k, type=int) or 0 for k in ("a", "b")]
    if not all(0 < n <= item.current_revision for n in numbers):
        abort(404)
    old, new = (history.revision(item, n) for n in numbers)
    if old is None or new is None:
        abort(404)
    table = render_diff_html(diff_texts(old.text, new.text), translated(DIFF_HEADERS))
    return render_template("negotiation/diff.html", item=item, old=old, new=new, table=table)


@bp.route("/items/<int:item_id>/members/<int:member_id>/position", methods=["GET", "POST"])
@access(LOGIN)
def position_new(item_id: int, member_id: int) -> str | Response:
    item = readable_item(item_id)
    member = db.get_or_404(Member, member_id)
    if member.consortium_id != item.negotiation.consortium_id:
        abort(404)
    roles = roles_in(member.consortium_id)
    require(can_speak_for(member.consortium_id, member.id))
    context = answer_context(item, member)
    # The current position prefills the first view only: a POST says what it changes.
    position = context["position"] if request.method == "GET" else None
    form = PositionForm(data=answer_defaults(position, item.current_revision))
    if form.validate_on_submit():
        try:
            services.record_position(item, member, form.data, current_user, roles)
        except services.NegotiationError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(_("%(member)sの意見を登録しました。", member=member.name), "success")
            return redirect(url_for("negotiation.item", item_id=item.id) + f"#member-{member.id}")
    return render_template(
        "negotiation/position_form.html",
        form=form,
        item=item,
        member=member,
        on_behalf=member.id not in roles.liaison_of,
        **context,
    )


@bp.route("/conditions/<int:condition_id>/clear", methods=["POST"])
@access(LOGIN)
def condition_clear(condition_id: int) -> Response:
    condition = db.get_or_404(PositionCondition, condition_id)
    item = readable_item(condition.position.item_id)
    require(can_speak_for(item.negotiation.consortium_id, condition.position.member_id))
    try:
        services.clear_condition(condition, current_user)
    except services.NegotiationError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(_("条件を解消済みにしました。"), "success")
    return redirect(url_for("negotiation.item", item_id=item.id))


@bp.route("/items/<int:item_id>/move/<name>", methods=["POST"])
@access(LOGIN)
def move(item_id: int, name: str) -> str | Response:
    item = readable_item(item_id)
    roles = roles_in(item.negotiation.consortium_id)
    require(roles.facilitator or bool(roles.liaison_of))
    form = MoveForm()
    if not form.validate_on_submit():
        message = _("送信内容が正しくありません。ページを読み込み直してください。")
        flash(form_message(form, message), "error")
        return redirect(url_for("negotiation.item", item_id=item.id))
    try:
        services.move(
            item,
            name,
            form.reason.data or "",
            current_user,
            roles,
            form.version.data,
            confirmed=form.confirm.data,
        )
    except services.ConfirmationNeeded as exc:
        db.session.rollback()
        # A page of its own, not a script dialog: it names what is discarded, works by keyboard.
        return render_template("negotiation/confirm_move.html", item=item, hold=exc.hold, form=form)
    except services.NegotiationError as exc:
        db.session.rollback()
        flash(exc.message, "error")
    else:
        db.session.commit()
        flash(_("状態を変更しました。"), "success")
    return redirect(url_for("negotiation.item", item_id=item.id))


@bp.route("/items/<int:item_id>/discussed", methods=["POST"])
@access(LOGIN)
def discussed(item_id: int) -> Response:
    item = readable_item(item_id)
    require(can_facilitate(item.negotiation.consortium_id))
    form = DiscussedForm()
    if form.validate_on_submit():
        services.note_discussed(item, form.note.data.strip())
        db.session.commit()
        flash(_("協議した記録を残しました。"), "success")
    else:
        flash(form_message(form, _("協議した場を入力してください。")), "error")
    return redirect(url_for("negotiation.item", item_id=item.id))


from negotiator.negotiation import (  # noqa: E402, F401  (routes on bp)
    comment_views,
    history_views,
    note_views,
    suggestion_views,
)
