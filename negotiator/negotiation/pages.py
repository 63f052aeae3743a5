"""What the item page shows, gathered in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from negotiator import bounds
from negotiator.auth.permissions import (
    ConsortiumRoles,
    can_discuss,
    can_revise,
    can_speak_for,
    roles_in,
    suggesting_member,
)
from negotiator.consortia.models import Member
from negotiator.i18n import reason_html, translated
from negotiator.negotiation import comments, history, notes, queries, suggestions, workflow
from negotiator.negotiation.diff import DIFF_HEADERS, diff_texts, render_diff_html
from negotiator.negotiation.discussion_forms import CommentForm
from negotiator.negotiation.forms import DiscussedForm
from negotiator.negotiation.markdown import render_markdown
from negotiator.negotiation.models import AgendaItem, Position, Source


def reason_texts(reasons: tuple) -> list[Markup]:
    """Reasons from the pure core, in the user's language."""
    return [reason_html(r) for r in reasons]


def item_context(item: AgendaItem) -> dict[str, Any]:
    negotiation = item.negotiation
    roles = roles_in(negotiation.consortium_id)
    members = queries.members_of(negotiation.consortium_id)
    # The current position and the earlier ones shown (negotiator.bounds), in one statement.
    earlier = history.positions_by_member(item, bounds.ITEM_EARLIER_POSITIONS + 1)
    current = {member_id: shown[0] for member_id, shown in earlier.items()}
    queries.attach_conditions(list(current.values()))
    discussion = queries.item_discussion(item)
    facts = queries.item_facts(item, negotiation, members, current, discussion.facts)
    checks = workflow.available(facts, queries.actor_for(roles))
    revisions = history.revisions(item, bounds.ITEM_REVISIONS)
    revision = revisions[0] if revisions else None
    return {
        "item": item,
        "negotiation": negotiation,
        "roles": roles,
        "members": members,
        "current": current,
        "history": earlier,
        "revisions": revisions,
        "rule": workflow.rule_status(facts),
        "rule_kind": facts.rule,
        **_offers(checks, members, negotiation.consortium_id),
        "rule_missing": reason_texts(workflow.rule_status(facts).missing),
        "revision": revision,
        "revision_html": render_markdown(revision.text) if revision else "",
        "timeline": history.timeline(item, bounds.ITEM_TIMELINE),
        "discussion_record": discussion.record,
        "accepts_positions": workflow.accepts_positions(workflow.State(item.state)),
        # An executed agreement includes the item: nothing is offered that would change it.
        "frozen": reason_texts(workflow.frozen(facts)),
        "signing_hold": workflow.confirmation_needed(facts, "reopen"),
        # The facilitator records, of a proposed item, where it was discussed.
        "discussed_form": DiscussedForm()
        if item.state == workflow.State.PROPOSED.value and roles.facilitator
        else None,
        "own_notes": _own_notes(item, roles),
        "documents": queries.documents_panel(item),
        **_discussion(item, members),
    }


def _discussion(item: AgendaItem, members: list[Member]) -> dict[str, Any]:
    """Comments and 修正案, and what this user may do with them."""
    consortium_id = item.negotiation.consortium_id
    comment_form = CommentForm()
    comment_form.set_members(members)
    return {
        "threads": comments.threads(item),
        "suggestions": suggestions.of_item(item),
        "suggestion_labels": suggestions.STATE_LABELS,
        "may_discuss": can_discuss(consortium_id),
        "may_revise": can_revise(consortium_id, item.proposing_member_id),
        "may_suggest": suggesting_member(consortium_id, item.proposing_member_id) is not None,
        "comment_form": comment_form,
    }


def _own_notes(item: AgendaItem, roles: ConsortiumRoles) -> dict[int, int]:
    """The user's own members (liaison or signatory of) and how many notes each has here."""
    own = roles.liaison_of | roles.signatory_of
    counts = notes.count_of(item, own)
    return {member_id: counts.get(member_id, 0) for member_id in own}


def _offers(
    checks: tuple[workflow.TransitionCheck, ...], members: list[Member], consortium_id: int
) -> dict[str, Any]:
    """The buttons the page offers: only those this user's role permits (an observer sees
    none), a move disabled with its reasons when the item is not ready for it."""
    permitted = [c for c in checks if c.permitted]
    return {
        "checks": [(c, reason_texts(c.reasons)) for c in permitted],
        "agree_offered": any(c.transition.name == "agree" for c in permitted),
        # The members whose positions this user may record (the 意見を登録 column).
        "speaks_for": {m.id for m in members if can_speak_for(consortium_id, m.id)},
    }


def answer_context(item: AgendaItem, member: Member) -> dict[str, Any]:
    """What a position or round answer form shows: the text answered, the member's current
    position, and the diff since the revision that position answered (as the diff page)."""
    position = queries.latest_positions([item.id]).get(item.id, {}).get(member.id)
    revision = history.revision(item, item.current_revision)
    answered = history.revision(item, position.revision_number) if position else None
    changed = answered is not None and revision is not None and answered.number < revision.number
    return {
        "revision": revision,
        "revision_html": render_markdown(revision.text) if revision else "",
        "position": position,
        "answered": answered,
        "diff_table": render_diff_html(
            diff_texts(answered.text, revision.text), translated(DIFF_HEADERS)
        )
        if changed
        else None,
    }


def answer_defaults(position: Position | None, revision: int) -> dict[str, Any]:
    """A form's first values: the member's current position restated on `revision`; typed
    into the app unless the form fixes its source."""
    data: dict[str, Any] = {"revision": revision, "source": Source.APP.value}
    if position is None:
        return data
    # Cleared conditions were met: restating them would reopen them on the new position.
    open_conditions = [c.text for c in position.conditions if c.cleared_at is None]
    return data | {
        "stance": position.stance,
        "statement": position.statement,
        "conditions": "\n".join(open_conditions),
        "reason": position.reason,
    }
