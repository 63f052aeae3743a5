"""Members joining and leaving a council (all audited).

A member that leaves is kept: its positions, its signatures on the versions it was a party to
and its share in their cost tables stay in the record. From the recorded leaving on it is no
party of new versions and is asked for no positions (negotiation.queries.members_of).

While the council has an executed agreement, labels are fixed before the membership changes, so
that 甲, 乙, 丙 stay with the same members in every version: a joining member gets the next
label never used in the council (丁 …), and a leaving member's label is not given to anyone
else. Re-lettering would make 丙 mean one town in the original and another in its amendment.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from negotiator import fonts
from negotiator.audit import services as audit
from negotiator.consortia.models import Consortium, Member
from negotiator.consortia.services import InputError, save_member
from negotiator.db import db
from negotiator.message import say

SIGNING = ("preparing", "out_for_signature")


def executed_agreements(consortium_id: int) -> list[Any]:
    """The council's executed originals (amendments change them; they are not listed)."""
    from negotiator.agreements.models import Agreement, Status
    from negotiator.negotiation.models import Negotiation

    return list(
        db.session.scalars(
            sa.select(Agreement)
            .join(Negotiation, Negotiation.id == Agreement.negotiation_id)
            .where(
                Negotiation.consortium_id == consortium_id,
                Agreement.status == Status.EXECUTED.value,
                Agreement.amends_id.is_(None),
            )
            .order_by(Agreement.id)
        )
    )


def _refuse_while_signing(consortium_id: int) -> None:
    """A version out for signature names its parties; the membership must not move under it."""
    from negotiator.agreements.models import Agreement
    from negotiator.negotiation.models import Negotiation

    signing = db.session.scalar(
        sa.select(Agreement.id)
        .join(Negotiation, Negotiation.id == Agreement.negotiation_id)
        .where(Negotiation.consortium_id == consortium_id, Agreement.status.in_(SIGNING))
    )
    if signing is not None:
        raise InputError(
            _("署名中の協定書があります。締結するか取り下げてから構成団体を変更してください。")
        )


def fix_labels(consortium: Consortium) -> None:
    """Write down the label each current member has in the agreements (甲, 乙 …)."""
    from negotiator.agreements.parties import current_parties, labels_by_name
    from negotiator.negotiation.queries import members_of

    members = members_of(consortium.id)
    if len(members) < 2 or len(members) > 10:
        return
    labels = labels_by_name(current_parties(consortium.id))
    for member in members:
        if member.party_label is None:
            member.party_label = labels.get(member.name)
    db.session.flush()


def _taken_labels(consortium: Consortium) -> set[str]:
    return set(
        db.session.scalars(
            sa.select(Member.party_label).where(
                Member.consortium_id == consortium.id, Member.party_label.is_not(None)
            )
        )
    )


def join_member(consortium: Consortium, data: dict[str, Any]) -> Member:
    """Add a member; with an executed agreement, labels are fixed and the joiner gets the next."""
    settled = bool(executed_agreements(consortium.id))
    if settled:
        _refuse_while_signing(consortium.id)
        fix_labels(consortium)
        if not data.get("party_label"):
            from negotiator.agreements.parties import next_label

            data = data | {"party_label": next_label(_taken_labels(consortium))}
        if not data.get("sort_order"):  # after the founding members, as its label is
            last = db.session.scalar(
                sa.select(sa.func.max(Member.sort_order)).where(
                    Member.consortium_id == consortium.id
                )
            )
            data = data | {"sort_order": (last or 0) + 1}
        if data.get("joined_on") is None:
            raise InputError(
                _("締結済みの協定書があるため、加入日を入力してください。"), "joined_on"
            )
    return save_member(consortium, None, data)


def leave_member(member: Member, left_on: dt.date | None, reason: str) -> None:
    """Record that a member leaves on a date, with the reason; nothing of its past is removed."""
    if member.left_on is not None:
        raise InputError(_("この構成団体の脱退は記録済みです。"), "left_on")
    if left_on is None:
        raise InputError(_("脱退日を入力してください。"), "left_on")
    if member.joined_on is not None and left_on < member.joined_on:
        raise InputError(_("脱退日は加入日以後の日付にしてください。"), "left_on")
    reason = reason.strip()
    if not reason:
        raise InputError(_("脱退の理由を入力してください。"), "reason")
    if message := fonts.problem(reason):
        raise InputError(message, "reason")
    _refuse_while_signing(member.consortium_id)
    from negotiator.negotiation.queries import members_of

    if len(members_of(member.consortium_id)) <= 2:
        raise InputError(_("残る構成団体が1団体になるため、脱退を記録できません。"), "left_on")
    if executed_agreements(member.consortium_id):
        fix_labels(member.consortium)
    before = audit.snapshot(member, ("left_on", "leave_reason"))
    member.left_on, member.leave_reason = left_on, reason
    db.session.flush()
    audit.record(
        "member.leave",
        member,
        say(
            "構成団体「%(name)s」の脱退を記録(%(date)s)", name=member.name, date=left_on.isoformat()
        ),
        before=before,
        after=audit.snapshot(member, ("left_on", "leave_reason")),
        consortium_id=member.consortium_id,
    )
