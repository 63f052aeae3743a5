"""Turning messages from the pure core into the user's language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from flask_babel import gettext
from markupsafe import Markup, escape

from negotiator.message import Message, Param, fill, label
from negotiator.template_i18n import current_language, translate

if TYPE_CHECKING:
    from negotiator.errors import FieldError
    from negotiator.negotiation.rules import Reason


def reason_text(reason: Reason) -> str:
    """A reason from the pure core (Japanese message id + params), in the user's language."""
    return message_text(_reason_message(reason))


def reason_html(reason: Reason) -> Markup:
    """A reason as HTML: names marked lang="ja" (see `ja`)."""
    return message_html(_reason_message(reason))


def _reason_message(reason: Reason) -> Message:
    # A parameter that is itself a message id is a fixed word (a state, an action): translated.
    params = {
        k: label(v) if isinstance(v, str) and v and translate(v) != v else v
        for k, v in reason.params.items()
    }
    return Message(reason.template, params)


def translated(messages: Iterable[str]) -> tuple[str, ...]:
    """Message ids from the pure core (a table's headers, say) in the user's language."""
    return tuple(gettext(message) for message in messages)


def ja(value: object, block: bool = False) -> Markup:
    """User data (a name, a title, typed text) as HTML. On a page in another language, text with
    Japanese in it is marked lang="ja", so that a screen reader reads it with a Japanese voice
    (WCAG 3.1.2) and tests/test_english_pages.py knows it is not UI text; on a Japanese page it
    is left as it is. The one place that marks it (the `ja` filter)."""
    html = escape("" if value is None else value)  # Markup stays as it is
    if html.isascii() or current_language() == "ja":
        return html
    return Markup('<{0} lang="ja">{1}</{0}>').format("div" if block else "span", html)


def message_text(message: Message) -> str:
    """The message in the user's language, as plain text (mail, flash, a title)."""
    params = {k: _plain(v) for k, v in message.params.items()}
    return fill(_translated(message.template), params)


def message_html(message: Message) -> Markup:
    """The message in the user's language, its user data marked (see `ja`)."""
    params = {k: _html(v) for k, v in message.params.items()}
    return Markup(fill(str(escape(_translated(message.template))), params))


def _translated(template: str) -> str:
    # gettext("") would be the catalogue's header: an empty message stays empty.
    return translate(template) if template else ""


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
        return escape(gettext("、")).join(ja(v) for v in value)
    if isinstance(value, int):
        return value
    return ja(value)


def error_html(error: FieldError) -> Markup:
    """A refusal's message in the user's language (see negotiator.errors)."""
    return message_html(error.msg)
