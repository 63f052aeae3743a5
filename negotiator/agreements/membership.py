"""Members joining and leaving an executed agreement, or a yearly review of its cost shares for
a new 年度: the 変更協定 that says so (audited). The old annex is never edited.

The amendment is started with amending.start (the amend branch's service), releasing the cost
items; then, for the new membership:
- its parties are the current members (parties.py), labels continuing (the joiner 丁 …, a
  leaver's label not reused), and the preamble of the amendment names them all;
- every article naming all the parties together (「甲、乙及び丙」) names the new membership, so the
  改め文 says 「…中「甲、乙及び丙」を「甲、乙、丙及び丁」に改める。」;
- each cost table is recomputed on its agreed method (costs/membership.py), becomes the next
  proposal revision of its item for the members to take positions on, and the amendment's 別表,
  so the amendment says 「別表第1を次のように改める。」 with the new table.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from negotiator.agreements import amending, amendments
from negotiator.agreements.drafting import _annex, _cost_tables
from negotiator.agreements.fiscal import fiscal_year_span
from negotiator.agreements.models import Agreement
from negotiator.agreements.parties import current_parties, designation, parties_of
from negotiator.agreements.services import AgreementError, record
from negotiator.audit import services as audit
from negotiator.auth.models import User
from negotiator.auth.permissions import ConsortiumRoles
from negotiator.consortia.models import Indicator, Member
from negotiator.costs import split
from negotiator.costs.membership import Figure, Recomputed, recompute
from negotiator.costs.split import SplitError
from negotiator.db import db
from negotiator.i18n import message_text
from negotiator.message import say
from negotiator.negotiation.queries import members_of


@dataclasses.dataclass(frozen=True)
class TableChange:
    """One cost table of the agreement, recomputed (or why it could not be)."""

    table: Any  # FrozenCostTable
    result: Recomputed | None
    error: str = ""


@dataclasses.dataclass(frozen=True)
class MembershipChange:
    joined: tuple[Member, ...]
    left: tuple[Member, ...]
    tables: tuple[TableChange, ...]

    @property
    def computable(self) -> bool:
        return all(t.result is not None for t in self.tables)


def _figures(members: list[Member], frozen_ids: set[int]) -> dict[str, dict[int, Figure]]:
    """The registered figures of the members whose frozen ones are not used (the joiners, or
    everyone for a new 年度), with their reference dates."""
    new = [m.id for m in members if m.id not in frozen_ids]
    figures: dict[str, dict[int, Figure]] = {}
    if not new:
        return figures
    for row in db.session.scalars(sa.select(Indicator).where(Indicator.member_id.in_(new))):
        figure = Figure(Decimal(row.value), row.reference_date)
        figures.setdefault(row.key, {})[row.member_id] = figure
    return figures


def _live_quotes(frozen: dict[str, Any]) -> dict[int, dict[frozenset[int], int]]:
    """The workspace's quotes of the table's cost categories, as entered now (a joiner's
    coalitions are quoted there after the table was frozen)."""
    from negotiator.costs.models import CostQuote

    ids = [c["id"] for c in frozen.get("categories", [])]
    quotes: dict[int, dict[frozenset[int], int]] = {}
    for q in db.session.scalars(sa.select(CostQuote).where(CostQuote.category_id.in_(ids))):
        quotes.setdefault(q.category_id, {})[q.member_ids] = q.amount
    return quotes


def _base(agreement: Agreement) -> Agreement:
    return amendments.standing(amendments.original_of(agreement))


def change_of(agreement: Agreement, fiscal_year: int | None = None) -> MembershipChange:
    """Who joined and left since the text as it stands, and every cost table recomputed
    (for a 年度 if given, on the figures registered now)."""
    base = _base(agreement)
    consortium_id = agreement.negotiation.consortium_id
    members = members_of(consortium_id)
    signers = _signers(base)
    signed, current = {m.id for m in signers}, {m.id for m in members}
    joined = tuple(m for m in members if m.id not in signed)
    left = tuple(m for m in signers if m.id not in current)
    refs = [split.MemberRef(m.id, m.name, m.party_label or "") for m in members]
    revisions = [a.revision_id for a in base.articles if a.revision_id is not None]
    tables = []
    for table in _cost_tables(revisions).values():
        # A new 年度 is a yearly review: every member's figures as registered now.
        frozen_ids = set() if fiscal_year else {m["id"] for m in table.data.get("members", [])}
        try:
            figures = _figures(members, frozen_ids)
            quotes = _live_quotes(table.data)
            result = recompute(
                table.data, refs, figures, fiscal_year=fiscal_year, live_quotes=quotes
            )
        except SplitError as error:
            tables.append(TableChange(table, None, message_text(error.msg)))
        else:
            tables.append(TableChange(table, result))
    return MembershipChange(joined, left, tuple(tables))


def _signers(agreement: Agreement) -> list[Member]:
    return sorted((s.member for s in agreement.signatures), key=lambda m: (m.sort_order, m.id))


def start(
    agreement: Agreement,
    reason: str,
    user: User,
    roles: ConsortiumRoles,
    fiscal_year: int | None = None,
) -> Agreement:
    """The 変更協定 for the new membership, its cost tables recomputed (see the module doc)."""
    change = change_of(agreement, fiscal_year)
    _check(change, fiscal_year)
    items = [t.table.item_id for t in change.tables]
    amendment = amending.start(agreement, items, reason)
    _rename_parties(amendment, _base(agreement))
    for position, table_change in enumerate(change.tables, start=1):
        _propose(table_change, reason, user, roles)
        annex = _annex(position, table_change.result.table)
        amendment.annexes[position - 1 : position] = [annex]
    amendment.effective_date = _effective(change, fiscal_year)
    db.session.flush()
    record(
        "agreement.membership",
        amendment,
        say("加入・脱退又は年度の見直しに伴う変更協定 第%(n)s版", n=amendment.number),
        after={
            "fiscal_year": fiscal_year,
            "joined": [m.name for m in change.joined],
            "left": [m.name for m in change.left],
            "tables": [t.result.table["rows"] for t in change.tables if t.result],
        },
    )
    return amendment


def _check(change: MembershipChange, fiscal_year: int | None) -> None:
    """Something to amend (a join, a leave or a 年度), and every table recomputed."""
    if not change.joined and not change.left and fiscal_year is None:
        raise AgreementError(
            _(
                "協定書の締結後に加入・脱退した構成団体がありません。年度の見直しなら年度を入力してください。"
            ),
            "reason",
        )
    if not change.computable:
        problems = _("、").join(t.error for t in change.tables if t.error)
        raise AgreementError(_("負担割合を再計算できません: %(p)s", p=problems), "reason")


def _effective(change: MembershipChange, fiscal_year: int | None) -> dt.date | None:
    """The amendment takes effect when the last of the joins and leaves does, or on the first
    day of the 年度 of a yearly review."""
    dates = [m.joined_on for m in change.joined] + [m.left_on for m in change.left]
    known = [d for d in dates if d is not None]
    if fiscal_year is not None:
        known.append(fiscal_year_span(fiscal_year)[0])
    return max(known) if known else None


def _rename_parties(amendment: Agreement, base: Agreement) -> None:
    """Articles that name all the parties together name the new membership."""
    old = designation(parties_of(base))
    new = designation(current_parties(amendment.negotiation.consortium_id))
    if old == new:
        return
    for article in amendment.articles:
        article.body = article.body.replace(old, new)


def _propose(change: TableChange, reason: str, user: User, roles: ConsortiumRoles) -> None:
    """The recomputed table as the cost item's next revision: members take positions on it."""
    from negotiator.costs.markdown import proposal_text
    from negotiator.costs.models import FrozenCostTable
    from negotiator.negotiation import services as negotiation
    from negotiator.negotiation.models import AgendaItem

    item = db.session.get(AgendaItem, change.table.item_id)
    table = change.result.table
    negotiation.move(item, "reopen", reason, user, roles, item.version)
    note = "構成団体の加入・脱退に伴う負担割合の再計算"
    revision = negotiation.add_revision(
        item, proposal_text(table), note, user, base_revision=item.current_revision
    )
    frozen = FrozenCostTable(
        item_id=item.id,
        revision_id=revision.id,
        revision_number=revision.number,
        candidate_id=None,
        name=change.table.name,
        data=audit.to_json(table),
    )
    db.session.add(frozen)
    db.session.flush()
