"""Write endpoints: the web forms' own form classes validate the JSON, the same services write.

Every write is audited in the user's name with the token's (audit.acting_through).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Response, g, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import BooleanField

from negotiator.api import schemas
from negotiator.api.core import answer, bp, endpoint, permitted
from negotiator.api.problems import Problem
from negotiator.api.reads import item_document, item_of, negotiation_of
from negotiator.api.spec import documented, vars_of
from negotiator.audit import services as audit
from negotiator.auth.permissions import can_propose, can_revise, can_speak_for, roles_in
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.errors import FieldError
from negotiator.forms import VersionField
from negotiator.i18n import message_text
from negotiator.negotiation import services
from negotiator.negotiation.forms import NewItemForm, PositionForm, RevisionForm
from negotiator.negotiation.models import AgendaItem
from negotiator.negotiation.views import item_data, item_form

MAX_FIELDS = 20


def json_body() -> dict[str, Any]:
    """The request's JSON object; anything else is refused before a form sees it."""
    if not request.is_json:
        raise Problem(415, _("Content-Type: application/json で送信してください。"))
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or len(body) > MAX_FIELDS:
        raise Problem(400, _("JSON のオブジェクトを送信してください。"))
    return body


def form_data(body: dict[str, Any], form_class: type[FlaskForm]) -> MultiDict:
    """JSON values as the form fields would post them: numbers as text, lists one per line,
    true as a ticked box, a field left out as an empty one; a value of another kind is the
    field's error."""
    data = MultiDict()
    for name, unbound in vars_of(form_class):
        if name not in body and unbound.kwargs.get("coerce") is not int:
            data[name] = ""
    for name, value in body.items():
        if value is None or value is False:
            continue
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = "\n".join(value)
        if value is True and _field_class(form_class, name) is BooleanField:
            value = "y"
        if isinstance(value, bool) or not isinstance(value, str | int):
            message = _("この項目の値の型が正しくありません。")
            raise Problem(422, message, [{"field": name, "message": message}])
        data.setlist(name, [str(value)])
    return data


def _field_class(form_class: type[FlaskForm], name: str) -> type | None:
    return getattr(getattr(form_class, name, None), "field_class", None)


def validated(form: FlaskForm) -> FlaskForm:
    if not form.validate():
        errors = [{"field": "", "message": str(e)} for e in form.form_errors]
        for field in form:
            errors += [{"field": field.name, "message": str(e)} for e in field.errors]
        raise Problem(422, _("入力内容を確認してください"), errors)
    return form


def refused(error: FieldError, **current: Any) -> Problem:
    """A service's refusal: a stale revision or version is a conflict (409) with the current
    ones, any other a 422 at its field."""
    message = message_text(error.msg)
    errors = [{"field": error.field or "", "message": message}]
    if isinstance(error, services.ConflictError):
        return Problem(409, message, errors, **current)
    return Problem(422, message, errors)


def acting() -> Any:
    return audit.acting_through(current_user, f"API: {g.api_token.name}")


def locked_item(item: AgendaItem) -> AgendaItem:
    """The item, locked until the commit, as it is now (the version compared under the lock)."""
    db.session.execute(sa.select(AgendaItem.id).where(AgendaItem.id == item.id).with_for_update())
    db.session.refresh(item)
    return item


def current_of(item: AgendaItem) -> dict[str, int]:
    return {"current_revision": item.current_revision, "version": item.version}


def _stale_version(item: AgendaItem, version: int) -> None:
    if version != item.version:
        message = _(
            "他の人が先に変更しました。最新の内容を読み込み直してから、もう一度編集してください。"
        )
        errors = [{"field": "version", "message": message}]
        raise Problem(409, message, errors, **current_of(item))


class PositionIn(PositionForm):
    """The position form, plus the item's version the client read (the API's own check)."""

    version = VersionField()


@bp.post("/items/<int:item_id>/members/<int:member_id>/positions")
@endpoint
@documented("意見を登録", schemas.Position, body=PositionIn, status=201, writes=True)
def position_record(item_id: int, member_id: int) -> Response:
    item = item_of(item_id)
    member = db.session.get(Member, member_id)
    if member is None or member.consortium_id != item.negotiation.consortium_id:
        raise Problem(404, "")
    permitted(can_speak_for(member.consortium_id, member.id))
    form = validated(PositionIn(formdata=form_data(json_body(), PositionIn), meta={"csrf": False}))
    _stale_version(locked_item(item), form.version.data)
    roles = roles_in(member.consortium_id)
    try:
        with acting():
            position = services.record_position(item, member, form.data, current_user, roles)
    except services.NegotiationError as exc:
        raise refused(exc, **current_of(item)) from exc
    db.session.commit()
    response = answer(schemas.Position().dump(position), 201)
    response.headers["Location"] = url_for("api.positions", item_id=item.id)
    return response


@bp.post("/negotiations/<int:negotiation_id>/items")
@endpoint
@documented("協議事項を提案", schemas.Item, body=NewItemForm, status=201, writes=True)
def item_create(negotiation_id: int) -> Response:
    negotiation = negotiation_of(negotiation_id)
    permitted(can_propose(negotiation.consortium_id))
    body = form_data(json_body(), NewItemForm)
    form = validated(item_form(negotiation, NewItemForm, formdata=body, meta={"csrf": False}))
    try:
        with acting():
            item = services.propose_item(negotiation, item_data(form), form.text.data, current_user)
    except services.NegotiationError as exc:
        raise refused(exc) from exc
    db.session.commit()
    response = answer(item_document(item), 201)
    response.headers["Location"] = url_for("api.item", item_id=item.id)
    return response


@bp.post("/items/<int:item_id>/revisions")
@endpoint
@documented("提案文の新しい版を追加", schemas.Item, body=RevisionForm, status=201, writes=True)
def revision_add(item_id: int) -> Response:
    item = item_of(item_id)
    permitted(can_revise(item.negotiation.consortium_id, item.proposing_member_id))
    body = form_data(json_body(), RevisionForm)
    form = validated(RevisionForm(formdata=body, meta={"csrf": False}))
    try:
        with acting():
            services.add_revision(
                item,
                form.text.data,
                form.change_note.data or "",
                current_user,
                base_revision=form.base_revision.data,
            )
    except services.NegotiationError as exc:
        raise refused(exc, **current_of(item)) from exc
    db.session.commit()
    return answer(item_document(item), 201)
