"""Turning messages from the pure core into the user's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import gettext

if TYPE_CHECKING:
    from negotiator.negotiation.rules import Reason


def reason_text(reason: Reason) -> str:
    """A reason from the pure core (Japanese message id + params), in the user's language."""
    return gettext(reason.template, **reason.params)
