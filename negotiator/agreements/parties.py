"""Who the parties of an agreement version are, once members join and leave.

New versions (drafts) are made between the current members (members_of: leaving members are
left out). A version already frozen names the parties it was frozen with, read back from its
signature blocks: an amendment compares its text against the base exactly as signed, and an
executed original keeps a member that has left since.
"""

from __future__ import annotations

import json

from negotiator.agreements.assembly import LABELS, Party, designation
from negotiator.agreements.models import Agreement, Status
from negotiator.consortia.models import Member
from negotiator.negotiation.queries import members_of


def frozen_parties(content_json: str) -> tuple[Party, ...]:
    """The parties printed in a frozen document's signature blocks, in their order."""
    blocks = json.loads(content_json)["content"]["signature_blocks"]
    return tuple(
        Party(
            b["name"],
            b["address"],
            b["representative_title"],
            b["representative_name"],
            b.get("label"),
        )
        for b in blocks
    )


def current_parties(consortium_id: int) -> tuple[Party, ...]:
    """The current members as parties of a new version."""
    return tuple(
        Party(m.name, m.address, m.representative_title, m.representative_name, m.party_label)
        for m in members_of(consortium_id)
    )


def parties_of(agreement: Agreement) -> tuple[Party, ...]:
    """Frozen versions name the parties they were frozen with; drafts the current members."""
    if agreement.content_json:
        return frozen_parties(agreement.content_json)
    return current_parties(agreement.negotiation.consortium_id)


def version_members(agreement: Agreement) -> list[Member]:
    """The members whose status the agreement page lists: an executed version's signers (a
    member that left since included), otherwise the current members."""
    if agreement.status == Status.EXECUTED and agreement.signatures:
        signed = [s.member for s in agreement.signatures]
        return sorted(signed, key=lambda m: (m.sort_order, m.id))
    return members_of(agreement.negotiation.consortium_id)


def labels_by_name(parties: tuple[Party, ...]) -> dict[str, str]:
    """name -> the label the agreement gives the party (甲, 乙 …); empty past ten parties."""
    from negotiator.agreements.assembly import _labelled_parties

    ordered, labels = _labelled_parties(tuple(parties))
    return {p.name: label for p, label in zip(ordered, labels, strict=False)}


def next_label(taken: set[str]) -> str | None:
    """The first label no member of the council has ever had (a leaver's is not reused)."""
    return next((label for label in LABELS if label not in taken), None)


__all__ = [
    "current_parties",
    "designation",
    "frozen_parties",
    "labels_by_name",
    "next_label",
    "parties_of",
    "version_members",
]
