"""Authorization expectations for the discussion routes: comments and 修正案 (issue 14).

Another council's users (and a site administrator, who holds no role in it) get 404."""

from __future__ import annotations

import sqlalchemy as sa

from negotiator.auth.models import User
from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.negotiation import comments, suggestions
from negotiator.negotiation.models import Negotiation
from tests.authz import ROLES
from tests.factories import make_item


def allowed(*roles: str) -> dict[str, str]:
    """`roles` get in; the council's other users 403; users of no role in it 404."""
    outside = {"admin", "outsider"}
    return {"anonymous": "login"} | {
        r: "ok" if r in roles else "404" if r in outside else "403" for r in ROLES[1:]
    }


READERS = allowed("observer", "liaison", "other_liaison", "facilitator", "signatory")
WRITERS = allowed("liaison", "other_liaison", "facilitator")
# The item below was proposed by 中土佐町 (other_liaison); 須崎市 (liaison) put the 修正案.
DECIDERS = allowed("other_liaison", "facilitator")
SUGGESTER = allowed("liaison")


def build(app, world) -> tuple[int, int, int]:  # noqa: ANN001
    """An item of 中土佐町's, a comment of 須崎市's liaison on it and 須崎市's 修正案."""
    with app.app_context():
        negotiation = db.session.get(Negotiation, world.negotiation_id)
        susaki, nakatosa = (db.session.get(Member, m) for m in world.member_ids[:2])
        item = make_item(negotiation, "中土佐町の協議事項", proposer=nakatosa)
        liaison = db.session.scalar(sa.select(User).where(User.username == "liaison"))
        comment = comments.add_comment(
            item, "質問です。", liaison, parent_id=None, mentioned_member_id=None, member_ids=set()
        )
        data = {"text": "修正後の文", "reason": "明確にするため", "base_revision": 1}
        suggestion = suggestions.propose(item, susaki, data, liaison)
        db.session.commit()
        return item.id, comment.id, suggestion.id


def routes(app, world) -> dict:  # noqa: ANN001
    i, c, s = build(app, world)
    both = lambda url, who: [("GET", url, who), ("POST", url, who)]  # noqa: E731
    return {
        "negotiation.comment_new": both(f"/items/{i}/comments/new", WRITERS),
        "negotiation.comment_edit": both(f"/comments/{c}/edit", SUGGESTER),
        "negotiation.suggestion_new": both(f"/items/{i}/suggestions/new", SUGGESTER),
        "negotiation.suggestion": [("GET", f"/suggestions/{s}", READERS)],
        "negotiation.suggestion_accept": [("POST", f"/suggestions/{s}/accept", DECIDERS)],
        "negotiation.suggestion_decline": [("POST", f"/suggestions/{s}/decline", DECIDERS)],
        "negotiation.suggestion_withdraw": [("POST", f"/suggestions/{s}/withdraw", SUGGESTER)],
    }
