"""Changing a cost split: categories, quotes, indicators, candidates, candidate -> proposal.

Every function writes through the audit log and raises split.SplitError (with the form field)
before writing anything; views commit once afterwards.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from negotiator.audit import messages as audit_messages
from negotiator.audit import services as audit
from negotiator.auth.models import User
from negotiator.consortia.models import Indicator, Member
from negotiator.costs import queries, split
from negotiator.costs.markdown import proposal_text
from negotiator.costs.models import (
    CostCandidate,
    CostCategory,
    CostQuote,
    FrozenCostTable,
    coalition_key,
)
from negotiator.costs.split import SplitError
from negotiator.db import db, same_version
from negotiator.message import N_, Message, say
from negotiator.negotiation import services as negotiation
from negotiator.negotiation.models import AgendaItem


def _record(action: str, obj: Any, item: AgendaItem, summary: Message, **kwargs: Any) -> None:
    audit.record(action, obj, summary, consortium_id=item.negotiation.consortium_id, **kwargs)


def _register_legacy() -> None:
    """Cost history on the item page written before summaries were data."""
    register = audit_messages.register
    register("cost.category_delete", [N_("費用区分「%(name)s」を削除")])
    register("cost.indicators", [N_("指標を保存(%(n)s件変更)")])
    register("cost.candidate_delete", [N_("候補「%(name)s」を削除")])
    register("cost.propose", [N_("候補「%(name)s」を提案文 第%(n)s版として固定")])


_register_legacy()


def _check_version(obj: Any, version: int | None) -> None:
    if not same_version(version, obj.version):
        raise SplitError("", _("他の人が先に変更しました。読み込み直してください。"))


def save_category(
    item: AgendaItem, category: CostCategory | None, data: dict[str, Any], version: int | None
) -> CostCategory:
    """Add a category, or change one's name and amount."""
    clash = db.session.scalar(
        sa.select(CostCategory.id).where(
            CostCategory.item_id == item.id, CostCategory.name == data["name"]
        )
    )
    if clash and (category is None or clash != category.id):
        raise SplitError("name", _("同じ名前の費用区分が既にあります。"))
    before = None
    if category is None:
        count = db.session.scalar(
            sa.select(sa.func.count(CostCategory.id)).where(CostCategory.item_id == item.id)
        )
        category = CostCategory(item_id=item.id, sort_order=count)
        db.session.add(category)
    else:
        _check_version(category, version)
        before = {"name": category.name, "amount": category.amount}
    category.name, category.amount = data["name"], data["amount"]
    db.session.flush()
    after = {"name": category.name, "amount": category.amount}
    summary = say(
        "費用区分「%(name)s」%(amount)s円を保存", name=category.name, amount=f"{category.amount:,}"
    )
    _record("cost.category", category, item, summary, before=before, after=after)
    return category


def delete_category(item: AgendaItem, category: CostCategory) -> None:
    before = {"name": category.name, "amount": category.amount}
    db.session.delete(category)
    db.session.flush()
    summary = say("費用区分「%(name)s」を削除", name=before["name"])
    _record("cost.category_delete", item, item, summary, before=before)


def save_quotes(
    item: AgendaItem, category: CostCategory, amounts: dict[frozenset[int], int | None]
) -> None:
    """Set the quotes of a category: a coalition with None has no quote."""
    existing = {q.member_ids: q for q in category.quotes}
    before = {q.coalition: q.amount for q in category.quotes}
    for coalition, amount in amounts.items():
        quote = existing.get(coalition)
        if amount is None:
            if quote is not None:
                category.quotes.remove(quote)
        elif quote is None:
            category.quotes.append(CostQuote(coalition=coalition_key(coalition), amount=amount))
        else:
            quote.amount = amount
    db.session.flush()
    after = {q.coalition: q.amount for q in category.quotes}
    summary = say("費用区分「%(name)s」の見積を保存(%(n)s件)", name=category.name, n=len(after))
    _record("cost.quotes", category, item, summary, before=before, after=after)


def save_indicators(item: AgendaItem, members: list[Member], rows: list[dict[str, Any]]) -> int:
    """Create or update each indicator row for every member; returns how many values changed."""
    ids = [m.id for m in members]
    current = {
        (i.member_id, i.key): i
        for i in db.session.scalars(sa.select(Indicator).where(Indicator.member_id.in_(ids)))
    }
    changed: list[dict[str, Any]] = []
    for row in rows:
        for member_id, value in row["values"].items():
            indicator = current.get((member_id, row["key"]))
            if indicator is None:
                indicator = Indicator(member_id=member_id, key=row["key"])
                db.session.add(indicator)
            old = None if indicator.value is None else Decimal(indicator.value)
            for name in ("label", "unit", "reference_date", "source", "illustrative"):
                setattr(indicator, name, row[name])
            indicator.value = value
            if old != value:
                changed.append({"member_id": member_id, "key": row["key"], "value": value})
    db.session.flush()
    _record(
        "cost.indicators",
        item,
        item,
        say("指標を保存(%(n)s件変更)", n=len(changed)),
        after={"changed": changed},
    )
    return len(changed)


CANDIDATE_FIELDS = ("name", "method", "params", "remainder_rule", "rationale")


def save_candidate(
    item: AgendaItem,
    candidate: CostCandidate | None,
    data: dict[str, Any],
    user: User,
    *,
    suggested: bool = False,
    version: int | None = None,
) -> CostCandidate:
    """Keep a candidate, only once it computes against the current inputs."""
    if data["method"] == "manual" and not data["rationale"].strip():
        raise SplitError("rationale", _("協議による負担割合には、理由を必ず書いてください。"))
    clash = db.session.scalar(
        sa.select(CostCandidate.id).where(
            CostCandidate.item_id == item.id, CostCandidate.name == data["name"]
        )
    )
    if clash and (candidate is None or clash != candidate.id):
        raise SplitError("name", _("同じ名前の候補が既にあります。"))
    inputs = queries.workspace(item).inputs
    split.compute(inputs, split.Spec(data["method"], data["params"], data["remainder_rule"]))
    before = None
    if candidate is None:
        candidate = CostCandidate(item_id=item.id, author_id=user.id, suggested=suggested)
        db.session.add(candidate)
    else:
        _check_version(candidate, version)
        before = audit.snapshot(candidate, CANDIDATE_FIELDS)
    for name in CANDIDATE_FIELDS:
        setattr(candidate, name, data[name])
    db.session.flush()
    template = N_("候補の提案「%(name)s」を保存") if suggested else N_("候補「%(name)s」を保存")
    after = audit.snapshot(candidate, CANDIDATE_FIELDS)
    _record(
        "cost.candidate",
        candidate,
        item,
        say(template, name=candidate.name),
        before=before,
        after=after,
    )
    return candidate


def delete_candidate(item: AgendaItem, candidate: CostCandidate) -> None:
    before = audit.snapshot(candidate, CANDIDATE_FIELDS)
    db.session.delete(candidate)
    db.session.flush()
    summary = say("候補「%(name)s」を削除", name=before["name"])
    _record("cost.candidate_delete", item, item, summary, before=before)


def propose(
    item: AgendaItem, candidate: CostCandidate, user: User, base_revision: int
) -> FrozenCostTable:
    """Make the candidate the item's next proposal revision, with its table frozen."""
    ws = queries.workspace(item)
    spec = queries.spec_of(candidate)
    table = split.compute(ws.inputs, spec)
    table["name"] = candidate.name
    table["formula"] = split.describe(spec, ws.inputs)
    table["rationale"] = candidate.rationale
    table["inputs"] = _frozen_inputs(ws.inputs, spec)
    text = proposal_text(table)
    note = f"費用負担の候補「{candidate.name}」を提案"
    try:
        revision = negotiation.add_revision(item, text, note, user, base_revision=base_revision)
    except negotiation.NegotiationError as error:
        raise SplitError("", error.message) from None
    frozen = FrozenCostTable(
        item_id=item.id,
        revision_id=revision.id,
        revision_number=revision.number,
        candidate_id=candidate.id,
        name=candidate.name,
        data=audit.to_json(table),
    )
    db.session.add(frozen)
    db.session.flush()
    summary = say(
        "候補「%(name)s」を提案文 第%(n)s版として固定", name=candidate.name, n=revision.number
    )
    _record(
        "cost.propose",
        item,
        item,
        summary,
        after={"table_id": frozen.id, "revision": revision.number},
    )
    return frozen


def _frozen_inputs(inputs: split.Inputs, spec: split.Spec) -> dict[str, Any]:
    """The indicators and quotes the table was computed from, as they were at that moment."""
    order = [m.id for m in inputs.members]
    names = {m.id: m.name for m in inputs.members}
    indicators = [
        {
            "key": ref.key,
            "label": ref.label,
            "unit": ref.unit,
            "reference_date": ref.reference_date,
            "source": ref.source,
            "illustrative": ref.illustrative,
            "values": [str(ref.values[i]) if i in ref.values else None for i in order],
        }
        for ref in inputs.indicators.values()
    ]
    quotes = [
        {
            "category": c.name,
            "members": [names[i] for i in order if i in coalition],
            "amount": amount,
        }
        for c in inputs.categories
        for coalition, amount in inputs.quotes.get(c.id, {}).items()
    ]
    return {"indicators": indicators, "quotes": quotes}
