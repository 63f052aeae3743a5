"""Cost shares recomputed when members join or leave: the agreed method, run again.

Pure: no Flask or database. The frozen table of the executed agreement holds the method, its
parameters, the remainder rule, the cost categories and the figures it was computed from;
:func:`recompute` runs the same method (split.compute, with its core checks from games.py) for
the new membership, with the figures of joining members added (and, optionally, newer figures
for a new 年度), and returns the old and the new shares side by side with the difference.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from negotiator.costs import split
from negotiator.costs.split import SplitError

JOINED, LEFT, STAYS = "joined", "left", "stays"


@dataclasses.dataclass(frozen=True)
class Figure:
    """One indicator value of a member, with its reference date (for the annex's notes)."""

    value: Decimal
    reference_date: str = ""


@dataclasses.dataclass(frozen=True)
class ShareChange:
    member_id: int
    name: str
    status: str  # JOINED, LEFT or STAYS
    old_yen: int  # 0 for a joining member
    new_yen: int  # 0 for a leaving member
    old_share: Fraction
    new_share: Fraction

    @property
    def difference(self) -> int:
        """New minus old, in yen: positive pays more (増), negative less (減)."""
        return self.new_yen - self.old_yen


@dataclasses.dataclass(frozen=True)
class Recomputed:
    rows: tuple[ShareChange, ...]
    old_total: int
    new_total: int
    table: dict[str, Any]  # the new table, shaped like a frozen one (annex.cost_annex reads it)
    violations: tuple[dict[str, Any], ...]  # core warnings of the new split (games.py)


def _indicator(raw: dict, members: Sequence[split.MemberRef], old_ids: list[int], figures):  # noqa: ANN001, ANN202
    frozen = dict(zip(old_ids, raw.get("values", []), strict=False))
    values: dict[int, Decimal] = {}
    dates = {raw.get("reference_date", "")}
    for m in members:
        figure = figures.get(raw["key"], {}).get(m.id)
        if figure is not None:
            values[m.id] = figure.value
            dates.add(figure.reference_date)
        elif frozen.get(m.id) is not None:
            values[m.id] = Decimal(frozen[m.id])
    dates.discard("")
    return split.IndicatorRef(
        key=raw["key"],
        label=raw["label"],
        unit=raw.get("unit", ""),
        values=values,
        reference_date="、".join(sorted(dates)),
        source=raw.get("source", ""),
        illustrative=bool(raw.get("illustrative")),
    )


def _joining_quotes(
    frozen: Mapping[str, Any],
    members: Sequence[split.MemberRef],
    categories: Sequence[split.CategoryRef],
    live: Mapping[int, Mapping[frozenset[int], int]],
) -> dict[int, dict[frozenset[int], int]]:
    """Quotes the frozen table cannot hold for a joiner: the coalitions with it as entered in
    the cost workspace since, and the old membership together, which cost the category amounts
    the table was computed on (its whole council then, so never a quote)."""
    old = frozenset(m["id"] for m in frozen.get("members", []))
    ids = {m.id for m in members}
    joined = ids - old
    if not joined:
        return {}
    quotes: dict[int, dict[frozenset[int], int]] = {}
    for c in categories:
        row = {s: int(a) for s, a in live.get(c.id, {}).items() if s & joined and s <= ids}
        if len(old) > 1 and old <= ids:
            row[old] = c.amount
        quotes[c.id] = row
    return quotes


def inputs_for(
    frozen: Mapping[str, Any],
    members: Sequence[split.MemberRef],
    figures: Mapping[str, Mapping[int, Figure]],
    live_quotes: Mapping[int, Mapping[frozenset[int], int]] | None = None,
) -> split.Inputs:
    """The frozen table's inputs for a new membership: figures given win over frozen ones, and
    a joiner's coalitions are quoted from `live_quotes` (category id -> coalition -> yen)."""
    old_ids = [m["id"] for m in frozen.get("members", [])]
    raw = frozen.get("inputs", {})
    indicators = {
        i["key"]: _indicator(i, members, old_ids, figures) for i in raw.get("indicators", [])
    }
    categories = tuple(
        split.CategoryRef(c["id"], c["name"], int(c["amount"]))
        for c in frozen.get("categories", [])
    )
    by_name = {m.name: m.id for m in members}
    ids = {c.name: c.id for c in categories}
    quotes: dict[int, dict[frozenset[int], int]] = {}
    for q in raw.get("quotes", []):
        # A quote naming a member that left no longer describes a coalition of this council.
        if q["category"] in ids and all(name in by_name for name in q["members"]):
            coalition = frozenset(by_name[n] for n in q["members"])
            quotes.setdefault(ids[q["category"]], {})[coalition] = int(q["amount"])
    for category_id, row in _joining_quotes(frozen, members, categories, live_quotes or {}).items():
        quotes[category_id] = row | quotes.get(category_id, {})  # frozen quotes stand
    return split.Inputs(tuple(members), categories, indicators, quotes)


def _frozen_inputs(inputs: split.Inputs) -> dict[str, Any]:
    """The figures of the new table, in the shape services._frozen_inputs writes."""
    order = [m.id for m in inputs.members]
    names = {m.id: m.name for m in inputs.members}
    indicators = [
        dataclasses.asdict(ref)
        | {"values": [str(ref.values[i]) if i in ref.values else None for i in order]}
        for ref in inputs.indicators.values()
    ]
    quotes = [
        {"category": c.name, "members": [names[i] for i in order if i in s], "amount": amount}
        for c in inputs.categories
        for s, amount in inputs.quotes.get(c.id, {}).items()
    ]
    return {"indicators": indicators, "quotes": quotes}


def _overall(table: Mapping[str, Any], row: Mapping[str, Any] | None) -> Fraction:
    """The member's exact share of the whole (before rounding to yen)."""
    total = int(table.get("total", 0))
    if row is None or not total:
        return Fraction(0)
    amounts = [int(c["amount"]) for c in table.get("categories", [])]
    shares = row.get("shares") or []
    if len(shares) != len(amounts):  # an older table without exact shares: its yen
        return Fraction(int(row["total"]), total)
    return sum((Fraction(s) * a for s, a in zip(shares, amounts, strict=True)), Fraction(0)) / total


def recompute(
    frozen: Mapping[str, Any],
    members: Sequence[split.MemberRef],
    figures: Mapping[str, Mapping[int, Figure]] | None = None,
    *,
    fiscal_year: int | None = None,
    live_quotes: Mapping[int, Mapping[frozenset[int], int]] | None = None,
) -> Recomputed:
    """Old and new shares per member (every member of either table), exact and in whole yen.

    Raises SplitError when the method cannot run for the new membership (a joining member
    without the indicator, no quotes for the cooperative methods, manual shares …)."""
    if len(members) < 2:
        raise SplitError("method", "構成団体が2団体以上必要です")
    inputs = inputs_for(frozen, members, figures or {}, live_quotes)
    spec = split.Spec(frozen["method"], frozen.get("params", {}), frozen["remainder_rule"])
    table = split.compute(inputs, spec)
    table |= {
        "name": frozen.get("name", ""),
        "formula": split.describe(spec, inputs),
        "rationale": frozen.get("rationale", ""),
        "inputs": _frozen_inputs(inputs),
    }
    if fiscal_year is not None:
        table["fiscal_year"] = fiscal_year
    return Recomputed(
        rows=_changes(frozen, table),
        old_total=int(frozen.get("total", 0)),
        new_total=int(table["total"]),
        table=table,
        violations=tuple(table["violations"]),
    )


def _changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> tuple[ShareChange, ...]:
    old_rows = {r["member_id"]: r for r in old.get("rows", [])}
    new_rows = {r["member_id"]: r for r in new["rows"]}
    names = {m["id"]: m["name"] for m in [*old.get("members", []), *new["members"]]}
    order = [m["id"] for m in old.get("members", [])]
    order += [m["id"] for m in new["members"] if m["id"] not in old_rows]
    rows = []
    for member_id in order:
        before, after = old_rows.get(member_id), new_rows.get(member_id)
        status = JOINED if before is None else LEFT if after is None else STAYS
        rows.append(
            ShareChange(
                member_id=member_id,
                name=names[member_id],
                status=status,
                old_yen=int(before["total"]) if before else 0,
                new_yen=int(after["total"]) if after else 0,
                old_share=_overall(old, before),
                new_share=_overall(new, after),
            )
        )
    return tuple(rows)
