"""The badges of a position and of an item's state, in Python (issue 18): pages show one per
member and item, and a Jinja macro per badge was a large share of the board, item and meeting
pages. A badge's words are its text (never only a colour, a title or an aria-label), so a screen
reader reads what the eye sees. Each distinct badge is made and translated once per language and
kept."""

from __future__ import annotations

from typing import Protocol

from flask_babel import gettext as _
from markupsafe import Markup

from negotiator.negotiation.rules import STANCE_LABELS
from negotiator.negotiation.workflow import STATE_LABELS
from negotiator.template_i18n import current_language

BADGE = Markup('<span class="stance stance-{0}{1}">{2}</span>')
STALE_NOTE = Markup(' <span class="stale-note">{0}</span>')

STATE_BADGE = Markup('<span class="state state-{0}">{1}</span>')

_made: dict[tuple[str | None, str, int], Markup] = {}
_states: dict[tuple[str | None, str], Markup] = {}


class Stanced(Protocol):
    stance: str
    revision_number: int


def badge(stance: str, stale_revision: int = 0) -> Markup:
    """The badge of `stance` ("none": no answer); `stale_revision`, when not 0, is the earlier
    revision the position was given on (要再確認)."""
    key = (current_language(), stance, stale_revision)
    if (made := _made.get(key)) is None:
        made = _made[key] = _make(stance, stale_revision)
    return made


def stance_badge(position: Stanced | None, current_revision: int) -> Markup:
    """A member's position on an item's current revision (None: no answer yet)."""
    if position is None:
        return badge("none")
    stale = position.revision_number < current_revision
    return badge(position.stance, position.revision_number if stale else 0)


def state_badge(state: str) -> Markup:
    """An item's state: 提案, 協議中, 合意 or 取下げ."""
    key = (current_language(), state)
    if (made := _states.get(key)) is None:
        made = _states[key] = STATE_BADGE.format(state, _(STATE_LABELS[state]))
    return made


def _make(stance: str, stale_revision: int) -> Markup:
    label = _("未回答") if stance == "none" else _(STANCE_LABELS[stance])
    made = BADGE.format(stance, " stale" if stale_revision else "", label)
    if stale_revision:
        made += STALE_NOTE.format(_("要再確認(第%(n)d版への意見)", n=stale_revision))
    return made
