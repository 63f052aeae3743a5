"""Authorization expectations for every meetings route (collected by the matrix test)."""

from __future__ import annotations

import datetime as dt

from negotiator.db import db
from negotiator.meetings import services
from negotiator.negotiation.models import Negotiation
from negotiator.negotiation.queries import members_of
from tests.authz import CONSORTIUM, FACILITATOR, FOR_MEMBER_0, _only
from tests.factories import make_item
from tests.meetings.factories import make_meeting, make_round

LIAISON_0 = _only("liaison")


def routes(app, world) -> dict:  # noqa: ANN001
    with app.app_context():
        # An item of our own: other domains' routes may move the world's item along.
        item = make_item(db.session.get(Negotiation, world.negotiation_id), "会議で扱う協議事項")
        meeting = make_meeting(world.negotiation_id, [item.id])
        # Its own meeting to call off: a fuzzed cancel must not lock the one the others use.
        to_cancel = make_meeting(world.negotiation_id, [item.id])
        members = members_of(world.consortium_id)
        action = services.add_action(
            meeting, {"description": "規程案を作成", "owner_member_id": members[0].id}, members
        )
        now = dt.datetime.now(dt.UTC)
        written = make_round(world.negotiation_id, [item.id], now + dt.timedelta(days=7), now)
        db.session.commit()
        m, r, a, i, mc = meeting.id, written.id, action.id, item.id, to_cancel.id
    n, c, mem = world.negotiation_id, world.consortium_id, world.member_ids[0]
    both = lambda url, who: [("GET", url, who), ("POST", url, who)]  # noqa: E731
    return {
        "meetings.index": [("GET", f"/negotiations/{n}/meetings", CONSORTIUM)],
        "meetings.council": [("GET", f"/consortia/{c}/meetings", CONSORTIUM)],
        "meetings.meeting_new": both(f"/consortia/{c}/meetings/new", FACILITATOR),
        # The old address (before meetings belonged to the council) redirects to the new one.
        "meetings.meeting_new_old": [("GET", f"/negotiations/{n}/meetings/new", FACILITATOR)],
        "meetings.meeting": [("GET", f"/meetings/{m}", CONSORTIUM)],
        "meetings.meeting_edit": both(f"/meetings/{m}/edit", FACILITATOR),
        "meetings.agenda": [("POST", f"/meetings/{m}/agenda", FACILITATOR)],
        "meetings.agenda_publish": [("POST", f"/meetings/{m}/agenda/publish", FACILITATOR)],
        # Posted without a reason: refused with a field error, so the meeting stays scheduled.
        "meetings.meeting_cancel": both(f"/meetings/{mc}/cancel", FACILITATOR),
        "meetings.attendance": both(f"/meetings/{m}/attendance", FACILITATOR),
        "meetings.held": [("POST", f"/meetings/{m}/held", FACILITATOR)],
        "meetings.action_new": [("POST", f"/meetings/{m}/actions", FACILITATOR)],
        "meetings.action_done": [("POST", f"/actions/{a}/done", FACILITATOR)],
        "meetings.floor_position": both(f"/meetings/{m}/items/{i}/position", FACILITATOR),
        "meetings.floor_move": [("POST", f"/meetings/{m}/items/{i}/move/discuss", FACILITATOR)],
        "meetings.minutes_edit": both(f"/meetings/{m}/minutes", FACILITATOR),
        "meetings.publish": [("POST", f"/meetings/{m}/publish", FACILITATOR)],
        "meetings.confirm": both(f"/meetings/{m}/members/{mem}/confirm", LIAISON_0),
        "meetings.reopen": [("POST", f"/meetings/{m}/reopen", FACILITATOR)],
        "meetings.signers_edit": both(f"/meetings/{m}/signers", FACILITATOR),
        # Its liaison, or a facilitator on its behalf; posted empty: refused at the field.
        "meetings.rsvp_answer": both(f"/meetings/{m}/members/{mem}/rsvp", FOR_MEMBER_0),
        "meetings.minutes_pdf": [("GET", f"/meetings/{m}/minutes.pdf", CONSORTIUM)],
        "meetings.meeting_ics": [("GET", f"/meetings/{m}/meeting.ics", CONSORTIUM)],
        "meetings.feed": [("GET", f"/consortia/{c}/meetings.ics", CONSORTIUM)],
        "meetings.round_new": both(f"/negotiations/{n}/rounds/new", FACILITATOR),
        "meetings.round": [("GET", f"/rounds/{r}", CONSORTIUM)],
        "meetings.round_answer": both(f"/rounds/{r}/items/{i}/members/{mem}/answer", LIAISON_0),
        # Posted without a reason: refused with a field error, so the round stays open.
        "meetings.round_control": both(f"/rounds/{r}/cancel", FACILITATOR),
    }
