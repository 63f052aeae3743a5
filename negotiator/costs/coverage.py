"""Which coalition quotes a cost category lacks for the cooperative methods, said plainly.

Pure: no Flask or database. After a member joins, the quotes entered before name only the
old members; completing the missing coalitions from smaller ones cannot help (nothing names
the new member), so the comparison says what to enter instead of a bare error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from negotiator.message import N_, Message, say

if TYPE_CHECKING:
    from negotiator.costs.split import CategoryRef, Inputs, MemberRef


MISSING = N_(
    "「%(category)s」の見積に%(names)sを含む提携がありません。"
    "%(names)sの単独の見積と、%(names)sを含む提携の見積を入力してください。"
)
MISSING_AND_OLD = N_(
    "「%(category)s」の見積に%(names)sを含む提携がありません。"
    "%(names)sの単独の見積と、%(names)sを含む提携の見積を入力してください。"
    "%(others)sだけでの見積も必要です。"
)


def unquoted_members(inputs: Inputs, category: CategoryRef) -> list[MemberRef]:
    """Members named in none of the category's quotes while others are: most often a member
    that joined after the quotes were entered, whom the cooperative methods know nothing of."""
    quoted = inputs.quotes.get(category.id, {})
    named = {i for coalition in quoted for i in coalition}
    return [m for m in inputs.members if m.id not in named] if quoted else []


def missing_quotes_message(inputs: Inputs, category: CategoryRef) -> Message | None:
    """What to enter for the unquoted members, in words (None when none is missing).

    The old members together are asked for too: their cost was the category amount, never
    entered as a quote, and completing it from smaller coalitions would guess it high."""
    missing = unquoted_members(inputs, category)
    if not missing:
        return None
    names = [m.name for m in missing]
    others = [m.name for m in inputs.members if m not in missing]
    quoted = inputs.quotes[category.id]
    if (
        len(others) >= 2
        and frozenset(m.id for m in inputs.members if m not in missing) not in quoted
    ):
        return say(MISSING_AND_OLD, category=category.name, names=names, others=others)
    return say(MISSING, category=category.name, names=names)
