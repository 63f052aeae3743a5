"""The agenda's stance lists on the meeting page, built once per page in plain Python (issue 18):
each agenda entry lists every member with its badge (up to negotiator.bounds.MEETING_STANCES
members), and per member a Jinja loop step, the `ja` filter and two calls were a fifth of the
meeting page's time. The markup is the one the template wrote; each badge is made once
(negotiator/negotiation/badges.py)."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from negotiator import bounds
from negotiator.consortia.models import Member
from negotiator.i18n import ja
from negotiator.meetings.queries import Entry
from negotiator.negotiation.badges import stance_badge


def stance_lists(entries: Sequence[Entry], members: Sequence[Member]) -> dict[int, Markup]:
    """item id -> the <li> of each member (its name, its badge) on that agenda entry; none
    past the bound, where the page counts the members per stance instead."""
    if len(members) > bounds.MEETING_STANCES:
        return {}
    names = [(m.id, ja(m.name)) for m in members]  # Markup: joined as is, not escaped again
    lists = {}
    for entry in entries:
        if entry.item is None:
            continue
        revision = entry.item.current_revision
        lists[entry.item.id] = Markup(
            "".join(
                f"<li>{name} {stance_badge(entry.positions.get(mid), revision)}</li>"
                for mid, name in names
            )
        )
    return lists
