"""Turning messages from the pure core into the user's language."""

from __future__ import annotations

from flask_babel import get_locale, gettext
from markupsafe import Markup, escape

from negotiator.audit.messages import legacy_message
from negotiator.audit.models import SYSTEM_PREFIX, AuditEntry
from negotiator.errors import FieldError
from negotiator.message import Message, Param, fill, label
from negotiator.negotiation.rules import Reason


def reason_text(reason: Reason) -> str:
    """A reason from the pure core (Japanese message id + params), in the user's language."""
    return message_text(_reason_message(reason))


def reason_html(reason: Reason) -> Markup:
    """A reason as HTML: names marked lang="ja" (see `user_data`)."""
    return message_html(_reason_message(reason))


def _reason_message(reason: Reason) -> Message:
    # A parameter that is itself a message id is a fixed word (a state, an action): translated.
    params = {
        k: label(v) if isinstance(v, str) and v and gettext(v) != v else v
        for k, v in reason.params.items()
    }
    return Message(reason.template, params)


def user_data(value: object) -> Markup:
    """User data (a name, a title, typed text) as HTML; outside Japanese pages marked lang="ja"
    (screen readers read it in Japanese, tests/test_english_pages.py knows it is not UI text)."""
    html = escape("" if value is None else value)  # Markup stays as it is
    if html.isascii() or str(get_locale()) == "ja":
        return html
    return Markup('<span lang="ja">%s</span>') % html


def message_text(message: Message) -> str:
    """The message in the user's language, as plain text (mail, flash, a title)."""
    params = {k: _plain(v) for k, v in message.params.items()}
    return fill(_translated(message.template), params)


def message_html(message: Message) -> Markup:
    """The message in the user's language, its user data marked (see `user_data`)."""
    params = {k: _html(v) for k, v in message.params.items()}
    return Markup(fill(str(escape(_translated(message.template))), params))


def _translated(template: str) -> str:
    # gettext("") would be the catalogue's header: an empty message stays empty.
    return gettext(template) if template else ""


def _plain(value: Param) -> str | int:
    if isinstance(value, Message):
        return message_text(value)
    if isinstance(value, list):
        return gettext("、").join(value)
    return value


def _html(value: Param) -> Markup | int:
    if isinstance(value, Message):
        return message_html(value)
    if isinstance(value, list):
        return escape(gettext("、")).join(user_data(v) for v in value)
    if isinstance(value, int):
        return value
    return user_data(value)


def audit_summary(entry: AuditEntry) -> Markup:
    """An audit entry's summary in the user's language; an entry written before summaries were
    kept as data is read back into a message when it can be, else shown as written."""
    if entry.message is not None:
        return message_html(Message.from_json(entry.message))
    if (derived := legacy_message(entry.action, entry.summary)) is not None:
        return message_html(derived)
    return user_data(entry.summary)


def audit_actor(entry: AuditEntry) -> Markup:
    """Who made the entry: the user's name, or the app itself (「システム(期限到来)」)."""
    if entry.actor is not None:
        return user_data(entry.actor.display_name)
    name = entry.actor_name
    if name == "system":
        return escape(gettext("システム"))
    if name.startswith(SYSTEM_PREFIX + "(") and name.endswith(")"):
        what = gettext(name[len(SYSTEM_PREFIX) + 1 : -1])
        return escape(gettext("システム(%(what)s)", what=what))
    return user_data(name)


def error_html(error: FieldError) -> Markup:
    """A refusal's message in the user's language (see negotiator.errors)."""
    return message_html(error.msg)
