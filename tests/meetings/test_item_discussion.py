"""The item page reads its 協議の記録 and the workflow's discussion facts from the same two
statements (meetings.facts.item_discussion): the facts must be what discussion_facts says of
the item, and the record what discussion_record lists, in every case below."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
import sqlalchemy as sa

from negotiator.auth.models import User
from negotiator.db import db
from negotiator.meetings import round_controls
from negotiator.meetings.facts import discussion_facts, discussion_record, item_discussion
from negotiator.negotiation.models import AgendaItem, Negotiation
from tests.factories import make_item
from tests.meetings.factories import make_meeting, make_round

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
DEADLINE = NOW + dt.timedelta(days=7)
TIMES = (NOW, DEADLINE - dt.timedelta(seconds=1), DEADLINE, DEADLINE + dt.timedelta(days=3))


def _facilitator() -> User:
    return db.session.scalar(sa.select(User).where(User.username == "facilitator"))


def _round(item: AgendaItem) -> object:
    return make_round(item.negotiation_id, [item.id], DEADLINE, NOW)


def _closed_early(item: AgendaItem) -> None:
    written = _round(item)
    round_controls.close_round(written, NOW + dt.timedelta(days=1), user=_facilitator())


def _closed_at_deadline(item: AgendaItem) -> None:
    round_controls.close_round(_round(item), DEADLINE)


def _cancelled(item: AgendaItem) -> None:
    written = _round(item)
    round_controls.cancel(written, "日程の都合", _facilitator(), None, NOW + dt.timedelta(hours=1))


def _on_an_earlier_revision(item: AgendaItem) -> None:
    _round(item)
    item.current_revision += 1  # the round asked about the wording before this one


CASES: dict[str, Callable[[AgendaItem], object]] = {
    "nothing yet": lambda item: None,
    "on a scheduled meeting's agenda": lambda item: make_meeting(item.negotiation_id, [item.id]),
    "on a held meeting's agenda": lambda item: make_meeting(item.negotiation_id, [item.id], True),
    "in an open round": _round,
    "in a round closed early": _closed_early,
    "in a round closed at its deadline": _closed_at_deadline,
    "in a cancelled round": _cancelled,
    "in a round on an earlier revision": _on_an_earlier_revision,
}


@pytest.mark.parametrize("case", CASES)
def test_the_item_pages_facts_are_discussion_facts(app, world, case):
    with app.app_context():
        negotiation = db.session.get(Negotiation, world.negotiation_id)
        negotiation.deemed_consent = True
        item = make_item(negotiation, "連絡体制", rule="consent")
        CASES[case](item)
        db.session.flush()
        for now in TIMES:
            read = item_discussion(item, now)
            assert read.facts == discussion_facts([item], now)[item.id], (case, now)
            assert read.record == discussion_record(item.id)
        db.session.rollback()


def test_the_cases_cover_each_outcome(app, world):
    """The table above reaches each fact both ways (a case list that never reached one would
    compare nothing)."""
    seen = set()
    with app.app_context():
        negotiation = db.session.get(Negotiation, world.negotiation_id)
        negotiation.deemed_consent = True
        for n, build in enumerate(CASES.values()):
            item = make_item(negotiation, f"連絡体制{n}", rule="consent")
            build(item)
            db.session.flush()
            for now in TIMES:
                facts = item_discussion(item, now).facts
                seen |= {("discussed", facts.discussed), ("passed", facts.deadline_passed)}
        db.session.rollback()
    assert seen == {(f, b) for f in ("discussed", "passed") for b in (True, False)}
