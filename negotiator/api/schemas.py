"""What the API answers, as marshmallow schemas: they serialise the answers and describe them
in the OpenAPI document, so the two cannot drift apart."""

from __future__ import annotations

import datetime as dt

from marshmallow import Schema, fields


class Moment(fields.DateTime):
    """A UTC timestamp with its offset (SQLite gives them back without one)."""

    def _serialize(self, value: dt.datetime | None, attr: object, obj: object, **kwargs: object):  # noqa: ANN202
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return super()._serialize(value, attr, obj, **kwargs)


class Council(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    description = fields.String(required=True)
    version = fields.Integer(required=True)


class Notification(Schema):
    """One of the token's user's notifications; `text` in the request's language."""

    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    text = fields.String(required=True)
    council_id = fields.Integer(allow_none=True, required=True)
    path = fields.String(required=True)
    created_at = Moment(required=True)
    read_at = Moment(allow_none=True, required=True)


class Member(Schema):
    id = fields.Integer(required=True)
    council_id = fields.Integer(required=True, attribute="consortium_id")
    name = fields.String(required=True)
    kind = fields.String(required=True)
    sort_order = fields.Integer(required=True)
    joined_on = fields.Date(allow_none=True)
    left_on = fields.Date(allow_none=True)


class Negotiation(Schema):
    id = fields.Integer(required=True)
    council_id = fields.Integer(required=True, attribute="consortium_id")
    title = fields.String(required=True)
    description = fields.String(required=True)
    decision_rule = fields.String(required=True)
    deemed_consent = fields.Boolean(required=True)
    created_at = Moment(required=True)
    version = fields.Integer(required=True)


class ItemSummary(Schema):
    id = fields.Integer(required=True)
    negotiation_id = fields.Integer(required=True)
    number = fields.Integer(required=True)
    title = fields.String(required=True)
    category = fields.String(required=True)
    state = fields.String(required=True)
    current_revision = fields.Integer(required=True)
    proposing_member_id = fields.Integer(allow_none=True)
    created_at = Moment(required=True)
    version = fields.Integer(required=True)


class Revision(Schema):
    number = fields.Integer(required=True)
    text = fields.String(required=True)
    change_note = fields.String(required=True)
    created_at = Moment(required=True)


class Decision(Schema):
    """The item's decision rule on its current revision, as the item page states it."""

    rule = fields.String(required=True)
    met = fields.Boolean(required=True)
    missing = fields.List(fields.String(), required=True)
    accepts_positions = fields.Boolean(required=True)


class Item(ItemSummary):
    description = fields.String(required=True)
    revision = fields.Nested(Revision, allow_none=True, required=True)
    decision = fields.Nested(Decision, required=True)


class Condition(Schema):
    id = fields.Integer(required=True)
    text = fields.String(required=True)
    cleared_at = Moment(allow_none=True)


class Position(Schema):
    id = fields.Integer(required=True)
    item_id = fields.Integer(required=True)
    member_id = fields.Integer(required=True)
    revision = fields.Integer(required=True, attribute="revision_number")
    stance = fields.String(required=True)
    statement = fields.String(required=True)
    reason = fields.String(required=True)
    source = fields.String(required=True)
    on_behalf = fields.Boolean(required=True)
    conditions = fields.List(fields.Nested(Condition), required=True)
    created_at = Moment(required=True)


class MemberPositions(Schema):
    member_id = fields.Integer(required=True)
    current = fields.Nested(Position, allow_none=True, required=True)
    stale = fields.Boolean(required=True)
    # The newest positions, the current one first, as many as the item page shows; the rest
    # are counted in history_total (negotiator.bounds).
    history = fields.List(fields.Nested(Position), required=True)
    history_total = fields.Integer(required=True)


class Positions(Schema):
    item_id = fields.Integer(required=True)
    current_revision = fields.Integer(required=True)
    version = fields.Integer(required=True)
    members = fields.List(fields.Nested(MemberPositions), required=True)


def page_of(schema: type[Schema]) -> type[Schema]:
    """{items: [...], next_cursor}: one page of a list (negotiator.api.core.page)."""
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(schema), required=True),
            "next_cursor": fields.String(allow_none=True, required=True),
        },
        name=f"{schema.__name__}Page",
    )


class Meeting(Schema):
    id = fields.Integer(required=True)
    council_id = fields.Integer(required=True, attribute="consortium_id")
    number = fields.Integer(required=True)
    title = fields.String(required=True)
    starts_at = Moment(required=True)
    ends_at = Moment(required=True)
    place = fields.String(required=True)
    mode = fields.String(required=True)
    status = fields.String(required=True)
    minutes_revision = fields.Integer(required=True)
    version = fields.Integer(required=True)


class Confirmation(Schema):
    member_id = fields.Integer(required=True)
    revision = fields.Integer(required=True, attribute="revision_number")
    answer = fields.String(required=True)
    comment = fields.String(required=True)
    created_at = Moment(required=True)


class Minutes(Schema):
    """The published minutes (their latest revision) and the members' answers to them."""

    revision = fields.Integer(required=True, attribute="number")
    content = fields.Dict(required=True)
    change_note = fields.String(required=True)
    published_at = Moment(required=True)


class MeetingDetail(Meeting):
    minutes = fields.Nested(Minutes, allow_none=True, required=True)
    confirmations = fields.List(fields.Nested(Confirmation), required=True)


class RoundEntry(Schema):
    item_id = fields.Integer(required=True)
    revision = fields.Integer(required=True, attribute="revision_number")
    result = fields.String(allow_none=True, required=True)


class WrittenRound(Schema):
    id = fields.Integer(required=True)
    negotiation_id = fields.Integer(required=True)
    number = fields.Integer(required=True)
    title = fields.String(required=True)
    deadline = Moment(required=True)
    state = fields.String(required=True)
    opened_at = Moment(required=True)
    closed_at = Moment(allow_none=True, required=True)
    items = fields.List(fields.Nested(RoundEntry), required=True)


class CostCandidate(Schema):
    id = fields.Integer(required=True)
    item_id = fields.Integer(required=True)
    name = fields.String(required=True)
    method = fields.String(required=True)
    remainder_rule = fields.String(required=True)
    rationale = fields.String(required=True)
    suggested = fields.Boolean(required=True)
    created_at = Moment(required=True)


class Signature(Schema):
    member_id = fields.Integer(required=True)
    kind = fields.String(required=True)
    signer_name = fields.String(required=True)
    signed_at = Moment(required=True)


class Agreement(Schema):
    id = fields.Integer(required=True)
    negotiation_id = fields.Integer(required=True)
    number = fields.Integer(required=True)
    title = fields.String(required=True)
    status = fields.String(required=True)
    effective_date = fields.Date(allow_none=True, required=True)
    signing_date = fields.Date(allow_none=True, required=True)
    sent_at = Moment(allow_none=True, required=True)
    executed_at = Moment(allow_none=True, required=True)
    signatures = fields.List(fields.Nested(Signature), required=True)
    version = fields.Integer(required=True)
