"""The audit entries about one negotiation, as CSV (UTF-8 with BOM, for Excel).

About the negotiation: the negotiation itself, its items (positions and revisions are recorded on
them), its cost tables, its agreements and their 決裁, its written rounds and the meetings that
took its items up. Members' own notes (内部メモ) are left out, even the fact that one was added;
so are the dossier requests themselves, so that asking again with nothing changed gives the
same excerpt. Every text cell is neutralised (negotiator.exports): no formula can run.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable

import sqlalchemy as sa

from negotiator.agreements.models import Agreement, Approval
from negotiator.audit.models import AuditEntry
from negotiator.costs.models import CostCandidate, CostCategory
from negotiator.db import db
from negotiator.dossier import contributors
from negotiator.exports import neutralise
from negotiator.meetings.models import MeetingItem, WrittenRound
from negotiator.negotiation.models import AgendaItem, Negotiation

# Recorded when a dossier is asked for: not part of what the dossier shows.
OWN_ACTIONS = ("dossier.request",)
HEADER = (
    "番号",
    "日時(日本時間)",
    "操作者",
    "操作",
    "対象",
    "対象ID",
    "内容",
    "変更前",
    "変更後",
    "ハッシュ",
)


def _ids(query: sa.Select) -> list[int]:
    return list(db.session.scalars(query))


def scopes(negotiation: Negotiation) -> list[tuple[str, list[int]]]:
    """(object_type, ids) whose entries are about the negotiation."""
    items = sa.select(AgendaItem.id).where(AgendaItem.negotiation_id == negotiation.id)
    agreements = sa.select(Agreement.id).where(Agreement.negotiation_id == negotiation.id)
    own = [
        ("negotiation", [negotiation.id]),
        ("agendaitem", _ids(items)),
        ("costcategory", _ids(sa.select(CostCategory.id).where(CostCategory.item_id.in_(items)))),
        (
            "costcandidate",
            _ids(sa.select(CostCandidate.id).where(CostCandidate.item_id.in_(items))),
        ),
        ("agreement", _ids(agreements)),
        ("approval", _ids(sa.select(Approval.id).where(Approval.agreement_id.in_(agreements)))),
        (
            "writtenround",
            _ids(sa.select(WrittenRound.id).where(WrittenRound.negotiation_id == negotiation.id)),
        ),
        (
            "meeting",
            _ids(
                sa.select(MeetingItem.meeting_id).where(MeetingItem.item_id.in_(items)).distinct()
            ),
        ),
    ]
    for scope in contributors.AUDIT_SCOPES:
        own += [(kind, list(ids)) for kind, ids in scope(negotiation)]
    return own


def entries(negotiation: Negotiation) -> list[AuditEntry]:
    """The entries about the negotiation, in the log's order."""
    about = [
        sa.and_(AuditEntry.object_type == kind, AuditEntry.object_id.in_(ids))
        for kind, ids in scopes(negotiation)
        if ids
    ]
    return list(
        db.session.scalars(
            sa.select(AuditEntry)
            .where(sa.or_(*about), AuditEntry.action.not_in(OWN_ACTIONS))
            .order_by(AuditEntry.id)
        )
    )


def _japan(moment: dt.datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.timezone(dt.timedelta(hours=9))).strftime("%Y-%m-%d %H:%M:%S")


def _json(value: dict | None) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def rows(found: Iterable[AuditEntry]) -> Iterable[tuple[str, ...]]:
    for e in found:
        yield (
            str(e.id),
            _japan(e.at),
            e.actor_name,
            e.action,
            e.object_type,
            "" if e.object_id is None else str(e.object_id),
            e.summary,
            _json(e.before),
            _json(e.after),
            e.hash,
        )


def excerpt_csv(negotiation: Negotiation) -> str:
    """The excerpt as CSV text (the BOM is added when it is written to the ZIP)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in rows(entries(negotiation)):
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue()
