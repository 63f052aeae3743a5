"""Badges made in Python (negotiator/negotiation/badges.py): their words, in the page's language."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from negotiator.negotiation.badges import state_badge
from negotiator.negotiation.workflow import State

STATES = [  # state, Japanese, English
    (State.PROPOSED, "提案", "Proposed"),
    (State.DISCUSSED, "協議中", "Discussed"),
    (State.AGREED, "合意", "Agreed"),
    (State.WITHDRAWN, "取下げ", "Withdrawn"),
]


@pytest.mark.parametrize(("state", "ja", "en"), STATES)
def test_a_state_badge_says_the_state_in_the_pages_language(app, state, ja, en):
    with app.test_request_context():
        for language, word in (("ja", ja), ("en", en), ("ja", ja)):
            with force_locale(language):
                made = state_badge(state.value)
                assert made == f'<span class="state state-{state.value}">{word}</span>'
                assert state_badge(state.value) is made  # made once per language, then kept
