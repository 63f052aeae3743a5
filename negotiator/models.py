"""Every model, imported in one place so Alembic and create_all see the whole schema."""

from negotiator.audit.models import AuditEntry, AuditHead
from negotiator.auth.models import LoginFailure, User
from negotiator.consortia.models import Consortium, Indicator, Member, Membership
from negotiator.negotiation.models import (
    AgendaItem,
    Negotiation,
    Position,
    PositionCondition,
    ProposalRevision,
    StateChange,
)

__all__ = [
    "AgendaItem",
    "AuditEntry",
    "AuditHead",
    "Consortium",
    "Indicator",
    "LoginFailure",
    "Member",
    "Membership",
    "Negotiation",
    "Position",
    "PositionCondition",
    "ProposalRevision",
    "StateChange",
    "User",
]
