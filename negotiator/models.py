"""Every model, imported in one place so Alembic and create_all see the whole schema."""

from negotiator.api.models import ApiRate
from negotiator.audit.models import AuditEntry, AuditHead
from negotiator.auth.models import PasswordThrottle, User
from negotiator.auth.tokens import ApiToken
from negotiator.consortia.models import Consortium, Indicator, Member, Membership
from negotiator.costs.models import CostCandidate, CostCategory, CostQuote, FrozenCostTable
from negotiator.documents.models import Document, DocumentBlob
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
from negotiator.negotiation.discussion_models import Comment, CommentEdit, Suggestion
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
    "ApiRate",
    "ApiToken",
    "AgendaItem",
    "Attendance",
    "AttendanceAnswer",
    "AuditEntry",
    "Comment",
    "CommentEdit",
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
    "Document",
    "DocumentBlob",
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
    "Suggestion",
    "User",
    "WrittenRound",
]
