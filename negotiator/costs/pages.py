"""What the cost-split pages show, gathered in a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from negotiator.auth.permissions import roles_in
from negotiator.costs import coverage, queries, split
from negotiator.costs.chart import bar_chart, legend
from negotiator.costs.forms import Grid, ProposeForm
from negotiator.message import Message, label, say
from negotiator.negotiation import workflow
from negotiator.negotiation.models import AgendaItem

COMPONENT_EQUAL = "equal"


def components(inputs: split.Inputs) -> list[tuple[str, Message]]:
    """Mix components as (key, label): 均等割 first, then one per indicator."""
    return [(COMPONENT_EQUAL, label("均等割"))] + [
        (key, say("%(indicator)s割", indicator=ref.label)) for key, ref in inputs.indicators.items()
    ]


def workspace_context(item: AgendaItem) -> dict[str, Any]:
    ws = queries.workspace(item)
    candidates = queries.candidates(item)
    columns = queries.comparison(ws.inputs, candidates)
    computed = [(c.candidate.name, c.table) for c in columns if c.table]
    members = [{"name": m.name, "label": m.party_label or ""} for m in ws.members]
    quotes_by_category: dict[int, int] = {}
    for quote in ws.quotes:
        quotes_by_category[quote.category_id] = quotes_by_category.get(quote.category_id, 0) + 1
    return {
        "item": item,
        "negotiation": item.negotiation,
        "roles": roles_in(item.negotiation.consortium_id),
        "ws": ws,
        "indicator_rows": indicator_rows(ws),
        "columns": columns,
        "warned": [c for c in columns if c.table and c.table["violations"]],
        "chart": chart(members, computed, "comparison-chart-title", "comparison-chart-note"),
        "chart_legend": legend([name for name, _table in computed]),
        "frozen": queries.frozen_tables(item),
        "quote_counts": quotes_by_category,
        "missing_quotes": missing_quotes(ws, candidates),
        "propose_form": ProposeForm(data={"base_revision": item.current_revision}),
        "accepts_revision": workflow.accepts_positions(workflow.State(item.state)),
        "method_labels": split.METHOD_LABELS,
        "remainder_labels": split.REMAINDER_LABELS,
    }


def missing_quotes(ws: queries.Workspace, candidates: list) -> list[tuple[Any, Message]]:
    """Per cost category, what quotes to enter before the cooperative candidates compute (a
    member joined after the quotes were entered): shown with a link to the quote form."""
    if not any(c.method in split.COOPERATIVE for c in candidates):
        return []
    pairs = zip(ws.categories, ws.inputs.categories, strict=True)
    found = [(row, coverage.missing_quotes_message(ws.inputs, ref)) for row, ref in pairs]
    return [(row, message) for row, message in found if message]


def indicator_rows(ws: queries.Workspace) -> list[dict[str, Any]]:
    """One row per indicator key: label, unit, date, source and each member's value."""
    rows = []
    for key, ref in ws.inputs.indicators.items():
        rows.append(
            {
                "key": key,
                "label": ref.label,
                "unit": ref.unit,
                "reference_date": ref.reference_date,
                "source": ref.source,
                "illustrative": ref.illustrative,
                "values": [ref.values.get(m.id) for m in ws.members],
            }
        )
    return rows


def preview_context(item: AgendaItem, spec: split.Spec, name: str) -> dict[str, Any]:
    """One candidate next to the equal split, for the live preview while editing weights."""
    ws = queries.workspace(item)
    members = [{"name": m.name, "label": m.party_label or ""} for m in ws.members]
    try:
        table = split.compute(ws.inputs, spec)
    except split.CostInputError as error:
        return {"error": error.msg, "table": None, "chart": "", "ws": ws}
    except ArithmeticError:
        return {"error": queries.NOT_COMPUTED, "table": None, "chart": "", "ws": ws}
    equal = split.compute(ws.inputs, split.Spec("equal", {}, spec.remainder_rule))
    name = name or _("候補")
    series = [(name, table), (_("均等割"), equal)]
    drawn = chart(members, series, "preview-chart-title", "preview-chart-note")
    return {
        "error": "",
        "table": table,
        "chart": drawn,
        "chart_legend": legend([n for n, _table in series]),
        "ws": ws,
        "name": name,
    }


def chart(
    members: list[dict[str, Any]],
    series: list[tuple[str, dict[str, Any]]],
    labelledby: str,
    describedby: str,
) -> Markup:
    """The bar chart in the reader's language, the members' names marked Japanese."""
    names_lang = "" if str(get_locale()) == "ja" else "ja"
    return bar_chart(members, series, labelledby, describedby, _("円"), names_lang)


def weight_sums(grid: Grid, category_ids: list[int], keys: list[str]) -> dict[int, Decimal | None]:
    """Per category, the exact sum of the typed weights (blank counts 0); None while one of
    them is not a number, so the 合計 row never shows a sum of half-read inputs."""
    return {c: _exact_sum(grid, [f"w-{c}-{k}" for k in keys]) for c in category_ids}


def _exact_sum(grid: Grid, names: list[str]) -> Decimal | None:
    total = Decimal(0)
    for name in names:
        text = grid.values.get(name, "").strip()
        try:
            total += split.parse_number(text, name) if text else 0
        except split.SplitError:
            return None
    return total


def untouched(grid: Grid, method: str) -> bool:
    """True while nothing has been typed into the method's inputs: the preview then explains
    what to enter instead of reporting errors about inputs the user has not reached yet."""
    prefix = {"mix": "w-", "manual": "v-", "proportional": "indicator"}.get(method)
    if prefix is None:
        return False
    return not any(v.strip() for k, v in grid.values.items() if k.startswith(prefix))
