"""What the item page shows, gathered in a fixed number of queries."""

from __future__ import annotations

from typing import Any

from negotiator.auth.permissions import roles_in
from negotiator.i18n import reason_text
from negotiator.negotiation import queries, workflow
from negotiator.negotiation.forms import DiscussedForm, MoveForm
from negotiator.negotiation.markdown import render_markdown
from negotiator.negotiation.models import AgendaItem


def reason_texts(reasons: tuple) -> list[str]:
    """Reasons from the pure core, in the user's language."""
    return [reason_text(r) for r in reasons]


def item_context(item: AgendaItem) -> dict[str, Any]:
    negotiation = item.negotiation
    roles = roles_in(negotiation.consortium_id)
    members = queries.members_of(negotiation.consortium_id)
    current = queries.latest_positions([item.id]).get(item.id, {})
    facts = queries.item_facts(item, negotiation, members, current)
    checks = workflow.available(facts, queries.actor_for(roles))
    revision = item.revisions[-1] if item.revisions else None
    return {
        "item": item,
        "negotiation": negotiation,
        "roles": roles,
        "members": members,
        "current": current,
        "history": queries.position_history(item),
        "rule": workflow.rule_status(facts),
        "rule_kind": facts.rule,
        "checks": [(c, reason_texts(c.reasons)) for c in checks],
        "rule_missing": reason_texts(workflow.rule_status(facts).missing),
        "revision": revision,
        "revision_html": render_markdown(revision.text) if revision else "",
        "timeline": queries.timeline(item),
        "accepts_positions": workflow.accepts_positions(workflow.State(item.state)),
        # An executed agreement includes the item: nothing is offered that would change it.
        "frozen": reason_texts(workflow.frozen(facts)),
        "signing_hold": workflow.confirmation_needed(facts, "reopen"),
        "move_form": MoveForm(data={"version": item.version}),
        "discussed_form": DiscussedForm(),
    }
