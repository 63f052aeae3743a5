"""Written rounds close by themselves at their deadline (みなし同意 applied, no request made), and
stop asking when their item is revised, agreed or withdrawn (issue 12)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import sqlalchemy as sa

from negotiator.audit.models import AuditEntry
from negotiator.audit.services import acting_as, verify_chain
from negotiator.auth.models import User
from negotiator.auth.permissions import ConsortiumRoles
from negotiator.dashboard import meeting_lists as dashboard
from negotiator.db import db
from negotiator.meetings.deadlines import close_due_rounds
from negotiator.meetings.models import DeemedConsent, RoundItem, WrittenRound
from negotiator.negotiation import services
from negotiator.negotiation.models import AgendaItem, Negotiation
from tests.factories import make_item, record, user_id
from tests.meetings.factories import make_round

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
DEADLINE = NOW + dt.timedelta(days=7)
TICK = dt.timedelta(microseconds=1)
FACILITATOR = ConsortiumRoles(facilitator=True)


def _consent_round(
    app, world, *, deemed: bool = True, items: int = 1, tag: str = ""
) -> tuple[int, list[int]]:  # noqa: ANN001, E501
    """A round on consent-rule items; 須崎市 agreed, the two other members never answer."""
    with app.app_context():
        negotiation = db.session.get(Negotiation, world.negotiation_id)
        negotiation.deemed_consent = deemed
        made = [make_item(negotiation, f"連絡体制{tag}-{n}", rule="consent") for n in range(items)]
        for item in made:
            record(item, negotiation.consortium.members[0], "agree")
        written = make_round(world.negotiation_id, [i.id for i in made], DEADLINE, NOW)
        db.session.commit()
        return written.id, [i.id for i in made]


def _closes(app) -> list[AuditEntry]:  # noqa: ANN001
    return list(
        db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "round.close").order_by(AuditEntry.id)
        )
    )


def test_deadline_closes_the_round_with_deemed_consent(app, world):
    round_id, (item_id,) = _consent_round(app, world)
    with app.app_context():
        liaison = user_id("liaison")
        assert [r.id for r in dashboard.open_rounds(liaison)] == [round_id]
        assert close_due_rounds(DEADLINE - TICK) == 0
        assert db.session.get(WrittenRound, round_id).state == "open"
        assert close_due_rounds(DEADLINE) == 1
        written = db.session.get(WrittenRound, round_id)
        assert (written.state, written.end_cause, written.closed_by_id) == (
            "closed",
            "deadline",
            None,
        )
        (entry,) = written.items
        assert entry.result == "met"
        assert sorted(d.member.name for d in entry.deemed) == ["中土佐町", "四万十町"]
        (entry_log,) = _closes(app)
        assert (entry_log.actor_id, entry_log.actor_name) == (None, "システム(期限到来)")
        assert "みなし同意" in entry_log.summary and "中土佐町、四万十町" in entry_log.summary
        assert entry_log.after["items"][str(written.items[0].item.number)]["result"] == "met"
        # Idempotent: a second run (or a second worker) finds nothing to do.
        assert close_due_rounds(DEADLINE + dt.timedelta(hours=1)) == 0
        assert len(_closes(app)) == 1
        assert dashboard.open_rounds(liaison) == []
        assert verify_chain().ok
    client = app.test_client()
    from tests.factories import login

    login(client, "liaison")
    assert "書面協議に回答" not in client.get("/").get_data(as_text=True)
    page = client.get(f"/rounds/{round_id}").get_data(as_text=True)
    assert "回答期限の到来により締め切りました" in page and "みなし同意" in page
    assert "決定方法を満たしました" in page


def test_no_deemed_consent_without_the_rule_allowing_it(app, world):
    round_id, _ = _consent_round(app, world, deemed=False)
    with app.app_context():
        assert close_due_rounds(DEADLINE) == 1
        (entry,) = db.session.get(WrittenRound, round_id).items
        assert (entry.result, entry.deemed) == ("not_met", [])


def test_unanimity_never_deems(app, world):
    with app.app_context():
        db.session.get(Negotiation, world.negotiation_id).deemed_consent = True
        written = make_round(world.negotiation_id, [world.item_id], DEADLINE, NOW)
        db.session.commit()
        assert close_due_rounds(DEADLINE) == 1
        (entry,) = db.session.get(WrittenRound, written.id).items
        assert (entry.result, entry.deemed) == ("not_met", [])


def _facilitator() -> User:
    return db.session.get(User, user_id("facilitator"))


def _revise(item_id: int) -> None:
    item = db.session.get(AgendaItem, item_id)
    with acting_as(_facilitator()):
        services.add_revision(
            item, "新しい提案文", "", _facilitator(), base_revision=item.current_revision
        )


def test_a_revision_supersedes_the_round_at_once(app, world):
    round_id, (item_id,) = _consent_round(app, world)
    with app.app_context():
        _revise(item_id)
        db.session.commit()
        written = db.session.get(WrittenRound, round_id)
        assert (written.state, written.end_cause) == ("superseded", "superseded")
        assert written.closed_by_id == user_id("facilitator")
        assert written.items[0].result == "superseded"
        assert dashboard.open_rounds(user_id("liaison")) == []
        log = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "round.supersede")
        ).one()
        assert "改訂されたため、書面協議が失効" in log.summary and log.actor_name == "facilitator"
        # Nothing left for the deadline job; no みなし同意 on a question nobody was asked.
        assert close_due_rounds(DEADLINE) == 0
        assert db.session.scalar(sa.select(sa.func.count(DeemedConsent.id))) == 0


def _move(item_id: int, name: str) -> None:
    item = db.session.get(AgendaItem, item_id)
    with acting_as(_facilitator()):
        services.move(item, name, "", _facilitator(), FACILITATOR, item.version)


@pytest.mark.parametrize("move", ["agree", "withdraw"])
def test_agreeing_or_withdrawing_supersedes_the_round(app, world, move):
    round_id, (item_id,) = _consent_round(app, world)
    with app.app_context():
        item = db.session.get(AgendaItem, item_id)
        for member in item.negotiation.consortium.members[1:]:
            record(item, member, "agree")
        if move == "agree":
            services.note_discussed(item, "第3回会議で協議")
            _move(item_id, "discuss")
        _move(item_id, move)
        db.session.commit()
        written = db.session.get(WrittenRound, round_id)
        assert written.state == "superseded" and written.items[0].result == "superseded"
        assert dashboard.open_rounds(user_id("liaison")) == []


def test_agreeing_after_the_deadline_keeps_the_result(app, world):
    """Past its deadline the round's answers are final: it is closed with its result, not voided."""
    round_id, (item_id,) = _consent_round(app, world)
    with app.app_context():
        item = db.session.get(AgendaItem, item_id)
        written = db.session.get(WrittenRound, round_id)
        written.deadline = NOW - dt.timedelta(minutes=1)  # as if the week had passed
        db.session.commit()
        _move(item_id, "discuss")
        _move(item_id, "agree")  # with みなし同意 from this round
        db.session.commit()
        assert db.session.get(WrittenRound, round_id).state == "open"
        assert close_due_rounds(NOW) == 1
        written = db.session.get(WrittenRound, round_id)
        assert written.state == "closed" and written.items[0].result == "met"
        assert len(written.items[0].deemed) == 2
        assert item.state == "agreed"


def test_one_revised_item_leaves_the_rest_of_the_round_open(app, world):
    round_id, (first, second) = _consent_round(app, world, items=2)
    with app.app_context():
        _revise(first)
        db.session.commit()
        written = db.session.get(WrittenRound, round_id)
        assert written.state == "open"
        assert [e.result for e in written.items] == ["superseded", None]
        assert [r.id for r in dashboard.open_rounds(user_id("liaison"))] == [round_id]
        assert close_due_rounds(DEADLINE) == 1
        written = db.session.get(WrittenRound, round_id)
        assert written.state == "closed"
        assert [e.result for e in written.items] == ["superseded", "met"]
        assert [len(e.deemed) for e in written.items] == [0, 2]


def test_safety_net_supersedes_rounds_changed_behind_the_hook(app, world):
    """Older data: an item agreed before rounds knew about it; the job ends the round."""
    round_id, (item_id,) = _consent_round(app, world)
    with app.app_context():
        db.session.execute(
            sa.update(AgendaItem).where(AgendaItem.id == item_id).values(state="agreed")
        )
        db.session.commit()
        assert close_due_rounds(NOW) == 1
        written = db.session.get(WrittenRound, round_id)
        assert (written.state, written.closed_by_id) == ("superseded", None)
        log = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.action == "round.supersede")
        ).one()
        assert log.actor_name == "システム(定期確認)" and "合意された" in log.summary
        assert close_due_rounds(NOW) == 0


def test_the_database_refuses_unnamed_user_less_entries_and_reasonless_cancels(app, world):
    round_id, _ = _consent_round(app, world)
    with app.app_context():
        with pytest.raises(sa.exc.IntegrityError):
            db.session.execute(
                sa.update(WrittenRound)
                .where(WrittenRound.id == round_id)
                .values(state="cancelled", closed_at=NOW, end_cause="cancelled", end_reason="")
            )
        db.session.rollback()
        with pytest.raises(sa.exc.IntegrityError):
            db.session.execute(
                sa.update(RoundItem).where(RoundItem.round_id == round_id).values(result="done")
            )
        db.session.rollback()
        with pytest.raises(sa.exc.IntegrityError):
            db.session.execute(
                sa.insert(AuditEntry).values(
                    at=NOW,
                    actor_id=None,
                    actor_name="誰か",
                    action="x",
                    object_type="x",
                    summary="x",
                    prev_hash="p" * 64,
                    hash="h" * 64,
                )
            )
        db.session.rollback()


def test_cli_closes_due_rounds(app, world):
    round_id, _ = _consent_round(app, world)
    runner = app.test_cli_runner()
    early = runner.invoke(args=["rounds", "close-due"])
    assert early.exit_code == 0 and "closed 0" in early.output
    when = (DEADLINE + dt.timedelta(minutes=1)).isoformat()
    result = runner.invoke(args=["rounds", "close-due", "--now", when])
    assert result.exit_code == 0 and "closed 1" in result.output, result.output
    bad = runner.invoke(args=["rounds", "close-due", "--now", "2026-12-01T17:00"])
    assert bad.exit_code != 0 and "offset" in bad.output
    with app.app_context():
        assert db.session.get(WrittenRound, round_id).state == "closed"


def test_two_workers_close_each_round_once(app, world):
    """Two closers started together: every due round closed exactly once, one log entry each."""
    rounds = [_consent_round(app, world, tag=str(n))[0] for n in range(6)]
    barrier = threading.Barrier(2)
    counts: list[int] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            with app.app_context():
                barrier.wait()
                counts.append(close_due_rounds(DEADLINE))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and sum(counts) == len(rounds)
    with app.app_context():
        assert len(_closes(app)) == len(rounds)
        states = db.session.scalars(sa.select(WrittenRound.state)).all()
        assert states == ["closed"] * len(rounds)
        assert db.session.scalar(sa.select(sa.func.count(DeemedConsent.id))) == 2 * len(rounds)
        assert verify_chain().ok
