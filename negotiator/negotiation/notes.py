"""A member's own notes on an item (内部メモ): written and read by the member's liaisons and
signatories only (auth.permissions.can_read_notes). The audit log records that a note was added,
by whom, never what it says: the log is read more widely than the note."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.audit import services as audit
from negotiator.auth.models import User
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.message import say
from negotiator.negotiation.models import AgendaItem, MemberNote


def notes_of(item: AgendaItem, member: Member) -> list[MemberNote]:
    """The member's notes on the item, newest first."""
    return list(
        db.session.scalars(
            sa.select(MemberNote)
            .where(MemberNote.item_id == item.id, MemberNote.member_id == member.id)
            .order_by(MemberNote.id.desc())
        )
    )


def count_of(item: AgendaItem, member_ids: frozenset[int]) -> dict[int, int]:
    """How many notes each of these members has on the item (for the link on the item page)."""
    if not member_ids:
        return {}
    rows = db.session.execute(_COUNTS, {"item": item.id, "members": list(member_ids)})
    return {member_id: count for member_id, count in rows}


_COUNTS = (
    sa.select(MemberNote.member_id, sa.func.count())
    .where(MemberNote.item_id == sa.bindparam("item"))
    .where(MemberNote.member_id.in_(sa.bindparam("members", expanding=True)))
    .group_by(MemberNote.member_id)
)


def add_note(item: AgendaItem, member: Member, body: str, author: User) -> MemberNote:
    """Append a note on the item's current revision."""
    note = MemberNote(
        item_id=item.id,
        member_id=member.id,
        author_id=author.id,
        revision_number=item.current_revision,
        body=body.strip(),
    )
    db.session.add(note)
    audit.record(
        "note.add",
        note,
        say("%(member)sの内部メモを追加", member=member.name),
        after={"item_id": item.id, "member_id": member.id},
        consortium_id=member.consortium_id,
    )
    return note
