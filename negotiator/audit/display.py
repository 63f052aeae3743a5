"""An audit entry's summary and actor, shown in the user's language."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from flask_babel import gettext
from markupsafe import Markup, escape

from negotiator.audit.messages import legacy_message
from negotiator.audit.models import SYSTEM_PREFIX, AuditEntry
from negotiator.i18n import ja, message_html
from negotiator.message import Message


class ActorNames(NamedTuple):
    """Who made an entry, as the 経過 names them."""

    username: str
    display_name: str


class AuditLine(NamedTuple):
    """What a line of an item's 経過 shows of an audit entry: read as columns, not as an
    AuditEntry (whose snapshots and hashes the line does not show; issue 18)."""

    at: dt.datetime
    action: str
    summary: str
    message: dict[str, Any] | None
    actor_name: str
    actor: ActorNames | None


def audit_summary(entry: AuditEntry | AuditLine) -> Markup:
    """An audit entry's summary in the user's language; an entry written before summaries were
    kept as data is read back into a message when it can be, else shown as written."""
    if entry.message is not None:
        return message_html(Message.from_json(entry.message))
    if (derived := legacy_message(entry.action, entry.summary)) is not None:
        return message_html(derived)
    return ja(entry.summary)


def audit_actor(entry: AuditEntry | AuditLine) -> Markup:
    """Who made the entry: the user's name, or the app itself (「システム(期限到来)」)."""
    if entry.actor is not None:
        # A write through an API token names it after the username: 「suzaki (API: 連携)」.
        via = entry.actor_name.removeprefix(entry.actor.username)
        if via != entry.actor_name and via.startswith(" ("):
            return ja(entry.actor.display_name) + ja(via)
        return ja(entry.actor.display_name)
    name = entry.actor_name
    if name == "system":
        return escape(gettext("システム"))
    if name.startswith(SYSTEM_PREFIX + "(") and name.endswith(")"):
        what = gettext(name[len(SYSTEM_PREFIX) + 1 : -1])
        return escape(gettext("システム(%(what)s)", what=what))
    return ja(name)
