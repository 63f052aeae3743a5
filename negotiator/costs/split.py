"""One candidate split worked out for every cost category: shares, yen and fairness checks.

Pure: no Flask or database. The views build :class:`Inputs` from the database, a candidate is a
:class:`Spec` (method, parameters, remainder rule), and :func:`compute` returns a plain JSON-able
dict (the same shape is frozen into a proposal, rendered and exported), or raises
:class:`SplitError` whose ``field`` names the form field the message belongs to.

Methods (``Spec.params``):
- ``equal``: {}.
- ``proportional``: {"indicator": key}.
- ``mix``: {"weights": {category id (str): {component: percent (str)}}}, a component being
  "equal" or an indicator key; each category's weights must sum to 100.
- ``manual``: {"unit": "percent" | "yen", "values": {member id (str): number (str)}}; yen
  amounts are of the grand total and must add up to it; the shares apply to every category.
- ``scrb``, ``shapley``, ``nucleolus``: {} — from each category's quotes, the grand coalition
  costing the category amount; Shapley and nucleolus complete missing coalitions first.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from fractions import Fraction
from typing import Any

from negotiator.costs import games, methods
from negotiator.costs.coverage import missing_quotes_message
from negotiator.costs.methods import CostInputError, format_number
from negotiator.costs.yen import allocate_yen
from negotiator.message import LIST_SEPARATOR, Message, concat, label, say
from negotiator.numbers import NumberError, parse_decimal

METHODS = ("equal", "proportional", "mix", "manual", "scrb", "shapley", "nucleolus")
COOPERATIVE = ("scrb", "shapley", "nucleolus")


class SplitError(CostInputError):
    """A candidate cannot be computed; ``field`` is the form field to show the message at."""

    def __init__(self, field: str, message: str | Message) -> None:
        super().__init__(field, message)


@dataclasses.dataclass(frozen=True)
class MemberRef:
    id: int
    name: str
    label: str = ""


@dataclasses.dataclass(frozen=True)
class CategoryRef:
    id: int
    name: str
    amount: int


@dataclasses.dataclass(frozen=True)
class IndicatorRef:
    key: str
    label: str
    unit: str
    values: dict[int, Decimal]  # member id -> value
    reference_date: str = ""
    source: str = ""
    illustrative: bool = False


@dataclasses.dataclass(frozen=True)
class Inputs:
    members: tuple[MemberRef, ...]
    categories: tuple[CategoryRef, ...]
    indicators: dict[str, IndicatorRef]
    quotes: dict[int, dict[frozenset[int], int]]  # category id -> coalition -> yen

    @property
    def total(self) -> int:
        return sum(c.amount for c in self.categories)


@dataclasses.dataclass(frozen=True)
class Spec:
    method: str
    params: dict[str, Any]
    remainder_rule: str = "lead"


def parse_number(text: object, field: str, *, whole: bool = False) -> Decimal:
    """A typed number, bounded (negotiator.numbers); a refusal names the field it belongs to."""
    try:
        return parse_decimal(text, whole=whole)
    except NumberError as error:
        raise SplitError(field, error.msg) from None


def _component_shares(inputs: Inputs, component: str, field: str) -> dict[int, Fraction]:
    ids = [m.id for m in inputs.members]
    if component == "equal":
        return methods.equal_shares(ids)
    indicator = inputs.indicators.get(component)
    if indicator is None:
        raise SplitError(field, say("指標「%(key)s」がありません", key=component))
    missing = [m.name for m in inputs.members if m.id not in indicator.values]
    if missing:
        message = say(
            "%(members)s の「%(indicator)s」がありません",
            members=missing,
            indicator=indicator.label,
        )
        raise SplitError(field, message)
    try:
        return methods.proportional_shares({i: indicator.values[i] for i in ids})
    except CostInputError as error:
        raise SplitError(
            field, say("「%(indicator)s」: %(error)s", indicator=indicator.label, error=error.msg)
        ) from None


def _mix_shares(inputs: Inputs, spec: Spec, category: CategoryRef) -> dict[int, Fraction]:
    field = f"w-{category.id}"
    weights = spec.params.get("weights", {}).get(str(category.id))
    if not weights:
        raise SplitError(field, say("重みを入力してください"))
    components = []
    for component, text in weights.items():
        weight = parse_number(text, f"{field}-{component}")
        if weight:
            components.append((weight, _component_shares(inputs, component, field)))
    total = sum((w for w, _ in components), Decimal(0))
    if total != 100:
        raise SplitError(field, say(methods.WEIGHTS_NOT_100, current=f"{total.normalize():f}"))
    return methods.weighted_mix(components)


def _manual_shares(inputs: Inputs, spec: Spec) -> dict[int, Fraction]:
    unit = spec.params.get("unit", "percent")
    raw = spec.params.get("values", {})
    values = {
        m.id: parse_number(raw.get(str(m.id)), f"v-{m.id}", whole=unit == "yen")
        for m in inputs.members
    }
    try:
        if unit == "yen":
            ints = {k: int(v) for k, v in values.items()}
            return methods.manual_shares(ints, "yen", inputs.total)
        return methods.manual_shares(values, "percent")
    except CostInputError as error:
        raise SplitError("values", error.msg) from None


def category_game(inputs: Inputs, category: CategoryRef) -> dict[frozenset[int], int]:
    """The category's quotes plus the grand coalition, which costs the category amount."""
    grand = frozenset(m.id for m in inputs.members)
    return {**inputs.quotes.get(category.id, {}), grand: category.amount}


def _cooperative_shares(inputs: Inputs, spec: Spec, category: CategoryRef) -> dict[int, Fraction]:
    if category.amount == 0:
        return methods.equal_shares([m.id for m in inputs.members])
    if (message := missing_quotes_message(inputs, category)) is not None:
        raise SplitError("method", message)
    # The math names members in its messages: give it names (unique within a council) as keys.
    by_name = {m.name: m.id for m in inputs.members}
    names = {i: n for n, i in by_name.items()}
    game = {frozenset(names[i] for i in s): v for s, v in category_game(inputs, category).items()}
    try:
        if spec.method == "scrb":
            costs = games.scrb(game)
        else:
            full, _ = games.complete_costs(game, list(by_name))
            costs = games.shapley(full) if spec.method == "shapley" else games.nucleolus(full)
    except CostInputError as error:
        raise SplitError(
            "method",
            say("「%(category)s」の見積: %(error)s", category=category.name, error=error.msg),
        ) from None
    if any(v < 0 for v in costs.values()):
        raise SplitError(
            "method",
            say("「%(category)s」で負の負担額になるため使えません", category=category.name),
        )
    return {by_name[n]: v / category.amount for n, v in costs.items()}


def category_shares(inputs: Inputs, spec: Spec, category: CategoryRef) -> dict[int, Fraction]:
    """Exact shares of one category under the candidate's method."""
    ids = [m.id for m in inputs.members]
    if spec.method == "equal":
        return methods.equal_shares(ids)
    if spec.method == "proportional":
        return _component_shares(inputs, spec.params.get("indicator", ""), "indicator")
    if spec.method == "mix":
        return _mix_shares(inputs, spec, category)
    if spec.method == "manual":
        return _manual_shares(inputs, spec)
    if spec.method in COOPERATIVE:
        return _cooperative_shares(inputs, spec, category)
    raise SplitError("method", say("計算方法を選んでください"))


def _check_inputs(inputs: Inputs) -> None:
    if not inputs.members:
        raise SplitError("method", say("構成団体がありません"))
    if not inputs.categories:
        raise SplitError("method", say("費用の区分がありません。先に費用を登録してください"))


def compute(inputs: Inputs, spec: Spec) -> dict[str, Any]:
    """The candidate's table: per member shares, yen per category, totals and fairness checks."""
    _check_inputs(inputs)
    ids = [m.id for m in inputs.members]
    lead = ids[0]  # the first party (甲) is the lead member (代表団体)
    shares, yen, equal_yen = {}, {}, {}
    for category in inputs.categories:
        shares[category.id] = category_shares(inputs, spec, category)
        ordered = {i: shares[category.id][i] for i in ids}
        try:
            yen[category.id] = allocate_yen(category.amount, ordered, spec.remainder_rule, lead)
        except CostInputError as error:
            raise SplitError("remainder_rule", error.msg) from None
        equal = methods.equal_shares(ids)
        equal_yen[category.id] = allocate_yen(category.amount, equal, spec.remainder_rule, lead)
    rows = [_row(inputs, m, shares, yen, equal_yen) for m in inputs.members]
    return {
        "method": spec.method,
        "params": spec.params,
        "remainder_rule": spec.remainder_rule,
        "members": [dataclasses.asdict(m) for m in inputs.members],
        "categories": [dataclasses.asdict(c) for c in inputs.categories],
        "total": inputs.total,
        "rows": rows,
        "violations": violations(inputs, yen),
    }


def _standalone(inputs: Inputs, member_id: int) -> int | None:
    """What the member would pay alone in all categories, if every category has that quote."""
    alone = frozenset({member_id})
    quotes = [inputs.quotes.get(c.id, {}).get(alone) for c in inputs.categories]
    return None if any(q is None for q in quotes) else sum(quotes)


def _row(
    inputs: Inputs, member: MemberRef, shares: dict, yen: dict, equal_yen: dict
) -> dict[str, Any]:
    total = sum(yen[c.id][member.id] for c in inputs.categories)
    equal_total = sum(equal_yen[c.id][member.id] for c in inputs.categories)
    standalone = _standalone(inputs, member.id)
    overall = Fraction(total, inputs.total) if inputs.total else Fraction(0)
    return {
        "member_id": member.id,
        "shares": [str(shares[c.id][member.id]) for c in inputs.categories],
        "percents": [percent(shares[c.id][member.id]) for c in inputs.categories],
        "percent": percent(overall),
        "yen": [yen[c.id][member.id] for c in inputs.categories],
        "total": total,
        "diff_equal": total - equal_total,
        "standalone": standalone,
        "saving": None if standalone is None else standalone - total,
    }


def percent(share: Fraction) -> str:
    """A share as a percentage rounded to two decimals, for display ("45.12")."""
    hundredths = round(share * 10000)  # the exact share is kept beside it
    return f"{Decimal(hundredths) / 100:.2f}"


def violations(inputs: Inputs, yen: dict[int, dict[int, int]]) -> list[dict[str, Any]]:
    """Quoted coalitions charged more (in yen) than their own quote, per category."""
    names = {m.id: m.name for m in inputs.members}
    found = []
    for category in inputs.categories:
        quotes = inputs.quotes.get(category.id, {})
        if not quotes:
            continue
        for v in games.core_violations(quotes, yen[category.id]):
            found.append(
                {
                    "category": category.name,
                    "members": [names[i] for i in _in_order(inputs, v.coalition)],
                    "charged": int(v.charged),
                    "cost": int(v.cost),
                    "excess": int(v.excess),
                }
            )
    return found


def _in_order(inputs: Inputs, coalition: frozenset[int]) -> list[int]:
    return [m.id for m in inputs.members if m.id in coalition]


def describe(spec: Spec, inputs: Inputs) -> str:
    """A short Japanese formula of the candidate (均等割10%+人口割45%+利用者割45% …)."""
    return formula(spec, inputs).text


def formula(spec: Spec, inputs: Inputs) -> Message:
    """The formula of `describe` as a message, to be shown in the reader's language."""
    labels = {k: i.label for k, i in inputs.indicators.items()}
    if spec.method == "proportional":
        return say("%(indicator)s割", indicator=labels.get(spec.params.get("indicator"), "?"))
    if spec.method == "mix":
        parts = []
        for category in inputs.categories:
            weights = spec.params.get("weights", {}).get(str(category.id), {})
            terms = [_term(labels, k, w) for k, w in weights.items()]
            parts.append((category.name, _joined([t for t in terms if t], "+")))
        if len({f.text for _, f in parts}) == 1:
            return parts[0][1]
        each = [say("%(category)s: %(formula)s", category=n, formula=f) for n, f in parts]
        return _joined(each, label(LIST_SEPARATOR))
    return label(METHOD_LABELS.get(spec.method, spec.method))


def _term(labels: dict[str, str], key: str, weight: object) -> Message | None:
    if str(weight).strip() in ("", "0"):
        return None
    if key == "equal":
        return say("均等割%(weight)s%%", weight=str(weight))
    return say("%(indicator)s割%(weight)s%%", indicator=labels.get(key, key), weight=str(weight))


def _joined(parts: list[Message], separator: Message | str) -> Message:
    between: list[Message | str] = []
    for part in parts:
        between += [separator, part] if between else [part]
    return concat(*between)


def N_(message: str) -> str:
    """Mark a message for extraction; templates translate it with _()."""
    return message


METHOD_LABELS = {
    "equal": N_("均等割"),
    "proportional": N_("指標割"),
    "mix": N_("組合せ(重み付け)"),
    "manual": N_("協議による負担割合"),
    "scrb": N_("SCRB(分離費用・残余便益法)"),
    "shapley": N_("シャープレイ値"),
    "nucleolus": N_("仁(nucleolus)"),
}
REMAINDER_LABELS = {
    "lead": N_("代表団体(甲)が負担"),
    "largest": N_("負担額が最大の団体が負担"),
    "largest_remainder": N_("端数の大きい順に1円ずつ配分"),
}

__all__ = ["CostInputError", "SplitError", "compute", "describe", "format_number"]
