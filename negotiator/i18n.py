"""Turning messages from the pure core into the user's language."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from flask_babel import get_locale, gettext
from markupsafe import Markup, escape

if TYPE_CHECKING:
    from negotiator.negotiation.rules import Reason


def reason_text(reason: Reason) -> str:
    """A reason from the pure core (Japanese message id + params), in the user's language."""
    return gettext(reason.template, **reason.params)


def translated(messages: Iterable[str]) -> tuple[str, ...]:
    """Message ids from the pure core (a table's headers, say) in the user's language."""
    return tuple(gettext(message) for message in messages)


def ja(value: object, block: bool = False) -> Markup:
    """User data written in Japanese (names, titles, texts): on a page in another language it is
    marked lang="ja", so that a screen reader reads it with a Japanese voice (WCAG 3.1.2); on
    a Japanese page it is left as it is. The one place that marks it (the `ja` filter)."""
    if value is None or value == "":
        return Markup("")
    text = escape(value)
    if str(get_locale()) == "ja":
        return text
    return Markup('<{0} lang="ja">{1}</{0}>').format("div" if block else "span", text)
