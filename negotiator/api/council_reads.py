"""Read endpoints for meetings and their minutes, written rounds, cost candidates, agreements."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response

from negotiator.agreements.models import Agreement
from negotiator.api import schemas
from negotiator.api.core import answer, bp, endpoint, page, readable
from negotiator.api.reads import council_of, item_of, negotiation_of
from negotiator.api.spec import documented
from negotiator.auth.permissions import can_view_consortium
from negotiator.costs.models import CostCandidate
from negotiator.db import db
from negotiator.meetings import minutes
from negotiator.meetings.models import Meeting, MinutesRevision, WrittenRound


def meeting_of(meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    readable(meeting is not None and can_view_consortium(meeting.consortium_id))
    return meeting


def round_of(round_id: int) -> WrittenRound:
    written = db.session.get(WrittenRound, round_id)
    readable(written is not None and can_view_consortium(written.negotiation.consortium_id))
    return written


@bp.get("/councils/<int:council_id>/meetings")
@endpoint
@documented("会議の一覧", schemas.page_of(schemas.Meeting), paged=True)
def meetings(council_id: int) -> Response:
    council_of(council_id)
    query = sa.select(Meeting).where(Meeting.consortium_id == council_id)
    return page(query, Meeting.id, schemas.Meeting(many=True).dump)


@bp.get("/meetings/<int:meeting_id>")
@endpoint
@documented("会議と公開された議事録、その確認状況", schemas.MeetingDetail)
def meeting(meeting_id: int) -> Response:
    return answer(meeting_document(meeting_of(meeting_id)))


def meeting_document(meeting: Meeting) -> dict:
    published = db.session.scalar(
        sa.select(MinutesRevision).where(
            MinutesRevision.meeting_id == meeting.id,
            MinutesRevision.number == meeting.minutes_revision,
        )
    )
    fields = [f.attribute or name for name, f in schemas.Meeting().fields.items()]
    return schemas.MeetingDetail().dump(
        {
            **{name: getattr(meeting, name) for name in fields},
            "minutes": published,
            "confirmations": list(minutes.answers(meeting).values()),
        }
    )


@bp.get("/negotiations/<int:negotiation_id>/rounds")
@endpoint
@documented("書面協議の一覧", schemas.page_of(schemas.WrittenRound), paged=True)
def rounds(negotiation_id: int) -> Response:
    negotiation_of(negotiation_id)
    query = sa.select(WrittenRound).where(WrittenRound.negotiation_id == negotiation_id)
    return page(query, WrittenRound.id, schemas.WrittenRound(many=True).dump)


@bp.get("/items/<int:item_id>/cost-candidates")
@endpoint
@documented("費用負担の候補", schemas.page_of(schemas.CostCandidate), paged=True)
def cost_candidates(item_id: int) -> Response:
    item_of(item_id)
    query = sa.select(CostCandidate).where(CostCandidate.item_id == item_id)
    return page(query, CostCandidate.id, schemas.CostCandidate(many=True).dump)


@bp.get("/negotiations/<int:negotiation_id>/agreements")
@endpoint
@documented("協定の一覧(状態と署名)", schemas.page_of(schemas.Agreement), paged=True)
def agreements(negotiation_id: int) -> Response:
    negotiation_of(negotiation_id)
    query = sa.select(Agreement).where(Agreement.negotiation_id == negotiation_id)
    return page(query, Agreement.id, schemas.Agreement(many=True).dump)
