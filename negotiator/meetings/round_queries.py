"""Read side of one written round: answers, recorded results, and the facilitator's moves."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from negotiator.auth.permissions import ConsortiumRoles
from negotiator.db import db, utcnow
from negotiator.meetings import round_states
from negotiator.meetings.facts import discussion_facts
from negotiator.meetings.models import RoundItem, WrittenRound, as_utc
from negotiator.negotiation import queries as negotiation_queries
from negotiator.negotiation import rules, workflow
from negotiator.negotiation.models import AgendaItem, Position


@dataclasses.dataclass(frozen=True)
class RoundRow:
    """One item of a written round: answers given in the round, and who is deemed to consent."""

    item: AgendaItem
    entry: RoundItem
    answers: dict[int, Position]
    rule: rules.RuleResult
    stale: bool
    # Recorded at the close; while the round runs (or waits for the job) it is the rule's view.
    deemed_ids: frozenset[int]

    @property
    def revision_number(self) -> int:
        return self.entry.revision_number


def round_view(
    written: WrittenRound, roles: ConsortiumRoles, now: dt.datetime | None = None
) -> dict[str, Any]:
    """Everything the round page shows, in a fixed number of statements."""
    now = now or utcnow()
    negotiation = written.negotiation
    members = negotiation_queries.members_of(negotiation.consortium_id)
    entries = {
        e.item_id: e
        for e in db.session.scalars(
            sa.select(RoundItem)
            .where(RoundItem.round_id == written.id)
            .options(selectinload(RoundItem.deemed))
        )
    }
    items = db.session.scalars(
        sa.select(AgendaItem).where(AgendaItem.id.in_(entries)).order_by(AgendaItem.number)
    ).all()
    given = db.session.scalars(
        sa.select(Position).where(Position.round_id == written.id).order_by(Position.id)
    ).all()
    by_item: dict[int, dict[int, Position]] = {}
    for p in given:
        by_item.setdefault(p.item_id, {})[p.member_id] = p
    latest = negotiation_queries.latest_positions(i.id for i in items)
    discussions = discussion_facts(items, now)
    held = negotiation_queries.agreement_holds(items)
    rows = []
    for item in items:
        entry = entries[item.id]
        facts = negotiation_queries.item_facts(
            item, negotiation, members, latest.get(item.id, {}), discussions[item.id], held
        )
        rule = workflow.rule_status(facts)
        recorded = entry.result is not None
        deemed = {d.member_id for d in entry.deemed} if recorded else {m.id for m in rule.deemed}
        stale = entry.revision_number != item.current_revision
        rows.append(RoundRow(item, entry, by_item.get(item.id, {}), rule, stale, frozenset(deemed)))
    state = written.round_state
    # Past its deadline a round takes no answers, even before the job has recorded the result.
    shown = round_states.RoundState.CLOSED if written.is_closed(now) and state == "open" else state
    return {
        "round": written,
        "members": members,
        "rows": rows,
        "closed": written.is_closed(now),
        "state_label": round_states.STATE_LABELS[shown],
        "end_label": round_states.END_LABELS.get(written.end_cause),
        "result_labels": round_states.RESULT_LABELS,
        "moves": round_states.offered(state, as_utc(written.deadline), now, roles.facilitator),
        "now": now,
    }
