"""Every model, imported in one place so Alembic and create_all see the whole schema."""

from negotiator.audit.models import AuditEntry, AuditHead
from negotiator.auth.models import PasswordThrottle, User
from negotiator.consortia.models import Consortium, Indicator, Member, Membership
from negotiator.costs.models import CostCandidate, CostCategory, CostQuote, FrozenCostTable
from negotiator.meetings.models import (
    ActionItem,
    Attendance,
    AttendanceAnswer,
    DeemedConsent,
    Meeting,
    MeetingItem,
    MinutesConfirmation,
    MinutesRevision,
    RoundItem,
    WrittenRound,
)
from negotiator.negotiation.models import (
    AgendaItem,
    Negotiation,
    Position,
    PositionCondition,
    ProposalRevision,
    StateChange,
)
from negotiator.notifications.models import (
    Follow,
    MailSettings,
    Notification,
    OutgoingMail,
    Preference,
)
from negotiator.renders.models import RenderJob
from negotiator.search.models import SearchEntry

__all__ = [
    "ActionItem",
    "AgendaItem",
    "Attendance",
    "AttendanceAnswer",
    "AuditEntry",
    "AuditHead",
    "Consortium",
    "Follow",
    "MailSettings",
    "Notification",
    "OutgoingMail",
    "Preference",
    "RenderJob",
    "CostCandidate",
    "CostCategory",
    "CostQuote",
    "DeemedConsent",
    "FrozenCostTable",
    "Indicator",
    "Meeting",
    "MeetingItem",
    "Member",
    "Membership",
    "MinutesConfirmation",
    "MinutesRevision",
    "Negotiation",
    "PasswordThrottle",
    "Position",
    "PositionCondition",
    "ProposalRevision",
    "RoundItem",
    "SearchEntry",
    "StateChange",
    "User",
    "WrittenRound",
]
