"""Fuzz targets of the discussion routes (comments and 修正案), merged into targets.build.

Accept, decline and withdraw each get a 修正案 of their own, so that one accepted early does not
turn the others' examples into refusals only."""

from __future__ import annotations

from typing import Any

from flask import Flask

from negotiator.consortia.models import Member
from negotiator.db import db
from negotiator.negotiation import suggestions
from negotiator.negotiation.discussion_models import Comment, Suggestion
from negotiator.negotiation.models import AgendaItem
from tests.factories import World


def _own_suggestions(app: Flask, world: World, item_id: int) -> dict[str, int]:
    from negotiator.auth.models import User

    with app.app_context():
        item = db.session.get(AgendaItem, item_id)
        susaki = db.session.get(Member, world.member_ids[0])
        liaison = db.session.scalar(db.select(User).filter_by(username="liaison"))
        made = {}
        for action in ("accept", "decline", "withdraw"):
            data = {"text": f"{action}する文", "reason": "理由", "base_revision": 1}
            made[action] = suggestions.propose(item, susaki, data, liaison).id
        db.session.commit()
        return made


def discussion_targets(
    app: Flask, world: World, post: dict[str, str], args: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    from tests.fuzz import strategies as s
    from tests.fuzz.targets import Target, _get

    item = args["negotiation.comment_new"]["item_id"]
    comment = args["negotiation.comment_edit"]["comment_id"]
    own = _own_suggestions(app, world, item)
    members = world.member_ids
    pool = [*members, world.other_member_id, world.item_id]
    mention = s.ids([0, *members], pool)
    revision = s.current(_get(AgendaItem, item, "current_revision"))

    def version(model: type, object_id: int) -> s.Field:
        return s.current(_get(model, object_id, "version"))

    return {
        "negotiation.comment_new": Target(
            post["negotiation.comment_new"],
            "liaison",
            {
                "body": s.text(200),
                "mentioned_member_id": mention,
                "parent_id": s.ids([comment], pool),
            },
        ),
        "negotiation.comment_edit": Target(
            post["negotiation.comment_edit"],
            "liaison",
            {
                "body": s.text(200),
                "mentioned_member_id": mention,
                "version": version(Comment, comment),
            },
        ),
        "negotiation.suggestion_new": Target(
            post["negotiation.suggestion_new"],
            "liaison",
            {"text": s.text(), "reason": s.text(), "base_revision": revision},
        ),
        "negotiation.suggestion_accept": Target(
            f"/suggestions/{own['accept']}/accept",
            "other_liaison",
            {"version": version(Suggestion, own["accept"]), "revision": revision},
        ),
        "negotiation.suggestion_decline": Target(
            f"/suggestions/{own['decline']}/decline",
            "other_liaison",
            {"reason": s.text(), "version": version(Suggestion, own["decline"])},
        ),
        "negotiation.suggestion_withdraw": Target(
            f"/suggestions/{own['withdraw']}/withdraw",
            "liaison",
            {"version": version(Suggestion, own["withdraw"])},
        ),
    }
